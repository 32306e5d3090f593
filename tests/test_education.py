"""安全教育: the national days computed for the term (the last Monday of March moves every year),
only those within the term; the missing-theme warning and no warning for a lesson's own theme;
the lessons by class × month as formulas, recomputed by LibreOffice; page budget; rebuilds."""

import subprocess
from pathlib import Path

import docx
import openpyxl
from helpers import TERM_SETTINGS, copy_sample, docx_text, run_cli, tree_hash, write_xlsx

run = run_cli
THEME_HEADER = ["月份", "主题", "内容", "形式", "负责人"]
LESSON_HEADER = ["日期", "班级", "主题", "形式", "授课人", "学生人数"]
SPRING = [["2月", "疫情防控", "开学第一课", "班会", "刘伟"], ["3月", "防校园欺凌", "", "升旗仪式", "刘伟"],
          ["4月", "知法守法", "", "讲座", "陶向明"], ["5月", "心理健康", "", "班会", "王佳佳"],
          ["6月", "防溺水", "", "平台学习", "周静"]]
LESSONS = [
    ["2022-03-04", "三(2)班", "防校园欺凌", "班会", "赵敏", 44],
    ["2022-03-11", "一(1)班", "上下学交通安全", "班会", "张晓燕", 42],  # not the month's theme: fine
    ["2022-04-08", "三(2)班", "知法守法", "班会", "赵敏", 44],
    ["2022-04-15", "三(2)班", "国家安全知识", "讲座", "刘伟", 44],
    ["2022-02-25", "一(1)班", "疫情防控", "班会", "张晓燕", 41],
]
AUTUMN_SETTINGS = TERM_SETTINGS.replace('year = "2021—2022"', 'year = "2022—2023"').replace(
    "term = 2", "term = 1").replace("start = 2022-02-14", "start = 2022-08-31").replace(
    "end = 2022-06-30", "end = 2023-01-13")
SPRING_2023 = TERM_SETTINGS.replace('year = "2021—2022"', 'year = "2022—2023"').replace(
    "start = 2022-02-14", "start = 2023-02-06").replace("end = 2022-06-30", "end = 2023-06-30")


def workspace(tmp_path: Path, themes=SPRING, lessons=LESSONS, settings=TERM_SETTINGS) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "houqin.toml").write_text(settings, encoding="utf-8")
    more = {"教育记录": [LESSON_HEADER, *lessons]} if lessons is not None else None
    write_xlsx(tmp_path / "inputs/安全教育.xlsx", [["每月安全教育主题"], THEME_HEADER, *themes], sheet="主题安排",
               more_sheets=more)
    return tmp_path


def plan_rows(ws: Path) -> list[list[str]]:
    table = docx.Document(str(ws / "outputs/安全教育/每月安全教育主题安排表.docx")).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows][1:]


def test_spring_2022_marks_its_national_days_beside_their_months(tmp_path):
    ws = workspace(tmp_path)
    result = run("education", "-w", ws)
    assert result.exit_code == 0, result.output
    rows = plan_rows(ws)
    assert [r[0] for r in rows] == ["2月", "3月", "4月", "5月", "6月"]
    assert [r[-1] for r in rows] == ["", "3月28日\n全国中小学生安全教育日", "4月15日\n全民国家安全教育日",
                                     "5月12日\n防灾减灾日", "6月\n安全生产月"]
    assert rows[1][:5] == ["3月", "防校园欺凌", "", "升旗仪式", "刘伟"]
    text = docx_text(ws / "outputs/安全教育/每月安全教育主题安排表.docx")
    assert "本学期安全教育节点：3月28日全国中小学生安全教育日、4月15日全民国家安全教育日、5月12日防灾减灾日、6月安全生产月。" in text
    assert "测试实验小学" in text and "日期：2022年2月14日" in text


def test_the_last_monday_of_march_is_computed_for_each_year():
    from pipeline.kinds.education.plan import last_monday, national_days

    assert last_monday(2022, 3).isoformat() == "2022-03-28"
    assert last_monday(2023, 3).isoformat() == "2023-03-27"
    assert last_monday(2021, 3).isoformat() == "2021-03-29"
    days = national_days(*(__import__("datetime").date(2023, 2, 6), __import__("datetime").date(2023, 6, 30)))
    assert days[0] == ((2023, 3), "3月27日 全国中小学生安全教育日")


