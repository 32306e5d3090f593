"""固定资产: the register (台账), acceptance forms (验收单), the inventory (盘点表), disposals (报废).

Seed 001: new fixed assets are accepted (验收) and entered (录入登记), disposals recorded
(处置报废), and an inventory (盘库) is done at the end of each term. A fixed asset lasts over
a year and is worth at least ``[assets] threshold`` (1,000 元; 专用设备 ``special_threshold``,
1,500 元; 事业单位财务规则); cheaper items are listed apart as 低值易耗品. Books (图书、档案)
are fixed assets by category whatever the price of one volume.

Money is Decimal throughout and shown with two decimals; totals in the workbooks are live
formulas carrying the value they compute; forms signed for an amount also give it in capitals.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from ...errors import Location, Problem
from ...outputs.writer import safe_filename, unique_names
from ...periods import period_option
from ...reading.loader import Inputs
from ...reading.records import Record
from ...reading.values import format_money, split_names
from ...render.rmb import rmb_upper
from ...render.workbook import Col, Layout, Sheet, write_workbook
from ...settings import Settings
from .. import Kind, Options, Paper, Planned, figures_of
from ..common import COMMON_FIELDS, common_context, document_time, official_date
from ..repairs.inputs import REPAIRS as REPAIRS_INPUT

STEM = "固定资产"
#: Read if present: each asset's repairs of the term, through the repairs kind's figures hook.
REPAIRS = REPAIRS_INPUT.stem
FOLDER = "固定资产"
ACCEPTANCE = "资产验收单.docx"
DISPOSAL = "资产报废申请表.docx"
REGISTER_PATH = f"{FOLDER}/固定资产台账.xlsx"
INVENTORY_PATH = f"{FOLDER}/资产盘点表.xlsx"
DISPOSAL_PATH = f"{FOLDER}/资产报废申请表.docx"
#: Each document's category of the 资产管理 box (SPEC §5); the 台账 is the kind's own.
BOX = "资产管理"
ZERO = Decimal(0)
#: Categories that are fixed assets whatever the unit price (GB/T 14885 门类).
ALWAYS_FIXED = ("图书", "档案")

ACCEPTANCE_FIELDS = {
    **COMMON_FIELDS,
    "number": "验收单号：取得年份内的流水号，如 YS-2022-001",
    "department": "使用部门",
    "acquired": "取得日期，如 2022年3月24日",
    "accepted": "验收日期（未验收时为空白待填）",
    "acquisition": "取得方式，如 新购",
    "funding": "经费来源（数据中没有，留空待填）",
    "locations": "存放地点（多处用 、 分隔）",
    "items": "资产明细，每项有 seq asset_id name model unit quantity price amount location",
    "total_quantity": "数量合计",
    "total": "金额合计（小写，两位小数）",
    "total_upper": "金额合计（人民币大写）",
    "acceptor": "验收人（未验收时为空白）",
    "keeper": "保管人",
}
DISPOSAL_FIELDS = {
    **COMMON_FIELDS,
    "date": "申请日期",
    "items": "报废资产明细，每项有 seq asset_id name model unit quantity amount acquired years reason",
    "count": "报废资产项数",
    "total_quantity": "数量合计",
    "total": "原值合计（小写，两位小数）",
    "total_upper": "原值合计（人民币大写）",
}


# --------------------------------------------------------------------------------------
# Period and selection
# --------------------------------------------------------------------------------------

def _span(settings: Settings, options: Options) -> tuple[dt.date | None, dt.date | None, str]:
    if options.period:  # the one grammar of every command (pipeline/periods.py)
        period = period_option(options.period, settings.hazards.half_month_split)
        return period.start, period.end, period.label
    term = settings.term
    return term.start, term.end, term.label if term.year else ""


def for_acceptance(records: Iterable[Record], settings: Settings, options: Options) -> list[Record]:
    """待验收 assets, and those whose 验收日期 falls in ``--period`` (default: the term)."""
    start, end, _ = _span(settings, options)
    chosen = []
    for rec in records:
        accepted = rec["验收日期"]
        if rec["使用状况"] == "待验收":
            # with --period, not those bought after it
            if not (options.period and end and rec["取得日期"] and rec["取得日期"] > end):
                chosen.append(rec)
        elif accepted and start and end and start <= accepted <= end:
            chosen.append(rec)
    return chosen


def acceptance_groups(records: Iterable[Record]) -> list[tuple[tuple[dt.date | None, str], list[Record]]]:
    """One acceptance per (取得日期, 使用部门), in date then first-appearance order."""
    groups: dict[tuple[dt.date | None, str], list[Record]] = {}
    for rec in records:
        groups.setdefault((rec["取得日期"], rec["使用部门"] or ""), []).append(rec)
    return sorted(groups.items(), key=lambda kv: kv[0][0] or dt.date.min)


def acceptance_numbers(records: Iterable[Record]) -> dict[tuple[dt.date | None, str], str]:
    """验收单号 ``YS-2022-001``: a running number per year of acquisition over every batch in the data.

    Numbered over all records, not only those a ``--period`` selects, so a batch keeps its
    number whichever period is built, and rebuilding the same data gives the same numbers.
    """
    numbers: dict[tuple[dt.date | None, str], str] = {}
    per_year: dict[str, int] = {}
    for (acquired, department), _ in acceptance_groups(records):
        year = str(acquired.year) if acquired else "未填日期"
        per_year[year] = per_year.get(year, 0) + 1
        numbers[(acquired, department)] = f"YS-{year}-{per_year[year]:03d}"
    return numbers


def threshold_of(rec: Record, settings: Settings) -> Decimal:
    special = "专用设备" in (rec["资产分类"] or "")
    value = settings.assets.special_threshold if special else settings.assets.threshold
    return Decimal(str(value))


def is_low_value(rec: Record, settings: Settings) -> bool:
    """Cheaper than the fixed-asset standard (图书、档案 are fixed assets by category)."""
    price = rec["单价"]
    category = rec["资产分类"] or ""
    if price is None or any(word in category for word in ALWAYS_FIXED):
        return False
    return price < threshold_of(rec, settings)


def amount_of(rec: Record) -> Decimal:
    return rec["金额"] if rec["金额"] is not None else ZERO


def quantity_of(rec: Record) -> int:
    return rec["数量"] or 0


def difference(rec: Record) -> tuple[int, Decimal, int, Decimal] | None:
    """(盘盈数量, 盘盈金额, 盘亏数量, 盘亏金额), or None when not counted."""
    counted = rec["盘点数量"]
    if counted is None:
        return None
    diff = counted - quantity_of(rec)
    price = rec["单价"] if rec["单价"] is not None else ZERO
    value = (price * abs(diff)).quantize(Decimal("0.01"))
    if diff > 0:
        return diff, value, 0, ZERO
    if diff < 0:
        return 0, ZERO, -diff, value
    return 0, ZERO, 0, ZERO


def years_in_use(start: dt.date | None, until: dt.date) -> str:
    if start is None:
        return ""
    months = (until.year - start.year) * 12 + until.month - start.month - (until.day < start.day)
    months = max(months, 0)
    years, rest = divmod(months, 12)
    if years and rest:
        return f"{years}年{rest}个月"
    return f"{years}年" if years else f"{rest}个月"


def reference_day(inputs: Inputs, options: Options, records: Sequence[Record]) -> dt.date | None:
    """The day a register/inventory/disposal is dated: the period's or term's end, else the data's latest."""
    _, end, _ = _span(inputs.settings, options)
    if end:
        return end
    days = [d for rec in records for d in (rec["取得日期"], rec["验收日期"]) if d]
    return max(days) if days else None


