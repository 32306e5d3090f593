"""公物检查: scores and the ranking with ties, the best rooms named, the damaged items with the
维修报修 request of the same place within 7 days, the 台账's formulas, located errors."""

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
from helpers import TERM_SETTINGS, docx_text, run_cli, tree_hash, write_xlsx

from pipeline.kinds.property.plan import ranks

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["检查日期", "班级或办公室", "检查项目", "结果", "扣分", "检查人", "备注"]
#: March: 一（1）班 100, 一（2）班 99, 二（1）班 99 (two checks: 0.5 + 0.5), 三（2）班 97, 四（1）班 98;
#: offices 后勤办公室 100, 教务处 98. April: 一（1）班 only.
CHECKS = [
    ["2022-03-21", "一（1）班", "门窗", "完好", None, "周静、朱志刚", None],
    ["2022-03-21", "一（2）班", "节约用电", "未关闭", 1, "周静、朱志刚", "大课间灯未关"],
    ["2022-03-21", "二（1）班", "清洁用具", "缺失", 0.5, "周静、朱志刚", "扫帚缺失"],
    ["2022-03-28", "二（1）班", "节约用电", "未关闭", 0.5, "谢丰", None],
    ["2022-03-21", "三（2）班", "门窗", "损坏", 3, "周静、朱志刚", "后门门锁损坏"],
    ["2022-03-21", "四（1）班", "桌椅", "损坏", 2, "周静、朱志刚", "椅子靠背开裂"],
    ["2022-03-21", "后勤办公室", "门窗", "完好", 0, "周静、朱志刚", None],
    ["2022-03-21", "教务处", "电教设备", "损坏", 2, "周静、朱志刚", "打印机卡纸"],
    ["2022-04-26", "一（1）班", "桌椅", "完好", 0, "周静", None],
]
REPAIR_HEADER = ["报修日期", "报修人", "报修部门", "地点", "报修内容", "类别", "维修人", "完成日期", "材料费用"]
REPAIRS = [
    ["2022-03-10", "黄丽", "四（1）班", "四（1）班教室", "椅子靠背开裂", "课桌椅", "汤伟", "2022-03-11", 20],
    ["2022-03-22", "赵敏", "三（2）班", "三（2）班教室", "后门门锁损坏", "门窗", "汤伟", "2022-03-23", 55],
    ["2022-03-25", "陶向明", "教务处", "教务处", "打印机卡纸", "电教设备", None, None, None],
]

run = run_cli


def workspace(tmp_path: Path, rows=CHECKS, repairs=REPAIRS) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "houqin.toml").write_text(TERM_SETTINGS, encoding="utf-8")
    write_xlsx(tmp_path / "inputs/公物检查.xlsx", [["公物检查记录"], HEADER, *rows], sheet="公物检查")
    if repairs is not None:
        write_xlsx(tmp_path / "inputs/维修报修.xlsx", [REPAIR_HEADER, *repairs], sheet="维修报修")
    return tmp_path


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_ranking_gives_a_tie_the_same_rank_and_skips_the_next():
    scores = [Decimal(s) for s in ("100", "99", "99", "97", "98")]
    assert ranks(scores) == [1, 2, 2, 5, 4]


def test_the_notice_ranks_classes_and_offices_apart_with_ties_and_names_the_best(tmp_path):
    ws = workspace(tmp_path)
    result = run("property", "-w", ws)
    assert result.exit_code == 0, result.output
    folder = ws / "outputs/公物检查/公物检查通报"
    assert sorted(p.name for p in folder.glob("*.docx")) == ["2022年3月 公物检查通报.docx", "2022年4月 公物检查通报.docx"]
    march = docx.Document(str(folder / "2022年3月 公物检查通报.docx"))
    classes, offices = table_rows(march.tables[0]), table_rows(march.tables[1])
    assert classes[0] == ["名次", "班级", "扣分", "得分", "存在问题"]
    assert [row[:4] for row in classes[1:]] == [
        ["1", "一（1）班", "0", "100"], ["2", "一（2）班", "1", "99"], ["2", "二（1）班", "1", "99"],
        ["4", "四（1）班", "2", "98"], ["5", "三（2）班", "3", "97"]]
    assert classes[3][4] == "清洁用具缺失（扫帚缺失）；节约用电未关闭"
    assert [row[:4] for row in offices[1:]] == [["1", "后勤办公室", "0", "100"], ["2", "教务处", "2", "98"]]
    text = docx_text(folder / "2022年3月 公物检查通报.docx")
    assert "2022年3月21日、2022年3月28日，周静、朱志刚、谢丰对5个班级、2个办公室的公物进行了检查" in text
    # the best three by rank are 一（1）班 and the two tied at 2, rank 4 left out; but the two
    # tied left a light on (named below), and 教务处's printer is broken: no praise beside that
    assert "列入善真中队评比表扬的班级：一（1）班；" in text
    assert "列入善真办公室评比表扬的办公室：后勤办公室。" in text
    assert "离开时未关闭门窗、灯具、风扇或电教设备（节约用电）的：一（2）班、二（1）班。" in text


