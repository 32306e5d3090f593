"""Workbooks shaped the way school offices really keep them (issue #16), through the real CLI.

Every case builds a real .xlsx with openpyxl, runs `houqin check` (and `build` or a kind's
command where the documents prove it) on a workspace in tmp_path, and asserts one outcome:
the right number of rows read, counted per sheet, or a located Chinese error with exit 1 —
never exit 0 with rows lost.

Decisions these tests pin down:
* hidden *sheets* are never read (a warning names them); hidden *columns* are read like any
  other (hiding a column is how people tidy the view, not how they delete data);
* a merged cell over several data rows (部位 merged over three hazards) gives its value to
  every row it covers;
* two tables on one sheet with the same header are read together (the repeated header and
  the second table's title line are said in warnings); a second table with another header
  is a located error, and nothing below it is read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import TERM_SETTINGS, run_cli, tree_hash
from helpers import check_cli as check
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.reading.loader import load_inputs

HZ = ["检查日期", "检查部位", "隐患类别", "隐患描述", "排查人", "整改责任人"]
ASSET = ["资产编号", "资产名称", "数量", "单价", "金额", "使用部门"]
ROSTER = ["日期", "岗位", "地点", "姓名", "到岗情况"]
TERM_START = dt.date(2022, 2, 14)


def hz(day: dt.date | str, place: str = "沛学楼一楼") -> list[Any]:
    return [day, place, "消防", "灭火器压力不足", "朱志刚", "谢丰"]


def days_in(month: int, n: int) -> list[dt.date]:
    """n school days of a month of the spring term, from the 14th (February) or the 1st."""
    first = dt.date(2022, month, 14 if month == 2 else 1)
    return [first + dt.timedelta(days=i) for i in range(n)]


def workspace(tmp_path: Path, settings: str = TERM_SETTINGS) -> Path:
    (tmp_path / "inputs").mkdir(parents=True, exist_ok=True)
    (tmp_path / "houqin.toml").write_text(settings, encoding="utf-8")
    return tmp_path


def book(
    path: Path,
    sheets: dict[str, Sequence[Sequence[Any]]],
    *,
    hidden: Sequence[str] = (),
    merges: dict[str, Sequence[str]] | None = None,
    setup: Callable[[openpyxl.Workbook], None] | None = None,
) -> Path:
    """A workbook of the given sheets (rows from A1), some hidden, some cells merged."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for ref in (merges or {}).get(name, ()):
            ws.merge_cells(ref)
        if name in hidden:
            ws.sheet_state = "hidden"
    if setup:
        setup(wb)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def counts(result: Any) -> dict[str, int]:
    """`隐患排查.xlsx › 2月：8 行` lines of check's summary, as {"隐患排查.xlsx › 2月": 8}."""
    return {m[1]: int(m[2]) for m in re.finditer(r"^(.+ › .+)：(\d+) 行$", result.output, re.M)}


def warnings(result: Any) -> list[str]:
    return [line.removeprefix("警告：") for line in result.output.splitlines() if line.startswith("警告：")]


def errors(result: Any) -> list[str]:
    return [line.removeprefix("错误：") for line in result.output.splitlines() if line.startswith("错误：")]


# --- sheets ---------------------------------------------------------------------------------


def monthly_hazards(ws: Path) -> dict[str, int]:
    sizes = {2: 8, 3: 10, 4: 12, 5: 11, 6: 11}
    book(ws / "inputs/隐患排查.xlsx", {
        f"{m}月": [[f"{m}月安全隐患排查记录"], HZ, *(hz(d, f"{m}月部位{i}") for i, d in enumerate(days_in(m, n)))]
        for m, n in sizes.items()
    }, merges={f"{m}月": ["A1:F1"] for m in sizes})
    return {f"隐患排查.xlsx › {m}月": n for m, n in sizes.items()}


def test_monthly_sheets_are_all_read_in_order_and_counted_per_sheet(tmp_path):
    ws = workspace(tmp_path)
    expected = monthly_hazards(ws)
    result = check(ws)
    assert counts(result) == expected  # 52 hazards, none of the 42 after February lost
    assert warnings(result) == []
    records = load_inputs(ws).records("隐患排查")
    assert len(records) == 52
    assert [r.where.sheet for r in records][:9] == ["2月"] * 8 + ["3月"]
    assert records[8].where.row == 3  # located by its own sheet