# --------------------------------------------------------------------------------------
# Workbooks
# --------------------------------------------------------------------------------------

REGISTER_COLUMNS = [
    Col("资产编号"), Col("资产名称"), Col("资产分类"), Col("规格型号"), Col("计量单位"),
    Col("数量", kind="int", total="sum"), Col("单价", kind="money"), Col("金额", kind="money", total="sum"),
    Col("取得方式"), Col("取得日期", kind="date"), Col("使用部门"), Col("存放地点", wrap=True),
    Col("保管人"), Col("使用状况"),
]
QTY, AMOUNT = 5, 7  # column indexes of 数量 and 金额 in REGISTER_COLUMNS
STATE_MARK = {"已报废": "muted", "待报废": "warn", "闲置": "note", "待验收": "note", "维修中": "note"}


def register_row(rec: Record) -> list[Any]:
    return [rec["资产编号"], rec["资产名称"], rec["资产分类"] or "", rec["规格型号"] or "",
            rec["计量单位"] or "", quantity_of(rec), rec["单价"], amount_of(rec), rec["取得方式"] or "",
            rec["取得日期"], rec["使用部门"] or "", rec["存放地点"] or "", rec["保管人"] or "",
            rec["使用状况"] or ""]


def _marks(records: Sequence[Record]) -> list[str | None]:
    return [STATE_MARK.get(rec["使用状况"]) for rec in records]


