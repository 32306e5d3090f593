"""维修登记表 (one per month): A4 landscape, one row per request, signed by the clerk and the head.

Page budget: a month of about 12 requests at the sample's lengths on one landscape page
(10.5 pt 五号 table text, dates as `3月15日`, names never broken); the header row repeats
and the summary and signatures close the table, kept with its last rows.
"""

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Cm, Pt

from pipeline.render import official
from pipeline.render.official import add_text

CENTER = WD_ALIGN_PARAGRAPH.CENTER
FORM_SIZE = Pt(10.5)  # 五号
MARGINS = (2.0, 1.8, 1.6, 1.6)  # top, bottom, left, right (cm): a table form, not a 公文 page
TEXT_WIDTH = Cm(29.7 - MARGINS[2] - MARGINS[3])

#: (header, cell, width cm, centred)
COLUMNS = [
    ("编号", "{{ r.number }}", 2.85, True),
    ("报修\n日期", "{{ r.reported }}", 2.0, True),
    ("报修部门\n报修人", "{{ r.department }}\n{{ r.reporter }}", 2.5, True),
    ("地点", "{{ r.place }}", 2.75, False),
    ("报修内容", "{{ r.content }}", 4.05, False),
    ("类别", "{{ r.category }}", 1.8, True),
    ("损坏\n原因", "{{ r.cause }}", 1.8, True),
    ("维修人", "{{ r.repairer }}", 1.4, True),
    ("完成\n日期", "{{ r.done }}", 2.0, True),
    ("材料费\n（元）", "{{ r.cost }}", 1.75, True),
    ("验收人\n（签字）", "{{ r.acceptor }}", 1.7, True),
    ("状态", "{{ r.status }}", 1.4, True),
]


def _landscape(doc):
    for section in doc.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = official.A4[1], official.A4[0]
        top, bottom, left, right = MARGINS
        section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
        section.left_margin, section.right_margin = Cm(left), Cm(right)
        section.header_distance, section.footer_distance = Cm(0.9), Cm(0.8)


def _small(paragraph, align=None, keep=False):
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(13)
    fmt.space_before = fmt.space_after = Pt(1)
    fmt.keep_with_next = keep
    if align is not None:
        paragraph.alignment = align
    for run in paragraph.runs:
        official.run_font(run, official.BODY_FONT, FORM_SIZE)
    # no extra space between Chinese and digits, so `3月15日` and `WX-2022-001` keep to one line
    official._no_autospace(paragraph._p.get_or_add_pPr())


def _cell(cell, text, align=None, bold=False, keep=False):
    lines = text.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)
    for paragraph in cell.paragraphs:
        paragraph.style = "表格文字"
        if bold:
            for run in paragraph.runs:
                run.bold = True
        _small(paragraph, align, keep)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def month_register():
    doc = official.new_document()
    _landscape(doc)
    title = doc.add_paragraph("{{ school }}维修登记表", style="Title")
    title.paragraph_format.space_after = Pt(6)
    add_text(doc, "{{ term }}　　{{ month }}　　维修时限：报修后 {{ due_days }} 个工作日内", "表格文字", CENTER)
    table = doc.add_table(rows=4, cols=len(COLUMNS))
    header, start, body, end = table.rows
    for cell, (head, _, _, _) in zip(header.cells, COLUMNS, strict=True):
        _cell(cell, head, CENTER, bold=True)
    _cell(start.cells[0], "{%tr for r in items %}")
    for cell, (_, value, _, centred) in zip(body.cells, COLUMNS, strict=True):
        _cell(cell, value, CENTER if centred else None)
    _cell(end.cells[0], "{%tr endfor %}")
    official.format_table(table, [w for _, _, w, _ in COLUMNS], header_rows=1, text_width=TEXT_WIDTH)
    official.side_padding(table, 0.08)
    official.closing_row(
        table, ["本月报修 {{ count }} 项，已完成 {{ done_count }} 项，未完成 {{ open_count }} 项"
                "{% if overdue_count %}（其中逾期 {{ overdue_count }} 项）{% endif %}；"
                "人为损坏 {{ human_count }} 项；材料费用合计 {{ total_cost }} 元。"
                "状态截至{{ as_of }}。"],
        ["登记人：{{ filler }}", "后勤负责人（签字）：", "日期：{{ signed_date }}"], [8.5, 17.5], FORM_SIZE)
    return doc


TEMPLATES = {
    "维修登记表.docx": ("维修登记表", month_register),
}
