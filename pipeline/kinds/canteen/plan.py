"""食堂管理: per month the 食品原料进货查验记录, 留样记录 and 陪餐记录; the term's 食堂台账汇总.

Seed 001: 严把菜品验收关 — deliveries checked on arrival (进货查验, with 索证索票 and two
验收人), every dish of a meal sampled (留样), a leader eating with the pupils (陪餐) and
rating the meal. An inspector opens these binders first: a school day without a lunch
sample or without 陪餐 is a warning listing the days; so is a delivery with one 验收人 or
missing papers, and that one is printed on the month's record too, so the filed page shows
what is still to be put right.

School days are the term's days the State Council's calendar has people working
(:func:`pipeline.periods.school_days`: weekends and holidays off, make-up days on), up
to the last day the canteen's records reach, so a term still running is not short of
the days to come. 金额 follows the one rule of money per row (数量 × 单价).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from ...errors import Location, Problem
from ...periods import Period, school_days
from ...reading.loader import Inputs
from ...reading.records import Record
from ...reading.values import format_date, format_money
from ...render.rmb import rmb_upper
from ...render.workbook import Col, Layout, Sheet, write_workbook
from .. import Kind, Options, Paper, Planned
from ..common import COMMON_FIELDS, common_context, document_time, official_date
from .inputs import (
    DELIVERIES,
    MEALS,
    MIN_GRAMS,
    MIN_HOURS,
    RATING_COLUMNS,
    RATINGS,
    SAMPLES,
    STEM,
    acceptor_note,
    papers_note,
    sample_moment,
)

FOLDER = "食堂管理"
DELIVERY_DOC = "食品原料进货查验记录.docx"
SAMPLE_DOC = "留样记录.docx"
MEAL_DOC = "陪餐记录.docx"
SUMMARY_PATH = f"{FOLDER}/食堂台账汇总.xlsx"
BOX = "食堂管理"
WEEKDAYS = "一二三四五六日"
ZERO = Decimal(0)
#: The first data row (0-based) of a sheet with a title and a subtitle above its header.
FIRST_ROW = 3

MONTH_FIELDS = {
    **COMMON_FIELDS,
    "month": "月份，如 2022年3月",
    "date": "落款日期：本月最后一条记录的日期",
    "school_days": "本月在校日天数",
}
DELIVERY_FIELDS = {
    **MONTH_FIELDS,
    "days": "每个进货日：date（3月1日）、rows（每批：date 当日第一行的日期、name、spec、quantity、price、"
            "amount、batch、shelf_life、supplier、papers、sensory、acceptors、remarks）、subtotal（本日金额）",
    "count": "本月进货批次数",
    "delivery_days": "本月进货天数",
    "total": "本月合计金额（两位小数）",
    "total_upper": "本月合计金额（人民币大写）",
    "notes": "需要注意的问题（验收人不足两人、索证索票缺），每条一句",
}
SAMPLE_FIELDS = {
    **MONTH_FIELDS,
    "rows": "每个菜品：date（当日第一行的日期）、meal、dish、grams、sampled、sampler、disposed、remarks",
    "count": "本月留样菜品数",
    "sampled_days": "本月有午餐留样的在校日天数",
    "missing": "没有午餐留样的在校日，如 3月8日、3月9日（没有时为空）",
    "check": "核对一句：本月在校日、留样天数和缺漏的日期",
    "rule": f"留样要求：每个品种不少于{MIN_GRAMS}克、冷藏{MIN_HOURS}小时以上",
}
MEAL_FIELDS = {
    **MONTH_FIELDS,
    "rows": "每次陪餐：date、meal、companion、post、food、hygiene、order、service（每项两行勾选框，"
            "如 ☑优 ☐良 / ☐中 ☐差）、advice、follow_up",
    "count": "本月陪餐次数",
    "meal_days": "本月有陪餐的在校日天数",
    "missing": "没有陪餐的在校日（没有时为空）",
    "check": "核对一句：本月在校日、陪餐天数和缺漏的日期",
}


# --------------------------------------------------------------------------------------
# Days and months
# --------------------------------------------------------------------------------------


def short_day(day: dt.date) -> str:
    """`3月1日`: the year is the page's."""
    return f"{day.month}月{day.day}日"