def _book_format(book: Any, kind: str, *, bold: bool = False, fill: str | None = None) -> Any:
    props: dict[str, Any] = {"font_name": "宋体", "font_size": 11, "font_charset": 134, "font_scheme": "none",
                             "valign": "vcenter", "border": 1, "bold": bold}
    if kind == "money":
        props.update(num_format="#,##0.00", align="right")
    else:
        props.update(num_format="0", align="center")
    if fill:
        props["bg_color"] = fill
    return book.add_format(props)


#: The register's columns with no generic 合计 row: the grouped sheets write their own totals.
GROUPED_COLUMNS = [dataclasses.replace(col, total=None) for col in REGISTER_COLUMNS]


def one_unit(records: Sequence[Record]) -> bool:
    """All in one 计量单位: only then is a 数量 total a number of something (#15: 台 + 册 is not)."""
    return len({rec["计量单位"] or "" for rec in records}) <= 1


def units_text(records: Sequence[Record]) -> str:
    """`3,200册，588套，324台`: the 数量 of each 计量单位, in the order they first appear."""
    by_unit: dict[str, int] = {}
    for rec in records:
        unit = rec["计量单位"] or "（未填单位）"
        by_unit[unit] = by_unit.get(unit, 0) + quantity_of(rec)
    return "，".join(f"{quantity:,}{unit}" for unit, quantity in by_unit.items())


def quantity_note(records: Sequence[Record]) -> list[str]:
    """Where the units differ the 合计 row leaves 数量 blank; the note gives it per unit."""
    if not records or one_unit(records):
        return []
    return [f"注：不同计量单位的数量不相加，合计行不填数量。数量按计量单位合计：{units_text(records)}。"]


def scrapped_note(records: Sequence[Record], where: str, grey: bool = True) -> list[str]:
    """The line under a table saying what its 合计 includes or leaves out (已报废).

    ``grey``: the table shows 已报废 rows grey (the register and its grouped sheets), so the
    note may point at them; a summary sheet without those rows must not.
    """
    scrapped = [rec for rec in records if rec["使用状况"] == "已报废"]
    if not scrapped:
        return []
    quantity = units_text(scrapped)
    amount = format_money(sum((amount_of(r) for r in scrapped), ZERO))
    if where == "inventory":
        return [f"注：已报废资产 {len(scrapped)} 项（数量 {quantity}，金额 {amount} 元）已不在账面，"
                "不列入本表，账面数量、账面金额合计不含这些资产；固定资产台账的合计含已报废资产。"]
    shown = "，即表中灰色行" if grey else ""
    return [f"注：合计含已报废资产 {len(scrapped)} 项（数量 {quantity}，金额 {amount} 元{shown}）；"
            "资产盘点表的账面数量、账面金额不含已报废资产。"]


