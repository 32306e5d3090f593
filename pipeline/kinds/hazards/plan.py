"""安全隐患: the half-month 排查整改表, 整改通知书, the 隐患整改台账 and the 安全工作月报.

Seed 000: 每月两次上报安全隐患排查表; seed 001: 第一时间发现，第一时间处理，并做好检查记录和
整改回访. Every hazard gets a running number for its calendar year (ordered by 检查日期, then
input row), so it keeps its number on every form, notice and ledger sheet.

A half-month form lists every hazard found in the period plus every earlier one that was
still open when the period began (上期遗留): those still open at its end, and those closed
during it (shown ☑已整改, then gone from the next form). Status is as of the report date
(the period's last day, or ``--date``): a hazard completed after it is shown 整改中, a 复查
after it is not shown.

The term is the outer bound: no period, report date, "as of" date or notice date lies after
the term's end (the last half-month is "as of" the term's end). 逾期 is counted by one
function, :func:`overdue_as_of`, so the form, the 月报 and the 台账 agree on the same date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ... import figures
from ...errors import InputError, Location, Problem
from ...outputs.writer import safe_filename
from ...periods import Period, halves_between, months_between, period_option
from ...reading.loader import Inputs
from ...reading.records import Record
from ...reading.values import PERCENT_FORMAT, format_date, format_duration, format_rate
from ...render.images import Image
from ...render.workbook import Col, Sheet, write_workbook
from .. import Kind, Options, Paper, Planned
from ..common import COMMON_FIELDS, common_context, document_time, official_date
from ..drills.inputs import DRILLS
from ..roster.inputs import ROSTER

FORM = "安全隐患排查整改表.docx"
FORM_XLSX = "安全隐患排查整改表.xlsx"
NOTICE = "整改通知书.docx"
MONTHLY = "安全工作月报.docx"
MONTHLY_XLSX = "安全工作月报.xlsx"
FOLDER = "安全隐患"
#: The 月报 goes to the district: filed under 报送资料, not with the hazard forms (SPEC §5).
MONTHLY_BINDER = ("安全工作", "10 报送资料")
STATUSES = ("已整改", "整改中", "未整改")
CHECK_TYPES = ("日巡视", "月检查", "专项检查", "上级检查")
PHOTO_DIR = "照片"
#: The photo cell of the half-month form, in millimetres (pictures are fitted inside, aspect kept).
PHOTO_BOX = (18.0, 18.0)

ROW_FIELDS = {
    "序号": "行号 1, 2, 3…", "编号": "全年流水编号，如 2022-007", "检查日期": "检查日期",
    "检查类型": "日巡视/月检查/专项检查/上级检查", "校区": "校区", "检查部位": "检查部位",
    "隐患类别": "隐患类别", "隐患描述": "隐患描述", "风险等级": "一般/较大/重大", "排查人": "排查人",
    "整改责任人": "整改责任人", "责任部门": "责任部门", "整改措施": "整改措施", "整改期限": "整改期限",
    "整改状态": "截至报告日的状态", "整改情况": "勾选框：☑已整改 ☐整改中 ☐未整改",
    "完成日期": "完成日期（Word 表中为 3月8日 这样的短日期）",
    "复查日期": "复查日期", "复查人": "复查人", "复查结果": "复查结果", "复查": "复查日期、复查人和结果",
    "上期遗留": "“上期遗留”或空", "逾期": "“逾期”或空", "标记": "上期遗留、逾期等标记",
    "编号标记": "编号，下面每行一个标记（上期遗留、逾期）", "备注": "标记和备注", "备注原文": "数据中的备注",
}
FORM_FIELDS = {
    **COMMON_FIELDS,
    "period": "期间，如 2022年3月上半月",
    "period_code": "期间代码，如 2022-03-1",
    "start": "期间开始日期", "end": "期间结束日期",
    "date": "报告日期，如 2022年3月15日",
    "hazards": "隐患列表（每项的字段：" + "、".join(ROW_FIELDS) + "；Word 模板中另有 照片、底色）",
    "has_photos": "本期有隐患附照片时为真（Word 模板据此选用带“照片”列的表格）",
    "empty": "本期没有隐患时为真",
    "empty_text": "本期未发现安全隐患（有隐患时为空）",
    "found": "本期排查隐患数", "found_done": "其中已整改数", "rate": "整改率，如 85.7%",
    "carried": "上期遗留数", "carried_done": "上期遗留中本期整改数",
    "overdue": "逾期数", "open": "截至报告日未整改完毕数",
    "summary": "表底统计的一句话",
    "inspector": "排查人（签字处）",
}
NOTICE_FIELDS = {
    **COMMON_FIELDS,
    "number": "编号", "department": "受检部门", "responsible": "整改责任人",
    "found_date": "检查日期", "place": "检查部位", "category": "隐患类别", "description": "隐患描述",
    "level": "风险等级", "measure": "整改要求", "deadline": "整改期限（逾期的为新的期限）",
    "deadline_text": "自即日起至…前整改完毕；逾期的为 限于…前整改完毕",
    "overdue": "逾期未整改时为真", "original_deadline": "原定整改期限",
    "reason": "发通知书的原因（较大隐患 / 逾期未整改）", "inspector": "排查人", "date": "通知日期",
}
MONTH_FIELDS = {
    **COMMON_FIELDS,
    "month": "月份，如 2022年3月", "date": "填报日期",
    "inspections": "检查情况列表（检查类型、次数、单位、说明；日巡视按天计）",
    "categories": "按类别的隐患统计列表（隐患类别、发现、已整改、未整改、逾期）",
    "found": "本月发现隐患数", "done": "已整改数", "open": "未整改完毕数",
    "categories_total": "按类别统计的合计（发现、已整改、未整改、逾期）",
    "rate_text": "整改率85.7%；本月未发现隐患时为 整改率：—（本月未发现隐患）",
    "overdue": "截至填报日逾期未整改数（含以前各月发现的）", "rate": "整改率",
    "has_drills": "有演练记录表时为真", "drills": "本月演练列表（日期、名称、类型、实到人数、疏散用时）",
    "drill_count": "本月演练次数",
    "has_duty": "有值日安排表时为真", "duty": "值日到岗统计列表（岗位、应到、到岗、缺岗、请假、替班、到岗率）",
    "duty_rate": "值日到岗率",
}


@dataclass
class Hazard:
    rec: Record
    number: str
    order: int

    def __getitem__(self, key: str) -> Any:
        return self.rec[key]

    @property
    def found(self) -> dt.date:
        return self.rec["检查日期"]

    def done_by(self, day: dt.date) -> bool:
        """Rectified on or before ``day`` (without a 完成日期, 已整改 is trusted as stated)."""
        done = self.rec["完成日期"]
        if done is not None:
            return done <= day
        return self.rec["整改状态"] == "已整改"

    def status_at(self, day: dt.date) -> str:
        if self.done_by(day):
            return "已整改"
        status = self.rec["整改状态"]
        return "整改中" if status == "已整改" else (status or "未整改")

    def overdue_at(self, day: dt.date) -> bool:
        deadline = self.rec["整改期限"]
        return not self.done_by(day) and deadline is not None and deadline < day


def overdue_as_of(hazards: Iterable[Hazard], day: dt.date) -> list[Hazard]:
    """Hazards found by ``day`` and past their deadline, not rectified by it.

    The one definition of 逾期: the half-month form, the 月报 and the 台账 all count with it,
    so on the same date they give the same number.
    """
    return [h for h in hazards if h.found <= day and h.overdue_at(day)]


def late_mark(h: Hazard, day: dt.date) -> str:
    """The 台账's 是否逾期: `逾期` (counted by :func:`overdue_as_of`), or `逾期完成` for a hazard
    rectified by ``day`` but after its deadline (closed, so never counted as 逾期)."""
    if h.overdue_at(day):
        return "逾期"
    done, deadline = h.rec["完成日期"], h.rec["整改期限"]
    if h.done_by(day) and done is not None and deadline is not None and done > deadline:
        return "逾期完成"
    return ""


def term_bound(settings_term: Any, day: dt.date) -> dt.date:
    """``day``, or the term's end when it falls after it (the term is the outer bound)."""
    end = settings_term.end
    return min(day, end) if end else day


