"""The input the property kind owns: 公物检查 (SPEC §2.12), its columns and row checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import Problem
from ...reading.schema import Column, InputSchema, SheetSchema
from ...reading.values import spelling_key

if TYPE_CHECKING:
    from ...reading.records import Record
    from ...settings import Settings

C = Column
STEM = "公物检查"
ITEMS = ("门窗", "桌椅", "灯具风扇", "电教设备", "清洁用具", "节约用电", "其他")
RESULTS = ("完好", "损坏", "未关闭", "缺失")


def check_property(records: list[Record], settings: Settings) -> list[Problem]:
    """One spelling per room; a deduction on an item found 完好 is likely a slip of the result column.

    `三(2)班` and `三（2）班` are one room (:func:`spelling_key`): each row takes the
    spelling the room first has, so it is scored, ranked and listed once, as first typed.
    """
    first: dict[str, str] = {}
    for rec in records:
        room = rec.data.get("班级或办公室")
        if room:
            rec.data["班级或办公室"] = first.setdefault(spelling_key(room), room)
    return [Problem(f"结果为「完好」却扣了 {rec['扣分']:g} 分；请核对结果或扣分", rec.cell("扣分"),
                    f"{rec['扣分']:g}", severity="warning")
            for rec in records if rec["结果"] == "完好" and rec["扣分"]]


PROPERTY = InputSchema(
    stem=STEM,
    title="公物检查记录",
    description="每次检查每个班级或办公室的每个项目一行",
    order=90,
    sheets=(SheetSchema(
        name=STEM,
        aliases=("公物检查记录", "财产检查", "公物"),
        check=check_property, dated="检查日期", places_term=True, outside_term="warning",
        columns=(
            C("检查日期", "date", True, ("日期", "检查时间"), "date", width=13),
            C("班级或办公室", "text", True, ("班级", "办公室", "房间", "检查地点"), "room",
              note="如 三（2）班、综合管理中心办公室；以“班”结尾的计入班级评比，其余计入办公室评比", width=16),
            C("检查项目", "enum", True, ("项目",), "item", choices=ITEMS,
              choice_aliases=(("门", "门窗"), ("窗", "门窗"), ("课桌椅", "桌椅"), ("灯具", "灯具风扇"),
                              ("风扇", "灯具风扇"), ("电教", "电教设备"), ("节能", "节约用电")), width=11),
            C("结果", "enum", True, ("检查结果",), "result", choices=RESULTS,
              choice_aliases=(("好", "完好"), ("正常", "完好"), ("坏", "损坏"), ("未关", "未关闭"),
                              ("丢失", "缺失")), width=9),
            C("扣分", "number", english="deduction", default=0, minimum=0, note="默认 0", width=7),
            C("检查人", "names", True, ("检查人员",), "inspector", note="几人用 、 分隔", width=12),
            C("备注", english="remarks", aliases=("情况说明", "问题"), width=24),
        ),
    ),),
)