def register_columns(records: Sequence[Record]) -> list[Col]:
    """The register's columns; 数量 totalled only when every row has the same 计量单位."""
    if one_unit(records):
        return REGISTER_COLUMNS
    return [dataclasses.replace(col, total=None) if col.header == "数量" else col for col in REGISTER_COLUMNS]


def grouped_sheet(name: str, title: str, subtitle: str, records: Sequence[Record], key: str) -> Sheet:
    """All assets ordered by ``key`` with a 小计 row per group and one 合计 row, as SUBTOTAL formulas.

    SUBTOTAL(9, …) skips the other SUBTOTALs in its range, so the 合计 over the whole table
    counts each asset once; there is no generic total row besides it (GROUPED_COLUMNS).
    """
    groups: dict[str, list[Record]] = {}
    for rec in records:
        groups.setdefault(rec[key] or "（未填）", []).append(rec)
    rows: list[list[Any]] = []
    marks: list[str | None] = []
    #: (row index of the 小计, first and last row index of its items)
    subtotals: list[tuple[int, int, int]] = []
    for group, members in groups.items():
        first = len(rows)
        rows.extend(register_row(rec) for rec in members)
        marks.extend(_marks(members))
        blank = [""] * len(REGISTER_COLUMNS)
        blank[1] = f"小计：{group}（{len(members)}项）"
        blank[QTY] = sum(quantity_of(r) for r in members) if one_unit(members) else ""
        blank[AMOUNT] = sum((amount_of(r) for r in members), ZERO)
        subtotals.append((len(rows), first, len(rows) - 1))
        rows.append(blank)
        marks.append("ok")
    grand = [""] * len(REGISTER_COLUMNS)
    grand[1] = "合计"
    grand[QTY] = sum(quantity_of(r) for r in records) if one_unit(records) else ""
    grand[AMOUNT] = sum((amount_of(r) for r in records), ZERO)
    rows.append(grand)
    marks.append("ok")

    def formulas(ws: Any, book: Any, layout: Layout) -> None:
        base = layout.first_data_row
        fmts = {c: _book_format(book, "int" if c == QTY else "money", bold=True, fill="#C6EFCE")
                for c in (QTY, AMOUNT)}
        spans = [*subtotals, (len(rows) - 1, 0, len(rows) - 2)]
        for at, lo, hi in spans:
            for c in (QTY, AMOUNT):
                letter = layout.letters[c]
                value = rows[at][c]
                if value == "":  # unlike units: no 数量 total (the note gives it per unit)
                    continue
                ws.write_formula(base + at, c, f"=SUBTOTAL(9,{letter}{base + lo + 1}:{letter}{base + hi + 1})",
                                 fmts[c], float(value) if isinstance(value, Decimal) else value)

    return Sheet(name=name, title=title, subtitle=subtitle, columns=GROUPED_COLUMNS, rows=rows,
                 landscape=True, highlight=marks, extra=formulas,
                 notes=[*scrapped_note(records, "register"), *quantity_note(records)])


def list_sheet(name: str, title: str, subtitle: str, records: Sequence[Record],
               footer: list[Sequence[str]] | None = None) -> Sheet:
    return Sheet(name=name, title=title, subtitle=subtitle, columns=register_columns(records),
                 rows=[register_row(rec) for rec in records], landscape=True,
                 footer_rows=footer or [],
                 notes=[*scrapped_note(records, "register", grey=False), *quantity_note(records)])


