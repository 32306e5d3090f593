"""应急演练: a 记录与总结 per drill and the term's 应急演练台账 with a chart of evacuation times.

Seed 001: 每月组织一次应急演练，有方案、有部署、有总结点评. The Ministry's guideline (2014)
asks for at least one drill a month and evacuation within about two minutes for low
buildings; a month of the term without a drill is a warning, not an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import chinese_calendar

from ...errors import Location, Problem
from ...outputs.writer import safe_filename, unique_names
from ...reading.loader import Inputs
from ...reading.records import Record
from ...reading.values import PERCENT_FORMAT, format_date, format_duration, format_rate
from ...render.workbook import Col, Layout, Sheet, add_chart, write_workbook
from .. import Kind, Options, Paper, Planned
from ..common import COMMON_FIELDS, common_context, document_time, official_date

TEMPLATE = "应急演练记录与总结.docx"
FOLDER = "应急演练"
LEDGER = f"{FOLDER}/应急演练台账.xlsx"
WEEKDAYS = "一二三四五六日"
#: A month needs a drill when the term holds at least this many of its working days.
MIN_WORKDAYS = 5

FIELDS = {
    **COMMON_FIELDS,
    "number": "记录编号，如 2022-03（本学期第几次演练）",
    "name": "演练名称",
    "type": "演练类型",
    "date": "演练日期，如 2022年3月24日",
    "weekday": "演练日期是星期几，如 星期四",
    "campus": "校区",
    "place": "演练地点",
    "organiser": "组织部门",
    "commander": "总指挥",
    "expected": "应到人数",
    "present": "实到人数",
    "staff": "参与教职工人数",
    "attendance_rate": "参与率（实到/应到），如 99.2%",
    "evacuation": "疏散用时，如 1分58秒（比目标快2秒）",
    "evacuation_time": "疏散用时，如 1分58秒",
    "target": "目标用时，如 2分",
    "result": "达标 / 未达标 / 未计时",
    "result_boxes": "达标情况的勾选框，如 ☑达标　☐未达标",
    "process": "演练过程（逐段）",
    "problems": "存在问题（逐段）",
    "improvements": "改进措施（逐段）",
    "review": "总结点评（逐段）",
    "reviewer": "点评人",
    "note": "备注（如实到多于应到的提醒）",
    "signed_date": "落款日期（演练日期）",
}


def verdict(seconds: int | None, target: int | None) -> str:
    """达标 when the evacuation took no longer than the target."""
    if seconds is None or target is None:
        return "未计时"
    return "达标" if seconds <= target else "未达标"


def result_boxes(result: str) -> str:
    if result == "未计时":
        return "本次演练未计疏散用时"
    return "　".join(("☑" if result == option else "☐") + option for option in ("达标", "未达标"))


def describe_time(seconds: int | None, target: int | None) -> str:
    if seconds is None:
        return "未计时"
    text = format_duration(seconds)
    if target is None or seconds == target:
        return text
    diff = abs(seconds - target)
    return f"{text}（比目标{'快' if seconds < target else '慢'}{format_duration(diff)}）"


def lines(value: Any) -> list[str]:
    """Text people typed on several lines, one paragraph each; blank stays one empty line."""
    text = str(value or "").strip()
    return [line.strip() for line in text.splitlines() if line.strip()] or [""]


def rate(present: int | None, expected: int | None) -> float | None:
    if present is None or not expected:
        return None
    return present / expected


def sorted_drills(inputs: Inputs) -> list[Record]:
    return sorted(inputs.records("演练记录"), key=lambda r: (r["演练日期"], r.where.row or 0))


def record_context(inputs: Inputs, rec: Record, number: str) -> dict[str, Any]:
    seconds, target = rec["疏散用时"], rec["目标用时"]
    result = verdict(seconds, target)
    share = rate(rec["实到人数"], rec["应到人数"])
    note = ""
    if rec["实到人数"] is not None and rec["应到人数"] is not None and rec["实到人数"] > rec["应到人数"]:
        note = f"实到人数（{rec['实到人数']}）多于应到人数（{rec['应到人数']}），请核对。"

    def count(value: int | None) -> str:
        return "" if value is None else f"{value}人"

    return {
        **common_context(inputs.settings),
        "number": number,
        "name": rec["演练名称"],
        "type": rec["演练类型"] or "",
        "date": format_date(rec["演练日期"]),
        "weekday": f"星期{WEEKDAYS[rec['演练日期'].weekday()]}",
        "campus": rec["校区"] or "",
        "place": rec["演练地点"] or "",
        "organiser": rec["组织部门"] or "",
        "commander": rec["总指挥"],
        "expected": count(rec["应到人数"]),
        "present": count(rec["实到人数"]),
        "staff": count(rec["参与教职工人数"]),
        "attendance_rate": "" if share is None else format_rate(rec["实到人数"], rec["应到人数"]),
        "evacuation": describe_time(seconds, target),
        "evacuation_time": "" if seconds is None else format_duration(seconds),
        "target": "" if target is None else format_duration(target),
        "result": result,
        "result_boxes": result_boxes(result),
        "process": lines(rec["演练过程"]),
        "problems": lines(rec["存在问题"]),
        "improvements": lines(rec["改进措施"]),
        "review": lines(rec["点评"]),
        "reviewer": rec["点评人"] or "",
        "note": note,
        "signed_date": official_date(rec["演练日期"]),
    }


LEDGER_COLUMNS = [
    Col("序号", kind="int"),
    Col("演练日期", kind="date"),
    Col("演练名称"),
    Col("演练类型"),
    Col("校区"),
    Col("演练地点", wrap=True),
    Col("总指挥"),
    Col("应到人数", kind="int", total="sum"),
    Col("实到人数", kind="int", total="sum"),
    Col("参与率", kind="percent"),
    Col("参与教职工", kind="int", total="sum"),
    Col("疏散用时（秒）", kind="int", total="average"),
    Col("疏散用时", align="center"),
    Col("目标用时（秒）", kind="int"),
    Col("是否达标", align="center"),
    Col("点评人"),
]


def ledger_rows(drills: Sequence[Record]) -> list[list[Any]]:
    rows = []
    for i, rec in enumerate(drills, 1):
        seconds, target = rec["疏散用时"], rec["目标用时"]
        rows.append([
            i, rec["演练日期"], rec["演练名称"], rec["演练类型"] or "", rec["校区"] or "",
            rec["演练地点"] or "", rec["总指挥"], rec["应到人数"], rec["实到人数"],
            rate(rec["实到人数"], rec["应到人数"]), rec["参与教职工人数"], seconds,
            "" if seconds is None else format_duration(seconds), target,
            verdict(seconds, target), rec["点评人"] or "",
        ])
    return rows


def averaged(rows: Sequence[Sequence[Any]], target: int) -> list[Sequence[Any]]:
    """The timed drills of the term's target time: the ones the 平均疏散用时 covers.

    A 校车 evacuation (target 60 s) and a building evacuation (120 s) are not one kind of time,
    so the ledger's 平均 row and the 学期工作总结's sentence both average only these.
    """
    return [row for row in rows if row[11] is not None and row[13] == target]


def average_note(rows: Sequence[Sequence[Any]], target: int) -> str:
    """The note under the ledger saying which drills the 平均 row leaves out."""
    left = [row for row in rows if row[11] is not None and row[13] != target]
    if not left:
        return ""
    names = "、".join(f"{row[2]}（目标{format_duration(row[13])}）" if row[13] is not None else row[2]
                     for row in left)
    return (f"平均：疏散用时只平均目标用时为{format_duration(target)}的{len(averaged(rows, target))}次演练；"
            f"目标用时不同的{names}不计入。")


def term_months(inputs: Inputs) -> list[tuple[int, int, int]]:
    """(year, month, working days of the month inside the term) for each month of the term."""
    term = inputs.settings.term
    if not (term.start and term.end):
        return []
    counts: dict[tuple[int, int], int] = {}
    day = term.start
    while day <= term.end:
        key = (day.year, day.month)
        counts.setdefault(key, 0)
        counts[key] += is_workday(day)
        day += dt.timedelta(days=1)
    return [(y, m, n) for (y, m), n in counts.items()]


def is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the calendar package does not know yet
        return day.weekday() < 5


def month_rows(inputs: Inputs, drills: Sequence[Record]) -> list[list[Any]]:
    rows = []
    for year, month, workdays in term_months(inputs):
        held = [r for r in drills if (r["演练日期"].year, r["演练日期"].month) == (year, month)]
        needed = workdays >= MIN_WORKDAYS
        rows.append([f"{year}年{month}月", len(held), "、".join(r["演练名称"] for r in held),
                     ("已完成" if held else "未组织") if needed else "不足一个月（不要求）"])
    return rows


def ledger_extra(rows: Sequence[Sequence[Any]], target: int) -> Any:
    """The term's 参与率 (实到合计 / 应到合计) in the 合计 row, the 平均 over the drills of the
    term's target time (see ``averaged``), and the 疏散用时 chart."""

    def extra(ws: Any, book: Any, layout: Layout) -> None:
        if layout.totals_row is not None and layout.has_data:
            r = layout.totals_row
            due, came = layout.col("应到人数"), layout.col("实到人数")
            total_due = sum(row[due] or 0 for row in rows)
            total_came = sum(row[came] or 0 for row in rows)
            fmt = book.add_format({"border": 1, "align": "right", "num_format": PERCENT_FORMAT, "bold": True,
                                   "font_name": "宋体", "font_size": 11, "font_charset": 134,
                                   "font_scheme": "none", "valign": "vcenter"})
            d, c = layout.letters[due], layout.letters[came]
            ws.write_formula(r, layout.col("参与率"), f'=IF({d}{r + 1}=0,"",{c}{r + 1}/{d}{r + 1})', fmt,
                             total_came / total_due if total_due else "")
        if layout.average_row is not None and layout.has_data:
            col = layout.col("疏散用时（秒）")
            chosen = [row[11] for row in averaged(rows, target)]
            fmt = book.add_format({"border": 1, "align": "right", "num_format": "0", "bold": True,
                                   "font_name": "宋体", "font_size": 11, "font_charset": 134,
                                   "font_scheme": "none", "valign": "vcenter"})
            formula = (f'=IFERROR(AVERAGEIF({layout.data_range("目标用时（秒）")},{target},'
                       f'{layout.data_range(col)}),"")')
            ws.write_formula(layout.average_row, col, formula, fmt,
                             sum(chosen) / len(chosen) if chosen else "")
        add_chart(book, ws, layout, category="演练日期", values=["疏散用时（秒）"],
                  lines=["目标用时（秒）"], title="各次演练疏散用时与目标用时", y_title="秒")

    return extra


