"""安全隐患排查整改表 (A4 landscape, one row per hazard), 整改通知书 and 安全工作月报.

Page budgets: the half-month form holds at least 8 hazard rows of the sample's text lengths on a
landscape page (10.5 pt 五号 table text, short dates, widths planned so no column wraps one
character a line and names never break) and its signature line is kept with the last row;
the 整改通知书 with its 回执 below a cut line is one portrait page.
"""

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pipeline.render import official
from pipeline.render.official import add_text

FORM_SIZE = Pt(10.5)  # 五号, as district forms print their tables
#: Exact line height of the form's table text: predictable rows in Word, WPS and LibreOffice.
FORM_LINE = Pt(12)
#: Landscape form margins (cm): a table form, not a 公文 body page; room for 14 columns.
FORM_MARGINS = {"top": 1.8, "bottom": 1.5, "left": 1.0, "right": 1.0, "header": 0.8, "footer": 0.7}
FORM_TEXT_WIDTH = Cm(29.7 - FORM_MARGINS["left"] - FORM_MARGINS["right"])
#: Left/right padding inside a form cell (cm); Word's default 0.19 cm would cost a character.
CELL_PAD = 0.06

#: (header, cell, width cm). Widths fit the sample's lengths at 10.5 pt in at most four lines
#: (the ☑ boxes take three; 上期遗留/逾期 go under the 编号, on its red ground when overdue):
#: dates `12月31日` or another year's `22.12.31`, `2022-008`, three-character names, 4-character
#: 类别 and each ☑ box on one line; text columns 3–10 characters a line. Headers of narrow columns break between words (检查/日期).
_NUMBER = ("编号", "{% cellbg h.底色 %}{{ h.编号标记 }}", 1.9)
_FOUND = ("检查\n日期", "{{ h.检查日期 }}", 2.05)
_PLACE = ("检查部位", "{{ h.检查部位 }}", 1.7)
_CATEGORY = ("隐患\n类别", "{{ h.隐患类别 }}", 1.62)
_DESCRIPTION = ("隐患描述", "{{ h.隐患描述 }}", 2.89)
_LEVEL = ("等级", "{{ h.风险等级 }}", 0.9)
_INSPECTOR = ("排查人", "{{ h.排查人 }}", 1.25)
_RESPONSIBLE = ("整改\n责任人", "{{ h.整改责任人 }}", 1.25)
_MEASURE = ("整改措施", "{{ h.整改措施 }}", 3.83)
_DEADLINE = ("整改\n期限", "{{ h.整改期限 }}", 2.05)
_STATUS = ("整改情况", "{{ h.整改情况 }}", 1.65)
_DONE = ("完成\n日期", "{{ h.完成日期 }}", 2.05)
_REVIEW = ("复查情况", "{{ h.复查 }}", 2.1)
_PHOTO = ("照片", "{% for p in h.照片 %}{{ p }}{% endfor %}", 2.1)
_NOTE = ("备注", "{{ h.备注原文 }}", 2.4)

FORM_COLUMNS = [_NUMBER, _FOUND, _PLACE, _CATEGORY, _DESCRIPTION, _LEVEL, _INSPECTOR, _RESPONSIBLE,
                _MEASURE, _DEADLINE, _STATUS, _DONE, _REVIEW, _NOTE]


def _narrower(column, width):
    return (column[0], column[1], width)


#: With photos: a 照片 column (18 mm pictures) paid for by the long text columns.
PHOTO_COLUMNS = [_NUMBER, _FOUND, _PLACE, _CATEGORY, _narrower(_DESCRIPTION, 2.29), _LEVEL,
                 _INSPECTOR, _RESPONSIBLE, _narrower(_MEASURE, 3.08), _DEADLINE, _STATUS, _DONE,
                 _narrower(_REVIEW, 1.9), _PHOTO, _narrower(_NOTE, 1.8)]


def cell_text(cell, text, size=None, bold=False, align=None):
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.style = "表格文字"
    run = paragraph.add_run(text)
    if size is not None or bold:
        official.run_font(run, official.BODY_FONT, size, bold or None)
    if align is not None:
        paragraph.alignment = align


def landscape(doc, margins=None):
    for section in doc.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = official.A4[1], official.A4[0]
        if margins:
            section.top_margin, section.bottom_margin = Cm(margins["top"]), Cm(margins["bottom"])
            section.left_margin, section.right_margin = Cm(margins["left"]), Cm(margins["right"])
            section.header_distance, section.footer_distance = Cm(margins["header"]), Cm(margins["footer"])