def category_sheet(records: Sequence[Record], subtitle: str, register: dict[str, Layout]) -> Sheet:
    """Count, quantity and amount per category: COUNTIF/SUMIF over the register sheet."""
    categories: dict[str, list[Record]] = {}
    for rec in records:
        categories.setdefault(rec["资产分类"] or "", []).append(rec)
    rows = [[category or "（未分类）", len(members),
             # a number (a live SUMIF) when the whole register has one unit, else 556套，50个
             sum(quantity_of(r) for r in members) if one_unit(records) else units_text(members),
             sum((amount_of(r) for r in members), ZERO)] for category, members in categories.items()]

    def formulas(ws: Any, book: Any, layout: Layout) -> None:
        reg = register["固定资产台账"]
        sheet = f"'{reg.sheet}'"
        cat = f"{sheet}!{reg.data_range('资产分类', absolute=True)}"
        qty = f"{sheet}!{reg.data_range('数量', absolute=True)}"
        amt = f"{sheet}!{reg.data_range('金额', absolute=True)}"
        int_fmt, money_fmt = _book_format(book, "int"), _book_format(book, "money")
        for i, (category, count, quantity, amount) in enumerate(rows):
            r = layout.first_data_row + i
            # the category cell as written in the register; "" for a blank category
            crit = f"A{r + 1}" if category != "（未分类）" else '""'
            ws.write_formula(r, 1, f"=COUNTIF({cat},{crit})", int_fmt, count)
            if isinstance(quantity, int):  # one unit; else the text 套 300，张 9 stays
                ws.write_formula(r, 2, f"=SUMIF({cat},{crit},{qty})", int_fmt, quantity)
            ws.write_formula(r, 3, f"=SUMIF({cat},{crit},{amt})", money_fmt, float(amount))

    return Sheet(name="分类汇总", title="固定资产分类汇总表", subtitle=subtitle,
                 columns=[Col("资产分类"), Col("项数", kind="int", total="sum"),
                          Col("数量", kind="int", total="sum" if one_unit(records) else None, wrap=True),
                          Col("金额", kind="money", total="sum")],
                 rows=rows, extra=formulas,
                 notes=[*scrapped_note(records, "register", grey=False), *quantity_note(records)])


def repair_columns(inputs: Inputs) -> dict[str, tuple[int, Decimal]] | None:
    """资产编号 → (维修次数, 维修费用) from the repairs kind's figures; None without 维修报修."""
    found = figures_of("repairs", inputs)
    return None if found is None else {asset: (v["count"], v["cost"]) for asset, v in found["by_asset"].items()}


def register_book(inputs: Inputs, records: Sequence[Record], day: dt.date | None) -> bytes:
    settings = inputs.settings
    school = settings.school.name
    dated = f"{school}    截至{official_date(day)}" if day else school
    low = [rec for rec in records if is_low_value(rec, settings)]
    layouts: dict[str, Layout] = {}

    def remember(ws: Any, book: Any, layout: Layout) -> None:
        layouts["固定资产台账"] = layout

    columns, rows = register_columns(records), [register_row(rec) for rec in records]
    repaired = repair_columns(inputs)
    if repaired is not None:  # 维修报修 read: each asset's repairs this term (the repairs kind's figures)
        columns = [*columns, Col("维修次数", kind="int", total="sum"), Col("维修费用", kind="money", total="sum")]
        rows = [[*row, *repaired.get(rec["资产编号"], (None, None))] for row, rec in zip(rows, records, strict=True)]
    sheets = [
        Sheet(name="固定资产台账", title="固定资产台账", subtitle=dated, columns=columns,
              rows=rows, landscape=True, highlight=_marks(records),
              extra=remember, notes=[*scrapped_note(records, "register"), *quantity_note(records)]),
        category_sheet(records, dated, layouts),
        grouped_sheet("按使用部门", "固定资产台账（按使用部门）", dated, records, "使用部门"),
        grouped_sheet("按存放地点", "固定资产台账（按存放地点）", dated, records, "存放地点"),
        list_sheet("闲置资产", "闲置资产清单", dated, [r for r in records if r["使用状况"] == "闲置"]),
        list_sheet("待报废", "待报废资产清单", dated, [r for r in records if r["使用状况"] == "待报废"]),
        list_sheet("低值易耗品", "低值易耗品清单", (
            f"单价低于固定资产标准（{format_money(Decimal(str(settings.assets.threshold)))}元；专用设备"
            f"{format_money(Decimal(str(settings.assets.special_threshold)))}元）的物品，按低值易耗品管理"),
            low),
    ]
    return write_workbook(sheets, created=document_time(day), title="固定资产台账")


