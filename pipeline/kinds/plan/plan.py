"""学期工作计划: the narrative (inputs/学期计划.md) with official numbering, then the checklist.

Seed 001: 问题诊断 / 工作目标 / 实施策略, then 附：…学期工作清单 as a table 时间 / 事项 / 责任人,
rows in the order of the input, times as written (`7~8月`), names joined with 、.
"""

from __future__ import annotations

from typing import Any

from ...errors import Problem
from ...figures import checklist_items, term_title
from ...reading.loader import Inputs
from ...render import narrative
from ...render.narrative import BLOCK_FIELDS
from .. import Kind, Options, Paper, Planned
from ..common import COMMON_FIELDS, common_context, document_time, official_date
from .inputs import CHECKLIST

TEMPLATE = "学期工作计划.docx"
NARRATIVE = "学期计划.md"

#: Characters of 责任人 on one line of the appendix's column (3.8 cm of 12 pt text).
NAMES_PER_LINE = 8
FIELDS = {
    **COMMON_FIELDS,
    "title": "标题，如 2021—2022学年第二学期后勤工作计划",
    "blocks": "学期计划.md 的各段" + BLOCK_FIELDS,
    "items": "工作清单（每项有 时间、事项、责任人、完成情况、备注）",
    "date": "落款日期（开学日）",
    "has_items": "有工作清单时为真（正文后有“附件：”一行，落款后为附件）",
}


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    settings = inputs.settings
    blocks, _ = narrative.read(inputs.workspace.inputs / NARRATIVE)
    title = term_title(inputs, "后勤工作计划")
    sources = tuple(inputs.source_files(CHECKLIST.stem))
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


def term_figures(inputs: Inputs) -> dict[str, Any]:
    """The figures layer's hook: ``checklist``, the 工作清单's rows in input order by name
    (时间 as written, 事项, 责任人 as a list of names, 完成情况 or None, 备注 as text), for the
    plan's and the 总结's appendix and the 总结's progress figures."""
    return {"checklist": [{
        "时间": rec["时间"][0] if rec["时间"] else "", "事项": rec["事项"], "责任人": list(rec["责任人"] or []),
        "完成情况": rec["完成情况"], "备注": "" if rec["备注"] is None else str(rec["备注"]),
    } for rec in inputs.records(CHECKLIST.stem)]}


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
    figures=term_figures,
    help="""生成学期后勤工作计划：正文来自 inputs/学期计划.md，附表为学期工作清单。

    学期计划.md 用记事本写：# 开头为一级标题，## 二级，### 三级，#### 四级，
    其余每行一段。标题自动编号 一、（一）1.（1），已写好编号的不会重复编号。
    附表按 inputs/工作清单.xlsx 的顺序列出 时间 / 事项 / 责任人。

    \b
    示例：
      houqin plan
      houqin plan -w D:\\后勤\\2022春 --force
    """,
    binder=("安全工作", "02 组织管理"),
    filing="plans",
    paper=(Paper("*学期后勤工作计划.pdf", 7, "plan", "学期工作计划", "≤ 7 页"),),
)
