"""后勤员工年度考核: scores, 缺岗 deductions, ranks, grades within the quota, 一票否决, 金牌员工."""

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from helpers import TERM_SETTINGS, run_cli, tree_hash, write_xlsx

from pipeline.kinds.appraisal import plan as appraisal

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = TERM_SETTINGS + """deputy = "周静"
[appraisal]
excellent_quota = 0.4    # 6 people: floor(2.4) = 2 places for 优秀
gold_count = 3
absence_deduction = 2
"""
STAFF = [
    ["姓名", "工号", "岗位", "部门", "入职日期"],
    ["王一", "H01", "保安", "综合", "2015-03-02"],
    ["李二", "H02", "保洁", "综合", "2018-08-20"],
    ["张三", "H03", "食堂", "食堂", "2019-09-01"],
    ["赵四", "H04", "维修", "综合", "2020-02-24"],
    ["孙五", "H05", "保安", "综合", "2016-02-22"],
    ["周六", "H06", "宿管", "综合", "2021-09-01"],
    ["钱老师", "T01", "教师", "教务处", None],  # on the roster, never appraised, no warning
    ["吴七", "H07", "保洁", "综合", None],  # logistics without scores: a warning
]
#: name → [(month, month total, 安全责任 score)]
MONTHS = {
    "王一": [("2022-02", 96, 19), ("2022-03", 94, 19)],
    "李二": [("2022-02", 92, 18), ("2022-03", 90, 18)],
    "张三": [("2022-02", 93, 19), ("2022-03", 91, 19)],
    "赵四": [("2022-02", 91, 20), ("2022-03", 93, 20)],
    "孙五": [("2022-02", 99, 20), ("2022-03", 99, 20)],
    "周六": [("2022-02", 70, 14), ("2022-03", 72, 14)],
}
ITEMS = ["职业道德", "工作职责", "专业技能", "出勤纪律"]
INCIDENTS = [
    ["日期", "姓名", "事故描述", "一票否决"],
    ["2022-03-10", "孙五", "擅自离岗，校外人员尾随进入校园", "是"],
    ["2022-03-15", "李二", "湿滑地面未设警示牌", "否"],
    ["2021-11-02", "王一", "去年的事故，不计入2022年度", "是"],
]
ROSTER = [
    ["日期", "岗位", "地点", "姓名", "到岗情况", "替班人", "备注"],
    ["2022-03-01", "护学岗", "南校门", "李二", "缺岗", None, None],
    ["2022-03-02", "护学岗", "南校门", "李二", "缺岗", None, None],
    ["2022-03-03", "护学岗", "南校门", "李二", "请假", None, "病假"],
    ["2022-03-04", "护学岗", "南校门", "王一", "请假", None, None],
    ["2022-03-07", "楼层值日", "一楼", "周六", "替班", "王一", None],
    ["2022-03-08", "楼层值日", "一楼", "钱老师", "缺岗", None, None],
]

# Worked by hand (SETTINGS: 优秀 ≥ 90, 合格 ≥ 75, 基本合格 ≥ 60; 2 places; 缺岗 −2 each):
#   王一  (96+94)/2 = 95, 请假 and 替他人 cost nothing          → 95, rank 1, 优秀, 金牌员工
#   赵四  (91+93)/2 = 92, 安全责任 40                            → 92, rank 2, 优秀, 金牌员工
#   张三  (93+91)/2 = 92, 安全责任 38: the tie goes to 赵四      → 92, rank 3, above the line
#         but the 2 places are taken                             → 合格
#   李二  (92+90)/2 = 91, two 缺岗 = −4                          → 87, rank 4, 合格
#   周六  (70+72)/2 = 71                                         → 71, rank 5, 基本合格
#   孙五  (99+99)/2 = 99, the best raw score, but 一票否决        → 99, rank 6, 不合格
#   金牌员工 (gold_count 3) are drawn from 优秀 only: 王一, 赵四.
EXPECTED = [  # rank, name, final, grade, 一票否决, 金牌员工
    (1, "王一", 95, "优秀", None, "★金牌员工"),
    (2, "赵四", 92, "优秀", None, "★金牌员工"),
    (3, "张三", 92, "合格", None, None),
    (4, "李二", 87, "合格", None, None),
    (5, "周六", 71, "基本合格", None, None),
    (6, "孙五", 99, "不合格", "是", None),
]

run = run_cli


