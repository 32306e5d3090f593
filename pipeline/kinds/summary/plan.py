"""学期工作总结: the narrative (inputs/学期总结.md) with the figures written into it, charts.

Seed 000: 工作目标回顾 / 实施成效反思, with achievements in numbers. The numbers come from
:mod:`pipeline.figures`, the same functions that give the hazard ledger, the drill ledger and
the asset register their figures, so the summary never disagrees with them.

Each figure is a paragraph of the body where it belongs: after the first paragraph of the
narrative that speaks of its subject (隐患, 演练, 资产), with its chart; what has no such
place (the checklist, which the 附件 lists) ends the first section. As in a 公文, the 落款
comes after the body and its 附件 line, and the appendix (the checklist) after the 落款.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from ... import figures
from ...errors import Location, Problem
from ...figures import checklist_items, term_title
from ...reading.loader import Inputs
from ...render import narrative
from ...render.images import Image
from ...render.narrative import BLOCK_FIELDS
from .. import Kind, Options, Paper, Planned
from ..assets.inputs import ASSETS
from ..common import COMMON_FIELDS, common_context, document_time, official_date
from ..drills.inputs import DRILLS
from ..hazards.inputs import HAZARDS
from ..plan.inputs import CHECKLIST

TEMPLATE = "学期工作总结.docx"
#: Characters of 责任人 on one line of the appendix's column (3.8 cm of 12 pt text).
NAMES_PER_LINE = 8
NARRATIVE = "学期总结.md"
#: Chart size in the document (mm) and as a picture (inches at DPI): the text block is 156 mm wide.
CHART_MM = (150.0, 75.0)
CHART_INCHES = (8.0, 4.0)
DPI = 150
#: CJK fonts matplotlib may find, best first.
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "Microsoft YaHei",
    "SimHei", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "PingFang SC", "Hiragino Sans GB",
    "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UKai CN", "AR PL UMing CN", "SimSun",
    "Noto Sans CJK JP", "Noto Sans CJK TC",
)

FIELDS = {
    **COMMON_FIELDS,
    "title": "标题，如 2021—2022学年第二学期后勤工作总结",
    "blocks": "学期总结.md 的各段" + BLOCK_FIELDS,
    "overview_heading": "数据概览的标题（旧模板用；默认模板把数据写进正文各段）",
    "overview": "根据各表格数据写出的一段话（旧模板用；默认模板把数据写进正文各段）",
    "charts": "图表列表（每项有 image 图片、caption 图题；默认模板放在正文相应段落之后）",
    "has_items": "有工作清单时为真（正文后有“附件：”一行，落款后为附件）",
    "items": "工作清单（每项有 时间、事项、责任人、完成情况、备注）",
    "date": "落款日期（学期结束日）",
}


@cache
def cjk_font() -> str | None:
    """The first CJK font matplotlib knows on this machine, or None."""
    from matplotlib import font_manager

    def first() -> str | None:
        known = {f.name for f in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FONTS if name in known), None)

    found = first()
    if found is None:
        # matplotlib's font cache predates fonts installed since (a common order on a new PC):
        # add the system's fonts to the running font manager once rather than draw boxes.
        for path in font_manager.findSystemFonts():
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
        found = first()
    return found


def _drill_text(d: figures.DrillFigures) -> str:
    """`组织应急演练5次，平均疏散用时2分02秒，全部达标`: one wording for the overview and the body."""
    text = f"组织应急演练{d.count}次"
    if d.average_seconds is not None:
        text += d.average_text()
        if d.passed == d.count:
            text += "，全部达标"
        else:
            text += f"，达标{d.passed}次" + (f"、未达标{d.failed}次" if d.failed else "")
            text += f"、未计时{d.count - d.timed}次" if d.count > d.timed else ""
    return text


def overview(inputs: Inputs) -> str:
    """`本学期共排查安全隐患43项，已整改40项，整改率93.0%；组织应急演练5次，…。`"""
    parts = []
    if inputs.has(HAZARDS.stem):
        h = figures.hazard_figures(inputs)
        parts.append(f"本学期共排查安全隐患{h.found}项，已整改{h.done}项，整改率{h.rate}")
    if inputs.has(DRILLS.stem):
        parts.append(_drill_text(figures.drill_figures(inputs)))
    if inputs.has(ASSETS.stem):
        a = figures.asset_figures(inputs)
        parts.append(f"新增固定资产{a.count}项，金额共计{figures.wan(a.amount)}万元")
    if inputs.has(CHECKLIST.stem):
        c = figures.checklist_figures(inputs)
        parts.append(f"学期工作清单{c.count}项，已完成{c.done}项")
    if not parts:
        return ""
    text = "；".join(parts) + "。"
    return text if text.startswith("本学期") else "本学期" + text


def figure_paragraphs(inputs: Inputs) -> list[tuple[tuple[str, ...], str, str]]:
    """(subject words, the paragraph, chart key) of each figure, to be set into the body."""
    found: list[tuple[tuple[str, ...], str, str]] = []
    if inputs.has(HAZARDS.stem):
        h = figures.hazard_figures(inputs)
        found.append((("隐患",), f"本学期共排查安全隐患{h.found}项，已整改{h.done}项，整改率{h.rate}。", "hazards"))
    if inputs.has(DRILLS.stem):
        found.append((("演练",), "本学期共" + _drill_text(figures.drill_figures(inputs)) + "。", "drills"))
    if inputs.has(ASSETS.stem):
        a = figures.asset_figures(inputs)
        found.append((("资产",), f"本学期新增固定资产{a.count}项，金额共计{figures.wan(a.amount)}万元。", ""))
    if inputs.has(CHECKLIST.stem):
        c = figures.checklist_figures(inputs)
        found.append(((), f"学期工作清单共{c.count}项，已完成{c.done}项，完成情况见附件。", "checklist"))
    return found


def body_blocks(blocks: list[narrative.Block], inputs: Inputs,
                made: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The narrative's blocks with each figure paragraph (and its chart) set where it belongs."""
    body = narrative.as_context(blocks)
    after: dict[int, list[dict[str, Any]]] = {}
    rest: list[dict[str, Any]] = []
    for words, text, chart in figure_paragraphs(inputs):
        block = {**narrative.as_context([narrative.Block(0, text)])[0], **made.get(chart, {})}
        at = next((i for i, b in enumerate(body) if b["level"] == 0 and words
                   and any(w in str(b["text"]) for w in words)), None)
        if at is None:
            rest.append(block)
        else:
            after.setdefault(at, []).append(block)
    if rest:  # at the end of the first section (工作目标回顾), else of the whole body
        heads = [i for i, b in enumerate(body) if b["level"] == 1]
        end = (heads[1] if len(heads) > 1 else len(body)) - 1
        if end >= 0:
            after.setdefault(end, []).extend(rest)
        else:
            after[-1] = rest
    result = list(after.get(-1, []))
    for i, b in enumerate(body):
        result.append(b)
        result.extend(after.get(i, []))
    shown = 0  # 图1, 图2… in the order the charts are printed
    for block in result:
        if block.get("image") is not None:
            shown += 1
            block["caption"] = f"图{shown}　" + str(block["caption"]).split("　", 1)[-1]
    return result


