"""物品领用: a 物品领用登记表 per month, the term's 物品出入库台账 and the 期末盘库表.

Seed 001: 建立物品领用和归还清单，每学期末由相关人员进行盘库，做到收支清晰，发放按量，杜绝浪费;
seed 000: 领用日常用品…以旧换新进行登记. The ledger's 入库 and 领用 are SUMIF formulas over its
own detail sheets and 结存 = 期初 + 入库 − 领用, so a row corrected by hand in Excel moves the
balance; the 盘库表 leaves 实盘数量 blank and works out 差异 once it is filled in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ...reading.loader import Inputs
from ...reading.records import Record
from ...render.workbook import Col, Layout, Sheet, write_workbook
from .. import Kind, Options, Paper, Planned
from ..common import COMMON_FIELDS, common_context, document_time, official_date
from .inputs import STEM, item_key, item_label, quantity_text, units

TEMPLATE = "物品领用登记表.docx"
FOLDER = "物品领用"
LEDGER = f"{FOLDER}/物品出入库台账.xlsx"
STOCKTAKE = f"{FOLDER}/期末盘库表.xlsx"

ROW_FIELDS = "number 序号、date 领用日期（3月5日）、department 领用部门、name 物品名称、spec 规格、" \
             "quantity 数量（含单位）、purpose 用途、trade_in 以旧换新（☑ 或空）、receiver 领用人"
FIELDS = {
    **COMMON_FIELDS,
    "month": "月份，如 2022年3月",
    "rows": f"本月的领用，每次一行：{ROW_FIELDS}",
    "count": "本月领用次数",
    "trade_ins": "其中以旧换新的次数",
    "summary": "本月领用最多的物品，如 领用最多的是 A4复印纸（70g）12包。",
    "signed_date": "落款日期（本月最后一次领用的日期）",
}


def requisitions(inputs: Inputs) -> list[Record]:
    return sorted(inputs.records(STEM, "领用"), key=lambda r: (r["日期"], r.where.row or 0))


def receipts(inputs: Inputs) -> list[Record]:
    return sorted(inputs.records(STEM, "入库"), key=lambda r: (r["日期"], r.where.row or 0))


def sheets_of(inputs: Inputs) -> dict[str, list[Record]]:
    return {name: inputs.records(STEM, name) for name in ("入库", "领用", "期初")}


def items(inputs: Inputs) -> list[tuple[str, str]]:
    """Every item in the order it first appears: 期初, then 入库 and 领用 by date."""
    seen: dict[tuple[str, str], None] = {}
    for rec in [*inputs.records(STEM, "期初"), *receipts(inputs), *requisitions(inputs)]:
        seen.setdefault(item_key(rec), None)
    return list(seen)


def month_label(key: tuple[int, int]) -> str:
    return f"{key[0]}年{key[1]}月"


def month_context(inputs: Inputs, month: tuple[int, int], rows: Sequence[Record]) -> dict[str, Any]:
    unit = units(sheets_of(inputs))
    taken: dict[tuple[str, str], Decimal] = {}
    for rec in rows:
        taken[item_key(rec)] = taken.get(item_key(rec), Decimal(0)) + Decimal(rec["数量"])
    most = max(taken.items(), key=lambda kv: kv[1]) if taken else None
    summary = ""
    if most is not None and len(taken) > 1:
        summary = f"领用最多的是{item_label(most[0])}{quantity_text(most[1], unit.get(most[0], ''))}。"
    return {
        **common_context(inputs.settings),
        "month": month_label(month),
        "rows": [{
            "number": i,
            "date": f"{rec['日期'].month}月{rec['日期'].day}日",
            "department": rec["领用部门"],
            "name": rec["物品名称"],
            "spec": rec["规格"] or "",
            "quantity": quantity_text(rec["数量"], unit.get(item_key(rec), "")),
            "purpose": rec["用途"] or "",
            "trade_in": "☑" if rec["以旧换新"] else "",
            "receiver": "、".join(rec["领用人"]),
        } for i, rec in enumerate(rows, 1)],
        "count": len(rows),
        "trade_ins": sum(1 for rec in rows if rec["以旧换新"]),
        "summary": summary,
        "signed_date": official_date(rows[-1]["日期"] if rows else None),
    }


def by_month(records: Sequence[Record]) -> dict[tuple[int, int], list[Record]]:
    months: dict[tuple[int, int], list[Record]] = {}
    for rec in records:
        months.setdefault((rec["日期"].year, rec["日期"].month), []).append(rec)
    return months


# --------------------------------------------------------------------------------------
# The ledger and the stocktake
# --------------------------------------------------------------------------------------


def _number(value: Decimal | int | None) -> int | float | None:
    """A quantity as Excel stores it: whole numbers as int, so the cell shows 12, not 12.0."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral() else float(value)


