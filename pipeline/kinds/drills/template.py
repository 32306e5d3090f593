"""应急演练记录与总结 (one per drill) and the weekly 值日安排表: forms as tables, signed and dated."""

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from pipeline.render import official
from pipeline.render.official import add_text, fill_cell, label_cell

CENTER = WD_ALIGN_PARAGRAPH.CENTER


def _paragraphs(cell, var: str) -> None:
    """A cell holding one paragraph per item of ``var`` (text people typed on several lines)."""
    cell.text = "{%p for line in " + var + " %}"
    cell.add_paragraph("{{ line }}")
    cell.add_paragraph("{%p endfor %}")
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def drill_record():
    doc = official.new_document()
    doc.add_paragraph("应急演练记录与总结", style="Title")
    add_text(doc, "{{ term }}　　　　记录编号：{{ number }}", "表格文字", CENTER)
    table = doc.add_table(rows=12, cols=4)
    rows = table.rows
    # label, value, label, value; a row with one pair spans the value across three columns
    pairs = [
        ("演练名称", "{{ name }}", None, None),
        ("演练类型", "{{ type }}", "演练日期", "{{ date }}"),
        ("校　　区", "{{ campus }}", "演练地点", "{{ place }}"),
        ("组织部门", "{{ organiser }}", "总 指 挥", "{{ commander }}"),
        ("应到人数", "{{ expected }}", "实到人数", "{{ present }}"),
        ("参与教职工", "{{ staff }}", "参 与 率", "{{ attendance_rate }}"),
        ("疏散用时", "{{ evacuation }}", "目标用时", "{{ target }}"),
        ("是否达标", "{{ result_boxes }}", None, None),
    ]
    for row, (l1, v1, l2, v2) in zip(rows, pairs, strict=False):
        c = row.cells
        label_cell(c[0], l1)
        if l2 is None:
            merged = c[1].merge(c[3])
            fill_cell(merged, v1)
            if l1 == "是否达标":  # a reminder such as 实到多于应到, only when there is one
                for text in ("{%p if note %}", "{{ note }}", "{%p endif %}"):
                    merged.add_paragraph(text)
        else:
            fill_cell(c[1], v1, CENTER)
            label_cell(c[2], l2)
            fill_cell(c[3], v2, CENTER)
    long_rows = [("演练过程", "process"), ("存在问题", "problems"), ("改进措施", "improvements")]
    for row, (label, var) in zip(rows[8:11], long_rows, strict=True):
        label_cell(row.cells[0], label)
        _paragraphs(row.cells[1].merge(row.cells[3]), var)
    review = rows[11]
    label_cell(review.cells[0], "总结点评")
    cell = review.cells[1].merge(review.cells[3])
    _paragraphs(cell, "review")
    signed = cell.add_paragraph("点评人（签字）：{{ reviewer }}")
    signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    official.format_table(table, [2.8, 5.0, 2.8, 5.0], header_rows=0)
    for row in rows[8:12]:
        row.height = Cm(1.8)
    add_text(doc, "", "表格文字")
    official.signature_table(doc, ["记录人：{{ filler }}", "总指挥（签字）：", "日期：{{ signed_date }}"], [4.6, 5.4, 5.6])
    return doc


def weekly_roster():
    doc = official.new_document()
    doc.add_paragraph("{{ school }}值日安排表", style="Title")
    # the span on its own line: a week over the new year (2022年12月26日至2023年1月1日) never breaks
    add_text(doc, "{{ term }}　{{ week_label }}", "表格文字", CENTER)
    add_text(doc, "{{ span }}", "表格文字", CENTER)
    table = doc.add_table(rows=3, cols=5)
    header, body, end = table.rows
    label_cell(header.cells[0], "岗位")
    label_cell(header.cells[1], "地点")
    fill_cell(header.cells[2], "{%tc for day in days %}")
    day = header.cells[3]
    fill_cell(day, "{{ day.weekday }}", CENTER, bold=True)
    second = day.add_paragraph("{{ day.date }}")
    second.alignment = CENTER
    flag = day.add_paragraph("{{ day.flag }}")
    flag.alignment = CENTER
    fill_cell(header.cells[4], "{%tc endfor %}")
    # the body row repeats per duty; the rows before/after hold the {%tr %} tags
    table.add_row()
    rows = table.rows
    fill_cell(rows[1].cells[0], "{%tr for row in rows %}")
    body = rows[2]
    fill_cell(body.cells[0], "{{ row.post }}", CENTER)
    fill_cell(body.cells[1], "{{ row.place }}", CENTER)
    fill_cell(body.cells[2], "{%tc for names in row.cells %}")
    fill_cell(body.cells[3], "{{ names }}", CENTER)
    fill_cell(body.cells[4], "{%tc endfor %}")
    fill_cell(rows[3].cells[0], "{%tr endfor %}")
    official.format_table(table, [2.4, 2.8, 3.4, 3.4, 3.4], header_rows=1)
    for row in table.rows:  # 五号: up to seven day columns share the width once rendered
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    official.run_font(run, official.BODY_FONT, Pt(10.5))
    # the tag rows are removed when rendering; what stays is 岗位 | 地点 | one column per day
    add_text(doc, "{%p for note in notes %}", "表格文字")
    add_text(doc, "注：{{ note }}", "表格文字")
    add_text(doc, "{%p endfor %}", "表格文字")
    add_text(doc, "说明：{{ explain }}值日人员须提前到岗，全程在岗，"
             "不能到岗的须提前请假并安排替班。", "表格文字")
    add_text(doc, "", "Normal")
    official.signature_table(
        doc, ["制表：{{ filler }}", "审核：{{ logistics_head }}", "日期：{{ signed_date }}"],
        [4.6, 5.4, 5.6])
    return doc


TEMPLATES = {
    "应急演练记录与总结.docx": ("应急演练记录与总结", drill_record),
    "值日安排表.docx": ("值日安排表", weekly_roster),
}
