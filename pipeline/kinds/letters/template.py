"""安全工作责任书: one per employee; the duties come from the data, by post."""

from docx.enum.text import WD_ALIGN_PARAGRAPH

from pipeline.render import official
from pipeline.render.official import add_text


def letter():
    doc = official.new_document()
    doc.add_paragraph("安全工作责任书", style="Title")
    add_text(doc, "（{{ post }}岗位）", "Normal", WD_ALIGN_PARAGRAPH.CENTER)
    add_text(doc, "甲方：{{ school }}", "Normal")
    add_text(doc, "乙方：{{ name }}（{{ post }}{% if staff_id %}，工号{{ staff_id }}{% endif %}）", "Normal")
    add_text(doc, "{{ preamble }}")
    doc.add_paragraph("一、乙方安全职责", style="Heading 1")
    add_text(doc, "{%p for duty in duties %}")
    add_text(doc, "{{ loop.index }}. {{ duty }}")
    add_text(doc, "{%p endfor %}")
    doc.add_paragraph("二、责任追究", style="Heading 1")
    add_text(doc, "{%p for clause in accountability %}")
    add_text(doc, "{{ loop.index }}. {{ clause }}")
    add_text(doc, "{%p endfor %}")
    doc.add_paragraph("三、附则", style="Heading 1")
    add_text(doc, "本责任书有效期为{{ period }}。本责任书一式两份，甲乙双方各执一份，自双方签字之日起生效。")
    add_text(doc, "", "Normal")
    # the signatures at body size (三号 仿宋), as the letter they close
    table = doc.add_table(rows=3, cols=2)
    cells = [
        ("甲方（盖章）：", "乙方（签字）："),
        ("负责人（签字）：{{ signer }}", ""),
        ("{{ date }}", "{{ date }}"),
    ]
    for row, texts in zip(table.rows, cells, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    official.format_table(table, [8.6, 7.0], header_rows=0)
    official.no_borders(table)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.style = "Normal"
    return doc


TEMPLATES = {"安全工作责任书.docx": ("安全工作责任书", letter)}