INVENTORY_COLUMNS = [
    Col("资产编号"), Col("资产名称"), Col("规格型号"), Col("计量单位"), Col("单价", kind="money"),
    Col("账面数量", kind="int", total="sum"), Col("账面金额", kind="money", total="sum"),
    Col("盘点数量", kind="int", total="sum"),
    Col("盘盈数量", kind="int", total="sum"), Col("盘盈金额", kind="money", total="sum"),
    Col("盘亏数量", kind="int", total="sum"), Col("盘亏金额", kind="money", total="sum"),
    Col("差异原因", wrap=True), Col("存放地点", wrap=True), Col("保管人"),
]


def inventory_row(rec: Record) -> tuple[list[Any], str | None]:
    diff = difference(rec)
    row: list[Any] = [rec["资产编号"], rec["资产名称"], rec["规格型号"] or "", rec["计量单位"] or "",
                      rec["单价"], quantity_of(rec), amount_of(rec), rec["盘点数量"]]
    if diff is None:
        row += [None, None, None, None, "未盘点"]
        mark = "note"
    else:
        gain_q, gain_v, loss_q, loss_v = diff
        row += [gain_q, gain_v, loss_q, loss_v, (rec["备注"] or "待查明") if (gain_q or loss_q) else ""]
        mark = "warn" if loss_q else ("ok" if gain_q else None)
    row += [rec["存放地点"] or "", rec["保管人"] or ""]
    return row, mark


def inventory_book(inputs: Inputs, records: Sequence[Record], day: dt.date | None, label: str) -> bytes:
    """Every asset still on the books (not 已报废): 账面 vs 盘点, 盘盈/盘亏 and why."""
    counted = [rec for rec in records if rec["使用状况"] != "已报废"]
    rows, marks = [], []
    for rec in counted:
        row, mark = inventory_row(rec)
        rows.append(row)
        marks.append(mark)
    missing = sum(1 for rec in counted if rec["盘点数量"] is None)
    subtitle = f"{inputs.settings.school.name}    {label}期末盘点    盘点日期：{official_date(day)}"
    if missing:
        subtitle += f"    未盘点 {missing} 项"
    columns = INVENTORY_COLUMNS
    if not one_unit(counted):  # 台 + 册 is no number: 数量 totals only per unit, in the note
        columns = [dataclasses.replace(c, total=None) if "数量" in c.header else c for c in columns]
    notes = [*scrapped_note(records, "inventory"),
             *(f"{n[:-1]}（账面数量）。" for n in quantity_note(counted))]
    sheet = Sheet(name="资产盘点表", title="固定资产盘点表", subtitle=subtitle, columns=columns,
                  rows=rows, landscape=True, highlight=marks, notes=notes,
                  footer_rows=[["盘点人：", "审核人：", "负责人：", "日期：    年  月  日"]])
    return write_workbook([sheet], created=document_time(day), title="固定资产盘点表")


# --------------------------------------------------------------------------------------
# Word forms
# --------------------------------------------------------------------------------------


def _joined(values: Iterable[str | None]) -> str:
    seen: list[str] = []
    for value in values:
        for name in split_names(value) if value else []:
            if name not in seen:
                seen.append(name)
    return "、".join(seen)


def unbroken(text: str) -> str:
    """A model number whose hyphens do not break a line (U+2011): `DS-2CD3T46` stays one token."""
    return text.replace("-", "\u2011")


