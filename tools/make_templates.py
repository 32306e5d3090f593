"""Build the default Word templates in templates/ with the official styles.

Run after changing a template's layout: `python tools/make_templates.py`. The output is
deterministic (fixed properties), so an unchanged template gives an unchanged file.
People edit the exported copies in Word/WPS; these are only the starting point.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import official  # noqa: E402
from pipeline.output import atomic_write, normalise_zip  # noqa: E402


def new_document(header: str = "{{ school }}") -> Document:
    doc = Document()
    official.drop_unused_parts(doc)
    official.apply_official_styles(doc)
    official.add_header_text(doc, header)
    official.add_page_numbers(doc)
    return doc


def paragraph(doc, text: str, style: str = "正文", align=None):
    p = doc.add_paragraph(text, style=style)
    if align is not None:
        p.alignment = align
    return p


def letter() -> Document:
    """安全工作责任书: one per employee; the duties come from the data, by post."""
    doc = new_document()
    doc.add_paragraph("安全工作责任书", style="Title")
    paragraph(doc, "（{{ post }}岗位）", "Normal", WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc, "甲方：{{ school }}", "Normal")
    paragraph(doc, "乙方：{{ name }}（{{ post }}{% if staff_id %}，工号{{ staff_id }}{% endif %}）", "Normal")
    paragraph(doc, "{{ preamble }}")
    doc.add_paragraph("一、乙方安全职责", style="Heading 1")
    paragraph(doc, "{%p for duty in duties %}")
    paragraph(doc, "{{ loop.index }}. {{ duty }}")
    paragraph(doc, "{%p endfor %}")
    doc.add_paragraph("二、责任追究", style="Heading 1")
    paragraph(doc, "{%p for clause in accountability %}")
    paragraph(doc, "{{ loop.index }}. {{ clause }}")
    paragraph(doc, "{%p endfor %}")
    doc.add_paragraph("三、附则", style="Heading 1")
    paragraph(doc, "本责任书有效期为{{ period }}。本责任书一式两份，甲乙双方各执一份，自双方签字之日起生效。")
    paragraph(doc, "", "Normal")
    table = doc.add_table(rows=2, cols=2)
    cells = [
        ("甲方（盖章）：{{ school }}", "乙方（签字）："),
        ("负责人（签字）：{{ principal }}", "日期：{{ date }}"),
    ]
    for row, texts in zip(table.rows, cells, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    official.format_table(table, [9.6, 6.0], header_rows=0)
    tbl_pr = table._tbl.tblPr
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = official.put_child(tbl_pr, "tblBorders", official.TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    official.fix_core_properties(doc, "安全工作责任书")
    return doc


TEMPLATES = {"安全工作责任书.docx": letter}


def main() -> None:
    import io

    out = ROOT / "templates"
    out.mkdir(exist_ok=True)
    for name, build in TEMPLATES.items():
        buffer = io.BytesIO()
        build().save(buffer)
        atomic_write(out / name, normalise_zip(buffer.getvalue()))
        print(f"templates/{name}")


if __name__ == "__main__":
    main()