def signatures(doc, parts, widths):
    table = doc.add_table(rows=1, cols=len(parts))
    official.format_table(table, widths, header_rows=0)
    for cell, text in zip(table.rows[0].cells, parts, strict=True):
        cell_text(cell, text)
        cell.paragraphs[0].style = "Normal"
    official.no_borders(table)
    return table


def _keep_with_next(paragraph):
    paragraph.paragraph_format.keep_with_next = True


def _cell_margins(table, left_right_cm, top_bottom_cm=0.03):
    """Narrow cell padding (tblCellMar), so planned widths hold the planned characters."""
    mar = official.put_child(table._tbl.tblPr, "tblCellMar", official.TBLPR_ORDER)
    for side, cm in (("top", top_bottom_cm), ("left", left_right_cm), ("bottom", top_bottom_cm),
                     ("right", left_right_cm)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Cm(cm).twips)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)


def _form_paragraph(paragraph, size=FORM_SIZE, align=None):
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = FORM_LINE if size == FORM_SIZE else Pt(size.pt + 4)
    fmt.space_before = fmt.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    for run in paragraph.runs:
        official.run_font(run, official.BODY_FONT, size)
    # No extra space between Chinese and digits (set on the paragraph itself: LibreOffice does
    # not take it from the style), so `12月31日` fits its date column on one line.
    official._no_autospace(paragraph._p.get_or_add_pPr())


def _row_cells(row, columns, keep):
    center = WD_ALIGN_PARAGRAPH.CENTER
    for cell, (_, value, _) in zip(row.cells, columns, strict=True):
        cell_text(cell, value, FORM_SIZE)
        short = value.split(".")[-1].strip(" }") in ("编号标记", "检查日期", "风险等级", "排查人", "整改责任人",
                                                  "整改期限", "完成日期")
        _form_paragraph(cell.paragraphs[0], align=center if short else None)
        if "照片" in value:  # an exact line height would clip the pictures to one line
            cell.paragraphs[0].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if keep:
            _keep_with_next(cell.paragraphs[0])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _loop_rows(doc, columns, loop, header):
    table = doc.add_table(rows=4 if header else 3, cols=len(columns))
    official.format_table(table, [w for _, _, w in columns], header_rows=1 if header else 0,
                          text_width=FORM_TEXT_WIDTH)
    _cell_margins(table, CELL_PAD)
    rows = table.rows
    if header:
        center = WD_ALIGN_PARAGRAPH.CENTER
        for cell, (text, _, _) in zip(rows[0].cells, columns, strict=True):
            cell_text(cell, text, FORM_SIZE, bold=True, align=center)
            _form_paragraph(cell.paragraphs[0], align=center)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        rows = rows[1:]
    cell_text(rows[0].cells[0], "{%tr for h in " + loop + " %}")
    _row_cells(rows[1], columns, keep=not header)
    cell_text(rows[2].cells[0], "{%tr endfor %}")
    return table


def _form_table(doc, columns):
    """The header and every hazard but the last; then the last row as a one-row table kept with
    the summary and signature line below it (Word shows the two as one table). LibreOffice keeps
    a whole table with the next paragraph, never just its last row: the one-row table lets the
    last hazard go over to the next page with the signature line, never the signature alone."""
    _loop_rows(doc, columns, "hazards[:-1]", header=True)
    add_text(doc, "{%p if hazards %}", "表格文字")
    last = _loop_rows(doc, columns, "hazards[-1:]", header=False)
    borders = official.put_child(last._tbl.tblPr, "tblBorders", official.TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "nil" if side == "top" else "single"), ("w:sz", "4"), ("w:space", "0"),
                           ("w:color", "auto")):
            el.set(qn(key), value)
        borders.append(el)
    add_text(doc, "{%p endif %}", "表格文字")


def _form_text(doc, text, align=None, keep=True):
    paragraph = add_text(doc, text, "表格文字", align)
    _form_paragraph(paragraph, Pt(12), align)
    if keep:
        _keep_with_next(paragraph)
    return paragraph


