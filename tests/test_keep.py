"""A table's closing row (one cell across the table) is kept with the last data rows, so a
page never holds only the repeated header and the signatures: on real .docx files rendered
by both paths (fast, and docxtpl's for pictures), and in LibreOffice's PDF."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import PIL.Image
from docx import Document
from docx.oxml.ns import qn

from pipeline.render import official
from pipeline.render.images import Image
from pipeline.render.keep import KEPT_ROWS
from pipeline.render.word import CompiledDocx

MODIFIED = dt.datetime(2022, 3, 1, 8, 0, 0)


def template(path: Path, closing: bool = True, photo: bool = False) -> Path:
    """Header, a looped row, and (if ``closing``) a full-width 核对/签字 row."""
    doc = Document()
    doc.add_paragraph("留样记录", style="Title")
    if photo:
        doc.add_paragraph("{{ photo }}")
    table = doc.add_table(rows=5 if closing else 4, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["日期", "菜品", "留样人"], strict=True):
        cell.text = text
    official.repeat_header(table.rows[0])  # as every form's header row
    table.rows[1].cells[0].text = "{%tr for r in rows %}"
    for cell, text in zip(table.rows[2].cells, ["{{ r.day }}", "{{ r.dish }}", "{{ r.who }}"], strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    if closing:
        row = table.rows[4].cells
        row[0].merge(row[-1]).text = "核对：{{ check }}\n食堂负责人（签字）："
    doc.save(path)
    return path


def rows(n: int) -> list[dict[str, str]]:
    return [{"day": f"3月{i // 3 + 1}日", "dish": f"菜{i:02d}", "who": "许小红"} for i in range(n)]


def kept(data: bytes) -> list[bool]:
    """For each row of the first table: whether every paragraph in it keeps with the next."""
    table = Document(io.BytesIO(data)).tables[0]

    def on(paragraph) -> bool:
        element = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}")
        return element is not None and element.get(qn("w:val")) not in ("0", "false", "off")

    return [all(on(p) for c in row.cells for p in c.paragraphs) for row in table.rows]


def test_the_last_data_rows_keep_with_the_closing_row_which_never_splits(tmp_path: Path) -> None:
    data = CompiledDocx.load(template(tmp_path / "t.docx")).render(
        {"rows": rows(10), "check": "齐全"}, modified=MODIFIED).data
    assert kept(data) == [False] * (11 - KEPT_ROWS) + [True] * KEPT_ROWS + [False]
    closing = Document(io.BytesIO(data)).tables[0].rows[-1]._tr
    assert closing.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None


def test_the_header_row_is_never_marked_and_a_table_without_closing_row_is_left_alone(tmp_path: Path) -> None:
    compiled = CompiledDocx.load(template(tmp_path / "t.docx"))
    one = compiled.render({"rows": rows(1), "check": ""}, modified=MODIFIED).data
    assert kept(one) == [False, True, False]  # the header is the only row before the one data row
    plain = CompiledDocx.load(template(tmp_path / "p.docx", closing=False))
    assert not any(kept(plain.render({"rows": rows(10)}, modified=MODIFIED).data))


def test_docxtpls_path_for_pictures_keeps_them_too(tmp_path: Path) -> None:
    picture = io.BytesIO()
    PIL.Image.new("RGB", (4, 3), "red").save(picture, "PNG")
    rendered = CompiledDocx.load(template(tmp_path / "t.docx", photo=True)).render(
        {"rows": rows(10), "check": "齐全", "photo": Image(picture.getvalue(), width_mm=20)}, modified=MODIFIED)
    assert rendered.slow
    assert kept(rendered.data) == [False] * (11 - KEPT_ROWS) + [True] * KEPT_ROWS + [False]


def test_a_page_never_holds_only_the_header_and_the_signatures(
        tmp_path: Path, soffice: str, poppler: tuple[str, str]) -> None:
    """Rows that exactly fill page 1 used to leave page 2 with the header and the closing
    row alone; now the last two rows go with it, whatever the count."""
    compiled = CompiledDocx.load(template(tmp_path / "t.docx"))
    profile = (tmp_path / "profile").as_uri()
    sources = []
    for n in range(30, 46):  # around one full page of single-line rows, whichever fills it
        path = tmp_path / f"n{n}.docx"
        path.write_bytes(compiled.render({"rows": rows(n), "check": "齐全"}, modified=MODIFIED).data)
        sources.append(str(path))
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), *sources], check=True, capture_output=True, timeout=600)
    two_pages = 0
    for n in range(30, 46):
        pdf = tmp_path / "pdf" / f"n{n}.pdf"
        text = subprocess.run([poppler[0], "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        pages = ["".join(page.split()) for page in text.split("\f") if page.strip()]
        last = pages[-1]
        assert "核对" in last, n
        if len(pages) > 1:
            two_pages += 1
            assert sum(f"菜{i:02d}" in last for i in range(n)) >= KEPT_ROWS, (n, last)
    assert two_pages  # the range did cross a page


def test_a_total_row_of_merged_cells_closes_too_and_a_templates_keep_off_is_turned_on(tmp_path: Path) -> None:
    """本月合计 | amount | signatures (three cells over the grid) closes the table; a row whose
    template says keepNext w:val="0" (python-docx's keep_with_next = False) is kept all the same."""
    doc = Document()
    table = doc.add_table(rows=5, cols=4)
    table.style = "Table Grid"
    official.repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, ["日期", "品名", "金额", "验收人"], strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for r in rows %}"
    for cell, text in zip(table.rows[2].cells, ["{{ r.day }}", "{{ r.dish }}", "1.00", "{{ r.who }}"], strict=True):
        cell.text = text
        cell.paragraphs[0].paragraph_format.keep_with_next = False
    table.rows[3].cells[0].text = "{%tr endfor %}"
    total = table.rows[4].cells
    total[0].merge(total[1]).text = "本月合计"
    total[2].text = "{{ total }}"
    doc.save(tmp_path / "t.docx")
    data = CompiledDocx.load(tmp_path / "t.docx").render({"rows": rows(6), "total": "6.00"}, modified=MODIFIED).data
    assert kept(data) == [False] * (7 - KEPT_ROWS) + [True] * KEPT_ROWS + [False]


def test_a_subtotal_row_inside_a_list_keeps_the_row_before_it(tmp_path: Path) -> None:
    """本日小计 between the days: no page starts with a day's subtotal and none of its goods."""
    doc = Document()
    table = doc.add_table(rows=8, cols=3)
    table.style = "Table Grid"
    official.repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, ["日期", "菜品", "留样人"], strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for d in days %}"
    table.rows[2].cells[0].text = "{%tr for r in d.rows %}"
    for cell, text in zip(table.rows[3].cells, ["{{ r.day }}", "{{ r.dish }}", "{{ r.who }}"], strict=True):
        cell.text = text
    table.rows[4].cells[0].text = "{%tr endfor %}"
    sub = table.rows[5].cells
    sub[0].merge(sub[1]).text = "本日小计"
    table.rows[6].cells[0].text = "{%tr endfor %}"
    last = table.rows[7].cells
    last[0].merge(last[-1]).text = "核对"
    doc.save(tmp_path / "t.docx")
    days = [{"rows": rows(3)}, {"rows": rows(2)}, {"rows": rows(4)}]
    data = CompiledDocx.load(tmp_path / "t.docx").render({"days": days}, modified=MODIFIED).data
    # header; day 1: 3 rows, subtotal; day 2: 2 rows, subtotal; day 3: 4 rows, subtotal; closing
    assert kept(data) == [False, False, False, True, False, False, True, False, False, False, False, True,
                          True, False]
