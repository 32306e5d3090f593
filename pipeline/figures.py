"""The term's figures, each computed in one place for every document that shows it.

No kind module is imported here: each kind declares what it contributes (``Kind.figures``,
a hook returning named values: the 台账's category rows, the drills, the fixed assets, the
checklist, the duties), and this module adds them up, so the 总结 and the 月报 never read a
ledger by column index nor re-derive a rule a kind owns. The hazard totals are the
隐患整改台账's own summary rows; the average evacuation time, the new fixed assets of the
term, the checklist progress and the duty attendance are computed here (the ledgers compute
their averages and totals as Excel formulas, so there was no Python function to share).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from docxtpl import Listing

from .kinds import registry
from .reading.loader import Inputs
from .reading.values import format_duration, format_rate


@dataclass(frozen=True)
class HazardFigures:
    found: int
    done: int
    rate: str  # values.format_rate, as the ledger shows it: 93.0% / 85.7% / —
    by_category: dict[str, tuple[int, int]]  # category → (found, rectified), categories with hazards only


@dataclass(frozen=True)
class DrillFigures:
    count: int
    timed: int
    average_seconds: int | None
    passed: int  # 达标
    failed: int  # 未达标
    #: (label, seconds or None, target or None) per drill, by date
    rows: tuple[tuple[str, int | None, int | None], ...]
    #: the term's target time and how many timed drills of that target ``average_seconds`` covers
    target: int = 0
    averaged: int = 0

    def average_text(self) -> str:
        """`，平均疏散用时2分02秒`, naming the drills it covers when others were timed too."""
        if self.average_seconds is None:
            return ""
        if self.averaged == self.timed:
            return f"，平均疏散用时{format_duration(self.average_seconds)}"
        return (f"，目标用时{format_duration(self.target)}的{self.averaged}次演练平均疏散用时"
                f"{format_duration(self.average_seconds)}")


@dataclass(frozen=True)
class AssetFigures:
    count: int
    amount: Decimal


@dataclass(frozen=True)
class ChecklistFigures:
    count: int
    done: int
    by_progress: dict[str, int]  # 已完成/进行中/未开始/推迟/未填写 → count


def kind_figures(inputs: Inputs, kind: str) -> Mapping[str, Any]:
    """A kind's declared figures (``Kind.figures``): its own rows as named values."""
    hook = registry()[kind].figures
    assert hook is not None, kind
    return hook(inputs)


def hazard_figures(inputs: Inputs) -> HazardFigures:
    """The totals of the 隐患整改台账's summary sheet, at the ledger's own date."""
    rows = kind_figures(inputs, "hazards")["categories"]
    found = sum(r["隐患数"] for r in rows)
    done = sum(r["已整改"] for r in rows)
    return HazardFigures(found, done, format_rate(done, found),
                         {r["隐患类别"]: (r["隐患数"], r["已整改"]) for r in rows if r["隐患数"]})


def average_seconds(values: list[int]) -> int | None:
    """The mean of the timed drills, rounded to a whole second (half up)."""
    if not values:
        return None
    return int((Decimal(sum(values)) / len(values)).quantize(Decimal(1), ROUND_HALF_UP))


def drill_figures(inputs: Inputs) -> DrillFigures:
    rows = kind_figures(inputs, "drills")["drills"]
    target = inputs.settings.drills.target_seconds
    timed = [row for row in rows if row["seconds"] is not None]
    # The 平均 covers the drills of the term's target time only (as the ledger's 平均 row).
    same = [row["seconds"] for row in timed if row["target"] == target]
    verdicts = Counter(row["verdict"] for row in rows)
    labels = tuple((row["label"], row["seconds"], row["target"]) for row in rows)
    return DrillFigures(len(rows), len(timed), average_seconds(same), verdicts["达标"],
                        verdicts["未达标"], labels, target, len(same))


def drills_within(inputs: Inputs, start: dt.date, end: dt.date) -> list[Mapping[str, Any]]:
    """The drills held within [start, end], by date, as the drill ledger lists them."""
    return [row for row in kind_figures(inputs, "drills")["drills"] if start <= row["date"] <= end]


def asset_figures(inputs: Inputs) -> AssetFigures:
    """Fixed assets (not 低值易耗品) acquired within the term; all of them without a term."""
    term = inputs.settings.term
    chosen = [row for row in kind_figures(inputs, "assets")["fixed"]
              if not (term.start and term.end)
              or (row["acquired"] is not None and term.start <= row["acquired"] <= term.end)]
    return AssetFigures(len(chosen), sum((row["amount"] for row in chosen), Decimal(0)))


PROGRESS = ("已完成", "进行中", "未开始", "推迟")


def checklist_figures(inputs: Inputs) -> ChecklistFigures:
    items = kind_figures(inputs, "plan")["checklist"]
    counts = Counter(item["完成情况"] or "未填写" for item in items)
    order = [*PROGRESS, "未填写"]
    return ChecklistFigures(len(items), counts["已完成"], {k: counts[k] for k in order if counts[k]})


def wan(amount: Decimal) -> str:
    """8.64 (万元, two decimals)."""
    return str((amount / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP))


# --- rows and titles the plan and the summary share -------------------------------------

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
    return [{
        "时间": item["时间"],
        "事项": item["事项"],
        "责任人": names_lines(item["责任人"], names_per_line),
        "完成情况": item["完成情况"] or "",
        "备注": item["备注"],
    } for item in kind_figures(inputs, "plan")["checklist"]]


# --- duty attendance: the roster's duties, counted once ------------------------------------

def duties(inputs: Inputs) -> list[Mapping[str, Any]]:
    """Every duty of the roster (日期, 岗位, 人员, 到岗情况, 替班人员), in input order."""
    return list(kind_figures(inputs, "roster")["duties"])


def attendance(rows: Iterable[Mapping[str, Any]]) -> dict[str, Counter[str]]:
    """Per person (the roster's 人员 key: 工号, else name): 安排 (duties assigned), 到岗, 缺岗,
    请假, 替班 (covered by someone else) and 替他人 (covering for someone else).

    The roster's 考勤统计, the appraisal's deduction for 缺岗 and its duty line count with it.
    """
    people: dict[str, Counter[str]] = {}
    for row in rows:
        own = people.setdefault(row["人员"], Counter())
        own["安排"] += 1
        own[row["到岗情况"]] += 1
        if row["到岗情况"] == "替班" and row["替班人员"]:
            people.setdefault(row["替班人员"], Counter())["替他人"] += 1
    return people


def attendance_by_post(rows: Iterable[Mapping[str, Any]]) -> dict[str, Counter[str]]:
    """Per post, in order of first appearance: 安排, 到岗, 缺岗, 请假, 替班, and 出勤 (到岗 + 替班,
    the post was kept), for the 月报's 值日到岗."""
    posts: dict[str, Counter[str]] = {}
    for row in rows:
        post = posts.setdefault(row["岗位"], Counter())
        post["安排"] += 1
        post[row["到岗情况"]] += 1
        if row["到岗情况"] in ("到岗", "替班"):
            post["出勤"] += 1
    return posts
