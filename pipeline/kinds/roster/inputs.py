"""The input the roster kind owns: 值日安排 (SPEC §2.3), its columns, row checks and people.

Duty days outside the term are not an error here: the roster flags each such day itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import Problem
from ...reading.schema import Column, InputSchema, SheetSchema

if TYPE_CHECKING:
    from ...reading.records import Record
    from ...settings import Settings

C = Column

def check_roster(records: list[Record], settings: Settings) -> list[Problem]:
    problems = []
    for rec in records:
        v = rec.data
        if v["到岗情况"] == "替班" and not v["替班人"]:
            problems.append(Problem("到岗情况为 替班，但没有填写替班人", rec.cell("替班人")))
        if v["替班人"] and v["替班人"] == v["姓名"]:
            problems.append(Problem("替班人与本人相同", rec.cell("替班人"), v["替班人"]))
        if v["替班人"] and v["到岗情况"] == "到岗":
            v["到岗情况"] = "替班"
    return problems


ROSTER = InputSchema(
    stem="值日安排",
    title="值日安排",
    description="每人每岗每天一行",
    order=30,
    sheets=(SheetSchema(
        name="值日安排",
        aliases=("值日", "值日表", "值班安排"),
        check=check_roster, dated="日期", places_term=True, outside_term="per_day",
        people=(("姓名", "工号"), ("替班人", "替班人工号")),
        columns=(
            C("日期", "date", True, ("值日日期",), "date", width=13),
            C("岗位", "text", True, ("值日岗位",), "post",
              note="楼层值日 / 护学岗 / 值周行政 / 门卫 / 食堂陪餐 …", width=12),
            C("地点", english="place", aliases=("楼层", "校门", "位置"), width=14),
            C("姓名", "text", True, ("值日人",), "name", width=10),
            C("到岗情况", "enum", False, ("出勤", "到岗"), "attendance",
              choices=("到岗", "缺岗", "请假", "替班"), default="到岗",
              choice_aliases=(("在岗", "到岗"), ("正常", "到岗"), ("缺勤", "缺岗"), ("未到", "缺岗"),
                              ("病假", "请假"), ("事假", "请假"), ("代班", "替班")),
              note="替班：本人未到，由 替班人 代替", width=10),
            C("替班人", english="substitute", aliases=("代班人",), width=10),
            C("备注", english="remarks", width=16),
            C("工号", english="staff_id", aliases=("员工工号", "员工编号"),
              note="员工名单中有同名的人时填写，说明是哪一位", width=10),
            C("替班人工号", english="substitute_id", note="替班人与别人同名时填写", width=10),
        ),
    ),),
)