def test_monthly_sheets_reach_the_documents(tmp_path):
    ws = workspace(tmp_path)
    monthly_hazards(ws)
    result = run_cli("hazards", "-w", ws)
    assert result.exit_code == 0, result.output
    ledger = openpyxl.load_workbook(ws / "outputs/安全隐患/隐患整改台账.xlsx")
    months = ["2022年2月", "2022年3月", "2022年4月", "2022年5月", "2022年6月"]
    numbered = [row[0] for name in months for row in ledger[name].iter_rows(values_only=True)
                if isinstance(row[0], str) and re.fullmatch(r"\d{4}-\d{3}", row[0])]
    assert len(numbered) == 52
    assert ledger.sheetnames == ["汇总", "逾期清单", *months]


def test_weekly_roster_sheets_are_all_read(tmp_path):
    ws = workspace(tmp_path)
    weeks = {}
    for k in range(1, 21):
        monday = TERM_START + dt.timedelta(weeks=k - 1)
        weeks[f"第{k}周"] = [ROSTER] + [[monday + dt.timedelta(days=d), "楼层值日", "沛学楼", "王秀英", "到岗"]
                                        for d in range(5)]
    weeks["说明"] = [["每周一张表，按周填写"]]
    book(ws / "inputs/值日安排.xlsx", weeks)
    result = check(ws)
    assert counts(result) == {f"值日安排.xlsx › 第{k}周": 5 for k in range(1, 21)}
    assert warnings(result) == [
        "值日安排.xlsx › 说明：这张工作表中没有值日安排的表头，未读取",
        "值日安排.xlsx › 第20周 › 第6行 › 日期：2022年7月1日（星期五）不在本学期（2022年2月14日至2022年6月30日）内，"
        "但排有值日 1 人次；请核对日期或 houqin.toml 的 [term]",
        # the roster kind's own warnings, which `check` says before `build` does
        *(f"inputs/值日安排.xlsx › 值日安排：{day}是法定节假日（{name}），但排有值日 1 人次；值日安排表中已标注，请核实"
          for day, name in (("2022年4月4日（星期一）", "清明"), ("2022年4月5日（星期二）", "清明"),
                            ("2022年5月2日（星期一）", "劳动节"), ("2022年5月3日（星期二）", "劳动节"),
                            ("2022年5月4日（星期三）", "劳动节"), ("2022年6月3日（星期五）", "端午")))]


def test_a_hidden_backup_with_the_inputs_own_name_is_not_read(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/隐患排查.xlsx", {
        "隐患排查记录": [HZ, *(hz(d) for d in days_in(3, 2))],  # last year's backup, hidden
        "本学期": [HZ, *(hz(d) for d in days_in(4, 5))],
    }, hidden=["隐患排查记录"])
    result = check(ws)
    assert counts(result) == {"隐患排查.xlsx › 本学期": 5}
    assert warnings(result) == ["隐患排查.xlsx › 隐患排查记录：隐藏的工作表，未读取；如果要读取它，请在 Excel/WPS 中取消隐藏"]


def test_the_sheet_named_exactly_wins_over_last_terms_copy_placed_first(tmp_path):
    ws = workspace(tmp_path)
    autumn = [dt.date(2021, 10, d) for d in range(1, 8)]
    book(ws / "inputs/隐患排查.xlsx", {
        "隐患排查记录（上学期）": [HZ, *(hz(d) for d in autumn)],
        "隐患排查记录": [HZ, *(hz(d) for d in days_in(3, 4))],
    })
    result = check(ws)
    assert counts(result) == {"隐患排查.xlsx › 隐患排查记录": 4}
    assert warnings(result) == [
        "隐患排查.xlsx › 隐患排查记录（上学期）：工作表「隐患排查记录（上学期）」也有隐患排查记录的表头，但未读取"
        "（读取的是 「隐患排查记录」）；如果也要读取，请把它的数据合并到读取的工作表中"]


def test_a_sheet_whose_dates_all_lie_outside_the_term_is_left_out(tmp_path):
    ws = workspace(tmp_path)
    autumn = [dt.date(2021, 10, d) for d in range(1, 8)]
    book(ws / "inputs/隐患排查.xlsx", {
        "上学期": [HZ, *(hz(d) for d in autumn)],
        "本学期": [HZ, *(hz(d) for d in days_in(3, 6))],
    })
    result = check(ws)
    assert counts(result) == {"隐患排查.xlsx › 本学期": 6}
    assert warnings(result) == [
        "隐患排查.xlsx › 上学期：这张工作表的日期都不在本学期（2022年2月14日至2022年6月30日）内，未读取；"
        "如果应该读取，请核对日期或 houqin.toml 的 [term]"]


