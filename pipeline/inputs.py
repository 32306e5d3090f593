"""The six inputs of SPEC §2, declared once, and the checks within one input's rows.

Each declaration drives reading, validation and the blank workbooks of ``init``. The
checks here need only one input; checks across inputs live in :mod:`pipeline.loader`.
"""

from __future__ import annotations

from decimal import Decimal

from .errors import Problem
from .reader import Record
from .schema import Column, InputSchema, SheetSchema
from .settings import Settings

C = Column

HAZARDS = InputSchema(
    stem="隐患排查",
    title="安全隐患排查记录",
    description="每发现一处隐患填一行；整改完成后补填完成日期和复查情况",
    sheets=(SheetSchema(
        name="隐患排查记录",
        aliases=("隐患排查", "安全隐患排查", "排查记录"),
        columns=(
            C("检查日期", "date", True, ("排查日期", "排查时间", "日期", "检查时间"), "date",
              note="发现隐患的日期，如 2022-03-05 或 2022年3月5日", width=13),
            C("检查类型", "enum", False, ("排查类型", "检查方式"), "check_type",
              choices=("日巡视", "月检查", "专项检查", "上级检查"), default="日巡视",
              choice_aliases=(("日常巡视", "日巡视"), ("巡视", "日巡视"), ("月查", "月检查"),
                              ("专项", "专项检查"), ("上级", "上级检查")),
              note="日巡视 / 月检查 / 专项检查 / 上级检查，空着按 日巡视", width=11),
            C("校区", english="campus", note="多校区学校填写", width=10),
            C("检查部位", "text", True, ("部位", "地点", "隐患部位", "排查部位"), "place",
              note="隐患所在的具体位置，如 沛学楼三楼东侧消防栓", width=20),
            C("隐患类别", "enum", True, ("类别", "隐患类型"), "category",
              choices_from="hazards.categories",
              choice_aliases=(("消防安全", "消防"), ("用电安全", "用电"), ("电气", "用电"),
                              ("食品安全", "食品卫生"), ("校车", "交通校车"), ("交通", "交通校车"),
                              ("监控", "安保监控"), ("安保", "安保监控"), ("周边", "校园周边"),
                              ("校舍", "校舍建筑"), ("建筑", "校舍建筑"), ("设备", "设施设备"),
                              ("设施", "设施设备"), ("实验室", "危化品实验室"), ("危化品", "危化品实验室")),
              note="从下拉列表选择", width=12),
            C("隐患描述", "text", True, ("隐患内容", "存在问题", "隐患情况"), "description",
              note="写清楚看到的问题", width=30),
            C("风险等级", "enum", False, ("隐患等级", "等级"), "level", choices_from="hazards.levels",
              default="一般", choice_aliases=(("一般隐患", "一般"), ("较大隐患", "较大"), ("重大隐患", "重大")),
              note="一般 / 较大 / 重大，空着按 一般", width=10),
            C("排查人", "text", True, ("发现人", "检查人"), "finder", width=10),
            C("整改责任人", "text", True, ("责任人",), "responsible", width=11),
            C("责任部门", english="department", width=12),
            C("整改措施", english="measure", width=24),
            C("整改期限", "date", False, ("整改时限", "限期"), "deadline",
              note="应在此日期前整改完毕", width=13),
            C("完成日期", "date", False, ("整改完成日期", "完成时间"), "completed",
              note="整改完成的日期；填写后整改状态可空着", width=13),
            C("整改状态", "enum", False, ("状态", "整改情况"), "status",
              choices=("未整改", "整改中", "已整改"),
              choice_aliases=(("已完成", "已整改"), ("完成", "已整改"), ("已处理", "已整改"),
                              ("正在整改", "整改中"), ("未完成", "未整改"), ("待整改", "未整改")),
              note="空着时：有完成日期为 已整改，否则为 未整改", width=10),
            C("复查日期", "date", False, ("回访日期",), "review_date", width=13),
            C("复查人", english="reviewer", aliases=("回访人",), width=10),
            C("复查结果", english="review_result", aliases=("回访结果",), width=16),
            C("隐患照片", "files", english="photo", note="inputs/照片/ 下的文件名，多张用 、 分隔", width=16),
            C("整改照片", "files", english="fix_photo", note="inputs/照片/ 下的文件名，多张用 、 分隔", width=16),
            C("备注", english="remarks", width=16),
        ),
    ),),
)

