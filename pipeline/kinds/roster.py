"""值日安排: the weekly 值日安排表 (.docx and .xlsx) and the term's attendance statistics.

Seed 000: 楼层值日 and 护学岗 every day. Week 1 is the Monday-based week holding the term's
start date. A duty on a Chinese public holiday (from the maintained ``chinese_calendar``
package, which also knows the 调休 working weekends) or outside the term is flagged in the
table and in a warning.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import chinese_calendar

from ..errors import Location, Problem
from ..loader import Inputs
from ..reader import Record
from ..values import format_date
from ..xlsx import Col, Sheet, write_workbook
from . import Kind, Options, Planned
from .common import COMMON_FIELDS, common_context, document_time, official_date

TEMPLATE = "值日安排表.docx"
FOLDER = "值日安排"
STATISTICS = f"{FOLDER}/值日考勤统计.xlsx"
WEEKDAYS = "一二三四五六日"
HOLIDAY_NAMES = {h.value: h.chinese for h in chinese_calendar.Holiday}

FIELDS = {
    **COMMON_FIELDS,
    "week": "教学周序号，如 3",
    "week_label": "教学周，如 第3周",
    "span": "本周起止日期，如 2022年2月28日至3月4日",
    "days": "有值日的日子（逐列）：day.weekday 星期一，day.date 2月28日，day.flag （清明节）等标注",
    "rows": "值日岗位（逐行）：row.post 岗位，row.place 地点，row.cells 每天的值日人员",
    "notes": "节假日、学期外值日等提醒（逐条）",
    "signed_date": "落款日期（本周第一天）",
}


@dataclass(frozen=True)
class DayFlag:
    label: str  # shown under the date: （清明节）, （调休上班）, （学期外）
    warn: str  # the warning's reason, "" when only informative


def week_of(day: dt.date, start: dt.date) -> int:
    """Teaching week: 1 is the Monday-based week of the term's start date."""
    monday = start - dt.timedelta(days=start.weekday())
    return (day - monday).days // 7 + 1


def week_label(week: int) -> str:
    return f"第{week}周" if week >= 1 else f"开学前第{1 - week}周"


def week_file(week: int) -> str:
    return f"第{week:02d}周" if week >= 1 else f"开学前第{1 - week}周"


def day_flag(day: dt.date, inputs: Inputs) -> DayFlag | None:
    term = inputs.settings.term
    if term.start and term.end and not term.contains(day):
        return DayFlag("（学期外）", f"不在本学期（{term.describe_span()}）内")
    try:
        holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # a year the calendar package does not know yet
        return None
    if holiday and name:
        chinese = HOLIDAY_NAMES.get(name, name)
        return DayFlag(f"（{chinese}·节假日）", f"是法定节假日（{chinese}）")
    if not holiday and day.weekday() >= 5:
        return DayFlag("（调休上班）", "")
    return None


def span_text(first: dt.date, last: dt.date) -> str:
    end = f"{last.month}月{last.day}日" if last.year == first.year else format_date(last)
    return f"{format_date(first)}至{end}"


def cell_text(rec: Record) -> str:
    """`王秀英（替陈美玲）` when someone covered; the absence noted otherwise."""
    status = rec["到岗情况"]
    if status == "替班" and rec["替班人"]:
        return f"{rec['替班人']}（替{rec['姓名']}）"
    if status in ("缺岗", "请假"):
        return f"{rec['姓名']}（{status}）"
    return rec["姓名"]


def roster_records(inputs: Inputs) -> list[Record]:
    return sorted(inputs.records("值日安排"), key=lambda r: (r["日期"], r.where.row or 0))


def term_start(inputs: Inputs, records: Sequence[Record]) -> dt.date:
    return inputs.settings.term.start or min(r["日期"] for r in records)


@dataclass
class Week:
    number: int
    days: list[dt.date]
    #: (岗位, 地点) in the order they first appear in the roster → day → names
    duties: dict[tuple[str, str], dict[dt.date, list[str]]]