def number_hazards(records: Iterable[Record]) -> list[Hazard]:
    """Running numbers per calendar year, by (检查日期, input row): `2022-001`, `2022-002`…"""
    indexed = sorted(enumerate(records), key=lambda t: (t[1]["检查日期"], t[0]))
    per_year: Counter[int] = Counter()
    result = []
    for row, rec in indexed:
        year = rec["检查日期"].year
        per_year[year] += 1
        result.append(Hazard(rec, f"{year}-{per_year[year]:03d}", row))
    return result


def tick_boxes(status: str) -> str:
    return " ".join(("☑" if s == status else "☐") + s for s in STATUSES)


def fraction(part: int, whole: int) -> float | None:
    """A rate as a number for Excel's percent format (0.95 shows 95.0%); None without a base."""
    return part / whole if whole else None


def _d(day: dt.date | None) -> str:
    return format_date(day) if day else ""


def short_date(day: dt.date | None, year: int) -> str:
    """`3月8日`, `12月31日` in a narrow form column, on one line; a date of another year than
    the period's compactly as `22.10.31` (eight half-width characters, as wide as `12月31日`:
    `2022.10.31` would wrap in the form's date columns). The 台账 keeps full dates."""
    if not day:
        return ""
    if day.year != year:
        return f"{day.year % 100:02d}.{day.month}.{day.day}"
    return f"{day.month}月{day.day}日"


def _sentence(value: Any) -> str:
    text = _s(value).strip()
    return text + "。" if text and text[-1] not in "。！？.!?；;" else text


def _s(value: Any) -> str:
    return "" if value is None else str(value)


def reviewed_by(h: Hazard, day: dt.date) -> bool:
    """The 复查 is shown as of ``day``: dated on or before it (undated: once rectified)."""
    when = h.rec["复查日期"]
    return when <= day if when is not None else h.done_by(day)


def hazard_row(h: Hazard, day: dt.date, carried: bool, *, dates_as_text: bool) -> dict[str, Any]:
    """One hazard as a form row: Chinese keys, as a district form names its columns.

    As text (Word) dates are short (`3月8日`, the year is the period's); a 复查 after ``day``
    is not shown yet.
    """
    r = h.rec
    status = h.status_at(day)
    overdue = h.overdue_at(day)
    show = (lambda v: short_date(v, day.year)) if dates_as_text else (lambda v: v)
    reviewed = reviewed_by(h, day)
    review_date = r["复查日期"] if reviewed else None
    review_text = short_date(review_date, day.year) if dates_as_text else _d(review_date)
    # In Word one line each for the date, the name (never broken) and the result.
    review = ("\n" if dates_as_text else "，").join(x for x in (review_text,
                                  _s(r["复查人"]) if reviewed else "",
                                  _s(r["复查结果"]) if reviewed else "") if x)
    marks = [m for m, on in (("上期遗留", carried), ("逾期", overdue)) if on]
    return {
        "编号": h.number, "检查日期": show(r["检查日期"]), "检查类型": _s(r["检查类型"]) or "日巡视",
        "校区": _s(r["校区"]), "检查部位": _s(r["检查部位"]), "隐患类别": _s(r["隐患类别"]),
        "隐患描述": _s(r["隐患描述"]), "风险等级": _s(r["风险等级"]) or "一般", "排查人": _s(r["排查人"]),
        "整改责任人": _s(r["整改责任人"]), "责任部门": _s(r["责任部门"]), "整改措施": _s(r["整改措施"]),
        "整改期限": show(r["整改期限"]) if r["整改期限"] else "", "整改状态": status,
        "整改情况": tick_boxes(status),
        "完成日期": show(r["完成日期"]) if status == "已整改" and r["完成日期"] else "",
        "复查日期": show(review_date) if review_date else "", "复查人": _s(r["复查人"]) if reviewed else "",
        "复查结果": _s(r["复查结果"]) if reviewed else "", "复查": review,
        "上期遗留": "上期遗留" if carried else "", "逾期": "逾期" if overdue else "",
        "标记": "、".join(marks), "备注": "；".join(x for x in ("、".join(marks), _s(r["备注"])) if x),
        "编号标记": "\n".join([h.number, *marks]), "备注原文": _s(r["备注"]),
    }