DRILLS = InputSchema(
    stem="演练记录",
    title="应急演练记录",
    description="每次演练填一行",
    sheets=(SheetSchema(
        name="演练记录",
        aliases=("应急演练", "演练", "应急演练记录"),
        columns=(
            C("演练日期", "date", True, ("日期", "演练时间"), "date", width=13),
            C("演练名称", "text", True, ("名称", "演练主题"), "name", width=24),
            C("演练类型", "enum", False, ("类型",), "type",
              choices=("消防疏散", "地震避险", "防踩踏", "反恐防暴", "防溺水", "校车疏散", "食品安全", "其他"),
              default="其他",
              choice_aliases=(("消防", "消防疏散"), ("火灾疏散", "消防疏散"), ("地震", "地震避险"),
                              ("反恐", "反恐防暴"), ("防暴", "反恐防暴"), ("溺水", "防溺水")),
              width=11),
            C("校区", english="campus", width=10),
            C("演练地点", english="place", aliases=("地点",), width=16),
            C("组织部门", english="organiser", width=14),
            C("总指挥", "text", True, ("负责人",), "commander", width=10),
            C("应到人数", "int", english="expected", minimum=0, width=9),
            C("实到人数", "int", False, ("参与人数",), "present", minimum=0, width=9),
            C("参与教职工人数", "int", False, ("教职工人数",), "staff", minimum=0, width=9),
            C("疏散用时", "duration", False, ("用时",), "evacuation",
              note="如 2分15秒、2:15 或 135秒", width=11),
            C("目标用时", "duration", english="target", default_from="drills.target_seconds",
              note="空着按设置（默认 120 秒）", width=10),
            C("演练过程", english="process", width=30),
            C("存在问题", english="problems", width=24),
            C("改进措施", english="improvements", width=24),
            C("点评人", english="reviewer", width=10),
            C("点评", english="review", aliases=("总结点评",), width=24),
        ),
    ),),
)

ROSTER = InputSchema(
    stem="值日安排",
    title="值日安排",
    description="每人每岗每天一行",
    sheets=(SheetSchema(
        name="值日安排",
        aliases=("值日", "值日表", "值班安排"),
        columns=(
            C("日期", "date", True, ("值日日期",), "date", width=13),
            C("岗位", "text", True, ("值日岗位",), "post",
              note="楼层值日 / 护学岗 / 值周行政 / 门卫 / 食堂陪餐 …", width=12),
            C("地点", english="place", aliases=("楼层", "校门", "位置"), width=14),
            C("姓名", "text", True, ("值日人",), "name", width=10),
            C("到岗情况", "enum", False, ("出勤", "到岗"), "attendance",
              choices=("到岗", "缺岗", "请假", "替班"), default="到岗",
              choice_aliases=(("在岗", "到岗"), ("正常", "到岗"), ("缺勤", "缺岗"), ("未到", "缺岗"),
                              ("病假", "请假"), ("事假", "请假"), ("代班", "替班")),
              note="替班：本人未到，由 替班人 代替", width=10),
            C("替班人", english="substitute", aliases=("代班人",), width=10),
            C("备注", english="remarks", width=16),
            C("工号", english="staff_id", aliases=("员工工号", "员工编号"),
              note="员工名单中有同名的人时填写，说明是哪一位", width=10),
            C("替班人工号", english="substitute_id", note="替班人与别人同名时填写", width=10),
        ),
    ),),
)

