"""The figures agree (issue #18): one rate formatter, one duration formatter.

The sample term with its 隐患排查 replaced by 16 hazards found in 2022年3月上半月, one of
them rectified (3月4日) and the rest never: the half-month form, the 安全工作月报, the
隐患整改台账 and the 学期工作总结 then all cover the same 16 hazards, so each must print
the same 整改率. 1 of 16 is 6.25%: rounded half up it is 6.3% (Python's ``round`` gave the
form 6.2% while the 总结 said 6.3%).
"""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from helpers import copy_sample, docx_text, run_cli, write_xlsx

from pipeline.reading.values import PERCENT_FORMAT, format_duration, format_rate

HEADER = ["检查日期", "检查类型", "检查部位", "隐患类别", "隐患描述", "风险等级", "排查人", "整改责任人",
          "责任部门", "整改措施", "整改期限", "完成日期"]
FORM = "outputs/安全隐患/2022年3月上半月 安全隐患排查整改表"
MONTHLY = "outputs/安全隐患/月报/2022年3月 安全工作月报"
LEDGER = "outputs/安全隐患/隐患整改台账.xlsx"
SUMMARY = "outputs/2021—2022学年第二学期后勤工作总结.docx"
RATE = re.compile(r"整改率：?([0-9.]+%|—)")


@pytest.fixture(scope="module")
def term(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = copy_sample(tmp_path_factory.mktemp("agree") / "ws")
    rows = [[f"2022-03-{day:02d}", "日巡视", f"沛学楼{day}号教室", "消防", "灭火器压力不足", "一般", "谢丰", "汤伟",
             "综合管理中心", "更换灭火器", "2022-06-30", "2022-03-04" if day == 1 else None]
            for day in range(1, 17) if day != 16] + [
        ["2022-03-15", "日巡视", "善真楼楼梯", "消防", "应急灯不亮", "一般", "谢丰", "汤伟", "综合管理中心",
         "更换应急灯", "2022-06-30", None]]
    write_xlsx(ws / "inputs/隐患排查.xlsx", [["安全隐患排查记录"], HEADER, *rows], sheet="隐患排查记录")
    for command in ("hazards", "summary"):
        result = run_cli(command, "-w", ws, "-q")
        assert result.exit_code == 0, result.output
    return ws


def rates(text: str) -> list[str]:
    return RATE.findall(text)


def xlsx_text(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v is not None)


def test_the_form_the_monthly_report_the_ledger_and_the_summary_print_one_rate(term: Path) -> None:
    printed = {
        "排查整改表.docx": rates(docx_text(term / f"{FORM}.docx")),
        "排查整改表.xlsx": rates(xlsx_text(term / f"{FORM}.xlsx")),
        "月报.docx": rates(docx_text(term / f"{MONTHLY}.docx")),
        "月报.xlsx": rates(xlsx_text(term / f"{MONTHLY}.xlsx")),
        "总结.docx": rates(docx_text(term / SUMMARY)),
    }
    assert printed == {name: ["6.3%"] for name in printed}
    assert "本期排查隐患16项，已整改1项，整改率6.3%；逾期0项。" in docx_text(term / f"{FORM}.docx")
    assert "本学期共排查安全隐患16项，已整改1项，整改率6.3%。" in docx_text(term / SUMMARY)
    # The 台账's 合计 rate is a number Excel shows with the formatter's own precision.
    summary = openpyxl.load_workbook(term / LEDGER)["汇总"]
    (total,) = [r for r in range(1, summary.max_row + 1) if summary.cell(r, 1).value == "合计"]
    cell = summary.cell(total, summary.max_column)
    assert cell.value.startswith("=IF(") and cell.number_format == PERCENT_FORMAT == "0.0%"
    cached = openpyxl.load_workbook(term / LEDGER, data_only=True)["汇总"].cell(total, summary.max_column)
    assert cached.value == pytest.approx(1 / 16)


def test_the_ledger_shows_the_same_rate_when_recalculated(term: Path, tmp_path: Path, soffice: str) -> None:
    """LibreOffice recomputes the 台账 and writes its 汇总 as shown: the 合计 row says 6.3%."""
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
                    "--outdir", str(tmp_path), str(term / LEDGER)], check=True, capture_output=True, timeout=180)
    with (tmp_path / "隐患整改台账.csv").open(encoding="utf-8") as f:
        (total,) = [row for row in csv.reader(f) if row and row[0] == "合计"]
    assert total[1] == "16" and total[-1] == "6.3%"


