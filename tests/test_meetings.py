"""例会培训: who is on a sign-in sheet, the cadence warning, names off the staff list, the
ledger's hours as formulas, page budgets and byte-identical rebuilds."""

import fnmatch
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from helpers import copy_sample, run_cli, tree_hash, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = """
[school]
name = "测试实验小学"
[term]
year = "2021—2022"
term = 2
start = 2022-03-01
end = 2022-04-08
[people]
filler = "朱志刚"
logistics_head = "周静"
[meetings]
cadence = { 保洁 = 14 }
"""
STAFF = [
    ["姓名", "工号", "岗位"],
    ["严志强", "XJ121", "食堂"],
    ["陈桂芳", "XJ111", "保洁"],
    ["蒋美华", "XJ122", "食堂"],
    ["顾建国", "XJ101", "保安"],
    ["许小红", "XJ123", "食堂人员"],
    ["张晓燕", "XJ201", "教师"],
    ["周静", "XJ002", "行政"],
]
HEADER = ["日期", "类型", "对象", "主题", "主持人", "地点", "时长（小时）", "参加人员", "缺席人员", "内容摘要", "记录人"]
MEETINGS = [
    ["2022-03-01", "例会", "全体后勤", "开学后勤工作部署会", "周静", "会议室", 1.5, None, None, "部署工作。", "朱志刚"],
    ["2022-03-14", "培训", "食堂", "燃气安全培训", "谢丰", "食堂操作间", None, None, "蒋美华", "讲解燃气阀门。", "朱志刚"],
    ["2022-04-08", "培训", "保洁", "防滑警示培训", "朱志刚", "会议室", 1, None, None, "先放牌再拖地。", "刘刚"],
]

run = run_cli


def workspace(tmp_path: Path, rows=MEETINGS, settings: str = SETTINGS) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "houqin.toml").write_text(settings, encoding="utf-8")
    write_xlsx(tmp_path / "inputs/员工考核.xlsx", STAFF, sheet="员工名单")
    write_xlsx(tmp_path / "inputs/例会培训.xlsx", [["后勤例会培训记录"], HEADER, *rows], sheet="例会培训")
    return tmp_path


def sign_in_rows(path: Path) -> list[list[str]]:
    """The 签到表's table of people (the second table): header row first, the closing row
    (counts and signatures, one cell across) left off."""
    table = docx.Document(str(path)).tables[1]
    return [[cell.text for cell in row.cells] for row in table.rows][:-1]


def sign_in_closing(path: Path) -> str:
    return docx.Document(str(path)).tables[1].rows[-1].cells[0].text


def test_the_sign_in_sheet_of_a_canteen_meeting_lists_the_canteen_staff_with_the_absentee_marked(tmp_path):
    ws = workspace(tmp_path)
    result = run("meetings", "-w", ws)
    assert result.exit_code == 0, result.output
    rows = sign_in_rows(ws / "outputs/例会培训/2022-03-14 燃气安全培训 签到表.docx")
    assert rows == [
        ["序号", "姓名", "岗位", "签名", "备注"],
        ["1", "严志强", "食堂", "", ""],
        ["2", "蒋美华", "食堂", "缺席", ""],
        ["3", "许小红", "食堂人员", "", ""],  # 食堂人员 is the post 食堂
    ]
    assert sign_in_closing(ws / "outputs/例会培训/2022-03-14 燃气安全培训 签到表.docx") == (
        "应到 3人，实到 2人，缺席：蒋美华。\n记录人：朱志刚\t主讲人（签字）：\t日期：2022年3月14日")
    header = docx.Document(str(ws / "outputs/例会培训/2022-03-14 燃气安全培训 签到表.docx")).tables[1].rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    record = docx.Document(str(ws / "outputs/例会培训/2022-03-14 燃气安全培训 记录.docx"))
    cells = [c.text for t in record.tables for r in t.rows for c in r.cells]
    assert "3人" in cells and "2人" in cells and "蒋美华" in cells and "1小时" in cells
    assert "主讲人" in cells and "2022年3月14日（星期一）" in cells


