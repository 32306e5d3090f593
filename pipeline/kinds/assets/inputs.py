"""The input the assets kind owns: 固定资产 (SPEC §2.4), its columns and row checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import Problem
from ...reading.schema import Column, InputSchema, SheetSchema
from ...reading.values import derive_amount

if TYPE_CHECKING:
    from ...reading.records import Record
    from ...settings import Settings

C = Column

def check_assets(records: list[Record], settings: Settings) -> list[Problem]:
    """金额 = 数量 × 单价 (the shared rule, :func:`pipeline.reading.values.derive_amount`); a row
    with neither 单价 nor 金额 is worth a warning: the register's totals leave it out."""
    problems = []
    for rec in records:
        wrong = derive_amount(rec)
        if wrong is not None:
            problems.append(wrong)
        elif rec["数量"] is not None and rec["金额"] is None and rec.raw.get("单价") is None \
                and rec.raw.get("金额") is None:
            problems.append(Problem(
                "没有填写单价或金额", rec.cell("单价"), severity="warning"))
    return problems


ASSETS = InputSchema(
    stem="固定资产",
    title="固定资产登记",
    description="每件或每批同样的资产一行",
    order=40,
    sheets=(SheetSchema(
        name="固定资产",
        aliases=("资产", "固定资产台账", "资产清单"),
        unique=("资产编号",),
        check=check_assets,
        columns=(
            C("资产编号", "text", True, ("编号",), "asset_id", width=14),
            C("资产名称", "text", True, ("名称",), "name", width=18),
            C("资产分类", english="category", aliases=("分类",), note="GB/T 14885 门类或代码", width=14),
            C("规格型号", english="model", aliases=("型号", "规格"), width=16),
            C("计量单位", english="unit", aliases=("单位",), width=8),
            C("数量", "int", english="quantity", default=1, minimum=0, width=7),
            C("单价", "money", english="unit_price", minimum=0, note="元", width=11),
            C("金额", "money", english="amount", minimum=0, note="元；可空着，= 数量 × 单价", width=12),
            C("取得方式", "enum", english="acquisition", choices=("新购", "调拨", "捐赠", "自建", "置换", "盘盈"),
              choice_aliases=(("购置", "新购"), ("采购", "新购"), ("购买", "新购"), ("捐建", "捐赠")), width=10),
            C("取得日期", "date", english="acquired", aliases=("购置日期",), width=13),
            C("使用部门", english="department", aliases=("部门",), width=12),
            C("存放地点", english="location", aliases=("地点", "位置"), width=14),
            C("保管人", english="keeper", aliases=("使用人",), width=10),
            C("使用状况", "enum", english="state", aliases=("状态", "使用状态"),
              choices=("在用", "闲置", "维修中", "待验收", "待报废", "已报废"), default="在用",
              choice_aliases=(("正常", "在用"), ("使用中", "在用"), ("维修", "维修中"),
                              ("报废", "已报废"), ("拟报废", "待报废")), width=10),
            C("验收日期", "date", english="accepted", width=13),
            C("验收人", english="acceptor", width=10),
            C("盘点数量", "int", english="counted", aliases=("实盘数量",), minimum=0,
              note="期末盘点时实际清点的数量", width=9),
            C("备注", english="remarks", width=16),
        ),
    ),),
)