def test_one_sheet_wholly_outside_the_term_is_still_an_error_not_dropped(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/演练记录.xlsx", {"演练记录": [["演练日期", "演练名称", "总指挥"],
                                                 [dt.date(2021, 10, 12), "消防疏散演练", "周静"]]})
    result = check(ws, 1)
    assert errors(result) == [
        "演练记录.xlsx › 演练记录 › 第2行 › 演练日期：日期不在本学期（2022年2月14日至2022年6月30日）内；"
        "请核对日期或 houqin.toml 的 [term]"]


def test_a_copied_sheet_is_ambiguous_and_the_candidates_are_listed(tmp_path):
    ws = workspace(tmp_path)
    rows = [HZ, *(hz(d) for d in days_in(3, 3))]
    book(ws / "inputs/隐患排查.xlsx", {"Sheet1": rows, "Sheet1 (2)": rows})
    result = check(ws, 1)
    assert errors(result) == [
        "隐患排查.xlsx：工作表 「Sheet1」、「Sheet1 (2)」 都有隐患排查记录的表头，其中「Sheet1 (2)」像是副本，"
        "houqin 不知道读哪些；请把要读的一张改名为「隐患排查记录」，或删去副本"]


def test_two_sheets_named_by_aliases_are_ambiguous(tmp_path):
    ws = workspace(tmp_path)
    rows = [HZ, *(hz(d) for d in days_in(3, 3))]
    book(ws / "inputs/隐患排查.xlsx", {"排查记录": rows, "安全隐患排查": rows})
    result = check(ws, 1)
    assert errors(result) == [
        "隐患排查.xlsx：工作表 「排查记录」、「安全隐患排查」 都可能是隐患排查记录，houqin 不知道读哪一张；"
        "请把要读的一张改名为「隐患排查记录」，或删去不用的"]


STAFF = [["姓名", "工号", "岗位"], ["王秀英", "XJ101", "保安"], ["李娜", "XJ102", "保洁"]]


def test_the_three_sheets_of_the_staff_workbook_still_work_beside_a_hidden_one(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/员工考核.xlsx", {
        "员工名单": STAFF,
        "考核记录": [["月份", "姓名", "考核项目", "得分"], ["2022-03", "王秀英", "职业道德", 18],
                 ["2022-03", "李娜", "职业道德", 19]],
        "安全事故": [["日期", "姓名", "事故描述"], [dt.date(2022, 4, 1), "李娜", "拖地未放警示牌"]],
        "下拉选项": [["职业道德"], ["工作职责"]],
    }, hidden=["下拉选项"])
    result = check(ws)
    assert counts(result) == {"员工考核.xlsx › 员工名单": 2, "员工考核.xlsx › 考核记录": 2,
                              "员工考核.xlsx › 安全事故": 1}
    assert warnings(result) == ["员工考核.xlsx › 下拉选项：隐藏的工作表，未读取；如果要读取它，请在 Excel/WPS 中取消隐藏"]


# --- totals, notes and other rows that are not data ---------------------------------------


def assets_rows(n: int = 4) -> list[list[Any]]:
    return [[f"XJ-{i:03d}", f"空调{i}", 2, 3000, 6000, "总务处"] for i in range(1, n + 1)]


@pytest.mark.parametrize("label", ["合计", "合  计", "合计：", "总计", "小计"])
def test_a_totals_row_at_the_bottom_of_the_asset_list_is_not_an_asset(tmp_path, label):
    ws = workspace(tmp_path)
    book(ws / "inputs/固定资产.xlsx", {"固定资产": [
        ["固定资产登记"], ASSET, *assets_rows(), [label, label, 8, None, 24000, None]]},
        merges={"固定资产": ["A1:F1", "A7:B7"]})
    result = check(ws)
    assert counts(result) == {"固定资产.xlsx › 固定资产": 4}
    assert warnings(result) == [f"固定资产.xlsx › 固定资产 › 第7行：「{label.replace(' ', '')}」行，不作为数据读取"]
    amounts = [r["金额"] for r in load_inputs(ws).records("固定资产")]
    assert sum(amounts) == Decimal("24000.00")  # the ledger total no longer doubles


def test_the_asset_ledger_is_not_doubled_by_a_sum_formula_totals_row(tmp_path):
    """Offices total with =SUM(); the row is skipped before its (uncached) formulas are read."""
    ws = workspace(tmp_path)
    book(ws / "inputs/固定资产.xlsx", {"固定资产": [
        ASSET, *assets_rows(3), ["合计", None, "=SUM(C2:C4)", None, "=SUM(E2:E4)", None]]})
    result = run_cli("assets", "-w", ws)
    assert result.exit_code == 0, result.output
    assert "固定资产.xlsx › 固定资产 › 第5行：「合计」行，不作为数据读取" in result.output
    ledger = openpyxl.load_workbook(ws / "outputs/固定资产/固定资产台账.xlsx")
    names = [c for sheet in ledger for row in sheet.iter_rows(values_only=True) for c in row
             if isinstance(c, str) and c.startswith("空调")]
    assert names and "合计" not in [r["资产名称"] for r in load_inputs(ws).records("固定资产")]