def test_everyone_means_every_logistics_post_and_attendees_given_replace_the_posts(tmp_path):
    rows = [MEETINGS[0],
            ["2022-03-10", "培训", "保安", "消防设施巡查", "谢丰", "", None, "顾建国、陈桂芳", "严志强", "", ""],
            *MEETINGS[1:]]
    ws = workspace(tmp_path, rows)
    result = run("meetings", "-w", ws)
    assert result.exit_code == 0, result.output
    everyone = sign_in_rows(ws / "outputs/例会培训/2022-03-01 开学后勤工作部署会 签到表.docx")
    assert [r[1] for r in everyone[1:]] == ["严志强", "陈桂芳", "蒋美华", "顾建国", "许小红"]  # no 教师, 行政
    named = sign_in_rows(ws / "outputs/例会培训/2022-03-10 消防设施巡查 签到表.docx")
    # 参加人员 as written (in 员工名单 order); an absentee not among them is expected too
    assert [(r[1], r[3]) for r in named[1:]] == [("严志强", "缺席"), ("陈桂芳", ""), ("顾建国", "")]


def test_a_gap_of_25_days_with_a_cadence_of_14_is_a_warning_naming_the_group_and_dates(tmp_path):
    rows = [
        ["2022-03-10", "培训", "保洁", "消毒培训", "朱志刚", "", None, None, None, "", ""],
        ["2022-03-24", "培训", "保洁", "保洁标准培训", "朱志刚", "", None, None, None, "", ""],
        ["2022-04-18", "培训", "保洁", "防滑警示培训", "朱志刚", "", None, None, None, "", ""],
    ]
    ws = workspace(tmp_path, rows, SETTINGS.replace("end = 2022-04-08", "end = 2022-04-18"))
    result = run("meetings", "-w", ws)
    assert result.exit_code == 0, result.output
    # 9 days from the term's start and exactly 14 from 3月10日 to 3月24日 are within the cadence
    assert [line for line in result.output.splitlines() if "没有例会培训" in line] == [
        "警告：例会培训.xlsx › 例会培训 › 第5行 › 日期：保洁从2022年3月24日到2022年4月18日相隔25天"
        "没有例会培训，超过规定的14天（houqin.toml [meetings] cadence）"]
    sheet = openpyxl.load_workbook(ws / "outputs/例会培训/培训台账.xlsx")["会议频次"]
    gaps = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] == "保洁"]
    assert [(r[2], r[5], r[6]) for r in gaps] == [
        ("开学—第1次", "=E4-D4", "符合"), ("第1次—第2次", "=E5-D5", "符合"), ("第2次—第3次", "=E6-D6", "超出11天")]


def test_meetings_of_everyone_count_for_a_group_and_the_gaps_reach_the_term_end(tmp_path):
    ws = workspace(tmp_path, MEETINGS, SETTINGS.replace("end = 2022-04-08", "end = 2022-04-30"))
    result = run("meetings", "-w", ws)
    assert result.exit_code == 0
    # 3月1日 全体后勤 counts for 保洁; 3月14日 (食堂 only) does not
    assert [line.split("日期：")[1] for line in result.output.splitlines() if "没有例会培训" in line] == [
        "保洁从2022年3月1日到2022年4月8日相隔38天没有例会培训，超过规定的14天（houqin.toml [meetings] cadence）",
        "保洁从2022年4月8日到学期结束（2022年4月30日）相隔22天没有例会培训，超过规定的14天（houqin.toml [meetings] cadence）",
    ]
    result = run("meetings", "-w", ws, "--date", "2022-04-20", "--force")
    assert "学期结束" not in result.output and "统计日" not in result.output  # 12 days to --date


