"""Sample rows of the roster folder's input: a few for ``houqin init`` (``INIT``), a whole
term for the repository's own sample workspace (``term_rows``, run by tools/make_samples.py)."""

from __future__ import annotations

import datetime as dt
import random

from ...sample_school import (
    ADJUSTED_WORKDAYS,
    DUTY_ADMIN,
    GUARDS,
    MEAL_ADMIN,
    TEACHER_NAMES,
    TERM_START,
    D,
    school_days,
)

FLOORS = ["沛学楼一楼", "沛学楼二楼", "沛学楼三楼", "沛学楼四楼"]
LEAVE_REASONS = ["病假", "事假", "外出培训", "外出教研", "参加区级活动"]
ABSENCE_REMARKS = ["未按时到岗，行政巡视发现", "忘记值日，未到岗"]


def roster_rows(rng: random.Random) -> list[dict]:
    rows: list[dict] = []
    week_one = TERM_START - dt.timedelta(days=TERM_START.weekday())
    for n, day in enumerate(school_days()):
        weekday = ADJUSTED_WORKDAYS.get(day, day.weekday())
        week = (day - week_one).days // 7
        on_week = DUTY_ADMIN[week % len(DUTY_ADMIN)]
        gate_pool = [a for a in DUTY_ADMIN if a != on_week]
        duties = [("楼层值日", floor, TEACHER_NAMES[(weekday * 4 + f) % len(TEACHER_NAMES)], TEACHER_NAMES)
                  for f, floor in enumerate(FLOORS)]
        duties += [
            ("护学岗", "南校门", gate_pool[(2 * n) % len(gate_pool)], gate_pool),
            ("护学岗", "北校门", gate_pool[(2 * n + 1) % len(gate_pool)], gate_pool),
            ("值周行政", None, on_week, DUTY_ADMIN),
            ("门卫", "南校门", GUARDS[n % 3], GUARDS),
            ("门卫", "北校门", GUARDS[(n + 1) % 3], GUARDS),
            ("食堂陪餐", "学生食堂", MEAL_ADMIN[n % len(MEAL_ADMIN)], MEAL_ADMIN),
        ]
        if day == D(2022, 5, 18):  # the day of the 安全事故 in 员工考核
            duties[-3] = ("门卫", "南校门", "孙卫东", GUARDS)
            duties[-2] = ("门卫", "北校门", "钱国平", GUARDS)
        busy = {name for _, _, name, _ in duties}
        for post, place, name, pool in duties:
            row = {"日期": day, "岗位": post, "地点": place, "姓名": name, "到岗情况": "到岗"}
            if day == D(2022, 5, 18) and name == "孙卫东":
                row.update({"到岗情况": "缺岗", "备注": "中午擅自离岗约20分钟"})
            else:
                r = rng.random()
                if r < 0.006:
                    row.update({"到岗情况": "缺岗", "备注": rng.choice(ABSENCE_REMARKS)})
                elif r < 0.028:
                    row.update({"到岗情况": "请假", "备注": rng.choice(LEAVE_REASONS)})
                elif r < 0.05:
                    free = [p for p in pool if p not in busy]
                    if free:
                        sub = rng.choice(free)
                        busy.add(sub)
                        row.update({"到岗情况": "替班", "替班人": sub, "备注": rng.choice(LEAVE_REASONS)})
            rows.append(row)
    return rows


#: A few example rows per sheet, written into the new workbooks of `houqin init`.
INIT: dict[str, dict[str, list[dict]]] = {
    "值日安排": {
        "值日安排": [
            {"日期": D(2022, 2, 14), "岗位": "楼层值日", "地点": "沛学楼一楼", "姓名": "张晓燕", "到岗情况": "到岗"},
            {"日期": D(2022, 2, 14), "岗位": "护学岗", "地点": "南校门", "姓名": "谢丰", "到岗情况": "到岗"},
            {"日期": D(2022, 2, 14), "岗位": "门卫", "地点": "南校门", "姓名": "顾建国", "到岗情况": "到岗"},
            {"日期": D(2022, 2, 15), "岗位": "楼层值日", "地点": "沛学楼一楼", "姓名": "张晓燕",
             "到岗情况": "替班", "替班人": "李娜", "备注": "外出培训"},
            {"日期": D(2022, 2, 15), "岗位": "值周行政", "姓名": "朱志刚", "到岗情况": "请假", "备注": "病假"},
        ],
    },
}


def term_rows(rng: random.Random) -> dict[str, dict[str, list[dict]]]:
    """A whole term of rows per sheet for the repository's sample workspace."""
    return {"值日安排": {"值日安排": roster_rows(rng)}}