def weeks(inputs: Inputs, records: Sequence[Record]) -> list[Week]:
    if not records:
        return []
    start = term_start(inputs, records)
    order: dict[tuple[str, str], int] = {}
    for rec in records:
        order.setdefault((rec["岗位"], rec["地点"] or ""), len(order))
    by_week: dict[int, list[Record]] = defaultdict(list)
    for rec in records:
        by_week[week_of(rec["日期"], start)].append(rec)
    result = []
    for number in sorted(by_week):
        recs = by_week[number]
        monday = start - dt.timedelta(days=start.weekday()) + dt.timedelta(weeks=number - 1)
        on = {r["日期"] for r in recs}
        # Monday to Friday always, a weekend day only when someone is on duty then
        days = [d for d in (monday + dt.timedelta(days=i) for i in range(7)) if d.weekday() < 5 or d in on]
        duties: dict[tuple[str, str], dict[dt.date, list[str]]] = {}
        for rec in sorted(recs, key=lambda r: order[(r["岗位"], r["地点"] or "")]):
            duties.setdefault((rec["岗位"], rec["地点"] or ""), defaultdict(list))[rec["日期"]].append(
                cell_text(rec))
        result.append(Week(number, days, duties))
    return result


def day_header(day: dt.date, inputs: Inputs, busy: bool) -> dict[str, str]:
    flag = day_flag(day, inputs) if busy else None
    return {"weekday": f"星期{WEEKDAYS[day.weekday()]}", "date": f"{day.month}月{day.day}日",
            "flag": flag.label if flag else ""}


def week_context(inputs: Inputs, week: Week) -> dict[str, Any]:
    busy = {d for cells in week.duties.values() for d in cells}
    rows = []
    previous = None
    for (post, place), cells in week.duties.items():
        rows.append({"post": post if post != previous else "", "place": place,
                     "cells": ["、".join(cells.get(d, [])) for d in week.days]})
        previous = post
    notes = []
    for day in week.days:
        flag = day_flag(day, inputs) if day in busy else None
        if flag and flag.warn:
            notes.append(f"{format_date(day)}{flag.warn}，仍排有值日，请核实。")
    return {
        **common_context(inputs.settings),
        "week": week.number,
        "week_label": week_label(week.number),
        "span": span_text(week.days[0], week.days[-1]),
        "days": [day_header(d, inputs, d in busy) for d in week.days],
        "rows": rows,
        "notes": notes,
        "signed_date": official_date(week.days[0]),
    }


def week_workbook(inputs: Inputs, context: dict[str, Any], first: dt.date) -> bytes:
    settings = inputs.settings
    columns = [Col("岗位", align="center"), Col("地点", align="center")] + [
        Col(f"{d['weekday']}\n{d['date']}{d['flag']}", wrap=True, align="center") for d in context["days"]]
    rows = [[r["post"], r["place"], *r["cells"]] for r in context["rows"]]
    sheet = Sheet(
        name=week_file(context["week"]), title=f"{settings.school.name}值日安排表",
        subtitle=f"{context['term']}　{context['week_label']}（{context['span']}）",
        columns=columns, rows=rows, landscape=len(columns) > 7,
        footer_rows=[*(["注：" + n] for n in context["notes"]),
                     [f"制表：{settings.people.filler}", f"审核：{settings.people.logistics_head}",
                      f"日期：{context['signed_date']}"]],
    )
    return write_workbook([sheet], created=document_time(first),
                          title=f"值日安排表（{context['week_label']}）")


STAT_COLUMNS = [
    Col("序号", kind="int"),
    Col("姓名", align="center"),
    Col("安排值日（次）", kind="int", total="sum"),
    Col("到岗（次）", kind="int", total="sum"),
    Col("缺岗（次）", kind="int", total="sum"),
    Col("请假（次）", kind="int", total="sum"),
    Col("由他人替班（次）", kind="int", total="sum"),
    Col("替他人值日（次）", kind="int", total="sum"),
    Col("实际值日（次）", kind="int", total="sum"),
    Col("到岗率", kind="percent"),
]


def attendance(records: Sequence[Record]) -> dict[str, Counter[str]]:
    """Per person: duties assigned, 到岗, 缺岗, 请假, 替班 received (由他人替班) and given (替他人)."""
    people: dict[str, Counter[str]] = defaultdict(Counter)
    for rec in records:
        own = people[rec["姓名"]]
        own["安排"] += 1
        own[rec["到岗情况"]] += 1
        if rec["到岗情况"] == "替班" and rec["替班人"]:
            people[rec["替班人"]]["替他人"] += 1
    return people