@pytest.mark.parametrize(("part", "whole", "text"), [
    (1, 16, "6.3%"), (1, 2, "50.0%"), (2, 3, "66.7%"), (1, 3, "33.3%"), (1815, 1826, "99.4%"),
    (0, 5, "0.0%"), (5, 5, "100.0%"), (1, 8, "12.5%"), (3, 0, "—"),
])
def test_a_rate_is_rounded_half_up_to_one_decimal_always(part: int, whole: int, text: str) -> None:
    assert format_rate(part, whole) == text


def test_a_whole_minute_is_written_one_way_in_the_monthly_report_and_the_drill_record(tmp_path: Path) -> None:
    """A drill of exactly 120 s reads `2分` on its record and in the 月报 (not `2分00秒` there)."""
    assert format_duration(120) == "2分" and format_duration(125) == "2分05秒"
    ws = copy_sample(tmp_path)
    book = openpyxl.load_workbook(ws / "inputs/演练记录.xlsx")
    sheet = book.worksheets[0]
    (march,) = [r for r in range(3, sheet.max_row + 1) if getattr(sheet.cell(r, 1).value, "month", 0) == 3]
    assert sheet.cell(2, 11).value == "疏散用时" and sheet.cell(march, 11).value == "1:58"
    sheet.cell(march, 11).value = "2分"
    book.save(ws / "inputs/演练记录.xlsx")
    for command in ("hazards", "drills"):
        result = run_cli(command, "-w", ws, "-q")
        assert result.exit_code == 0, result.output
    monthly = docx_text(ws / f"{MONTHLY}.docx")
    assert "2分00秒" not in monthly and "\n2分\n" in monthly
    (record,) = (ws / "outputs/应急演练").glob("2022-03-24 *.docx")
    assert "2分00秒" not in docx_text(record) and "2分" in docx_text(record)


def sheet_rows(path: Path, name: str) -> list[dict[str, object]]:
    """The data rows of a generated sheet by header (title row, optional subtitle, header)."""
    ws = openpyxl.load_workbook(path)[name]
    rows = list(ws.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r and r[0] in ("序号", "岗位"))
    header = rows[top]
    return [dict(zip(header, r, strict=False)) for r in rows[top + 1:]
            if r and r[0] not in ("合计", None) and any(isinstance(v, int) for v in r[1:])]


def test_the_monthly_reports_count_the_duties_as_the_roster_statistics_does(tmp_path: Path) -> None:
    """The 月报's 值日到岗 comes from the roster kind's figures: over the term's months it adds up
    to the roster's own 值日考勤统计 (安排, 到岗, 缺岗, 请假, 由他人替班)."""
    ws = copy_sample(tmp_path)
    for command in ("hazards", "roster"):
        result = run_cli(command, "-w", ws, "-q")
        assert result.exit_code == 0, result.output
    people = sheet_rows(ws / "outputs/值日安排/值日考勤统计.xlsx", "考勤统计")
    assert people and sum(int(p["缺岗（次）"]) for p in people) > 0
    reports = sorted((ws / "outputs/安全隐患/月报").glob("*.xlsx"))
    assert len(reports) == 6
    posts = [row for report in reports for row in sheet_rows(report, "值日到岗")]
    for post_column, person_column in (("应到", "安排值日（次）"), ("到岗", "到岗（次）"), ("缺岗", "缺岗（次）"),
                                       ("请假", "请假（次）"), ("替班", "由他人替班（次）")):
        assert sum(int(r[post_column]) for r in posts) == sum(int(p[person_column]) for p in people), post_column
