"""The input the education kind owns: 安全教育 (SPEC §2.11) — 主题安排 and an optional 教育记录.

Read once the term is known: its months are written as people write them (`3月`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...reading.schema import Column, InputSchema, SheetSchema
from ...reading.values import spelling_key

if TYPE_CHECKING:
    from ...errors import Problem
    from ...reading.records import Record
    from ...settings import Settings

C = Column
STEM = "安全教育"
FORMS = ("班会", "升旗仪式", "讲座", "演练", "平台学习", "其他")
FORM_ALIASES = (("班队课", "班会"), ("主题班会", "班会"), ("班队会", "班会"), ("升旗", "升旗仪式"),
                ("国旗下讲话", "升旗仪式"), ("专家讲座", "讲座"), ("安全教育平台", "平台学习"),
                ("线上学习", "平台学习"))

def class_name(text: str) -> str:
    """`三(2) 班`, `三（2）班`: one class, printed `三（2）班` as Chinese documents write it."""
    return spelling_key(text).replace("(", "（").replace(")", "）")


def one_spelling(records: list[Record], settings: Settings) -> list[Problem]:
    """`三（2）班` and `三(2) 班` are one class: counted together, shown one way."""
    for rec in records:
        if rec.data.get("班级"):
            rec.data["班级"] = class_name(rec.data["班级"])
    return []


THEMES = SheetSchema(
    name="主题安排",
    aliases=("主题", "每月主题", "安全教育主题"),
    unique=("月份",),
    description="每月一行：本月的安全教育主题",
    columns=(
        C("月份", "month", True, ("时间",), "month", note="如 3月 或 2022-03", width=10),
        C("主题", "text", True, ("教育主题", "安全主题"), "theme", width=18),
        C("内容", english="content", aliases=("主要内容", "教育内容"), width=36),
        C("形式", "enum", english="form", aliases=("教育形式", "活动形式"), choices=FORMS,
          choice_aliases=FORM_ALIASES, width=11),
        C("负责人", english="person", aliases=("负责部门",), width=12),
    ),
)
LESSONS = SheetSchema(
    name="教育记录",
    aliases=("记录", "安全教育记录", "上课记录"),
    optional=True,
    description="每节课或每次活动一行（可无）",
    dated="日期", places_term=True, outside_term="warning", check=one_spelling,
    columns=(
        C("日期", "date", True, ("上课日期", "活动日期"), "date", width=13),
        C("班级", "text", True, ("中队",), "class", note="如 三(2)班，各次写法一致", width=10),
        C("主题", "text", True, ("课题", "教育主题"), "theme", note="可与本月主题不同", width=18),
        C("形式", "enum", english="form", aliases=("教育形式",), choices=FORMS, choice_aliases=FORM_ALIASES,
          default="班会", width=11),
        C("授课人", "text", True, ("执教人", "主讲人", "班主任"), "teacher", width=10),
        C("学生人数", "int", english="students", aliases=("人数", "参加人数"), minimum=0, width=9),
        C("备注", english="remarks", width=16),
    ),
)
EDUCATION = InputSchema(
    stem=STEM,
    title="安全教育安排与记录",
    description="两张工作表：主题安排（每月一行）、教育记录（可无）",
    sheets=(THEMES, LESSONS),
    order=95,
    after_term=True,
)
