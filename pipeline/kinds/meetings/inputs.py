"""The input the meetings kind owns: 例会培训 (SPEC §2.10), its columns and row checks.

The names in 参加人员 and 缺席人员 are looked up in 员工名单 by the loader, as the roster's
are (``people``); who is expected at a meeting is worked out by the plan, which has the
staff list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import Problem
from ...reading.schema import Column, InputSchema, SheetSchema

if TYPE_CHECKING:
    from ...reading.records import Record
    from ...settings import Settings

C = Column
#: 对象 for every logistics post at once (SPEC §2.10), and how people also write it.
EVERYONE = "全体后勤"
EVERYONE_SPELLINGS = frozenset((EVERYONE, "全体", "后勤全体", "全体后勤人员", "全体后勤员工", "后勤全体人员",
                                "全体员工", "后勤人员"))


def check_meetings(records: list[Record], settings: Settings) -> list[Problem]:
    """A meeting of no length, and 全体后勤 written in one of its other ways."""
    problems = []
    for rec in records:
        v = rec.data
        if v["时长（小时）"] is not None and v["时长（小时）"] <= 0:
            problems.append(Problem("时长应大于 0 小时，如 1 或 1.5", rec.cell("时长（小时）"),
                                    f"{v['时长（小时）']:g}"))
        v["对象"] = [EVERYONE if post in EVERYONE_SPELLINGS else post for post in v["对象"] or []]
    return problems


MEETINGS = InputSchema(
    stem="例会培训",
    title="例会培训",
    description="每次会议或培训填一行",
    order=120,
    sheets=(SheetSchema(
        name="例会培训",
        aliases=("会议记录", "例会", "培训", "培训记录", "会议培训"),
        check=check_meetings, dated="日期", places_term=True, outside_term="warning",
        people=(("参加人员", ""), ("缺席人员", "")),
        columns=(
            C("日期", "date", True, ("会议日期", "培训日期", "时间"), "date", width=13),
            C("类型", "enum", True, ("会议类型",), "type", choices=("例会", "培训", "专题会议"),
              choice_aliases=(("会议", "例会"), ("工作例会", "例会"), ("后勤例会", "例会"), ("培训会", "培训"),
                              ("业务培训", "培训"), ("专题会", "专题会议"), ("安全专题会议", "专题会议"),
                              ("安全会议", "专题会议")),
              note="专题会议（如安全工作专题会）归入安全工作档案盒", width=10),
            C("对象", "names", True, ("参会对象", "培训对象"), "audience",
              note="全体后勤，或员工名单中的岗位，如 食堂、保洁；多个岗位用 、 分隔", width=14),
            C("主题", "text", True, ("会议主题", "培训主题"), "topic", width=26),
            C("主持人", "text", True, ("主讲人", "主持人或主讲人"), "host", width=10),
            C("地点", english="place", aliases=("会议地点", "培训地点"), width=16),
            C("时长（小时）", "number", False, ("时长", "学时"), "hours", default=1, minimum=0,
              note="空着按 1 小时，如 1.5", width=9),
            C("参加人员", "names", False, ("应到人员", "参会人员"), "attendees",
              note="空着按员工名单中岗位属于对象的全体人员；多人用 、 分隔", width=22),
            C("缺席人员", "names", False, ("缺席", "未到人员"), "absent", note="多人用 、 分隔", width=14),
            C("内容摘要", english="summary", aliases=("内容", "会议内容", "培训内容", "摘要"), width=40),
            C("记录人", english="recorder", width=10),
        ),
    ),),
)