ASSETS = InputSchema(
    stem="固定资产",
    title="固定资产登记",
    description="每件或每批同样的资产一行",
    sheets=(SheetSchema(
        name="固定资产",
        aliases=("资产", "固定资产台账", "资产清单"),
        unique=("资产编号",),
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

CHECKLIST = InputSchema(
    stem="工作清单",
    title="学期工作清单",
    description="学期计划附表：时间 / 事项 / 责任人",
    sheets=(SheetSchema(
        name="工作清单",
        aliases=("学期工作清单", "清单"),
        columns=(
            C("时间", "when", True, ("月份", "时间安排"), "when", note="如 2月、7~8月、3月上旬", width=10),
            C("事项", "text", True, ("工作事项", "内容", "工作内容"), "item", width=48),
            C("责任人", "names", True, ("负责人",), "owners", note="多人用 、 分隔", width=24),
            C("完成情况", "enum", english="progress", choices=("已完成", "进行中", "未开始", "推迟"),
              choice_aliases=(("完成", "已完成"), ("已推迟", "推迟"), ("延期", "推迟"), ("未完成", "进行中")),
              width=10),
            C("备注", english="remarks", width=16),
        ),
    ),),
)

STAFF_SHEET = SheetSchema(
    name="员工名单",
    aliases=("员工", "名单", "人员名单"),
    unique=("工号",),
    columns=(
        C("姓名", "text", True, ("员工姓名",), "name", width=10),
        C("工号", english="staff_id", aliases=("编号",), width=10),
        C("岗位", "text", True, ("职务",), "post", note="保安 / 保洁 / 食堂 / 校车驾驶员 / 维修 / 宿管 …", width=12),
        C("部门", english="department", width=12),
        C("入职日期", "date", english="joined", aliases=("入职时间",), width=13),
        C("联系电话", english="phone", aliases=("电话", "手机"), width=14),
    ),
)
SCORES_SHEET = SheetSchema(
    name="考核记录",
    aliases=("考核", "月考核", "考核得分"),
    optional=True,
    unique=("月份", "姓名", "工号", "考核项目"),
    columns=(
        C("月份", "month", True, ("考核月份",), "month", note="如 2022-03 或 3月", width=10),
        C("姓名", "text", True, ("员工姓名",), "name", width=10),
        C("考核项目", "enum", True, ("项目",), "item", choices_from="appraisal.items", width=12),
        C("得分", "number", True, ("分数",), "score", minimum=0, width=8),
        C("满分", "number", english="full_marks", minimum=0, note="空着按设置中该项目的满分", width=8),
        C("扣分原因", english="reason", width=24),
        C("考评人", english="assessor", width=10),
        C("工号", english="staff_id", aliases=("员工工号", "员工编号"),
          note="员工名单中有同名的人时填写，说明是哪一位", width=10),
    ),
)
INCIDENTS_SHEET = SheetSchema(
    name="安全事故",
    aliases=("事故", "事故记录"),
    optional=True,
    columns=(
        C("日期", "date", True, ("事故日期",), "date", width=13),
        C("姓名", "text", True, ("责任人",), "name", width=10),
        C("事故描述", "text", True, ("事故情况", "描述"), "description", width=30),
        C("一票否决", "bool", english="veto", default=True, note="是 / 否，空着按 是", width=9),
        C("工号", english="staff_id", aliases=("员工工号", "员工编号"),
          note="员工名单中有同名的人时填写，说明是哪一位", width=10),
    ),
)
STAFF = InputSchema(
    stem="员工考核",
    title="后勤员工考核",
    description="三张工作表：员工名单、考核记录、安全事故（可无）",
    sheets=(STAFF_SHEET, SCORES_SHEET, INCIDENTS_SHEET),
    csv_stems={"员工名单": "员工名单", "考核记录": "考核记录", "安全事故": "安全事故"},
)

ALL_INPUTS: tuple[InputSchema, ...] = (HAZARDS, DRILLS, ROSTER, ASSETS, CHECKLIST, STAFF)
BY_STEM = {schema.stem: schema for schema in ALL_INPUTS}


def known_stems() -> set[str]:
    """File stems houqin reads as they are: each input's, and the one-sheet CSVs of 员工考核."""
    return {s.stem for s in ALL_INPUTS} | {stem for s in ALL_INPUTS for stem in s.csv_stems.values()}


def file_aliases(schema: InputSchema) -> tuple[str, ...]:
    """Other names of an input a person may give its file: its main sheet's name and aliases."""
    return tuple(n for n in (schema.main.name, *schema.main.aliases) if n != schema.stem)


# --- checks within one input -------------------------------------------------------------


def check_hazards(records: list[Record], settings: Settings) -> list[Problem]:
    """Derive 整改状态 and catch dates that contradict each other."""
    problems = []
    for rec in records:
        v = rec.data
        if v["整改状态"] is None:
            v["整改状态"] = "已整改" if v["完成日期"] else "未整改"
        found = v["检查日期"]
        if found and v["完成日期"] and v["完成日期"] < found:
            problems.append(Problem(
                f"完成日期「{v['完成日期']:%Y-%m-%d}」早于检查日期（{found:%Y-%m-%d}）",
                rec.cell("完成日期"), str(v["完成日期"])))
        if found and v["整改期限"] and v["整改期限"] < found:
            problems.append(Problem(
                f"整改期限「{v['整改期限']:%Y-%m-%d}」早于检查日期（{found:%Y-%m-%d}）",
                rec.cell("整改期限"), str(v["整改期限"])))
        if v["整改状态"] == "已整改" and not v["完成日期"] and rec.raw.get("整改状态") is not None:
            problems.append(Problem(
                "状态为 已整改，但没有填写完成日期", rec.cell("完成日期"), severity="warning"))
    return problems


def check_drills(records: list[Record], settings: Settings) -> list[Problem]:
    problems = []
    for rec in records:
        v = rec.data
        if v["应到人数"] is not None and v["实到人数"] is not None and v["实到人数"] > v["应到人数"]:
            problems.append(Problem(
                f"实到人数 {v['实到人数']} 多于应到人数 {v['应到人数']}，请核对",
                rec.cell("实到人数"), str(v["实到人数"]), severity="warning"))
    return problems


def check_roster(records: list[Record], settings: Settings) -> list[Problem]:
    problems = []
    for rec in records:
        v = rec.data
        if v["到岗情况"] == "替班" and not v["替班人"]:
            problems.append(Problem("到岗情况为 替班，但没有填写替班人", rec.cell("替班人")))
        if v["替班人"] and v["替班人"] == v["姓名"]:
            problems.append(Problem("替班人与本人相同", rec.cell("替班人"), v["替班人"]))
        if v["替班人"] and v["到岗情况"] == "到岗":
            v["到岗情况"] = "替班"
    return problems


def check_assets(records: list[Record], settings: Settings) -> list[Problem]:
    """金额 = 数量 × 单价, either derived or, when both are given, checked to the cent."""
    problems = []
    for rec in records:
        v = rec.data
        quantity, price, amount = v["数量"], v["单价"], v["金额"]
        if quantity is None:
            continue
        if price is not None:
            expected = (Decimal(quantity) * price).quantize(Decimal("0.01"))
            if amount is not None and abs(amount - expected) > Decimal("0.01"):
                problems.append(Problem(
                    f"金额「{amount}」与 数量×单价（{quantity}×{price}={expected}）不符",
                    rec.cell("金额"), str(amount)))
            elif amount is None:
                v["金额"] = expected
        elif amount is not None and quantity:
            v["单价"] = (amount / quantity).quantize(Decimal("0.01"))
        if v["金额"] is None and rec.raw.get("单价") is None and rec.raw.get("金额") is None:
            problems.append(Problem(
                "没有填写单价或金额", rec.cell("单价"), severity="warning"))
    return problems


def check_staff(records: list[Record], settings: Settings) -> list[Problem]:
    problems = []
    seen: dict[str, Record] = {}
    for rec in records:
        name = rec["姓名"]
        if name in seen and not (rec["工号"] and seen[name]["工号"]):
            problems.append(Problem(
                f"与第{seen[name].where.row}行同名；请填写工号以区分两人",
                rec.cell("姓名"), name, severity="warning"))
        seen.setdefault(name, rec)
    return problems


def check_scores(records: list[Record], settings: Settings) -> list[Problem]:
    problems = []
    items = settings.appraisal.items
    for rec in records:
        v = rec.data
        if v["满分"] is None and v["考核项目"] in items:
            v["满分"] = Decimal(items[v["考核项目"]])
        if v["得分"] is not None and v["满分"] is not None and v["得分"] > v["满分"]:
            problems.append(Problem(
                f"超过满分的得分「{v['得分']:g}」，应为 0 到 {v['满分']:g} 之间的数",
                rec.cell("得分"), f"{v['得分']:g}"))
    return problems


CHECKS = {
    ("隐患排查", "隐患排查记录"): check_hazards,
    ("演练记录", "演练记录"): check_drills,
    ("值日安排", "值日安排"): check_roster,
    ("固定资产", "固定资产"): check_assets,
    ("员工考核", "员工名单"): check_staff,
    ("员工考核", "考核记录"): check_scores,
}