def prices(inputs: Inputs) -> dict[tuple[str, str], Decimal]:
    """Each item's price for valuing its balance: the last receipt's, else 期初's."""
    found = {item_key(r): r["单价"] for r in inputs.records(STEM, "期初") if r["单价"] is not None}
    for rec in receipts(inputs):
        if rec["单价"] is not None:
            found[item_key(rec)] = rec["单价"]
    return found


def balances(inputs: Inputs) -> dict[tuple[str, str], tuple[Decimal, Decimal, Decimal, Decimal]]:
    """Per item (期初, 入库, 领用, 结存) as numbers, the values the formulas also carry."""
    found: dict[tuple[str, str], list[Decimal]] = {key: [Decimal(0)] * 3 for key in items(inputs)}
    for column, name in ((0, "期初"), (1, "入库"), (2, "领用")):
        for rec in inputs.records(STEM, name):
            found[item_key(rec)][column] += Decimal(rec["数量"])
    return {key: (a, b, c, a + b - c) for key, (a, b, c) in found.items()}


SUMMARY_COLUMNS = [
    Col("序号", kind="int"), Col("物品名称"), Col("规格"), Col("单位", align="center"),
    Col("期初数量", kind="number"), Col("本期入库", kind="number"), Col("本期领用", kind="number"),
    Col("期末结存", kind="number"), Col("单价（元）", kind="money"),
    Col("结存金额（元）", kind="money", total="sum"), Col("物品"),
]
RECEIPT_COLUMNS = [
    Col("序号", kind="int"), Col("入库日期", kind="date"), Col("物品"), Col("单位", align="center"),
    Col("数量", kind="number"), Col("单价（元）", kind="money"), Col("金额（元）", kind="money", total="sum"),
    Col("供货单位"), Col("经手人"), Col("备注", wrap=True),
]
REQUISITION_COLUMNS = [
    Col("序号", kind="int"), Col("领用日期", kind="date"), Col("领用部门"), Col("物品"),
    Col("单位", align="center"), Col("数量", kind="number"), Col("领用人"), Col("用途"),
    Col("以旧换新", align="center"), Col("备注", wrap=True),
]


def _formats(book: Any) -> dict[str, Any]:
    base = {"font_name": "宋体", "font_size": 11, "font_charset": 134, "font_scheme": "none",
            "valign": "vcenter", "border": 1}
    return {"number": book.add_format({**base, "num_format": "General", "align": "right"}),
            "money": book.add_format({**base, "num_format": "#,##0.00", "align": "right"}),
            "empty": book.add_format({**base, "num_format": "General", "align": "right",
                                      "bg_color": "#FFEB9C"})}


def _amount_formulas(column: str, quantity: str, price: str, values: Sequence[float | None]) -> Any:
    """``column`` = ``quantity`` × ``price`` on every data row, as formulas with their values."""

    def extra(ws: Any, book: Any, layout: Layout) -> None:
        money = _formats(book)["money"]
        q, p = layout.letters[layout.col(quantity)], layout.letters[layout.col(price)]
        c = layout.col(column)
        for i, value in enumerate(values):
            r = layout.first_data_row + i
            ws.write_formula(r, c, f'=IF({p}{r + 1}="","",{q}{r + 1}*{p}{r + 1})', money,
                             "" if value is None else value)

    return extra


