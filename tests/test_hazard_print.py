"""The hazard family as an inspector prints it in an autumn term (issue 15 "On paper", second
round): dates on one line, 4-character 类别, 逾期完成 in the 台账, period runs leave the 台账 alone,
the 月报's 合计 row and its 整改率 without hazards."""

import calendar
import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from helpers import copy_sample, run_cli

from pipeline.kinds.hazards import plan as hz

OUT = "outputs/安全隐患"
AUTUMN_END = dt.date(2023, 1, 15)


def _shifted(day: dt.datetime) -> dt.datetime:
    month = day.month + 7
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def autumn_workspace(target: Path) -> Path:
    """The sample moved to an autumn term (2022-09-01 to 2023-01-15): every input date +7
    months; hazards and drills after the term's end dropped (the loader refuses them)."""
    ws = copy_sample(target)
    toml = ws / "houqin.toml"
    text = toml.read_text("utf-8")
    for old, new in (("year = \"2021—2022\"", "year = \"2022—2023\""), ("term = 2 ", "term = 1 "),
                     ("start = 2022-02-14", "start = 2022-09-01"), ("end = 2022-07-01", "end = 2023-01-15")):
        assert old in text
        text = text.replace(old, new)
    toml.write_text(text, "utf-8")
    for path in (ws / "inputs").glob("*.xlsx"):
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            late = []
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, dt.datetime):
                        cell.value = _shifted(cell.value)
                if path.stem in ("隐患排查", "演练记录") and isinstance(row[0].value, dt.datetime) \
                        and row[0].value.date() > AUTUMN_END:
                    late.append(row[0].row)
            for r in reversed(late):
                sheet.delete_rows(r)
        book.save(path)
    return ws


def ledger_rows(path):
    book = openpyxl.load_workbook(path)
    rows = {}
    for sheet in book.worksheets[2:]:
        header = [c.value for c in sheet[2]]
        for row in sheet.iter_rows(min_row=3, values_only=True):
            if row[0] and str(row[0]).startswith("20"):
                rows[row[0]] = dict(zip(header, row, strict=False))
    return book, rows


def test_a_hazard_completed_after_its_deadline_is_marked_overdue_completed(tmp_path):
    ws = copy_sample(tmp_path / "ws")
    assert run_cli("hazards", "-w", ws).exit_code == 0
    book, rows = ledger_rows(ws / OUT / "隐患整改台账.xlsx")
    late = rows["2022-020"]  # 期限 4月12日, 完成 4月20日
    assert late["整改期限"] == dt.datetime(2022, 4, 12) and late["完成日期"] == dt.datetime(2022, 4, 20)
    assert late["是否逾期"] == "逾期完成" and late["整改状态"] == "已整改"
    # 逾期 still means open past the deadline: the one count (overdue_as_of) is unchanged
    assert sorted(n for n, r in rows.items() if r["是否逾期"] == "逾期") == [
        "2022-008", "2022-022", "2022-029", "2022-049"]
    on_time = [r for r in rows.values() if r["完成日期"] and r["整改期限"] and r["完成日期"] <= r["整改期限"]]
    assert on_time and all(not r["是否逾期"] for r in on_time)
    assert all((r["是否逾期"] == "逾期完成") == bool(r["完成日期"] and r["整改期限"] and r["完成日期"] > r["整改期限"])
               for r in rows.values() if r["整改状态"] == "已整改")
    notes = [c.value for row in book["汇总"].iter_rows() for c in row if c.value and "逾期完成" in str(c.value)]
    assert len(notes) == 1 and "逾期未整改隐患4项" in notes[0]


def test_late_mark_agrees_with_overdue_as_of(tmp_path):
    from test_hazard_paper import ctx_for

    ctx = ctx_for(copy_sample(tmp_path / "ws"))
    for day in (dt.date(2022, 4, 15), dt.date(2022, 7, 1)):
        overdue = {h.number for h in hz.overdue_as_of(ctx.hazards, day)}
        assert overdue == {h.number for h in ctx.hazards if h.found <= day and hz.late_mark(h, day) == "逾期"}


def test_a_period_run_leaves_the_term_ledger_alone(tmp_path):
    """A clerk's `--period 2022-03-1` replaced the whole-term 台账 with a Feb–Mar one "as of"
    3月15日; `--period 2022-08` left one with 0 hazards. The 台账 is made by whole-term runs only."""
    ws = copy_sample(tmp_path / "ws")
    ledger = ws / OUT / "隐患整改台账.xlsx"
    assert run_cli("hazards", "-w", ws).exit_code == 0
    before = ledger.read_bytes()
    _, rows = ledger_rows(ledger)
    assert len(rows) > 40
    for period in ("2022-03-1", "2022-06"):
        result = run_cli("hazards", "-w", ws, "--period", period)
        assert result.exit_code == 0, result.output
        assert ledger.read_bytes() == before, period
        assert "隐患整改台账.xlsx 覆盖整个学期，本次没有改动（已有的台账原样保留）" in result.output
    assert (ws / OUT / "2022年6月下半月 安全隐患排查整改表.docx").is_file()
    # a period run in a new workspace makes no 台账 at all, rather than a partial one
    fresh = copy_sample(tmp_path / "fresh")
    assert run_cli("hazards", "-w", fresh, "--period", "2022-03-1").exit_code == 0
    assert not (fresh / OUT / "隐患整改台账.xlsx").exists()
    assert (fresh / OUT / "2022年3月上半月 安全隐患排查整改表.docx").is_file()
    # without --period the warning is not given
    assert "覆盖整个学期" not in run_cli("hazards", "-w", fresh).output
    assert (fresh / OUT / "隐患整改台账.xlsx").is_file()


