"""维修报修: a 维修登记表 per month and the term's 维修台账.

Seed 001: 各项大宗设备及日常物品采购、验收及日常维修等按学校相关制度执行, 维修报备 online,
and the classes' damage to property goes into the 善真中队 evaluation. A request still open
more than ``[repairs] due_days`` working days (chinese_calendar: weekends, public holidays
and make-up working days) after it was made is overdue; the 台账 counts requests by 类别 ×
month, averages the working days to complete, totals the cost (all as live formulas) and
lists the 人为损坏 by 报修部门 for the class evaluation.

What other kinds may know of a repair (the 固定资产台账's repair count and cost, the 公物检查
通报's cross-reference) goes through ``term_figures``, the kind's declared figures hook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import chinese_calendar

from ...errors import Problem
from ...reading.loader import Inputs
from ...reading.records import Record
from ...reading.values import format_date, format_money
from ...render.workbook import Col, Layout, Sheet, write_workbook
from .. import Kind, Options, Paper, Planned
from ..common import COMMON_FIELDS, common_context, document_time, official_date
from .inputs import ASSET_STEM, CATEGORIES, STEM

TEMPLATE = "维修登记表.docx"
FOLDER = "维修报修"
LEDGER = f"{FOLDER}/维修台账.xlsx"
ZERO = Decimal(0)
DONE, LATE, OPEN, OVERDUE = "已完成", "逾期完成", "未完成", "逾期"
HUMAN = "人为损坏"

FIELDS = {
    **COMMON_FIELDS,
    "month": "月份，如 2022年3月",
    "items": "本月报修，每项有 number reported department reporter place content category cause "
             "repairer done cost acceptor status",
    "count": "本月报修项数",
    "done_count": "其中已完成项数",
    "open_count": "其中未完成项数（含逾期）",
    "overdue_count": "其中逾期项数",
    "human_count": "其中人为损坏项数",
    "total_cost": "材料费用合计（元，两位小数）",
    "due_days": "维修时限（工作日）",
    "as_of": "状态截至日期，如 2022年7月1日",
    "signed_date": "落款日期（本月最后一次报修或完成的日期）",
}


def is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the calendar package does not know yet
        return day.weekday() < 5


def workdays_after(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (a repair done the same day: 0)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_workday(day)
    return count


@dataclass(frozen=True)
class Repair:
    """One request with its running number and its state at the ledger's date."""

    number: str
    rec: Record
    status: str  # 已完成 / 逾期完成 / 未完成 / 逾期
    days: int | None  # working days 报修 → 完成 (done) or → the ledger's date (open)

    @property
    def done(self) -> bool:
        return self.status in (DONE, LATE)

    @property
    def reported(self) -> dt.date:
        return self.rec["报修日期"]

    @property
    def cost(self) -> Decimal:
        return self.rec["材料费用"] if self.rec["材料费用"] is not None else ZERO


def as_of(inputs: Inputs, options: Options) -> dt.date:
    """The ledger's date: ``--date``, else the term's end, else the data's last date."""
    if options.date:
        return options.date
    if inputs.settings.term.end:
        return inputs.settings.term.end
    days = [d for r in inputs.records(STEM) for d in (r["报修日期"], r["完成日期"]) if d]
    return max(days) if days else dt.date(2000, 1, 1)


def repairs(inputs: Inputs, day: dt.date) -> list[Repair]:
    """Every request made by ``day``, by (报修日期, input row), numbered per calendar year over
    all of them (WX-2022-001…), so a request keeps its number whatever ``--date`` says."""
    due = inputs.settings.repairs.due_days
    ordered = sorted(enumerate(inputs.records(STEM)), key=lambda t: (t[1]["报修日期"], t[0]))
    per_year: dict[int, int] = {}
    found = []
    for _, rec in ordered:
        year = rec["报修日期"].year
        per_year[year] = per_year.get(year, 0) + 1
        if rec["报修日期"] > day:
            continue
        done = rec["完成日期"]
        if done is not None and done <= day:
            days = workdays_after(rec["报修日期"], done)
            status = LATE if days > due else DONE  # finished, but after the time limit
        else:
            days = workdays_after(rec["报修日期"], day)
            status = OVERDUE if days > due else OPEN
        found.append(Repair(f"WX-{year}-{per_year[year]:03d}", rec, status, days))
    return found