def ledger(inputs: Inputs, drills: list[Record]) -> bytes:
    settings = inputs.settings
    subtitle = f"学校：{settings.school.name}　　{settings.term.label if settings.term.year else ''}"
    target = settings.drills.target_seconds
    rows = ledger_rows(drills)
    sheets = [
        Sheet(
            name="演练台账", title="应急演练台账", columns=LEDGER_COLUMNS, rows=rows,
            subtitle=subtitle, landscape=True, totals_label="合计（人次）", average_label="平均",
            notes=[note] if (note := average_note(rows, target)) else (),
            highlight=lambda row: "warn" if row[14] == "未达标" else None,
            footer_rows=[[f"填报人：{settings.people.filler}", f"负责人：{settings.people.logistics_head}",
                          f"目标用时：{format_duration(target)}（以每次演练填写的目标用时为准）"]],
            extra=ledger_extra(rows, target),
        ),
        Sheet(
            name="按月统计", title="应急演练按月统计（每月至少一次）",
            columns=[Col("月份", align="center"), Col("演练次数", kind="int", total="sum"),
                     Col("演练名称", wrap=True), Col("情况", align="center")],
            rows=month_rows(inputs, drills), subtitle=subtitle,
            highlight=lambda row: "warn" if row[3] == "未组织" else None,
        ),
    ]
    last = drills[-1]["演练日期"] if drills else settings.term.end
    return write_workbook(sheets, created=document_time(last), title="应急演练台账")


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    settings = inputs.settings
    drills = sorted_drills(inputs)
    sources = tuple(inputs.source_files("演练记录"))
    names = unique_names([safe_filename(f"{r['演练日期']:%Y-%m-%d} {r['演练名称']}.docx") for r in drills])
    planned = []
    for i, (rec, file_name) in enumerate(zip(drills, names, strict=True), 1):
        day = rec["演练日期"]
        planned.append(Planned(
            path=f"{FOLDER}/{file_name}", template=TEMPLATE,
            context=record_context(inputs, rec, f"{day.year}-{i:02d}"),
            title=f"应急演练记录与总结（{rec['演练名称']}）", period=f"{day.year}年{day.month}月",
            inputs=sources, modified=document_time(day),
        ))
    last = drills[-1]["演练日期"] if drills else settings.term.end
    planned.append(Planned(
        path=LEDGER, template="", printed=True, context={}, title="应急演练台账", period=settings.term.label,
        inputs=sources, modified=document_time(last), build=lambda: ledger(inputs, drills),
    ))
    return planned


