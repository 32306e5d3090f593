"""例会培训: the 会议（培训）记录 form and its 签到表, one of each per meeting."""

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from pipeline.render import official
from pipeline.render.official import add_text, fill_cell, label_cell

CENTER = WD_ALIGN_PARAGRAPH.CENTER
#: label, value, label, value: the date with its weekday on one line.
WIDTHS = [2.3, 6.6, 2.3, 4.4]


def meeting_record():
    """The record as a form: the facts in label/value pairs, the summary in one tall cell."""
    doc = official.new_document()
    doc.add_paragraph("{{ name }}记录", style="Title")
    add_text(doc, "{{ term }}　　　　编号：{{ number }}", "表格文字", CENTER)
    table = doc.add_table(rows=8, cols=4)
    rows = table.rows
    pairs = [
        ("时　　间", "{{ date }}", "时　　长", "{{ hours }}"),
        ("地　　点", "{{ place }}", "{{ host_label }}", "{{ host }}"),
        ("对　　象", "{{ audience }}", "类　　型", "{{ type }}"),
        ("主　　题", "{{ topic }}", None, None),
        ("应到人数", "{{ expected }}", "实到人数", "{{ present }}"),
        ("缺席人员", "{{ absent }}", None, None),
    ]
    for row, (l1, v1, l2, v2) in zip(rows, pairs, strict=False):
        c = row.cells
        label_cell(c[0], l1)
        if l2 is None:
            fill_cell(c[1].merge(c[3]), v1)
        else:
            fill_cell(c[1], v1, CENTER)
            label_cell(c[2], l2)
            fill_cell(c[3], v2, CENTER)
    summary = rows[6]
    label_cell(summary.cells[0], "内容摘要")
    cell = summary.cells[1].merge(summary.cells[3])
    cell.text = "{%p for line in summary %}"
    cell.add_paragraph("{{ line }}")
    cell.add_paragraph("{%p endfor %}")
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    last = rows[7]
    label_cell(last.cells[0], "记 录 人")
    fill_cell(last.cells[1], "{{ recorder }}", CENTER)
    label_cell(last.cells[2], "签到情况")
    fill_cell(last.cells[3], "见签到表", CENTER)
    official.format_table(table, WIDTHS, header_rows=0)
    summary.height = Cm(9.5)
    for row in rows[:6] + rows[7:]:
        row.height = Cm(1.0)
    add_text(doc, "", "表格文字")
    official.signature_table(
        doc, ["{{ host_label }}（签字）：", "记录人（签字）：", "日期：{{ signed_date }}"], [5.0, 5.0, 5.6])
    return doc


def sign_in():
    """One row per expected person with a blank signature cell; absentees pre-marked."""
    doc = official.new_document()
    doc.add_paragraph("{{ name }}签到表", style="Title")
    add_text(doc, "{{ term }}　　　　编号：{{ number }}", "表格文字", CENTER)
    info = doc.add_table(rows=3, cols=4)
    facts = [
        ("主　　题", "{{ topic }}", None, None),
        ("时　　间", "{{ date }}", "地　　点", "{{ place }}"),
        ("对　　象", "{{ audience }}", "{{ host_label }}", "{{ host }}"),
    ]
    for row, (l1, v1, l2, v2) in zip(info.rows, facts, strict=True):
        c = row.cells
        label_cell(c[0], l1)
        if l2 is None:
            fill_cell(c[1].merge(c[3]), v1)
        else:
            fill_cell(c[1], v1, CENTER)
            label_cell(c[2], l2)
            fill_cell(c[3], v2, CENTER)
    official.format_table(info, WIDTHS, header_rows=0)
    add_text(doc, "", "表格文字")
    table = official.list_table(doc, ["序号", "姓名", "岗位", "签名", "备注"],
                                ["{{ p.seq }}", "{{ p.name }}", "{{ p.post }}", "{{ p.mark }}", ""],
                                "for p in people", [CENTER] * 5)
    body = table.rows[2]
    official.format_table(table, [1.4, 4.0, 2.8, 4.8, 2.6], header_rows=1)  # 姓名: `王芳（XJ132）` on one line
    body.height = Cm(1.0)
    # the count and the signatures close the table: never alone on a page
    official.closing_row(
        table, ["应到 {{ expected }}，实到 {{ present }}，缺席：{{ absent }}。"],
        ["记录人：{{ recorder }}", "{{ host_label }}（签字）：", "日期：{{ signed_date }}"], [4.6, 10.0])
    return doc


TEMPLATES = {
    "会议（培训）记录.docx": ("会议（培训）记录", meeting_record),
    "会议签到表.docx": ("会议签到表", sign_in),
}
