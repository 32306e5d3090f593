"""公物检查: a 公物检查通报 per month and the term's 公物检查台账.

Seed 001: 每月组织行政对各班各室的财产进行检查…对相关情况进行通报，与善真中队评比、善真办公室
评比等结合. Each room's score for a month is ``[property] full_score`` (100) minus its
deductions that month; rooms are ranked with ties (the same score, the same rank; the next
rank skipped, 1, 2, 2, 4), 班级 (names ending in 班) apart from 办公室, and the best
``[property] best`` (3) of each named for the evaluations. A 损坏 item shows the 维修报修
request for the same place within ``[property] repair_days`` (7) days of the check, from the
repairs kind's figures when that input is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ...reading.loader import Inputs
from ...reading.records import Record
from ...reading.values import format_date, spelling_key
from ...render.workbook import Col, Layout, Sheet, write_workbook
from .. import Kind, Options, Paper, Planned, figures_of
from ..common import COMMON_FIELDS, common_context, document_time, official_date
from ..repairs.inputs import STEM as REPAIRS
from .inputs import STEM

TEMPLATE = "公物检查通报.docx"
FOLDER = "公物检查"
LEDGER = f"{FOLDER}/公物检查台账.xlsx"
PROBLEMS = ("损坏", "缺失", "未关闭")
CLASS, OFFICE = "班级", "办公室"

FIELDS = {
    **COMMON_FIELDS,
    "month": "月份，如 2022年3月",
    "dates": "检查日期，如 2022年3月25日",
    "inspectors": "检查人",
    "class_count": "检查的班级数",
    "office_count": "检查的办公室数",
    "classes": "班级得分与排名，每项有 rank room deduction score issues",
    "offices": "办公室得分与排名，每项有 rank room deduction score issues",
    "damages": "损坏、缺失的公物，每项有 room item result remarks repair（报修单号或 未报修）repair_status",
    "unclosed": "未关闭（节约用电）的班级或办公室，如 三（2）班、一年级组办公室",
    "best_classes": "善真中队（班级）评比表扬，如 四（1）班、二（1）班、六（1）班",
    "best_offices": "善真办公室评比表扬",
    "best": "表扬名额，如 3",
    "full_score": "满分，如 100",
    "signed_date": "落款日期（本月最后一次检查的日期；引用的维修报修在其后几天内报修或完成的，为其中最晚的日期）",
}


def kind_of(room: str) -> str:
    """班级 when the name ends in 班 (三（2）班), else 办公室."""
    return CLASS if room.rstrip().endswith("班") else OFFICE


def ranks(scores: Sequence[Decimal]) -> list[int]:
    """Competition ranking: the same score the same rank, the next rank skipped (1, 2, 2, 4)."""
    return [1 + sum(other > score for other in scores) for score in scores]


def number(value: Decimal) -> str:
    """A score as printed: 98, 97.5."""
    return f"{value.normalize():f}" if value != value.to_integral() else str(int(value))


def month_of(rec: Record) -> tuple[int, int]:
    return rec["检查日期"].year, rec["检查日期"].month


def deduction(rec: Record) -> Decimal:
    return Decimal(str(rec["扣分"] or 0))


def standings(inputs: Inputs, records: Sequence[Record]) -> list[dict[str, Any]]:
    """Each room of the records (one month): its deduction, score, issues, kind and rank within it."""
    full = Decimal(inputs.settings.property.full_score)
    rooms: dict[str, list[Record]] = {}
    for rec in records:
        rooms.setdefault(rec["班级或办公室"], []).append(rec)
    rows = []
    for room, recs in rooms.items():
        taken = sum((deduction(r) for r in recs), Decimal(0))
        issues = "；".join(f"{r['检查项目']}{r['结果']}" + (f"（{r['备注']}）" if r["备注"] else "")
                          for r in recs if r["结果"] != "完好")
        rows.append({"room": room, "kind": kind_of(room), "deduction": taken, "score": full - taken,
                     "issues": issues})
    for group in (CLASS, OFFICE):
        members = [r for r in rows if r["kind"] == group]
        for row, rank in zip(members, ranks([r["score"] for r in members]), strict=True):
            row["rank"] = rank
    # rooms of one rank in the order the checks list them (一（1）班 before 二（1）班)
    return sorted(rows, key=lambda r: (r["kind"] != CLASS, r["rank"]))


def repair_for(rec: Record, requests: Sequence[dict[str, Any]], days: int) -> dict[str, Any] | None:
    """The request for the same place nearest the check within ``days`` days (before or after)."""
    room = spelling_key(rec["班级或办公室"])
    day = rec["检查日期"]
    near = [r for r in requests
            if room and room in spelling_key(r["place"]) and abs((r["reported"] - day).days) <= days]
    return min(near, key=lambda r: (abs((r["reported"] - day).days), r["reported"]), default=None)


def repair_lines(found: dict[str, Any] | None, known: bool, as_of: dt.date | None = None) -> tuple[str, str]:
    """(`WX-2022-015`, `已完成，3月23日`); (未报修, "") when no request is found; ("", "")
    without 维修报修. With ``as_of`` (the notice's date) a repair finished later is 未完成:
    a notice cannot know what happened after it was signed."""
    if not known:
        return "", ""
    if found is None:
        return "未报修", ""
    done = found["done"]
    if done and as_of and done > as_of:
        return found["number"], "未完成"
    return found["number"], f"{found['status']}，{done.month}月{done.day}日" if done else found["status"]


def repair_text(found: dict[str, Any] | None, known: bool) -> str:
    """`WX-2022-015（已完成，3月23日）`, 未报修, or ""."""
    number, status = repair_lines(found, known)
    return f"{number}（{status}）" if status else number


def best_of(rows: Sequence[dict[str, Any]], group: str, best: int) -> str:
    """The rooms of a group ranked within ``best`` (ties at the edge all included), but none
    the same notice names for a fault: praise beside 未关闭 reads as a mistake (the
    inspector's finding)."""
    return "、".join(r["room"] for r in rows if r["kind"] == group and r["rank"] <= best and not r["issues"])


def month_context(inputs: Inputs, year: int, month: int, records: Sequence[Record],
                  requests: Sequence[dict[str, Any]] | None) -> dict[str, Any]:
    settings = inputs.settings.property
    rows = standings(inputs, records)
    days = sorted({r["检查日期"] for r in records})
    inspectors: list[str] = []
    for rec in records:
        for name in rec["检查人"]:  # 周静、朱志刚 on every row of the day: each named once
            if name not in inspectors:
                inspectors.append(name)

    def shown(row: dict[str, Any]) -> dict[str, Any]:
        return {"rank": row["rank"], "room": row["room"], "deduction": number(row["deduction"]),
                "score": number(row["score"]), "issues": row["issues"] or "—"}

    # The notice is signed once the requests it cites are known: the last check, or the
    # latest report or repair of a cited request within the window after it.
    last = days[-1]
    cited = [(rec, repair_for(rec, requests or [], settings.repair_days) if rec["结果"] == "损坏" else None)
             for rec in records if rec["结果"] in ("损坏", "缺失")]
    window = last + dt.timedelta(days=settings.repair_days)
    signed = max([last, *(d for _, f in cited if f for d in (f["reported"], f["done"]) if d and d <= window)])
    damages = []
    for rec, found in cited:
        damaged = rec["结果"] == "损坏"  # a missing item is not repaired
        number_line, status_line = repair_lines(found, requests is not None and damaged, signed)
        damages.append({"room": rec["班级或办公室"], "item": rec["检查项目"], "result": rec["结果"],
                        "remarks": rec["备注"] or "", "repair": number_line, "repair_status": status_line})
    unclosed = []
    for rec in records:
        if rec["结果"] == "未关闭" and rec["班级或办公室"] not in unclosed:
            unclosed.append(rec["班级或办公室"])
    return {
        **common_context(inputs.settings),
        "month": f"{year}年{month}月",
        "dates": "、".join(format_date(d) for d in days),
        "inspectors": "、".join(inspectors),
        "class_count": sum(r["kind"] == CLASS for r in rows),
        "office_count": sum(r["kind"] == OFFICE for r in rows),
        "classes": [shown(r) for r in rows if r["kind"] == CLASS],
        "offices": [shown(r) for r in rows if r["kind"] == OFFICE],
        "damages": damages,
        "unclosed": "、".join(unclosed),
        "best_classes": best_of(rows, CLASS, settings.best) or "无",
        "best_offices": best_of(rows, OFFICE, settings.best) or "无",
        "best": settings.best,
        "full_score": settings.full_score,
        "signed_date": official_date(signed),
    }


# --------------------------------------------------------------------------------------
# The term's 公物检查台账
# --------------------------------------------------------------------------------------


def _format(book: Any, num: str, bold: bool = False) -> Any:
    return book.add_format({"font_name": "宋体", "font_size": 11, "font_charset": 134, "font_scheme": "none",
                            "valign": "vcenter", "border": 1, "bold": bold, "num_format": num,
                            "align": "center"})


def ledger(inputs: Inputs, records: list[Record], requests: Sequence[dict[str, Any]] | None) -> bytes:
    settings = inputs.settings
    full = settings.property.full_score
    subtitle = f"学校：{settings.school.name}　　{settings.term.label if settings.term.year else ''}"
    months = sorted({month_of(r) for r in records})
    rooms = sorted(dict.fromkeys(r["班级或办公室"] for r in records), key=lambda room: kind_of(room) != CLASS)
    layouts: dict[str, Layout] = {}
    detail_rows = [[r["检查日期"], r["班级或办公室"], kind_of(r["班级或办公室"]), r["检查项目"], r["结果"],
                    float(deduction(r)), "、".join(r["检查人"]), r["备注"] or "",
                    repair_text(repair_for(r, requests or [], settings.property.repair_days),
                                requests is not None) if r["结果"] == "损坏" else ""]
                   for r in sorted(records, key=lambda r: r["检查日期"])
                   if r["结果"] != "完好" or deduction(r)]
    scores: list[list[Any]] = []
    for room in rooms:
        row: list[Any] = [room, kind_of(room)]
        for ym in months:
            checked = [r for r in records if r["班级或办公室"] == room and month_of(r) == ym]
            row.append(float(Decimal(full) - sum((deduction(r) for r in checked), Decimal(0)))
                       if checked else None)
        got = [v for v in row[2:] if v is not None]
        row.append(sum(got) / len(got) if got else None)
        scores.append(row)

    held: dict[str, Any] = {}

    def hold(ws: Any, book: Any, layout: Layout) -> None:
        """The 得分 sheet comes first but its formulas read the 明细 below: written once that is laid out."""
        held.update(ws=ws, layout=layout)

    def remember(ws: Any, book: Any, layout: Layout) -> None:
        layouts["扣分明细"] = layout
        formulas(held["ws"], book, held["layout"])

    def formulas(ws: Any, book: Any, layout: Layout) -> None:
        detail = layouts["扣分明细"]
        sheet = f"'{detail.sheet}'"
        room = f"{sheet}!{detail.data_range('班级或办公室', absolute=True)}"
        day = f"{sheet}!{detail.data_range('检查日期', absolute=True)}"
        taken = f"{sheet}!{detail.data_range('扣分', absolute=True)}"
        fmt, avg = _format(book, "0.##"), _format(book, "0.0")
        for i, row in enumerate(scores):
            r = layout.first_data_row + i
            for j, (y, m) in enumerate(months):
                if row[2 + j] is None:  # not checked that month: blank, not 100
                    continue
                after = (y + 1, 1) if m == 12 else (y, m + 1)
                span = f'{day},">="&DATE({y},{m},1),{day},"<"&DATE({after[0]},{after[1]},1)'
                ws.write_formula(r, 2 + j, f"={full}-SUMIFS({taken},{room},$A{r + 1},{span})", fmt, row[2 + j])
            first, last = layout.letters[2], layout.letters[1 + len(months)]
            if row[-1] is not None:
                ws.write_formula(r, 2 + len(months), f'=IFERROR(AVERAGE({first}{r + 1}:{last}{r + 1}),"")',
                                 avg, row[-1])
        if layout.totals_row is not None and layout.has_data:  # the 平均 row, to one decimal
            bold = _format(book, "0.0", bold=True)
            for j in range(len(months)):
                got = [row[2 + j] for row in scores if row[2 + j] is not None]
                ws.write_formula(layout.totals_row, 2 + j, f'=IFERROR(AVERAGE({layout.data_range(2 + j)}),"")',
                                 bold, sum(got) / len(got) if got else "")

    month_cols = [Col(f"{m}月" if len({y for y, _ in months}) == 1 else f"{y}年{m}月", kind="number",
                      total="average", align="center", width=9) for y, m in months]
    sheets = [
        Sheet(name="得分", title="公物检查得分台账", subtitle=subtitle,
              columns=[Col("班级或办公室"), Col("类别", align="center"), *month_cols,
                       Col("平均分", kind="number", align="center", width=9)],
              rows=scores, totals_label="平均", extra=hold,
              notes=[f"注：每月得分 = {full} − 当月扣分（公式取自“扣分明细”）；当月未检查的留空。"],
              footer_rows=[[f"检查：{settings.people.filler}", f"负责人：{settings.people.logistics_head}"]]),
        Sheet(name="扣分明细", title="公物检查扣分明细", subtitle=subtitle,
              columns=[Col("检查日期", kind="date"), Col("班级或办公室"), Col("类别", align="center"),
                       Col("检查项目", align="center"), Col("结果", align="center"),
                       Col("扣分", kind="number", total="sum"), Col("检查人"), Col("备注", wrap=True, width=24),
                       Col("报修单")],
              rows=detail_rows, landscape=True, extra=remember,
              highlight=lambda row: "warn" if row[4] in ("损坏", "缺失") else ("note" if row[4] == "未关闭" else None)),
    ]
    return write_workbook(sheets, created=document_time(max((r["检查日期"] for r in records),
                                                            default=None)), title="公物检查台账")


# --------------------------------------------------------------------------------------
# The kind
# --------------------------------------------------------------------------------------


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    records = inputs.records(STEM)
    repairs = figures_of("repairs", inputs)  # the repairs kind's figures, when 维修报修 is read
    requests = list(repairs["requests"]) if repairs is not None else None
    sources = tuple(inputs.source_files(STEM, REPAIRS))
    planned = []
    for year, month in sorted({month_of(r) for r in records}):
        members = [r for r in records if month_of(r) == (year, month)]
        last = max(r["检查日期"] for r in members)
        planned.append(Planned(
            path=f"{FOLDER}/公物检查通报/{year}年{month}月 公物检查通报.docx", template=TEMPLATE,
            context=month_context(inputs, year, month, members, requests),
            title=f"公物检查通报（{year}年{month}月）", period=f"{year}年{month}月", inputs=sources,
            modified=document_time(last)))
    if records:
        last = max(r["检查日期"] for r in records)
        planned.append(Planned(
            path=LEDGER, template="", printed=True, context={}, title="公物检查台账",
            period=inputs.settings.term.label if inputs.settings.term.year else "", inputs=sources,
            modified=document_time(last), build=lambda: ledger(inputs, records, requests)))
    return planned


def month_scores(inputs: Inputs) -> list[dict[str, Any]]:
    """The figures hook: each month's rooms with score and rank, as the 通报 prints them."""
    records = inputs.records(STEM)
    found = []
    for year, month in sorted({month_of(r) for r in records}):
        for row in standings(inputs, [r for r in records if month_of(r) == (year, month)]):
            found.append({"month": dt.date(year, month, 1), **row})
    return found


KIND = Kind(
    name="property",
    family="公物检查",
    description="每月一份公物检查通报（得分、排名、损坏公物、评比表扬），本学期公物检查台账",
    order=90,
    needs=((STEM, None),),
    optional=(REPAIRS,),
    templates={TEMPLATE: FIELDS},
    plan=plan,
    figures=month_scores,
    help="""生成每月的公物检查通报和本学期的公物检查台账。

    读取 inputs/公物检查.xlsx：每次检查、每个班级或办公室、每个项目一行。每月得分 = 满分（默认
    100）− 当月扣分；班级（名称以“班”结尾）和办公室分别排名，同分同名次、下一名次空缺，前三名
    （houqin.toml 中 [property] best）列入善真中队、善真办公室评比表扬。有维修报修记录时，损坏的
    公物列出检查前后 7 天内（[property] repair_days）同一地点的报修单号和维修状态。

    \b
    示例：
      houqin property
      houqin property -w D:\\后勤\\2022春 --force
    """,
    paper=(
        Paper("公物检查/公物检查通报/*.pdf", 2, "property-month", "公物检查通报", "≤ 2 页",
              sample="公物检查/公物检查通报/2022年3月*.pdf"),
        Paper("公物检查/公物检查台账.pdf", 3, "property-ledger", "公物检查台账", "≤ 3 页"),
    ),
    binder=("安全工作", "11 安全检查记载"),
)