def test_subtotals_per_department_and_an_unlabelled_sum_row(tmp_path):
    ws = workspace(tmp_path)
    rows = [ASSET,
            ["A-1", "电脑", 2, 4000, 8000, "教务处"], ["A-2", "打印机", 1, 2000, 2000, "教务处"],
            ["小计", None, 3, None, 10000, None],
            ["B-1", "空调", 3, 3000, 9000, "总务处"], ["B-2", "冰柜", 1, 5000, 5000, "总务处"],
            [None, None, 4, None, 14000, None],  # a totals row nobody labelled
            ["总  计", None, 7, None, 24000, None]]
    book(ws / "inputs/固定资产.xlsx", {"固定资产": rows})
    result = check(ws)
    assert counts(result) == {"固定资产.xlsx › 固定资产": 4}
    assert warnings(result) == [
        "固定资产.xlsx › 固定资产 › 第4行：「小计」行，不作为数据读取",
        "固定资产.xlsx › 固定资产 › 第7行：这一行的数等于上面各行之和，按合计行处理，不作为数据读取；如果这是一行数据，请把必填的列填全",
        "固定资产.xlsx › 固定资产 › 第8行：「总计」行，不作为数据读取",
    ]


def test_a_row_that_only_looks_like_a_sum_but_is_complete_is_data(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/固定资产.xlsx", {"固定资产": [
        ASSET, ["A-1", "椅子", 1, 100, 100, None], ["A-2", "椅子", 1, 100, 100, None],
        ["A-3", "桌子", 2, 100, 200, None]]})
    assert counts(check(ws)) == {"固定资产.xlsx › 固定资产": 3}


def test_notes_and_signature_lines_below_the_data(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": [
        HZ, *(hz(d) for d in days_in(3, 3)), [],
        ["填表说明：每发现一处隐患填一行"], ["1. 日期写成 2022-03-05"], ["2. 类别从下拉列表选择"],
        ["制表人：朱志刚", None, "审核：周静", None, "日期："]]},
        merges={"隐患排查记录": ["A6:F6", "A7:F7", "A8:F8"]})
    result = check(ws)
    assert counts(result) == {"隐患排查.xlsx › 隐患排查记录": 3}
    assert warnings(result) == [
        "隐患排查.xlsx › 隐患排查记录 › 第6行：说明文字「填表说明：每发现一处隐患填一行」，不作为数据读取",
        "隐患排查.xlsx › 隐患排查记录 › 第7行：说明文字「1. 日期写成 2022-03-05」，不作为数据读取",
        "隐患排查.xlsx › 隐患排查记录 › 第8行：说明文字「2. 类别从下拉列表选择」，不作为数据读取",
        "隐患排查.xlsx › 隐患排查记录 › 第9行：说明文字「制表人：朱志刚」，不作为数据读取",
    ]


def test_a_units_row_under_the_header(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/固定资产.xlsx", {"固定资产": [
        ASSET, [None, None, "（台）", "（元）", "（元）", None], *assets_rows(3)]})
    result = check(ws)
    assert counts(result) == {"固定资产.xlsx › 固定资产": 3}
    assert warnings(result) == []
    assert load_inputs(ws).records("固定资产")[0].where.row == 3


# --- headers ----------------------------------------------------------------------------------


def test_a_two_row_header_with_a_merged_group_over_sub_headers(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/演练记录.xlsx", {"演练记录": [
        ["应急演练记录"],
        ["演练日期", "演练名称", "总指挥", "人数", "人数", "疏散用时"],
        ["演练日期", "演练名称", "总指挥", "应到", "实到", "疏散用时"],
        [dt.date(2022, 3, 10), "消防疏散演练", "周静", 1826, 1812, "2分15秒"],
        [dt.date(2022, 4, 21), "地震避险演练", "周静", 1826, 1830, "1:58"],
    ]}, merges={"演练记录": ["A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3"]})
    result = check(ws)
    assert counts(result) == {"演练记录.xlsx › 演练记录": 2}
    assert warnings(result) == [
        "演练记录.xlsx › 演练记录 › 第5行 › 人数/实到：实到人数 1830 多于应到人数 1826，请核对",
        # the drills kind's own warning, which `check` says before `build` does
        *(f"inputs/演练记录.xlsx：2022年{m}月没有应急演练记录；按规定每月至少组织一次应急演练" for m in (2, 5, 6))]
    records = load_inputs(ws).records("演练记录")
    assert [(r["应到人数"], r["实到人数"], r["疏散用时"]) for r in records] == [(1826, 1812, 135), (1826, 1830, 118)]