def months(inputs: Inputs, items: Sequence[Repair]) -> list[tuple[int, int]]:
    """The term's months (or the data's, without a term), in order."""
    term = inputs.settings.term
    if term.start and term.end:
        first, last = term.start, term.end
    elif items:
        first, last = items[0].reported, items[-1].reported
    else:
        return []
    found = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        found.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return found


def short_date(day: dt.date | None) -> str:
    return f"{day.month}月{day.day}日" if day else ""


# --------------------------------------------------------------------------------------
# The monthly 维修登记表
# --------------------------------------------------------------------------------------


def month_context(inputs: Inputs, year: int, month: int, members: Sequence[Repair],
                  day: dt.date) -> dict[str, Any]:
    items = [{
        "number": r.number,
        "reported": short_date(r.reported),
        "department": r.rec["报修部门"] or "",
        "reporter": r.rec["报修人"],
        "place": r.rec["地点"],
        "content": r.rec["报修内容"],
        "category": r.rec["类别"] or "",
        "cause": r.rec["损坏原因"] or "",
        "repairer": r.rec["维修人"] or "",
        "done": short_date(r.rec["完成日期"]) if r.done else "",
        "cost": format_money(r.rec["材料费用"]) if r.rec["材料费用"] is not None else "",
        "acceptor": r.rec["验收人"] or "",
        "status": r.status,
    } for r in members]
    dates = [d for r in members for d in (r.reported, r.rec["完成日期"] if r.done else None) if d]
    return {
        **common_context(inputs.settings),
        "month": f"{year}年{month}月",
        "items": items,
        "count": len(members),
        "done_count": sum(r.done for r in members),
        "open_count": sum(not r.done for r in members),
        "overdue_count": sum(r.status == OVERDUE for r in members),
        "human_count": sum(r.rec["损坏原因"] == HUMAN for r in members),
        "total_cost": format_money(sum((r.cost for r in members), ZERO)),
        "due_days": inputs.settings.repairs.due_days,
        "as_of": format_date(day),
        "signed_date": official_date(max(dates) if dates else None),
    }


# --------------------------------------------------------------------------------------
# The term's 维修台账
# --------------------------------------------------------------------------------------

REGISTER_COLUMNS = [
    Col("编号"), Col("报修日期", kind="date"), Col("报修人"), Col("报修部门"), Col("地点", wrap=True),
    Col("报修内容", wrap=True, width=30), Col("类别", align="center"), Col("损坏原因", align="center"),
    Col("资产编号"), Col("维修人"), Col("完成日期", kind="date"),
    Col("用时（工作日）", kind="int", total="average"), Col("材料费用（元）", kind="money", total="sum"),
    Col("验收人"), Col("状态", align="center"),
]
MARK = {OVERDUE: "warn", OPEN: "note", LATE: "note"}


def register_row(r: Repair) -> list[Any]:
    rec = r.rec
    return [r.number, r.reported, rec["报修人"], rec["报修部门"] or "", rec["地点"], rec["报修内容"],
            rec["类别"] or "", rec["损坏原因"] or "", rec["资产编号"] or "", rec["维修人"] or "",
            rec["完成日期"] if r.done else None, r.days if r.done else None,
            rec["材料费用"], rec["验收人"] or "", r.status]


def _format(book: Any, num: str, *, bold: bool = False, align: str = "center") -> Any:
    return book.add_format({"font_name": "宋体", "font_size": 11, "font_charset": 134,
                            "font_scheme": "none", "valign": "vcenter", "border": 1, "bold": bold,
                            "num_format": num, "align": align})


def _month_bounds(year: int, month: int) -> tuple[str, str]:
    after = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"DATE({year},{month},1)", f"DATE({after[0]},{after[1]},1)"


