"""物品领用登记表 (one per month): every requisition a row, the 领用人 signing beside it.

A landscape A4 page with the official margins and 五号 table text gives ten columns room so
that a row is one line (15 rows a page; rows kept whole, header repeated), and the 签名 column
the width of a signature.
"""

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pipeline.render import official
from pipeline.render.official import add_text, fill_cell, label_cell

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


def _rows_table(doc, loop: str, header: bool):
    """A table of the requisitions ``loop`` gives: one row a requisition between the tag rows."""
    table = doc.add_table(rows=4 if header else 3, cols=len(COLUMNS))
    rows = table.rows
    if header:
        for cell, (title, _, _, _) in zip(rows[0].cells, COLUMNS, strict=True):
            label_cell(cell, title)
        rows = rows[1:]
    fill_cell(rows[0].cells[0], "{%tr for r in " + loop + " %}")
    for cell, (_, text, _, align) in zip(rows[1].cells, COLUMNS, strict=True):
        fill_cell(cell, text, align)
        if not header:
            _keep(cell.paragraphs[0])
    fill_cell(rows[2].cells[0], "{%tr endfor %}")
    official.format_table(table, [w for _, _, w, _ in COLUMNS], header_rows=1 if header else 0,
                          text_width=TEXT_WIDTH)
    rows[1].height = Cm(0.72)
    official.table_font(table, official.BODY_FONT, FORM_SIZE)
    return table


def _no_top_border(table) -> None:
    """The last row's own table prints as the main table's last row."""
    borders = official.put_child(table._tbl.tblPr, "tblBorders", official.TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "nil" if side == "top" else "single"), ("w:sz", "4"), ("w:space", "0"),
                           ("w:color", "auto")):
            el.set(qn(key), value)
        borders.append(el)


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
    # Every requisition but the last, then the last in a table of its own kept with the lines
    # below it: LibreOffice keeps a whole table with the next paragraph, never its last row, so
    # the signature line never stands alone on a page.
    _rows_table(doc, "rows[:-1]", header=True)
    add_text(doc, "{%p if rows %}", "表格文字")
    _no_top_border(_rows_table(doc, "rows[-1:]", header=False))
    add_text(doc, "{%p endif %}", "表格文字")
    _keep(add_text(doc, "本月共领用 {{ count }} 次，其中以旧换新 {{ trade_ins }} 次（交回旧物后领用）。{{ summary }}",
                   "表格文字"))
    official.signature_table(
        doc, ["经办人：{{ filler }}", "审核人：{{ logistics_head }}", "日期：{{ signed_date }}"],
        [7.6, 7.6, 9.1], text_width=TEXT_WIDTH)
    return doc


TEMPLATES = {
    "物品领用登记表.docx": ("物品领用登记表", requisition_register),
}
