"""固定资产: 资产验收单 (one per acceptance) and 资产报废申请表, both forms signed for an amount."""

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt

from pipeline.render import official
from pipeline.render.official import add_text


def _fill(table, rows):
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text


def _merge(table, row, first, last):
    cells = table.rows[row].cells
    text = cells[first].text
    merged = cells[first].merge(cells[last])
    merged.text = text
    for paragraph in merged.paragraphs:
        paragraph.style = "表格文字"


def _align(table, rows, columns, align):
    """Numbers right, counts centred: in the item row and the totals row."""
    for r in rows:
        for c in columns:
            for paragraph in table.rows[r].cells[c].paragraphs:
                paragraph.alignment = align


def _spacer(doc):
    """A small empty line between two tables (two adjacent tables would merge)."""
    return add_text(doc, "", "表格文字")


def _signatures(doc, rows, widths):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    _fill(table, rows)
    official.format_table(table, widths, header_rows=0)
    official.no_borders(table)


#: 五号, as the district's own forms: ten items, the approval and the signatures fit one page.
FORM_SIZE = Pt(10.5)


def _small_tables(doc):
    """The form's tables (and its 表格文字 lines) in 五号 on exact 13 pt lines, a tighter title."""
    table_text = doc.styles["表格文字"]
    official.style_font(table_text, official.BODY_FONT, FORM_SIZE)
    table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    table_text.paragraph_format.line_spacing = Pt(13)
    table_text.paragraph_format.space_before = Pt(1)
    table_text.paragraph_format.space_after = Pt(1)
    doc.styles["Title"].paragraph_format.space_after = Pt(12)


def _keep_together(table, rows):
    """These rows stay on the page of the row after them (Word: keep with next)."""
    for r in rows:
        for cell in table.rows[r].cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def acceptance():
    doc = official.new_document()
    _small_tables(doc)
    doc.add_paragraph("固定资产验收单", style="Title")
    info = doc.add_table(rows=4, cols=4)
    _fill(info, [
        ("验收单号", "{{ number }}", "保管人", "{{ keeper }}"),
        ("使用部门", "{{ department }}", "取得日期", "{{ acquired }}"),
        ("取得方式", "{{ acquisition }}", "经费来源", "{{ funding }}"),
        ("存放地点", "{{ locations }}", "验收日期", "{{ accepted }}"),
    ])
    official.format_table(info, [2.2, 5.6, 2.2, 5.6], header_rows=0)
    _spacer(doc)
    items = doc.add_table(rows=6, cols=7)
    _fill(items, [
        ("序号", "资产编号", "资产名称", "规格型号", "数量", "单价（元）", "金额（元）"),
        ("{%tr for item in items %}", "", "", "", "", "", ""),
        ("{{ item.seq }}", "{{ item.asset_id }}", "{{ item.name }}", "{{ item.model }}",
         "{{ item.quantity }}{{ item.unit }}", "{{ item.price }}", "{{ item.amount }}"),
        ("{%tr endfor %}", "", "", "", "", "", ""),
        ("合计", "", "", "", "{{ total_quantity }}", "", "{{ total }}"),
        ("合计金额（大写）", "", "人民币{{ total_upper }}", "", "", "", ""),
    ])
    # 序号 fits two characters, 资产名称 six; 规格型号 the widest: a model number wraps between
    # words, never inside one (its hyphens are non-breaking, see acceptance_context)
    official.format_table(items, [1.0, 2.6, 2.6, 3.6, 1.3, 2.1, 2.4], header_rows=1)
    official.side_padding(items, 0.1)
    _align(items, [0, 2, 4], [0, 4], WD_ALIGN_PARAGRAPH.CENTER)
    _align(items, [2, 4], [5, 6], WD_ALIGN_PARAGRAPH.RIGHT)
    _keep_together(items, [4, 5])
    _merge(items, 4, 0, 3)
    _merge(items, 5, 2, 6)
    _merge(items, 5, 0, 1)
    _spacer(doc).paragraph_format.keep_with_next = True
    opinion = doc.add_table(rows=1, cols=2)
    _fill(opinion, [(
        "验收意见",
        "☐ 品名、规格型号、数量与合同（发票）相符，外观完好，安装调试正常，同意验收入账\n"
        "☐ 不同意验收，原因：",
    )])
    official.format_table(opinion, [2.2, 13.4], header_rows=0)
    _keep_together(opinion, [0])
    _spacer(doc).paragraph_format.keep_with_next = True
    _signatures(doc, [
        ("验收人（签字）：{{ acceptor }}", "保管人（签字）：{{ keeper }}", "采购人（签字）："),
        ("日期：{{ accepted }}", "资产管理员：{{ filler }}", "后勤负责人：{{ logistics_head }}"),
    ], [5.2, 5.2, 5.2])
    _spacer(doc)
    add_text(doc, "注：验收人不得由采购人或使用人（保管人）兼任。本单一式三份，资产管理部门、财务部门、"
                  "使用部门各执一份，作为资产入账依据。", "表格文字")
    return doc