def score_rows() -> list[list]:
    rows = [["月份", "姓名", "考核项目", "得分", "满分", "扣分原因", "考评人"]]
    for name, months in MONTHS.items():
        for month, total, safety in months:
            rest = total - safety
            parts = [rest // 4 + (1 if i < rest % 4 else 0) for i in range(4)]
            assert sum(parts) == rest and max(parts) <= 20
            for item, score in zip(ITEMS, parts, strict=True):
                rows.append([month, name, item, score, None, None, "朱志刚"])
            rows.append([month, name, "安全责任", safety, None, None, "朱志刚"])
    return rows


def workspace(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "houqin.toml").write_text(SETTINGS, encoding="utf-8")
    write_xlsx(tmp_path / "inputs/员工考核.xlsx", STAFF, sheet="员工名单",
               more_sheets={"考核记录": score_rows(), "安全事故": INCIDENTS})
    write_xlsx(tmp_path / "inputs/值日安排.xlsx", ROSTER, sheet="值日安排")
    return tmp_path


def text_of(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def summary_rows(path: Path, data_only: bool = False) -> tuple[list[str], list[tuple]]:
    ws = openpyxl.load_workbook(path, data_only=data_only).active
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "名次")
    header = list(rows[header_at])
    data = []
    for r in rows[header_at + 1:]:
        if not isinstance(r[0], int):
            break
        data.append(r)
    return header, data


def test_worked_example_ranks_grades_quota_veto_and_gold(tmp_path):
    ws = workspace(tmp_path)
    result = run("appraisal", "-w", ws)
    assert result.exit_code == 0, result.output
    folder = ws / "outputs/员工考核"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{n}.docx" for n in MONTHS] + ["考核汇总.xlsx"])  # not 钱老师, not 吴七
    header, data = summary_rows(folder / "考核汇总.xlsx", data_only=True)
    col = header.index
    got = [(r[col("名次")], r[col("姓名")], r[col("最终得分")], r[col("等次")], r[col("一票否决")],
            r[col("金牌员工")]) for r in data]
    assert got == EXPECTED


def test_vetoed_best_raw_score_is_not_excellent_nor_gold(tmp_path):
    ws = workspace(tmp_path)
    assert run("appraisal", "-w", ws).exit_code == 0
    text = text_of(ws / "outputs/员工考核/孙五.docx")
    assert "☐优秀　☐合格　☐基本合格　☑不合格" in text
    assert "擅自离岗" in text and "一票否决：是" in text
    assert "第6名（共6人）" in text
    best = text_of(ws / "outputs/员工考核/王一.docx")
    assert "☑优秀　☐合格　☐基本合格　☐不合格" in best
    assert "去年的事故" not in best  # an incident of another year does not count


def test_two_missed_duties_cost_four_points(tmp_path):
    ws = workspace(tmp_path)
    assert run("appraisal", "-w", ws).exit_code == 0
    text = text_of(ws / "outputs/员工考核/李二.docx")
    assert "缺岗2次" in text and "请假1次" in text and "共扣4分" in text
    assert "湿滑地面未设警示牌（一票否决：否）" in text
    header, data = summary_rows(ws / "outputs/员工考核/考核汇总.xlsx", data_only=True)
    li = next(r for r in data if r[header.index("姓名")] == "李二")
    assert (li[header.index("学期平均")], li[header.index("缺岗（次）")], li[header.index("缺岗扣分")],
            li[header.index("最终得分")]) == (91, 2, 4, 87)
    # 请假 and covering for someone cost nothing
    wang = text_of(ws / "outputs/员工考核/王一.docx")
    assert "缺岗0次" in wang and "共扣0分" in wang


def test_a_tie_is_broken_by_the_safety_total(tmp_path):
    ws = workspace(tmp_path)
    assert run("appraisal", "-w", ws).exit_code == 0
    zhao = text_of(ws / "outputs/员工考核/赵四.docx")
    zhang = text_of(ws / "outputs/员工考核/张三.docx")
    assert "第2名（共6人）" in zhao and "第3名（共6人）" in zhang
    assert "☑合格" in zhang  # above the 优秀 line, beyond the quota
    xlsx = openpyxl.load_workbook(ws / "outputs/员工考核/考核汇总.xlsx").active
    notes = "\n".join(str(c.value) for row in xlsx.iter_rows() for c in row if c.value)
    assert "同分时安全责任学期合计高者在前" in notes  # a term's appraisal speaks of the term
    assert "优秀 2 人 / 名额 2 人" in notes


def test_summary_has_formulas_and_grade_colours(tmp_path):
    ws = workspace(tmp_path)
    assert run("appraisal", "-w", ws).exit_code == 0
    book = openpyxl.load_workbook(ws / "outputs/员工考核/考核汇总.xlsx")
    sheet = book.active
    header, data = summary_rows(ws / "outputs/员工考核/考核汇总.xlsx")
    first = data[0]
    assert str(first[header.index("学期平均")]).startswith("=AVERAGE(")
    assert str(first[header.index("最终得分")]).startswith("=MAX(0,")
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert any(isinstance(v, str) and v.startswith("=AVERAGE(") and v.endswith("9)") for v in values)
    # #15: a row of sums labelled 合计 and a row of averages labelled 平均, never one 合计/平均 row
    rows = {row[0].value: [c.value for c in row[1:] if c.value is not None] for row in sheet.iter_rows()
            if row[0].value in ("合计", "平均", "合计/平均")}
    assert set(rows) == {"合计", "平均"}
    assert rows["合计"] and all(str(v).startswith("=SUM(") for v in rows["合计"])
    assert rows["平均"] and all(str(v).startswith("=AVERAGE(") for v in rows["平均"])
    rules = [rule.formula[0] for cf in sheet.conditional_formatting for rule in cf.rules]
    assert any('"优秀"' in f for f in rules) and any('"不合格"' in f for f in rules)


def test_missing_scores_warn_for_logistics_not_for_teachers(tmp_path):
    ws = workspace(tmp_path)
    result = run("appraisal", "-w", ws)
    assert result.exit_code == 0
    assert "吴七" in result.output and "钱老师" not in result.output


def test_year_option_and_default(tmp_path):
    ws = workspace(tmp_path)
    result = run("appraisal", "-w", ws, "--year", "2021")
    assert result.exit_code == 0, result.output
    assert not (ws / "outputs/员工考核").exists()
    assert "没有2021年的得分" in result.output
    assert run("appraisal", "-w", ws, "--year", "2022").exit_code == 0
    assert (ws / "outputs/员工考核/考核汇总.xlsx").is_file()
    # a calendar year's appraisal is a 年度 one: title and labels follow the period (#15)
    year = text_of(ws / "outputs/员工考核/孙五.docx")
    assert "后勤员工年度考核表" in year and "年度平均分" in year and "学期" not in year.replace("学期计划", "")
    header, _ = summary_rows(ws / "outputs/员工考核/考核汇总.xlsx")
    assert "年度平均" in header and "学期平均" not in header


def test_a_terms_form_is_a_term_appraisal_with_service_in_whole_years_and_months(tmp_path):
    ws = workspace(tmp_path)
    assert run("appraisal", "-w", ws).exit_code == 0
    text = text_of(ws / "outputs/员工考核/孙五.docx")
    assert "后勤员工学期考核表" in text and "学期平均分" in text and "年度平均" not in text
    assert "6年4个月" in text  # 入职 2016-02-22, the term ends 2022-07-01
    table = docx.Document(str(ws / "outputs/员工考核/孙五.docx")).tables[1]
    assert table.rows[0].cells[-1].text == "月合计\n100分"  # never 月合计（100 / 分）


@pytest.mark.parametrize(("joined", "end", "text"), [
    (dt.date(2019, 9, 1), dt.date(2022, 7, 1), "2年10个月"),
    (dt.date(2019, 7, 1), dt.date(2022, 7, 1), "3年"),
    (dt.date(2019, 7, 2), dt.date(2022, 7, 1), "2年11个月"),
    (dt.date(2022, 3, 1), dt.date(2022, 7, 1), "4个月"),
    (dt.date(2022, 9, 1), dt.date(2022, 7, 1), "0个月"),
])
def test_service_counts_whole_years_and_months_completed(joined, end, text):
    assert appraisal.service_text(joined, end) == text


def test_two_runs_are_byte_identical(tmp_path):
    a, b = workspace(tmp_path / "a"), workspace(tmp_path / "b")
    assert run("appraisal", "-w", a).exit_code == 0
    assert run("appraisal", "-w", b).exit_code == 0
    assert tree_hash(a / "outputs") == tree_hash(b / "outputs")


def test_sample_workspace_appraisal(tmp_path):
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    result = run("appraisal", "-w", tmp_path)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "outputs/员工考核"
    header, data = summary_rows(folder / "考核汇总.xlsx")
    assert len(data) >= 6
    assert sorted(p.stem for p in folder.glob("*.docx")) == sorted(r[header.index("姓名")] for r in data)


def test_a_form_converts_to_pdf_with_its_chinese(tmp_path, soffice, poppler):
    from pipeline.pdf.soffice import convert

    ws = workspace(tmp_path / "ws")
    assert run("appraisal", "-w", ws).exit_code == 0
    (pdf,) = convert([ws / "outputs/员工考核/孙五.docx"], tmp_path / "pdf")
    text = "".join(subprocess.run([poppler[0], str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert "后勤员工学期考核表" in text and "孙五" in text and "☑不合格" in text and "第6名" in text
    assert "月合计100分" in text