# ------------------------------------------------------------------------------- photos


def _image_size(data: bytes) -> tuple[int, int] | None:
    try:
        from docx.image.image import Image as DocxImage

        img = DocxImage.from_blob(data)
        return img.px_width, img.px_height
    except Exception:  # not an image python-docx knows: leave it to the renderer to report
        return None


def fitted(data: bytes, box: tuple[float, float] = PHOTO_BOX) -> tuple[float, float]:
    """Width and height in mm that fit ``box`` with the picture's aspect kept."""
    size = _image_size(data)
    if not size or not size[0] or not size[1]:
        return box
    w, h = size
    scale = min(box[0] / w, box[1] / h)
    return round(w * scale, 2), round(h * scale, 2)


def _photo_files(inputs: Inputs, hazards: list[Hazard]) -> dict[str, Path]:
    """Every photo named in the data; a missing, unreadable or oversized one is a located error
    (raised before writing; `check` runs the same check)."""
    from ...reading.photos import resolve_photos

    found, problems = resolve_photos(inputs.workspace.inputs / PHOTO_DIR, [h.rec for h in hazards])
    if problems:
        raise InputError(problems)
    return found


def _photos(h: Hazard, files: dict[str, Path]) -> list[Image]:
    images = []
    for column in ("隐患照片", "整改照片"):
        for name in h.rec[column] or []:
            data = files[name].read_bytes()
            width, height = fitted(data)
            images.append(Image(data, width, height))
    return images


# ------------------------------------------------------------------------------- planning


@dataclass
class Ctx:
    inputs: Inputs
    hazards: list[Hazard]
    options: Options
    split: int
    common: dict[str, Any]
    sources: tuple[str, ...]
    photos: dict[str, Path]

    def report_date(self, period: Period) -> dt.date:
        """``--date``, else the period's last day, never after the term's end."""
        return self.options.date or term_bound(self.inputs.settings.term, period.end)


def _periods(ctx: Ctx) -> tuple[list[Period], list[Period]]:
    """(half-months, months) to produce: the --period, or every one of the term."""
    split = ctx.split
    term = ctx.inputs.settings.term
    if ctx.options.period:
        period = period_option(ctx.options.period, split)
        # A period outside the term was refused before any kind ran (generate._check_period).
        halves = [p for p in period.halves() if not (term.start and term.end)
                  or (p.end >= term.start and p.start <= term.end)]
        return halves, [period.whole_month()]
    dates = [h.found for h in ctx.hazards]
    first = term.start or (min(dates) if dates else None)
    last = term.end or (max(dates) if dates else None)
    if first is None or last is None:
        return [], []
    if dates and not term.start:
        first = min(first, min(dates))
    if dates and not term.end:  # without a term the data gives the span
        last = max(last, max(dates))
    return halves_between(first, last, split), months_between(first, last, split)


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    settings = inputs.settings
    hazards = number_hazards(inputs.records("隐患排查"))
    ctx = Ctx(inputs, hazards, options, settings.hazards.half_month_split, common_context(settings),
              tuple(inputs.source_files("隐患排查")), {})
    ctx.photos = _photo_files(inputs, hazards)
    halves, months = _periods(ctx)
    planned: list[Planned] = []
    noticed: set[str] = set()
    for period in halves:
        planned += plan_form(ctx, period)
        planned += plan_notices(ctx, period, noticed)
    if not options.period:  # the 台账 covers the term: a period run leaves it as it is
        planned.append(plan_ledger(ctx, months, halves))
    for month in months:
        planned += plan_monthly(ctx, month)
    return planned


def form_hazards(ctx: Ctx, period: Period) -> list[tuple[Hazard, bool]]:
    """(hazard, carried over) on a period's form: found in it, or earlier and open when it began."""
    before = period.start - dt.timedelta(days=1)
    rows = []
    for h in ctx.hazards:
        if period.contains(h.found):
            rows.append((h, False))
        elif h.found < period.start and not h.done_by(before):
            rows.append((h, True))
    rows.sort(key=lambda t: (t[0].found, t[0].order))
    return rows


def form_context(ctx: Ctx, period: Period, *, for_word: bool) -> dict[str, Any]:
    day = ctx.report_date(period)
    rows = form_hazards(ctx, period)
    items = []
    for i, (h, carried) in enumerate(rows, 1):
        item = {"序号": i, **hazard_row(h, day, carried, dates_as_text=for_word)}
        if for_word:
            item["照片"] = _photos(h, ctx.photos)
            item["底色"] = "FFC7CE" if item["逾期"] else "FFFFFF"
        else:
            item["照片"] = "、".join([*(h.rec["隐患照片"] or []), *(h.rec["整改照片"] or [])])
        items.append(item)
    found = [h for h, c in rows if not c]
    carried = [h for h, c in rows if c]
    found_done = sum(h.done_by(day) for h in found)
    carried_done = sum(h.done_by(day) for h in carried)
    overdue = len(overdue_as_of([h for h, _ in rows], day))
    summary = (f"本期排查隐患{len(found)}项，已整改{found_done}项，整改率{format_rate(found_done, len(found))}"
               if found else "本期未发现新隐患，整改率：—")  # a bare `整改率—` reads as 整改率一
    if carried:
        summary += f"；上期遗留{len(carried)}项，本期整改{carried_done}项"
    summary += f"；逾期{overdue}项。"
    inspectors = list(dict.fromkeys(h.rec["排查人"] for h in found if h.rec["排查人"]))
    return {
        **ctx.common,
        "period": period.label, "period_code": period.code,
        "start": _d(period.start) if for_word else period.start,
        "end": _d(period.end) if for_word else period.end,
        "date": official_date(day) if for_word else day,
        "hazards": items, "empty": not items,
        "has_photos": any(h.rec["隐患照片"] or h.rec["整改照片"] for h, _ in rows),
        "empty_text": "" if items else "本期未发现安全隐患",
        "found": len(found), "found_done": found_done, "rate": format_rate(found_done, len(found)),
        "carried": len(carried), "carried_done": carried_done, "overdue": overdue,
        "open": sum(not h.done_by(day) for h, _ in rows), "summary": summary,
        "inspector": "、".join(inspectors),
    }


