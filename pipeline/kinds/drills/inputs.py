"""The input the drills kind owns: 演练记录 (SPEC §2.2), its columns and row checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import Problem
from ...reading.schema import Column, InputSchema, SheetSchema

if TYPE_CHECKING:
    from ...reading.records import Record
    from ...settings import Settings

C = Column

def check_drills(records: list[Record], settings: Settings) -> list[Problem]:
    problems = []
    for rec in records:
        v = rec.data
        if v["应到人数"] is not None and v["实到人数"] is not None and v["实到人数"] > v["应到人数"]:
            problems.append(Problem(
                f"实到人数 {v['实到人数']} 多于应到人数 {v['应到人数']}，请核对",
                rec.cell("实到人数"), str(v["实到人数"]), severity="warning"))
    return problems


DRILLS = InputSchema(
    stem="演练记录",
    title="应急演练记录",
    description="每次演练填一行",
    order=20,
    sheets=(SheetSchema(
        name="演练记录",
        aliases=("应急演练", "演练", "应急演练记录"),
        check=check_drills, dated="演练日期", places_term=True, outside_term="error",
        columns=(
            C("演练日期", "date", True, ("日期", "演练时间"), "date", width=13),
            C("演练名称", "text", True, ("名称", "演练主题"), "name", width=24),
            C("演练类型", "enum", False, ("类型",), "type",
              choices=("消防疏散", "地震避险", "防踩踏", "反恐防暴", "防溺水", "校车疏散", "食品安全", "其他"),
              default="其他",
              choice_aliases=(("消防", "消防疏散"), ("火灾疏散", "消防疏散"), ("地震", "地震避险"),
                              ("反恐", "反恐防暴"), ("防暴", "反恐防暴"), ("溺水", "防溺水")),
              width=11),
            C("校区", english="campus", width=10),
            C("演练地点", english="place", aliases=("地点",), width=16),
            C("组织部门", english="organiser", width=14),
            C("总指挥", "text", True, ("负责人",), "commander", width=10),
            C("应到人数", "int", english="expected", minimum=0, width=9),
            C("实到人数", "int", False, ("参与人数",), "present", minimum=0, width=9),
            C("参与教职工人数", "int", False, ("教职工人数",), "staff", minimum=0, width=9),
            C("疏散用时", "duration", False, ("用时",), "evacuation",
              note="如 2分15秒、2:15 或 135秒", width=11),
            C("目标用时", "duration", english="target", default_from="drills.target_seconds",
              note="空着按设置（默认 120 秒）", width=10),
            C("演练过程", english="process", width=30),
            C("存在问题", english="problems", width=24),
            C("改进措施", english="improvements", width=24),
            C("点评人", english="reviewer", width=10),
            C("点评", english="review", aliases=("总结点评",), width=24),
        ),
    ),),
)