def category_sheet(items: Sequence[Repair], term_months: list[tuple[int, int]], subtitle: str,
                   layouts: dict[str, Layout]) -> Sheet:
    """Requests by 类别 × month: COUNTIFS over the register's 类别 and 报修日期 columns."""
    cats = [*CATEGORIES, *sorted({r.rec["类别"] for r in items} - set(CATEGORIES))]
    rows = []
    for cat in cats:
        counts = [sum(1 for r in items if r.rec["类别"] == cat and (r.reported.year, r.reported.month) == ym)
                  for ym in term_months]
        rows.append([cat, *counts, sum(counts)])
    columns = [Col("类别", align="center"),
               *(Col(f"{m}月" if len({y for y, _ in term_months}) == 1 else f"{y}年{m}月",
                     kind="int", total="sum") for y, m in term_months),
               Col("合计", kind="int", total="sum")]

    def formulas(ws: Any, book: Any, layout: Layout) -> None:
        reg = layouts["维修台账"]
        sheet = f"'{reg.sheet}'"
        cat = f"{sheet}!{reg.data_range('类别', absolute=True)}"
        day = f"{sheet}!{reg.data_range('报修日期', absolute=True)}"
        fmt = _format(book, "0")
        last = layout.letters[len(term_months)]
        for i, row in enumerate(rows):
            r = layout.first_data_row + i
            for j, (y, m) in enumerate(term_months):
                lo, hi = _month_bounds(y, m)
                ws.write_formula(r, j + 1, f'=COUNTIFS({cat},$A{r + 1},{day},">="&{lo},{day},"<"&{hi})',
                                 fmt, row[j + 1])
            ws.write_formula(r, len(term_months) + 1, f"=SUM(B{r + 1}:{last}{r + 1})", fmt, row[-1])

    return Sheet(name="分类统计", title="维修报修分类统计（按类别、月份）", subtitle=subtitle,
                 columns=columns, rows=rows, extra=formulas, landscape=len(term_months) > 6)


SUMMARY_ITEMS = (
    ("报修总数（项）", "0"), ("已完成（项）", "0"), ("其中逾期完成（项）", "0"), ("未完成（项，含逾期）", "0"),
    ("其中逾期（项）", "0"),
    ("完成率", "0.0%"), ("平均维修用时（工作日）", "0.0"), ("材料费用合计（元）", "#,##0.00"),
    ("人为损坏（项）", "0"),
)


def summary_sheet(items: Sequence[Repair], subtitle: str, layouts: dict[str, Layout],
                  note: str) -> Sheet:
    """The term's figures, each a formula over the register."""
    done = [r for r in items if r.done]
    values: list[Any] = [
        len(items), len(done), sum(r.status == LATE for r in items), len(items) - len(done),
        sum(r.status == OVERDUE for r in items),
        len(done) / len(items) if items else "",
        sum(r.days or 0 for r in done) / len(done) if done else "",
        float(sum((r.cost for r in items), ZERO)), sum(r.rec["损坏原因"] == HUMAN for r in items),
    ]
    rows = [[label, value] for (label, _), value in zip(SUMMARY_ITEMS, values, strict=True)]

    def formulas(ws: Any, book: Any, layout: Layout) -> None:
        reg = layouts["维修台账"]

        def rng(column: str) -> str:
            return f"'{reg.sheet}'!{reg.data_range(column, absolute=True)}"

        first = layout.first_data_row + 1
        texts = [
            f"=COUNTA({rng('编号')})", f'=COUNTIF({rng("状态")},"{DONE}")+COUNTIF({rng("状态")},"{LATE}")',
            f'=COUNTIF({rng("状态")},"{LATE}")',
            f'=COUNTIF({rng("状态")},"{OPEN}")+COUNTIF({rng("状态")},"{OVERDUE}")',
            f'=COUNTIF({rng("状态")},"{OVERDUE}")', f'=IF(B{first}=0,"",B{first + 1}/B{first})',
            f'=IFERROR(AVERAGE({rng("用时（工作日）")}),"")', f"=SUM({rng('材料费用（元）')})",
            f'=COUNTIF({rng("损坏原因")},"{HUMAN}")',
        ]
        if not reg.has_data:
            texts = ["=0", "=0", "=0", "=0", "=0", '=""', '=""', "=0", "=0"]
        for i, ((_, num), formula) in enumerate(zip(SUMMARY_ITEMS, texts, strict=True)):
            value = values[i]
            ws.write_formula(layout.first_data_row + i, 1, formula, _format(book, num, align="right"), value)

    return Sheet(name="汇总", title="维修报修情况汇总", subtitle=subtitle,
                 columns=[Col("项目", width=26), Col("数值", kind="number", width=16)], rows=rows,
                 totals_label="", extra=formulas, notes=[note])