def test_an_absentee_outside_the_audience_is_a_warning(tmp_path):
    rows = [MEETINGS[0],
            ["2022-03-14", "培训", "食堂", "燃气安全培训", "谢丰", "", None, None, "陈桂芳", "", ""],
            MEETINGS[2]]
    ws = workspace(tmp_path, rows)
    result = run("meetings", "-w", ws)
    assert result.exit_code == 0, result.output
    assert ("警告：例会培训.xlsx › 例会培训 › 第4行 › 缺席人员：缺席人员「陈桂芳」（保洁）不属于本次对象「食堂」，"
            "已计入应到人员；请核对") in result.output
    rows = sign_in_rows(ws / "outputs/例会培训/2022-03-14 燃气安全培训 签到表.docx")
    assert [(r[1], r[3]) for r in rows[1:]] == [("严志强", ""), ("陈桂芳", "缺席"), ("蒋美华", ""), ("许小红", "")]


ERROR_AUDIENCE = ("错误：例会培训.xlsx › 例会培训 › 第4行 › 对象：员工名单中没有岗位属于对象「厨房」的人员，签到表会是空的；"
                  "对象应写 全体后勤 或员工名单中的岗位（保安、保洁、教师、行政、食堂、食堂人员），或填写参加人员")


def test_an_audience_nobody_holds_is_an_error_in_check_and_build(tmp_path):
    """`厨房` for 食堂: the filed sign-in sheet would be empty (a clerk's finding)."""
    rows = [MEETINGS[0], ["2022-03-15", "培训", "厨房", "燃气安全培训", "谢丰", "", None, None, None, "", ""],
            MEETINGS[2]]
    ws = workspace(tmp_path, rows)
    for command in ("check", "meetings"):
        result = run(command, "-w", ws)
        assert result.exit_code == 1, result.output
        assert ERROR_AUDIENCE in result.output
    assert not (ws / "outputs").exists()


def test_a_name_not_on_the_staff_list_is_a_located_error_and_nothing_is_written(tmp_path):
    rows = [MEETINGS[0][:8] + ["李小龙"] + MEETINGS[0][9:],
            MEETINGS[1][:7] + ["严志强、王大锤"] + MEETINGS[1][8:]]
    ws = workspace(tmp_path, rows)
    result = run("meetings", "-w", ws)
    assert result.exit_code == 1
    assert ("例会培训.xlsx › 例会培训 › 第3行 › 缺席人员：「李小龙」不在 员工考核.xlsx › 员工名单 中；"
            "请核对姓名或把此人加入员工名单") in result.output
    assert "例会培训.xlsx › 例会培训 › 第4行 › 参加人员：「王大锤」不在 员工考核.xlsx › 员工名单 中" in result.output
    assert tree_hash(ws / "outputs") == {}



#: Two 王芳 in the 食堂 (a real staff list's case): one 缺席 must not make both absent.
TWO_WANG = [*STAFF, ["王芳", "XJ131", "食堂"], ["王芳", "XJ132", "食堂"], ["王芳", "XJ133", "保安"]]


def two_wang_workspace(tmp_path: Path, absent: str, attendees: str | None = None) -> Path:
    ws = workspace(tmp_path, [MEETINGS[0], MEETINGS[1][:7] + [attendees, absent] + MEETINGS[1][9:], MEETINGS[2]])
    write_xlsx(ws / "inputs/员工考核.xlsx", TWO_WANG, sheet="员工名单")
    return ws


