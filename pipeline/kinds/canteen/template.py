"""食品原料进货查验记录 (A4 landscape), 留样记录 (A4 portrait) and 陪餐记录 (A4 landscape).

Tables of 10.5 pt 五号 text on exact 12 pt lines with narrow cell padding, as printed forms
are: the 进货查验记录 holds at least 15 rows a landscape page (each delivery day's items,
then the day's row with its subtotal and blank signature cells for 验收人 and 供货方).
Columns follow the national form (进货日期, 名称, 规格, 数量, 生产日期或批号, 保质期, 供货单位,
索证索票, 感官检查, 验收人), with 单价 and 金额 for the month's 合计.
"""

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pipeline.render import official
from pipeline.render.official import add_text

CENTER = WD_ALIGN_PARAGRAPH.CENTER
SIZE = Pt(10.5)
#: 小五 for the 进货查验记录: a supplier's full name (常州市新北区绿源蔬菜配送有限公司) on one line.
SMALL = Pt(9)
TEXT_SIZE = Pt(12)
#: The landscape forms' margins (cm), those of the 安全隐患排查整改表: a wide table form, not a
#: 公文 body page. The portrait 留样记录 keeps the official margins.
LANDSCAPE_MARGINS = {"top": 1.8, "bottom": 1.5, "left": 1.0, "right": 1.0, "header": 0.8, "footer": 0.7}
LANDSCAPE_WIDTH = Cm(29.7 - 2.0)
PORTRAIT_WIDTH = official.TEXT_WIDTH
PAD = 0.06

#: (header, cell, width cm, centred) of the 进货查验记录.
DELIVERY_COLUMNS = [
    ("进货\n日期", "{{ it.date }}", 1.6, True),
    ("名称", "{{ it.name }}", 1.75, False),
    ("规格", "{{ it.spec }}", 2.25, True),
    ("数量", "{{ it.quantity }}", 1.55, True),
    ("单价\n（元）", "{{ it.price }}", 1.3, True),
    ("金额\n（元）", "{{ it.amount }}", 1.9, True),
    ("生产日期\n或批号", "{{ it.batch }}", 2.25, True),
    ("保质期", "{{ it.shelf_life }}", 1.9, True),
    ("供货单位", "{{ it.supplier }}", 5.35, False),
    ("索证\n索票", "{{ it.papers }}", 1.1, True),
    ("感官\n检查", "{{ it.sensory }}", 1.25, True),
    ("验收人", "{{ it.acceptors }}", 2.1, True),
    ("备注", "{{ it.remarks }}", 3.0, False),
]
SAMPLE_COLUMNS = [
    ("日期", "{{ r.date }}", 1.75, True),
    ("餐次", "{{ r.meal }}", 1.0, True),
    ("菜品名称", "{{ r.dish }}", 2.6, False),
    ("留样量\n（克）", "{{ r.grams }}", 1.3, True),
    ("留样\n时间", "{{ r.sampled }}", 1.1, True),
    ("留样人", "{{ r.sampler }}", 1.35, True),
    ("销样时间", "{{ r.disposed }}", 2.75, True),
    ("销样人\n签字", "", 1.5, True),
    ("备注", "{{ r.remarks }}", 2.25, False),
]
MEAL_COLUMNS = [
    ("日期", "{{ m.date }}\n{{ m.weekday }}", 1.9, True),
    ("餐次", "{{ m.meal }}", 1.1, True),
    ("陪餐人", "{{ m.companion }}", 1.6, True),
    ("职务", "{{ m.post }}", 2.0, True),
    ("饭菜质量", "{{ m.food[0] }}\n{{ m.food[1] }}", 2.0, True),
    ("卫生状况", "{{ m.hygiene[0] }}\n{{ m.hygiene[1] }}", 2.0, True),
    ("就餐秩序", "{{ m.order[0] }}\n{{ m.order[1] }}", 2.0, True),
    ("服务情况", "{{ m.service[0] }}\n{{ m.service[1] }}", 2.0, True),
    ("意见建议", "{{ m.advice }}", 5.9, False),
    ("整改情况", "{{ m.follow_up }}", 3.7, False),
    ("陪餐人\n签字", "", 1.7, True),
]


