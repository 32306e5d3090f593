"""安全隐患排查整改表 (A4 landscape, one row per hazard), 整改通知书 and 安全工作月报."""

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from pipeline import official
from pipeline.official import add_text

FORM_SIZE = Pt(9)  # 小五: fifteen columns across a landscape page

FORM_COLUMNS = [
    ("编号", "{{ h.编号 }}", 1.4), ("检查日期", "{{ h.检查日期 }}", 1.6), ("检查部位", "{{ h.检查部位 }}", 2.0),
    ("隐患类别", "{{ h.隐患类别 }}", 1.2), ("隐患描述", "{{ h.隐患描述 }}", 2.5), ("风险等级", "{{ h.风险等级 }}", 1.0),
    ("排查人", "{{ h.排查人 }}", 1.1), ("整改责任人", "{{ h.整改责任人 }}", 1.2),
    ("整改措施", "{{ h.整改措施 }}", 2.5), ("整改期限", "{{ h.整改期限 }}", 1.6),
    ("整改情况", "{{ h.整改情况 }}", 1.7), ("完成日期", "{{ h.完成日期 }}", 1.6),
    ("复查情况", "{{ h.复查 }}", 1.7), ("照片", "{% for p in h.照片 %}{{ p }}{% endfor %}", 2.1),
    ("备注", "{% cellbg h.底色 %}{{ h.备注 }}", 1.6),
]


def cell_text(cell, text, size=None, bold=False, align=None):
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.style = "表格文字"
    run = paragraph.add_run(text)
    if size is not None or bold:
        official.run_font(run, official.BODY_FONT, size, bold or None)
    if align is not None:
        paragraph.alignment = align


def landscape(doc):
    for section in doc.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = official.A4[1], official.A4[0]


def signatures(doc, parts, widths):
    table = doc.add_table(rows=1, cols=len(parts))
    official.format_table(table, widths, header_rows=0)
    for cell, text in zip(table.rows[0].cells, parts, strict=True):
        cell_text(cell, text)
        cell.paragraphs[0].style = "Normal"
    official.no_borders(table)
    return table


def form():
    doc = official.new_document()
    landscape(doc)
    doc.add_paragraph("安全隐患排查整改表", style="Title")
    add_text(doc, "学校：{{ school }}    上报单位：{{ district }}    期间：{{ period }}",
             "表格文字", WD_ALIGN_PARAGRAPH.LEFT)
    table = doc.add_table(rows=4, cols=len(FORM_COLUMNS))
    official.format_table(table, [w for _, _, w in FORM_COLUMNS], header_rows=1,
                          text_width=official.LANDSCAPE_TEXT_WIDTH)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for cell, (header, _, _) in zip(table.rows[0].cells, FORM_COLUMNS, strict=True):
        cell_text(cell, header, FORM_SIZE, bold=True, align=center)
    first = table.rows[1].cells
    cell_text(first[0], "{%tr for h in hazards %}")
    for cell, (_, value, _) in zip(table.rows[2].cells, FORM_COLUMNS, strict=True):
        cell_text(cell, value, FORM_SIZE)
    cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    add_text(doc, "{%p if empty %}", "表格文字")
    add_text(doc, "本期未发现安全隐患。", "表格文字", center)
    add_text(doc, "{%p endif %}", "表格文字")
    add_text(doc, "{{ summary }}", "表格文字")
    add_text(doc, "注：整改情况 ☑ 为截至{{ date }}的状态；“上期遗留”为以前各期发现、本期开始时尚未整改完毕的隐患；"
                  "逾期为超过整改期限仍未整改完毕。", "表格文字")
    signatures(doc, ["排查人（签字）：{{ inspector }}", "学校负责人（签字）：{{ principal }}", "日期：{{ date }}"],
               [8.1, 8.1, 8.1])
    return doc