def test_a_header_with_line_breaks_trailing_spaces_and_another_order(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": [
        ["整改责任人 ", "隐患\n描述", "检查\n日期", " 检查部位", "隐患类别  ", "排查人"],
        ["谢丰", "灭火器过期", dt.date(2022, 3, 5), "沛学楼", "消防", "朱志刚"],
        ["谢丰", "插座松动", "下周三", "善真楼", "用电", "朱志刚"],
    ]})
    result = check(ws, 1)
    assert errors(result) == [
        "隐患排查.xlsx › 隐患排查记录 › 第3行 › 检查日期：无法识别的日期「下周三」，应为 2022-03-05 或 2022年3月5日"]


def test_a_blank_column_between_data_columns_and_a_sheet_named_sheet1(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/隐患排查.xlsx", {"Sheet1": [
        [*HZ[:3], None, *HZ[3:]], *([*r[:3], None, *r[3:]] for r in (hz(d) for d in days_in(3, 4)))]})
    result = check(ws)
    assert counts(result) == {"隐患排查.xlsx › Sheet1": 4}
    assert warnings(result) == []


def test_title_and_filler_rows_above_the_header(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": [
        ["常州市新北区薛家实验小学安全隐患排查记录"], ["填表人：朱志刚", None, None, None, "2022年3月"], [],
        HZ, *(hz(d) for d in days_in(3, 5))]}, merges={"隐患排查记录": ["A1:F1"]})
    assert counts(check(ws)) == {"隐患排查.xlsx › 隐患排查记录": 5}


# --- what Excel and WPS add around the data ----------------------------------------------------


def _hazard_sheet_with(setup: Callable[[Any], None]) -> Callable[[openpyxl.Workbook], None]:
    def apply(wb: openpyxl.Workbook) -> None:
        setup(wb["隐患排查记录"])
    return apply


@pytest.mark.parametrize("feature", [
    pytest.param(lambda ws: setattr(ws.auto_filter, "ref", "A2:G7"), id="autofilter"),
    pytest.param(lambda ws: setattr(ws, "freeze_panes", "B3"), id="frozen-panes"),
    pytest.param(lambda ws: ws.add_data_validation(_validation(ws)), id="data-validation"),
    pytest.param(lambda ws: setattr(ws["A2"], "comment", Comment("写成 2022-03-05", "朱志刚")), id="comments"),
    pytest.param(lambda ws: ws.row_dimensions.__getitem__(4).__setattr__("hidden", True), id="hidden-row"),
    pytest.param(lambda ws: [setattr(ws.cell(r, 8), "border", openpyxl.styles.Border(
        bottom=openpyxl.styles.Side(style="thin"))) for r in range(1, 200)], id="styled-empty-cells"),
    pytest.param(lambda ws: setattr(ws.print_options, "gridLines", True), id="print-setup"),
])
def test_excel_features_around_the_data_do_not_change_what_is_read(tmp_path, feature):
    ws = workspace(tmp_path)
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": [
        ["安全隐患排查记录"], [*HZ, "风险等级"], *([*hz(d), "一般"] for d in days_in(3, 5))]},
        merges={"隐患排查记录": ["A1:G1"]}, setup=_hazard_sheet_with(feature))
    result = check(ws)
    assert counts(result) == {"隐患排查.xlsx › 隐患排查记录": 5}
    assert warnings(result) == []


def _validation(ws: Any) -> DataValidation:
    dv = DataValidation(type="list", formula1='"消防,用电,其他"', allow_blank=True)
    dv.add("C3:C200")
    return dv


def test_hidden_columns_are_still_read(tmp_path):
    ws = workspace(tmp_path)

    def hide(wb: openpyxl.Workbook) -> None:
        wb["隐患排查记录"].column_dimensions["G"].hidden = True

    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": [
        [*HZ, "风险等级"], [*hz(dt.date(2022, 3, 5)), "重大"], [*hz(dt.date(2022, 3, 6)), "较大"]]}, setup=hide)
    assert counts(check(ws)) == {"隐患排查.xlsx › 隐患排查记录": 2}
    assert [r["风险等级"] for r in load_inputs(ws).records("隐患排查")] == ["重大", "较大"]