def acceptance_context(inputs: Inputs, day: dt.date | None, department: str,
                       members: Sequence[Record], number: str = "") -> dict[str, Any]:
    accepted = {rec["验收日期"] for rec in members}
    accepted_day = accepted.pop() if len(accepted) == 1 else None
    total = sum((amount_of(r) for r in members), ZERO)
    items = [{
        "seq": i, "asset_id": rec["资产编号"], "name": rec["资产名称"], "model": unbroken(rec["规格型号"] or ""),
        "unit": rec["计量单位"] or "", "quantity": quantity_of(rec),
        "price": format_money(rec["单价"]) if rec["单价"] is not None else "",
        "amount": format_money(amount_of(rec)), "location": rec["存放地点"] or "",
    } for i, rec in enumerate(members, 1)]
    return {
        **common_context(inputs.settings),
        "number": number,
        "department": department,
        "acquired": official_date(day),
        "accepted": official_date(accepted_day),
        "acquisition": _joined(rec["取得方式"] for rec in members),
        "funding": "",
        "locations": _joined(rec["存放地点"] for rec in members),
        "items": items,
        "total_quantity": sum(quantity_of(r) for r in members),
        "total": format_money(total),
        "total_upper": rmb_upper(total),
        "acceptor": _joined(rec["验收人"] for rec in members),
        "keeper": _joined(rec["保管人"] for rec in members),
    }


def disposal_context(inputs: Inputs, members: Sequence[Record], day: dt.date) -> dict[str, Any]:
    total = sum((amount_of(r) for r in members), ZERO)
    items = [{
        "seq": i, "asset_id": rec["资产编号"], "name": rec["资产名称"], "model": unbroken(rec["规格型号"] or ""),
        "unit": rec["计量单位"] or "", "quantity": quantity_of(rec), "amount": format_money(amount_of(rec)),
        "acquired": official_date(rec["取得日期"]) if rec["取得日期"] else "",
        "years": years_in_use(rec["取得日期"], day), "reason": rec["备注"] or "",
    } for i, rec in enumerate(members, 1)]
    return {
        **common_context(inputs.settings),
        "date": official_date(day),
        "items": items,
        "count": len(items),
        "total_quantity": sum(quantity_of(r) for r in members),
        "total": format_money(total),
        "total_upper": rmb_upper(total),
    }


# --------------------------------------------------------------------------------------
# The kind
# --------------------------------------------------------------------------------------


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    settings = inputs.settings
    records = inputs.records(STEM)
    sources = tuple(inputs.source_files(STEM))
    _, _, label = _span(settings, options)
    day = reference_day(inputs, options, records)
    planned = [
        Planned(path=REGISTER_PATH, template="", printed=True, context={}, title="固定资产台账", period=label,
                inputs=(*sources, *inputs.source_files(REPAIRS)), modified=document_time(day),
                build=lambda: register_book(inputs, records, day)),
        Planned(path=INVENTORY_PATH, template="", printed=True, context={}, title="固定资产盘点表", period=label,
                inputs=sources, modified=document_time(day),
                build=lambda: inventory_book(inputs, records, day, label or ""), binder=(BOX, "03 盘点")),
    ]
    numbers = acceptance_numbers(records)
    groups = acceptance_groups(for_acceptance(records, settings, options))
    names = unique_names([safe_filename(f"{d.isoformat() if d else '未填日期'} {dept or '未填部门'}.docx")
                          for (d, dept), _ in groups])
    for ((acquired, department), members), name in zip(groups, names, strict=True):
        accepted = max((r["验收日期"] for r in members if r["验收日期"]), default=None)
        planned.append(Planned(
            path=f"{FOLDER}/资产验收单/{name}", template=ACCEPTANCE,
            context=acceptance_context(inputs, acquired, department, members,
                                       numbers[(acquired, department)]),
            title=f"资产验收单（{official_date(acquired) if acquired else '未填日期'} {department}）",
            period=official_date(acquired) if acquired else label, inputs=sources,
            modified=document_time(accepted or acquired), binder=(BOX, "02 验收"),
        ))
    scrap = [rec for rec in records if rec["使用状况"] == "待报废"]
    if scrap:
        when = day or dt.date(2000, 1, 1)
        planned.append(Planned(
            path=DISPOSAL_PATH, template=DISPOSAL, context=disposal_context(inputs, scrap, when),
            title="资产报废申请表", period=label, inputs=sources, modified=document_time(day), binder=(BOX, "04 报废"),
        ))
    return planned