def days_text(days: Sequence[dt.date]) -> str:
    return "、".join(short_day(d) for d in days)


def month_of(day: dt.date) -> Period:
    return Period(day.year, day.month, 0)


def _records(inputs: Inputs) -> tuple[list[Record], list[Record], list[Record]]:
    def ordered(sheet: str, column: str) -> list[Record]:
        return sorted(inputs.records(STEM, sheet), key=lambda r: (r[column], r.where.row or 0))

    return ordered(DELIVERIES, "进货日期"), ordered(SAMPLES, "日期"), ordered(MEALS, "日期")


def last_record_day(inputs: Inputs) -> dt.date | None:
    deliveries, samples, meals = _records(inputs)
    days = [r["进货日期"] for r in deliveries] + [r["日期"] for r in samples + meals]
    return max(days) if days else None


def term_school_days(inputs: Inputs) -> list[dt.date]:
    """The term's school days up to the last day the canteen's records reach."""
    term = inputs.settings.term
    last = last_record_day(inputs)
    if term.start is None or term.end is None or last is None:
        return []
    return school_days(term.start, min(term.end, last))


def lunch_days(samples: Iterable[Record]) -> set[dt.date]:
    return {r["日期"] for r in samples if r["餐次"] == "午餐"}


def meal_days(meals: Iterable[Record]) -> set[dt.date]:
    return {r["日期"] for r in meals}


def months(records: Iterable[Record], column: str) -> dict[Period, list[Record]]:
    grouped: dict[Period, list[Record]] = {}
    for rec in records:
        grouped.setdefault(month_of(rec[column]), []).append(rec)
    return grouped


def in_month(days: Iterable[dt.date], month: Period) -> list[dt.date]:
    return [d for d in days if month.contains(d)]


# --------------------------------------------------------------------------------------
# The monthly records
# --------------------------------------------------------------------------------------


def counted(rec: Record) -> Decimal | None:
    """The 金额 a delivery adds to the totals: none for goods that failed the sensory check
    (returned or destroyed, not paid for), the row's 金额 otherwise."""
    return None if rec["感官检查"] == "不合格" else rec["金额"]


def amount_of(rec: Record) -> Decimal:
    amount = counted(rec)
    return amount if amount is not None else ZERO


def plain(number: Decimal | None) -> str:
    """`25`, `12.5`: a quantity as typed, without trailing zeros."""
    if number is None:
        return ""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def delivery_item(rec: Record) -> dict[str, Any]:
    """One delivered item. Its date on every row: a day's rows may run onto the next page,
    where a blank date cell left the reader guessing (the inspector's finding)."""
    sensory = rec["感官检查"] or "合格"
    if sensory == "不合格" and rec["处理"]:
        sensory = f"不合格（{rec['处理']}）"
    return {
        "date": short_day(rec["进货日期"]),
        "name": rec["食材名称"],
        "spec": rec["规格"] or "",
        "quantity": f"{plain(rec['数量'])}{rec['单位'] or ''}",
        "price": format_money(rec["单价"]) if rec["单价"] is not None else "",
        "amount": "不计" if counted(rec) is None and rec["金额"] is not None else
                  (format_money(rec["金额"]) if rec["金额"] is not None else ""),
        "batch": rec["生产日期或批号"] or "",
        "shelf_life": rec["保质期"] or "",
        "supplier": rec["供货单位"],
        "papers": rec["索证索票"] or "齐全",
        "sensory": sensory,
        "acceptors": "、".join(rec["验收人"] or []),
        "remarks": rec["备注"] or "",
    }


