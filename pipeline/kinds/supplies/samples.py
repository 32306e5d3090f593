"""Sample rows of the supplies folder's input: a few for ``houqin init`` (``INIT``), a whole
term for the repository's own sample workspace (``term_rows``): the 期初 stock, about 30
receipts (the start-of-term delivery, then monthly restocks) and about 80 requisitions by the
grade groups, the cleaners and the repairman, the worn-out mops, lamps and toner cartridges
handed back (以旧换新). The stock never goes below zero: the walk below restocks or takes less."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from ...sample_school import D, school_days

STATIONERY = "常州市新北区晨光文具批发部"
CLEANING = "常州三江清洁用品有限公司"
LIGHTING = "常州市华亚照明器材商行"
MEDICAL = "常州医药物流有限公司"

#: 物品名称, 规格, 单位, 单价, 期初数量 (None: not in stock at the start), 供货单位, 补货到, 以旧换新
ITEMS = [
    ("A4复印纸", "70g 500张/包", "包", "22.00", 40, STATIONERY, 60, False),
    ("A3复印纸", "70g 500张/包", "包", "45.00", 6, STATIONERY, 10, False),
    ("硒鼓", "HP 88A", "个", "180.00", 2, STATIONERY, 4, True),
    ("白板笔", "黑色 10支/盒", "盒", "18.00", 10, STATIONERY, 12, False),
    ("粉笔", "无尘白色 48支/盒", "盒", "6.50", 30, STATIONERY, 40, False),
    ("中性笔", "0.5mm 黑色 12支/盒", "盒", "24.00", 12, STATIONERY, 16, False),
    ("档案盒", "A4 55mm", "个", "4.50", 50, STATIONERY, 60, False),
    ("拖把", "棉线 1.2m", "把", "25.00", 6, CLEANING, 10, True),
    ("扫帚", "塑料", "把", "15.00", 8, CLEANING, 10, True),
    ("垃圾袋", "60×80cm 30只/卷", "卷", "8.00", 20, CLEANING, 30, False),
    ("洗手液", "500ml", "瓶", "12.00", 24, CLEANING, 36, False),
    ("84消毒液", "2.5kg", "桶", "28.00", 6, CLEANING, 10, False),
    ("LED灯管", "T8 1.2m 18W", "根", "32.00", 8, LIGHTING, 12, True),
    ("医用外科口罩", "50只/盒", "盒", "30.00", None, MEDICAL, 20, False),
    ("电池", "5号 4粒装", "板", "12.00", None, STATIONERY, 10, False),
]
GRADES = {
    "一年级组": ["张晓燕", "李娜"], "二年级组": ["王芳", "陈静"], "三年级组": ["杨洁", "赵敏"],
    "四年级组": ["黄丽", "徐婷"], "五年级组": ["孙丽华", "朱红"], "六年级组": ["胡玉兰", "郭亮"],
}
#: (领用部门 → 领用人, 物品名称, 数量 from–to, 用途, weight)
DEMANDS = [
    ("grade", "A4复印纸", (1, 3), "试卷、练习单印制", 9),
    ("grade", "粉笔", (2, 5), "课堂教学", 6),
    ("grade", "白板笔", (1, 1), "课堂教学", 3),
    ("grade", "中性笔", (1, 1), "批改作业", 3),
    ("grade", "A3复印纸", (1, 1), "手抄报、黑板报", 2),
    ("grade", "医用外科口罩", (1, 2), "疫情防控备用", 2),
    ("office", "A4复印纸", (5, 10), "文印室", 3),
    ("office", "硒鼓", (1, 1), "文印室打印机", 2),
    ("office", "档案盒", (10, 20), "安全台账归档", 2),
    ("office", "电池", (1, 2), "无线话筒、门禁遥控", 1),
    ("cleaning", "拖把", (1, 2), "教学楼走廊保洁", 3),
    ("cleaning", "扫帚", (1, 2), "操场、楼梯保洁", 3),
    ("cleaning", "垃圾袋", (3, 6), "各楼层垃圾桶", 4),
    ("cleaning", "洗手液", (4, 8), "学生卫生间", 4),
    ("cleaning", "84消毒液", (1, 2), "教室、卫生间日常消毒", 3),
    ("repair", "LED灯管", (1, 3), "教室灯管更换", 3),
]
PEOPLE = {
    "office": [("综合管理中心", "刘刚"), ("综合管理中心", "朱志刚")],
    "cleaning": [("保洁组", "陈桂芳"), ("保洁组", "周秀英"), ("保洁组", "张红梅")],
    "repair": [("综合管理中心", "汤伟")],
    "sports": [("体育组", "马俊")],
}


def _restock_days(days: list[dt.date]) -> set[dt.date]:
    """The first school day of each half-month, up to mid-June (nothing is bought for July)."""
    seen: dict[tuple[int, int, bool], dt.date] = {}
    for day in days:
        if day < D(2022, 6, 20):
            seen.setdefault((day.year, day.month, day.day > 15), day)
    return set(seen.values())


def term_book(rng: random.Random) -> dict[str, list[dict]]:
    info = {name: row for name, *row in ITEMS}
    stock = {name: row[3] or 0 for name, row in info.items()}
    opening = [{"物品名称": name, "规格": spec, "单位": unit, "数量": qty, "单价": price}
               for name, spec, unit, price, qty, *_ in ITEMS if qty is not None]
    days = school_days()
    restock = _restock_days(days)
    taking = sorted(rng.sample(days[1:-1], 60))
    receipts: list[dict] = []
    taken: list[dict] = []
    weights = [d[4] for d in DEMANDS]
    for day in days:
        if day in restock:  # the start-of-term delivery, then what has run low, up to its level
            low = [n for n, row in info.items() if stock[n] < row[5] and (day == days[0] or stock[n] <= row[5] * 2 // 3)]
            for name in low:
                spec, unit, price, _, supplier, level, _ = info[name]
                quantity = level - stock[name]
                stock[name] += quantity
                receipts.append({"日期": day, "物品名称": name, "规格": spec, "单位": unit, "数量": quantity,
                                 "单价": Decimal(price), "供货单位": supplier, "经手人": "刘刚"})
        for _ in range(taking.count(day) + (1 if day.weekday() == 0 else 0)):
            who, name, (lo, hi), purpose, _ = rng.choices(DEMANDS, weights)[0]
            if who == "grade":
                department = rng.choice(list(GRADES))
                receiver = rng.choice(GRADES[department])
            else:
                department, receiver = rng.choice(PEOPLE[who])
            quantity = min(rng.randint(lo, hi), stock[name])
            if quantity <= 0:
                continue
            stock[name] -= quantity
            trade_in = info[name][6]
            taken.append({"日期": day, "领用部门": department, "物品名称": name, "规格": info[name][0],
                          "数量": quantity, "领用人": receiver, "用途": purpose,
                          "以旧换新": "是" if trade_in else "否",
                          "备注": "交回旧物" if trade_in else None})
    return {"入库": receipts, "领用": taken, "期初": opening}


INIT: dict[str, dict[str, list[dict]]] = {
    "物品领用": {
        "入库": [
            {"日期": D(2022, 2, 14), "物品名称": "A4复印纸", "规格": "70g 500张/包", "单位": "包", "数量": 20,
             "单价": "22.00", "供货单位": STATIONERY, "经手人": "刘刚"},
            {"日期": D(2022, 2, 14), "物品名称": "拖把", "规格": "棉线 1.2m", "单位": "把", "数量": 6,
             "单价": "25.00", "供货单位": CLEANING, "经手人": "刘刚"},
        ],
        "领用": [
            {"日期": D(2022, 2, 16), "领用部门": "三年级组", "物品名称": "A4复印纸", "规格": "70g 500张/包",
             "数量": 2, "领用人": "杨洁", "用途": "试卷印制", "以旧换新": "否"},
            {"日期": D(2022, 2, 17), "领用部门": "保洁组", "物品名称": "拖把", "规格": "棉线 1.2m",
             "数量": 1, "领用人": "陈桂芳", "用途": "教学楼走廊保洁", "以旧换新": "是", "备注": "交回旧拖把"},
        ],
        "期初": [
            {"物品名称": "A4复印纸", "规格": "70g 500张/包", "单位": "包", "数量": 10, "单价": "22.00"},
        ],
    },
}


def term_rows(rng: random.Random) -> dict[str, dict[str, list[dict]]]:
    """A whole term of rows per sheet for the repository's sample workspace (its own generator,
    so the other inputs' samples do not change when this one does)."""
    return {"物品领用": term_book(random.Random(9))}