def open_sheet(items: Sequence[Repair], subtitle: str, due: int) -> Sheet:
    rows = [[r.number, r.reported, r.rec["报修部门"] or "", r.rec["地点"], r.rec["报修内容"],
             r.rec["维修人"] or "", r.days, r.status] for r in items if not r.done]
    return Sheet(name="未完成与逾期", title="未完成与逾期维修", subtitle=subtitle,
                 columns=[Col("编号"), Col("报修日期", kind="date"), Col("报修部门"), Col("地点", wrap=True),
                          Col("报修内容", wrap=True, width=30), Col("维修人"),
                          Col("已过工作日", kind="int"), Col("状态", align="center")],
                 rows=rows, landscape=True, highlight=lambda row: MARK.get(row[-1]),
                 notes=[f"注：报修后超过 {due} 个工作日仍未完成的为逾期（不计周末和法定节假日，调休上班日计入）。"])


def human_sheet(items: Sequence[Repair], subtitle: str, layouts: dict[str, Layout]) -> Sheet:
    """人为损坏 by 报修部门: the list that goes to the class (善真中队) evaluation."""
    groups: dict[str, list[Repair]] = {}
    for r in items:
        if r.rec["损坏原因"] == HUMAN:
            groups.setdefault(r.rec["报修部门"] or "", []).append(r)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    rows = [[dept or "（未填部门）", len(members), float(sum((r.cost for r in members), ZERO)),
             "；".join(f"{short_date(r.reported)} {r.rec['地点']} {r.rec['报修内容']}" for r in members)]
            for dept, members in ordered]

    def formulas(ws: Any, book: Any, layout: Layout) -> None:
        reg = layouts["维修台账"]
        sheet = f"'{reg.sheet}'"
        dept = f"{sheet}!{reg.data_range('报修部门', absolute=True)}"
        cause = f"{sheet}!{reg.data_range('损坏原因', absolute=True)}"
        cost = f"{sheet}!{reg.data_range('材料费用（元）', absolute=True)}"
        for i, ((name, _), row) in enumerate(zip(ordered, rows, strict=True)):
            r = layout.first_data_row + i
            crit = f"A{r + 1}" if name else '""'
            ws.write_formula(r, 1, f'=COUNTIFS({dept},{crit},{cause},"{HUMAN}")', _format(book, "0"), row[1])
            ws.write_formula(r, 2, f'=SUMIFS({cost},{dept},{crit},{cause},"{HUMAN}")',
                             _format(book, "#,##0.00", align="right"), row[2])

    return Sheet(name="人为损坏", title="人为损坏公物统计（按报修部门，供善真中队评比）", subtitle=subtitle,
                 columns=[Col("报修部门"), Col("次数", kind="int", total="sum"),
                          Col("材料费用（元）", kind="money", total="sum"), Col("明细", wrap=True, width=60)],
                 rows=rows, landscape=True, extra=formulas)


def ledger(inputs: Inputs, items: list[Repair], day: dt.date) -> bytes:
    settings = inputs.settings
    due = settings.repairs.due_days
    term = settings.term.label if settings.term.year else ""
    subtitle = f"学校：{settings.school.name}　　{term}　　状态截至{format_date(day)}"
    layouts: dict[str, Layout] = {}

    def remember(ws: Any, book: Any, layout: Layout) -> None:
        """Keep the register's layout for the other sheets' formulas; the 平均 to one decimal."""
        layouts["维修台账"] = layout
        if layout.average_row is not None and layout.has_data:
            col = layout.col("用时（工作日）")
            done = [r.days or 0 for r in items if r.done]
            ws.write_formula(layout.average_row, col, f'=IFERROR(AVERAGE({layout.data_range(col)}),"")',
                             _format(book, "0.0", bold=True), sum(done) / len(done) if done else "")

    rows = [register_row(r) for r in items]
    sheets = [
        Sheet(name="维修台账", title="维修台账", subtitle=subtitle, columns=REGISTER_COLUMNS, rows=rows,
              landscape=True, average_label="平均", highlight=[MARK.get(r.status) for r in items],
              extra=remember,
              notes=[f"注：用时为报修后到完成的工作日数；维修时限 {due} 个工作日，逾期未完成的标红，"
                     "未完成和超过时限才完成（逾期完成）的标黄。"],
              footer_rows=[[f"登记人：{settings.people.filler}", f"后勤负责人：{settings.people.logistics_head}"]]),
        summary_sheet(items, f"状态截至{format_date(day)}", layouts, "注：平均维修用时只计已完成的维修。"),
        category_sheet(items, months(inputs, items), f"{term}　截至{format_date(day)}", layouts),
        open_sheet(items, subtitle, due),
        human_sheet(items, subtitle, layouts),
    ]
    return write_workbook(sheets, created=document_time(day), title="维修台账")


