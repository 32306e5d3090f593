"""每月安全教育主题安排表: the term's months, each with its theme, content, form, the person
responsible and the national safety days that fall in it, on one portrait page."""

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from pipeline.render import official
from pipeline.render.official import add_text, fill_cell, label_cell

CENTER = WD_ALIGN_PARAGRAPH.CENTER
FORM_SIZE = Pt(10.5)  # 五号
TEXT_WIDTH = official.TEXT_WIDTH

#: (header, cell, width cm, centred)
COLUMNS = [
    ("月份", "{{ m.month }}", 1.2, True),
    ("主题", "{{ m.theme }}", 2.3, True),
    ("主要内容", "{{ m.content }}", 4.0, False),
    ("形式", "{{ m.form }}", 1.9, True),
    ("负责人", "{{ m.person }}", 1.5, True),
    ("安全教育节点", None, 4.7, False),
]


def theme_plan():
    doc = official.new_document()
    title = doc.add_paragraph("每月安全教育主题安排表", style="Title")
    title.paragraph_format.space_after = Pt(10)
    add_text(doc, "{{ term }}", "表格文字", CENTER)
    table = doc.add_table(rows=4, cols=len(COLUMNS))
    header, opening, body, closing = table.rows
    for cell, (text, _, _, _) in zip(header.cells, COLUMNS, strict=True):
        label_cell(cell, text)
    fill_cell(opening.cells[0], "{%tr for m in months %}")
    for cell, (_, text, _, centred) in zip(body.cells, COLUMNS, strict=True):
        if text is None:  # one line per national day of the month
            cell.text = "{%p for d in m.days %}"
            cell.add_paragraph("{{ d }}")
            cell.add_paragraph("{%p endfor %}")
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        else:
            fill_cell(cell, text, CENTER if centred else None)
    fill_cell(closing.cells[0], "{%tr endfor %}")
    official.format_table(table, [w for _, _, w, _ in COLUMNS], header_rows=1, text_width=TEXT_WIDTH)
    body.height = Cm(1.6)
    official.table_font(table, official.BODY_FONT, FORM_SIZE)
    add_text(doc, "", "表格文字")
    add_text(doc, "{%p if days %}", "表格文字")
    add_text(doc, "本学期安全教育节点：{{ days }}。各班结合节点开展主题教育。", "表格文字")
    add_text(doc, "{%p endif %}", "表格文字")
    add_text(doc, "说明：每月围绕主题上一节安全教育班队课，每周五夕会进行主题式安全教育；"
             "上课后填写安全教育记录，月底由综合管理中心汇总。", "表格文字")
    add_text(doc, "", "表格文字")
    official.signature_table(
        doc, ["制表：{{ filler }}", "审核：{{ deputy }}", "日期：{{ signed_date }}"], [4.8, 4.8, 6.0], text_width=TEXT_WIDTH)
    return doc


TEMPLATES = {
    "每月安全教育主题安排表.docx": ("每月安全教育主题安排表", theme_plan),
}
