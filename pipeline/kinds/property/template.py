"""公物检查通报 (one per month): a 公文-style notice with the rankings, the damaged items and the
rooms named for the evaluations; signed by the 综合管理中心 and dated the last check."""

from docx.enum.text import WD_ALIGN_PARAGRAPH

from pipeline.render import official
from pipeline.render.official import add_text, fill_cell, label_cell

CENTER = WD_ALIGN_PARAGRAPH.CENTER


def _loop_table(doc, headers, cells, widths, loop):
    """A table whose middle row repeats once per item of ``loop`` (the rows holding the tags go)."""
    table = doc.add_table(rows=4, cols=len(headers))
    header, start, body, end = table.rows
    for cell, text in zip(header.cells, headers, strict=True):
        label_cell(cell, text)
    fill_cell(start.cells[0], "{%tr for r in " + loop + " %}")
    for cell, (text, centred) in zip(body.cells, cells, strict=True):
        fill_cell(cell, text, CENTER if centred else None)
    fill_cell(end.cells[0], "{%tr endfor %}")
    official.format_table(table, widths, header_rows=1)
    return table


def _ranking(doc, what, loop):
    _loop_table(doc, ["名次", what, "扣分", "得分", "存在问题"],
                [("{{ r.rank }}", True), ("{{ r.room }}", True), ("{{ r.deduction }}", True),
                 ("{{ r.score }}", True), ("{{ r.issues }}", False)],
                [1.3, 4.4, 1.3, 1.3, 7.3], loop)


def notice():
    doc = official.new_document()
    doc.add_paragraph("公物检查通报", style="Title").paragraph_format.space_after = 0
    add_text(doc, "（{{ month }}）", "Normal", CENTER)
    add_text(doc, "为加强公物管理，培养师生爱护公物、节约资源的良好习惯，{{ dates }}，{{ inspectors }}"
                  "对{{ class_count }}个班级、{{ office_count }}个办公室的公物进行了检查（每月满分"
                  "{{ full_score }}分，按检查情况扣分）。现将检查结果通报如下。")
    doc.add_paragraph("一、班级得分与排名", style="Heading 1")
    _ranking(doc, "班级", "classes")
    doc.add_paragraph("二、办公室得分与排名", style="Heading 1")
    _ranking(doc, "办公室", "offices")
    doc.add_paragraph("三、损坏和缺失的公物", style="Heading 1")
    add_text(doc, "{%p if damages %}", "Normal")
    damages = _loop_table(doc, ["班级或办公室", "项目", "结果", "情况", "报修单"],
                [("{{ r.room }}", True), ("{{ r.item }}", True), ("{{ r.result }}", True),
                 ("{{ r.remarks }}", False), ("{{ r.repair }}", True)],
                [4.4, 2.2, 1.3, 3.6, 4.1], "damages")
    # the request's status under its number: `WX-2022-015` / `已完成，3月23日`
    cell = damages.rows[2].cells[4]
    status = cell.add_paragraph("{{ r.repair_status }}", style="表格文字")
    status.alignment = CENTER
    add_text(doc, "{%p else %}", "Normal")
    add_text(doc, "本月检查未发现损坏或缺失的公物。")
    add_text(doc, "{%p endif %}", "Normal")
    add_text(doc, "{%p if unclosed %}", "Normal")
    add_text(doc, "离开时未关闭门窗、灯具、风扇或电教设备（节约用电）的：{{ unclosed }}。")
    add_text(doc, "{%p endif %}", "Normal")
    doc.add_paragraph("四、评比表扬", style="Heading 1")
    add_text(doc, "本月公物保管得分前{{ best }}名、列入善真中队评比表扬的班级：{{ best_classes }}；"
                  "列入善真办公室评比表扬的办公室：{{ best_offices }}。")
    add_text(doc, "请存在问题的班级和办公室及时整改，损坏的公物及时报修；人为损坏公物的，按学校规定"
                  "照价赔偿，并纳入善真中队评比。")
    add_text(doc, "", "Normal")
    add_text(doc, "{{ school }}综合管理中心", "落款")
    add_text(doc, "{{ signed_date }}", "落款")
    return doc


TEMPLATES = {
    "公物检查通报.docx": ("公物检查通报", notice),
}
