"""Sample rows of the education folder's input: a few for ``houqin init`` (``INIT``), a whole
term for the repository's own sample workspace (``term_rows``): a theme for each month of the
seed plan's term (防校园欺凌、心理健康、疫情防控、知法守法 …) and about 40 lessons by eight
classes, one of which has no lesson in May; a few lessons take up another theme than the month's."""

from __future__ import annotations

import random

from ...sample_school import D, school_days

THEMES = [
    {"月份": "2月", "主题": "疫情防控", "内容": "开学安全第一课：戴口罩、勤洗手、一米线，晨午检与因病缺课追踪",
     "形式": "班会", "负责人": "刘伟"},
    {"月份": "3月", "主题": "防校园欺凌", "内容": "认识欺凌的表现，学会拒绝与求助；结合全国中小学生安全教育日开展主题升旗仪式",
     "形式": "升旗仪式", "负责人": "刘伟"},
    {"月份": "4月", "主题": "知法守法", "内容": "全民国家安全教育日法治宣讲，《未成年人保护法》进课堂",
     "形式": "讲座", "负责人": "陶向明"},
    {"月份": "5月", "主题": "心理健康", "内容": "情绪管理与同伴交往；防灾减灾日地震避险演练",
     "形式": "班会", "负责人": "王佳佳"},
    {"月份": "6月", "主题": "防溺水与暑期安全", "内容": "“六不”防溺水、交通安全与居家用电，告家长书签收",
     "形式": "平台学习", "负责人": "周静"},
]
#: 班级, 班主任, 学生人数
CLASSES = [("一(1)班", "张晓燕", 42), ("一(2)班", "顾婷", 41), ("二(1)班", "王芳", 44), ("三(1)班", "杨洁", 45),
           ("三(2)班", "赵敏", 44), ("四(1)班", "黄丽", 46), ("四(3)班", "钱丽", 45), ("五(1)班", "孙丽华", 45),
           ("五(2)班", "朱红", 43), ("六(1)班", "胡玉兰", 46)]
#: (class, month) → another theme than the month's (a class answers what happened that week)
OTHER = {("一(1)班", 3): "上下学交通安全", ("四(1)班", 4): "防拐骗", ("六(1)班", 5): "网络安全"}
MISSING = ("五(2)班", 5)


def lesson_rows(rng: random.Random) -> list[dict]:
    days = school_days()
    rows = []
    for month, theme in zip((2, 3, 4, 5, 6), THEMES, strict=True):
        fridays = [d for d in days if d.month == month and d.weekday() in (0, 4)]
        for name, teacher, students in CLASSES:
            if (name, month) == MISSING:
                continue
            rows.append({"日期": rng.choice(fridays), "班级": name, "主题": OTHER.get((name, month), theme["主题"]),
                         "形式": "班会", "授课人": teacher, "学生人数": students - rng.choice((0, 0, 1, 2))})
    rows.append({"日期": D(2022, 3, 28), "班级": "六(1)班", "主题": "防校园欺凌", "形式": "讲座",
                 "授课人": "刘伟", "学生人数": 46, "备注": "全国中小学生安全教育日专题讲座"})
    rows.append({"日期": D(2022, 4, 15), "班级": "五(1)班", "主题": "国家安全知识", "形式": "平台学习",
                 "授课人": "孙丽华", "学生人数": 45, "备注": "安全教育平台专题学习"})
    return sorted(rows, key=lambda r: (r["日期"], r["班级"]))


INIT: dict[str, dict[str, list[dict]]] = {
    "安全教育": {
        "主题安排": THEMES[:2],
        "教育记录": [
            {"日期": D(2022, 3, 4), "班级": "三(2)班", "主题": "防校园欺凌", "形式": "班会", "授课人": "赵敏",
             "学生人数": 44},
            {"日期": D(2022, 3, 28), "班级": "六(1)班", "主题": "防校园欺凌", "形式": "讲座", "授课人": "刘伟",
             "学生人数": 46, "备注": "全国中小学生安全教育日"},
        ],
    },
}


def term_rows(rng: random.Random) -> dict[str, dict[str, list[dict]]]:
    """A whole term of rows per sheet (its own generator, so the other samples stay as they are)."""
    return {"安全教育": {"主题安排": THEMES, "教育记录": lesson_rows(random.Random(11))}}
