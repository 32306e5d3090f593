"""Sample rows of the staff folder's input: a few for ``houqin init`` (``INIT``), a whole
term for the repository's own sample workspace (``term_rows``, run by tools/make_samples.py)."""

from __future__ import annotations

import random

from ...sample_school import (
    ADMIN,
    LOGISTICS,
    PHONE_PREFIXES,
    TEACHERS,
    YEAR,
    D,
)


def staff_rows(rng: random.Random) -> list[dict]:
    rows = []
    for name, staff_id, post, dept, joined in LOGISTICS + ADMIN + TEACHERS:
        phone = rng.choice(PHONE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(8))
        rows.append({"姓名": name, "工号": staff_id, "岗位": post, "部门": dept,
                     "入职日期": joined, "联系电话": phone})
    return rows


ITEMS = ["职业道德", "工作职责", "专业技能", "安全责任", "出勤纪律"]
MONTHS = [2, 3, 4, 5, 6]
#: Average points lost per item and month: 严志强 is the excellent one, 孙卫东 scores high but
#: is vetoed by his 安全事故.
LOSS = {
    "顾建国": 1.7, "钱国平": 2.6, "孙卫东": 1.1, "陈桂芳": 3.0, "周秀英": 2.2, "张红梅": 3.4,
    "严志强": 0.6, "蒋美华": 2.0, "许小红": 3.2, "沈建平": 1.9, "徐德明": 2.8, "汤伟": 1.6, "杨丽萍": 2.4,
}
COMMON_REASONS = {
    "职业道德": ["与家长沟通时态度生硬", "工作时间使用手机闲聊"],
    "出勤纪律": ["迟到一次", "早退一次", "未按规定提前请假"],
}
POST_REASONS = {
    "保安": {"工作职责": ["巡逻记录漏记一次", "交接班记录填写不全"],
             "专业技能": ["防暴器械操作不熟练", "消防控制室联动操作不熟练"],
             "安全责任": ["外来人员登记不完整", "放学时段校门口疏导不到位"]},
    "保洁": {"工作职责": ["责任区卫生检查不达标", "卫生间未按时保洁"],
             "专业技能": ["消毒液配比不规范", "清洁工具未分区使用"],
             "安全责任": ["拖地后未放置防滑警示牌", "清洁药剂未上锁存放"]},
    "食堂": {"工作职责": ["留样记录填写不全", "备餐间未按时消毒"],
             "专业技能": ["菜品口味学生反映偏咸", "刀工不规范，菜品大小不一"],
             "安全责任": ["生熟食品未分开存放", "下班前未检查燃气阀门"]},
    "校车驾驶员": {"工作职责": ["出车前检查记录漏填", "车厢卫生不达标"],
                   "专业技能": ["倒车入位不规范", "车辆日常保养不到位"],
                   "安全责任": ["学生下车后未逐排检查车厢", "超速提醒一次"]},
    "维修": {"工作职责": ["报修登记未及时销号", "维修后现场未清理"],
             "专业技能": ["报修响应不及时", "维修质量返工一次"],
             "安全责任": ["登高作业未设置警戒区", "电工作业未挂警示牌"]},
    "宿管": {"工作职责": ["午休点名记录不全", "午休室未按时通风"],
             "专业技能": ["学生午休纪律管理不到位", "床铺检查不细致"],
             "安全责任": ["午休期间短暂离开岗位", "未及时发现床铺护栏松动"]},
}


def score_rows(rng: random.Random) -> list[dict]:
    posts = {name: post for name, _, post, _, _ in LOGISTICS}
    rows = []
    for month in MONTHS:
        for name, *_ in LOGISTICS:
            for item in ITEMS:
                loss = max(0, min(6, round(rng.gauss(LOSS[name], 0.9))))
                row = {"月份": f"{YEAR}-{month:02d}", "姓名": name, "考核项目": item, "得分": 20 - loss,
                       "考评人": "周静" if posts[name] == "食堂" else "朱志刚"}
                if (name, month, item) == ("孙卫东", 5, "安全责任"):
                    row.update({"得分": 14, "扣分原因": "5月18日值守南校门时擅自离岗（见安全事故）"})
                elif loss:
                    reasons = COMMON_REASONS.get(item) or POST_REASONS[posts[name]][item]
                    row["扣分原因"] = rng.choice(reasons)
                rows.append(row)
    return rows


INCIDENTS = [
    {"日期": D(2022, 4, 13), "姓名": "陈桂芳", "事故描述": "拖地后未放置防滑警示牌，一名二年级学生滑倒擦伤手肘，经校医处理无大碍",
     "一票否决": "否"},
    {"日期": D(2022, 5, 18), "姓名": "孙卫东", "事故描述": "中午值守南校门时擅自离岗约20分钟，一名校外人员尾随送餐人员进入校园，"
                                                 "经排查未造成后果，违反门卫安全管理制度", "一票否决": "是"},
]


#: A few example rows per sheet, written into the new workbooks of `houqin init`.
INIT: dict[str, dict[str, list[dict]]] = {
    "员工考核": {
        "员工名单": [
            {"姓名": "顾建国", "工号": "XJ101", "岗位": "保安", "部门": "综合管理中心",
             "入职日期": D(2016, 9, 1), "联系电话": "13915021846"},
            {"姓名": "陈桂芳", "工号": "XJ111", "岗位": "保洁", "部门": "综合管理中心",
             "入职日期": D(2018, 3, 1), "联系电话": "13806127753"},
            {"姓名": "谢丰", "工号": "XJ003", "岗位": "行政", "部门": "综合管理中心", "入职日期": D(2009, 8, 25)},
            {"姓名": "朱志刚", "工号": "XJ002", "岗位": "行政", "部门": "综合管理中心", "入职日期": D(2006, 8, 28)},
            {"姓名": "张晓燕", "工号": "XJ201", "岗位": "教师", "部门": "一年级组", "入职日期": D(2014, 8, 26)},
            {"姓名": "李娜", "工号": "XJ202", "岗位": "教师", "部门": "二年级组", "入职日期": D(2017, 8, 28)},
        ],
        "考核记录": [
            {"月份": "2022-03", "姓名": "顾建国", "考核项目": "职业道德", "得分": 19, "考评人": "朱志刚"},
            {"月份": "2022-03", "姓名": "顾建国", "考核项目": "出勤纪律", "得分": 17,
             "扣分原因": "3月12日交接班迟到", "考评人": "朱志刚"},
            {"月份": "2022-03", "姓名": "陈桂芳", "考核项目": "工作职责", "得分": 18, "考评人": "朱志刚"},
            {"月份": "2022-03", "姓名": "陈桂芳", "考核项目": "安全责任", "得分": 16,
             "扣分原因": "拖地后未放置防滑警示牌", "考评人": "朱志刚"},
        ],
        "安全事故": [
            {"日期": D(2022, 4, 13), "姓名": "陈桂芳", "事故描述": "拖地后未放置防滑警示牌，一名学生滑倒擦伤手肘",
             "一票否决": "否"},
        ],
    },
}


def term_rows(rng: random.Random) -> dict[str, dict[str, list[dict]]]:
    """A whole term of rows per sheet for the repository's sample workspace."""
    return {"员工考核": {"员工名单": staff_rows(rng), "考核记录": score_rows(rng), "安全事故": INCIDENTS}}
