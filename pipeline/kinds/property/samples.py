"""Sample rows of the property folder's input: a few for ``houqin init`` (``INIT``), a whole
term for the repository's own sample workspace (``term_rows``, run by tools/make_samples.py).

Four monthly checks of twelve rooms (eight classes, four offices), every item of each room.
The 3月21日 damage at 四（1）班 is reported the next day (维修报修 WX-2022-015); 六（1）班's
damages in April and June meet the requests of 4月26日 and 6月29日; ties in March show the
ranking (three classes at 100, two offices at 99)."""

from __future__ import annotations

import random

from ...sample_school import D

CHECKS = [D(2022, 3, 21), D(2022, 4, 26), D(2022, 5, 27), D(2022, 6, 24)]
ROOMS = ["一（1）班", "一（2）班", "二（1）班", "三（2）班", "四（1）班", "四（3）班", "五（2）班", "六（1）班",
         "综合管理中心办公室", "教学管理中心办公室", "学生管理中心办公室", "一年级组办公室"]
ITEMS = ["门窗", "桌椅", "灯具风扇", "电教设备", "清洁用具", "节约用电"]
INSPECTORS = "周静、朱志刚"
#: (check, room, item) → (结果, 扣分, 备注)
FOUND = {
    (0, "一（2）班", "节约用电"): ("未关闭", 1, "大课间教室灯未关"),
    (0, "三（2）班", "节约用电"): ("未关闭", 1, "课间操时电扇未关"),
    (0, "四（1）班", "门窗"): ("损坏", 3, "后门门锁损坏，无法锁门"),
    (0, "四（3）班", "清洁用具"): ("缺失", 1, "扫帚缺失"),
    (0, "六（1）班", "桌椅"): ("损坏", 2, "一把椅子靠背开裂"),
    (0, "教学管理中心办公室", "节约用电"): ("未关闭", 1, "午间无人时灯未关"),
    (0, "学生管理中心办公室", "清洁用具"): ("缺失", 1, "拖把缺失"),
    (0, "一年级组办公室", "节约用电"): ("未关闭", 2, "下班后空调未关"),
    (1, "一（1）班", "电教设备"): ("缺失", 2, "一体机触摸笔缺失"),
    (1, "二（1）班", "节约用电"): ("未关闭", 1, "放学后电扇未关"),
    (1, "三（2）班", "桌椅"): ("损坏", 2, "两张课桌桌面刻划严重"),
    (1, "五（2）班", "节约用电"): ("未关闭", 1, "体育课时教室灯未关"),
    (1, "六（1）班", "门窗"): ("损坏", 3, "前门玻璃开裂"),
    (1, "综合管理中心办公室", "节约用电"): ("未关闭", 1, "下班后电脑未关"),
    (2, "一（2）班", "清洁用具"): ("缺失", 1, "簸箕缺失"),
    (2, "三（2）班", "节约用电"): ("未关闭", 1, "午休时教室灯未关"),
    (2, "四（1）班", "灯具风扇"): ("损坏", 2, "一盏日光灯不亮"),
    (2, "四（3）班", "桌椅"): ("损坏", 2, "课桌桌面有涂画"),
    (2, "六（1）班", "节约用电"): ("未关闭", 1, "放学后空调未关"),
    (2, "教学管理中心办公室", "节约用电"): ("未关闭", 1, "下班后饮水机未关"),
    (3, "一（1）班", "节约用电"): ("未关闭", 1, "放学后教室灯未关"),
    (3, "三（2）班", "清洁用具"): ("缺失", 1, "拖把缺失"),
    (3, "四（3）班", "节约用电"): ("未关闭", 1, "放学后电扇未关"),
    (3, "五（2）班", "桌椅"): ("损坏", 2, "一张课桌桌腿松动"),
    (3, "六（1）班", "门窗"): ("损坏", 3, "前门锁芯损坏"),
    (3, "综合管理中心办公室", "节约用电"): ("未关闭", 1, "午间无人时空调未关"),
    (3, "学生管理中心办公室", "清洁用具"): ("缺失", 1, "垃圾桶缺失"),
    (3, "学生管理中心办公室", "节约用电"): ("未关闭", 1, "下班后灯未关"),
    (3, "一年级组办公室", "节约用电"): ("未关闭", 1, "下班后灯未关"),
}


def check_rows() -> list[dict]:
    rows = []
    for i, day in enumerate(CHECKS):
        for room in ROOMS:
            for item in ITEMS:
                result, points, remark = FOUND.get((i, room, item), ("完好", 0, None))
                row = {"检查日期": day, "班级或办公室": room, "检查项目": item, "结果": result, "扣分": points,
                       "检查人": INSPECTORS}
                if remark:
                    row["备注"] = remark
                rows.append(row)
    return rows


#: A few example rows per sheet, written into the new workbooks of `houqin init`.
INIT: dict[str, dict[str, list[dict]]] = {
    "公物检查": {
        "公物检查": [
            {"检查日期": D(2022, 3, 21), "班级或办公室": "四（1）班", "检查项目": "门窗", "结果": "损坏", "扣分": 3,
             "检查人": "周静、朱志刚", "备注": "后门门锁损坏，无法锁门"},
            {"检查日期": D(2022, 3, 21), "班级或办公室": "四（1）班", "检查项目": "桌椅", "结果": "完好", "扣分": 0,
             "检查人": "周静、朱志刚"},
            {"检查日期": D(2022, 3, 21), "班级或办公室": "一年级组办公室", "检查项目": "节约用电", "结果": "未关闭",
             "扣分": 2, "检查人": "周静、朱志刚", "备注": "下班后空调未关"},
        ],
    },
}


def term_rows(rng: random.Random) -> dict[str, dict[str, list[dict]]]:
    """A whole term of rows per sheet for the repository's sample workspace."""
    return {"公物检查": {"公物检查": check_rows()}}