def ledger_book(inputs: Inputs) -> bytes:
    settings = inputs.settings
    unit = units(sheets_of(inputs))
    price = prices(inputs)
    found = balances(inputs)
    keys = items(inputs)
    subtitle = f"学校：{settings.school.name}　　{settings.term.label if settings.term.year else ''}"
    ins, outs = receipts(inputs), requisitions(inputs)
    in_amounts = [None if r["单价"] is None else float(Decimal(r["数量"]) * r["单价"]) for r in ins]
    in_rows = [[i, r["日期"], item_label(item_key(r)), unit.get(item_key(r), ""), _number(r["数量"]),
                r["单价"], amount, r["供货单位"] or "", r["经手人"] or "", r["备注"] or ""]
               for i, (r, amount) in enumerate(zip(ins, in_amounts, strict=True), 1)]
    out_rows = [[i, r["日期"], r["领用部门"], item_label(item_key(r)), unit.get(item_key(r), ""),
                 _number(r["数量"]), "、".join(r["领用人"]), r["用途"] or "", "是" if r["以旧换新"] else "",
                 r["备注"] or ""] for i, r in enumerate(outs, 1)]
    rows, values = [], []
    for i, key in enumerate(keys, 1):
        opening, came, went, left = found[key]
        amount = None if key not in price else float(left * price[key])
        rows.append([i, key[0], key[1], unit.get(key, ""), _number(opening), _number(came), _number(went),
                     _number(left), price.get(key), amount, item_label(key)])
        values.append((came, went, left, amount))
    first_in, last_in = 4, 3 + len(in_rows)  # the detail sheets' data rows (title, subtitle, header)
    first_out, last_out = 4, 3 + len(out_rows)

    def formulas(ws: Any, book: Any, layout: Layout) -> None:
        fmt = _formats(book)
        L = layout.letters
        key_col = L[layout.col("物品")]
        for i, (came, went, left, amount) in enumerate(values):
            r = layout.first_data_row + i
            n = r + 1
            ws.write_formula(r, layout.col("本期入库"),
                             f"=SUMIF('入库明细'!$C${first_in}:$C${max(last_in, first_in)},{key_col}{n},"
                             f"'入库明细'!$E${first_in}:$E${max(last_in, first_in)})", fmt["number"], _number(came))
            ws.write_formula(r, layout.col("本期领用"),
                             f"=SUMIF('领用明细'!$D${first_out}:$D${max(last_out, first_out)},{key_col}{n},"
                             f"'领用明细'!$F${first_out}:$F${max(last_out, first_out)})", fmt["number"], _number(went))
            e, f_, g = (L[layout.col(h)] for h in ("期初数量", "本期入库", "本期领用"))
            ws.write_formula(r, layout.col("期末结存"), f"={e}{n}+{f_}{n}-{g}{n}",
                             fmt["empty"] if left == 0 else fmt["number"], _number(left))
            h, p = L[layout.col("期末结存")], L[layout.col("单价（元）")]
            ws.write_formula(r, layout.col("结存金额（元）"), f'=IF({p}{n}="","",{h}{n}*{p}{n})',
                             fmt["money"], "" if amount is None else amount)
        # the key the SUMIFs match on (名称（规格）, as the detail sheets write it): kept, not printed
        ws.set_column(layout.col("物品"), layout.col("物品"), 30, None, {"hidden": True})

    notes = ["期末结存 = 期初数量 + 本期入库 − 本期领用；本期入库、本期领用按物品（名称（规格））从入库明细、"
             "领用明细汇总，改动明细后自动重算。结存为 0 的物品以黄色标出。各物品计量单位不同，数量不合计。"]
    footer = [[f"保管人：{settings.people.filler}", f"审核人：{settings.people.logistics_head}",
               f"日期：{official_date(last_day(inputs))}"]]
    book = [
        Sheet(name="出入库汇总", title="物品出入库台账", subtitle=subtitle, columns=SUMMARY_COLUMNS, rows=rows,
              landscape=True, notes=notes, footer_rows=footer, extra=formulas),
        Sheet(name="入库明细", title="物品入库明细", subtitle=subtitle, columns=RECEIPT_COLUMNS, rows=in_rows,
              landscape=True, extra=_amount_formulas("金额（元）", "数量", "单价（元）", in_amounts)),
        Sheet(name="领用明细", title="物品领用明细", subtitle=subtitle, columns=REQUISITION_COLUMNS,
              rows=out_rows, landscape=True,
              highlight=lambda row: "note" if row[8] == "是" else None),
    ]
    return write_workbook(book, created=document_time(last_day(inputs)), title="物品出入库台账")


STOCKTAKE_COLUMNS = [
    Col("序号", kind="int"), Col("物品名称"), Col("规格"), Col("单位", align="center"),
    Col("账面数量", kind="number"), Col("实盘数量", kind="number", width=12), Col("差异", kind="number", width=9),
    Col("差异原因", width=26), Col("存放地点", width=14),
]


