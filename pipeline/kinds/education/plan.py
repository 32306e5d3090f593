"""安全教育: the term's 每月安全教育主题安排表 and 安全教育记录汇总.

Seed 001 (两定一丰富): 每月围绕安全的主题上一节班队课…统筹安排每月安全教育主题; themes 防校园欺凌、
心理健康、疫情防控、知法守法. The national safety days are computed for the term's years by one
rule (``NATIONAL_DAYS``), never typed: 全国中小学生安全教育日 moves every year (the last Monday of
March). A term month without a theme is a warning; a lesson on another theme than its month's is
normal (a class answers what happened that week) and is not.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import chinese_calendar

from ...errors import Location, Problem
from ...reading.loader import Inputs
from ...reading.records import Record
from ...render.workbook import Col, Layout, Sheet, write_workbook
from .. import Kind, Options, Paper, Planned, figures_of
from ..common import COMMON_FIELDS, common_context, document_time, official_date
from ..property.inputs import STEM as PROPERTY
from .inputs import STEM, class_name

TEMPLATE = "每月安全教育主题安排表.docx"
FOLDER = "安全教育"
PLAN_PATH = f"{FOLDER}/每月安全教育主题安排表.docx"
SUMMARY_PATH = f"{FOLDER}/安全教育记录汇总.xlsx"
#: A month needs a theme (and lessons) when the term holds at least this many of its working days.
MIN_WORKDAYS = 5

FIELDS = {
    **COMMON_FIELDS,
    "months": "本学期每个月一行：month 月份（3月）、theme 主题、content 主要内容、form 形式、"
              "person 负责人、days 本月的安全教育节点（日期一行、名称一行，如 3月28日、全国中小学生安全教育日）",
    "days": "本学期的安全教育节点，如 3月28日全国中小学生安全教育日、4月15日全民国家安全教育日",
    "signed_date": "落款日期（学期开始日）",
}


def last_monday(year: int, month: int) -> dt.date:
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=last.weekday())


#: (name, the day it falls on in a year — or None for a whole month —, the month). One rule.
NATIONAL_DAYS: list[tuple[str, Callable[[int], dt.date] | None, int]] = [
    ("全国中小学生安全教育日", lambda year: last_monday(year, 3), 3),
    ("全民国家安全教育日", lambda year: dt.date(year, 4, 15), 4),
    ("防灾减灾日", lambda year: dt.date(year, 5, 12), 5),
    ("安全生产月", None, 6),
    ("全国消防日", lambda year: dt.date(year, 11, 9), 11),
    ("全国交通安全日", lambda year: dt.date(year, 12, 2), 12),
]


def national_days(start: dt.date, end: dt.date) -> list[tuple[tuple[int, int], str]]:
    """((year, month), `3月28日 全国中小学生安全教育日`) for each national day in start..end;
    a whole month (安全生产月) counts when the term holds any day of it."""
    found: list[tuple[dt.date, tuple[int, int], str]] = []
    for year in range(start.year, end.year + 1):
        for name, rule, month in NATIONAL_DAYS:
            if rule is None:
                first = dt.date(year, month, 1)
                last = dt.date(year, month, calendar.monthrange(year, month)[1])
                if first <= end and last >= start:
                    found.append((max(first, start), (year, month), f"{month}月 {name}"))
                continue
            day = rule(year)
            if start <= day <= end:
                found.append((day, (year, month), f"{day.month}月{day.day}日 {name}"))
    return [(key, text) for _, key, text in sorted(found)]


def is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the calendar package does not know yet
        return day.weekday() < 5


def term_months(inputs: Inputs) -> list[tuple[tuple[int, int], bool]]:
    """Each month of the term and whether it is a teaching month (enough working days in it)."""
    term = inputs.settings.term
    if not (term.start and term.end):
        return []
    counts: dict[tuple[int, int], int] = {}
    day = term.start
    while day <= term.end:
        counts[(day.year, day.month)] = counts.get((day.year, day.month), 0) + is_workday(day)
        day += dt.timedelta(days=1)
    return [(key, n >= MIN_WORKDAYS) for key, n in counts.items()]


def themes(inputs: Inputs) -> dict[tuple[int, int], Record]:
    return {rec["月份"]: rec for rec in inputs.records(STEM, "主题安排")}


def lessons(inputs: Inputs) -> list[Record]:
    return sorted(inputs.records(STEM, "教育记录"), key=lambda r: (r["日期"], r.where.row or 0))


def plan_months(inputs: Inputs) -> list[tuple[int, int]]:
    """The months the plan shows: the term's teaching months and any month given a theme."""
    return sorted({key for key, teaching in term_months(inputs) if teaching} | set(themes(inputs)))


def span(inputs: Inputs) -> tuple[dt.date, dt.date] | None:
    term = inputs.settings.term
    if term.start and term.end:
        return term.start, term.end
    months = plan_months(inputs)
    if not months:
        return None
    (y1, m1), (y2, m2) = months[0], months[-1]
    return dt.date(y1, m1, 1), dt.date(y2, m2, calendar.monthrange(y2, m2)[1])