def form():
    doc = official.new_document()
    landscape(doc, FORM_MARGINS)
    title = doc.add_paragraph("安全隐患排查整改表", style="Title")
    title.paragraph_format.line_spacing = Pt(28)
    title.paragraph_format.space_after = Pt(4)
    _keep_with_next(title)
    _form_text(doc, "学校：{{ school }}    上报单位：{{ district }}    期间：{{ period }}    "
                    "报告日期：{{ date }}")
    # One template, two tables: the 照片 column only when a hazard of the period has a photo.
    add_text(doc, "{%p if has_photos %}", "表格文字")
    _form_table(doc, PHOTO_COLUMNS)
    add_text(doc, "{%p else %}", "表格文字")
    _form_table(doc, FORM_COLUMNS)
    add_text(doc, "{%p endif %}", "表格文字")
    add_text(doc, "{%p if empty %}", "表格文字")
    _form_text(doc, "本期未发现安全隐患。", WD_ALIGN_PARAGRAPH.CENTER)
    add_text(doc, "{%p endif %}", "表格文字")
    _form_text(doc, "{{ summary }}").paragraph_format.space_before = Pt(4)
    _form_text(doc, "注：☑为截至{{ date }}的整改情况；上期遗留：以前各期发现、本期开始时未整改完毕；"
                    "逾期：过了整改期限仍未整改完毕（红底）。")
    # The signature line: one paragraph across the page at the size of the text above it.
    _form_text(doc, "排查人（签字）：{{ inspector }}\t学校负责人（签字）：{{ principal }}\t日期：{{ date }}",
               keep=False)
    sign = doc.paragraphs[-1]
    sign.paragraph_format.space_before = Pt(8)
    stops = sign.paragraph_format.tab_stops
    stops.add_tab_stop(Cm(11.0))
    stops.add_tab_stop(Cm(20.0))
    return doc


def notice():
    """The notice, its 落款 under the body, a cut line, then the 回执 the department returns."""
    doc = official.new_document()
    title = doc.add_paragraph("安全隐患整改通知书", style="Title")
    title.paragraph_format.space_after = Pt(4)
    add_text(doc, "编号：{{ number }}", "Normal", WD_ALIGN_PARAGRAPH.RIGHT)
    add_text(doc, "{{ department or responsible }}：", "Normal")
    add_text(doc, "{{ found_date }}，学校在安全隐患排查中发现{{ place }}存在{{ level }}安全隐患（{{ category }}）："
                  "{{ description }}。{% if overdue %}该隐患原定于{{ original_deadline }}前整改完毕，至今仍未整改到位。"
                  "{% endif %}根据学校安全隐患排查整改制度，现通知你部门（责任人）按以下要求整改：")
    add_text(doc, "整改要求：{{ measure or '立即消除隐患，落实防范措施。' }}")
    add_text(doc, "整改期限：{{ deadline_text }}，整改完毕后填写下方回执，报综合管理中心复查；整改期间做好警示和防护，"
                  "确保师生安全。")
    add_text(doc, "排查人：{{ inspector }}    {{ school }}（盖章）", "落款")
    add_text(doc, "{{ date }}", "落款")
    cut = add_text(doc, "-----裁剪线-----", "表格文字", WD_ALIGN_PARAGRAPH.CENTER)
    cut.paragraph_format.space_before = Pt(6)
    cut.paragraph_format.space_after = Pt(2)
    head = add_text(doc, "安全隐患整改回执", "表格文字", WD_ALIGN_PARAGRAPH.CENTER)
    for run in head.runs:
        official.run_font(run, official.HEI, Pt(14))
    head.paragraph_format.space_after = Pt(4)
    rows = [
        ("编号", "{{ number }}", "隐患部位", "{{ place }}"),
        ("整改落实情况", "", "", ""),
        ("整改责任人签字", "", "完成日期", "    年  月  日"),
        ("验收意见", "", "", ""),
    ]
    table = doc.add_table(rows=len(rows), cols=4)
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    official.format_table(table, [3.4, 4.8, 2.6, 4.8], header_rows=0)
    for r in (1, 3):
        table.cell(r, 1).merge(table.cell(r, 3))
    table.rows[1].height = Cm(1.5)
    table.rows[3].height = Cm(1.5)
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    opinion = table.cell(3, 1)
    opinion.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    opinion.paragraphs[0].text = "验收人（签字）：            验收日期：    年  月  日"
    opinion.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc


def _loop_table(doc, headers, cells, widths, loop, empty=None, keep=False):
    """A header and one row per item; ``keep``: rows kept with what follows (a short last table
    goes over to the next page with the signature rather than leave it alone)."""
    table = doc.add_table(rows=4 if empty is None else 5, cols=len(headers))
    official.format_table(table, widths, header_rows=1)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        if keep:
            _keep_with_next(cell.paragraphs[0])
    cell_text(table.rows[1].cells[0], "{%tr for " + loop + " %}")
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell_text(cell, text)
        if keep:
            _keep_with_next(cell.paragraphs[0])
    cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    if empty is not None:
        last = table.rows[4]
        merged = last.cells[0].merge(last.cells[-1])
        cell_text(merged, empty, align=WD_ALIGN_PARAGRAPH.CENTER)
    return table