def statistics_rows(records: Sequence[Record]) -> list[list[Any]]:
    rows = []
    for i, (name, c) in enumerate(sorted(attendance(records).items(),
                                         key=lambda item: (-item[1]["安排"], item[0])), 1):
        served = c["到岗"] + c["替他人"]
        rows.append([i, name, c["安排"], c["到岗"], c["缺岗"], c["请假"], c["替班"], c["替他人"], served,
                     c["到岗"] / c["安排"] if c["安排"] else None])
    return rows


def statistics(inputs: Inputs, records: list[Record]) -> bytes:
    settings = inputs.settings
    subtitle = f"学校：{settings.school.name}　　{settings.term.label if settings.term.year else ''}"
    absences = [r for r in records if r["到岗情况"] != "到岗"]
    sheets = [
        Sheet(name="考勤统计", title="值日考勤统计", columns=STAT_COLUMNS, rows=statistics_rows(records),
              subtitle=subtitle, highlight=lambda row: "warn" if row[4] else None,
              footer_rows=[["到岗率 = 到岗 ÷ 安排值日；实际值日 = 到岗 + 替他人值日"],
                           [f"统计：{settings.people.filler}", f"审核：{settings.people.logistics_head}"]]),
        Sheet(name="缺岗请假替班明细", title="缺岗、请假、替班明细",
              columns=[Col("日期", kind="date"), Col("岗位"), Col("地点"), Col("姓名", align="center"),
                       Col("到岗情况", align="center"), Col("替班人", align="center"), Col("备注", wrap=True)],
              rows=[[r["日期"], r["岗位"], r["地点"] or "", r["姓名"], r["到岗情况"], r["替班人"] or "",
                     r["备注"] or ""] for r in absences],
              subtitle=subtitle, highlight=lambda row: "warn" if row[4] == "缺岗" else None),
    ]
    last = records[-1]["日期"] if records else settings.term.end
    return write_workbook(sheets, created=document_time(last), title="值日考勤统计")


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    settings = inputs.settings
    records = roster_records(inputs)
    sources = tuple(inputs.source_files("值日安排"))
    planned = []
    for week in weeks(inputs, records):
        context = week_context(inputs, week)
        stem = f"{FOLDER}/{week_file(week.number)} 值日安排表"
        when = document_time(week.days[0])
        title = f"值日安排表（{context['week_label']}）"
        planned.append(Planned(path=f"{stem}.docx", template=TEMPLATE, context=context, title=title,
                               period=context["week_label"], inputs=sources, modified=when))
        planned.append(Planned(path=f"{stem}.xlsx", template="", context={}, title=title,
                               period=context["week_label"], inputs=sources, modified=when,
                               build=lambda c=context, d=week.days[0]: week_workbook(inputs, c, d)))
    last = records[-1]["日期"] if records else settings.term.end
    planned.append(Planned(path=STATISTICS, template="", context={}, title="值日考勤统计",
                           period=settings.term.label, inputs=sources, modified=document_time(last),
                           build=lambda: statistics(inputs, records)))
    return planned


def warnings(inputs: Inputs, options: Options | None = None) -> list[Problem]:
    """A day with duties that is a public holiday or outside the term (one warning per day)."""
    where = Location(file=(inputs.source_files("值日安排") or ["inputs/值日安排.xlsx"])[0], sheet="值日安排")
    per_day = Counter(r["日期"] for r in inputs.records("值日安排"))
    problems = []
    for day in sorted(per_day):
        flag = day_flag(day, inputs)
        if flag and flag.warn:
            problems.append(Problem(
                f"{format_date(day)}（星期{WEEKDAYS[day.weekday()]}）{flag.warn}，但排有值日 {per_day[day]} 人次；"
                "值日安排表中已标注，请核实", where, severity="warning"))
    return problems


KIND = Kind(
    name="roster",
    family="值日安排",
    description="每个教学周一份值日安排表（Word 和 Excel），本学期值日考勤统计",
    order=30,
    needs=(("值日安排", None),),
    templates={TEMPLATE: FIELDS},
    plan=plan,
    warnings=warnings,
    help="""生成值日安排表（每个教学周一份，Word 和 Excel）和本学期值日考勤统计。

    读取 inputs/值日安排.xlsx：每人每岗每天一行。第1教学周是包含开学日期的那一周
    （周一开始）。替班显示为“王秀英（替陈美玲）”。法定节假日或学期外排有值日时，
    在表中标注并给出提醒。

    \b
    示例：
      houqin roster
      houqin roster -w D:\\后勤\\2022春 --force
    """,
)
