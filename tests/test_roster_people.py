"""Two staff with one name (issue #16): the roster counts and shows each by 工号, never merged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl
from helpers import run_cli
from test_real_workbooks import TWINS, book, workspace

HEADER = ["日期", "岗位", "地点", "姓名", "到岗情况", "替班人", "工号", "替班人工号"]


def roster(ws: Path) -> None:
    book(ws / "inputs/员工考核.xlsx", {"员工名单": TWINS})
    book(ws / "inputs/值日安排.xlsx", {"值日安排": [
        HEADER,
        [dt.date(2022, 3, 7), "护学岗", "南门", "王芳", "到岗", None, "XJ105", None],
        [dt.date(2022, 3, 7), "楼层值日", "一楼", "王芳", "到岗", None, "XJ118", None],
        [dt.date(2022, 3, 8), "护学岗", "南门", "王芳", "请假", None, "XJ105", None],
        [dt.date(2022, 3, 8), "楼层值日", "一楼", "李娜", "替班", "王芳", None, "XJ118"],
        [dt.date(2022, 3, 9), "护学岗", "南门", "王芳", "替班", "李娜", "XJ105", None],
        [dt.date(2022, 3, 10), "楼层值日", "一楼", "王芳", "缺岗", None, "XJ118", None]]})


def test_two_wang_fang_are_counted_apart_and_shown_with_their_staff_id(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    roster(ws)
    result = run_cli("roster", "-w", ws)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    folder = ws / "outputs/值日安排"
    rows = list(openpyxl.load_workbook(folder / "值日考勤统计.xlsx")["考勤统计"].iter_rows(values_only=True))
    # 安排, 到岗, 缺岗, 请假, 由他人替班, 替他人值日, 实际值日
    counted = {r[1]: tuple(r[2:9]) for r in rows[3:] if isinstance(r[0], int)}
    assert counted == {
        "王芳（工号 XJ105）": (3, 1, 0, 1, 1, 0, 1),
        "王芳（工号 XJ118）": (2, 1, 1, 0, 0, 1, 2),
        "李娜": (1, 0, 0, 0, 1, 1, 1),
    }
    details = openpyxl.load_workbook(folder / "值日考勤统计.xlsx")["缺岗请假替班明细"]
    shown = [(r[3], r[4], r[5] or "") for r in details.iter_rows(min_row=4, values_only=True) if r[4]]
    assert shown == [("王芳（工号 XJ105）", "请假", ""), ("李娜", "替班", "王芳（工号 XJ118）"),
                     ("王芳（工号 XJ105）", "替班", "李娜"), ("王芳（工号 XJ118）", "缺岗", "")]
    (table,) = docx.Document(str(folder / "第04周 值日安排表.docx")).tables[:1]
    cells = {c.text for row in table.rows for c in row.cells}
    assert {"王芳\n（工号 XJ105）", "王芳\n（工号 XJ118）", "王芳\n（工号 XJ118，替李娜）",
            "李娜\n（替王芳，工号 XJ105）", "王芳\n（工号 XJ118，缺岗）"} <= cells, cells


def test_one_person_per_name_shows_the_plain_name(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    book(ws / "inputs/员工考核.xlsx", {"员工名单": TWINS})
    book(ws / "inputs/值日安排.xlsx", {"值日安排": [
        HEADER, [dt.date(2022, 3, 7), "护学岗", "南门", "王芳", "到岗", None, "XJ105", None],
        [dt.date(2022, 3, 8), "护学岗", "南门", "李娜", "到岗", None, None, None]]})
    assert run_cli("roster", "-w", ws).exit_code == 0
    rows = openpyxl.load_workbook(ws / "outputs/值日安排/值日考勤统计.xlsx")["考勤统计"].iter_rows(values_only=True)
    assert sorted(r[1] for r in rows if isinstance(r[0], int)) == ["李娜", "王芳"]