def monthly():
    doc = official.new_document()
    doc.add_paragraph("安全工作月报", style="Title")
    add_text(doc, "填报单位：{{ school }}    月份：{{ month }}", "Normal", WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_paragraph("一、安全检查情况", style="Heading 1")
    # 日巡视 are counted in days, the other checks in times: the column says both.
    _loop_table(doc, ["检查类型", "天数/次数", "说明"], ["{{ c.检查类型 }}", "{{ c.次数 }}{{ c.单位 }}", "{{ c.说明 }}"],
                [4.0, 3.0, 8.6], "c in inspections")
    doc.add_paragraph("二、隐患排查整改情况", style="Heading 1")
    add_text(doc, "本月发现安全隐患{{ found }}项，已整改{{ done }}项，{{ rate_text }}，未整改完毕{{ open }}项。"
                  "截至{{ date }}，逾期未整改的隐患共{{ overdue }}项（含以前各月发现的，表中“逾期”一列同）。")
    add_text(doc, "{%p if categories %}", "Normal")
    cats = _loop_table(doc, ["隐患类别", "发现", "已整改", "未整改", "逾期"],
                       ["{{ c.隐患类别 }}", "{{ c.发现 }}", "{{ c.已整改 }}", "{{ c.未整改 }}", "{{ c.逾期 }}"],
                       [4.4, 2.8, 2.8, 2.8, 2.8], "c in categories")
    # The 合计 row, as the .xlsx has (its 逾期 counts every overdue hazard on the date).
    total = cats.add_row()
    official.put_child(total._tr.get_or_add_trPr(), "cantSplit", official.TRPR_ORDER)
    for cell, text in zip(total.cells, ["合计", *(f"{{{{ categories_total.{k} }}}}"
                                                for k in ("发现", "已整改", "未整改", "逾期"))], strict=True):
        cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER if text == "合计" else None)
    official.cant_split(total)
    add_text(doc, "{%p endif %}", "Normal")
    doc.add_paragraph("三、应急演练", style="Heading 1")
    add_text(doc, "{%p if not has_drills %}", "Normal")
    add_text(doc, "（未提供演练记录）")
    add_text(doc, "{%p elif drills %}", "Normal")
    add_text(doc, "本月开展应急演练{{ drill_count }}次。")
    _loop_table(doc, ["日期", "演练名称", "类型", "实到人数", "疏散用时"],
                ["{{ d.日期 }}", "{{ d.名称 }}", "{{ d.类型 }}", "{{ d.实到人数 }}", "{{ d.疏散用时 }}"],
                [3.0, 4.8, 2.8, 2.6, 2.4], "d in drills")
    add_text(doc, "{%p else %}", "Normal")
    add_text(doc, "本月未开展应急演练。")
    add_text(doc, "{%p endif %}", "Normal")
    doc.add_paragraph("四、值日到岗情况", style="Heading 1")
    add_text(doc, "{%p if not has_duty %}", "Normal")
    _keep_with_next(add_text(doc, "（未提供值日安排）"))
    add_text(doc, "{%p elif duty %}", "Normal")
    _keep_with_next(add_text(doc, "本月值日到岗率{{ duty_rate }}。"))
    _loop_table(doc, ["岗位", "应到", "到岗", "缺岗", "请假", "替班", "到岗率"],
                ["{{ d.岗位 }}", "{{ d.应到 }}", "{{ d.到岗 }}", "{{ d.缺岗 }}", "{{ d.请假 }}", "{{ d.替班 }}",
                 "{{ d.到岗率 }}"], [3.4, 1.9, 1.9, 1.9, 1.9, 1.9, 2.6], "d in duty", keep=True)
    add_text(doc, "{%p else %}", "Normal")
    _keep_with_next(add_text(doc, "本月无值日安排。"))
    add_text(doc, "{%p endif %}", "Normal")
    # The 落款 at body size: who filled it in and the principal on one line, the date below.
    _keep_with_next(add_text(doc, "", "Normal"))
    _keep_with_next(add_text(doc, "填报人：{{ filler }}    学校负责人：{{ principal }}", "落款"))
    add_text(doc, "{{ date }}", "落款")
    return doc


TEMPLATES = {
    "安全隐患排查整改表.docx": ("安全隐患排查整改表", form),
    "整改通知书.docx": ("安全隐患整改通知书", notice),
    "安全工作月报.docx": ("安全工作月报", monthly),
}
