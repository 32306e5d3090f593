"""Reporting periods: half-months (`2022-03-1` = 上半月, `2022-03-2` = 下半月) and months.

The split day comes from settings (``hazards.half_month_split``, default 15: 上半月 = 1..15).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .errors import InputError, Location, Problem

#: The one period grammar of every command's --period: `2022-03-1`, `2022-03-2`, `2022-03`,
#: `202203`, `2022年3月`, `2022年3月上半月`.
_PERIOD = re.compile(r"^\s*(\d{4})[-./年]?(\d{1,2})月?(?:[-./](\d)|(上|下)半月)?\s*$")


@dataclass(frozen=True, order=True)
class Period:
    """A half-month (``half`` 1 or 2) or a whole month (``half`` 0)."""

    year: int
    month: int
    half: int
    split: int = 15

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, self.split + 1 if self.half == 2 else 1)

    @property
    def end(self) -> dt.date:
        if self.half == 1:
            return dt.date(self.year, self.month, min(self.split, month_days(self.year, self.month)))
        return dt.date(self.year, self.month, month_days(self.year, self.month))

    @property
    def code(self) -> str:
        base = f"{self.year}-{self.month:02d}"
        return f"{base}-{self.half}" if self.half else base

    @property
    def label(self) -> str:
        """`2022年3月上半月`, `2022年3月`."""
        part = {0: "", 1: "上半月", 2: "下半月"}[self.half]
        return f"{self.year}年{self.month}月{part}"

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def halves(self) -> list[Period]:
        if self.half:
            return [self]
        return [Period(self.year, self.month, 1, self.split), Period(self.year, self.month, 2, self.split)]

    def whole_month(self) -> Period:
        return Period(self.year, self.month, 0, self.split)


def month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def parse_period(text: str, split: int = 15) -> Period:
    """`2022-03-1`, `2022-03-2`, `2022-03`, `202203` (also `2022年3月`, `2022年3月上半月`);
    ValueError in Chinese otherwise."""
    m = _PERIOD.match(text or "")
    if not m:
        raise ValueError(f"无法识别的期间「{text}」，应为 2022-03-1（上半月）、2022-03-2（下半月）、2022-03 或 202203（整月），"
                         "也可写 2022年3月上半月")
    year, month = int(m.group(1)), int(m.group(2))
    half = int(m.group(3)) if m.group(3) else {"上": 1, "下": 2}.get(m.group(4) or "", 0)
    if not 1 <= month <= 12 or half not in (0, 1, 2):
        raise ValueError(f"无法识别的期间「{text}」，月份应为 1–12，半月为 1（上半月）或 2（下半月）")
    return Period(year, month, half, split)


def period_option(text: str, split: int = 15) -> Period:
    """The command line's ``--period``: a wrongly written one is an input error located at
    ``--period``, worded the same for every command that takes one."""
    try:
        return parse_period(text, split)
    except ValueError as err:
        raise InputError([Problem(str(err), Location(column="--period"), text)]) from None


def half_of(day: dt.date, split: int = 15) -> Period:
    return Period(day.year, day.month, 1 if day.day <= split else 2, split)


def halves_between(first: dt.date, last: dt.date, split: int = 15) -> list[Period]:
    """Every half-month from the one holding ``first`` to the one holding ``last``."""
    periods = []
    p = half_of(first, split)
    while p.start <= last:
        periods.append(p)
        if p.half == 1:
            p = Period(p.year, p.month, 2, split)
        else:
            y, m = (p.year + 1, 1) if p.month == 12 else (p.year, p.month + 1)
            p = Period(y, m, 1, split)
    return periods


def months_between(first: dt.date, last: dt.date, split: int = 15) -> list[Period]:
    seen: list[Period] = []
    for p in halves_between(first, last, split):
        if p.whole_month() not in seen:
            seen.append(p.whole_month())
    return seen


def is_school_day(day: dt.date) -> bool:
    """A working day by the State Council's calendar: weekends and public holidays off, the
    make-up working days (调休上班, e.g. Saturday 2022-04-02) on.

    ``chinese_calendar`` knows each year once it is published; for a year it does not know
    yet, Monday to Friday.
    """
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def school_days(start: dt.date | None, end: dt.date | None) -> list[dt.date]:
    """The school days of a term (or of any span): every day from ``start`` to ``end`` that
    :func:`is_school_day` says is worked. Empty without both dates."""
    if start is None or end is None:
        return []
    days = []
    day = start
    while day <= end:
        if is_school_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days