def test_money_as_offices_type_it(tmp_path):
    ws = workspace(tmp_path)

    def as_text(wb: openpyxl.Workbook) -> None:
        for row in wb["固定资产"].iter_rows(min_row=2):
            row[3].number_format = "@"

    book(ws / "inputs/固定资产.xlsx", {"固定资产": [
        ASSET,
        ["A-1", "空调", 1, "1200", "1200", None],  # numbers stored as text
        ["A-2", "电脑", 1, "¥1,200.00", None, None],
        ["A-3", "投影仪", 1, "1200元", "￥1,200", None],
        ["A-4", "打印机", 1, "１２００", "1,200.00 元", None],
    ]}, setup=as_text)
    assert counts(check(ws)) == {"固定资产.xlsx › 固定资产": 4}
    assert [r["金额"] for r in load_inputs(ws).records("固定资产")] == [Decimal("1200.00")] * 4


def test_dates_typed_as_text_with_spaces(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": [
        HZ, hz("2022 - 3 - 5"), hz(" 2022年 3月 7日 "), hz("2022/3/8"), hz("2022.03.09")]})
    assert counts(check(ws)) == {"隐患排查.xlsx › 隐患排查记录": 4}
    assert [r["检查日期"].day for r in load_inputs(ws).records("隐患排查")] == [5, 7, 8, 9]


def test_a_merged_place_over_several_rows_applies_to_each(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": [
        HZ, hz(dt.date(2022, 3, 5), "食堂"), hz(dt.date(2022, 3, 5), None), hz(dt.date(2022, 3, 5), None),
        hz(dt.date(2022, 3, 6), "操场")]}, merges={"隐患排查记录": ["B2:B4", "A2:A4"]})
    assert counts(check(ws)) == {"隐患排查.xlsx › 隐患排查记录": 4}
    assert [r["检查部位"] for r in load_inputs(ws).records("隐患排查")] == ["食堂", "食堂", "食堂", "操场"]


def test_two_tables_with_the_same_header_on_one_sheet_are_both_read(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": [
        ["本部校区"], HZ, *(hz(d) for d in days_in(3, 3)), [],
        ["分校区"], HZ, *(hz(d) for d in days_in(4, 2))]},
        merges={"隐患排查记录": ["A1:F1", "A7:F7"]})
    result = check(ws)
    assert counts(result) == {"隐患排查.xlsx › 隐患排查记录": 5}
    assert warnings(result) == [
        "隐患排查.xlsx › 隐患排查记录 › 第7行：表格标题「分校区」，不作为数据读取",
        "隐患排查.xlsx › 隐患排查记录 › 第8行：重复的表头（与第2行相同），已跳过；上下两段数据都已读取",
    ]


def test_a_second_table_with_another_header_is_a_located_error(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/隐患排查.xlsx", {"隐患排查记录": [
        HZ, *(hz(d) for d in days_in(3, 3)), [],
        ["隐患类别", "检查部位", "排查人", "数量"], ["消防", "全校", "朱志刚", 3]]})
    result = check(ws, 1)
    assert errors(result) == [
        "隐患排查.xlsx › 隐患排查记录 › 第6行：这一行像是另一个表格的表头（与第1行的表头不同）；"
        "一张工作表只能放一个表格，请把它移到另一张工作表或删去，下面的行未读取"]


# --- people -----------------------------------------------------------------------------------

TWINS = [["姓名", "工号", "岗位"], ["王芳", "XJ105", "保洁"], ["王芳", "XJ118", "食堂"], ["李娜", "XJ101", "保安"]]
ITEMS = ["职业道德", "工作职责", "专业技能", "安全责任", "出勤纪律"]


def scores(rows: list[tuple[str, str | None, int]], months: Sequence[str] = ("2022-03", "2022-04")) -> list[list]:
    out: list[list] = [["月份", "姓名", "工号", "考核项目", "得分"]]
    for name, staff_id, score in rows:
        out += [[m, name, staff_id, item, score] for m in months for item in ITEMS]
    return out


