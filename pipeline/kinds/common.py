"""Values every document shows: school, term, people who sign, official dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..settings import Settings
from ..values import format_date

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
