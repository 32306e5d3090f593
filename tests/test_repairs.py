"""维修报修: the rules of SPEC §2.8, the monthly 维修登记表, the 维修台账's formulas, and the
repair count and cost in the 固定资产台账 (through the repairs kind's figures hook)."""

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
from helpers import TERM_SETTINGS, docx_text, run_cli, tree_hash, write_xlsx

from pipeline.kinds import registry

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["报修日期", "报修人", "报修部门", "地点", "报修内容", "类别", "损坏原因", "资产编号", "维修人",
          "完成日期", "材料费用（元）", "验收人", "备注"]
ROWS = [
    ["2022-03-01", "王芳", "二（1）班", "二（1）班教室", "窗户插销脱落", "门窗", "", None, "汤伟",
     "2022-03-02", 8, "刘刚", None],
    ["2022-03-03", "郭亮", "六（1）班", "六（1）班教室", "课桌抽屉被踩坏", "课桌椅", "人为损坏", "XJ-2017-003",
     "汤伟", "2022-03-04", 30, "朱志刚", None],
    ["2022-03-09", "陶向明", "教学管理中心", "302教室", "一体机无法开机", "电教设备", None, "XJ-2016-003",
     "汤伟", "2022-03-16", "650.5", "刘刚", None],
    ["2022-04-01", "黄丽", "四（1）班", "四（1）班教室", "门锁被撞坏", "", "人为", None, "汤伟",
     None, None, None, None],
    ["2022-04-06", "郭亮", "六（1）班", "六（1）班教室", "玻璃被砸裂", "门窗", "人为损坏", "XJ-2017-003",
     None, None, None, None, None],
]
ASSETS = [["资产编号", "资产名称", "数量", "单价"],
          ["XJ-2016-003", "交互式一体机", 1, 9800], ["XJ-2017-003", "学生升降课桌椅", 100, 600],
          ["XJ-2018-001", "交互式一体机", 1, 9800]]

run = run_cli


def workspace(tmp_path: Path, rows=ROWS, assets=True, settings="") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "houqin.toml").write_text(TERM_SETTINGS + settings, encoding="utf-8")
    write_xlsx(tmp_path / "inputs/维修报修.xlsx", [["维修报修登记"], HEADER, *rows], sheet="维修报修")
    if assets:
        write_xlsx(tmp_path / "inputs/固定资产.xlsx", ASSETS, sheet="固定资产")
    return tmp_path