def warnings(inputs: Inputs, options: Options | None = None) -> list[Problem]:
    """A month of the term with no drill (the rule is at least one a month)."""
    drills = inputs.records("演练记录")
    held = {(r["演练日期"].year, r["演练日期"].month) for r in drills}
    where = Location(file=(inputs.source_files("演练记录") or ["inputs/演练记录.xlsx"])[0])
    return [
        Problem(f"{year}年{month}月没有应急演练记录；按规定每月至少组织一次应急演练", where,
                severity="warning")
        for year, month, workdays in term_months(inputs)
        if workdays >= MIN_WORKDAYS and (year, month) not in held
    ]


def term_figures(inputs: Inputs) -> dict[str, Any]:
    """The figures layer's hook: ``drills``, each drill of the term by date as the ledger shows
    it, by name (the 总结's chart and average, the 月报's list of the month's drills)."""
    return {"drills": [{
        "label": f"{r['演练日期'].month}/{r['演练日期'].day} {r['演练名称']}", "date": r["演练日期"],
        "name": r["演练名称"], "type": r["演练类型"] or "", "present": r["实到人数"],
        "seconds": r["疏散用时"], "target": r["目标用时"], "verdict": verdict(r["疏散用时"], r["目标用时"]),
    } for r in sorted_drills(inputs)]}


KIND = Kind(
    name="drills",
    family="应急演练",
    description="每次演练一份应急演练记录与总结，本学期应急演练台账（含疏散用时图表）",
    order=20,
    needs=(("演练记录", None),),
    templates={TEMPLATE: FIELDS},
    plan=plan,
    warnings=warnings,
    figures=term_figures,
    help="""生成应急演练记录与总结（每次演练一份）和本学期的应急演练台账（含疏散用时图表）。

    读取 inputs/演练记录.xlsx：每次演练一行。疏散用时与目标用时（默认 120 秒，可在
    houqin.toml 的 [drills] 中设置）比较，得出 达标 / 未达标。本学期某个月没有演练时给出提醒。

    \b
    示例：
      houqin drills
      houqin drills -w D:\\后勤\\2022春 --force
    """,
    binder=("安全工作", "06 应急预案"),
    paper=(
        Paper("应急演练/应急演练台账.pdf", 2, "drill-ledger", "应急演练台账", "≤ 2 页"),
        Paper("应急演练/*.pdf", 1, "drill", "应急演练记录与总结", "1 页", sample="应急演练/2022-*.pdf"),
    ),
)