def test_spring_2023_prints_the_27th(tmp_path):
    themes = [[m, "主题", "", "班会", "刘伟"] for m in ("2月", "3月", "4月", "5月", "6月")]
    ws = workspace(tmp_path, themes=themes, lessons=None, settings=SPRING_2023)
    assert run("education", "-w", ws).exit_code == 0
    assert plan_rows(ws)[1][-1] == "3月27日\n全国中小学生安全教育日"


def test_an_autumn_term_marks_only_its_own_days(tmp_path):
    themes = [[m, "主题", "", "班会", "刘伟"] for m in ("9月", "10月", "11月", "12月", "1月")]
    ws = workspace(tmp_path, themes=themes, lessons=None, settings=AUTUMN_SETTINGS)
    result = run("education", "-w", ws)
    assert result.exit_code == 0, result.output
    rows = plan_rows(ws)
    assert [r[0] for r in rows] == ["9月", "10月", "11月", "12月", "1月"]
    assert [r[-1] for r in rows] == ["", "", "11月9日\n全国消防日", "12月2日\n全国交通安全日", ""]
    assert "安全教育日" not in docx_text(ws / "outputs/安全教育/每月安全教育主题安排表.docx")


def test_a_term_ending_before_may_12_has_neither_that_day_nor_june():
    import datetime as dt

    from pipeline.kinds.education.plan import national_days

    assert [t for _, t in national_days(dt.date(2022, 2, 14), dt.date(2022, 5, 11))] == [
        "3月28日 全国中小学生安全教育日", "4月15日 全民国家安全教育日"]
    assert [t for _, t in national_days(dt.date(2022, 6, 30), dt.date(2022, 7, 10))] == ["6月 安全生产月"]


def warning_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("警告")]


def test_a_term_month_without_a_theme_is_a_warning_and_shows_unplanned(tmp_path):
    ws = workspace(tmp_path, themes=[t for t in SPRING if t[0] != "5月"])
    result = run("education", "-w", ws)
    assert result.exit_code == 0, result.output
    assert warning_lines(result.output) == [
        "警告：安全教育.xlsx › 主题安排：2022年5月没有安排安全教育主题；每月应围绕一个安全主题上一节班队课"]
    assert plan_rows(ws)[3][:2] == ["5月", "（未安排）"]


def test_a_lesson_on_another_theme_than_its_month_is_no_warning(tmp_path):
    result = run("education", "-w", workspace(tmp_path))
    assert result.exit_code == 0
    assert warning_lines(result.output) == [], result.output


def test_summary_counts_lessons_by_class_and_month_as_formulas_and_lists_the_gaps(tmp_path):
    ws = workspace(tmp_path)
    assert run("education", "-w", ws).exit_code == 0
    book = openpyxl.load_workbook(ws / "outputs/安全教育/安全教育记录汇总.xlsx")
    assert book.sheetnames == ["班级×月份", "未上课班级", "教育记录"]
    grid = book["班级×月份"]
    assert [c.value for c in grid[3]] == ["班级", "2月", "3月", "4月", "5月", "6月", "合计"]
    assert [grid.cell(r, 1).value for r in (4, 5)] == ["一（1）班", "三（2）班"]  # as documents write them
    assert grid["D5"].value == "=COUNTIFS('教育记录'!$D$4:$D$8,$A5,'教育记录'!$C$4:$C$8,\"2022年4月\")"
    assert grid["G5"].value == "=SUM(B5:F5)" and str(grid["B6"].value).startswith("=SUM(")
    gaps = [row for row in book["未上课班级"].iter_rows(min_row=4, values_only=True) if row[0]]
    assert gaps[:4] == [("2022年2月", "疫情防控", 1, "三（2）班"), ("2022年4月", "知法守法", 1, "一（1）班"),
                        ("2022年5月", "心理健康", 2, "一（1）班、三（2）班"), ("2022年6月", "防溺水", 2, "一（1）班、三（2）班")]


def test_a_class_the_property_checks_with_no_lesson_all_term_is_listed_every_month(tmp_path):
    """Without a class list the summary knew only classes with a lesson; one with none all
    term was missing from it entirely (the inspector's finding). 公物检查 checks every class."""
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/公物检查.xlsx", [["检查日期", "班级或办公室", "检查项目", "结果", "扣分", "检查人"],
                                             ["2022-03-21", "三(2)班", "门窗", "完好", 0, "周静"],
                                             ["2022-03-21", "四（3）班", "门窗", "完好", 0, "周静"],
                                             ["2022-03-21", "教务处", "门窗", "完好", 0, "周静"]], sheet="公物检查")
    assert run("education", "-w", ws).exit_code == 0
    book = openpyxl.load_workbook(ws / "outputs/安全教育/安全教育记录汇总.xlsx")
    grid = book["班级×月份"]
    assert [grid.cell(r, 1).value for r in (4, 5, 6)] == ["一（1）班", "三（2）班", "四（3）班"]  # not 教务处
    gaps = {row[0]: row[3] for row in book["未上课班级"].iter_rows(min_row=4, values_only=True) if row[0]}
    assert all("四（3）班" in gaps[month] for month in ("2022年2月", "2022年3月", "2022年4月", "2022年5月"))