def test_a_damaged_item_shows_the_repair_of_the_same_place_within_seven_days(tmp_path):
    ws = workspace(tmp_path)
    assert run("property", "-w", ws).exit_code == 0
    march = docx.Document(str(ws / "outputs/公物检查/公物检查通报/2022年3月 公物检查通报.docx"))
    damages = {row[0]: row for row in table_rows(march.tables[2])[1:]}
    # reported the day after the check, done 3月23日
    assert damages["三（2）班"][4] == "WX-2022-002\n已完成，3月23日"
    # 四（1）班's request came 11 days before the check: not this damage
    assert damages["四（1）班"][4] == "未报修\n"
    assert damages["教务处"][4] == "WX-2022-003\n逾期"  # open at the term's end
    assert damages["二（1）班"][4] == "\n"  # 缺失: nothing to repair
    detail = openpyxl.load_workbook(ws / "outputs/公物检查/公物检查台账.xlsx")["扣分明细"]
    repair_of = {row[1]: row[8] for row in detail.iter_rows(min_row=4, values_only=True) if row[4] == "损坏"}
    assert repair_of == {"三（2）班": "WX-2022-002（已完成，3月23日）", "四（1）班": "未报修",
                         "教务处": "WX-2022-003（逾期）"}


def test_without_the_repair_input_the_repair_cell_stays_blank(tmp_path):
    ws = workspace(tmp_path, repairs=None)
    assert run("property", "-w", ws).exit_code == 0
    march = docx.Document(str(ws / "outputs/公物检查/公物检查通报/2022年3月 公物检查通报.docx"))
    assert {row[4] for row in table_rows(march.tables[2])[1:]} == {"\n"}


def test_the_ledger_scores_rooms_by_month_as_formulas_over_the_deductions(tmp_path):
    ws = workspace(tmp_path)
    assert run("property", "-w", ws).exit_code == 0
    book = openpyxl.load_workbook(ws / "outputs/公物检查/公物检查台账.xlsx")
    scores = book["得分"]
    assert [c.value for c in scores[3]] == ["班级或办公室", "类别", "3月", "4月", "平均分"]
    rows = {r[0]: r for r in scores.iter_rows(min_row=4, values_only=True) if r[0]}
    assert list(rows)[:7] == ["一（1）班", "一（2）班", "二（1）班", "三（2）班", "四（1）班", "后勤办公室", "教务处"]
    assert rows["二（1）班"][2] == ("=100-SUMIFS('扣分明细'!$F$4:$F$9,'扣分明细'!$B$4:$B$9,$A6,"
                                  "'扣分明细'!$A$4:$A$9,\">=\"&DATE(2022,3,1),'扣分明细'!$A$4:$A$9,\"<\"&DATE(2022,4,1))")
    assert rows["二（1）班"][3] is None  # not checked in April: blank, not 100
    assert rows["一（1）班"][3].startswith("=100-SUMIFS(")
    assert rows["平均"][2] == '=IFERROR(AVERAGE(C4:C10),"")'
    cached = {r[0]: r for r in openpyxl.load_workbook(ws / "outputs/公物检查/公物检查台账.xlsx", data_only=True)["得分"]
              .iter_rows(min_row=4, values_only=True) if r[0]}
    assert cached["二（1）班"][2] == 99 and cached["三（2）班"][2] == 97 and cached["一（1）班"][4] == 100