def plan_context(inputs: Inputs) -> dict[str, Any]:
    given = themes(inputs)
    bounds = span(inputs)
    days = national_days(*bounds) if bounds else []
    rows = []
    for key in plan_months(inputs):
        rec = given.get(key)
        rows.append({
            "month": f"{key[1]}月",
            "theme": rec["主题"] if rec else "（未安排）",
            "content": (rec["内容"] or "") if rec else "",
            "form": (rec["形式"] or "") if rec else "",
            "person": (rec["负责人"] or "") if rec else "",
            # the date on one line, the day's name under it: `3月28日` / `全国中小学生安全教育日`
            "days": [line for month, text in days if month == key for line in text.split(" ")] or [""],
        })
    return {
        **common_context(inputs.settings),
        "months": rows,
        "days": "、".join(text.replace(" ", "") for _, text in days),
        "signed_date": official_date(inputs.settings.term.start),
    }


# --------------------------------------------------------------------------------------
# 安全教育记录汇总.xlsx
# --------------------------------------------------------------------------------------

_GRADE = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


def class_key(name: str) -> tuple[int, int, str]:
    """一(1)班 < 一(2)班 < 二(1)班 < 10班: grade, then class number, then the name."""
    grade = _GRADE.get(name[:1]) or (int(m.group()) if (m := re.match(r"\d+", name)) else 99)
    rest = name[1:] if name[:1] in _GRADE else name[len(str(grade)):] if grade != 99 else name
    number = re.search(r"\d+", rest)
    return grade, int(number.group()) if number else 0, name


def month_text(key: tuple[int, int]) -> str:
    return f"{key[0]}年{key[1]}月"


def taught_months(inputs: Inputs) -> list[tuple[int, int]]:
    """The months a class is expected to have a lesson in: the term's teaching months."""
    months = [key for key, teaching in term_months(inputs) if teaching]
    if months:
        return months
    return sorted({(r["日期"].year, r["日期"].month) for r in lessons(inputs)})


def all_classes(inputs: Inputs) -> list[str]:
    """The classes of the records, and those the 公物检查 checks (when read): a class with
    no lesson all term is in no record, and the summary must still name it (the inspector's
    finding). One class however its brackets are typed (inputs.class_name)."""
    names = {r["班级"] for r in lessons(inputs)}
    checked = figures_of("property", inputs) or []
    names |= {class_name(row["room"]) for row in checked if row["kind"] == "班级"}
    return sorted(names, key=class_key)


def missing(inputs: Inputs) -> list[tuple[tuple[int, int], list[str]]]:
    """Each teaching month with the classes that had no lesson in it."""
    records = lessons(inputs)
    classes = all_classes(inputs)
    held = {(r["日期"].year, r["日期"].month, r["班级"]) for r in records}
    found = []
    for key in taught_months(inputs):
        absent = [c for c in classes if (*key, c) not in held]
        if absent:
            found.append((key, absent))
    return found