def delivery_notes(records: Iterable[Record]) -> list[str]:
    """The month's warnings as the record prints them (the same words the command says)."""
    notes = []
    for rec in records:
        if 0 < len(rec["验收人"] or []) < 2:
            notes.append(acceptor_note(rec) + "。")
        if rec["索证索票"] == "缺":
            notes.append(papers_note(rec) + "。")
    return notes


def delivery_context(inputs: Inputs, month: Period, records: list[Record], term_days: list[dt.date]) -> dict[str, Any]:
    by_day: dict[dt.date, list[Record]] = {}
    for rec in records:
        by_day.setdefault(rec["进货日期"], []).append(rec)
    days = [{
        "date": short_day(day),
        "rows": [delivery_item(rec) for rec in items],
        "subtotal": format_money(sum((amount_of(r) for r in items), ZERO)),
    } for day, items in by_day.items()]
    total = sum((amount_of(r) for r in records), ZERO)
    return {
        **month_common(inputs, month, records, "进货日期", term_days),
        "days": days,
        "count": len(records),
        "delivery_days": len(by_day),
        "total": format_money(total),
        "total_upper": rmb_upper(total),
        "notes": delivery_notes(records),
    }


def month_common(inputs: Inputs, month: Period, records: list[Record], column: str,
                 term_days: list[dt.date]) -> dict[str, Any]:
    return {
        **common_context(inputs.settings),
        "month": month.label,
        "date": official_date(max(r[column] for r in records)),
        "school_days": len(in_month(term_days, month)),
    }


def check_sentence(what: str, month_days_: list[dt.date], done: set[dt.date]) -> tuple[int, list[dt.date], str]:
    """(days done, days missing, `本月在校日20天，午餐留样18天；未留样：3月8日、3月9日。`)."""
    missing = [d for d in month_days_ if d not in done]
    count = len(month_days_) - len(missing)
    sentence = f"本月在校日{len(month_days_)}天，{what}{count}天"
    sentence += f"；没有{what}的在校日：{days_text(missing)}。" if missing else "，每个在校日都有记录。"
    return count, missing, sentence


def disposed_text(gone: dt.date | None) -> str:
    """`3月10日 11:40`; `3月10日` when only the date was written (no hour is made up)."""
    if gone is None:
        return ""
    day = f"{gone.month}月{gone.day}日"
    return f"{day} {gone:%H:%M}" if isinstance(gone, dt.datetime) else day


def sample_context(inputs: Inputs, month: Period, records: list[Record], term_days: list[dt.date],
                   lunches: set[dt.date]) -> dict[str, Any]:
    rows = []
    for rec in records:  # the date on every row, for the same reason as the deliveries'
        gone = rec.data.get("销样时刻")
        rows.append({
            "date": short_day(rec["日期"]),
            "meal": rec["餐次"],
            "dish": rec["菜品名称"],
            "grams": plain(rec["留样量"]),
            "sampled": f"{sample_moment(rec):%H:%M}" if rec.data.get("留样时刻") else "",
            "sampler": "、".join(rec["留样人"]),
            "disposed": disposed_text(gone),
            "remarks": rec["备注"] or "",
        })
    count, missing, sentence = check_sentence("午餐留样", in_month(term_days, month), lunches)
    return {
        **month_common(inputs, month, records, "日期", term_days),
        "rows": rows,
        "count": len(records),
        "sampled_days": count,
        "missing": days_text(missing),
        "check": sentence,
        "rule": f"每餐每个品种留样不少于{MIN_GRAMS}克，装入清洗消毒后的专用密闭容器，"
                f"在专用冷藏设备中冷藏保存{MIN_HOURS}小时以上。",
    }


def rating_boxes(value: str | None) -> list[str]:
    """Two lines of boxes, `☑优 ☐良` and `☐中 ☐差`, the chosen one ticked (none when blank)."""
    boxes = [("☑" if value == r else "☐") + r for r in RATINGS]
    return [" ".join(boxes[:2]), " ".join(boxes[2:])]