def stocktake_book(inputs: Inputs) -> bytes:
    settings = inputs.settings
    unit = units(sheets_of(inputs))
    found = balances(inputs)
    rows = [[i, key[0], key[1], unit.get(key, ""), _number(found[key][3]), None, None, "", ""]
            for i, key in enumerate(items(inputs), 1)]
    day = last_day(inputs)

    def formulas(ws: Any, book: Any, layout: Layout) -> None:
        fmt = _formats(book)
        book_q, real = layout.letters[layout.col("账面数量")], layout.letters[layout.col("实盘数量")]
        for i in range(len(rows)):
            r = layout.first_data_row + i
            ws.set_row(r, 24)  # room to write the count by hand
            ws.write_formula(r, layout.col("差异"), f'=IF({real}{r + 1}="","",{real}{r + 1}-{book_q}{r + 1})',
                             fmt["number"], "")

    subtitle = (f"{settings.school.name}　　{settings.term.label if settings.term.year else ''}期末盘库　　"
                f"账面数量截至{official_date(day)}")
    notes = ["实盘数量按清点结果填写；差异 = 实盘数量 − 账面数量（正数为盘盈，负数为盘亏），填写后自动计算。"
             "有差异的须写明原因。"]
    sheet = Sheet(name="期末盘库表", title="物品期末盘库表", subtitle=subtitle, columns=STOCKTAKE_COLUMNS,
                  rows=rows, notes=notes, extra=formulas,
                  footer_rows=[["盘点人：", "审核人：", "盘点日期：    年  月  日"]])
    return write_workbook([sheet], created=document_time(day), title="物品期末盘库表")


def last_day(inputs: Inputs) -> dt.date | None:
    """The books' date: the term's end, else the last receipt or requisition."""
    if inputs.settings.term.end:
        return inputs.settings.term.end
    days = [r["日期"] for name in ("入库", "领用") for r in inputs.records(STEM, name)]
    return max(days, default=None)


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    sources = tuple(inputs.source_files(STEM))
    label = inputs.settings.term.label if inputs.settings.term.year else ""
    planned = []
    for month, rows in sorted(by_month(requisitions(inputs)).items()):
        planned.append(Planned(
            path=f"{FOLDER}/物品领用登记表/{month[0]}年{month[1]}月 物品领用登记表.docx", template=TEMPLATE,
            context=month_context(inputs, month, rows), title=f"物品领用登记表（{month_label(month)}）",
            period=month_label(month), inputs=sources, modified=document_time(rows[-1]["日期"]),
        ))
    day = last_day(inputs)
    planned.append(Planned(path=LEDGER, template="", printed=True, context={}, title="物品出入库台账",
                           period=label, inputs=sources, modified=document_time(day),
                           build=lambda: ledger_book(inputs)))
    planned.append(Planned(path=STOCKTAKE, template="", printed=True, context={}, title="物品期末盘库表",
                           period=label, inputs=sources, modified=document_time(day),
                           build=lambda: stocktake_book(inputs)))
    return planned


KIND = Kind(
    name="supplies",
    family="物品领用",
    description="每月一份物品领用登记表，本学期物品出入库台账和期末盘库表",
    order=85,
    needs=((STEM, "入库"), (STEM, "领用")),
    templates={TEMPLATE: FIELDS},
    plan=plan,
    help="""生成物品领用登记表（每月一份，领用人签名栏留空）、物品出入库台账和期末盘库表。

    读取 inputs/物品领用.xlsx 的 入库、领用 两张工作表和可选的 期初 工作表；物品名称 + 规格 为一种物品。
    某次领用使该物品当天库存变为负数，或领用的物品既不在期初也从未入库，都会报错，指出行号和当天的库存。

    台账中本期入库、本期领用、期末结存都是公式；盘库表的实盘数量留空，填写后差异自动计算。

    \b
    示例：
      houqin supplies
      houqin supplies -w D:\\后勤\\2022春 --force
    """,
    paper=(
        Paper(f"{FOLDER}/物品出入库台账.pdf", 6, "supplies-ledger", "物品出入库台账", "≤ 6 页"),
        Paper(f"{FOLDER}/期末盘库表.pdf", 2, "supplies-stocktake", "物品期末盘库表", "≤ 2 页"),
        Paper(f"{FOLDER}/物品领用登记表/*.pdf", 2, "supplies-register", "物品领用登记表", "≤ 2 页（每月）"),
    ),
    binder=("资产管理", "06 物品领用"),
)
