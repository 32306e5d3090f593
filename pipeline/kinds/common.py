"""Values every document shows: school, term, people who sign, official dates."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..reading.values import format_date
from ..settings import LONG_DASH, Settings

COMMON_FIELDS = {
    "school": "学校名称",
    "district": "上报单位",
    "term": "学期，如 2021—2022学年第二学期",
    "school_year": "学年，如 2021—2022",
    "principal": "校长",
    "deputy": "分管领导",
    "logistics_head": "后勤负责人",
    "filler": "填报人",
}


def common_context(settings: Settings) -> dict[str, Any]:
    people = settings.people
    return {
        "school": settings.school.name,
        "district": settings.school.district,
        "term": settings.term.label if settings.term.year else "",
        "school_year": settings.term.year,
        "principal": people.principal,
        "deputy": people.deputy,
        "logistics_head": people.logistics_head,
        "filler": people.filler,
    }


def document_time(day: dt.date | None) -> dt.datetime:
    """A document's created/modified time comes from its data, never from the clock."""
    day = day or dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, 8, 0, 0)


def official_date(day: dt.date | None) -> str:
    return format_date(day) if day else "    年  月  日"


def archive_year(settings: Settings) -> int:
    """The calendar year the term starts in (2022 for 2021—2022学年第二学期)."""
    term = settings.term
    if term.start:
        return term.start.year
    if term.year and LONG_DASH in term.year:
        first, second = term.year.split(LONG_DASH)[:2]
        return int(second if term.term == 2 else first)
    return 0


def period_lines(period: str) -> str:
    """A period on two lines where a reader breaks it: `2022年2月` / `上半月`, `2021—2022` /
    `学年第二学期`, `2022年` / `1月10日` (a document of one day, the 资产验收单).

    The 目录's narrow 期间 column otherwise wraps anywhere (`2021—/2022学/年第二/学期`, `2022年1月10/日`).
    """
    return re.sub(r"(?<=月)(上半月|下半月)|(?<=\d)(学年第.学期)|(?<=\d年)(\d{1,2}月\d{1,2}日)",
                  lambda m: "\n" + m.group(0), period)