def disposal():
    """The list and the approval in one table, so the approval never starts a page of its own.

    Who fills it in goes on the line above the table and the note is one line: ten items at
    the sample's lengths (reasons of about 20 characters), the approval and the note fit one page.
    """
    doc = official.new_document()
    _small_tables(doc)
    doc.add_paragraph("固定资产报废申请表", style="Title")
    heading = add_text(doc, "申请单位：{{ school }}\t填表人：{{ filler }}\t申请日期：{{ date }}", "表格文字")
    tabs = heading.paragraph_format.tab_stops
    tabs.add_tab_stop(Cm(7.0), WD_TAB_ALIGNMENT.LEFT)
    tabs.add_tab_stop(Cm(15.4), WD_TAB_ALIGNMENT.RIGHT)
    heading.paragraph_format.space_after = Pt(4)
    items = doc.add_table(rows=10, cols=7)
    _fill(items, [
        ("序号", "资产编号", "资产名称及规格型号", "数量", "原值（元）", "已使用年限", "报废原因"),
        ("{%tr for item in items %}", "", "", "", "", "", ""),
        ("{{ item.seq }}", "{{ item.asset_id }}", "{{ item.name }}{% if item.model %}（{{ item.model }}）{% endif %}",
         "{{ item.quantity }}{{ item.unit }}", "{{ item.amount }}", "{{ item.years }}", "{{ item.reason }}"),
        ("{%tr endfor %}", "", "", "", "", "", ""),
        ("合计（共 {{ count }} 项）", "", "", "{{ total_quantity }}", "{{ total }}", "", ""),
        ("原值合计（大写）", "", "人民币{{ total_upper }}", "", "", "", ""),
        ("使用部门意见", "", "\n负责人（签字）：                日期：    年  月  日", "", "", "", ""),
        ("资产管理部门（后勤）鉴定意见", "",
         "☐ 已达使用年限  ☐ 损坏无法修复  ☐ 维修费用过高  ☐ 技术落后淘汰\n"
         "鉴定人（签字）：      负责人（签字）：{{ logistics_head }}      日期：    年  月  日", "", "", "", ""),
        ("学校意见", "", "\n校长（签字）：{{ principal }}        （盖章）        日期：    年  月  日",
         "", "", "", ""),
        ("主管部门审批意见", "", "\n{{ district }}（盖章）        日期：    年  月  日", "", "", "", ""),
    ])
    official.format_table(items, [0.7, 2.6, 3.3, 1.3, 2.5, 1.5, 3.7], header_rows=1)
    official.side_padding(items, 0.1)
    _align(items, [0, 2, 4], [0, 3, 5], WD_ALIGN_PARAGRAPH.CENTER)
    _align(items, [2, 4], [4], WD_ALIGN_PARAGRAPH.RIGHT)
    _keep_together(items, [4, 5, 6, 7, 8])
    _merge(items, 4, 0, 2)
    _merge(items, 4, 5, 6)
    _merge(items, 5, 2, 6)
    _merge(items, 5, 0, 1)
    for r in range(6, 10):
        _merge(items, r, 2, 6)
        _merge(items, r, 0, 1)
    note = add_text(doc, "注：报废资产经审批后方可处置，不得自行拆解、变卖；处置收入按规定上缴，并及时办理核销手续。",
                    "表格文字")
    note.paragraph_format.space_before = Pt(4)
    return doc


TEMPLATES = {
    "资产验收单.docx": ("资产验收单", acceptance),
    "资产报废申请表.docx": ("资产报废申请表", disposal),
}