def meal_context(inputs: Inputs, month: Period, records: list[Record], term_days: list[dt.date],
                 days_with_meal: set[dt.date]) -> dict[str, Any]:
    keys = ("food", "hygiene", "order", "service")
    rows = [{
        "date": short_day(rec["日期"]),
        "weekday": f"星期{WEEKDAYS[rec['日期'].weekday()]}",
        "meal": rec["餐次"] or "午餐",
        "companion": "、".join(rec["陪餐人"]),
        "post": rec["职务"] or "",
        **{key: rating_boxes(rec[col]) for key, col in zip(keys, RATING_COLUMNS, strict=True)},
        "advice": rec["意见建议"] or "",
        "follow_up": rec["整改情况"] or "",
    } for rec in records]
    count, missing, sentence = check_sentence("陪餐", in_month(term_days, month), days_with_meal)
    return {
        **month_common(inputs, month, records, "日期", term_days),
        "rows": rows,
        "count": len(records),
        "meal_days": count,
        "missing": days_text(missing),
        "check": sentence,
    }


# --------------------------------------------------------------------------------------
# The term's summary workbook
# --------------------------------------------------------------------------------------

DETAIL_COLUMNS = [
    Col("序号", kind="int"), Col("进货日期", kind="date"), Col("月份", align="center"), Col("食材名称"),
    Col("规格"), Col("数量", kind="number"), Col("单位", align="center"), Col("单价", kind="money"),
    Col("金额", kind="money", total="sum"), Col("供货单位"), Col("索证索票", align="center"),
    Col("感官检查", align="center"), Col("处理", align="center"), Col("验收人"),
]


def _money_format(book: Any, *, bold: bool = False) -> Any:
    return book.add_format({"font_name": "宋体", "font_size": 11, "font_charset": 134, "font_scheme": "none",
                            "valign": "vcenter", "border": 1, "num_format": "#,##0.00", "align": "right",
                            "bold": bold})


def _count_format(book: Any, *, bold: bool = False) -> Any:
    return book.add_format({"font_name": "宋体", "font_size": 11, "font_charset": 134, "font_scheme": "none",
                            "valign": "vcenter", "border": 1, "num_format": "0", "align": "center",
                            "bold": bold})


