"""安全工作责任书: one letter per employee, its duties by post, signed at the start of the year.

Seed 000: 与教职工、校车驾驶员签订安全工作责任状，实行安全责任追究制. It needs only the
员工名单 sheet, so a workspace holding nothing else (and no settings file) can make it.
"""

from __future__ import annotations

from collections import Counter

from ...errors import Problem
from ...outputs.writer import safe_filename, unique_names
from ...reading.loader import Inputs
from ...reading.records import Record
from .. import Kind, Options, Paper, Planned
from ..common import COMMON_FIELDS, common_context, document_time, official_date
from ..staff.inputs import STAFF

TEMPLATE = "安全工作责任书.docx"
FOLDER = "安全工作责任书"

PREAMBLE = (
    "为认真贯彻“安全第一、预防为主、综合治理”的方针，落实“一岗双责”，明确岗位安全责任，"
    "确保全校师生生命和学校财产安全，经甲乙双方协商，签订本责任书。"
)

DUTIES: dict[str, list[str]] = {
    "保安": [
        "严格执行门卫制度，外来人员、车辆一律核实登记后方可进校，严禁无关人员进入校园。",
        "上学、放学时段在校门口值守，配合护学岗维护校门口交通秩序。",
        "按时巡逻，做好巡查和交接班记录，发现可疑情况立即报告并妥善处置。",
        "熟练使用门卫“八大件”等防护器械和消防器材，积极参加应急演练。",
        "管好监控设备，保证监控正常运行，录像资料按规定保存。",
    ],
    "保洁": [
        "按要求做好责任区域的清洁工作，湿滑地面及时设置警示标志。",
        "清洁剂、消毒剂等物品专柜存放、专人保管，防止学生误触误食。",
        "高处作业、用电清洁设备时遵守安全操作规程，不冒险作业。",
        "发现门窗、栏杆、设施损坏等安全隐患及时报告后勤处。",
    ],
    "食堂": [
        "严格执行《食品安全法》和学校食堂管理制度，持有效健康证明上岗。",
        "严把食材验收关，做好索证索票、留样和消毒记录，杜绝过期变质食品。",
        "规范使用燃气、电器和刀具，下班前检查水、电、气阀门是否关闭。",
        "保持操作间、餐厅清洁卫生，做好防鼠、防蝇、防尘工作。",
        "发现食品安全隐患或疑似食物中毒，立即停止供餐并报告。",
    ],
    "校车驾驶员": [
        "持证驾驶，严格遵守交通法规，不超速、不超员、不疲劳驾驶、不酒后驾驶。",
        "每天出车前检查车辆安全状况，做好检查记录，车辆带病不出车。",
        "学生上下车时确认安全，配合照管员清点人数，严防学生遗留车内。",
        "按核定线路、站点和时间运行，遇恶劣天气或突发情况及时报告。",
    ],
    "维修": [
        "定期巡查校舍、水电、消防等设施设备，发现隐患及时维修并记录。",
        "持证从事电工等特种作业，严格执行安全操作规程，作业时设置警示标志。",
        "维修工具、材料妥善保管，施工现场做到工完料清，不留安全隐患。",
    ],
    "教师": [
        "落实“谁的课堂谁负责”，上课期间对学生安全负责，不体罚或变相体罚学生。",
        "按安排认真履行楼层值日、护学岗等职责，准时到岗，全程管理，及时制止学生不安全行为。",
        "组织学生外出和实践活动前做好安全教育和预案，活动中清点人数。",
        "专用教室的仪器、药品、电器按规定使用和保管，课后切断电源、关好门窗。",
    ],
    "行政": [
        "落实“一岗双责”，分管工作与安全工作同部署、同检查、同考核。",
        "按“日巡视制”“月检查制”巡查校园，督查楼层值日和护学岗到岗情况，做好记录。",
        "组织或参与安全隐患排查、应急演练和安全教育，发现问题及时督促整改并回访。",
    ],
    "宿管": [
        "严格执行宿舍管理制度，按时查铺查房，掌握学生在宿舍的情况。",
        "夜间值班坚守岗位，做好巡查记录，遇突发情况立即报告并处置。",
        "管好宿舍用电、消防设施，严禁学生使用违规电器。",
    ],
}
GENERAL = [
    "认真学习学校安全工作制度和本岗位安全职责，按时参加安全培训和应急演练。",
    "做好本岗位日常安全检查，发现安全隐患立即处理或报告，并做好记录。",
    "发生安全事故时，第一时间报告并参与救护和处置，不隐瞒、不迟报。",
]
ACCOUNTABILITY = [
    "乙方履行安全职责情况纳入月考核和年度考核。",
    "因乙方失职、渎职造成安全事故的，视情节轻重按学校有关规定追究责任，年度考核实行一票否决；构成违法的，依法处理。",
]