def test_a_name_two_people_share_without_a_staff_id_is_an_error_naming_both(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/员工考核.xlsx", {"员工名单": TWINS, "考核记录": [
        ["月份", "姓名", "考核项目", "得分"], ["2022-03", "王芳", "职业道德", 18], ["2022-03", "李娜", "职业道德", 19]]})
    book(ws / "inputs/值日安排.xlsx", {"值日安排": [ROSTER, [dt.date(2022, 3, 7), "护学岗", "南门", "王芳", "到岗"]]})
    result = check(ws, 1)
    assert errors(result) == [
        "员工考核.xlsx › 考核记录 › 第2行 › 姓名：「王芳」在 员工考核.xlsx › 员工名单 中有2人（工号 XJ105、XJ118），"
        "不知道是哪一位；请在本行的「工号」列填写工号（没有这一列就加上）",
        "值日安排.xlsx › 值日安排 › 第2行 › 姓名：「王芳」在 员工考核.xlsx › 员工名单 中有2人（工号 XJ105、XJ118），"
        "不知道是哪一位；请在本行的「工号」列填写工号（没有这一列就加上）",
    ]


def test_a_staff_id_that_names_someone_else_is_an_error(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/员工考核.xlsx", {"员工名单": TWINS, "考核记录": scores([("王芳", "XJ101", 18)])})
    result = check(ws, 1)
    assert errors(result)[0] == ("员工考核.xlsx › 考核记录 › 第2行 › 工号：工号「XJ101」在员工名单中是「李娜」，"
                                 "不是「王芳」；请核对姓名或工号")


def test_two_people_of_one_name_each_get_their_own_scores_and_duties(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/员工考核.xlsx", {"员工名单": TWINS, "考核记录": scores(
        [("王芳", "XJ105", 19), ("王芳", "XJ118", 15), ("李娜", None, 17)])})
    book(ws / "inputs/值日安排.xlsx", {"值日安排": [
        [*ROSTER, "工号"],
        [dt.date(2022, 3, 7), "护学岗", "南门", "王芳", "缺岗", "XJ118"],
        [dt.date(2022, 3, 8), "护学岗", "南门", "王芳", "到岗", "XJ105"],
        [dt.date(2022, 3, 9), "护学岗", "南门", "李娜", "到岗", None]]})
    assert counts(check(ws)) == {"值日安排.xlsx › 值日安排": 3, "员工考核.xlsx › 员工名单": 3,
                                 "员工考核.xlsx › 考核记录": 30}
    result = run_cli("appraisal", "-w", ws)
    assert result.exit_code == 0, result.output
    folder = ws / "outputs/员工考核"
    assert sorted(p.name for p in folder.glob("*.docx")) == ["李娜.docx", "王芳（XJ105）.docx", "王芳（XJ118）.docx"]
    sheet = openpyxl.load_workbook(folder / "考核汇总.xlsx", data_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(next(r for r in rows if r[0] == "名次"))
    people = {r[header.index("工号")]: r for r in rows if isinstance(r[0], int)}
    mean = header.index(next(h for h in header if h in ("学期平均", "年度平均")))  # as the period is named
    assert people["XJ105"][mean] == 95
    assert people["XJ118"][mean] == 75
    assert people["XJ118"][header.index("缺岗（次）")] == 1 and people["XJ105"][header.index("缺岗（次）")] == 0


# --- terms ------------------------------------------------------------------------------------

FIRST_TERM = """
[school]
name = "测试实验小学"
[term]
year = "2022—2023"
term = 1
start = 2022-09-05
end = 2023-01-20
"""


def test_an_appraisal_of_a_first_term_covers_september_to_january(tmp_path):
    ws = workspace(tmp_path, FIRST_TERM)
    months = ["2022-09", "2022-10", "2022-11", "2022-12", "2023-01"]
    book(ws / "inputs/员工考核.xlsx", {"员工名单": STAFF,
                                     "考核记录": scores([("王秀英", None, 18), ("李娜", None, 16)], months)})
    result = run_cli("appraisal", "-w", ws)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(ws / "outputs/员工考核/考核汇总.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "测试实验小学2022—2023学年第一学期后勤员工考核汇总表"
    header = next(r for r in rows if r[0] == "名次")
    assert [h for h in header if h and h.endswith("月") and h[0].isdigit()] == ["9月", "10月", "11月", "12月", "1月"]
    form = ws / "outputs/员工考核/王秀英.docx"
    assert "（2022—2023学年第一学期）" in "\n".join(p.text for p in __import__("docx").Document(str(form)).paragraphs)


def test_an_appraisal_over_the_school_year_covers_both_terms(tmp_path):
    ws = workspace(tmp_path)
    months = ["2021-10", "2021-12", "2022-03", "2022-05"]
    book(ws / "inputs/员工考核.xlsx", {"员工名单": STAFF, "考核记录": scores([("王秀英", None, 18)], months)})
    result = run_cli("appraisal", "-w", ws, "--year", "2021-2022")
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(ws / "outputs/员工考核/考核汇总.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "测试实验小学2021—2022学年后勤员工考核汇总表"
    header = next(r for r in rows if r[0] == "名次")
    assert [h for h in header if h and h.endswith("月") and h[0].isdigit()] == ["10月", "12月", "3月", "5月"]
    bad = run_cli("appraisal", "-w", ws, "--year", "明年")
    assert bad.exit_code == 2 and "无法识别的年度「明年」，应为 2022 或 2021—2022" in bad.output


# --- near-miss file names -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["隐患排查(1).xlsx", "隐患排查.xlsx.xlsx", "2022春隐患排查表.xlsx", "隐患排查记录.xls"])
def test_a_file_named_nearly_like_an_input_is_pointed_out(tmp_path, name):
    ws = workspace(tmp_path)
    book(ws / "inputs" / name, {"隐患排查记录": [HZ, hz(dt.date(2022, 3, 5))]})
    result = check(ws)
    assert f"没有找到 inputs/隐患排查.xlsx，但有「{name}」——是否应改名？" in warnings(result)
    before = tree_hash(ws / "inputs")
    built = run_cli("build", "-w", ws)
    assert built.exit_code == 0, built.output
    assert f"警告：没有找到 inputs/隐患排查.xlsx，但有「{name}」——是否应改名？" in built.output
    assert tree_hash(ws / "inputs") == before


def test_an_upper_case_extension_is_simply_accepted(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/隐患排查.XLSX", {"隐患排查记录": [HZ, *(hz(d) for d in days_in(3, 3))]})
    result = check(ws)
    assert counts(result) == {"隐患排查.XLSX › 隐患排查记录": 3}
    assert warnings(result) == []


# --- more sheets ----------------------------------------------------------------------------


def test_asset_sheets_per_department_are_joined_and_a_duplicate_across_them_is_located(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/固定资产.xlsx", {
        "教务处": [ASSET, ["A-1", "电脑", 1, 4000, 4000, "教务处"], ["A-2", "打印机", 1, 2000, 2000, "教务处"]],
        "总务处": [ASSET, ["B-1", "空调", 1, 3000, 3000, "总务处"]],
    })
    assert counts(check(ws)) == {"固定资产.xlsx › 教务处": 2, "固定资产.xlsx › 总务处": 1}
    book(ws / "inputs/固定资产.xlsx", {
        "教务处": [ASSET, ["A-1", "电脑", 1, 4000, 4000, "教务处"]],
        "总务处": [ASSET, ["A-1", "空调", 1, 3000, 3000, "总务处"]],
    })
    assert errors(check(ws, 1)) == [
        "固定资产.xlsx › 总务处 › 第2行 › 资产编号：资产编号「A-1」重复，与工作表「教务处」第2行相同"]


def test_last_terms_weekly_roster_sheets_are_left_out(tmp_path):
    ws = workspace(tmp_path)
    autumn = dt.date(2021, 9, 6)
    book(ws / "inputs/值日安排.xlsx", {
        "第19周（上学期）": [ROSTER, [autumn, "楼层值日", "沛学楼", "王秀英", "到岗"]],
        "第1周": [ROSTER, [TERM_START, "楼层值日", "沛学楼", "王秀英", "到岗"],
                 [TERM_START + dt.timedelta(days=1), "楼层值日", "沛学楼", "李娜", "请假"]],
    })
    result = check(ws)
    assert counts(result) == {"值日安排.xlsx › 第1周": 2}
    assert warnings(result) == [
        "值日安排.xlsx › 第19周（上学期）：这张工作表的日期都不在本学期（2022年2月14日至2022年6月30日）内，未读取；"
        "如果应该读取，请核对日期或 houqin.toml 的 [term]"]


def test_a_staff_row_with_a_numeric_id_is_never_taken_for_a_sum(tmp_path):
    """工号 101 + 102 = 203: a row with a name is data (its missing 岗位 an error), not a total."""
    ws = workspace(tmp_path)
    book(ws / "inputs/员工考核.xlsx", {"员工名单": [
        ["姓名", "工号", "岗位"], ["王秀英", 101, "保安"], ["李娜", 102, "保洁"], ["张伟", 203, None]]})
    assert errors(check(ws, 1)) == ["员工考核.xlsx › 员工名单 › 第4行 › 岗位：必填，不能为空"]


def test_a_near_miss_of_the_staff_workbook_is_pointed_out(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/员工考核 (1).xlsx", {"员工名单": STAFF})
    result = check(ws)
    assert warnings(result) == ["没有找到 inputs/员工考核.xlsx，但有「员工考核 (1).xlsx」——是否应改名？"]
