"""The official look (GB/T 9704 conventions) that every default Word template shares.

A4, margins 3.7/3.5/2.8/2.6 cm, body 仿宋 16 pt with the East Asian font set in the XML
(not only the Latin one, or Word shows 宋体), theme fonts removed so WPS and LibreOffice
do not substitute their own, zh-CN as the East Asian language, fixed 28 pt lines, headings
一、黑体 （一）楷体 1./（1）仿宋, page numbers `— 1 —`, tables whose header row repeats and
whose rows do not split across pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEI = "黑体"
KAI = "楷体_GB2312"
SONG = "宋体"
#: What Word/WPS should use when the official font is not installed (w:altName).
ALT_NAMES = {BODY_FONT: "仿宋", TITLE_FONT: "宋体", KAI: "楷体"}
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(12)  # 小四, for dense forms
LINE = Pt(28)
A4 = (Cm(21.0), Cm(29.7))
MARGINS = {"top": Cm(3.7), "bottom": Cm(3.5), "left": Cm(2.8), "right": Cm(2.6)}
TEXT_WIDTH = Cm(21.0 - 2.8 - 2.6)
#: A wide form turned to landscape keeps the same margins.
LANDSCAPE_TEXT_WIDTH = Cm(29.7 - 2.8 - 2.6)
FIXED_TIME = dt.datetime(2022, 1, 1, 0, 0, 0)


#: Child order the OOXML schema requires; Word refuses a file whose children are out of order.
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
    "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
    "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
TBLPR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
).split()
TRPR_ORDER = (
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing "
    "jc hidden ins del trPrChange"
).split()


def put_child(parent: Any, tag: str, order: list[str]) -> Any:
    """The child ``w:tag`` of ``parent``, created at the place the schema requires."""
    existing = parent.find(qn(f"w:{tag}"))
    if existing is not None:
        return existing
    element = OxmlElement(f"w:{tag}")
    later = order[order.index(tag) + 1:]
    for child in parent:
        name = child.tag.rsplit("}", 1)[-1]
        if name in later:
            child.addprevious(element)
            return element
    parent.append(element)
    return element


def set_run_fonts(rpr: Any, font: str, size: Pt | None = None, bold: bool | None = None) -> None:
    """Name the font for every script and drop theme fonts, which would override it."""
    fonts = put_child(rpr, "rFonts", RPR_ORDER)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    latin = "Times New Roman" if font in (BODY_FONT, SONG, TITLE_FONT, KAI) else font
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")
    lang = put_child(rpr, "lang", RPR_ORDER)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.attrib.pop(qn("w:bidi"), None)
    if size is not None:
        for tag in ("sz", "szCs"):
            put_child(rpr, tag, RPR_ORDER).set(qn("w:val"), str(int(size.pt * 2)))
    if bold is not None:
        for tag in ("b", "bCs"):
            el = rpr.find(qn(f"w:{tag}"))
            if bold and el is None:
                put_child(rpr, tag, RPR_ORDER)
            elif not bold and el is not None:
                rpr.remove(el)


def style_font(style: Any, font: str, size: Pt, bold: bool = False) -> None:
    style.font.size = size
    style.font.bold = bold
    set_run_fonts(style.element.get_or_add_rPr(), font, size, bold)


def run_font(run: Any, font: str, size: Pt | None = None, bold: bool | None = None) -> None:
    set_run_fonts(run._element.get_or_add_rPr(), font, size, bold)


def _fixed_lines(fmt: Any, indent: bool) -> None:
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        ind = fmt.element.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "200")
        ind.set(qn("w:firstLine"), str(int(BODY_SIZE.pt * 2 * 20)))


def _no_autospace(ppr: Any) -> None:
    """No extra space between Chinese and digits: official text reads `2022年3月5日`."""
    for tag in ("autoSpaceDE", "autoSpaceDN"):
        put_child(ppr, tag, PPR_ORDER).set(qn("w:val"), "0")


def _style(doc: DocumentObject, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> Any:
    try:
        return doc.styles[name]
    except KeyError:
        return doc.styles.add_style(name, kind)


def apply_official_styles(doc: DocumentObject) -> None:
    """Page, defaults and the named styles (Normal, Title, Heading 1–4, 表格文字, 落款)."""
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4
        section.top_margin = MARGINS["top"]
        section.bottom_margin = MARGINS["bottom"]
        section.left_margin = MARGINS["left"]
        section.right_margin = MARGINS["right"]
        section.header_distance = Cm(1.5)
        section.footer_distance = Cm(2.0)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            set_run_fonts(rpr, BODY_FONT, BODY_SIZE)
    normal = doc.styles["Normal"]
    style_font(normal, BODY_FONT, BODY_SIZE)
    _fixed_lines(normal.paragraph_format, indent=False)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _no_autospace(normal.element.get_or_add_pPr())

    body = _style(doc, "正文")
    body.base_style = normal
    style_font(body, BODY_FONT, BODY_SIZE)
    _fixed_lines(body.paragraph_format, indent=True)

    title = doc.styles["Title"]
    title.base_style = normal
    style_font(title, TITLE_FONT, TITLE_SIZE)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_before = Pt(0)
    title.paragraph_format.space_after = Pt(28)
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    title.font.color.rgb = None

    for level, font in ((1, HEI), (2, KAI), (3, BODY_FONT), (4, BODY_FONT)):
        heading = doc.styles[f"Heading {level}"]
        heading.base_style = normal
        style_font(heading, font, BODY_SIZE, bold=(level == 3))
        heading.font.color.rgb = None
        heading.font.italic = False
        _fixed_lines(heading.paragraph_format, indent=True)
        heading.paragraph_format.keep_with_next = True

    table_text = _style(doc, "表格文字")
    table_text.base_style = normal
    style_font(table_text, BODY_FONT, TABLE_SIZE)
    table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table_text.paragraph_format.space_before = Pt(2)
    table_text.paragraph_format.space_after = Pt(2)

    signature = _style(doc, "落款")
    signature.base_style = normal
    style_font(signature, BODY_FONT, BODY_SIZE)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _fixed_lines(signature.paragraph_format, indent=False)
    _declare_alt_fonts(doc)


def _declare_alt_fonts(doc: DocumentObject) -> None:
    """fontTable entries with w:altName, so Word/WPS fall back to 仿宋/楷体/宋体 by name."""
    table = doc.part.font_table if hasattr(doc.part, "font_table") else None
    part = None
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
    if part is None or table is not None:
        return
    from docx.oxml import parse_xml

    root = parse_xml(part.blob)
    for name, alt in ALT_NAMES.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        alt_el = OxmlElement("w:altName")
        alt_el.set(qn("w:val"), alt)
        font.append(alt_el)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")
        font.append(charset)
        root.append(font)
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _field(paragraph: Paragraph, instruction: str) -> Any:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._element.append(begin)
    instr_run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run._element.append(instr)
    sep_run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    sep_run._element.append(sep)
    value = paragraph.add_run("1")
    end_run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    end_run._element.append(end)
    return [run, instr_run, sep_run, value, end_run]


def add_page_numbers(doc: DocumentObject) -> None:
    """`— 1 —` in 宋体 14 pt at the outer edge, one character in (GB/T 9704 7.5: 单页码居右空一字，
    双页码居左空一字): odd pages right, even pages left, so the number stays outside when the
    pages are printed on both sides and bound on the left."""
    doc.settings.odd_and_even_pages_header_footer = True
    for section in doc.sections:
        for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                    (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
            paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            paragraph.text = ""
            paragraph.alignment = align
            fmt = paragraph.paragraph_format
            fmt.first_line_indent = Pt(0)
            fmt.left_indent, fmt.right_indent = (Pt(14), Pt(0)) if side == "left" else (Pt(0), Pt(14))
            runs = [paragraph.add_run("— ")]
            runs += _field(paragraph, "PAGE")
            runs.append(paragraph.add_run(" —"))
            for run in runs:
                run_font(run, SONG, Pt(14))


def add_header_text(doc: DocumentObject, text: str) -> None:
    """The school's name at the top of each page, small and centred, with a rule below (on
    even pages too: odd and even pages have their own footers, see add_page_numbers)."""
    for section in doc.sections:
        for header in (section.header, section.even_page_header):
            paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            paragraph.text = ""
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run_font(run, SONG, Pt(10.5))
            ppr = paragraph._p.get_or_add_pPr()
            borders = put_child(ppr, "pBdr", PPR_ORDER)
            bottom = OxmlElement("w:bottom")
            for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
                bottom.set(qn(key), value)
            borders.append(bottom)


def on(parent: Any, tag: str, order: list[str]) -> Any:
    """An on/off property switched on: the bare element, as Word writes it.

    Schema validators flag ``w:val="true"`` (openxml-audit's ST_OnOff takes only on/off); the
    bare element means "on" to Word, WPS and LibreOffice alike.
    """
    element = put_child(parent, tag, order)
    element.attrib.pop(qn("w:val"), None)
    return element


def repeat_header(row: _Row) -> None:
    on(row._tr.get_or_add_trPr(), "tblHeader", TRPR_ORDER)


def cant_split(row: _Row) -> None:
    on(row._tr.get_or_add_trPr(), "cantSplit", TRPR_ORDER)


def format_table(
    table: Table, widths_cm: list[float], header_rows: int = 1, text_width: Any = TEXT_WIDTH
) -> None:
    """Borders, widths within the text block, a repeated header and rows kept whole.

    ``text_width`` is the block the table must fit: LANDSCAPE_TEXT_WIDTH on a turned page.
    """
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(widths_cm)
    limit = text_width.cm
    scale = min(1.0, limit / total) if total else 1.0
    widths = [Cm(w * scale) for w in widths_cm]
    tblpr = table._tbl.tblPr
    put_child(tblpr, "tblLayout", TBLPR_ORDER).set(qn("w:type"), "fixed")
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(width.twips)))
    for i, row in enumerate(table.rows):
        cant_split(row)
        if i < header_rows:
            repeat_header(row)
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width
            for paragraph in cell.paragraphs:
                paragraph.style = "表格文字"


def fix_core_properties(doc: DocumentObject, title: str, when: dt.datetime = FIXED_TIME) -> None:
    """Properties from the data, never the clock, so the same input gives the same bytes."""
    props = doc.core_properties
    props.title = title
    props.author = "houqin"
    props.last_modified_by = "houqin"
    props.created = when
    props.modified = when
    props.revision = 1
    props.comments = ""


def drop_unused_parts(doc: DocumentObject) -> None:
    """python-docx's default package carries a thumbnail and a 430 KB duplicate of the styles."""
    part = doc.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects") or rel.reltype.endswith("/customXml"):
            part.drop_rel(rid)
    package = part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)


