"""学期工作计划 and 学期工作总结: a numbered narrative, then data (summary) and the checklist."""

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt

from pipeline.render import official
from pipeline.render.official import add_text

CENTER = WD_ALIGN_PARAGRAPH.CENTER


def _cell(cell, text, bold=False, align=None):
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.style = "表格文字"
    run = paragraph.add_run(text)
    if bold:
        official.run_font(run, official.BODY_FONT, None, True)
    if align is not None:
        paragraph.alignment = align


def narrative(doc, charts=False):
    """One paragraph per block, its style chosen by the block's level; a block's chart after it."""
    add_text(doc, "{%p for b in blocks %}", "Normal")
    add_text(doc, "{%p if b.level == 1 %}", "Normal")
    doc.add_paragraph("{{ b.text }}", style="Heading 1")
    for level in (2, 3, 4):
        add_text(doc, "{%p elif b.level == " + str(level) + " %}", "Normal")
        doc.add_paragraph("{{ b.text }}", style=f"Heading {level}")
    add_text(doc, "{%p elif loop.last %}", "Normal")
    # the closing paragraph keeps the 落款 company: never a page holding only the signature
    add_text(doc, "{{ b.text }}").paragraph_format.keep_with_next = True
    add_text(doc, "{%p else %}", "Normal")
    add_text(doc, "{{ b.text }}")
    add_text(doc, "{%p endif %}", "Normal")
    if charts:
        add_text(doc, "{%p if b.image %}", "Normal")
        picture = add_text(doc, "{{ b.image }}", "Normal", CENTER).paragraph_format
        picture.line_spacing_rule = WD_LINE_SPACING.SINGLE  # a fixed 28 pt line would crop the chart
        picture.space_before = Pt(6)
        picture.keep_with_next = True
        add_text(doc, "{{ b.caption }}", "表格文字", CENTER)
        add_text(doc, "{%p endif %}", "Normal")
    add_text(doc, "{%p endfor %}", "Normal")


def signed_with_appendix(doc, appendix, columns):
    """附件 line, 落款 (school, date), then the appendix on a page of its own (GB/T 9704 order)."""
    add_text(doc, "{%p if has_items %}", "Normal")
    add_text(doc, "", "Normal").paragraph_format.keep_with_next = True
    add_text(doc, "附件：" + appendix).paragraph_format.keep_with_next = True
    add_text(doc, "{%p endif %}", "Normal")
    add_text(doc, "", "Normal").paragraph_format.keep_with_next = True
    add_text(doc, "{{ school }}", "落款").paragraph_format.keep_with_next = True
    add_text(doc, "{{ date }}", "落款")
    add_text(doc, "{%p if has_items %}", "Normal")
    head = add_text(doc, "附件", "Heading 1")
    head.paragraph_format.first_line_indent = 0
    head.paragraph_format.page_break_before = True
    add_text(doc, appendix, "Title")
    checklist(doc, columns)
    add_text(doc, "{%p endif %}", "Normal")
    add_text(doc, "", "Normal")  # a document ends with a paragraph, not a table


def checklist(doc, columns):
    """时间 / 事项 / 责任人 (and 完成情况): one row per item, in the order of the input."""
    table = doc.add_table(rows=4, cols=len(columns))
    official.format_table(table, [w for _, w in columns], header_rows=1)
    for cell, (header, _) in zip(table.rows[0].cells, columns, strict=True):
        # 完成情况 on two lines of two in its narrow column, never 完成情 / 况
        _cell(cell, "完成\n情况" if header == "完成情况" else header, bold=True, align=CENTER)
    _cell(table.rows[1].cells[0], "{%tr for it in items %}")
    for cell, (header, _) in zip(table.rows[2].cells, columns, strict=True):
        _cell(cell, "{{ it." + header + " }}", align=CENTER if header in ("时间", "完成情况") else None)
    _cell(table.rows[3].cells[0], "{%tr endfor %}")
    return table


def term_plan():
    doc = official.new_document()
    doc.add_paragraph("{{ title }}", style="Title")
    narrative(doc)
    signed_with_appendix(doc, "后勤保障组学期工作清单", [("时间", 1.9), ("事项", 9.9), ("责任人", 3.8)])
    return doc


def term_summary():
    doc = official.new_document()
    doc.add_paragraph("{{ title }}", style="Title")
    narrative(doc, charts=True)
    signed_with_appendix(doc, "学期工作清单完成情况",
                         [("时间", 1.9), ("事项", 8.2), ("责任人", 3.8), ("完成情况", 1.7)])
    return doc


TEMPLATES = {
    "学期工作计划.docx": ("学期工作计划", term_plan),
    "学期工作总结.docx": ("学期工作总结", term_summary),
}