def warnings(inputs: Inputs, options: Options | None = None) -> list[Problem]:
    """低值易耗品 among the assets; an acceptor who is also the asset's keeper."""
    settings = inputs.settings
    records = inputs.records(STEM)
    problems: list[Problem] = []
    low = [rec for rec in records if is_low_value(rec, settings)]
    if low:
        names = "、".join(f"{rec['资产编号']} {rec['资产名称']}" for rec in low[:5])
        more = f"等 {len(low)} 项" if len(low) > 5 else f"共 {len(low)} 项"
        file = inputs.source_files(STEM)
        problems.append(Problem(
            f"{names}{more}单价低于固定资产标准（{settings.assets.threshold:g} 元，专用设备 "
            f"{settings.assets.special_threshold:g} 元），已在台账的“低值易耗品”工作表中单独列出，请确认是否应按固定资产管理",
            Location(file=file[0]) if file else Location(), severity="warning"))
    for rec in for_acceptance(records, settings, options or Options()):
        acceptors = set(split_names(rec["验收人"])) if rec["验收人"] else set()
        keepers = set(split_names(rec["保管人"])) if rec["保管人"] else set()
        same = sorted(acceptors & keepers)
        if same:
            problems.append(Problem(
                f"资产「{rec['资产编号']} {rec['资产名称']}」的验收人与保管人（使用人）是同一人（{'、'.join(same)}）；"
                "验收人不得由采购人或使用人兼任", rec.cell("验收人"), "、".join(same), severity="warning"))
    return problems


def term_figures(inputs: Inputs) -> dict[str, Any]:
    """The figures layer's hook: ``fixed``, every fixed asset (not 低值易耗品) with its
    取得日期 (``acquired``) and 金额 (``amount``), for the 总结's 新增固定资产."""
    return {"fixed": [{"acquired": rec["取得日期"], "amount": amount_of(rec)}
                      for rec in inputs.records(STEM) if not is_low_value(rec, inputs.settings)]}


KIND = Kind(
    name="assets",
    family="固定资产",
    description="固定资产台账、资产验收单、资产盘点表和资产报废申请表",
    order=40,
    needs=((STEM, None),),
    optional=(REPAIRS,),
    templates={ACCEPTANCE: ACCEPTANCE_FIELDS, DISPOSAL: DISPOSAL_FIELDS},
    plan=plan,
    options=("period",),
    warnings=warnings,
    figures=term_figures,
    help="""生成固定资产台账、资产验收单、资产盘点表和资产报废申请表。

    读取 inputs/固定资产.xlsx。台账列出全部资产，按使用部门、按存放地点分表小计，分类汇总为公式，单价低于标准的列为低值易耗品。

    验收单按“取得日期 + 使用部门”每批一份，包括待验收的资产和验收日期在 --period 期间内的资产（不写 --period 时为本学期）。

    盘点表比较账面数量与盘点数量，列出盘盈、盘亏和未盘点；报废申请表列出待报废资产。

    \b
    示例：
      houqin assets
      houqin assets --period 2022-03
      houqin assets --period 2022-03-2 --force
    """,
    binder=(BOX, "01 资产台账"),
    paper=(
        # up to 10 items on one page
        Paper("固定资产/资产验收单/*.pdf", 1, "asset-acceptance", "资产验收单", "1 页（10 项以内）"),
        # up to 10 items on one page, approval included
        Paper("固定资产/资产报废申请表.pdf", 1, "asset-disposal", "资产报废申请表", "1 页（10 项以内，含审批栏）"),
        Paper("固定资产/资产盘点表.pdf", 2, "asset-stocktake", "资产盘点表", "≤ 2 页"),
        # 68 assets on seven sheets
        Paper("固定资产/固定资产台账.pdf", 10, "asset-ledger", "固定资产台账", "≤ 10 页"),
    ),
)