def summary_book(inputs: Inputs, term_days: list[dt.date]) -> bytes:
    settings = inputs.settings
    deliveries, samples, meals = _records(inputs)
    subtitle = f"学校：{settings.school.name}　　{settings.term.label if settings.term.year else ''}"
    month_list = sorted({month_of(r["进货日期"]) for r in deliveries} | {month_of(d) for d in term_days})
    # The summary sheets come first and refer to the detail sheets written after them: their
    # ranges are where write_workbook puts data under a title and a subtitle (checked below).
    def where(headers: Sequence[str], count: int) -> Any:
        def column(name: str) -> str:
            letter = xl_col_to_name(list(headers).index(name))
            return f"${letter}${FIRST_ROW + 1}:${letter}${FIRST_ROW + max(count, 1)}"
        return column

    def placed(name: str, count: int) -> Any:
        def extra(ws: Any, book: Any, layout: Layout) -> None:
            if layout.first_data_row != FIRST_ROW or layout.last_data_row != FIRST_ROW + count - 1:
                raise AssertionError(f"{name}: data rows moved; the summary formulas point elsewhere")
        return extra

    detail = Sheet(
        name="进货明细", title="食品原料进货明细", subtitle=subtitle, columns=DETAIL_COLUMNS, landscape=True,
        rows=[[i, r["进货日期"], month_of(r["进货日期"]).label, r["食材名称"], r["规格"] or "", r["数量"],
               r["单位"] or "", r["单价"], counted(r), r["供货单位"], r["索证索票"] or "", r["感官检查"] or "",
               r["处理"] or "", "、".join(r["验收人"] or [])] for i, r in enumerate(deliveries, 1)],
        highlight=lambda row: "warn" if row[11] == "不合格" else ("note" if row[10] == "缺" else None),
        notes=["感官检查不合格（退货、销毁）的食材不计金额。"],
        extra=placed("进货明细", len(deliveries)),
    )
    detail_at = where([c.header for c in DETAIL_COLUMNS], len(deliveries))
    suppliers = list(dict.fromkeys(r["供货单位"] for r in deliveries))
    cells = {(s, m): sum((amount_of(r) for r in deliveries
                          if r["供货单位"] == s and month_of(r["进货日期"]) == m), ZERO)
             for s in suppliers for m in month_list}
    supplier_rows = [[s, *(cells[(s, m)] for m in month_list),
                      sum((cells[(s, m)] for m in month_list), ZERO)] for s in suppliers]

    def supplier_formulas(ws: Any, book: Any, layout: Layout) -> None:
        amount = f"'进货明细'!{detail_at('金额')}"
        who = f"'进货明细'!{detail_at('供货单位')}"
        when = f"'进货明细'!{detail_at('月份')}"
        fmt = _money_format(book)
        bold = _money_format(book, bold=True)
        header = layout.header_row + 1
        for i, row in enumerate(supplier_rows):
            r = layout.first_data_row + i
            for j, _ in enumerate(month_list, 1):
                letter = layout.letters[j]
                ws.write_formula(r, j, f"=SUMIFS({amount},{who},$A{r + 1},{when},{letter}${header})",
                                 fmt, float(row[j]))
            first, last = layout.letters[1], layout.letters[len(month_list)]
            ws.write_formula(r, len(month_list) + 1, f"=SUM({first}{r + 1}:{last}{r + 1})", bold,
                             float(row[-1]))

    by_supplier = Sheet(
        name="按供货单位", title="食品原料进货金额（按供货单位、月份）", subtitle=subtitle, landscape=True,
        columns=[Col("供货单位"), *(Col(m.label, kind="money", total="sum") for m in month_list),
                 Col("合计", kind="money", total="sum")],
        rows=supplier_rows, extra=supplier_formulas,
        notes=["金额按“进货明细”工作表的供货单位和月份汇总。"],
    )

    lunches, with_meal = lunch_days(samples), meal_days(meals)
    dishes: dict[dt.date, int] = {}
    for rec in samples:
        if rec["餐次"] == "午餐":
            dishes[rec["日期"]] = dishes.get(rec["日期"], 0) + 1
    meal_count: dict[dt.date, int] = {}
    for rec in meals:
        meal_count[rec["日期"]] = meal_count.get(rec["日期"], 0) + 1

    def state(day: dt.date) -> str:
        gaps = [what for what, done in (("缺午餐留样", day in lunches), ("缺陪餐", day in with_meal)) if not done]
        return "、".join(gaps)

    daily_rows = [[d, f"星期{WEEKDAYS[d.weekday()]}", month_of(d).label, dishes.get(d, 0), meal_count.get(d, 0),
                   state(d)] for d in term_days]
    daily_headers = ["日期", "星期", "月份", "午餐留样（道）", "陪餐（次）", "缺漏"]
    daily_at = where(daily_headers, len(daily_rows))
    daily = Sheet(
        name="逐日核对", title="在校日留样、陪餐逐日核对", subtitle=subtitle,
        columns=[Col("日期", kind="date"), Col("星期", align="center"), Col("月份", align="center"),
                 Col("午餐留样（道）", kind="int"), Col("陪餐（次）", kind="int"), Col("缺漏", align="center")],
        rows=daily_rows, highlight=lambda row: "warn" if row[5] else None, extra=placed("逐日核对", len(daily_rows)),
        notes=["在校日：学期内除周末和法定节假日以外的日子，调休上班日计入（按国务院办公厅公布的放假安排）。"],
    )

    month_rows = []
    for m in month_list:
        days = in_month(term_days, m)
        month_rows.append([m.label, len(days), sum(1 for d in days if d in lunches),
                           sum(1 for d in days if d in with_meal),
                           sum(1 for d in days if d not in lunches), sum(1 for d in days if d not in with_meal)])

    def month_formulas(ws: Any, book: Any, layout: Layout) -> None:
        month = f"'逐日核对'!{daily_at('月份')}"
        sample = f"'逐日核对'!{daily_at('午餐留样（道）')}"
        meal = f"'逐日核对'!{daily_at('陪餐（次）')}"
        fmt = _count_format(book)
        for i, row in enumerate(month_rows):
            r = layout.first_data_row + i
            a = f"$A{r + 1}"
            formulas = [f"=COUNTIFS({month},{a})", f'=COUNTIFS({month},{a},{sample},">0")',
                        f'=COUNTIFS({month},{a},{meal},">0")', f"=B{r + 1}-C{r + 1}", f"=B{r + 1}-D{r + 1}"]
            for j, formula in enumerate(formulas, 1):
                ws.write_formula(r, j, formula, fmt, row[j])

    gaps = [[d, f"星期{WEEKDAYS[d.weekday()]}", "否" if d not in lunches else "是",
             "否" if d not in with_meal else "是"] for d in term_days if d not in lunches or d not in with_meal]
    by_month = Sheet(
        name="留样陪餐统计", title="留样、陪餐天数与在校日（按月）", subtitle=subtitle,
        columns=[Col("月份", align="center"), Col("在校日", kind="int", total="sum"),
                 Col("午餐留样天数", kind="int", total="sum"), Col("陪餐天数", kind="int", total="sum"),
                 Col("缺留样天数", kind="int", total="sum"), Col("缺陪餐天数", kind="int", total="sum")],
        rows=month_rows, extra=month_formulas,
        highlight=lambda row: "warn" if row[4] or row[5] else None,
        notes=["天数按“逐日核对”工作表逐日统计。"],
    )
    missing = Sheet(
        name="缺漏日期", title="缺少午餐留样或陪餐的在校日", subtitle=subtitle,
        columns=[Col("日期", kind="date"), Col("星期", align="center"), Col("有午餐留样", align="center"),
                 Col("有陪餐", align="center")],
        rows=gaps or [["无", "", "", ""]], highlight=lambda row: "warn" if "否" in row else None,
        footer_rows=[[f"填报人：{settings.people.filler}", f"后勤负责人：{settings.people.logistics_head}"]],
    )
    last = last_record_day(inputs) or settings.term.end
    return write_workbook([by_supplier, by_month, missing, daily, detail], created=document_time(last),
                          title="食堂台账汇总")