def test_short_dates_are_one_line_and_another_years_compact():
    assert hz.short_date(dt.date(2022, 12, 31), 2022) == "12月31日"
    assert hz.short_date(dt.date(2022, 3, 8), 2022) == "3月8日"
    assert hz.short_date(dt.date(2022, 9, 28), 2023) == "22.9.28"
    assert hz.short_date(dt.date(2022, 10, 31), 2023) == "22.10.31"


@pytest.mark.libreoffice
def test_autumn_forms_print_dates_and_categories_on_one_line(tmp_path, soffice, poppler):
    """Two-digit months, dates of the previous year and 4-character 类别 on one line each."""
    from test_hazard_paper import page_text, pdf_pages
    from test_hazards import form_rows

    from pipeline.pdf.soffice import convert

    ws = autumn_workspace(tmp_path / "ws")
    result = run_cli("hazards", "-w", ws)
    assert result.exit_code == 0, result.output
    forms = [ws / OUT / f"{p} 安全隐患排查整改表.docx" for p in ("2022年12月下半月", "2023年1月上半月")]
    pdfs = convert(forms, tmp_path / "pdf")
    seen = set()
    for form, pdf in zip(forms, pdfs, strict=True):
        rows = form_rows(form)
        lines = [re.sub(r"\s+", "", line) for page in range(1, pdf_pages(pdf) + 1)
                 for line in page_text(pdf, page).splitlines()]
        text = "\n".join(lines)
        for row in rows:
            for key in ("检查日期", "整改期限", "完成日期"):
                if row[key]:
                    seen.add(row[key])
                    assert row[key] in text, (form.name, row[key])  # not broken over lines
            if row["复查情况"]:
                assert row["复查情况"].split("\n")[0] in text
            if len(row["隐患类别"]) == 4:
                seen.add(row["隐患类别"])
                assert row["隐患类别"] in text, (form.name, row["隐患类别"])
    assert {"12月31日", "10月31日", "22.12.31", "安保监控", "校舍建筑"} <= seen


def test_the_form_workbook_keeps_statuses_whole_and_no_line_starts_with_punctuation(tmp_path):
    ws = autumn_workspace(tmp_path / "ws")
    assert run_cli("hazards", "-w", ws, "--period", "2022-12-2").exit_code == 0
    sheet = openpyxl.load_workbook(ws / OUT / "2022年12月下半月 安全隐患排查整改表.xlsx").active
    header = [c.value for c in sheet[3]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=4, values_only=True)
            if isinstance(r[0], int)]
    assert len(rows) == 10
    for row in rows:
        assert row["整改情况"].split("\n") in (
            ["☑已整改", "☐整改中", "☐未整改"], ["☐已整改", "☑整改中", "☐未整改"], ["☐已整改", "☐整改中", "☑未整改"])
    reviewed = next(r for r in rows if r["编号"] == "2022-038")
    assert reviewed["复查情况"] == "2022年12月30日\n周静\n已整改到位"
    carried = next(r for r in rows if r["编号"] == "2022-008")
    assert carried["备注"].startswith("上期遗留、逾期\n新购摄像头")
    for row in rows:
        for key in ("复查情况", "备注"):
            assert not any(line.startswith(("，", "；")) for line in (row[key] or "").split("\n")), row


def test_the_monthly_report_prints_short_drill_dates_a_total_row_and_a_rate_without_hazards(tmp_path):
    import docx
    from helpers import docx_text

    ws = copy_sample(tmp_path / "ws")
    assert run_cli("hazards", "-w", ws).exit_code == 0
    june = ws / OUT / "月报/2022年6月 安全工作月报.docx"
    tables = docx.Document(str(june)).tables
    checks, cats, drills = tables[0], tables[1], tables[2]
    assert [c.text for c in checks.rows[0].cells] == ["检查类型", "天数/次数", "说明"]
    assert checks.rows[1].cells[1].text.endswith("天") and checks.rows[2].cells[1].text.endswith("次")
    body = [[c.text for c in row.cells] for row in cats.rows[1:-1]]
    total = [c.text for c in cats.rows[-1].cells]
    assert total[0] == "合计"
    assert [int(x) for x in total[1:]] == [sum(int(r[i]) for r in body) for i in range(1, 5)]
    book = openpyxl.load_workbook(ws / OUT / "月报/2022年6月 安全工作月报.xlsx", data_only=False)
    assert [c.value for c in book["检查情况"][3]][:2] == ["检查类型", "天数/次数"]
    assert "6月16日" in [c.text for c in drills.columns[0].cells]
    assert "2022年6月16日" not in docx_text(june).split("三、应急演练")[1].split("四、")[0]
    # July: the term ends on 7月1日, no hazard found on that day
    july = docx_text(ws / OUT / "月报/2022年7月 安全工作月报.docx")
    assert "月份：2022年7月（截至7月1日）" in july
    assert "整改率：—（本月未发现隐患）" in july and "整改率—" not in july
    july_book = openpyxl.load_workbook(ws / OUT / "月报/2022年7月 安全工作月报.xlsx")
    texts = [str(c.value) for row in july_book["隐患统计"].iter_rows() for c in row if c.value]
    assert any("整改率：—（本月未发现隐患）" in t for t in texts)
    assert any("2022年7月（截至7月1日）" in t for t in texts)
    # a whole month keeps its plain label
    assert "月份：2022年6月    " in docx_text(june) or "月份：2022年6月\n" in docx_text(june)