def page(doc, margins, landscape):
    for section in doc.sections:
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = official.A4[1], official.A4[0]
        section.top_margin, section.bottom_margin = Cm(margins["top"]), Cm(margins["bottom"])
        section.left_margin, section.right_margin = Cm(margins["left"]), Cm(margins["right"])
        section.header_distance, section.footer_distance = Cm(margins["header"]), Cm(margins["footer"])


def tight(paragraph, size=SIZE, align=None, keep=False):
    """Exact lines, no space around, no gap between Chinese and digits: predictable rows."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(size.pt + 2) if size.pt < 12 else Pt(size.pt + 6)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.keep_with_next = keep or None
    if align is not None:
        paragraph.alignment = align
    for run in paragraph.runs:
        official.run_font(run, official.BODY_FONT, size)
    official._no_autospace(paragraph._p.get_or_add_pPr())


def put(cell, text, align=None, bold=False, size=SIZE):
    """A cell's text, one paragraph per line of ``text``, centred vertically."""
    cell.text = ""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.style = "表格文字"
        run = paragraph.add_run(line)
        if bold:
            run.bold = True
        tight(paragraph, size, align)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def padding(table, cm=PAD):
    mar = official.put_child(table._tbl.tblPr, "tblCellMar", official.TBLPR_ORDER)
    for side, width in (("top", 0.03), ("left", cm), ("bottom", 0.03), ("right", cm)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Cm(width).twips)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)


def text(doc, value, align=None, keep=True, size=TEXT_SIZE):
    paragraph = add_text(doc, value, "表格文字", align)
    tight(paragraph, size, align, keep)
    return paragraph


def heading(doc, title, info):
    paragraph = doc.add_paragraph(title, style="Title")
    paragraph.paragraph_format.line_spacing = Pt(30)
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.keep_with_next = True
    text(doc, info, CENTER).paragraph_format.space_after = Pt(4)


def fill_row(row, columns, size=SIZE):
    for cell, (_, value, _, centred) in zip(row.cells, columns, strict=True):
        put(cell, value, CENTER if centred else None, size=size)


def at_least(row, cm):
    row.height = Cm(cm)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def tag_row(row, tag):
    put(row.cells[0], tag)


def notes(doc, intro, loop):
    add_text(doc, "{%p if " + loop + " %}", "表格文字")
    text(doc, intro, size=SMALL).paragraph_format.space_before = Pt(2)
    add_text(doc, "{%p for n in " + loop + " %}", "表格文字")
    text(doc, "{{ loop.index }}. {{ n }}", size=SMALL)
    add_text(doc, "{%p endfor %}", "表格文字")
    add_text(doc, "{%p endif %}", "表格文字")


def form_table(doc, columns, rows, width, size=SIZE, header=True):
    """A table of ``rows`` rows (plus a repeated header row); widths in cm scaled to ``width``."""
    table = doc.add_table(rows=rows + (1 if header else 0), cols=len(columns))
    official.format_table(table, [w for _, _, w, _ in columns], header_rows=1 if header else 0,
                          text_width=width)
    padding(table)
    if header:
        for cell, (title, _, _, _) in zip(table.rows[0].cells, columns, strict=True):
            put(cell, title, CENTER, bold=True, size=size)
    return table


def closing(cell, lines, sign, stops, size=SIZE):
    """The form's last cell: lines of text, then the signature line with its tab stops.

    Inside the table's last row, which never splits: the signatures always stand under the
    last of the records (on a new page, under the repeated header), never alone on a page.
    """
    put(cell, "\n".join([*lines, sign]), size=size)
    for paragraph in cell.paragraphs[len(lines):]:
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.space_after = Pt(3)
        for stop in stops:
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(stop))


def delivery_rows(rows, loop):
    """A delivery day: its items, then its row with the subtotal and room for two signatures."""
    tag_row(rows[0], "{%tr for d in " + loop + " %}")
    tag_row(rows[1], "{%tr for it in d.rows %}")
    fill_row(rows[2], DELIVERY_COLUMNS, SMALL)
    at_least(rows[2], 0.5)
    tag_row(rows[3], "{%tr endfor %}")
    day = rows[4].cells
    put(day[0].merge(day[4]), "{{ d.date }}　本日小计", CENTER, size=SMALL)
    put(day[5], "{{ d.subtotal }}", CENTER, size=SMALL)
    put(day[6].merge(day[12]), "验收人（签字）：" + "　" * 16 + "供货方（签字）：", size=SMALL)
    at_least(rows[4], 0.8)  # room to sign
    tag_row(rows[5], "{%tr endfor %}")


