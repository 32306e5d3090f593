"""The shared input 员工考核 (SPEC §2.6): the staff list, monthly scores, incidents.

This folder is an input, not a kind: letters, roster and appraisal read the staff list, and
say so in their ``needs``. Names in 考核记录 and 安全事故 (and in 值日安排, declared by the
roster) are looked up in 员工名单 by the loader.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ...errors import Problem
from ...reading.schema import Column, InputSchema, SheetSchema

if TYPE_CHECKING:
    from ...reading.records import Record
    from ...settings import Settings

C = Column
#: Posts that are in 员工名单 for the roster's sake but are not 后勤员工 (not appraised, not
#: in a meeting of 全体后勤).
NOT_LOGISTICS = ("教师", "行政")


def is_logistics(post: str) -> bool:
    """A 后勤员工's post (保安, 食堂 …), not a teacher's or an administrator's."""
    return not any(word in (post or "") for word in NOT_LOGISTICS)


def check_staff(records: list[Record], settings: Settings) -> list[Problem]:
    problems = []
    seen: dict[str, Record] = {}
    for rec in records:
        name = rec["姓名"]
        if name in seen and not (rec["工号"] and seen[name]["工号"]):
            problems.append(Problem(
                f"与第{seen[name].where.row}行同名；请填写工号以区分两人",
                rec.cell("姓名"), name, severity="warning"))
        seen.setdefault(name, rec)
    return problems


def check_scores(records: list[Record], settings: Settings) -> list[Problem]:
    problems = []
    items = settings.appraisal.items
    for rec in records:
        v = rec.data
        if v["满分"] is None and v["考核项目"] in items:
            v["满分"] = Decimal(items[v["考核项目"]])
        if v["得分"] is not None and v["满分"] is not None and v["得分"] > v["满分"]:
            problems.append(Problem(
                f"超过满分的得分「{v['得分']:g}」，应为 0 到 {v['满分']:g} 之间的数",
                rec.cell("得分"), f"{v['得分']:g}"))
    return problems


STAFF_SHEET = SheetSchema(
    name="员工名单",
    aliases=("员工", "名单", "人员名单"),
    unique=("工号",),
    check=check_staff, staff_list=True,
    columns=(
        C("姓名", "text", True, ("员工姓名",), "name", width=10),
        C("工号", english="staff_id", aliases=("编号",), width=10),
        C("岗位", "text", True, ("职务",), "post", note="保安 / 保洁 / 食堂 / 校车驾驶员 / 维修 / 宿管 …", width=12),
        C("部门", english="department", width=12),
        C("入职日期", "date", english="joined", aliases=("入职时间",), width=13),
        C("联系电话", english="phone", aliases=("电话", "手机"), width=14),
    ),
)
SCORES_SHEET = SheetSchema(
    name="考核记录",
    aliases=("考核", "月考核", "考核得分"),
    optional=True,
    unique=("月份", "姓名", "工号", "考核项目"),
    check=check_scores, dated="月份", people=(("姓名", "工号"),),
    columns=(
        C("月份", "month", True, ("考核月份",), "month", note="如 2022-03 或 3月", width=10),
        C("姓名", "text", True, ("员工姓名",), "name", width=10),
        C("考核项目", "enum", True, ("项目",), "item", choices_from="appraisal.items", width=12),
        C("得分", "number", True, ("分数",), "score", minimum=0, width=8),
        C("满分", "number", english="full_marks", minimum=0, note="空着按设置中该项目的满分", width=8),
        C("扣分原因", english="reason", width=24),
        C("考评人", english="assessor", width=10),
        C("工号", english="staff_id", aliases=("员工工号", "员工编号"),
          note="员工名单中有同名的人时填写，说明是哪一位", width=10),
    ),
)
INCIDENTS_SHEET = SheetSchema(
    name="安全事故",
    aliases=("事故", "事故记录"),
    optional=True,
    people=(("姓名", "工号"),),
    columns=(
        C("日期", "date", True, ("事故日期",), "date", width=13),
        C("姓名", "text", True, ("责任人",), "name", width=10),
        C("事故描述", "text", True, ("事故情况", "描述"), "description", width=30),
        C("一票否决", "bool", english="veto", default=True, note="是 / 否，空着按 是", width=9),
        C("工号", english="staff_id", aliases=("员工工号", "员工编号"),
          note="员工名单中有同名的人时填写，说明是哪一位", width=10),
    ),
)
STAFF = InputSchema(
    stem="员工考核",
    title="后勤员工考核",
    description="三张工作表：员工名单、考核记录、安全事故（可无）",
    sheets=(STAFF_SHEET, SCORES_SHEET, INCIDENTS_SHEET),
    csv_stems={"员工名单": "员工名单", "考核记录": "考核记录", "安全事故": "安全事故"},
    order=60,
    after_term=True,
)