# --------------------------------------------------------------------------------------
# The kind
# --------------------------------------------------------------------------------------


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    day = as_of(inputs, options)
    items = repairs(inputs, day)
    sources = tuple(inputs.source_files(STEM))
    label = inputs.settings.term.label if inputs.settings.term.year else ""
    planned = []
    for year, month in sorted({(r.reported.year, r.reported.month) for r in items}):
        members = [r for r in items if (r.reported.year, r.reported.month) == (year, month)]
        context = month_context(inputs, year, month, members, day)
        last = max(r.reported for r in members)
        planned.append(Planned(
            path=f"{FOLDER}/维修登记表/{year}年{month}月 维修登记表.docx", template=TEMPLATE,
            context=context, title=f"维修登记表（{year}年{month}月）", period=f"{year}年{month}月",
            inputs=sources, modified=document_time(last)))
    planned.append(Planned(
        path=LEDGER, template="", printed=True, context={}, title="维修台账", period=label,
        inputs=sources, modified=document_time(day), build=lambda: ledger(inputs, items, day)))
    return planned


def warnings(inputs: Inputs, options: Options | None = None) -> list[Problem]:
    """Each request still open past the due days, at its row's 完成日期 cell."""
    day = as_of(inputs, options or Options())
    due = inputs.settings.repairs.due_days
    return [Problem(
        f"{r.number}（{r.rec['地点']} {r.rec['报修内容']}）{format_date(r.reported)}报修，"
        f"到{format_date(day)}已过 {r.days} 个工作日仍未完成（时限 {due} 个工作日）",
        r.rec.cell("完成日期"), severity="warning")
        for r in repairs(inputs, day) if r.status == OVERDUE]


def term_figures(inputs: Inputs) -> dict[str, Any]:
    """The figures hook: each request by number (date, place, status) and, per 资产编号, the
    repairs' count and cost, as plain values; other kinds read these, never the columns."""
    items = repairs(inputs, as_of(inputs, Options()))
    by_asset: dict[str, dict[str, Any]] = {}
    for r in items:
        asset = r.rec["资产编号"]
        if asset:
            entry = by_asset.setdefault(str(asset), {"count": 0, "cost": ZERO})
            entry["count"] += 1
            entry["cost"] += r.cost
    requests = [{"number": r.number, "reported": r.reported, "place": r.rec["地点"],
                 "content": r.rec["报修内容"], "status": r.status,
                 "done": r.rec["完成日期"] if r.done else None} for r in items]
    return {"by_asset": by_asset, "requests": requests}


KIND = Kind(
    name="repairs",
    family="维修报修",
    description="每月一份维修登记表，本学期维修台账（分类统计、用时、费用、逾期、人为损坏）",
    order=45,
    needs=((STEM, None),),
    optional=(ASSET_STEM,),
    templates={TEMPLATE: FIELDS},
    plan=plan,
    options=("date",),
    warnings=warnings,
    figures=term_figures,
    help="""生成每月的维修登记表和本学期的维修台账。

    读取 inputs/维修报修.xlsx：每次报修一行，修好后补填完成日期、材料费用和验收人。台账按类别、
    月份统计报修次数，计算平均维修用时（工作日）和费用合计（均为公式），列出未完成和逾期的维修
    （报修后超过 houqin.toml 中 [repairs] due_days 个工作日仍未完成，默认 2），并按报修部门列出
    人为损坏（供善真中队评比）。填写了资产编号时，须与固定资产登记中的编号一致。

    \b
    示例：
      houqin repairs
      houqin repairs --date 2022-06-30
    """,
    paper=(
        Paper("维修报修/维修登记表/*.pdf", 2, "repair-month", "维修登记表", "≤ 2 页",
              sample="维修报修/维修登记表/2022年3月*.pdf"),
        Paper("维修报修/维修台账.pdf", 8, "repair-ledger", "维修台账", "≤ 8 页"),
    ),
    binder=("资产管理", "05 维修"),
)