def test_libreoffice_recomputes_the_counts(tmp_path, soffice):
    from test_layout import recompute

    ws = workspace(tmp_path / "ws")
    assert run("education", "-w", ws).exit_code == 0
    book = ws / "outputs/安全教育/安全教育记录汇总.xlsx"
    grid = openpyxl.load_workbook(recompute([book], tmp_path / "lo")[book], data_only=True)["班级×月份"]
    assert [[grid.cell(r, c).value for c in range(2, 8)] for r in (4, 5, 6)] == [
        [1, 1, 0, 0, 0, 2], [0, 1, 2, 0, 0, 3], [1, 2, 2, 0, 0, 5]]


def test_two_builds_are_byte_identical(tmp_path):
    one, two = workspace(tmp_path / "a"), workspace(tmp_path / "b")
    assert run("education", "-w", one, "-q").exit_code == 0
    assert run("education", "-w", two, "-q").exit_code == 0
    assert tree_hash(one / "outputs/安全教育") == tree_hash(two / "outputs/安全教育")
    assert len(tree_hash(one / "outputs/安全教育")) == 2


def test_sample_term_a_theme_each_month_forty_lessons_one_class_missing_a_month(tmp_path):
    ws = copy_sample(tmp_path / "ws")
    result = run("education", "-w", ws)
    assert result.exit_code == 0 and not warning_lines(result.output), result.output
    themes = [r[1] for r in plan_rows(ws)]
    assert {"防校园欺凌", "心理健康", "疫情防控", "知法守法"} <= set(themes) and len(themes) == 5
    book = openpyxl.load_workbook(ws / "outputs/安全教育/安全教育记录汇总.xlsx")
    assert 48 <= book["教育记录"].max_row - 4 <= 54
    gaps = [row for row in book["未上课班级"].iter_rows(min_row=4, values_only=True) if row[0]]
    assert gaps[0] == ("2022年5月", "心理健康", 1, "五（2）班") and gaps[1][0] == "合计"


def test_sample_documents_keep_their_page_budgets(tmp_path, soffice):
    from fnmatch import fnmatch

    from pipeline.kinds import registry

    ws = copy_sample(tmp_path / "ws")
    assert run("education", "-w", ws, "-q").exit_code == 0
    outputs = ws / "outputs"
    files = sorted((outputs / "安全教育").iterdir())
    pdfs = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(pdfs), *map(str, files)],
                   check=True, capture_output=True, timeout=600)
    for file in files:
        rel = file.relative_to(outputs).with_suffix(".pdf").as_posix()
        budget = next(p for p in registry()["education"].paper if fnmatch(rel, p.pattern))
        info = subprocess.run(["pdfinfo", str(pdfs / f"{file.stem}.pdf")], capture_output=True, text=True,
                              check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert pages <= budget.pages, (rel, pages)


def test_one_class_written_two_ways_is_counted_once(tmp_path):
    lessons = [*LESSONS, ["2022-05-06", "三（2）班", "心理健康", "班会", "赵敏", 44]]
    ws = workspace(tmp_path, lessons=lessons)
    assert run("education", "-w", ws).exit_code == 0
    grid = openpyxl.load_workbook(ws / "outputs/安全教育/安全教育记录汇总.xlsx")["班级×月份"]
    assert [grid.cell(r, 1).value for r in (4, 5, 6)] == ["一（1）班", "三（2）班", "合计"]
    assert grid["E5"].value.startswith("=COUNTIFS(") and grid["G5"].value == "=SUM(B5:F5)"


def test_a_theme_for_a_month_outside_the_term_is_a_warning(tmp_path):
    result = run("education", "-w", workspace(tmp_path, themes=[*SPRING, ["8月", "暑期安全", "", "其他", "周静"]]))
    assert result.exit_code == 0
    assert warning_lines(result.output) == [
        "警告：安全教育.xlsx › 主题安排 › 第8行 › 月份：2022年8月不在本学期内，但安排了主题「暑期安全」；请核对月份"]