def new_document(header: str = "{{ school }}") -> DocumentObject:
    """A blank official document: styles, the school's name in the header, page numbers."""
    from docx import Document

    doc = Document()
    drop_unused_parts(doc)
    apply_official_styles(doc)
    add_header_text(doc, header)
    add_page_numbers(doc)
    return doc


def add_text(doc: DocumentObject, text: str, style: str = "正文", align: Any = None) -> Paragraph:
    paragraph = doc.add_paragraph(text, style=style)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def fill_cell(cell: Any, text: str, align: Any = None, bold: bool = False) -> None:
    """A form's table cell: its text, centred vertically as a printed form's boxes are."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    cell.text = text
    paragraph = cell.paragraphs[0]
    if align is not None:
        paragraph.alignment = align
    if bold:
        for run in paragraph.runs:
            run.bold = True
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def label_cell(cell: Any, text: str) -> None:
    """A form's label (姓名、岗位…): centred and bold."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    fill_cell(cell, text, WD_ALIGN_PARAGRAPH.CENTER, bold=True)


def signature_table(doc: DocumentObject, cells: list[str], widths_cm: list[float],
                    text_width: Any = TEXT_WIDTH) -> Table:
    """The signature lines under a form: one borderless row of `……（签字）：` cells."""
    table = doc.add_table(rows=1, cols=len(cells))
    for cell, text in zip(table.rows[0].cells, cells, strict=True):
        cell.text = text
    format_table(table, widths_cm, header_rows=0, text_width=text_width)
    no_borders(table)
    return table


