"""目录: the index of an inspection package, one row per document, numbered like an archive."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from pipeline.render import official
from pipeline.render.official import add_text

CENTER = WD_ALIGN_PARAGRAPH.CENTER
SIZE = Pt(9)  # 小五: six columns across the portrait text block

COLUMNS = [
    ("序号", "{{ row.no }}", 0.9, CENTER), ("档号", "{{ row.code }}", 2.9, CENTER),
    ("题名", "{{ row.title }}", 4.1, None), ("文件名", "{{ row.file }}", 4.0, None),
    # 期间 on two lines broken where a reader would (2022年2月 / 上半月, 2021—2022学年 / 第二学期)
    ("期间", "{{ row.period }}", 2.8, CENTER), ("页数", "{{ row.pages }}", 0.9, CENTER),
]


def _cell(cell, text, align=None, bold=False):
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.style = "表格文字"
    run = paragraph.add_run(text)
    official.run_font(run, official.BODY_FONT, SIZE, bold or None)
    if align is not None:
        paragraph.alignment = align


def catalogue():
    doc = official.new_document()
    doc.add_paragraph("后勤工作检查材料目录", style="Title")
    add_text(doc, "{{ school }}　{{ term }}　共 {{ count }} 件{{ pages_note }}", "表格文字", CENTER)
    table = doc.add_table(rows=4, cols=len(COLUMNS))
    official.format_table(table, [w for _, _, w, _ in COLUMNS], header_rows=1)
    official.side_padding(table, 0.1)
    header, start, body, end = table.rows
    for cell, (label, _, _, _) in zip(header.cells, COLUMNS, strict=True):
        _cell(cell, label, CENTER, bold=True)
    _cell(start.cells[0], "{%tr for row in rows %}")
    for cell, (_, text, _, align) in zip(body.cells, COLUMNS, strict=True):
        _cell(cell, text, align)
    _cell(end.cells[0], "{%tr endfor %}")
    add_text(doc, "说明：档号为“HQ-年度-类别号-序号”，类别号按下表的类别顺序编排，序号在类别内连续；"
             "页数按 PDF 计算，未转换 PDF 的文件不填。", "表格文字")
    add_text(doc, "", "Normal")
    table = doc.add_table(rows=1, cols=3)
    official.format_table(table, [4.6, 5.4, 5.6], header_rows=0)
    for cell, text in zip(table.rows[0].cells, ["编制：{{ filler }}", "审核：{{ logistics_head }}",
                                                "日期：{{ signed_date }}"], strict=True):
        cell.text = text
    official.no_borders(table)
    return doc


TEMPLATES = {"目录.docx": ("目录", catalogue)}