# ------------------------------------------------------------------------------- charts


def _figure(title: str):  # noqa: ANN202 - matplotlib types
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    font = cjk_font()
    rc = {"font.family": "sans-serif", "font.size": 11, "axes.unicode_minus": False,
          "svg.hashsalt": "houqin", "path.simplify": True}
    if font:
        rc["font.sans-serif"] = [font, "DejaVu Sans"]
    with plt.rc_context(rc):
        fig, ax = plt.subplots(figsize=CHART_INCHES, dpi=DPI)
        ax.set_title(title)
        ax.spines[["top", "right"]].set_visible(False)
    return fig, ax, rc


def _png(fig: Any, rc: dict[str, Any]) -> bytes:
    from matplotlib import pyplot as plt

    buffer = io.BytesIO()
    with plt.rc_context(rc):
        fig.tight_layout()
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def hazard_chart(h: figures.HazardFigures) -> bytes:
    from matplotlib import pyplot as plt

    fig, ax, rc = _figure("各类安全隐患排查与整改数")
    with plt.rc_context(rc):
        names = list(h.by_category)
        found = [h.by_category[n][0] for n in names]
        done = [h.by_category[n][1] for n in names]
        xs = range(len(names))
        ax.bar([x - 0.2 for x in xs], found, width=0.4, label="排查", color="#4472C4")
        ax.bar([x + 0.2 for x in xs], done, width=0.4, label="已整改", color="#70AD47")
        tilt = len(names) > 6
        ax.set_xticks(list(xs), names, rotation=20 if tilt else 0, ha="right" if tilt else "center")
        ax.set_ylabel("项")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.legend(frameon=False)
    return _png(fig, rc)


def drill_chart(d: figures.DrillFigures) -> bytes:
    from matplotlib import pyplot as plt

    fig, ax, rc = _figure("各次演练疏散用时与目标用时")
    with plt.rc_context(rc):
        labels = [label for label, _, _ in d.rows]
        seconds = [s or 0 for _, s, _ in d.rows]
        targets = [t for _, _, t in d.rows]
        colors = ["#C00000" if s and t and s > t else "#4472C4" for _, s, t in d.rows]
        xs = list(range(len(labels)))
        ax.bar(xs, seconds, width=0.6, color=colors, label="疏散用时")
        if any(t is not None for t in targets):
            ax.plot(xs, [t if t is not None else float("nan") for t in targets], color="#ED7D31",
                    marker="_", markersize=40, markeredgewidth=2.5, linestyle="none", label="目标用时")
        ax.set_xticks(xs, labels, rotation=20, ha="right", fontsize=9)
        ax.set_ylabel("秒")
        ax.legend(frameon=False)
    return _png(fig, rc)