# --------------------------------------------------------------------------------------
# The kind
# --------------------------------------------------------------------------------------


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    deliveries, samples, meals = _records(inputs)
    sources = tuple(inputs.source_files(STEM))
    term_days = term_school_days(inputs)
    lunches, with_meal = lunch_days(samples), meal_days(meals)
    planned: list[Planned] = []
    for month, records in months(deliveries, "进货日期").items():
        day = max(r["进货日期"] for r in records)
        planned.append(Planned(
            path=f"{FOLDER}/进货查验记录/{month.label} 食品原料进货查验记录.docx", template=DELIVERY_DOC,
            context=delivery_context(inputs, month, records, term_days),
            title=f"食品原料进货查验记录（{month.label}）", period=month.label, inputs=sources,
            modified=document_time(day), binder=(BOX, "01 进货查验")))
    for month, records in months(samples, "日期").items():
        planned.append(Planned(
            path=f"{FOLDER}/留样记录/{month.label} 留样记录.docx", template=SAMPLE_DOC,
            context=sample_context(inputs, month, records, term_days, lunches),
            title=f"留样记录（{month.label}）", period=month.label, inputs=sources,
            modified=document_time(max(r["日期"] for r in records)), binder=(BOX, "02 留样")))
    for month, records in months(meals, "日期").items():
        planned.append(Planned(
            path=f"{FOLDER}/陪餐记录/{month.label} 陪餐记录.docx", template=MEAL_DOC,
            context=meal_context(inputs, month, records, term_days, with_meal),
            title=f"陪餐记录（{month.label}）", period=month.label, inputs=sources,
            modified=document_time(max(r["日期"] for r in records)), binder=(BOX, "03 陪餐")))
    last = last_record_day(inputs) or inputs.settings.term.end
    planned.append(Planned(
        path=SUMMARY_PATH, template="", printed=True, context={}, title="食堂台账汇总",
        period=inputs.settings.term.label if inputs.settings.term.year else "", inputs=sources,
        modified=document_time(last), build=lambda: summary_book(inputs, term_days)))
    return planned


