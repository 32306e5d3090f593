"""物品领用登记表 (one per month): every requisition a row, the 领用人 signing beside it.

A landscape A4 page with the official margins and 五号 table text gives ten columns room so
that a row is one line (15 rows a page; rows kept whole, header repeated), and the 签名 column
the width of a signature.
"""

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from pipeline.render import official
from pipeline.render.official import add_text

CENTER = WD_ALIGN_PARAGRAPH.CENTER
FORM_SIZE = Pt(10.5)  # 五号
TEXT_WIDTH = official.LANDSCAPE_TEXT_WIDTH

#: (header, cell, width cm): dates `3月15日`, 部门 of six characters, names and 规格 such as
#: `0.5mm 黑色 12支/盒` and 用途 of ten characters on one line.
COLUMNS = [
    ("序号", "{{ r.number }}", 1.2, CENTER),
    ("领用日期", "{{ r.date }}", 2.2, CENTER),
    ("领用部门", "{{ r.department }}", 2.9, CENTER),
    ("物品名称", "{{ r.name }}", 2.6, None),
    ("规格", "{{ r.spec }}", 4.3, None),
    ("数量", "{{ r.quantity }}", 1.6, CENTER),
    ("用途", "{{ r.purpose }}", 4.2, None),
    ("以旧\n换新", "{{ r.trade_in }}", 1.3, CENTER),
    ("领用人", "{{ r.receiver }}", 1.7, CENTER),
    ("领用人签名", "", 2.3, None),
]


def _keep(paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def requisition_register():
    doc = official.new_document()
    for section in doc.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = official.A4[1], official.A4[0]
    title = doc.add_paragraph("物品领用登记表", style="Title")
    title.paragraph_format.line_spacing = Pt(28)  # a form: the rows need the room
    title.paragraph_format.space_after = Pt(4)
    _keep(title)
    _keep(add_text(doc, "{{ term }}　　{{ month }}", "表格文字", CENTER))
    table = official.list_table(doc, [c[0] for c in COLUMNS], [c[1] for c in COLUMNS], "for r in rows",
                                [c[3] for c in COLUMNS])
    official.format_table(table, [w for _, _, w, _ in COLUMNS], header_rows=1, text_width=TEXT_WIDTH)
    table.rows[2].height = Cm(0.72)
    official.table_font(table, official.BODY_FONT, FORM_SIZE)
    # the month's count and the signatures close the table: never alone on a page
    official.closing_row(
        table, ["本月共领用 {{ count }} 次，其中以旧换新 {{ trade_ins }} 次（交回旧物后领用）。{{ summary }}"],
        ["经办人：{{ filler }}", "审核人：{{ logistics_head }}", "日期：{{ signed_date }}"], [8.5, 16.5], FORM_SIZE)
    return doc


TEMPLATES = {
    "物品领用登记表.docx": ("物品领用登记表", requisition_register),
}
