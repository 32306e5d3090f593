"""Sample rows of the plan folder's input: a few for ``houqin init`` (``INIT``), a whole
term for the repository's own sample workspace (``term_rows``, run by tools/make_samples.py)."""

from __future__ import annotations

import random

#: Seed 001's appendix, cell for cell, with how each item went.
CHECKLIST = [
    ("2月", "统筹安排后勤人员（含保安）月例会", "周静、朱志刚", "已完成", None),
    ("2月", "统筹安排本学期4次安全演练", "谢丰、刘伟", "已完成", "实际开展演练6次"),
    ("2月", "统筹安排每月安全教育主题、内容及形式", "谢丰、刘伟以及年级组长", "已完成", None),
    ("3月", "完成新增固定资产的验收", "朱志刚以及验收组成员", "已完成", "寒假期间到货的一体机、笔记本电脑等已验收"),
    ("3月", "成立食堂、厕所、教工之家、母婴室环境文化布置项目组，完成设计稿", "周静、谢丰、王佳佳", "已完成", None),
    ("4月", "食堂、厕所环境文化布置完工", "周静、谢丰、王佳佳及美术团队", "已完成", None),
    ("4月", "固定资产全部录入系统", "刘刚", "进行中", "3月下旬新购的监控和食堂设备待验收后录入"),
    ("5月", "对学校已有的安全、卫生健康、心理健康管理和教育制度以及各项应急预案进行重新梳理修订", "周静、朱志刚",
     "已完成", None),
    ("5月", "沛学楼完成清扫", "谢丰", "已完成", None),
    ("6月", "组织后勤员工进行年度工作述职，评选金牌员工", "周静、朱志刚、陶向明、谢丰、刘伟", "已完成", None),
    ("6月", "学校绿化改造出方案", "谢丰、刘伟", "已完成", None),
    ("7~8月", "教工之家、母婴室文化建设完工", "周静、谢丰、王佳佳", "未开始", "暑期施工"),
]


def checklist_rows() -> list[dict]:
    return [{"时间": when, "事项": item, "责任人": owners, "完成情况": progress, "备注": remark}
            for when, item, owners, progress, remark in CHECKLIST]


#: A few example rows per sheet, written into the new workbooks of `houqin init`.
INIT: dict[str, dict[str, list[dict]]] = {
    "工作清单": {
        "工作清单": [
            {"时间": "2月", "事项": "统筹安排后勤人员（含保安）月例会", "责任人": ["周静", "朱志刚"], "完成情况": "已完成"},
            {"时间": "3月", "事项": "完成新增固定资产的验收", "责任人": "朱志刚以及验收组成员", "完成情况": "已完成"},
            {"时间": "6月", "事项": "组织后勤员工进行年度工作述职，评选金牌员工",
             "责任人": ["周静", "朱志刚", "谢丰"], "完成情况": "进行中"},
            {"时间": "7~8月", "事项": "教工之家、母婴室文化建设完工", "责任人": ["周静", "王佳佳"], "完成情况": "未开始"},
        ],
    },
}


def term_rows(rng: random.Random) -> dict[str, dict[str, list[dict]]]:
    """A whole term of rows per sheet for the repository's sample workspace."""
    return {"工作清单": {"工作清单": checklist_rows()}}