def checklist_chart(c: figures.ChecklistFigures) -> bytes:
    from matplotlib import pyplot as plt

    fig, ax, rc = _figure(f"学期工作清单完成情况（共{c.count}项）")
    with plt.rc_context(rc):
        colors = {"已完成": "#70AD47", "进行中": "#4472C4", "未开始": "#A5A5A5", "推迟": "#ED7D31",
                  "未填写": "#D9D9D9"}
        names = list(c.by_progress)
        values = [c.by_progress[n] for n in names]
        bars = ax.barh(names, values, color=[colors[n] for n in names])
        ax.invert_yaxis()
        ax.bar_label(bars, labels=[f"{v}项" for v in values], padding=3)
        ax.set_xlabel("项")
        ax.xaxis.get_major_locator().set_params(integer=True)
    return _png(fig, rc)


def charts(inputs: Inputs) -> dict[str, dict[str, Any]]:
    """Each chart by its subject (hazards, drills, checklist), numbered 图1, 图2… in that order."""
    made = []
    if inputs.has(HAZARDS.stem):
        h = figures.hazard_figures(inputs)
        if h.by_category:
            made.append(("hazards", "各类安全隐患排查与整改数", hazard_chart(h)))
    if inputs.has(DRILLS.stem):
        d = figures.drill_figures(inputs)
        if d.rows:
            made.append(("drills", "各次演练疏散用时与目标用时", drill_chart(d)))
    if inputs.has(CHECKLIST.stem):
        c = figures.checklist_figures(inputs)
        if c.count:
            made.append(("checklist", "学期工作清单完成情况", checklist_chart(c)))
    return {key: {"image": Image(png, *CHART_MM), "caption": f"图{i}　{caption}"}
            for i, (key, caption, png) in enumerate(made, 1)}


# ------------------------------------------------------------------------------- planning


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    settings = inputs.settings
    blocks, _ = narrative.read(inputs.workspace.inputs / NARRATIVE)
    title = term_title(inputs, "后勤工作总结")
    stems = (HAZARDS.stem, DRILLS.stem, ASSETS.stem, CHECKLIST.stem)
    sources = tuple(inputs.source_files(*[s for s in stems if inputs.has(s)]))
    if (inputs.workspace.inputs / NARRATIVE).is_file():
        sources += (f"inputs/{NARRATIVE}",)
    items = checklist_items(inputs, names_per_line=NAMES_PER_LINE)
    made = charts(inputs)
    context = {
        **common_context(settings),
        "title": title,
        "blocks": body_blocks(blocks, inputs, made),
        "overview_heading": narrative.next_heading(blocks, "数据概览"),
        "overview": overview(inputs),
        "charts": list(made.values()),
        "has_items": bool(items),
        "items": items,
        "date": official_date(settings.term.end),
    }
    return [Planned(path=f"{title}.docx", template=TEMPLATE, context=context, title=title,
                    period=settings.term.label if settings.term.year else "", inputs=sources,
                    modified=document_time(settings.term.end))]


def warnings(inputs: Inputs, options: Options | None = None) -> list[Problem]:
    found = narrative.read(inputs.workspace.inputs / NARRATIVE)[1]
    if cjk_font() is None:
        found.append(Problem(
            "本机没有找到中文字体（如 Noto Sans CJK SC、黑体、微软雅黑），图表中的中文可能显示为方框；"
            "请安装中文字体后重新生成", Location(file=TEMPLATE), severity="warning"))
    return found


KIND = Kind(
    name="summary",
    family="学期工作总结",
    description="学期后勤工作总结：总结正文、根据各表格数据写出的数据概览和图表、工作清单完成情况",
    order=70,
    needs=((CHECKLIST.stem, None),),
    optional=(HAZARDS.stem, DRILLS.stem, ASSETS.stem),
    templates={TEMPLATE: FIELDS},
    plan=plan,
    warnings=warnings,
    help="""生成学期后勤工作总结：正文来自 inputs/学期总结.md，数据概览和图表根据各表格生成。

    数据概览中的隐患数、整改率、演练次数、疏散用时、新增资产和清单完成数，与隐患整改台账、
    应急演练台账、固定资产台账中的数字一致。缺少的表格对应的部分不写。

    \b
    示例：
      houqin summary
      houqin summary -w D:\\后勤\\2022春 --force
    """,
    binder=("安全工作", "02 组织管理"),
    filing="summaries",
    paper=(Paper("*学期后勤工作总结.pdf", 7, "summary", "学期工作总结", "≤ 7 页"),),
)