def test_finished_before_reported_and_an_unknown_asset_are_located_errors_all_at_once(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[0][9] = "2022-02-27"  # 完成 before 报修
    rows[2][7] = "XJ-2016-030"  # not in 固定资产 (one character off XJ-2016-003)
    ws = workspace(tmp_path, rows)
    result = run("repairs", "-w", ws)
    assert result.exit_code == 1
    assert ("维修报修.xlsx › 维修报修 › 第3行 › 完成日期：完成日期（2022年2月27日）早于报修日期（2022年3月1日）；"
            "请核对日期") in result.output
    assert ("维修报修.xlsx › 维修报修 › 第5行 › 资产编号：资产编号「XJ-2016-030」不在 固定资产.xlsx › 固定资产 中；"
            "是否应为「XJ-2016-003」？请核对资产编号") in result.output
    assert not (ws / "outputs").exists() or tree_hash(ws / "outputs") == {}
    # `check` finds the same two
    checked = run("check", "-w", ws)
    assert checked.exit_code == 1
    assert "早于报修日期" in checked.output and "不在 固定资产.xlsx › 固定资产 中" in checked.output


def test_an_asset_number_is_not_checked_without_the_asset_input(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[2][7] = "XJ-2016-030"
    ws = workspace(tmp_path, rows, assets=False)
    assert run("repairs", "-w", ws).exit_code == 0


def test_month_register_lists_the_months_requests_with_defaults_and_a_summary(tmp_path):
    ws = workspace(tmp_path)
    result = run("repairs", "-w", ws, "--date", "2022-04-07")
    assert result.exit_code == 0, result.output
    folder = ws / "outputs/维修报修/维修登记表"
    assert sorted(p.name for p in folder.glob("*.docx")) == ["2022年3月 维修登记表.docx", "2022年4月 维修登记表.docx"]
    march = docx_text(folder / "2022年3月 维修登记表.docx")
    assert "测试实验小学维修登记表" in march and "2022年3月" in march
    assert "WX-2022-001" in march and "WX-2022-003" in march and "WX-2022-004" not in march
    assert "3月16日" in march and "650.50" in march
    assert ("本月报修 3 项，已完成 3 项，未完成 0 项；人为损坏 1 项；材料费用合计 688.50 元。"
            "状态截至2022年4月7日。") in march
    table = docx.Document(str(folder / "2022年3月 维修登记表.docx")).tables[0]
    first = [c.text for c in table.rows[1].cells]
    assert first[0] == "WX-2022-001" and first[5] == "门窗" and first[6] == "自然损耗"  # 损坏原因 default
    april = docx_text(folder / "2022年4月 维修登记表.docx")
    assert "（其中逾期 1 项）" in april and "逾期" in april


def test_overdue_counts_working_days_with_the_holiday_and_the_make_up_day(tmp_path):
    """4月1日 (Fri) to 4月7日: 4月2日 is a make-up working day, 4月4–5日 清明: 3 working days."""
    ws = workspace(tmp_path)
    result = run("repairs", "-w", ws, "--date", "2022-04-07")
    assert result.exit_code == 0
    assert ("警告：维修报修.xlsx › 维修报修 › 第6行 › 完成日期：WX-2022-004（四（1）班教室 门锁被撞坏）"
            "2022年4月1日报修，到2022年4月7日已过 3 个工作日仍未完成（时限 2 个工作日）") in result.output
    assert "WX-2022-005" not in result.output  # 4月6日: 1 working day
    ledger = openpyxl.load_workbook(ws / "outputs/维修报修/维修台账.xlsx")
    status = {row[0]: row[-1] for row in ledger["维修台账"].iter_rows(min_row=4, values_only=True) if row[0]}
    assert status["WX-2022-004"] == "逾期" and status["WX-2022-005"] == "未完成"
    assert status["WX-2022-001"] == "已完成"
    # a --date before a request leaves it out (its number stays)
    assert run("repairs", "-w", ws, "--date", "2022-04-01", "--force").exit_code == 0
    ledger = openpyxl.load_workbook(ws / "outputs/维修报修/维修台账.xlsx")
    numbers = [row[0] for row in ledger["维修台账"].iter_rows(min_row=4, values_only=True)
               if row[0] and row[0].startswith("WX")]
    assert numbers == ["WX-2022-001", "WX-2022-002", "WX-2022-003", "WX-2022-004"]
    # with due_days = 3 it is not overdue yet
    ws3 = workspace(tmp_path / "three", settings="[repairs]\ndue_days = 3\n")
    assert "WX-2022-004" not in run("repairs", "-w", ws3, "--date", "2022-04-07").output


def test_ledger_counts_categories_by_month_and_totals_as_formulas(tmp_path):
    ws = workspace(tmp_path)
    assert run("repairs", "-w", ws, "--date", "2022-04-07").exit_code == 0
    book = openpyxl.load_workbook(ws / "outputs/维修报修/维修台账.xlsx")
    reg = book["维修台账"]
    header = [c.value for c in reg[3]]
    assert header[0] == "编号" and "用时（工作日）" in header and "材料费用（元）" in header
    rows = list(reg.iter_rows(min_row=4, values_only=True))
    by_number = {r[0]: r for r in rows if r[0] and r[0].startswith("WX")}
    assert by_number["WX-2022-004"][6] == "其他" and by_number["WX-2022-004"][7] == "人为损坏"  # 类别 default
    assert by_number["WX-2022-003"][11] == 5  # 3月9日 → 3月16日
    # done, but after the 2 working days: not a plain 已完成 (the inspector's finding)
    status = header.index("状态")
    assert by_number["WX-2022-003"][status] == "逾期完成" and by_number["WX-2022-001"][status] == "已完成"
    totals = next(r for r in rows if r[0] == "合计")
    assert totals[12] == "=SUM(M4:M8)"
    average = next(r for r in rows if r[0] == "平均")
    assert average[11] == '=IFERROR(AVERAGE(L4:L8),"")'
    cats = book["分类统计"]
    assert [c.value for c in cats[3]][:3] == ["类别", "2月", "3月"]
    door = next(r for r in cats.iter_rows(min_row=4) if r[0].value == "门窗")
    assert door[2].value == ("=COUNTIFS('维修台账'!$G$4:$G$8,$A5,'维修台账'!$B$4:$B$8,\">=\"&DATE(2022,3,1),"
                             "'维修台账'!$B$4:$B$8,\"<\"&DATE(2022,4,1))")
    summary = {r[0]: r[1] for r in book["汇总"].iter_rows(min_row=3, values_only=True) if r[0]}
    assert summary["材料费用合计（元）"] == "=SUM('维修台账'!$M$4:$M$8)"
    assert summary["人为损坏（项）"] == "=COUNTIF('维修台账'!$H$4:$H$8,\"人为损坏\")"
    assert summary["其中逾期完成（项）"] == "=COUNTIF('维修台账'!$O$4:$O$8,\"逾期完成\")"
    assert summary["已完成（项）"] == ("=COUNTIF('维修台账'!$O$4:$O$8,\"已完成\")"
                                    "+COUNTIF('维修台账'!$O$4:$O$8,\"逾期完成\")")
    human = [r for r in book["人为损坏"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert human[0][0] == "六（1）班" and human[0][1].startswith("=COUNTIFS(")
    assert human[0][3] == "3月3日 六（1）班教室 课桌抽屉被踩坏；4月6日 六（1）班教室 玻璃被砸裂"
    assert human[1][0] == "四（1）班"
    open_rows = [r[0] for r in book["未完成与逾期"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert open_rows[:2] == ["WX-2022-004", "WX-2022-005"]


def test_the_asset_ledger_gains_each_assets_repair_count_and_cost(tmp_path):
    ws = workspace(tmp_path)
    assert run("assets", "-w", ws).exit_code == 0
    reg = openpyxl.load_workbook(ws / "outputs/固定资产/固定资产台账.xlsx")["固定资产台账"]
    header = [c.value for c in reg[3]]
    count, cost = header.index("维修次数"), header.index("维修费用")
    rows = {r[0]: r for r in reg.iter_rows(min_row=4, values_only=True) if r[0]}
    assert (rows["XJ-2017-003"][count], rows["XJ-2017-003"][cost]) == (2, 30)
    assert (rows["XJ-2016-003"][count], rows["XJ-2016-003"][cost]) == (1, 650.5)
    assert rows["XJ-2018-001"][count] is None
    assert rows["合计"][count] == "=SUM(O4:O6)"
    figures = registry()["repairs"].figures
    assert figures is not None
    # without 维修报修 the register is as before
    (ws / "inputs/维修报修.xlsx").unlink()
    assert run("assets", "-w", ws, "--force").exit_code == 0
    header = [c.value for c in openpyxl.load_workbook(ws / "outputs/固定资产/固定资产台账.xlsx")["固定资产台账"][3]]
    assert "维修次数" not in header


def test_the_figures_hook_gives_numbers_status_and_cost_per_asset(tmp_path):
    from pipeline.kinds import figures_of
    from pipeline.reading.loader import load_inputs

    inputs = load_inputs(workspace(tmp_path))
    figures = figures_of("repairs", inputs)
    assert figures is not None
    assert figures["by_asset"]["XJ-2017-003"] == {"count": 2, "cost": Decimal("30.00")}
    first = figures["requests"][0]
    assert (first["number"], first["place"], first["status"]) == ("WX-2022-001", "二（1）班教室", "已完成")
    # without 维修报修 read, no figures
    assert figures_of("repairs", load_inputs(tmp_path, only=["固定资产"])) is None


def test_two_builds_give_byte_identical_files(tmp_path):
    ws = workspace(tmp_path)
    assert run("repairs", "-w", ws).exit_code == 0
    first = tree_hash(ws / "outputs")
    shutil.rmtree(ws / "outputs")
    assert run("repairs", "-w", ws).exit_code == 0
    assert tree_hash(ws / "outputs") == first


def test_sample_workspace_repairs(tmp_path):
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    result = run("repairs", "-w", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output.count("仍未完成") == 1  # the one overdue request of the sample
    months = sorted(p.name for p in (tmp_path / "outputs/维修报修/维修登记表").glob("*.docx"))
    assert months[0] == "2022年2月 维修登记表.docx" and len(months) == 5


def test_ledger_recomputed_by_libreoffice_equals_the_cached_figures(tmp_path, soffice):
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    assert run("repairs", "-w", tmp_path).exit_code == 0
    source = tmp_path / "outputs/维修报修/维修台账.xlsx"
    cached = openpyxl.load_workbook(source, data_only=True)
    out = tmp_path / "recalculated"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "xlsx", "--outdir", str(out), str(source)], check=True,
                   capture_output=True, timeout=180)
    fresh = openpyxl.load_workbook(out / "维修台账.xlsx", data_only=True)
    summary = {r[0]: r[1] for r in fresh["汇总"].iter_rows(min_row=3, values_only=True) if r[0]}
    assert summary["报修总数（项）"] == 42 and summary["其中逾期（项）"] == 1
    assert summary["材料费用合计（元）"] == 3450
    assert summary["人为损坏（项）"] == 10
    def values(book, name):
        return [[round(c, 9) if isinstance(c, float) else c for c in r] for r in book[name].iter_rows(values_only=True)]

    for name in ("汇总", "分类统计", "人为损坏"):
        assert values(fresh, name) == values(cached, name), name
    cats = {r[0]: r[-1] for r in fresh["分类统计"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert cats["合计"] == 42


def test_a_month_register_of_the_sample_prints_on_one_page(tmp_path, soffice):
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    assert run("repairs", "-w", tmp_path).exit_code == 0
    source = tmp_path / "outputs/维修报修/维修登记表/2022年3月 维修登记表.docx"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(source)], check=True,
                   capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(tmp_path / "pdf/2022年3月 维修登记表.pdf")], capture_output=True,
                          text=True, check=True).stdout
    pages = next(int(line.split()[1]) for line in info.splitlines() if line.startswith("Pages:"))
    assert pages == 1
    text = subprocess.run(["pdftotext", str(tmp_path / "pdf/2022年3月 维修登记表.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "维修登记表" in text and "WX-2022-018" in text