def notice():
    doc = official.new_document()
    doc.add_paragraph("安全隐患整改通知书", style="Title")
    add_text(doc, "编号：{{ number }}", "Normal", WD_ALIGN_PARAGRAPH.RIGHT)
    add_text(doc, "{{ department or responsible }}：", "Normal")
    add_text(doc, "{{ found_date }}，学校在安全隐患排查中发现{{ place }}存在{{ level }}安全隐患（{{ category }}）："
                  "{{ description }}。根据学校安全隐患排查整改制度，现通知你部门（责任人）按以下要求整改：")
    add_text(doc, "整改要求：{{ measure or '立即消除隐患，落实防范措施。' }}")
    add_text(doc, "整改期限：{{ deadline_text }}，整改完毕后报综合管理中心复查；整改期间做好警示和防护，"
                  "确保师生安全。")
    rows = [
        ("受检部门", "{{ department }}", "整改责任人", "{{ responsible }}"),
        ("隐患部位", "{{ place }}", "风险等级", "{{ level }}（{{ reason }}）"),
        ("整改期限", "{{ deadline_text }}", "", ""),
        ("整改措施", "", "", ""),
        ("整改责任人（签字）", "", "完成日期", "    年  月  日"),
        ("验收意见", "", "", ""),
        ("验收人（签字）", "", "验收日期", "    年  月  日"),
    ]
    table = doc.add_table(rows=len(rows), cols=4)
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    official.format_table(table, [3.4, 5.0, 2.8, 4.4], header_rows=0)
    for r in (2, 3, 5):
        table.cell(r, 1).merge(table.cell(r, 3))
    for r in (3, 5):
        table.rows[r].height = Cm(3.0)
    add_text(doc, "", "Normal")
    signatures(doc, ["排查人：{{ inspector }}", "{{ school }}（盖章）"], [7.0, 8.6])
    add_text(doc, "{{ date }}", "落款")
    return doc


def _loop_table(doc, headers, cells, widths, loop, empty=None):
    table = doc.add_table(rows=4 if empty is None else 5, cols=len(headers))
    official.format_table(table, widths, header_rows=1)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    cell_text(table.rows[1].cells[0], "{%tr for " + loop + " %}")
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell_text(cell, text)
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
    _loop_table(doc, ["检查类型", "次数", "说明"], ["{{ c.检查类型 }}", "{{ c.次数 }}{{ c.单位 }}", "{{ c.说明 }}"],
                [4.0, 3.0, 8.6], "c in inspections")
    doc.add_paragraph("二、隐患排查整改情况", style="Heading 1")
    add_text(doc, "本月发现安全隐患{{ found }}项，已整改{{ done }}项，整改率{{ rate }}；未整改完毕{{ open }}项，"
                  "其中逾期{{ overdue }}项。")
    add_text(doc, "{%p if categories %}", "Normal")
    _loop_table(doc, ["隐患类别", "发现", "已整改", "未整改", "逾期"],
                ["{{ c.隐患类别 }}", "{{ c.发现 }}", "{{ c.已整改 }}", "{{ c.未整改 }}", "{{ c.逾期 }}"],
                [4.4, 2.8, 2.8, 2.8, 2.8], "c in categories")
    add_text(doc, "{%p endif %}", "Normal")
    doc.add_paragraph("三、应急演练", style="Heading 1")
    add_text(doc, "{%p if not has_drills %}", "Normal")
    add_text(doc, "（未提供演练记录）")
    add_text(doc, "{%p elif drills %}", "Normal")
    add_text(doc, "本月开展应急演练{{ drill_count }}次。")
    _loop_table(doc, ["日期", "演练名称", "类型", "实到人数", "疏散用时"],
                ["{{ d.日期 }}", "{{ d.名称 }}", "{{ d.类型 }}", "{{ d.实到人数 }}", "{{ d.疏散用时 }}"],
                [3.4, 5.0, 2.8, 2.0, 2.4], "d in drills")
    add_text(doc, "{%p else %}", "Normal")
    add_text(doc, "本月未开展应急演练。")
    add_text(doc, "{%p endif %}", "Normal")
    doc.add_paragraph("四、值日到岗情况", style="Heading 1")
    add_text(doc, "{%p if not has_duty %}", "Normal")
    add_text(doc, "（未提供值日安排）")
    add_text(doc, "{%p elif duty %}", "Normal")
    add_text(doc, "本月值日到岗率{{ duty_rate }}。")
    _loop_table(doc, ["岗位", "应到", "到岗", "缺岗", "请假", "替班", "到岗率"],
                ["{{ d.岗位 }}", "{{ d.应到 }}", "{{ d.到岗 }}", "{{ d.缺岗 }}", "{{ d.请假 }}", "{{ d.替班 }}",
                 "{{ d.到岗率 }}"], [3.4, 1.9, 1.9, 1.9, 1.9, 1.9, 2.6], "d in duty")
    add_text(doc, "{%p else %}", "Normal")
    add_text(doc, "本月无值日安排。")
    add_text(doc, "{%p endif %}", "Normal")
    add_text(doc, "", "Normal")
    signatures(doc, ["填报人：{{ filler }}", "学校负责人：{{ principal }}", "日期：{{ date }}"], [5.0, 5.6, 5.0])
    return doc


TEMPLATES = {
    "安全隐患排查整改表.docx": ("安全隐患排查整改表", form),
    "整改通知书.docx": ("安全隐患整改通知书", notice),
    "安全工作月报.docx": ("安全工作月报", monthly),
}
