"""学期工作计划: the narrative (inputs/学期计划.md) with official numbering, then the checklist.

Seed 001: 问题诊断 / 工作目标 / 实施策略, then 附：…学期工作清单 as a table 时间 / 事项 / 责任人,
rows in the order of the input, times as written (`7~8月`), names joined with 、.
"""

from __future__ import annotations

from typing import Any

from docxtpl import Listing

from ... import narrative
from ...errors import Problem
from ...loader import Inputs
from .. import Kind, Options, Planned
from ..common import COMMON_FIELDS, common_context, document_time, official_date

TEMPLATE = "学期工作计划.docx"
NARRATIVE = "学期计划.md"

BLOCK_FIELDS = ("（每段有 level：0 正文、1–4 标题级别；text：已编号的文字；style：段落样式；"
                "image、caption：段后的图表，没有时为空）")
#: Characters of 责任人 on one line of the appendix's column (4.0 cm of 12 pt text).
NAMES_PER_LINE = 8
FIELDS = {
    **COMMON_FIELDS,
    "title": "标题，如 2021—2022学年第二学期后勤工作计划",
    "blocks": "学期计划.md 的各段" + BLOCK_FIELDS,
    "items": "工作清单（每项有 时间、事项、责任人、完成情况、备注）",
    "date": "落款日期（开学日）",
    "has_items": "有工作清单时为真（正文后有“附件：”一行，落款后为附件）",
}


def term_title(inputs: Inputs, what: str) -> str:
    """`2021—2022学年第二学期后勤工作计划` (without a school year: `本学期后勤工作计划`)."""
    term = inputs.settings.term
    return f"{term.label if term.year else '本学期'}{what}"


def names_lines(names: list[str], per_line: int | None) -> Any:
    """`王佳佳、张晓燕、` / `刘伟`: a line ends after a 、, never inside a name (王佳/佳)."""
    if per_line is None or len("、".join(names)) <= per_line:
        return "、".join(names)
    lines: list[str] = []
    for i, name in enumerate(names):
        piece = name + ("、" if i < len(names) - 1 else "")
        if lines and len(lines[-1]) + len(piece) <= per_line:
            lines[-1] += piece
        else:
            lines.append(piece)
    return Listing("\n".join(lines))


def checklist_items(inputs: Inputs, names_per_line: int | None = None) -> list[dict[str, Any]]:
    """The checklist rows in input order, each cell as the plan's table shows it.

    ``names_per_line``: the 责任人 column's width in characters; longer lists of names are
    broken into lines between names.
    """
    if not inputs.has("工作清单"):
        return []
    return [{
        "时间": rec["时间"][0] if rec["时间"] else "",
        "事项": rec["事项"],
        "责任人": names_lines(rec["责任人"] or [], names_per_line),
        "完成情况": rec["完成情况"] or "",
        "备注": "" if rec["备注"] is None else str(rec["备注"]),
    } for rec in inputs.records("工作清单")]


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    settings = inputs.settings
    blocks, _ = narrative.read(inputs.workspace.inputs / NARRATIVE)
    title = term_title(inputs, "后勤工作计划")
    sources = tuple(inputs.source_files("工作清单"))
    if (inputs.workspace.inputs / NARRATIVE).is_file():
        sources += (f"inputs/{NARRATIVE}",)
    context = {
        **common_context(settings),
        "title": title,
        "blocks": narrative.as_context(blocks),
        "items": (items := checklist_items(inputs, names_per_line=NAMES_PER_LINE)),
        "has_items": bool(items),
        "date": official_date(settings.term.start),
    }
    return [Planned(path=f"{title}.docx", template=TEMPLATE, context=context, title=title,
                    period=settings.term.label if settings.term.year else "", inputs=sources,
                    modified=document_time(settings.term.start))]


def warnings(inputs: Inputs, options: Options | None = None) -> list[Problem]:
    return narrative.read(inputs.workspace.inputs / NARRATIVE)[1]


KIND = Kind(
    name="plan",
    family="学期工作计划",
    description="学期后勤工作计划：计划正文（自动编号）和附表学期工作清单",
    order=60,
    needs=(("工作清单", None),),
    templates={TEMPLATE: FIELDS},
    plan=plan,
    warnings=warnings,
    help="""生成学期后勤工作计划：正文来自 inputs/学期计划.md，附表为学期工作清单。

    学期计划.md 用记事本写：# 开头为一级标题，## 二级，### 三级，#### 四级，
    其余每行一段。标题自动编号 一、（一）1.（1），已写好编号的不会重复编号。
    附表按 inputs/工作清单.xlsx 的顺序列出 时间 / 事项 / 责任人。

    \b
    示例：
      houqin plan
      houqin plan -w D:\\后勤\\2022春 --force
    """,
)
