"""Inputs of several sheets kept in monthly sheets (a clerk tester's find), through the real CLI.

食堂台账.xlsx with `3月`, `4月` for 进货查验 beside 留样 and 陪餐, 物品领用.xlsx with `2月领用`,
`3月领用`: each monthly part is read in sheet order, each row located in its own sheet, and the
records are those of the same rows kept in one sheet. The sample workspace's rows are used.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import check_cli as check
from helpers import lines

from pipeline.reading.loader import load_inputs

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def _sample_book(stem: str) -> dict[str, list[list[Any]]]:
    """Every sheet's rows of one sample input, read once (module import runs on each worker)."""
    book = openpyxl.load_workbook(ROOT / f"inputs/{stem}.xlsx", read_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    finally:
        book.close()


def sample(stem: str, sheet: str) -> tuple[list[Any], list[list[Any]]]:
    """The header and data rows of one sheet of the repository's sample input."""
    rows = [list(r) for r in _sample_book(stem)[sheet]]
    return rows[1], rows[2:]


def in_month(rows: list[list[Any]], *months: int) -> list[list[Any]]:
    return [r for r in rows if isinstance(r[0], dt.datetime) and r[0].month in months]


def workspace(tmp_path: Path, name: str = "ws") -> Path:
    ws = tmp_path / name
    (ws / "inputs").mkdir(parents=True)
    (ws / "houqin.toml").write_text((ROOT / "houqin.toml").read_text(encoding="utf-8"), encoding="utf-8")
    return ws


def book(path: Path, sheets: dict[str, Sequence[Sequence[Any]]], *, title: bool = False,
         hidden: Sequence[str] = ()) -> Path:
    """A workbook of the given sheets; with ``title``, a merged title row above each header."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        if title:
            ws.append([f"{path.stem}：{name}"])
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(rows[0]), 1))
        for row in rows:
            ws.append(list(row))
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def counts(result: Any) -> list[str]:
    return [line for line in result.output.splitlines() if line.endswith(" 行") and " › " in line]


def data(ws: Path, stem: str, sheet: str) -> list[dict[str, Any]]:
    return [rec.data for rec in load_inputs(ws, only=[stem]).records(stem, sheet)]


DH, DELIVERIES = sample("食堂台账", "进货查验")
SH, SAMPLES = sample("食堂台账", "留样")
MH, MEALS = sample("食堂台账", "陪餐")
MARCH, APRIL = in_month(DELIVERIES, 3), in_month(DELIVERIES, 4)
SAMPLES_34, MEALS_34 = in_month(SAMPLES, 3, 4), in_month(MEALS, 3, 4)


def canteen(tmp_path: Path) -> Path:
    """The same rows kept the usual way: one sheet each."""
    one = workspace(tmp_path, "one")
    book(one / "inputs/食堂台账.xlsx", {"进货查验": [DH, *MARCH, *APRIL], "留样": [SH, *SAMPLES_34],
                                        "陪餐": [MH, *MEALS_34]}, title=True)
    return one


@pytest.mark.parametrize(("march", "april"), [
    ("3月", "4月"), ("进货查验3月", "进货查验4月"), ("3月进货查验", "4月进货查验"),
    ("进货查验（3月）", "进货查验（4月）"), ("2022年3月", "2022年4月"),
])
def test_monthly_delivery_sheets_are_read_together_like_one_sheet(tmp_path, march, april):
    ws = workspace(tmp_path)
    book(ws / "inputs/食堂台账.xlsx", {march: [DH, *MARCH], april: [DH, *APRIL], "留样": [SH, *SAMPLES_34],
                                       "陪餐": [MH, *MEALS_34]}, title=True)
    result = check(ws)
    assert counts(result) == [f"食堂台账.xlsx › {march}：{len(MARCH)} 行", f"食堂台账.xlsx › {april}：{len(APRIL)} 行",
                              f"食堂台账.xlsx › 留样：{len(SAMPLES_34)} 行", f"食堂台账.xlsx › 陪餐：{len(MEALS_34)} 行"]
    assert lines(result, "错误：") == []
    assert not [w for w in lines(result, "警告：") if "工作表" in w]
    assert data(ws, "食堂台账", "进货查验") == data(canteen(tmp_path), "食堂台账", "进货查验")
    first_april = load_inputs(ws, only=["食堂台账"]).records("食堂台账", "进货查验")[len(MARCH)]
    assert (first_april.where.sheet, first_april.where.row) == (april, 3)


def test_sheets_named_like_the_documents_own_titles_are_read(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/食堂台账.xlsx", {"食品原料进货查验记录": [DH, *MARCH, *APRIL], "留样": [SH, *SAMPLES_34],
                                       "陪餐记录表": [MH, *MEALS_34]})
    result = check(ws)
    assert counts(result) == [
        f"食堂台账.xlsx › 食品原料进货查验记录：{len(MARCH) + len(APRIL)} 行",
        f"食堂台账.xlsx › 留样：{len(SAMPLES_34)} 行", f"食堂台账.xlsx › 陪餐记录表：{len(MEALS_34)} 行"]
    one = canteen(tmp_path)
    for sheet in ("进货查验", "留样", "陪餐"):
        assert data(ws, "食堂台账", sheet) == data(one, "食堂台账", sheet)


def test_a_sheet_named_for_deliveries_is_read_as_them_even_with_a_broken_header(tmp_path):
    ws = workspace(tmp_path)
    no_acceptor = [c for c in DH if c != "验收人"]
    april = [[v for c, v in zip(DH, r, strict=True) if c != "验收人"] for r in APRIL]
    book(ws / "inputs/食堂台账.xlsx", {"进货查验3月": [DH, *MARCH], "进货查验4月": [no_acceptor, *april],
                                       "留样": [SH, *SAMPLES_34], "陪餐": [MH, *MEALS_34]})
    result = check(ws, 1)
    assert lines(result, "错误：") == ["食堂台账.xlsx › 进货查验4月 › 第1行：缺少必填列「验收人」（也可写作 验收人员、查验人）"]


def test_a_sheet_whose_name_holds_an_alias_but_not_its_header_is_not_read(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/食堂台账.xlsx", {"3月": [DH, *MARCH], "进货供应商": [["供应商名称", "联系人", "电话"], ["绿源", "张三", "123"]],
                                       "留样": [SH, *SAMPLES_34], "陪餐": [MH, *MEALS_34]})
    result = check(ws)
    assert [w for w in lines(result, "警告：") if "工作表" in w] == [
        "食堂台账.xlsx › 进货供应商：这张工作表中没有进货查验、留样或陪餐的表头，未读取"]
    assert counts(result)[0] == f"食堂台账.xlsx › 3月：{len(MARCH)} 行"


@pytest.mark.parametrize(("march", "april"), [("3月", "4月"), ("进货查验3月", "进货查验4月")])
def test_rows_copied_between_monthly_sheets_are_said_and_hidden_sheets_skipped(tmp_path, march, april):
    ws = workspace(tmp_path)
    book(ws / "inputs/食堂台账.xlsx", {march: [DH, *MARCH], april: [DH, *APRIL, MARCH[0]], "5月": [DH, *MARCH],
                                       "留样": [SH, *SAMPLES_34], "陪餐": [MH, *MEALS_34]}, hidden=["5月"])
    result = check(ws)
    row = len(APRIL) + 2
    assert [w for w in lines(result, "警告：") if "工作表" in w or "不在" in w] == [
        "食堂台账.xlsx › 5月：隐藏的工作表，未读取；如果要读取它，请在 Excel/WPS 中取消隐藏",
        f"食堂台账.xlsx › {april} › 第{row}行：与工作表「{march}」第2行完全相同，是否重复录入？如果是，请删去其中一行",
        f"食堂台账.xlsx › {april} › 第{row}行 › 进货日期：日期 2022年3月1日 不在 {april}；"
        "请核对日期，或把这一行移到它所在月份的工作表"]
    assert counts(result)[:2] == [f"食堂台账.xlsx › {march}：{len(MARCH)} 行",
                                  f"食堂台账.xlsx › {april}：{len(APRIL) + 1} 行"]


def test_a_sheet_named_exactly_wins_over_a_monthly_one_which_is_said(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/食堂台账.xlsx", {"进货查验": [DH, *MARCH], "进货查验4月": [DH, *APRIL],
                                       "留样": [SH, *SAMPLES_34], "陪餐": [MH, *MEALS_34]})
    result = check(ws)
    assert [w for w in lines(result, "警告：") if "工作表" in w] == [
        "食堂台账.xlsx › 进货查验4月：工作表「进货查验4月」也有进货查验的表头，但未读取（读取的是 「进货查验」）；"
        "如果也要读取，请把它的数据合并到读取的工作表中"]
    assert counts(result)[0] == f"食堂台账.xlsx › 进货查验：{len(MARCH)} 行"


RH, RECEIPTS = sample("物品领用", "入库")
QH, TAKEN = sample("物品领用", "领用")
OH, OPENING = sample("物品领用", "期初")


def test_monthly_requisition_sheets_are_read_together(tmp_path):
    ws = workspace(tmp_path)
    feb, mar = in_month(TAKEN, 2), in_month(TAKEN, 3)
    book(ws / "inputs/物品领用.xlsx", {"入库": [RH, *RECEIPTS], "2月领用": [QH, *feb], "3月领用": [QH, *mar],
                                       "期初": [OH, *OPENING]}, title=True)
    result = check(ws)
    assert counts(result) == [f"物品领用.xlsx › 入库：{len(RECEIPTS)} 行", f"物品领用.xlsx › 2月领用：{len(feb)} 行",
                              f"物品领用.xlsx › 3月领用：{len(mar)} 行", f"物品领用.xlsx › 期初：{len(OPENING)} 行"]
    one = workspace(tmp_path, "one")
    book(one / "inputs/物品领用.xlsx", {"入库": [RH, *RECEIPTS], "领用": [QH, *feb, *mar], "期初": [OH, *OPENING]})
    assert data(ws, "物品领用", "领用") == data(one, "物品领用", "领用")


def test_monthly_sheets_of_two_kinds_by_their_headers_alone(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/物品领用.xlsx", {"2月": [RH, *in_month(RECEIPTS, 2)], "3月": [RH, *in_month(RECEIPTS, 3)],
                                       "2月 ": [QH, *in_month(TAKEN, 2)], "期初": [OH, *OPENING]})
    result = check(ws)
    assert counts(result) == [f"物品领用.xlsx › 2月：{len(in_month(RECEIPTS, 2))} 行",
                              f"物品领用.xlsx › 3月：{len(in_month(RECEIPTS, 3))} 行",
                              f"物品领用.xlsx › 2月 ：{len(in_month(TAKEN, 2))} 行",
                              f"物品领用.xlsx › 期初：{len(OPENING)} 行"]


def test_a_header_that_fits_two_sheets_equally_is_a_located_error(tmp_path):
    ws = workspace(tmp_path)
    mixed = ["日期", "领用部门", "物品名称", "数量", "领用人", "单价", "供货单位"]
    book(ws / "inputs/物品领用.xlsx", {"入库": [RH, *RECEIPTS], "3月": [mixed, [dt.date(2022, 3, 1), "五年级组", "粉笔", 2,
                                                                          "郭亮", 3, "晨光"]]})
    result = check(ws, 1)
    assert lines(result, "错误：") == [
        "物品领用.xlsx › 3月：这张工作表的表头与 「入库」、「领用」 都相符，houqin 不知道它属于哪一张；"
        "请在工作表名称中写明（如「入库3月」），或删去不属于它的列"]


def test_a_required_sheet_that_no_sheet_is_says_how_to_fix_it(tmp_path):
    ws = workspace(tmp_path)
    book(ws / "inputs/食堂台账.xlsx", {"3月": [["日期", "品名", "数量"], [dt.date(2022, 3, 1), "青菜", 10]],
                                       "留样": [SH, *SAMPLES_34], "陪餐": [MH, *MEALS_34]})
    result = check(ws, 1)
    assert lines(result, "错误：") == [
        "食堂台账.xlsx：找不到工作表「进货查验」（现有：3月、留样、陪餐）；请把进货查验的工作表改名为「进货查验」，"
        "或按月分成几张时（如「3月」「4月」或「进货查验3月」），给每张加上进货查验的表头"
        "（进货日期、食材名称、数量、供货单位、验收人 等列）"]
    assert lines(result, "警告：")[:1] == ["食堂台账.xlsx › 3月：这张工作表中没有进货查验、留样或陪餐的表头，未读取"]


SCH, SCORES = sample("员工考核", "考核记录")
STH, STAFF = sample("员工考核", "员工名单")


def test_monthly_score_sheets_are_read_together(tmp_path):
    ws = workspace(tmp_path)
    march = [r for r in SCORES if r[0] == "2022-03"]
    april = [r for r in SCORES if r[0] == "2022-04"]
    book(ws / "inputs/员工考核.xlsx", {"员工名单": [STH, *STAFF], "3月": [SCH, *march], "4月考核": [SCH, *april]})
    result = check(ws)
    assert counts(result) == [f"员工考核.xlsx › 员工名单：{len(STAFF)} 行", f"员工考核.xlsx › 3月：{len(march)} 行",
                              f"员工考核.xlsx › 4月考核：{len(april)} 行"]
    one = workspace(tmp_path, "one")
    book(one / "inputs/员工考核.xlsx", {"员工名单": [STH, *STAFF], "考核记录": [SCH, *march, *april]})
    assert data(ws, "员工考核", "考核记录") == data(one, "员工考核", "考核记录")


TH, THEMES = sample("安全教育", "主题安排")


def test_a_merged_title_reading_like_a_column_is_not_the_header(tmp_path):
    ws = workspace(tmp_path)
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "主题安排"
    sheet.append(["主题"])
    sheet.merge_cells("A1:E1")
    sheet.append([])
    for row in [TH, *THEMES]:
        sheet.append(row)
    wb.save(ws / "inputs/安全教育.xlsx")
    result = check(ws)
    assert lines(result, "错误：") == []
    assert [w for w in lines(result, "警告：") if "安全教育.xlsx" in w] == []
    assert counts(result) == [f"安全教育.xlsx › 主题安排：{len(THEMES)} 行"]