FORM_COLUMNS = [
    ("序号", Col("序号", kind="int")), ("编号", Col("编号", align="center")),
    ("检查日期", Col("检查日期", kind="date")), ("检查部位", Col("检查部位", wrap=True, width=16)),
    ("隐患类别", Col("隐患类别")), ("隐患描述", Col("隐患描述", wrap=True, width=26)),
    ("风险等级", Col("风险等级", align="center")), ("排查人", Col("排查人")),
    ("整改责任人", Col("整改责任人")), ("整改措施", Col("整改措施", wrap=True, width=26)),
    ("整改期限", Col("整改期限", kind="date")), ("整改情况", Col("整改情况", wrap=True, width=10)),
    ("完成日期", Col("完成日期", kind="date")), ("复查", Col("复查情况", wrap=True, width=18)),
    ("备注", Col("备注", wrap=True, width=15)),
]


def _printed_cells(item: dict[str, Any]) -> dict[str, Any]:
    """Multi-part cells one part a line: each ☑ status whole (never `整改/中`), and the 复查 and
    备注 parts on their own lines rather than joined by `，`/`；` that a wrap can put first on a line."""
    return {**item, "整改情况": item["整改情况"].replace(" ", "\n"),
            "复查": "\n".join(x for x in (_d(item["复查日期"]) if item["复查日期"] else "", item["复查人"],
                                          item["复查结果"]) if x),
            "备注": "\n".join(x for x in (item["标记"], item["备注原文"]) if x)}


def _form_workbook(context: dict[str, Any], title: str, created: dt.datetime) -> bytes:
    rows = [[cells[key] or None for key, _ in FORM_COLUMNS]
            for cells in map(_printed_cells, context["hazards"])]
    if not rows:
        rows = [[None, None, None, context["empty_text"]]]
    sheet = Sheet(
        name=context["period"], title=f"{context['school']}安全隐患排查整改表",
        subtitle=f"上报单位：{context['district']}    期间：{context['period']}    报告日期：{_d(context['date'])}",
        columns=[col for _, col in FORM_COLUMNS], rows=rows, landscape=True,
        highlight=[bool(item["逾期"]) for item in context["hazards"]] or None,
        footer_rows=[[context["summary"]],
                     [f"排查人：{context['inspector']}", f"学校负责人：{context['principal']}",
                      f"日期：{_d(context['date'])}"]],
    )
    return write_workbook([sheet], created=created, title=title)


def plan_form(ctx: Ctx, period: Period) -> list[Planned]:
    day = ctx.report_date(period)
    name = f"{period.label} 安全隐患排查整改表"
    title = f"安全隐患排查整改表（{period.label}）"
    word = form_context(ctx, period, for_word=True)
    sheet = form_context(ctx, period, for_word=False)
    when = document_time(day)
    return [
        Planned(path=f"{FOLDER}/{name}.docx", template=FORM, context=word, title=title,
                period=period.label, inputs=ctx.sources, modified=when),
        Planned(path=f"{FOLDER}/{name}.xlsx", template=FORM_XLSX, context=sheet, title=title,
                period=period.label, inputs=ctx.sources, modified=when,
                build=lambda: _form_workbook(sheet, title, when)),
    ]


def notice_deadline(deadline: dt.date | None, when: dt.date, extension: int,
                    last: dt.date | None = None) -> dt.date | None:
    """The deadline a notice dated ``when`` gives: the original, or, once that has passed,
    ``when`` + ``[hazards] overdue_extension`` days (a notice never sets a past deadline),
    but never after ``last``, the term's end (the term is the outer bound)."""
    if deadline is None or deadline >= when:
        return deadline
    extended = when + dt.timedelta(days=extension)
    return max(when, min(extended, last)) if last else extended


def deadline_text(deadline: dt.date | None, overdue: bool = False) -> str:
    if deadline is None:
        return "自即日起立即整改"
    if overdue:
        return f"限于{format_date(deadline)}前整改完毕"
    return f"自即日起至{format_date(deadline)}前整改完毕"


def plan_notices(ctx: Ctx, period: Period, done: set[str]) -> list[Planned]:
    """A notice for each hazard of the period that is 较大/重大, or overdue at its report date."""
    day = ctx.report_date(period)
    planned = []
    for h, _ in form_hazards(ctx, period):
        level = h.rec["风险等级"] or "一般"
        serious = level in ("较大", "重大") and period.contains(h.found)
        overdue = h.overdue_at(day)
        if h.number in done or not (serious or overdue):
            continue
        done.add(h.number)
        reason = f"{level}隐患" if serious else "逾期未整改"
        when = h.found if serious else day
        original = h.rec["整改期限"]
        deadline = notice_deadline(original, when, ctx.inputs.settings.hazards.overdue_extension,
                                   ctx.inputs.settings.term.end)
        late = deadline != original
        context = {
            **ctx.common,
            "number": h.number, "department": _s(h.rec["责任部门"]), "responsible": _s(h.rec["整改责任人"]),
            "found_date": _d(h.found), "place": _s(h.rec["检查部位"]), "category": _s(h.rec["隐患类别"]),
            "description": _s(h.rec["隐患描述"]), "level": level, "measure": _sentence(h.rec["整改措施"]),
            "deadline": _d(deadline), "deadline_text": deadline_text(deadline, late),
            "overdue": late, "original_deadline": _d(original), "reason": reason, "inspector": _s(h.rec["排查人"]), "date": official_date(when),
        }
        file = safe_filename(f"{h.number} {h.rec['检查部位']}.docx")
        planned.append(Planned(
            path=f"{FOLDER}/整改通知书/{file}", template=NOTICE, context=context,
            title=f"安全隐患整改通知书（{h.number}）", period=period.label, inputs=ctx.sources,
            modified=document_time(when)))
    return planned