def test_an_absentee_two_expected_people_are_named_is_an_error_until_the_id_says_which(tmp_path):
    ws = two_wang_workspace(tmp_path / "a", "王芳")
    for command in ("check", "meetings"):
        result = run(command, "-w", ws)
        assert result.exit_code == 1, result.output
        assert ("错误：例会培训.xlsx › 例会培训 › 第4行 › 缺席人员：「王芳」在员工名单中有2人（食堂 工号 XJ131、"
                "食堂 工号 XJ132），无法确定是哪一位缺席；请在姓名后的括号中写工号，如 王芳（XJ131）") in result.output
    assert not (ws / "outputs").exists()
    ws = two_wang_workspace(tmp_path / "b", "王芳 （ ｘｊ１３２ ）")  # as typed: spaces, full width, lower case
    result = run("meetings", "-w", ws)
    assert result.exit_code == 0, result.output
    rows = sign_in_rows(ws / "outputs/例会培训/2022-03-14 燃气安全培训 签到表.docx")
    assert rows[1:] == [["1", "严志强", "食堂", "", ""], ["2", "蒋美华", "食堂", "", ""],
                        ["3", "许小红", "食堂人员", "", ""], ["4", "王芳（XJ131）", "食堂", "", ""],
                        ["5", "王芳（XJ132）", "食堂", "缺席", ""]]
    record = docx.Document(str(ws / "outputs/例会培训/2022-03-14 燃气安全培训 记录.docx"))
    cells = [c.text for t in record.tables for r in t.rows for c in r.cells]
    assert "5人" in cells and "4人" in cells and "王芳（XJ132）" in cells
    people = openpyxl.load_workbook(ws / "outputs/例会培训/培训台账.xlsx")["个人学时"]
    wang = {r[1]: r[3:6] for r in people.iter_rows(values_only=True) if str(r[1]).startswith("王芳")}
    assert wang == {"王芳（XJ131）": (1.5, 1, None), "王芳（XJ132）": (1.5, "缺席", None),
                    "王芳（XJ133）": (1.5, None, None)}  # the 保安 王芳, at the meeting of 全体后勤


def test_a_name_the_meetings_post_tells_apart_needs_no_id_and_a_wrong_id_is_an_error(tmp_path):
    """Only one of the 王芳 is 保安: 参加人员「王芳」at a 保安 meeting is that one."""
    rows = [["2022-03-02", "培训", "保安", "门卫登记", "周静", "", 1, "顾建国、王芳", None, "", ""], MEETINGS[2]]
    ws = workspace(tmp_path / "a", rows)
    write_xlsx(ws / "inputs/员工考核.xlsx", TWO_WANG, sheet="员工名单")
    result = run("meetings", "-w", ws)
    assert result.exit_code == 0, result.output
    rows_in = sign_in_rows(ws / "outputs/例会培训/2022-03-02 门卫登记 签到表.docx")
    assert [r[1:3] for r in rows_in[1:]] == [["顾建国", "保安"], ["王芳", "保安"]]
    ws = two_wang_workspace(tmp_path / "b", "王芳（XJ999）")
    result = run("check", "-w", ws)
    assert result.exit_code == 1
    assert ("例会培训.xlsx › 例会培训 › 第4行 › 缺席人员：工号「XJ999」不在 员工考核.xlsx › 员工名单 中；"
            "请核对工号") in result.output
    ws = two_wang_workspace(tmp_path / "c", "", attendees="严志强、王芳")
    result = run("check", "-w", ws)
    assert result.exit_code == 1
    assert "第4行 › 参加人员：「王芳」在员工名单中有2人（食堂 工号 XJ131、食堂 工号 XJ132），无法确定是哪一位参加" in result.output

def test_a_cadence_out_of_range_is_a_settings_error(tmp_path):
    ws = workspace(tmp_path, settings=SETTINGS.replace("保洁 = 14", "保洁 = 0"))
    result = run("check", "-w", ws)
    assert result.exit_code == 1
    assert "岗位「保洁」的间隔天数应在 1 到 180 之间，实际为「0」" in result.output