def warnings(inputs: Inputs, options: Options | None = None) -> list[Problem]:
    """School days without a lunch sample, and without 陪餐: one warning each, listing the days."""
    _, samples, meals = _records(inputs)
    term_days = term_school_days(inputs)
    file = (inputs.source_files(STEM) or [f"inputs/{STEM}.xlsx"])[0]
    problems = []
    for sheet, what, done in ((SAMPLES, "午餐留样", lunch_days(samples)), (MEALS, "陪餐", meal_days(meals))):
        missing = [d for d in term_days if d not in done]
        if missing:
            listed = "、".join(format_date(d) for d in missing)
            problems.append(Problem(
                f"以下 {len(missing)} 个在校日没有{what}记录：{listed}；每个在校日都应有{what}",
                Location(file=file, sheet=sheet), severity="warning"))
    return problems


KIND = Kind(
    name="canteen",
    family="食堂管理",
    description="每月食品原料进货查验记录、留样记录、陪餐记录，本学期食堂台账汇总",
    order=45,
    needs=((STEM, DELIVERIES), (STEM, SAMPLES), (STEM, MEALS)),
    templates={DELIVERY_DOC: DELIVERY_FIELDS, SAMPLE_DOC: SAMPLE_FIELDS, MEAL_DOC: MEAL_FIELDS},
    plan=plan,
    warnings=warnings,
    help=f"""生成每月的食品原料进货查验记录、留样记录、陪餐记录和本学期的食堂台账汇总。

    读取 inputs/食堂台账.xlsx 的三张工作表：进货查验（每种食材每次进货一行）、留样（每餐每个菜品一行）、陪餐（每次陪餐一行）。

    留样少于 {MIN_GRAMS} 克、销样不到 {MIN_HOURS} 小时、感官检查不合格而没有写处理，都是错误。

    验收人不足两人、索证索票缺是提醒，也印在当月的进货查验记录上。

    在校日（除周末和法定节假日，调休上班日计入）没有午餐留样或没有陪餐的，列出日期提醒。

    \b
    示例：
      houqin canteen
      houqin canteen -w D:\\后勤\\2022春 --force
    """,
    paper=(
        Paper(f"{FOLDER}/进货查验记录/*.pdf", 5, "canteen-delivery", "食品原料进货查验记录",
              "每月 ≤ 5 页（横向，每页至少 15 行）"),
        Paper(f"{FOLDER}/留样记录/*.pdf", 3, "canteen-sample", "留样记录", "每月 ≤ 3 页"),
        Paper(f"{FOLDER}/陪餐记录/*.pdf", 3, "canteen-meal", "陪餐记录", "每月 ≤ 3 页"),
        Paper(f"{FOLDER}/食堂台账汇总.pdf", 16, "canteen-summary", "食堂台账汇总", "≤ 16 页"),
    ),
    binder=(BOX, "01 进货查验"),
)
