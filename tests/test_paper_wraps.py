"""Text on paper wraps where a reader breaks it, never one character alone on a line (#15).

The 目录's 期间 column and the appendices of 学期工作计划 / 学期工作总结 are checked on the
sample's PDFs (the session's ``build --pdf``): pdftotext writes each line of a table cell
on its own line, so a line of one Chinese character is a character wrapped alone.
"""

import re
import subprocess
from pathlib import Path

import docx
import pytest

from pipeline.kinds.catalogue.catalogue import period_lines

LONE = re.compile(r"^[\u4e00-\u9fff）)]$")


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"[ \t]+", "", text).split("\f")  # pdftotext spaces Latin from Chinese: 2022 年


def _lone_lines(pages: list[str]) -> list[str]:
    found = []
    for page in pages:
        lines = [line.strip() for line in page.splitlines()]
        found += [f"{lines[i - 1]} / {line}" for i, line in enumerate(lines) if i and LONE.match(line)]
    return found


@pytest.mark.parametrize(("period", "lines"), [
    ("2022年2月上半月", "2022年2月\n上半月"),
    ("2022年7月下半月", "2022年7月\n下半月"),
    ("2021—2022学年第二学期", "2021—2022\n学年第二学期"),
    ("2022年3月", "2022年3月"),
    ("第3周", "第3周"),
])
def test_a_period_breaks_where_a_reader_would(period: str, lines: str) -> None:
    assert period_lines(period) == lines


def test_catalogue_periods_on_two_lines_in_word(sample_pdf_build: Path) -> None:
    table = docx.Document(str(sample_pdf_build / "outputs/目录.docx")).tables[0]
    periods = {row.cells[4].text for row in table.rows[1:]}
    assert {"2022年2月\n上半月", "2021—2022\n学年第二学期"} <= periods


def test_catalogue_has_no_character_alone_on_a_line(sample_pdf_build: Path) -> None:
    pages = _pages(sample_pdf_build / "outputs/目录.pdf")
    text = "\n".join(pages)
    assert "2022年2月\n上半月" in text and "2021—2022\n学年第二学期" in text
    assert re.search(r"^HQ-2022-01-001", text, re.M)  # 档号 whole on its line
    assert _lone_lines(pages) == []


@pytest.mark.parametrize("name", ["2021—2022学年第二学期后勤工作计划.pdf", "2021—2022学年第二学期后勤工作总结.pdf"])
def test_plan_and_summary_appendices_leave_no_character_alone(sample_pdf_build: Path, name: str) -> None:
    pages = _pages(sample_pdf_build / "outputs" / name)
    start = next(i for i, page in enumerate(pages) if re.search(r"^附件$", page, re.M))
    appendix = pages[start:]
    words = "\n".join(appendix)
    assert "评选金牌员工" in words.replace("\n", "") and "7~8月" in words.split()  # 时间 on one line
    assert _lone_lines(appendix) == [], name
