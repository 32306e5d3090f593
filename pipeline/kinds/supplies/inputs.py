"""The input the supplies kind owns: 物品领用 (SPEC §2.9) — 入库, 领用 and an optional 期初.

An item is 物品名称 + 规格. The check across the sheets walks each item's stock day by day:
a 领用 that takes it below zero on its date, or of an item never received and not in 期初,
is an error at that row giving the stock on that date — every such row at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ...errors import Problem
from ...reading.schema import Column, InputSchema, SheetSchema
from ...reading.values import format_date, spelling_key

if TYPE_CHECKING:
    from ...reading.records import Record
    from ...settings import Settings

C = Column
STEM = "物品领用"


def item_key(rec: Record | dict[str, Any]) -> tuple[str, str]:
    """An item: its name and its 规格 (blank 规格 is an item of its own)."""
    return (str(rec["物品名称"]), str(rec.get("规格") or ""))


def item_label(key: tuple[str, str]) -> str:
    """`A4复印纸（70g）`: how the documents and messages name an item."""
    name, spec = key
    return f"{name}（{spec}）" if spec else name


def quantity_text(value: Decimal | int | None, unit: str = "") -> str:
    """`12` or `2.5` — a quantity as people write it, no trailing zeros."""
    if value is None:
        return ""
    number = Decimal(value)
    text = f"{number.normalize():f}" if number != number.to_integral() else str(int(number))
    return f"{text}{unit}"


def readable(records: Iterable[Record]) -> list[Record]:
    """The rows whose item could be read (a row with a refused value is reported already)."""
    return [rec for rec in records if rec.get("物品名称")]


def units(sheets: dict[str, list[Record]]) -> dict[tuple[str, str], str]:
    """Each item's 单位, from 期初 then 入库 (the first given)."""
    found: dict[tuple[str, str], str] = {}
    for name in ("期初", "入库"):
        for rec in readable(sheets.get(name, [])):
            if rec.get("单位"):
                found.setdefault(item_key(rec), rec["单位"])
    return found


def check_units(sheets: dict[str, list[Record]]) -> list[Problem]:
    """An item counted in two units (期初 in 包, a receipt in 箱) cannot be added up: a warning."""
    first: dict[tuple[str, str], Record] = {}
    problems = []
    for name in ("期初", "入库"):
        for rec in readable(sheets.get(name, [])):
            if not rec.get("单位"):
                continue
            seen = first.setdefault(item_key(rec), rec)
            if seen["单位"] != rec["单位"]:
                problems.append(Problem(
                    f"「{item_label(item_key(rec))}」的单位「{rec['单位']}」与{seen.where.sheet}第{seen.where.row}行的"
                    f"「{seen['单位']}」不同，数量会被直接相加；请统一计量单位（如把箱换算成包）",
                    rec.cell("单位"), rec["单位"], severity="warning"))
    return problems


def walk_stock(sheets: dict[str, list[Record]]) -> Iterable[tuple[Record, Decimal, bool]]:
    """Each 领用 with the stock of its item on its date before it, and whether it fits.

    Receipts of a day count before that day's requisitions; requisitions of a day go in row
    order. A requisition that does not fit is left out of the balance, so each error stands
    alone (one typo does not make every later row of the item wrong).
    """
    stock: dict[tuple[str, str], Decimal] = {}
    for rec in readable(sheets.get("期初", [])):
        if rec["数量"] is not None:
            key = item_key(rec)
            stock[key] = stock.get(key, Decimal(0)) + Decimal(rec["数量"])
    events: list[tuple[dt.date, int, int, Record]] = []
    for order, name in ((0, "入库"), (1, "领用")):
        for rec in readable(sheets.get(name, [])):
            if isinstance(rec.get("日期"), dt.date) and rec["数量"] is not None:
                events.append((rec["日期"], order, rec.where.row or 0, rec))
    for _, order, _, rec in sorted(events, key=lambda e: e[:3]):
        key = item_key(rec)
        have = stock.get(key, Decimal(0))
        if order == 0:
            stock[key] = have + Decimal(rec["数量"])
            continue
        fits = have - Decimal(rec["数量"]) >= 0
        if fits:
            stock[key] = have - Decimal(rec["数量"])
        yield rec, have, fits


def one_spelling(sheets: dict[str, list[Record]]) -> list[Problem]:
    """`70g  500张/包` and `70g 500张/包`, `棉线1.2m` and `棉线 1.2m` are one item.

    Items are compared by :func:`spelling_key` of 物品名称 and 规格 (spaces and full-width
    forms do not count); every row takes the spelling the item first has (期初, then 入库,
    then 领用), so the stock adds up and the documents name it one way. Two 期初 rows of
    one item so compared are an error, as two of one spelling are.
    """
    first: dict[tuple[str, str], Record] = {}
    problems = []
    for name in ("期初", "入库", "领用"):
        for rec in readable(sheets.get(name, [])):
            key = (spelling_key(str(rec["物品名称"])), spelling_key(str(rec.get("规格") or "")))
            seen = first.setdefault(key, rec)
            if seen is rec:
                continue
            if name == "期初" and (rec["物品名称"], rec.get("规格")) != (seen["物品名称"], seen.get("规格")):
                problems.append(Problem(
                    f"物品名称、规格「{rec['物品名称']} / {rec.get('规格') or ''}」与第{seen.where.row}行的"
                    f"「{seen['物品名称']} / {seen.get('规格') or ''}」只差空格或全角半角，是同一种物品，"
                    "期初中重复；请合并为一行",
                    rec.cell("物品名称"), rec["物品名称"]))
            rec.data["物品名称"], rec.data["规格"] = seen["物品名称"], seen.get("规格")
    return problems