def test_hours_per_person_are_formulas_over_the_meetings_with_their_values(tmp_path):
    ws = workspace(tmp_path)
    assert run("meetings", "-w", ws).exit_code == 0
    sheet = openpyxl.load_workbook(ws / "outputs/例会培训/培训台账.xlsx")["个人学时"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    assert header[:6] == ("序号", "姓名", "岗位", "3/1", "3/14", "4/8")
    assert header[6:] == ("应到（次）", "参加（次）", "缺席（次）", "学时（小时）")
    jiang = next(r for r in rows if r[1] == "蒋美华")
    assert jiang[3:6] == (1.5, "缺席", None)
    x = rows.index(jiang) + 1
    assert jiang[6:] == (f"=COUNTA(D{x}:F{x})", f"=COUNT(D{x}:F{x})", f'=COUNTIF(D{x}:F{x},"缺席")', f"=SUM(D{x}:F{x})")


def test_binder_places_follow_the_meeting(tmp_path):
    from pipeline.kinds import Options
    from pipeline.kinds.meetings.plan import plan
    from pipeline.reading.loader import load_inputs

    rows = [*MEETINGS, ["2022-03-20", "专题会议", "全体后勤", "安全警示专题会议", "吴建华", "", None, None, None, "", ""]]
    planned = plan(load_inputs(workspace(tmp_path, rows)), Options())
    boxes = {p.path.split("/")[-1]: p.binder for p in planned}
    assert boxes["2022-03-14 燃气安全培训 记录.docx"] == ("食堂管理", "04 培训")
    assert boxes["2022-03-20 安全警示专题会议 签到表.docx"] == ("安全工作", "12 安全工作会议记录")
    assert boxes["2022-04-08 防滑警示培训 记录.docx"] == ("后勤队伍", "02 例会培训")
    assert boxes["培训台账.xlsx"] is None  # the kind's box: 后勤队伍 / 02 例会培训


def test_two_builds_give_byte_identical_files(tmp_path):
    a, b = workspace(tmp_path / "a"), workspace(tmp_path / "b")
    assert run("meetings", "-w", a).exit_code == 0
    assert run("meetings", "-w", b).exit_code == 0
    first, second = tree_hash(a / "outputs"), tree_hash(b / "outputs")
    assert first == second and len(first) == 8  # 3 × (记录, 签到表), 台账, manifest


@pytest.mark.libreoffice
def test_sample_hours_recomputed_by_libreoffice_and_pages_within_budget(tmp_path, soffice):
    from pipeline.kinds.meetings.plan import KIND

    ws = copy_sample(tmp_path / "ws")
    assert run("meetings", "-w", ws).exit_code == 0
    out = ws / "outputs/例会培训"
    source = openpyxl.load_workbook(ROOT / "inputs/例会培训.xlsx").worksheets[0]
    table = list(source.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(table) if r and "日期" in r)
    rows = [dict(zip(table[top], r, strict=False)) for r in table[top + 1:] if r and r[0]]
    guard = [r for r in rows if r["对象"] in ("保安", "全体后勤") and "孙卫东" not in (r["缺席人员"] or "")]
    expected = sum(Decimal(str(r["时长（小时）"])) for r in guard)  # 孙卫东: every 保安 and 全体 meeting he came to
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run([soffice, "--headless", profile, "--convert-to", "xlsx", "--outdir", str(tmp_path / "re"),
                    str(out / "培训台账.xlsx")], check=True, capture_output=True, timeout=180)
    sheet = openpyxl.load_workbook(tmp_path / "re/培训台账.xlsx", data_only=True)["个人学时"]
    values = {r[1]: r for r in sheet.iter_rows(min_row=4, values_only=True) if r[1]}
    assert Decimal(str(values["孙卫东"][-1])) == expected == Decimal("7.5")
    assert values["孙卫东"][-4:-1] == (7, 6, 1)
    pdfs = [out / "培训台账.xlsx", *sorted(out.glob("2022-06-29 *.docx")), *sorted(out.glob("2022-03-14 *.docx"))]
    subprocess.run([soffice, "--headless", profile, "--convert-to", "pdf", "--outdir", str(out), *map(str, pdfs)],
                   check=True, capture_output=True, timeout=300)
    for pdf in sorted(out.glob("*.pdf")):
        name = f"例会培训/{pdf.name}"
        budget = next(p.pages for p in KIND.paper if fnmatch.fnmatch(name, p.pattern))
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert pages <= budget, (name, pages, budget)