FIELDS = {
    **COMMON_FIELDS,
    "name": "乙方姓名",
    "staff_id": "工号",
    "post": "岗位",
    "department": "部门",
    "preamble": "开头一段",
    "duties": "乙方安全职责（按岗位，逐条）",
    "accountability": "责任追究（逐条）",
    "period": "有效期，如 2022年2月14日至2022年7月1日",
    "date": "签订日期（学期开始日）",
    "signer": "代表甲方签字的负责人：校长；校长本人的责任书由分管领导签字",
}


def duties_for(post: str) -> list[str]:
    """The post's own duties, found by the post's name (`食堂厨师` counts as 食堂), then general ones."""
    for key, duties in DUTIES.items():
        if key in post:
            return duties + GENERAL
    return GENERAL


def signer_for(rec: Record, inputs: Inputs) -> str | None:
    """Who signs for the school (甲方负责人): the principal; on his own letter the 分管领导.

    None: the principal's own letter and no other leader to sign it, so it is not made
    (one cannot be both parties of a letter).
    """
    people = inputs.settings.people
    if not people.principal or rec["姓名"] != people.principal:
        return people.principal
    if people.deputy and people.deputy != people.principal:
        return people.deputy
    return None


def warnings(inputs: Inputs, options: Options | None = None) -> list[Problem]:
    """The principal on the staff list: who signs his letter, or why it is left out."""
    people = inputs.settings.people
    found = []
    for rec in inputs.records(STAFF.stem, "员工名单"):
        if not people.principal or rec["姓名"] != people.principal:
            continue
        where = rec.cell("姓名")
        signer = signer_for(rec, inputs)
        if signer:
            found.append(Problem(
                f"{rec['姓名']}是校长（甲方负责人），不能与自己签订责任书；其安全工作责任书由分管领导"
                f"{signer}代表甲方签字", where, rec["姓名"], severity="warning"))
        else:
            found.append(Problem(
                f"{rec['姓名']}是校长（甲方负责人），不能与自己签订责任书，未生成其安全工作责任书；"
                "如需生成，请在 houqin.toml 的 [people] 中填写分管领导 deputy", where, rec["姓名"],
                severity="warning"))
    return found


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    settings = inputs.settings
    staff = [rec for rec in inputs.records(STAFF.stem, "员工名单") if signer_for(rec, inputs) is not None]
    start = settings.term.start
    common = common_context(settings)
    period = settings.term.describe_span() if start else f"{settings.term.label or '本学年'}"
    counts = Counter(rec["姓名"] for rec in staff)
    names = []
    for rec in staff:
        name = rec["姓名"]
        if counts[name] > 1 and rec["工号"]:
            name = f"{name}（{rec['工号']}）"
        names.append(safe_filename(f"{name}.docx"))
    sources = tuple(inputs.source_files(STAFF.stem))
    planned = []
    for rec, file_name in zip(staff, unique_names(names), strict=True):
        context = {
            **common,
            "name": rec["姓名"],
            "staff_id": rec["工号"] or "",
            "post": rec["岗位"],
            "department": rec["部门"] or "",
            "preamble": PREAMBLE,
            "duties": duties_for(rec["岗位"]),
            "accountability": ACCOUNTABILITY,
            "period": period,
            "date": official_date(start),
            "signer": signer_for(rec, inputs) or "",
        }
        planned.append(Planned(
            path=f"{FOLDER}/{file_name}", template=TEMPLATE, context=context,
            title=f"安全工作责任书（{rec['姓名']}）", period=settings.term.label, inputs=sources,
            modified=document_time(start),
        ))
    return planned


KIND = Kind(
    name="letters",
    family="安全工作责任书",
    description="每位员工一份安全工作责任书，内容按岗位",
    order=80,
    needs=((STAFF.stem, "员工名单"),),
    templates={TEMPLATE: FIELDS},
    plan=plan,
    warnings=warnings,
    help=f"""生成安全工作责任书：每位员工一份，职责按岗位，学期开始时签订。

    只需要 inputs/{STAFF.stem}.xlsx 中的“员工名单”工作表。甲方负责人为校长；校长本人的责任书
    由分管领导签字（没有填写分管领导时不生成，并给出提醒）。

    \b
    示例：
      houqin letters
      houqin letters -w D:\\后勤\\2022春 --force
    """,
    binder=("安全工作", "02 组织管理"),
    filing="agreements",
    paper=(Paper("安全工作责任书/*.pdf", 2, "letter", "安全工作责任书", "≤ 2 页"),),
)
