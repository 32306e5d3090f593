"""值日安排: weekly tables (.docx and .xlsx), 替班 in the right cell, attendance, holiday flags."""

import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from helpers import TERM_SETTINGS, run_cli, tree_hash, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = TERM_SETTINGS
HEADER = ["日期", "岗位", "地点", "姓名", "到岗情况", "替班人", "备注"]
TWO_WEEKS = [
    ["2022-02-14", "楼层值日", "沛学楼一楼", "张晓燕", "到岗", None, None],
    ["2022-02-14", "护学岗", "南校门", "李娜", "到岗", None, None],
    ["2022-02-15", "楼层值日", "沛学楼一楼", "张晓燕", "缺岗", None, None],
    ["2022-02-15", "护学岗", "南校门", "李娜", "请假", None, "病假"],
    ["2022-02-16", "楼层值日", "沛学楼一楼", "陈美玲", "到岗", None, None],
    ["2022-02-21", "楼层值日", "沛学楼一楼", "张晓燕", "到岗", None, None],
    ["2022-02-22", "楼层值日", "沛学楼二楼", "陈美玲", "替班", "王秀英", "外出教研"],
    ["2022-02-22", "护学岗", "南校门", "李娜", "替班", "张晓燕", None],
    ["2022-02-23", "护学岗", "南校门", "王秀英", "到岗", None, None],
]
#: Counted by hand from TWO_WEEKS: 安排, 到岗, 缺岗, 请假, 由他人替班, 替他人值日, 实际值日
HAND_COUNT = {
    "张晓燕": (3, 2, 1, 0, 0, 1, 3),
    "李娜": (3, 1, 0, 1, 1, 0, 1),
    "陈美玲": (2, 1, 0, 0, 1, 0, 1),
    "王秀英": (1, 1, 0, 0, 0, 1, 2),
}


run = run_cli


def workspace(tmp_path: Path, rows=TWO_WEEKS) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "houqin.toml").write_text(SETTINGS, encoding="utf-8")
    write_xlsx(tmp_path / "inputs/值日安排.xlsx", [["值日安排"], HEADER, *rows], sheet="值日安排")
    return tmp_path


def grid(path: Path) -> list[list[str]]:
    (table,) = docx.Document(str(path)).tables[:1]
    return [[cell.text for cell in row.cells] for row in table.rows]


def cell(rows: list[list[str]], place: str, weekday: str) -> str:
    col = next(i for i, text in enumerate(rows[0]) if weekday in text)
    (row,) = [r for r in rows[1:] if r[1] == place]
    return row[col]


def test_two_weeks_give_two_weekly_tables_with_the_substitute_in_the_right_cell(tmp_path):
    ws = workspace(tmp_path)
    result = run("roster", "-w", ws)
    assert result.exit_code == 0, result.output
    folder = ws / "outputs/值日安排"
    assert sorted(p.name for p in folder.iterdir()) == [
        "值日考勤统计.xlsx", "第01周 值日安排表.docx", "第01周 值日安排表.xlsx",
        "第02周 值日安排表.docx", "第02周 值日安排表.xlsx"]
    week2 = grid(folder / "第02周 值日安排表.docx")
    assert week2[0][:2] == ["岗位", "地点"]
    assert [text.split("\n")[0] for text in week2[0][2:]] == ["星期一", "星期二", "星期三", "星期四", "星期五"]
    # the note on a line of its own, so a name never breaks inside (#15)
    assert cell(week2, "沛学楼二楼", "星期二") == "王秀英\n（替陈美玲）"
    assert cell(week2, "南校门", "星期二") == "张晓燕\n（替李娜）"
    assert cell(week2, "沛学楼二楼", "星期一") == ""
    week1 = grid(folder / "第01周 值日安排表.docx")
    assert cell(week1, "沛学楼一楼", "星期二") == "张晓燕\n（缺岗）"
    assert cell(week1, "南校门", "星期二") == "李娜\n（请假）"
    assert "王秀英" not in "".join(map("".join, week1))
    document = docx.Document(str(folder / "第02周 值日安排表.docx"))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "第2周\n2022年2月21日至2月25日" in text and "日期：2022年2月21日" in text
    sheet = openpyxl.load_workbook(folder / "第02周 值日安排表.xlsx").active
    values = [[c for c in r] for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in values if r[0] == "岗位")
    tuesday = next(i for i, h in enumerate(header) if h and h.startswith("星期二"))
    (row,) = [r for r in values if r[1] == "沛学楼二楼"]
    assert row[tuesday] == "王秀英（替陈美玲）"


