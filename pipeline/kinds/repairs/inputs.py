"""The input the repairs kind owns: 维修报修 (SPEC §2.8), its columns and row checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import Problem
from ...reading.schema import Column, InputSchema, SheetSchema
from ...reading.values import format_date
from ..assets.inputs import ASSETS

#: The register a repair's 资产编号 must be found in (declared by the assets folder).
ASSET_STEM = ASSETS.stem
del ASSETS  # not an input of this folder: only the InputSchemas left here are collected as its own

if TYPE_CHECKING:
    from ...reading.records import Record
    from ...settings import Settings

C = Column
STEM = "维修报修"
CATEGORIES = ("水电", "门窗", "课桌椅", "电教设备", "消防设施", "其他")
CAUSES = ("自然损耗", "人为损坏")


def check_repairs(records: list[Record], settings: Settings) -> list[Problem]:
    """A repair cannot be finished before it was reported."""
    problems = []
    for rec in records:
        reported, done = rec["报修日期"], rec["完成日期"]
        if reported and done and done < reported:
            problems.append(Problem(
                f"完成日期（{format_date(done)}）早于报修日期（{format_date(reported)}）；请核对日期",
                rec.cell("完成日期"), f"{done:%Y-%m-%d}"))
    return problems


REPAIRS = InputSchema(
    stem=STEM,
    title="维修报修登记",
    description="每次报修填一行；修好后补填完成日期、费用和验收人",
    order=45,
    sheets=(SheetSchema(
        name=STEM,
        aliases=("报修", "维修", "维修登记", "报修登记", "维修报修登记"),
        check=check_repairs, dated="报修日期", places_term=True, outside_term="warning",
        refers=(("资产编号", ASSET_STEM, "资产编号"),),
        columns=(
            C("报修日期", "date", True, ("日期", "报修时间"), "reported", width=13),
            C("报修人", "text", True, ("报修教师",), "reporter", width=10),
            C("报修部门", english="department", aliases=("部门", "班级", "班级或办公室"),
              note="班级或办公室，如 三（2）班、教务处", width=12),
            C("地点", "text", True, ("维修地点", "报修地点", "位置"), "place", width=16),
            C("报修内容", "text", True, ("故障描述", "维修内容", "内容"), "content", width=26),
            C("类别", "enum", False, ("维修类别", "报修类别"), "category", choices=CATEGORIES,
              default="其他",
              choice_aliases=(("水", "水电"), ("电", "水电"), ("门", "门窗"), ("窗", "门窗"),
                              ("桌椅", "课桌椅"), ("电教", "电教设备"), ("消防", "消防设施")),
              width=10),
            C("损坏原因", "enum", False, ("原因",), "cause", choices=CAUSES, default="自然损耗",
              choice_aliases=(("人为", "人为损坏"), ("自然", "自然损耗"), ("正常损耗", "自然损耗"),
                              ("老化", "自然损耗")),
              note="人为损坏计入班级（善真中队）评比", width=10),
            C("资产编号", english="asset_id", note="维修固定资产时填写，须与固定资产台账一致", width=13),
            C("维修人", english="repairer", width=10),
            C("完成日期", "date", english="done", aliases=("修复日期", "维修完成日期"),
              note="未修好时空着", width=13),
            C("材料费用", "money", english="cost", aliases=("费用", "维修费用", "维修费"), minimum=0,
              note="元", width=11),
            C("验收人", english="acceptor", width=10),
            C("备注", english="remarks", width=16),
        ),
    ),),
)