def summary_book(inputs: Inputs) -> bytes:
    settings = inputs.settings
    records = lessons(inputs)
    given = themes(inputs)
    months = taught_months(inputs)
    classes = all_classes(inputs)
    subtitle = f"学校：{settings.school.name}　　{settings.term.label if settings.term.year else ''}"
    record_rows = [[i, r["日期"], month_text((r["日期"].year, r["日期"].month)), r["班级"], r["主题"],
                    given[(r["日期"].year, r["日期"].month)]["主题"] if (r["日期"].year, r["日期"].month) in given else "",
                    r["形式"] or "", r["授课人"], r["学生人数"], r["备注"] or ""]
                   for i, r in enumerate(records, 1)]
    first, last = 4, max(3 + len(record_rows), 4)  # the records sheet's data rows
    counts = {(c, key): sum(1 for r in records if r["班级"] == c and (r["日期"].year, r["日期"].month) == key)
              for c in classes for key in months}
    grid_rows = [[c, *[counts[(c, key)] for key in months], sum(counts[(c, k)] for k in months)] for c in classes]
    month_headers = [f"{key[1]}月" for key in months]

    def formulas(ws: Any, book: Any, layout: Layout) -> None:
        base = {"font_name": "宋体", "font_size": 11, "font_charset": 134, "font_scheme": "none",
                "valign": "vcenter", "border": 1, "align": "center", "num_format": "0"}
        plain, empty = book.add_format(base), book.add_format({**base, "bg_color": "#FFC7CE"})
        for i, c in enumerate(classes):
            r = layout.first_data_row + i
            for j, key in enumerate(months):
                n = counts[(c, key)]
                ws.write_formula(
                    r, 1 + j, f"=COUNTIFS('教育记录'!$D${first}:$D${last},$A{r + 1},"
                              f"'教育记录'!$C${first}:$C${last},\"{month_text(key)}\")",
                    empty if n == 0 else plain, n)
            total = layout.col("合计")
            ws.write_formula(r, total, f"=SUM({layout.letters[1]}{r + 1}:{layout.letters[total - 1]}{r + 1})",
                             plain, sum(counts[(c, k)] for k in months))

    gaps = missing(inputs)
    sheets = [
        Sheet(name="班级×月份", title="安全教育课时统计（班级×月份）", subtitle=subtitle,
              columns=[Col("班级"), *[Col(h, kind="int", total="sum", width=8) for h in month_headers],
                       Col("合计", kind="int", total="sum", width=8)],
              rows=grid_rows, extra=formulas,
              notes=["各格为该班该月的安全教育课（活动）次数，按“教育记录”工作表统计；红色为该月没有记录。"],
              footer_rows=[[f"统计：{settings.people.filler}", f"审核：{settings.people.deputy}"]]),
        Sheet(name="未上课班级", title="各月没有安全教育记录的班级", subtitle=subtitle,
              columns=[Col("月份", align="center"), Col("本月主题"), Col("班级数", kind="int", total="sum"),
                       Col("没有记录的班级", width=40, wrap=True)],
              rows=[[month_text(key), given[key]["主题"] if key in given else "（未安排）", len(absent), "、".join(absent)]
                    for key, absent in gaps] or [["—", "", 0, "各月各班均有记录"]]),
        Sheet(name="教育记录", title="安全教育记录", subtitle=subtitle, landscape=True,
              columns=[Col("序号", kind="int"), Col("日期", kind="date"), Col("月份", align="center"), Col("班级"),
                       Col("主题"), Col("本月主题"), Col("形式", align="center"), Col("授课人"),
                       # no total: the same pupils sat a lesson a month (the inspector's finding)
                       Col("学生人数", kind="int"), Col("备注")],
              rows=record_rows),
    ]
    day = records[-1]["日期"] if records else settings.term.end
    return write_workbook(sheets, created=document_time(day), title="安全教育记录汇总")


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    sources = tuple(inputs.source_files(STEM))
    label = inputs.settings.term.label if inputs.settings.term.year else ""
    start = inputs.settings.term.start
    planned = [Planned(path=PLAN_PATH, template=TEMPLATE, context=plan_context(inputs), title="每月安全教育主题安排表",
                       period=label, inputs=sources, modified=document_time(start))]
    if inputs.has(STEM, "教育记录"):
        records = lessons(inputs)
        day = records[-1]["日期"] if records else inputs.settings.term.end
        planned.append(Planned(path=SUMMARY_PATH, template="", printed=True, context={}, title="安全教育记录汇总",
                               period=label, inputs=sources, modified=document_time(day),
                               build=lambda: summary_book(inputs)))
    return planned


def warnings(inputs: Inputs, options: Options | None = None) -> list[Problem]:
    """A teaching month of the term without a theme, a theme for a month outside the term (a
    lesson's own theme is never one)."""
    given = themes(inputs)
    where = Location(file=inputs.files[STEM].name if STEM in inputs.files else "安全教育.xlsx", sheet="主题安排")
    problems = [Problem(f"{key[0]}年{key[1]}月没有安排安全教育主题；每月应围绕一个安全主题上一节班队课", where,
                        severity="warning")
                for key, teaching in term_months(inputs) if teaching and key not in given]
    months = {key for key, _ in term_months(inputs)}
    if months:
        problems += [Problem(f"{key[0]}年{key[1]}月不在本学期内，但安排了主题「{rec['主题']}」；请核对月份",
                             rec.cell("月份"), severity="warning")
                     for key, rec in sorted(given.items()) if key not in months]
    return problems


KIND = Kind(
    name="education",
    family="安全教育",
    description="本学期每月安全教育主题安排表（标出国家安全教育节点）和安全教育记录汇总",
    order=95,
    needs=((STEM, "主题安排"),),
    optional=(PROPERTY,),  # the classes 公物检查 checks: one with no lesson all term is listed too
    templates={TEMPLATE: FIELDS},
    plan=plan,
    warnings=warnings,
    help="""生成每月安全教育主题安排表和安全教育记录汇总。

    读取 inputs/安全教育.xlsx：主题安排（每月一行）和可选的教育记录（每节课或每次活动一行）。
    安排表按月列出主题、内容、形式、负责人，并标出落在本学期的安全教育节点（全国中小学生安全教育日
    为三月最后一个星期一，按年份计算）。汇总表按班级×月份统计课次（公式），列出某月没有记录的班级。
    本学期某个月没有安排主题时给出提醒；某节课的主题与本月主题不同不算问题。

    \b
    示例：
      houqin education
      houqin education -w D:\\后勤\\2022春 --force
    """,
    paper=(
        Paper(f"{FOLDER}/每月安全教育主题安排表.pdf", 1, "education-plan", "每月安全教育主题安排表", "1 页"),
        Paper(f"{FOLDER}/安全教育记录汇总.pdf", 4, "education-summary", "安全教育记录汇总", "≤ 4 页"),
    ),
    binder=("安全工作", "05 安全教育活动"),
)