def test_bad_rows_are_located_errors_all_at_once_and_nothing_is_written(tmp_path):
    rows = [list(r) for r in CHECKS]
    rows[0][3] = "破了"
    rows[1][5] = None
    rows[2][4] = -1
    rows[6][4] = 1  # 完好 with a deduction: a warning
    ws = workspace(tmp_path, rows)
    result = run("property", "-w", ws)
    assert result.exit_code == 1
    assert "公物检查.xlsx › 公物检查 › 第3行 › 结果：不是可选的值「破了」，应为 完好、损坏、未关闭、缺失" in result.output
    assert "公物检查.xlsx › 公物检查 › 第4行 › 检查人：必填，不能为空" in result.output
    assert "公物检查.xlsx › 公物检查 › 第5行 › 扣分：不能小于0「-1」，应为 不小于 0 的数" in result.output
    assert "公物检查.xlsx › 公物检查 › 第9行 › 扣分：结果为「完好」却扣了 1 分；请核对结果或扣分" in result.output
    assert tree_hash(ws / "outputs") == {}


def test_two_builds_give_byte_identical_files(tmp_path):
    ws = workspace(tmp_path)
    assert run("property", "-w", ws).exit_code == 0
    first = tree_hash(ws / "outputs")
    shutil.rmtree(ws / "outputs")
    assert run("property", "-w", ws).exit_code == 0
    assert tree_hash(ws / "outputs") == first


def test_sample_workspace_property_meets_the_repair_of_march(tmp_path):
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    result = run("property", "-w", tmp_path)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "outputs/公物检查/公物检查通报"
    assert len(list(folder.glob("*.docx"))) == 4
    march = docx.Document(str(folder / "2022年3月 公物检查通报.docx"))
    damages = {row[0]: row[4] for row in table_rows(march.tables[2])[1:]}
    assert damages["四（1）班"] == "WX-2022-015\n已完成，3月23日"
    classes = table_rows(march.tables[0])[1:]
    assert [row[0] for row in classes[:3]] == ["1", "1", "1"] and classes[3][0] == "4"