def test_attendance_counts_equal_a_hand_count(tmp_path):
    ws = workspace(tmp_path)
    assert run("roster", "-w", ws).exit_code == 0
    sheet = openpyxl.load_workbook(ws / "outputs/值日安排/值日考勤统计.xlsx")["考勤统计"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    assert header[1:9] == ("姓名", "安排值日（次）", "到岗（次）", "缺岗（次）", "请假（次）",
                           "由他人替班（次）", "替他人值日（次）", "实际值日（次）")
    counted = {r[1]: tuple(r[2:9]) for r in rows[3:] if r[1] in HAND_COUNT}
    assert counted == HAND_COUNT
    totals = next(r for r in rows if r[0] == "合计")
    assert str(totals[2]).startswith("=SUM(")
    details = openpyxl.load_workbook(ws / "outputs/值日安排/值日考勤统计.xlsx")["缺岗请假替班明细"]
    assert sum(1 for r in details.iter_rows(min_row=4, values_only=True) if r[3]) == 4


def test_holiday_and_out_of_term_duties_are_flagged_and_warned(tmp_path):
    rows = [
        ["2022-04-01", "楼层值日", "沛学楼一楼", "张晓燕", "到岗", None, None],
        ["2022-04-02", "楼层值日", "沛学楼一楼", "李娜", "到岗", None, None],  # 调休上班 Saturday
        ["2022-04-04", "门卫", "南校门", "王秀英", "到岗", None, None],  # 清明节
        ["2022-07-05", "门卫", "南校门", "王秀英", "到岗", None, None],  # after the term
    ]
    ws = workspace(tmp_path, rows)
    result = run("roster", "-w", ws)
    assert result.exit_code == 0, result.output
    assert "2022年4月4日（星期一）是法定节假日（清明）" in result.output
    assert "2022年7月5日（星期二）不在本学期" in result.output
    assert "2022年4月2日" not in result.output.replace("2022年4月2日至", "")
    folder = ws / "outputs/值日安排"
    week7 = grid(folder / "第07周 值日安排表.docx")
    assert [h.split("\n")[0] for h in week7[0][2:]] == ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六"]
    assert "调休上班" in week7[0][-1]
    week8 = grid(folder / "第08周 值日安排表.docx")
    monday = next(h for h in week8[0] if h.startswith("星期一"))
    assert "清明" in monday and "节假日" in monday
    # the checker's note is a warning (above), not printed on the filed form
    notes = "\n".join(p.text for p in docx.Document(str(folder / "第08周 值日安排表.docx")).paragraphs)
    assert "注：" not in notes and "请核实" not in notes
    # a week wholly after the term's end is not produced (the term is the outer bound)
    assert not (folder / "第21周 值日安排表.docx").exists()


def test_two_builds_give_byte_identical_files(tmp_path):
    a, b = workspace(tmp_path / "a"), workspace(tmp_path / "b")
    assert run("roster", "-w", a).exit_code == 0
    assert run("roster", "-w", b).exit_code == 0
    assert tree_hash(a / "outputs") == tree_hash(b / "outputs")


def test_sample_workspace_roster(tmp_path):
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    result = run("roster", "-w", tmp_path)
    assert result.exit_code == 0, result.output
    weeks = sorted((tmp_path / "outputs/值日安排").glob("第*周 值日安排表.docx"))
    assert len(weeks) == 20 and len(list((tmp_path / "outputs/值日安排").glob("*.xlsx"))) == 21


def test_a_weekly_table_converts_to_pdf_with_its_chinese(tmp_path, soffice, poppler):
    from pipeline.pdf.soffice import convert

    ws = workspace(tmp_path)
    assert run("roster", "-w", ws).exit_code == 0
    (pdf,) = convert([ws / "outputs/值日安排/第02周 值日安排表.docx"], tmp_path / "pdf")
    text = "".join(subprocess.run([poppler[0], str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert "测试实验小学值日安排表" in text and "王秀英（替陈美玲）" in text and "星期二" in text


# ---------------------------------------------------------------------------- on paper (#15)

#: The week of 清明 2022 (4月4日、5日 off): duties Wednesday to Friday only.
QINGMING = [
    [f"2022-04-0{d}", post, place, name, status, sub, None]
    for d in (6, 7, 8)
    for post, place, name, status, sub in (
        ("楼层值日", "沛学楼一楼", "张晓燕", "替班" if d == 6 else "到岗", "孙丽华" if d == 6 else None),
        ("楼层值日", "沛学楼二楼", "陈美玲", "到岗", None),
        ("楼层值日", "沛学楼三楼", "王秀英", "到岗", None),
        ("护学岗", "南校门", "李娜", "到岗", None),
        ("护学岗", "北校门", "刘伟", "到岗", None),
    )
]


def _vmerge(cell) -> str | None:
    from docx.oxml.ns import qn

    tcpr = cell._tc.tcPr
    merge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
    return None if merge is None else merge.get(qn("w:val"))


def test_holidays_are_labelled_fang_jia_with_their_name_and_posts_are_merged_down(tmp_path):
    ws = workspace(tmp_path, QINGMING)
    result = run("roster", "-w", ws)
    assert result.exit_code == 0, result.output
    path = ws / "outputs/值日安排/第08周 值日安排表.docx"
    (table,) = docx.Document(str(path)).tables[:1]
    trs = table._tbl.tr_lst
    heads = [cell.text for cell in table.rows[0].cells]
    assert heads[2].split("\n") == ["星期一", "4月4日", "（清明）"]
    assert heads[3].split("\n") == ["星期二", "4月5日", "（清明）"]
    assert "（清明" not in heads[4]
    # raw cells (python-docx's row.cells repeats a merged cell's text on every row it covers)
    from docx.table import _Cell

    raw = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in trs]
    monday = [row[2] for row in raw[1:]]
    assert [c.text for c in monday] == ["放假", "", "", "", ""]
    assert [_vmerge(c) for c in monday] == ["restart", "continue", "continue", "continue", "continue"]
    posts = [row[0] for row in raw[1:]]
    assert [c.text for c in posts] == ["楼层值日", "", "", "护学岗", ""]
    assert [_vmerge(c) for c in posts] == ["restart", "continue", "continue", "restart", "continue"]
    assert [c.text for c in raw[1][4:]] == ["孙丽华\n（替张晓燕）", "张晓燕", "张晓燕"]
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "“孙丽华（替张晓燕）”表示孙丽华替张晓燕值日" in text  # the example is real
    assert "王秀英（替陈美玲）" not in text
    # the workbook: 岗位 merged over its rows, the holiday columns one 放假 cell
    sheet = openpyxl.load_workbook(ws / "outputs/值日安排/第08周 值日安排表.xlsx").active
    top = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "岗位")
    merged = {str(m) for m in sheet.merged_cells.ranges}
    assert {f"A{top + 1}:A{top + 3}", f"A{top + 4}:A{top + 5}",
            f"C{top + 1}:C{top + 5}", f"D{top + 1}:D{top + 5}"} <= merged
    assert sheet.cell(top + 1, 3).value == "放假" and "清明" in sheet.cell(top, 3).value


def test_without_any_substitution_the_note_names_nobody(tmp_path):
    rows = [r for r in QINGMING if r[4] != "替班"]
    ws = workspace(tmp_path, rows)
    assert run("roster", "-w", ws).exit_code == 0
    document = docx.Document(str(ws / "outputs/值日安排/第08周 值日安排表.docx"))
    line = next(p.text for p in document.paragraphs if p.text.startswith("说明："))
    assert "替某某" in line and "“" in line and "王秀英（替" not in line


@pytest.mark.libreoffice
def test_names_are_never_broken_on_the_printed_sample_weeks(tmp_path, soffice, poppler):
    """Every （替某某） and （缺岗） printed whole on one line: the old table gave 孙丽华（替张晓 / 燕）."""
    import re

    from pipeline.pdf.soffice import convert

    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    assert run("roster", "-w", tmp_path).exit_code == 0
    folder = tmp_path / "outputs/值日安排"
    source = list(openpyxl.load_workbook(ROOT / "inputs/值日安排.xlsx").worksheets[0].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(source) if "姓名" in r)
    name_col = source[top].index("姓名")
    staff = {r[name_col] for r in source[top + 1:] if r[name_col]}
    weeks = sorted(folder.glob("第*周 值日安排表.docx"))
    pdfs = convert(weeks, tmp_path / "pdf")
    notes = 0
    for pdf in pdfs:
        text = subprocess.run([poppler[0], "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        for line in text.splitlines():
            for opened in re.finditer(r"（[替缺请]", line):
                whole = re.match(r"（(?:替(\S+?)|缺岗|请假)）", line[opened.start():])
                assert whole, (pdf.name, line)
                assert whole[1] is None or whole[1] in staff, (pdf.name, whole[0])
                notes += 1
    assert notes >= 5  # the sample has substitutions and absences to print