def side_padding(table: Table, cm: float) -> None:
    """The cells' left and right padding: a dense list needs the width for its text."""
    margins = put_child(table._tbl.tblPr, "tblCellMar", TBLPR_ORDER)
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Cm(cm).twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)


def list_table(doc: DocumentObject, headers: list[str], cells: list[str], loop: str,
               aligns: list[Any] | None = None) -> Table:
    """A list of records: the header row, then ``{%tr for … %}``, the row repeated once per
    record, ``{%tr endfor %}``. Format it (widths, header) with format_table."""
    table = doc.add_table(rows=4, cols=len(headers))
    header, start, body, end = table.rows
    for cell, text in zip(header.cells, headers, strict=True):
        label_cell(cell, text)
    fill_cell(start.cells[0], "{%tr " + loop + " %}")
    for cell, text, align in zip(body.cells, cells, aligns or [None] * len(cells), strict=True):
        fill_cell(cell, text, align)
    fill_cell(end.cells[0], "{%tr endfor %}")
    return table


def closing_row(table: Table, lines: list[str], signatures: list[str], stops_cm: list[float],
                size: Any = None) -> Any:
    """A list's last row: one cell across the table with its summary lines, then the signature
    line, its parts at the tab stops. Inside the table it never splits and keeps with the last
    rows (render/keep.py), so it cannot stand alone on a page as lines below a table can."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    row = table.add_row()
    cant_split(row)
    cell = row.cells[0].merge(row.cells[-1])
    cell.text = ""
    texts = [*lines, "\t".join(signatures)]
    for i, text in enumerate(texts):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.style = "表格文字"
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        run = paragraph.add_run(text)
        if size is not None:
            run_font(run, BODY_FONT, size)
    sign = cell.paragraphs[-1].paragraph_format
    sign.space_before, sign.space_after = Pt(10), Pt(4)  # room to sign
    for stop in stops_cm:
        sign.tab_stops.add_tab_stop(Cm(stop))
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return cell


def table_font(table: Table, font: str, size: Any) -> None:
    """Every run of a table in one font and size: a form's smaller table text."""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run_font(run, font, size)


def no_borders(table: Table) -> None:
    """A layout table (signature lines) that prints without lines."""
    borders = put_child(table._tbl.tblPr, "tblBorders", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)


def document_bytes(doc: DocumentObject, title: str, when: dt.datetime = FIXED_TIME) -> bytes:
    """The document as deterministic .docx bytes (fixed properties and zip entries)."""
    import io

    from ..zips import normalise_zip

    fix_core_properties(doc, title, when)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())