def check_stock(sheets: dict[str, list[Record]], settings: Settings) -> list[Problem]:
    """Every 领用 that takes its item below zero, or of an item never received (SPEC §2.9);
    an item received in two units is a warning. Items are first given one spelling
    (:func:`one_spelling`)."""
    spelled = one_spelling(sheets)
    known = {item_key(rec) for name in ("期初", "入库") for rec in readable(sheets.get(name, []))}
    unit = units(sheets)
    problems = []
    for rec, have, fits in walk_stock(sheets):
        if fits:
            continue
        key = item_key(rec)
        label, u = item_label(key), unit.get(key, "")
        day = format_date(rec["日期"])
        if key not in known:
            same_name = sorted({spec for name, spec in known if name == key[0]})
            hint = ""
            if same_name:
                hint = ("；入库或期初中有规格为" + "、".join(f"「{s}」" if s else "空" for s in same_name)
                        + "的同名物品，请核对规格")
            problems.append(Problem(
                f"领用的「{label}」既不在期初，也从未入库（{day}库存为 0）{hint}",
                rec.cell("物品名称"), rec["物品名称"]))
            continue
        problems.append(Problem(
            f"领用「{label}」{quantity_text(rec['数量'], u)}后库存将为负数：{day}库存只有"
            f"{quantity_text(have, u)}；请核对领用数量，或补记此前的入库",
            rec.cell("数量"), quantity_text(rec["数量"])))
    # the 领用 told in the sheet's order
    return [*spelled, *check_units(sheets), *sorted(problems, key=lambda p: p.location.row or 0)]


RECEIPTS = SheetSchema(
    name="入库",
    aliases=("入库登记", "入库记录", "购入", "采购入库"),
    description="每次入库的每种物品一行",
    dated="日期", places_term=True, outside_term="warning",
    columns=(
        C("日期", "date", True, ("入库日期", "购入日期"), "date", width=13),
        C("物品名称", "text", True, ("名称", "品名", "物品"), "item", width=16),
        C("规格", english="spec", aliases=("规格型号", "型号"), note="物品名称 + 规格 是一种物品", width=14),
        C("单位", english="unit", aliases=("计量单位",), width=7),
        C("数量", "number", True, ("入库数量",), "quantity", minimum=0, width=8),
        C("单价", "money", english="unit_price", minimum=0, note="元", width=9),
        C("供货单位", english="supplier", aliases=("供应商", "供货商"), width=16),
        C("经手人", english="handler", aliases=("验收人", "采购人"), width=10),
        C("备注", english="remarks", width=16),
    ),
)
REQUISITIONS = SheetSchema(
    name="领用",
    aliases=("领用登记", "领用记录", "出库"),
    description="每次领用的每种物品一行",
    dated="日期", places_term=True, outside_term="warning",
    columns=(
        C("日期", "date", True, ("领用日期",), "date", width=13),
        C("领用部门", "text", True, ("部门", "领用单位", "班级"), "department", width=14),
        C("物品名称", "text", True, ("名称", "品名", "物品"), "item", width=16),
        C("规格", english="spec", aliases=("规格型号", "型号"), note="与入库时写法一致", width=14),
        C("数量", "number", True, ("领用数量",), "quantity", minimum=0, width=8),
        C("领用人", "names", True, ("领取人",), "receiver", width=10),
        C("用途", english="purpose", width=16),
        C("以旧换新", "bool", english="trade_in", default=False, note="是 / 否，空着按 否", width=9),
        C("备注", english="remarks", width=16),
    ),
)
OPENING = SheetSchema(
    name="期初",
    aliases=("期初库存", "上期结存", "期初结存"),
    optional=True,
    unique=("物品名称", "规格"),
    description="学期初库存，每种物品一行（可无）",
    columns=(
        C("物品名称", "text", True, ("名称", "品名", "物品"), "item", width=16),
        C("规格", english="spec", aliases=("规格型号", "型号"), width=14),
        C("单位", english="unit", aliases=("计量单位",), width=7),
        C("数量", "number", True, ("期初数量", "结存数量"), "quantity", minimum=0, width=8),
        C("单价", "money", english="unit_price", minimum=0, note="元", width=9),
    ),
)
SUPPLIES = InputSchema(
    stem=STEM,
    title="物品领用登记",
    description="三张工作表：入库、领用、期初（可无）",
    sheets=(RECEIPTS, REQUISITIONS, OPENING),
    order=85,
    check=check_stock,
)
