"""后勤员工年度考核表: one per employee; scores by month and item, attendance, result, signatures."""

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from pipeline.render import official
from pipeline.render.official import add_text, fill_cell, label_cell

CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
BLANK_DATE = "　　　　年　　月　　日"


def appraisal_form():
    doc = official.new_document()
    doc.add_paragraph("后勤员工{{ unit }}考核表", style="Title")
    add_text(doc, "（{{ period }}）", "表格文字", CENTER)

    info = doc.add_table(rows=3, cols=4)
    pairs = [("姓　　名", "{{ name }}", "工　　号", "{{ staff_id }}"),
             ("岗　　位", "{{ post }}", "部　　门", "{{ department }}"),
             ("入职日期", "{{ joined }}", "工　　龄", "{{ service }}")]
    for row, (l1, v1, l2, v2) in zip(info.rows, pairs, strict=True):
        label_cell(row.cells[0], l1)
        fill_cell(row.cells[1], v1, CENTER)
        label_cell(row.cells[2], l2)
        fill_cell(row.cells[3], v2, CENTER)
    official.format_table(info, [2.8, 5.0, 2.8, 5.0], header_rows=0)

    doc.add_paragraph("一、月度考核得分", style="Heading 1")
    # columns: 月份 | {%tc for %} | item | {%tc endfor %} | 月合计; the tag columns go when rendered
    scores = doc.add_table(rows=5, cols=5)
    rows = scores.rows
    label_cell(rows[0].cells[0], "月份")
    fill_cell(rows[0].cells[1], "{%tc for item in items %}")
    head = rows[0].cells[2]
    fill_cell(head, "{{ item.name }}", CENTER, bold=True)
    sub = head.add_paragraph("（{{ item.full }}分）")
    sub.alignment = CENTER
    fill_cell(rows[0].cells[3], "{%tc endfor %}")
    label_cell(rows[0].cells[4], "月合计\n{{ month_full }}分")  # never 月合计（100 / 分）
    fill_cell(rows[1].cells[0], "{%tr for m in months %}")
    body = rows[2].cells
    fill_cell(body[0], "{{ m.label }}", CENTER)
    fill_cell(body[1], "{%tc for score in m.scores %}")
    fill_cell(body[2], "{{ score }}", CENTER)
    fill_cell(body[3], "{%tc endfor %}")
    fill_cell(body[4], "{{ m.total }}", CENTER)
    fill_cell(rows[3].cells[0], "{%tr endfor %}")
    end = rows[4].cells
    label_cell(end[0], "月平均")
    fill_cell(end[1], "{%tc for score in item_means %}")
    fill_cell(end[2], "{{ score }}", CENTER)
    fill_cell(end[3], "{%tc endfor %}")
    fill_cell(end[4], "{{ mean }}", CENTER, bold=True)
    # docxtpl shares the table width equally once the {%tc %} loops are expanded
    official.format_table(scores, [3.12] * 5, header_rows=1)
    official.table_font(scores, official.BODY_FONT, Pt(10.5))
    add_text(doc, "考核{{ month_count }}个月；{{ unit }}平均分为各月合计的平均。", "表格文字")

    doc.add_paragraph("二、值日考勤", style="Heading 1")
    add_text(doc, "{%p if has_duty %}")
    add_text(doc, "考核期间安排值日{{ duty.assigned }}次，到岗{{ duty.present }}次，缺岗{{ duty.missed }}次，"
             "请假{{ duty.leave }}次，由他人替班{{ duty.covered }}次。缺岗每次扣{{ per_absence }}分，"
             "共扣{{ deduction }}分（请假、替班不扣分）。")
    add_text(doc, "{%p else %}")
    add_text(doc, "考核期间无值日安排记录，不扣分。")
    add_text(doc, "{%p endif %}")

    doc.add_paragraph("三、安全事故", style="Heading 1")
    add_text(doc, "{%p for i in incidents %}")
    add_text(doc, "{{ loop.index }}. {{ i.date }}：{{ i.description }}（一票否决：{{ i.veto }}）")
    add_text(doc, "{%p endfor %}")
    add_text(doc, "{%p if not incidents %}")
    add_text(doc, "考核期间无安全事故记录。")
    add_text(doc, "{%p endif %}")

    doc.add_paragraph("四、考核结果", style="Heading 1")
    result = doc.add_table(rows=7, cols=4)
    r = result.rows
    label_cell(r[0].cells[0], "{{ unit }}平均分")
    fill_cell(r[0].cells[1], "{{ mean }}", CENTER)
    label_cell(r[0].cells[2], "缺岗扣分")
    fill_cell(r[0].cells[3], "{{ deduction }}", CENTER)
    label_cell(r[1].cells[0], "最终得分")
    fill_cell(r[1].cells[1], "{{ final }}", CENTER)
    label_cell(r[1].cells[2], "名　　次")
    fill_cell(r[1].cells[3], "第{{ rank }}名（共{{ appraised }}人）", CENTER)
    label_cell(r[2].cells[0], "一票否决")
    fill_cell(r[2].cells[1], "{{ veto }}", CENTER)
    label_cell(r[2].cells[2], "金牌员工")
    fill_cell(r[2].cells[3], "{{ gold }}", CENTER)
    label_cell(r[3].cells[0], "考核等次")
    fill_cell(r[3].cells[1].merge(r[3].cells[3]), "{{ grade_boxes }}", CENTER)
    signed = [("个人述职要点", "本人签字：", 3.2), ("考核小组意见", "考核小组组长（签字）：", 2.4),
              ("分管领导意见", "分管领导（签字）：", 2.0)]
    for row, (label, signer, height) in zip(r[4:], signed, strict=True):
        label_cell(row.cells[0], label)
        cell = row.cells[1].merge(row.cells[3])
        cell.text = ""
        line = cell.add_paragraph(f"{signer}　　　　　　　{BLANK_DATE}")
        line.alignment = RIGHT
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        row.height = Cm(height)
    official.format_table(result, [2.8, 5.0, 2.8, 5.0], header_rows=0)

    add_text(doc, "{%p for line in rules %}", "表格文字")
    add_text(doc, "{{ line }}", "表格文字")
    add_text(doc, "{%p endfor %}", "表格文字")
    return doc


TEMPLATES = {"后勤员工年度考核表.docx": ("后勤员工年度考核表", appraisal_form)}
