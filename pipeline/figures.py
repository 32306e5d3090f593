"""The term's figures, each computed in one place for every document that shows it.

The hazard totals come from the 隐患整改台账's own summary (:func:`hazards.ledger_summary`);
the drill count and verdicts from the drill ledger's rows; the average evacuation time, the
new fixed assets of the term and the checklist progress are computed here (the ledgers
compute the average and totals as Excel formulas, so there was no Python function yet).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from docxtpl import Listing

from .kinds.plan.inputs import CHECKLIST
from .loader import Inputs
from .reader import Record
from .values import format_duration


@dataclass(frozen=True)
class HazardFigures:
    found: int
    done: int
    rate: str  # as the ledger writes it: 93.0% / 85.7% / —
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


def hazard_figures(inputs: Inputs) -> HazardFigures:
    """The totals of the 隐患整改台账's summary sheet, at the ledger's own date."""
    rows = _hook("hazards")(inputs)
    found = sum(r["隐患数"] for r in rows)
    done = sum(r["已整改"] for r in rows)
    return HazardFigures(found, done, _rate(done, found),
                         {r["隐患类别"]: (r["隐患数"], r["已整改"]) for r in rows if r["隐患数"]})


def _hook(kind: str) -> Any:
    """A kind's declared figures hook (``Kind.figures``)."""
    from .kinds import registry

    hook = registry()[kind].figures
    assert hook is not None, kind
    return hook


def _rate(part: int, whole: int) -> str:
    """One decimal always, as the seeds write a rate: 93.0%."""
    if not whole:
        return "—"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value}%"


def average_seconds(values: list[int]) -> int | None:
    """The mean of the timed drills, rounded to a whole second (half up)."""
    if not values:
        return None
    return int((Decimal(sum(values)) / len(values)).quantize(Decimal(1), ROUND_HALF_UP))


def drill_figures(inputs: Inputs) -> DrillFigures:
    rows = _hook("drills")(inputs)
    target = inputs.settings.drills.target_seconds
    timed = [row for row in rows if row["seconds"] is not None]
    # The 平均 covers the drills of the term's target time only (as the ledger's 平均 row).
    same = [row["seconds"] for row in timed if row["target"] == target]
    verdicts = Counter(row["verdict"] for row in rows)
    labels = tuple((row["label"], row["seconds"], row["target"]) for row in rows)
    return DrillFigures(len(rows), len(timed), average_seconds(same), verdicts["达标"],
                        verdicts["未达标"], labels, target, len(same))


def new_assets(inputs: Inputs, start: dt.date | None, end: dt.date | None) -> list[Record]:
    """Fixed assets (not 低值易耗品) acquired within [start, end]; all of them without a span."""
    from .kinds.assets import plan as asx

    settings = inputs.settings
    chosen = []
    for rec in inputs.records(asx.STEM):
        if asx.is_low_value(rec, settings):
            continue
        day = rec["取得日期"]
        if start and end and (day is None or not start <= day <= end):
            continue
        chosen.append(rec)
    return chosen


def asset_figures(inputs: Inputs) -> AssetFigures:
    from .kinds.assets import plan as asx

    term = inputs.settings.term
    chosen = new_assets(inputs, term.start, term.end)
    return AssetFigures(len(chosen), sum((asx.amount_of(r) for r in chosen), Decimal(0)))


PROGRESS = ("已完成", "进行中", "未开始", "推迟")


def checklist_figures(inputs: Inputs) -> ChecklistFigures:
    items = inputs.records(CHECKLIST.stem)
    counts = Counter(rec["完成情况"] or "未填写" for rec in items)
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
    if not inputs.has(CHECKLIST.stem):
        return []
    return [{
        "时间": rec["时间"][0] if rec["时间"] else "",
        "事项": rec["事项"],
        "责任人": names_lines(rec["责任人"] or [], names_per_line),
        "完成情况": rec["完成情况"] or "",
        "备注": "" if rec["备注"] is None else str(rec["备注"]),
    } for rec in inputs.records(CHECKLIST.stem)]


def attendance(records: Sequence[Record]) -> dict[str, Counter[str]]:
    """Duty counts per person, as the roster counts them (the appraisal deducts 缺岗 from them)."""
    from .kinds.roster import plan as roster

    return roster.attendance(records)
