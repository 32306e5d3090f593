"""What a QA tester playing the school clerk found (issues #16, #17), through the real CLI.

Each case writes a real .xlsx with openpyxl the way a clerk keeps it, runs `houqin check`
and asserts the exit code and the exact Chinese message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import TERM_SETTINGS, lines, run_cli
from helpers import check_cli as check

HZ = ["检查日期", "检查部位", "隐患类别", "隐患描述", "排查人", "整改责任人"]
ROSTER = ["日期", "岗位", "地点", "姓名", "到岗情况"]
STAFF = ["姓名", "工号", "岗位"]
SCORES = ["月份", "姓名", "考核项目", "得分"]
AUTUMN = TERM_SETTINGS.replace('term = 2', 'term = 1').replace(
    "start = 2022-02-14", "start = 2021-09-01").replace("end = 2022-06-30", "end = 2022-01-20")


def workspace(tmp_path: Path, settings: str = TERM_SETTINGS) -> Path:
    (tmp_path / "inputs").mkdir(parents=True, exist_ok=True)
    (tmp_path / "houqin.toml").write_text(settings, encoding="utf-8")
    return tmp_path


def book(path: Path, sheets: dict[str, Sequence[Sequence[Any]]], merges: dict[str, str] | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        if merges and name in merges:
            ws.merge_cells(merges[name])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def hz(day: object, place: str = "沛学楼一楼", category: str = "消防") -> list[Any]:
    return [day, place, category, "灭火器压力不足", "朱志刚", "谢丰"]


# --- 4. a month in a duplicate-key message -----------------------------------------------------


def test_a_duplicate_score_names_its_month_as_the_clerk_writes_it(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/员工考核.xlsx", {
        "员工名单": [STAFF, ["李强", "XJ1", "保安"]],
        "考核记录": [SCORES, ["2022-03", "李强", "职业道德", 18], ["2022年3月", "李强", "职业道德", 17]],
    })
    result = check(ws, 1)
    assert lines(result, "错误：") == [
        "员工考核.xlsx › 考核记录 › 第3行 › 月份：月份、姓名、考核项目「2022年3月 / 李强 / 职业道德」重复，与第2行相同"]


# --- 6. the date forms clerks type --------------------------------------------------------------


@pytest.mark.parametrize("typed", [
    "2022年3月5日（周六）", "2022年3月5日(星期六)", "2022.03.05.", "22-3-5", "22.3.5",
    "二〇二二年三月五日", "3/5", "3月5日"])
def test_common_date_forms_are_read(tmp_path, typed):
    ws = workspace(tmp_path)
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": [HZ, hz(typed)]})
    result = check(ws)
    assert lines(result, "错误：") == []
    from pipeline.reading.loader import load_inputs

    assert load_inputs(ws).records("隐患排查")[0]["检查日期"] == dt.date(2022, 3, 5)


def test_a_date_without_year_takes_the_year_of_its_month_in_an_autumn_term(tmp_path):
    ws = workspace(tmp_path, AUTUMN)
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": [HZ, hz("11月3日"), hz("1月5日")]})
    check(ws)
    from pipeline.reading.loader import load_inputs

    assert [r["检查日期"] for r in load_inputs(ws).records("隐患排查")] == [dt.date(2021, 11, 3), dt.date(2022, 1, 5)]


def test_the_date_hint_is_an_example_in_the_term(tmp_path):
    ws = workspace(tmp_path, AUTUMN)
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": [HZ, hz("11月3日"), hz("下周三")]})
    result = check(ws, 1)
    assert lines(result, "错误：") == [
        "隐患排查.xlsx › 隐患排查记录 › 第3行 › 检查日期：无法识别的日期「下周三」，应为 2021-09-05 或 2021年9月5日"]


# --- 2. a name lined up with a full-width space -------------------------------------------------


def test_a_name_lined_up_with_spaces_is_the_same_person(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/员工考核.xlsx", {
        "员工名单": [STAFF, ["陈　静", "XJ1", "保洁"], ["李\u00a0强", "XJ2", "保安"], ["Anna Li", "XJ3", "保安"]],
        "考核记录": [SCORES, ["2022-03", "陈静", "职业道德", 18], ["2022-03", "李强", "职业道德", 18]],
    })
    book(ws / "inputs/值日安排.xlsx", {"值日安排": [ROSTER, [dt.date(2022, 3, 1), "门卫", "南校门", "陈 静", "到岗"]]})
    result = check(ws)
    assert lines(result, "错误：") == []
    from pipeline.reading.loader import load_inputs

    staff = load_inputs(ws).records("员工考核", "员工名单")
    assert [r["姓名"] for r in staff] == ["陈静", "李强", "Anna Li"]


def test_a_name_not_on_the_staff_list_suggests_a_near_one(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/员工考核.xlsx", {
        "员工名单": [STAFF, ["陈静怡", "XJ1", "保洁"]],
        "考核记录": [SCORES, ["2022-03", "陈静", "职业道德", 18]],
    })
    result = check(ws, 1)
    assert lines(result, "错误：") == [
        "员工考核.xlsx › 考核记录 › 第2行 › 姓名：「陈静」不在 员工考核.xlsx › 员工名单 中；是否应为「陈静怡」？"
        "请核对姓名或把此人加入员工名单"]


# --- 8. a typo in a column of known values ------------------------------------------------------


def test_a_typo_in_a_post_is_a_warning_with_the_nearest_known_post(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/员工考核.xlsx", {"员工名单": [STAFF, ["陈静", "XJ1", "保按"], ["李强", "XJ2", "教师"]]})
    book(ws / "inputs/值日安排.xlsx", {"值日安排": [ROSTER, [dt.date(2022, 3, 1), "门位", "南校门", "陈静", "到岗"],
                                                [dt.date(2022, 3, 2), "门卫", "南校门", "李强", "到岗"]]})
    result = check(ws)
    assert lines(result, "警告：") == [
        "值日安排.xlsx › 值日安排 › 第2行 › 岗位：「门位」与常用的岗位「门卫」只差一个字；是否应为「门卫」？",
        "员工考核.xlsx › 员工名单 › 第2行 › 岗位：「保按」与常用的岗位「保安」只差一个字；是否应为「保安」？"]


def test_an_unknown_hazard_category_suggests_the_near_one(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": [HZ, hz(dt.date(2022, 3, 5), category="消访")]})
    result = check(ws, 1)
    assert lines(result, "错误：") == [
        "隐患排查.xlsx › 隐患排查记录 › 第2行 › 隐患类别：不是可选的值「消访」，应为 校舍建筑、消防、用电、设施设备、"
        "食品卫生、交通校车、危化品实验室、安保监控、校园周边、其他；是否应为「消防」？"]


# --- 1. rows copied from one month's sheet to the next -------------------------------------------


def test_rows_copied_to_the_next_months_sheet_are_said_and_still_read(tmp_path):
    ws = workspace(tmp_path)
    march = [hz(dt.date(2022, 3, d), f"部位{d}") for d in range(1, 8)]
    april = [hz(dt.date(2022, 4, d), f"部位{d}") for d in range(1, 8)]
    book(ws / "inputs/隐患排查.xlsx", {"3月": [HZ, *march], "4月": [HZ, *april, *march[2:5]]})
    result = check(ws)
    assert lines(result, "警告：") == [
        *(f"隐患排查.xlsx › 4月 › 第{r}行：与工作表「3月」第{r - 5}行完全相同，是否重复录入？如果是，请删去其中一行"
          for r in (9, 10, 11)),
        *(f"隐患排查.xlsx › 4月 › 第{d + 6}行 › 检查日期：日期 2022年3月{d}日 不在 4月；"
          "请核对日期，或把这一行移到它所在月份的工作表" for d in (3, 4, 5))]
    from pipeline.reading.loader import load_inputs

    assert len(load_inputs(ws).records("隐患排查")) == 17


def test_a_row_repeated_in_one_sheet_is_said(tmp_path):
    ws = workspace(tmp_path)
    rows = [hz(dt.date(2022, 3, 1), "部位1"), hz(dt.date(2022, 3, 2), "部位2"), hz(dt.date(2022, 3, 1), "部位1")]
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": [HZ, *rows]})
    result = check(ws)
    assert lines(result, "警告：") == [
        "隐患排查.xlsx › 隐患排查记录 › 第4行：与第2行完全相同，是否重复录入？如果是，请删去其中一行"]


# --- 5. notes right under the header -------------------------------------------------------------


@pytest.mark.parametrize(("row", "merge", "shown"), [
    (["填写说明：日期写成 2022-03-05，每条隐患一行"], "A2:F2", "填写说明：日期写成 2022-03-05，每条隐患一行"),
    (["填写说明：日期写成 2022-03-05"], None, "填写说明：日期写成 2022-03-05"),
    (["例：2022-03-05", "沛学楼一楼", "消防", "灭火器压力不足", "张三", "李四"], None, "例：2022-03-05"),
    (["以下为3月检查"], None, "以下为3月检查"),
])
def test_a_note_right_under_the_header_is_skipped_with_one_warning(tmp_path, row, merge, shown):
    ws = workspace(tmp_path)
    sheet = [HZ, row, hz(dt.date(2022, 3, 1)), hz(dt.date(2022, 3, 2), "部位2")]
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": sheet}, merges={"隐患排查记录": merge} if merge else None)
    result = check(ws)
    from pipeline.errors import show_value

    assert lines(result, "警告：") == [f"隐患排查.xlsx › 隐患排查记录 › 第2行：说明文字「{show_value(shown, 20)}」，不作为数据读取"]
    assert "隐患排查.xlsx › 隐患排查记录：2 行" in result.output


def test_a_section_line_between_months_is_skipped(tmp_path):
    ws = workspace(tmp_path)
    sheet = [HZ, ["以下为3月检查"], hz(dt.date(2022, 3, 1)), ["以下为4月检查"], hz(dt.date(2022, 4, 1))]
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": sheet})
    result = check(ws)
    assert lines(result, "警告：") == [
        "隐患排查.xlsx › 隐患排查记录 › 第2行：说明文字「以下为3月检查」，不作为数据读取",
        "隐患排查.xlsx › 隐患排查记录 › 第4行：说明文字「以下为4月检查」，不作为数据读取"]


# --- 7. duty days outside the term: check and build say the same ---------------------------------


def test_check_and_build_say_the_same_located_warning_for_duties_outside_the_term(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/值日安排.xlsx", {"值日安排": [
        ROSTER, [dt.date(2022, 6, 30), "门卫", "南校门", "陈静", "到岗"],
        [dt.date(2022, 7, 5), "门卫", "南校门", "陈静", "到岗"], [dt.date(2022, 7, 5), "护学岗", "南校门", "李强", "到岗"]]})
    expected = ("值日安排.xlsx › 值日安排 › 第3行 › 日期：2022年7月5日（星期二）不在本学期（2022年2月14日至2022年6月30日）内，"
                "但排有值日 2 人次；请核对日期或 houqin.toml 的 [term]")
    assert lines(check(ws), "警告：") == [expected]
    result = run_cli("roster", "-w", ws)
    assert result.exit_code == 0, result.output
    assert lines(result, "警告：") == [expected]


# --- 3. a workbook of another format saved under the name .xlsx ----------------------------------


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_an_xls_or_ods_named_xlsx_is_read_by_its_content(tmp_path, fmt):
    import subprocess

    from conftest import _require

    soffice = _require("soffice", "LibreOffice writes the .xls and .ods")
    made = book(tmp_path / "made/固定资产.xlsx", {"固定资产": [
        ["资产编号", "资产名称", "数量", "单价", "金额", "使用部门"],
        ["A-1", "台式电脑", 2, 4000, 8000, "教务处"], ["A-2", "投影仪", 1, 3000, 3000, "总务处"]]})
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", fmt, "--outdir", str(made.parent), str(made)],
                   check=True, capture_output=True, timeout=300)
    ws = workspace(tmp_path / "ws")
    (ws / "inputs/固定资产.xlsx").write_bytes((made.parent / f"固定资产.{fmt}").read_bytes())
    result = check(ws)
    assert lines(result, "错误：") == []
    assert "固定资产.xlsx › 固定资产：2 行" in result.output


def test_a_file_no_reader_can_open_says_so_in_chinese(tmp_path):
    ws = workspace(tmp_path)
    import zipfile

    with zipfile.ZipFile(ws / "inputs/固定资产.xlsx", "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    result = check(ws, 1)
    assert lines(result, "错误：") == [
        "固定资产.xlsx：无法作为 Excel 工作簿打开（文件可能已损坏，或不是 Excel/WPS 保存的表格），请在 Excel/WPS 中打开并另存为 .xlsx"]
