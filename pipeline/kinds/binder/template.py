"""The binder's Word templates: a box's 封面, its 卷内目录 and its 脊背 labels.

Laid out as an archive office expects (DA/T 22 归档文件整理规则 in spirit): the cover in a
ruled frame with the fields an inspector looks for, the contents list as a table that
repeats its header, and the spine labels in vertical text, one for each box width, with
dashed cut lines.
"""

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pipeline.render import official
from pipeline.render.official import add_text

CENTER = WD_ALIGN_PARAGRAPH.CENTER
MIDDLE = WD_CELL_VERTICAL_ALIGNMENT.CENTER
TCPR_ORDER = ("cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
              "vAlign hideMark").split()
SECTPR_ORDER = ("headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
                "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
                "docGrid printerSettings sectPrChange").split()

COVER, CONTENTS, SPINE = "档案盒封面.docx", "卷内目录.docx", "档案盒脊背.docx"
#: The spine label widths (cm): the usual 档案盒 thicknesses (SPEC §5).
SPINE_WIDTHS = (3.0, 4.0, 6.0)
#: Gap between two labels on the sheet (cm), each label cut out along its own dashed frame.
SPINE_GAP = 0.8
SPINE_MARGIN_LEFT = 2.0
#: Rows of a label (cm): the school, the box title, the year and 档号.
SPINE_ROWS = (7.4, 10.0, 5.8)
#: Title point size by label width: as large as the width allows with a margin either side.
SPINE_TITLE_PT = {3.0: 40, 4.0: 52, 6.0: 64}
SPINE_SMALL_PT = {3.0: 12, 4.0: 14, 6.0: 15}

CONTENT_COLUMNS = [
    ("序号", "{{ row.no }}", 1.0, CENTER), ("类目", "{{ row.category }}", 2.8, None),
    ("题名", "{{ row.title }}", 5.8, None), ("日期或期间", "{{ row.period }}", 2.7, CENTER),
    ("页数", "{{ row.pages }}", 0.9, CENTER), ("页码", "{{ row.range }}", 1.6, CENTER),
    ("备注", "{{ row.note }}", 0.9, CENTER),
]
CONTENT_SIZE = Pt(9)  # 小五: seven columns across the portrait text block, a term's 期间 on two lines


def _bare(doc):
    """No header or page number: a cover and a sheet of labels are not numbered pages."""
    doc.settings.odd_and_even_pages_header_footer = False
    for section in doc.sections:
        for part in (section.header, section.footer, section.even_page_header, section.even_page_footer):
            part.is_linked_to_previous = True


def _border(element, sides, val="single", size=8, space=0):
    for side in sides:
        el = OxmlElement(f"w:{side}")
        for key, value in (("w:val", val), ("w:sz", str(size)), ("w:space", str(space)), ("w:color", "000000")):
            el.set(qn(key), value)
        element.append(el)


def _page_frame(doc):
    """A double ruled frame round the cover page, as printed archive covers have."""
    sect = doc.sections[0]._sectPr
    frame = official.put_child(sect, "pgBorders", SECTPR_ORDER)
    frame.set(qn("w:offsetFrom"), "page")
    _border(frame, ("top", "left", "bottom", "right"), "thinThickSmallGap", 24, 31)


def _run(paragraph, text, font, size, bold=None):
    run = paragraph.add_run(text)
    official.run_font(run, font, size, bold)
    return run


def _cell_text(cell, text, font=official.BODY_FONT, size=official.BODY_SIZE, align=None, bold=None):
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.style = "表格文字"
    if align is not None:
        paragraph.alignment = align
    _run(paragraph, text, font, size, bold)
    cell.vertical_alignment = MIDDLE
    return paragraph


def cover():
    doc = official.new_document("")
    _bare(doc)
    _page_frame(doc)
    for _ in range(2):
        add_text(doc, "", "Normal")
    school = add_text(doc, "", "Normal", CENTER)
    _run(school, "{{ school }}", official.HEI, Pt(22))
    for _ in range(2):
        add_text(doc, "", "Normal")
    title = add_text(doc, "", "Normal", CENTER)
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(60)
    _run(title, "{{ box_spaced }}", official.TITLE_FONT, Pt(42))
    sub = add_text(doc, "", "Normal", CENTER)
    sub.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    sub.paragraph_format.line_spacing = Pt(40)
    _run(sub, "档　案　盒", official.TITLE_FONT, Pt(26))
    for _ in range(3):
        add_text(doc, "", "Normal")
    fields = [("学年学期", "{{ term }}"), ("卷内件数", "{{ count_text }}"),
              ("保管期限", "{{ retention }}"), ("档　　号", "{{ code }}"), ("立卷单位", "{{ unit }}"),
              ("立卷日期", "{{ signed_date }}")]
    table = doc.add_table(rows=len(fields), cols=2)
    official.format_table(table, [3.2, 10.4], header_rows=0)
    official.no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, (label, value) in zip(table.rows, fields, strict=True):
        tr = row._tr.get_or_add_trPr()
        height = official.put_child(tr, "trHeight", official.TRPR_ORDER)
        height.set(qn("w:val"), str(int(Cm(1.35).twips)))
        height.set(qn("w:hRule"), "exact")
        _cell_text(row.cells[0], label, official.HEI, Pt(16), WD_ALIGN_PARAGRAPH.DISTRIBUTE)
        _cell_text(row.cells[1], value, official.BODY_FONT, Pt(16), CENTER)
        borders = official.put_child(row.cells[1]._tc.get_or_add_tcPr(), "tcBorders", TCPR_ORDER)
        _border(borders, ("bottom",), "single", 8)
    return doc


