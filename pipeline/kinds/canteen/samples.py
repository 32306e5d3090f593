"""Sample rows of the canteen folder's input: a few for ``houqin init`` (``INIT``), a whole
term for the repository's own sample workspace (``term_rows``, run by tools/make_samples.py).

The term's canteen: a lunch for about 1,800 pupils every school day (make-up working days
included). Vegetables and meat arrive each school day, 豆制品 and eggs on some, rice and oil
every other week and seasonings once a month; three dishes are sampled every lunch; a
leader eats with the pupils on most days (a few are left without, so the warning shows).
One delivery fails its sensory check (退货), one comes without its papers (索证索票 缺),
one is accepted by a single person.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from ...sample_school import D, school_days

VEG = "常州市新北区绿源蔬菜配送有限公司"
MEAT = "常州市鑫旺肉类食品有限公司"
GRAIN = "常州市金穗粮油贸易有限公司"
TOFU = "常州市新北区润泽豆制品厂"
EGGS = "常州市武进区禽蛋专业合作社"
SEASONING = "常州市新北区味鲜调味品商行"

#: (名称, 规格, 单位, 单价, 数量 from–to, 保质期); vegetables by month, as the season goes.
VEGETABLES = {
    2: [("青菜", "散装", "千克", "4.60", (100, 130), "2天"), ("土豆", "散装", "千克", "3.20", (70, 90), "7天"),
        ("大白菜", "散装", "千克", "2.40", (110, 140), "5天"), ("胡萝卜", "散装", "千克", "3.50", (40, 60), "7天")],
    3: [("青菜", "散装", "千克", "4.40", (100, 130), "2天"), ("土豆", "散装", "千克", "3.20", (70, 90), "7天"),
        ("包菜", "散装", "千克", "3.00", (100, 130), "5天"), ("西兰花", "散装", "千克", "8.00", (60, 80), "3天"),
        ("胡萝卜", "散装", "千克", "3.50", (40, 60), "7天")],
    4: [("青菜", "散装", "千克", "4.00", (100, 130), "2天"), ("番茄", "散装", "千克", "6.00", (60, 80), "5天"),
        ("芹菜", "散装", "千克", "5.50", (50, 70), "3天"), ("西兰花", "散装", "千克", "7.60", (60, 80), "3天"),
        ("土豆", "散装", "千克", "3.00", (70, 90), "7天")],
    5: [("青菜", "散装", "千克", "3.80", (100, 130), "2天"), ("番茄", "散装", "千克", "5.20", (60, 80), "5天"),
        ("黄瓜", "散装", "千克", "4.80", (60, 80), "3天"), ("茄子", "散装", "千克", "5.00", (60, 80), "3天"),
        ("冬瓜", "散装", "千克", "2.20", (90, 120), "7天")],
    6: [("空心菜", "散装", "千克", "4.20", (90, 120), "2天"), ("黄瓜", "散装", "千克", "4.00", (60, 80), "3天"),
        ("冬瓜", "散装", "千克", "2.00", (90, 120), "7天"), ("豇豆", "散装", "千克", "6.50", (60, 80), "3天"),
        ("番茄", "散装", "千克", "4.60", (60, 80), "5天")],
    7: [("空心菜", "散装", "千克", "4.20", (90, 120), "2天"), ("冬瓜", "散装", "千克", "2.00", (90, 120), "7天")],
}
MEATS = [("猪前腿肉", "冷鲜", "千克", "26.00", (70, 90), "冷藏3天"), ("鸡腿", "冷鲜", "千克", "18.50", (110, 130), "冷藏3天"),
         ("猪肋排", "冷鲜", "千克", "38.00", (60, 75), "冷藏3天"), ("鸡胸肉", "冷鲜", "千克", "16.00", (60, 80), "冷藏3天"),
         ("牛肉", "冷鲜", "千克", "68.00", (40, 50), "冷藏3天")]
TOFUS = [("嫩豆腐", "400克/盒", "盒", "2.50", (150, 200), "冷藏2天"), ("千张", "散装", "千克", "12.00", (20, 30), "冷藏2天"),
         ("豆干", "散装", "千克", "10.00", (20, 30), "冷藏3天")]
#: Fish on Thursdays: frozen fillets, no bones for pupils.
FISH = ("巴沙鱼柳", "冷冻1千克/袋", "袋", "22.00", (50, 60), "12个月")
RICE = ("大米", "25千克/袋", "袋", "142.00", (36, 40), "12个月")
OIL = ("大豆油", "5升/桶", "桶", "92.00", (10, 12), "18个月")
EGG = ("鸡蛋", "散装", "千克", "11.20", (60, 70), "30天")
SEASONINGS = [("酱油", "1.9升/桶", "桶", "18.50", (6, 8), "24个月"), ("食盐", "400克/袋", "袋", "2.50", (30, 40), "5年"),
              ("白砂糖", "1千克/袋", "袋", "7.50", (6, 8), "24个月")]

ACCEPTORS = ["严志强", "周静"]
SAMPLERS = ["蒋美华", "许小红"]
#: (陪餐人, 职务) who take turns eating with the pupils.
COMPANIONS = [("吴建华", "校长"), ("周静", "副校长"), ("朱志刚", "综合管理中心主任"), ("刘伟", "学生管理中心主任"),
              ("谢丰", "综合管理中心副主任"), ("陶向明", "教学管理中心主任"), ("王佳佳", "工会主席")]
MAIN = ["红烧鸡腿", "土豆烧肉", "糖醋排骨", "咖喱鸡块", "红烧狮子头", "番茄牛腩", "清蒸巴沙鱼", "香菇滑鸡",
        "葱油鸡腿", "鱼香肉丝"]
HALF = ["番茄炒蛋", "青椒肉丝", "麻婆豆腐", "胡萝卜炒肉片", "肉末茄子", "西兰花炒鸡片", "千张炒肉丝", "木须肉"]
GREEN = ["清炒青菜", "手撕包菜", "清炒土豆丝", "蒜蓉西兰花", "清炒空心菜", "凉拌黄瓜", "虾皮冬瓜", "芹菜炒豆干"]
ADVICE = [("中", "青菜偏咸，口味偏重", "已反馈食堂，次日起控制用盐"),
          ("良", "个别班级打饭速度慢，排队时间长", "增开一个打饭窗口"),
          ("中", "汤的温度偏低", "汤桶加盖保温，开餐前再加热"),
          ("良", "学生剩菜较多，主要是胡萝卜", "调整做法，改为胡萝卜炒肉片"),
          ("良", "餐桌擦拭不及时", "保洁员分区负责，餐后及时擦拭")]
#: School days left without 陪餐 (the warning lists them).
NO_MEAL = {D(2022, 3, 17), D(2022, 4, 28), D(2022, 5, 19), D(2022, 6, 9)}


def _batch(name: str, day: dt.date) -> str:
    """生产日期或批号 as a clerk writes it: the delivery day for fresh food, a batch number else."""
    if name in ("大米", "大豆油", "酱油", "食盐", "白砂糖", "巴沙鱼柳"):
        made = day - dt.timedelta(days=20 + day.day)
        return f"{made:%Y%m%d}"
    if name == "鸡蛋":
        return f"{day - dt.timedelta(days=1):%Y-%m-%d}"
    return f"{day:%Y-%m-%d}"


def _row(rng: random.Random, day: dt.date, item: tuple, supplier: str) -> dict:
    name, spec, unit, price, (low, high), shelf = item
    return {"进货日期": day, "食材名称": name, "规格": spec, "数量": rng.randint(low, high), "单位": unit,
            "单价": Decimal(price), "供货单位": supplier, "生产日期或批号": _batch(name, day), "保质期": shelf,
            "验收人": list(ACCEPTORS)}


def delivery_rows(rng: random.Random) -> list[dict]:
    rows: list[dict] = []
    days = school_days()
    for i, day in enumerate(days):
        greens = VEGETABLES[day.month]
        rows += [_row(rng, day, item, VEG) for item in rng.sample(greens, 2)]
        rows.append(_row(rng, day, MEATS[i % len(MEATS)], MEAT))
        weekday = day.weekday()
        if weekday in (0, 2):
            rows.append(_row(rng, day, TOFUS[i % len(TOFUS)], TOFU))
        if weekday == 3:
            rows.append(_row(rng, day, FISH, MEAT))
        if weekday == 1:
            rows.append(_row(rng, day, EGG, EGGS))
        if i % 10 == 0:
            rows += [_row(rng, day, RICE, GRAIN), _row(rng, day, OIL, GRAIN)]
        if i % 20 == 5:
            rows += [_row(rng, day, item, SEASONING) for item in SEASONINGS]
    for row in rows:
        if row["进货日期"] == D(2022, 3, 22) and row["供货单位"] == MEAT:
            row.update({"感官检查": "不合格", "处理": "退货",
                        "备注": "肉色发暗、有异味，当场退货，当日补送合格产品"})
        if row["进货日期"] == D(2022, 4, 13) and row["供货单位"] == TOFU:
            row.update({"索证索票": "缺", "备注": "送货单未附检验合格证明，已电话催补"})
        if row["进货日期"] == D(2022, 5, 10) and row["食材名称"] == "鸡蛋":
            row.update({"验收人": ["严志强"]})
    resend = next(r for r in rows if r["进货日期"] == D(2022, 3, 22) and r["供货单位"] == MEAT)
    rows.insert(rows.index(resend) + 1, {**resend, "感官检查": "合格", "处理": None, "单价": Decimal("26.00"),
                                          "备注": "退货后补送"})
    return rows


def _disposed(day: dt.date, days: list[dt.date]) -> dt.date:
    """Samples are thrown away on the first school day at least two days later."""
    return next((d for d in days if d >= day + dt.timedelta(days=2)), day + dt.timedelta(days=2))


def sample_rows(rng: random.Random) -> list[dict]:
    rows = []
    days = school_days()
    for day in days:
        gone = _disposed(day, days)
        clock = 11 * 60 + rng.randint(5, 20)
        dishes = [rng.choice(MAIN), rng.choice(HALF), rng.choice(GREEN)]
        for k, dish in enumerate(dishes):
            minute = clock + k
            rows.append({"日期": day, "餐次": "午餐", "菜品名称": dish, "留样量": rng.choice([150, 150, 160, 180, 200]),
                         "留样时间": f"{minute // 60}:{minute % 60:02d}", "留样人": SAMPLERS[day.day % 2],
                         "销样时间": f"{gone:%Y-%m-%d} 11:{40 + k:02d}"})
    return rows


def meal_rows(rng: random.Random) -> list[dict]:
    rows = []
    for i, day in enumerate(school_days()):
        if day in NO_MEAL:
            continue
        who, post = COMPANIONS[i % len(COMPANIONS)]
        row = {"日期": day, "餐次": "午餐", "陪餐人": who, "职务": post,
               "饭菜质量": rng.choice(["优", "优", "良"]), "卫生状况": rng.choice(["优", "优", "良"]),
               "就餐秩序": rng.choice(["优", "良", "良"]), "服务情况": rng.choice(["优", "优", "良"]),
               "意见建议": "饭菜口味适中，学生就餐情况良好"}
        if i % 9 == 4:
            rating, advice, follow = ADVICE[(i // 9) % len(ADVICE)]
            row.update({"饭菜质量": rating, "意见建议": advice, "整改情况": follow})
        rows.append(row)
    return rows


#: A few example rows per sheet, written into the new workbooks of `houqin init`.
INIT: dict[str, dict[str, list[dict]]] = {
    "食堂台账": {
        "进货查验": [
            {"进货日期": D(2022, 3, 1), "食材名称": "青菜", "规格": "散装", "数量": 120, "单位": "千克",
             "单价": Decimal("4.40"), "供货单位": VEG, "生产日期或批号": "2022-03-01", "保质期": "2天",
             "索证索票": "齐全", "感官检查": "合格", "验收人": ["严志强", "周静"]},
            {"进货日期": D(2022, 3, 1), "食材名称": "猪前腿肉", "规格": "冷鲜", "数量": 80, "单位": "千克",
             "单价": Decimal("26.00"), "供货单位": MEAT, "生产日期或批号": "2022-03-01", "保质期": "冷藏3天",
             "索证索票": "齐全", "感官检查": "合格", "验收人": ["严志强", "周静"],
             "备注": "附动物检疫合格证明"},
            {"进货日期": D(2022, 3, 2), "食材名称": "嫩豆腐", "规格": "400克/盒", "数量": 180, "单位": "盒",
             "单价": Decimal("2.50"), "供货单位": TOFU, "生产日期或批号": "2022-03-02", "保质期": "冷藏2天",
             "索证索票": "缺", "感官检查": "合格", "验收人": ["严志强"], "备注": "检验合格证明待补"},
            {"进货日期": D(2022, 3, 2), "食材名称": "鸡腿", "规格": "冷鲜", "数量": 120, "单位": "千克",
             "单价": Decimal("18.50"), "供货单位": MEAT, "生产日期或批号": "2022-03-02", "保质期": "冷藏3天",
             "索证索票": "齐全", "感官检查": "不合格", "处理": "退货", "验收人": ["严志强", "周静"],
             "备注": "包装破损、有异味"},
        ],
        "留样": [
            {"日期": D(2022, 3, 1), "餐次": "午餐", "菜品名称": "土豆烧肉", "留样量": 150, "留样时间": "11:10",
             "留样人": "蒋美华", "销样时间": "2022-03-03 11:40"},
            {"日期": D(2022, 3, 1), "餐次": "午餐", "菜品名称": "番茄炒蛋", "留样量": 150, "留样时间": "11:11",
             "留样人": "蒋美华", "销样时间": "2022-03-03 11:40"},
            {"日期": D(2022, 3, 1), "餐次": "午餐", "菜品名称": "清炒青菜", "留样量": 150, "留样时间": "11:12",
             "留样人": "蒋美华", "销样时间": "2022-03-03 11:40"},
        ],
        "陪餐": [
            {"日期": D(2022, 3, 1), "餐次": "午餐", "陪餐人": "吴建华", "职务": "校长", "饭菜质量": "优",
             "卫生状况": "优", "就餐秩序": "良", "服务情况": "优", "意见建议": "饭菜口味适中，学生就餐情况良好"},
            {"日期": D(2022, 3, 2), "餐次": "午餐", "陪餐人": "周静", "职务": "副校长", "饭菜质量": "中",
             "卫生状况": "良", "就餐秩序": "良", "服务情况": "良", "意见建议": "青菜偏咸",
             "整改情况": "已反馈食堂，次日起控制用盐"},
        ],
    },
}


def term_rows(rng: random.Random) -> dict[str, dict[str, list[dict]]]:
    """A whole term of rows per sheet for the repository's sample workspace.

    From a generator of its own (not the shared ``rng``), so adding these rows leaves every
    other input's sample rows as they were.
    """
    rng = random.Random("食堂台账")
    return {"食堂台账": {"进货查验": delivery_rows(rng), "留样": sample_rows(rng), "陪餐": meal_rows(rng)}}