def delivery_record():
    doc = official.new_document()
    page(doc, LANDSCAPE_MARGINS, landscape=True)
    heading(doc, "食品原料进货查验记录",
            "学校：{{ school }}　　月份：{{ month }}　　本月进货{{ delivery_days }}天、{{ count }}批次")
    text(doc, "说明：索证索票指供货单位的营业执照、食品经营（生产）许可证、产品检验合格证明或购货凭证；"
              "感官检查不合格的食材不得验收入库，应写明处理（退货、销毁），其金额不计入合计。", size=SMALL)
    notes(doc, "注意：", "notes")
    table = form_table(doc, DELIVERY_COLUMNS, 7, LANDSCAPE_WIDTH, SMALL)
    rows = table.rows
    delivery_rows(rows[1:7], "days")
    total = rows[7].cells
    put(total[0].merge(total[4]), "本月合计（{{ count }}批次）", CENTER, bold=True, size=SMALL)
    put(total[5], "{{ total }}", CENTER, bold=True, size=SMALL)
    closing(total[6].merge(total[12]), ["人民币（大写）：{{ total_upper }}"],
            "食堂负责人（签字）：\t分管领导（签字）：{{ deputy }}\t日期：{{ date }}", [5.5, 11.5], SMALL)
    for paragraph in total[6].paragraphs[:1]:
        for run in paragraph.runs:
            run.bold = True
    return doc


def looped(rows, columns, var, loop, size=SIZE, height=None):
    """A ``{%tr for var in loop %}`` over one row of ``columns`` (three template rows)."""
    tag_row(rows[0], "{%tr for " + var + " in " + loop + " %}")
    fill_row(rows[1], columns, size)
    if height:
        at_least(rows[1], height)
    tag_row(rows[2], "{%tr endfor %}")


def last_row(row):
    """The row's cells merged into one, for the closing text."""
    cells = row.cells
    return cells[0].merge(cells[-1])


def sample_record():
    doc = official.new_document()
    heading(doc, "留样记录", "学校：{{ school }}　　月份：{{ month }}　　本月留样{{ count }}份")
    text(doc, "要求：{{ rule }}", size=SMALL)
    table = form_table(doc, SAMPLE_COLUMNS, 4, PORTRAIT_WIDTH, SMALL)
    looped(table.rows[1:4], SAMPLE_COLUMNS, "r", "rows", SMALL, height=0.55)
    closing(last_row(table.rows[4]), ["核对：{{ check }}"],
            "食堂负责人（签字）：\t审核人（签字）：{{ logistics_head }}\t日期：{{ date }}", [5.4, 10.6], SMALL)
    return doc


def meal_record():
    doc = official.new_document()
    page(doc, LANDSCAPE_MARGINS, landscape=True)
    heading(doc, "陪餐记录", "学校：{{ school }}　　月份：{{ month }}　　本月陪餐{{ count }}次")
    text(doc, "说明：陪餐人员（学校负责人及值班的行政人员）与学生共同用餐，对饭菜质量、卫生状况、就餐秩序和服务情况逐项评价（☑），"
              "发现问题及时督促整改。")
    table = form_table(doc, MEAL_COLUMNS, 4, LANDSCAPE_WIDTH)
    looped(table.rows[1:4], MEAL_COLUMNS, "m", "rows")
    closing(last_row(table.rows[4]), ["核对：{{ check }}"],
            "记录人：{{ filler }}\t审核人（签字）：{{ logistics_head }}\t日期：{{ date }}", [10.5, 19.5])
    return doc


TEMPLATES = {
    "食品原料进货查验记录.docx": ("食品原料进货查验记录", delivery_record),
    "留样记录.docx": ("留样记录", sample_record),
    "陪餐记录.docx": ("陪餐记录", meal_record),
}