def contents():
    doc = official.new_document()
    doc.add_paragraph("卷内目录", style="Title")
    add_text(doc, "{{ school }}　{{ box }}档案盒　{{ term }}", "表格文字", CENTER)
    add_text(doc, "档号：{{ code }}　保管期限：{{ retention }}　共 {{ count }} 件{{ pages_note }}", "表格文字", CENTER)
    table = doc.add_table(rows=5, cols=len(CONTENT_COLUMNS))
    official.format_table(table, [w for _, _, w, _ in CONTENT_COLUMNS], header_rows=1)
    official.side_padding(table, 0.1)
    header, start, body, end, closing = table.rows
    for cell, (label, _, _, _) in zip(header.cells, CONTENT_COLUMNS, strict=True):
        _cell_text(cell, label, official.HEI, CONTENT_SIZE, CENTER)
    _cell_text(start.cells[0], "{%tr for row in rows %}", size=CONTENT_SIZE)
    for cell, (_, text, _, align) in zip(body.cells, CONTENT_COLUMNS, strict=True):
        _cell_text(cell, text, official.BODY_FONT, CONTENT_SIZE, align)
    _cell_text(end.cells[0], "{%tr endfor %}", size=CONTENT_SIZE)
    # The note and the signatures close the table, in its last row (one cell across): kept
    # with the last entries (render/keep.py), never alone on a page of their own.
    cell = closing.cells[0].merge(closing.cells[-1])
    _cell_text(cell, "{{ note }}", size=CONTENT_SIZE)
    sign = cell.add_paragraph(style="表格文字")
    sign.paragraph_format.space_before = Pt(12)
    sign.paragraph_format.space_after = Pt(3)
    for stop in (5.0, 10.0):
        sign.paragraph_format.tab_stops.add_tab_stop(Cm(stop))
    _run(sign, "立卷人：{{ filler }}\t检查人：{{ logistics_head }}\t立卷日期：{{ signed_date }}",
         official.BODY_FONT, Pt(10.5))
    return doc


def _vertical(cell):
    """Upright Chinese characters from top to bottom, as on a box's spine (Word: 竖排)."""
    official.put_child(cell._tc.get_or_add_tcPr(), "textDirection", TCPR_ORDER).set(qn("w:val"), "tbRlV")


def spine():
    doc = official.new_document("")
    _bare(doc)
    section = doc.sections[0]
    section.top_margin = section.bottom_margin = Cm(1.5)
    section.left_margin, section.right_margin = Cm(SPINE_MARGIN_LEFT), Cm(1.5)
    head = add_text(doc, "", "表格文字")
    _run(head, "{{ box }}档案盒脊背标签：3 cm、4 cm、6 cm 盒各一条，沿虚线剪下，贴于盒脊",
         official.BODY_FONT, Pt(10.5))
    columns = []
    for i, width in enumerate(SPINE_WIDTHS):
        if i:
            columns.append(SPINE_GAP)
        columns.append(width)
    table = doc.add_table(rows=len(SPINE_ROWS) + 1, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    official.put_child(table._tbl.tblPr, "tblLayout", official.TBLPR_ORDER).set(qn("w:type"), "fixed")
    official.no_borders(table)
    official.side_padding(table, 0.15)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), columns, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    texts = ("{{ school }}", "{{ box }}", "{{ school_year }}学年")
    for r, row in enumerate(table.rows):
        official.cant_split(row)
        height = official.put_child(row._tr.get_or_add_trPr(), "trHeight", official.TRPR_ORDER)
        height.set(qn("w:val"), str(int(Cm(SPINE_ROWS[r] if r < len(SPINE_ROWS) else 0.8).twips)))
        height.set(qn("w:hRule"), "exact")
        for c, (cell, width) in enumerate(zip(row.cells, columns, strict=True)):
            cell.width = Cm(width)
            label = c % 2 == 0
            if not label:
                cell.text = ""
                continue
            if r == len(SPINE_ROWS):  # the caption under each label
                _cell_text(cell, f"{width:g} cm 盒", official.BODY_FONT, Pt(9), CENTER)
                continue
            borders = official.put_child(cell._tc.get_or_add_tcPr(), "tcBorders", TCPR_ORDER)
            last = r == len(SPINE_ROWS) - 1
            # dashed = where to cut; the thin rule inside a label parts school, title and year
            for side in ("top", "left", "bottom", "right"):
                if side in ("left", "right") or (side == "top" and r == 0) or (side == "bottom" and last):
                    _border(borders, (side,), "dashed", 6)
                elif side == "bottom":
                    _border(borders, (side,), "single", 4)
            _vertical(cell)
            if r == 1:
                _cell_text(cell, texts[r], official.TITLE_FONT, Pt(SPINE_TITLE_PT[width]), CENTER)
            else:
                _cell_text(cell, texts[r], official.HEI if r == 0 else official.BODY_FONT,
                           Pt(SPINE_SMALL_PT[width]), CENTER)
            if r == len(SPINE_ROWS) - 1:  # the term, then the 档号, in columns of their own left of the year
                term = cell.add_paragraph(style="表格文字")
                term.alignment = CENTER
                _run(term, "{{ term_part }}", official.BODY_FONT, Pt(SPINE_SMALL_PT[width]))
                code = cell.add_paragraph(style="表格文字")
                code.alignment = CENTER
                _run(code, "{{ code }}", official.BODY_FONT, Pt(SPINE_SMALL_PT[width]))
            cell.paragraphs[0].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    return doc


TEMPLATES = {COVER: ("档案盒封面", cover), CONTENTS: ("卷内目录", contents), SPINE: ("档案盒脊背", spine)}