# ------------------------------------------------------------------------------- ledger

LEDGER_COLUMNS = [
    Col("编号", align="center"), Col("检查日期", kind="date"), Col("检查类型"), Col("校区"),
    Col("检查部位", wrap=True, width=16), Col("隐患类别"), Col("隐患描述", wrap=True, width=26),
    Col("风险等级", align="center"), Col("排查人"), Col("整改责任人"), Col("责任部门"),
    Col("整改措施", wrap=True, width=26), Col("整改期限", kind="date"), Col("完成日期", kind="date"),
    Col("整改状态", align="center"), Col("是否逾期", align="center"), Col("复查日期", kind="date"),
    Col("复查人"), Col("复查结果", wrap=True, width=16), Col("备注", wrap=True, width=12),
]
_LEDGER_INDEX = {c.header: i for i, c in enumerate(LEDGER_COLUMNS)}
#: Data starts on this 0-based row of a month sheet (title row, header row; no subtitle).
_LEDGER_FIRST = 2


def _letter(index: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(index)


def ledger_date(ctx: Ctx, halves: list[Period]) -> dt.date:
    """The 台账's "as of" date: ``--date``, the last form's report date, else the term's end
    (the last record's date without a term), never after the term's end."""
    if ctx.options.date:
        return ctx.options.date
    term = ctx.inputs.settings.term
    if ctx.options.period and halves:
        return ctx.report_date(halves[-1])
    if term.end:
        return term.end
    days = [d for h in ctx.hazards for d in (h.found, h.rec["完成日期"], h.rec["复查日期"]) if d]
    return max(days) if days else dt.date(2000, 1, 1)


def ledger_summary(ctx: Ctx, day: dt.date) -> dict[str, Any]:
    """Counts by category (× level, × status), for the 汇总 sheet and tests."""
    cats = list(ctx.inputs.settings.hazards.categories)
    cats += sorted({h.rec["隐患类别"] for h in ctx.hazards} - set(cats))
    levels = list(ctx.inputs.settings.hazards.levels)
    rows = []
    for cat in cats:
        hs = [h for h in ctx.hazards if h.rec["隐患类别"] == cat and h.found <= day]
        rows.append({
            "隐患类别": cat, "隐患数": len(hs),
            **{lv: sum((h.rec["风险等级"] or "一般") == lv for h in hs) for lv in levels},
            **{st: sum(h.status_at(day) == st for h in hs) for st in STATUSES},
            "逾期": len(overdue_as_of(hs, day)),
        })
    return {"levels": levels, "rows": rows}


def plan_ledger(ctx: Ctx, months: list[Period], halves: list[Period]) -> Planned:
    day = ledger_date(ctx, halves)
    title = "隐患整改台账"
    by_month: dict[tuple[int, int], list[Hazard]] = {}
    for h in ctx.hazards:
        if h.found <= day:
            by_month.setdefault((h.found.year, h.found.month), []).append(h)
    summary = ledger_summary(ctx, day)

    def build() -> bytes:
        sheets = []
        month_sheets: list[tuple[str, int]] = []  # (sheet name, rows)
        for (y, m), hs in sorted(by_month.items()):
            rows = [_ledger_row(h, day) for h in hs]
            name = f"{y}年{m}月"
            month_sheets.append((name, len(rows)))
            sheets.append(Sheet(
                name=name, title=f"{ctx.common['school']}隐患整改台账（{name}）", columns=LEDGER_COLUMNS,
                rows=rows, landscape=True, totals_label="合计",
                highlight=[("warn" if h.overdue_at(day) else None) for h in hs]))
        sheets[:0] = [_summary_sheet(ctx, summary, month_sheets, day), _overdue_sheet(ctx, day)]
        return write_workbook(sheets, created=document_time(day), title=title)

    return Planned(path=f"{FOLDER}/隐患整改台账.xlsx", template="", printed=True, context={}, title=title,
                   period=ctx.inputs.settings.term.label, inputs=ctx.sources,
                   modified=document_time(day), build=build)


def _ledger_row(h: Hazard, day: dt.date) -> list[Any]:
    r = h.rec
    return [h.number, r["检查日期"], _s(r["检查类型"]) or "日巡视", r["校区"], r["检查部位"], r["隐患类别"],
            r["隐患描述"], r["风险等级"] or "一般", r["排查人"], r["整改责任人"], r["责任部门"], r["整改措施"],
            r["整改期限"], r["完成日期"] if h.done_by(day) else None, h.status_at(day),
            late_mark(h, day), *((r["复查日期"], r["复查人"], r["复查结果"]) if reviewed_by(h, day)
                                                 else (None, None, None)), r["备注"]]


def _countifs(month_sheets: list[tuple[str, int]], conditions: list[tuple[str, str]]) -> str:
    """Σ over month sheets of COUNTIFS(column range, criterion, …); "0" without data."""
    parts = []
    for name, n in month_sheets:
        if not n:
            continue
        args = []
        for column, criterion in conditions:
            letter = _letter(_LEDGER_INDEX[column])
            args.append(f"'{name}'!${letter}${_LEDGER_FIRST + 1}:${letter}${_LEDGER_FIRST + n}")
            args.append(criterion)
        parts.append(f"COUNTIFS({','.join(args)})")
    return "+".join(parts) or "0"


def _summary_sheet(ctx: Ctx, summary: dict[str, Any], month_sheets: list[tuple[str, int]],
                   day: dt.date) -> Sheet:
    levels = summary["levels"]
    headers = ["隐患数", *levels, *STATUSES, "逾期"]
    columns = [Col("隐患类别"), *[Col(h, kind="int", total="sum") for h in headers], Col("整改率", kind="percent")]
    rows = []
    for row in summary["rows"]:
        done = row["已整改"]
        rows.append([row["隐患类别"], *[row[h] for h in headers], (done / row["隐患数"]) if row["隐患数"] else None])
    overdue = overdue_as_of(ctx.hazards, day)

    def extra(ws: Any, book: Any, layout: Any) -> None:
        fmt_int = book.add_format({"border": 1, "align": "center", "num_format": "0", "font_name": "宋体",
                                   "font_size": 11, "valign": "vcenter"})
        fmt_pct = book.add_format({"border": 1, "align": "right", "num_format": PERCENT_FORMAT, "font_name": "宋体",
                                   "font_size": 11, "valign": "vcenter"})
        fmt_pct_total = book.add_format({"border": 1, "align": "right", "num_format": PERCENT_FORMAT, "bold": True,
                                         "font_name": "宋体", "font_size": 11, "valign": "vcenter"})
        first = layout.first_data_row
        rate_col = len(columns) - 1
        for i, row in enumerate(summary["rows"]):
            r = first + i
            a = f"$A{r + 1}"
            formulas = {"隐患数": [("隐患类别", a)]}
            for lv in levels:
                formulas[lv] = [("隐患类别", a), ("风险等级", f'"{lv}"')]
            for st in STATUSES:
                formulas[st] = [("隐患类别", a), ("整改状态", f'"{st}"')]
            formulas["逾期"] = [("隐患类别", a), ("是否逾期", '"逾期"')]
            for c, header in enumerate(headers, 1):
                ws.write_formula(r, c, "=" + _countifs(month_sheets, formulas[header]), fmt_int, row[header])
            b, done = f"B{r + 1}", f"{_letter(1 + len(levels) + 1)}{r + 1}"
            value = row["已整改"] / row["隐患数"] if row["隐患数"] else ""
            ws.write_formula(r, rate_col, f'=IF({b}=0,"",{done}/{b})', fmt_pct, value)
        if layout.totals_row is not None:
            r = layout.totals_row
            total = sum(row["隐患数"] for row in summary["rows"])
            done_total = sum(row["已整改"] for row in summary["rows"])
            b, done = f"B{r + 1}", f"{_letter(1 + len(levels) + 1)}{r + 1}"
            ws.write_formula(r, rate_col, f'=IF({b}=0,"",{done}/{b})', fmt_pct_total,
                             done_total / total if total else "")
        note = book.add_format({"font_name": "宋体", "font_size": 11})
        late = sum(late_mark(h, day) == "逾期完成" for h in ctx.hazards if h.found <= day)
        ws.write_string(layout.next_row + 1, 0, f"截至{format_date(day)}逾期未整改隐患{len(overdue)}项"
                        + ("，见「逾期清单」工作表" if overdue else "")
                        + (f"；另有{late}项过了整改期限才整改完毕（台账中标为“逾期完成”，不计入逾期）。"
                           if late else "。"), note)

    return Sheet(name="汇总", title=f"{ctx.common['school']}隐患整改汇总",
                 subtitle=f"统计截至{format_date(day)}", columns=columns, rows=rows, extra=extra)


OVERDUE_COLUMNS = [
    Col("编号", align="center", width=10), Col("检查日期", kind="date", width=15),
    Col("检查部位", wrap=True, width=22), Col("隐患类别", width=12), Col("隐患描述", wrap=True, width=30),
    Col("整改责任人", width=11), Col("责任部门", wrap=True, width=13), Col("整改期限", kind="date", width=15),
    Col("逾期天数", kind="int", width=9), Col("整改状态", align="center", width=9),
]


def _overdue_sheet(ctx: Ctx, day: dt.date) -> Sheet:
    """逾期清单 on its own sheet: columns sized for its own fields, dates as real dates."""
    overdue = overdue_as_of(ctx.hazards, day)
    rows = [[h.number, h.found, _s(h.rec["检查部位"]), _s(h.rec["隐患类别"]), _s(h.rec["隐患描述"]),
             _s(h.rec["整改责任人"]), _s(h.rec["责任部门"]), h.rec["整改期限"],
             (day - h.rec["整改期限"]).days, h.status_at(day)] for h in overdue]
    return Sheet(name="逾期清单", title=f"{ctx.common['school']}逾期未整改隐患清单",
                 subtitle=f"截至{format_date(day)}，共{len(overdue)}项", columns=OVERDUE_COLUMNS,
                 rows=rows or [["无逾期未整改隐患"]], landscape=True, highlight=[bool(rows)] * max(1, len(rows)))


# ------------------------------------------------------------------------------- monthly report


def month_context(ctx: Ctx, month: Period, *, for_word: bool) -> dict[str, Any]:
    """The 月报 as of its date (the month's end, never after the term's end).

    A category's 逾期 counts every hazard of it overdue on that date (earlier months too), so
    the column adds up to the 台账's and the last half-month form's 逾期 on the same date.
    """
    day = month_date(ctx, month)
    inputs = ctx.inputs

    def within(when: dt.date | None) -> bool:
        return month.contains(when) and when is not None and when <= day

    found = [h for h in ctx.hazards if within(h.found)]
    inspections = []
    for kind in CHECK_TYPES:
        days = sorted({h.found for h in found if (h.rec["检查类型"] or "日巡视") == kind})
        unit = "天" if kind == "日巡视" else "次"
        inspections.append({"检查类型": kind, "次数": len(days), "单位": unit,
                            "说明": f"发现隐患{sum((h.rec['检查类型'] or '日巡视') == kind for h in found)}项"})
    known = inputs.settings.hazards.categories
    overdue = overdue_as_of(ctx.hazards, day)
    cats = []
    for cat in [*known, None]:
        def of(hs: list[Hazard], cat: str | None = cat) -> list[Hazard]:
            return [h for h in hs if (h.rec["隐患类别"] == cat if cat else h.rec["隐患类别"] not in known)]
        hs, late = of(found), of(overdue)
        if hs or late:
            cats.append({"隐患类别": cat or "其他", "发现": len(hs), "已整改": sum(h.done_by(day) for h in hs),
                         "未整改": sum(not h.done_by(day) for h in hs), "逾期": len(late)})
    done = sum(h.done_by(day) for h in found)
    drills = []
    if inputs.has(DRILLS.stem):  # the drill kind's figures: the month's drills by date
        for d in figures.drills_within(inputs, month.start, min(day, month.end)):
            drills.append({  # in Word `6月16日` (the month gives the year): never broken
                "日期": short_date(d["date"], month.start.year) if for_word else d["date"],
                "名称": _s(d["name"]), "类型": d["type"], "实到人数": d["present"] or "",
                "疏散用时": "" if d["seconds"] is None else format_duration(d["seconds"])})
    posts: dict[str, Counter[str]] = {}  # the roster's duties, counted by the figures layer
    if inputs.has(ROSTER.stem):
        posts = figures.attendance_by_post(d for d in figures.duties(inputs) if within(d["日期"]))
    duty = [{"岗位": post, "应到": c["安排"], "到岗": c["到岗"], "缺岗": c["缺岗"], "请假": c["请假"], "替班": c["替班"],
             "到岗率": format_rate(c["出勤"], c["安排"]) if for_word else fraction(c["出勤"], c["安排"])}
            for post, c in posts.items()]
    duty_total = sum(c["安排"] for c in posts.values())
    duty_present = sum(c["出勤"] for c in posts.values())
    # A month cut by the term's end says so: 2022年7月（截至7月1日）.
    label = month.label if day >= month.end else f"{month.label}（截至{day.month}月{day.day}日）"
    return {
        **ctx.common, "month": label, "date": official_date(day) if for_word else day,
        "inspections": inspections, "categories": cats, "found": len(found), "done": done,
        "categories_total": {k: sum(c[k] for c in cats) for k in ("发现", "已整改", "未整改", "逾期")},
        "open": len(found) - done, "overdue": len(overdue),
        "rate": format_rate(done, len(found)),
        "rate_text": (f"整改率{format_rate(done, len(found))}" if found else "整改率：—（本月未发现隐患）"),
        "has_drills": inputs.has(DRILLS.stem), "drills": drills, "drill_count": len(drills),
        "has_duty": inputs.has(ROSTER.stem), "duty": duty,
        "duty_rate": format_rate(duty_present, duty_total) if for_word else fraction(duty_present, duty_total),
    }


def _monthly_workbook(c: dict[str, Any], title: str, created: dt.datetime) -> bytes:
    """Titles short enough for the table under them (the school is in the subtitle), signatures
    on one line across the table, 到岗率 as numbers, 天 and 次 never added together."""
    head = f"填报单位：{c['school']}    月份：{c['month']}"
    sign = [[f"填报人：{c['filler']}    学校负责人：{c['principal']}    日期：{_d(c['date'])}"]]
    visits = {r["单位"]: 0 for r in c["inspections"]}
    for r in c["inspections"]:
        visits[r["单位"]] += r["次数"]
    sheets = [
        Sheet(name="隐患统计", title=f"安全工作月报（{c['month']}）", subtitle=head,
              columns=[Col("隐患类别", width=20), Col("发现", kind="int", total="sum", width=11),
                       Col("已整改", kind="int", total="sum", width=11),
                       Col("未整改", kind="int", total="sum", width=11), Col("逾期", kind="int", total="sum", width=11)],
              rows=[[r["隐患类别"], r["发现"], r["已整改"], r["未整改"], r["逾期"]] for r in c["categories"]],
              footer_rows=[[f"本月发现隐患{c['found']}项，已整改{c['done']}项，{c['rate_text']}。"],
                           [f"截至{_d(c['date'])}逾期未整改{c['overdue']}项（含以前各月发现的）。"], *sign]),
        Sheet(name="检查情况", title=f"安全检查情况（{c['month']}）", subtitle=head,
              columns=[Col("检查类型", width=14), Col("天数/次数", kind="int", width=10),
                       Col("单位", align="center", width=8),
                       Col("说明", width=30)],
              rows=[[r["检查类型"], r["次数"], r["单位"], r["说明"]] for r in c["inspections"]],
              footer_rows=[["合计：" + "，".join(f"{n}{unit}" for unit, n in visits.items())
                            + "（日巡视按天计，其他检查按次计，不相加）"], *sign]),
    ]
    if c["has_drills"]:
        sheets.append(Sheet(
            name="应急演练", title=f"应急演练（{c['month']}）", subtitle=head,
            columns=[Col("日期", kind="date", width=16), Col("名称", wrap=True, width=26), Col("类型", width=12),
                     Col("实到人数", kind="int", total="sum", width=10), Col("疏散用时", align="center", width=12)],
            rows=[[d["日期"], d["名称"], d["类型"], d["实到人数"] or None, d["疏散用时"]] for d in c["drills"]],
            footer_rows=sign))
    if c["has_duty"]:
        duty_cols = ("应到", "到岗", "缺岗", "请假", "替班")

        def duty_rate(ws: Any, book: Any, layout: Any) -> None:
            """The 合计 row's 到岗率 from its own totals (a rate is never summed)."""
            if layout.totals_row is None or not layout.has_data:
                return
            r = layout.totals_row + 1
            due, present, stand_in = (f"{layout.letters[layout.col(h)]}{r}" for h in ("应到", "到岗", "替班"))
            fmt = book.add_format({"border": 1, "bold": True, "num_format": PERCENT_FORMAT, "align": "right",
                                   "font_name": "宋体", "font_size": 11, "valign": "vcenter"})
            ws.write_formula(layout.totals_row, layout.col("到岗率"),
                             f'=IF({due}=0,"",({present}+{stand_in})/{due})', fmt,
                             c["duty_rate"] if c["duty_rate"] is not None else "")

        sheets.append(Sheet(
            name="值日到岗", title=f"值日到岗情况（{c['month']}）", subtitle=head,
            columns=[Col("岗位", width=16), *[Col(h, kind="int", total="sum", width=8) for h in duty_cols],
                     Col("到岗率", kind="percent", width=10)],
            rows=[[d["岗位"], d["应到"], d["到岗"], d["缺岗"], d["请假"], d["替班"], d["到岗率"]] for d in c["duty"]],
            footer_rows=sign, extra=duty_rate))
    return write_workbook(sheets, created=created, title=title)


def month_date(ctx: Ctx, month: Period) -> dt.date:
    """The 月报's date: ``--date``, else the month's last day, never after the term's end."""
    return ctx.options.date or term_bound(ctx.inputs.settings.term, month.end)


def plan_monthly(ctx: Ctx, month: Period) -> list[Planned]:
    day = month_date(ctx, month)
    name = f"{month.label} 安全工作月报"
    title = f"安全工作月报（{month.label}）"
    word = month_context(ctx, month, for_word=True)
    sheet = month_context(ctx, month, for_word=False)
    when = document_time(day)
    sources = ctx.sources + tuple(ctx.inputs.source_files(DRILLS.stem, ROSTER.stem))
    return [
        Planned(path=f"{FOLDER}/月报/{name}.xlsx", template=MONTHLY_XLSX, context=sheet, title=title,
                period=month.label, inputs=sources, modified=when, binder=MONTHLY_BINDER,
                build=lambda: _monthly_workbook(sheet, title, when)),
        Planned(path=f"{FOLDER}/月报/{name}.docx", template=MONTHLY, context=word, title=title,
                period=month.label, inputs=sources, modified=when, binder=MONTHLY_BINDER),
    ]


def warnings(inputs: Inputs, options: Options | None = None) -> list[Problem]:
    """A --period run does not touch the whole-term 台账; say so, so nobody thinks it is lost."""
    if options is None or not options.period:
        return []
    return [Problem("只生成了这一期间的排查整改表、整改通知书和月报；隐患整改台账.xlsx 覆盖整个学期，本次没有改动"
                    "（已有的台账原样保留）；要更新台账，请不写 --period 运行 houqin hazards",
                    Location(column="--period"), options.period, severity="warning")]


def term_figures(inputs: Inputs) -> dict[str, Any]:
    """The figures layer's hook: ``categories``, the 隐患整改台账 summary's rows (隐患类别,
    隐患数, 已整改 …) at the ledger's own date."""
    ctx = Ctx(inputs, number_hazards(inputs.records("隐患排查")), Options(),
              inputs.settings.hazards.half_month_split, {}, (), {})
    return {"categories": ledger_summary(ctx, ledger_date(ctx, []))["rows"]}


KIND = Kind(
    name="hazards",
    family="安全隐患排查",
    description="半月一次的安全隐患排查整改表、整改通知书、隐患整改台账和安全工作月报",
    order=10,
    needs=(("隐患排查", None),),
    optional=(DRILLS.stem, ROSTER.stem),
    templates={FORM: FORM_FIELDS, FORM_XLSX: FORM_FIELDS, NOTICE: NOTICE_FIELDS,
               MONTHLY: MONTH_FIELDS, MONTHLY_XLSX: MONTH_FIELDS},
    plan=plan,
    warnings=warnings,
    figures=term_figures,
    options=("period", "date"),
    help="""生成安全隐患排查整改表（每半月一份，Word 和 Excel）、整改通知书（较大、重大或逾期的隐患）、
    隐患整改台账（每月一张工作表和汇总）以及安全工作月报。

    不写 --period 时生成本学期的每个半月和每个月；--period 2022-03-1 为 3 月上半月，
    2022-03-2 为下半月，2022-03 为整月。报告日期默认为期间最后一天，可用 --date 指定；
    过了整改期限仍未整改的隐患标为逾期。templates/ 中放有同名的 .xlsx 表格（区县下发的格式）时，
    按其中的 {{ }} 标记填写该表格。

    \b
    示例：
      houqin hazards
      houqin hazards --period 2022-03-1
      houqin hazards --period 2022-03 --date 2022-03-31
    """,
    binder=("安全工作", "09 事故隐患"),
    paper=(
        # 12 hazards ≤ 2 landscape pages (≥ 8 rows a page, tests/test_layout.py)
        Paper("安全隐患/* 安全隐患排查整改表.pdf", 2, "hazard-form", "安全隐患排查整改表（每半月，A4 横向）",
              "≤ 2 页，每页至少 8 条隐患；签字行紧跟最后一行",
              sample="安全隐患/2022年6月下半月 安全隐患排查整改表.pdf"),
        # the 回执 below a cut line, on the same page
        Paper("安全隐患/整改通知书/*.pdf", 1, "hazard-notice", "整改通知书", "1 页（回执在裁剪线下）"),
        Paper("安全隐患/月报/* 安全工作月报.pdf", 2, "monthly-report", "安全工作月报", "≤ 2 页",
              sample="安全隐患/月报/2022年3月 安全工作月报.pdf"),
        # 汇总, 逾期清单 and one page a month
        Paper("安全隐患/隐患整改台账.pdf", 7, "hazard-ledger", "隐患整改台账", "≤ 7 页"),
    ),
)