def test_ledger_recomputed_by_libreoffice_and_the_notice_within_its_pages(tmp_path, soffice):
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    assert run("property", "-w", tmp_path).exit_code == 0
    out = tmp_path / "converted"
    ledger = tmp_path / "outputs/公物检查/公物检查台账.xlsx"
    notice = tmp_path / "outputs/公物检查/公物检查通报/2022年3月 公物检查通报.docx"
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run([soffice, "--headless", profile, "--convert-to", "xlsx", "--outdir", str(out), str(ledger)],
                   check=True, capture_output=True, timeout=180)
    subprocess.run([soffice, "--headless", profile, "--convert-to", "pdf", "--outdir", str(out), str(notice)],
                   check=True, capture_output=True, timeout=180)

    def values(path):
        return [[round(c, 9) if isinstance(c, float) else c for c in r]
                for r in openpyxl.load_workbook(path, data_only=True)["得分"].iter_rows(values_only=True)]

    assert values(out / "公物检查台账.xlsx") == values(ledger)
    scores = {r[0]: r for r in values(out / "公物检查台账.xlsx") if r[0]}
    assert scores["四（1）班"][2:6] == [97, 100, 98, 100]
    info = subprocess.run(["pdfinfo", str(out / "2022年3月 公物检查通报.pdf")], capture_output=True, text=True,
                          check=True).stdout
    assert next(int(line.split()[1]) for line in info.splitlines() if line.startswith("Pages:")) <= 2
    text = subprocess.run(["pdftotext", str(out / "2022年3月 公物检查通报.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "公物检查通报" in text and "WX-2022-015" in text


def test_inspectors_separated_by_a_comma_or_a_space_are_each_named_once(tmp_path):
    rows = [["2022-03-21", "一（1）班", "门窗", "完好", None, "周静，朱志刚", None],
            ["2022-03-21", "一（2）班", "门窗", "完好", None, "周静 朱志刚", None],
            ["2022-03-21", "二（1）班", "门窗", "损坏", 1, "周静、朱志刚", "窗户把手松动"]]
    ws = workspace(tmp_path, rows, repairs=None)
    result = run("property", "-w", ws)
    assert result.exit_code == 0, result.output
    text = docx_text(ws / "outputs/公物检查/公物检查通报/2022年3月 公物检查通报.docx")
    assert "2022年3月21日，周静、朱志刚对3个班级、0个办公室的公物进行了检查" in text
    ledger = openpyxl.load_workbook(ws / "outputs/公物检查/公物检查台账.xlsx")["扣分明细"]
    assert [c.value for c in ledger[4]][1:7] == ["二（1）班", "班级", "门窗", "损坏", 1, "周静、朱志刚"]


def test_one_room_typed_with_half_and_full_width_brackets_is_scored_once_as_first_typed(tmp_path):
    rows = [["2022.3.21", "三(2)班", "门窗", "损坏", 3, "周静", None],
            ["2022.3.21", "三（2）班", "桌椅", "缺失", "２", "周静", None],
            ["2022.3.21", "四（1）班", "门窗", "完好", 0, "周静", None],
            ["2022.3.21", "五（1）班", "门窗", "损坏", 1, "周静", None],
            ["2022.3.21", "六 (1) 班", "门窗", "完好", 0, "周静", None]]
    ws = workspace(tmp_path, rows, repairs=None)
    result = run("property", "-w", ws)
    assert result.exit_code == 0, result.output
    notice = ws / "outputs/公物检查/公物检查通报/2022年3月 公物检查通报.docx"
    classes = table_rows(docx.Document(str(notice)).tables[0])
    assert [row[:4] for row in classes[1:]] == [
        ["1", "四（1）班", "0", "100"], ["1", "六 (1) 班", "0", "100"], ["3", "五（1）班", "1", "99"],
        ["4", "三(2)班", "5", "95"]]
    assert classes[4][4] == "门窗损坏；桌椅缺失"
    text = docx_text(notice)
    assert "周静对4个班级、0个办公室的公物进行了检查" in text
    assert "列入善真中队评比表扬的班级：四（1）班、六 (1) 班；" in text  # 五（1）班's door is broken
    scores = openpyxl.load_workbook(ws / "outputs/公物检查/公物检查台账.xlsx")["得分"]
    rooms = [scores.cell(r, 1).value for r in range(4, scores.max_row + 1)]
    assert rooms[:4] == ["三(2)班", "四（1）班", "五（1）班", "六 (1) 班"] and "三（2）班" not in rooms
    detail = openpyxl.load_workbook(ws / "outputs/公物检查/公物检查台账.xlsx")["扣分明细"]
    assert [detail.cell(r, 2).value for r in (4, 5)] == ["三(2)班", "三(2)班"]  # the 得分 formula matches them


def test_the_notice_is_signed_after_the_repairs_it_cites_and_knows_nothing_later(tmp_path):
    """A notice dated the day of the check cited repairs reported after it (the inspector's
    finding): it is signed on the latest report or repair it cites within the window, and
    a repair finished after that is 未完成 on it."""
    rows = [["2022-03-21", "三（2）班", "门窗", "损坏", 3, "周静", "后门门锁损坏"],
            ["2022-03-21", "四（1）班", "桌椅", "损坏", 2, "周静", "椅子靠背开裂"]]
    repairs = [["2022-03-22", "赵敏", "三（2）班", "三（2）班教室", "后门门锁损坏", "门窗", "汤伟", "2022-03-24", 55],
               ["2022-03-25", "黄丽", "四（1）班", "四（1）班教室", "椅子靠背开裂", "课桌椅", "汤伟", "2022-04-06", 20]]
    ws = workspace(tmp_path, rows, repairs)
    assert run("property", "-w", ws).exit_code == 0
    notice = ws / "outputs/公物检查/公物检查通报/2022年3月 公物检查通报.docx"
    damages = {row[0]: row for row in table_rows(docx.Document(str(notice)).tables[2])[1:]}
    assert damages["三（2）班"][4] == "WX-2022-001\n已完成，3月24日"
    assert damages["四（1）班"][4] == "WX-2022-002\n未完成"  # done 4月6日, after the notice
    assert "2022年3月25日" in docx_text(notice)  # signed on the last report it cites
