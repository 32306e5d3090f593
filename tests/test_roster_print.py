"""值日安排表 in an autumn term as printed (issue 15 "On paper", second round): 6- and 7-day
weeks fit one page with words whole, no checker notes on the form, no week after the term."""

import re

import docx
import pytest
from helpers import run_cli
from test_hazard_print import autumn_workspace

FOLDER = "outputs/值日安排"


def built(tmp_path):
    ws = autumn_workspace(tmp_path / "ws")
    result = run_cli("roster", "-w", ws)
    assert result.exit_code == 0, result.output
    return ws, result


def test_autumn_weeks_stop_at_the_term_and_carry_no_checker_notes(tmp_path):
    ws, result = built(tmp_path)
    folder = ws / FOLDER
    weeks = sorted(p.name for p in folder.glob("*值日安排表.docx"))
    assert weeks[-1] == "第20周 值日安排表.docx"  # 1月9日–1月15日; the term ends on Sunday 1月15日
    assert "2023年1月16日（星期一）不在本学期" in result.output  # duties after it: still warned
    assert "2022年10月3日（星期一）是法定节假日（国庆节）" in result.output
    for path in folder.glob("*值日安排表.docx"):
        text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        assert "注：" not in text and "请核实" not in text, path.name
    head = [c.text for c in docx.Document(str(folder / "第06周 值日安排表.docx")).tables[0].rows[0].cells]
    assert head[2].split("\n") == ["星期一", "10月3日", "国庆节", "节假日"]  # on duty: flagged
    assert head[-1].split("\n") == ["星期日", "10月9日", "调休上班"]


@pytest.mark.libreoffice
def test_six_and_seven_day_weeks_are_one_page_with_words_whole(tmp_path, soffice, poppler):
    from test_hazard_paper import page_text, pdf_pages

    from pipeline.pdf.soffice import convert

    ws, _ = built(tmp_path)
    folder = ws / FOLDER
    files = [folder / f"第{n:02d}周 值日安排表.docx" for n in (5, 6, 18, 20)]
    for pdf in convert(files, tmp_path / "pdf"):
        assert pdf_pages(pdf) == 1, pdf.name
        text = page_text(pdf, 1)
        lines = [re.sub(r"\s+", "", line) for line in text.splitlines()]
        for word in ("护学岗", "楼层值日", "学生食堂", "值周行政", "食堂陪餐"):
            assert word in lines, (pdf.name, word)
        joined = "\n".join(lines)
        assert not re.search(r"\d+月\d+\n日", joined), pdf.name
    six = re.sub(r"\s+", "", page_text(tmp_path / "pdf/第06周 值日安排表.pdf", 1))
    for word in ("10月3日", "10月9日", "调休上班", "国庆节"):
        assert word in six
