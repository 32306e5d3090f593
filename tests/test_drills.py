"""应急演练: the record per drill, the ledger with its chart, and a month without a drill."""

import shutil
import subprocess
from pathlib import Path

import openpyxl
from helpers import TERM_SETTINGS, docx_text, run_cli, tree_hash, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = TERM_SETTINGS
HEADER = ["演练日期", "演练名称", "演练类型", "总指挥", "应到人数", "实到人数", "疏散用时", "目标用时",
          "演练过程", "存在问题", "改进措施", "点评人", "点评"]
DRILLS = [
    ["2022-02-25", "春季消防疏散演练", "消防疏散", "吴建华", 1826, 1812, "2分15秒", None,
     "警报拉响后按路线疏散。", "西侧楼梯拥堵。", "分流至东侧楼梯。", "周静", "用时超出目标。"],
    ["2022-03-24", "地震避险演练", "地震避险", "周静", 1826, 1817, "1:58", 120,
     "第一次警报躲避，第二次警报疏散。\n班主任清点人数上报。", "个别学生姿势不规范。", "晨会示范。", "吴建华", "用时在目标以内。"],
    ["2022-05-12", "反恐防暴演练", "反恐防暴", "谢丰", None, None, None, None,
     "模拟持刀人员闯入。", "", "", "吴建华", "响应迅速。"],
    ["2022-06-16", "防溺水演练", "防溺水", "刘伟", 300, 298, "135秒", None,
     "模拟落水救援。", "", "", "周静", "救援规范。"],
]


run = run_cli


def workspace(tmp_path: Path, rows=DRILLS) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "houqin.toml").write_text(SETTINGS, encoding="utf-8")
    write_xlsx(tmp_path / "inputs/演练记录.xlsx", [["应急演练记录"], HEADER, *rows], sheet="演练记录")
    return tmp_path


text_of = docx_text


def test_records_show_time_in_words_against_the_target(tmp_path):
    ws = workspace(tmp_path)
    result = run("drills", "-w", ws)
    assert result.exit_code == 0, result.output
    folder = ws / "outputs/应急演练"
    assert sorted(p.name for p in folder.glob("*.docx")) == [
        "2022-02-25 春季消防疏散演练.docx", "2022-03-24 地震避险演练.docx",
        "2022-05-12 反恐防暴演练.docx", "2022-06-16 防溺水演练.docx"]
    quake = text_of(folder / "2022-03-24 地震避险演练.docx")
    assert "1分58秒" in quake and "☑达标" in quake and "☐未达标" in quake
    assert "2分" in quake and "2022年3月24日" in quake and "点评人（签字）：吴建华" in quake
    assert "第一次警报躲避，第二次警报疏散。\n班主任清点人数上报。" in quake  # one paragraph per line
    fire = text_of(folder / "2022-02-25 春季消防疏散演练.docx")
    assert "2分15秒" in fire and "☑未达标" in fire and "☐达标" in fire and "慢15秒" in fire
    assert "测试实验小学" in fire and "记录人：朱志刚" in fire and "日期：2022年2月25日" in fire
    assert "未计疏散用时" in text_of(folder / "2022-05-12 反恐防暴演练.docx")


def test_ledger_has_a_row_per_drill_totals_and_a_native_chart_over_every_drill(tmp_path):
    ws = workspace(tmp_path)
    assert run("drills", "-w", ws).exit_code == 0
    book = openpyxl.load_workbook(ws / "outputs/应急演练/应急演练台账.xlsx")
    sheet = book["演练台账"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    assert header[:3] == ("序号", "演练日期", "演练名称")
    data = rows[3:7]
    assert [r[2] for r in data] == ["春季消防疏散演练", "地震避险演练", "反恐防暴演练", "防溺水演练"]
    verdict = header.index("是否达标")
    assert [r[verdict] for r in data] == ["未达标", "达标", "未计时", "未达标"]
    seconds = header.index("疏散用时（秒）")
    assert [r[seconds] for r in data] == [135, 118, None, 135]
    assert rows[7][0] == "合计（人次）"  # 应到 7706 over six drills are 人次, not people
    assert str(sheet.cell(8, header.index("应到人数") + 1).value).startswith("=SUM(")
    assert sheet.cell(8, seconds + 1).value is None  # no average in the row labelled 合计
    rate = header.index("参与率") + 1
    assert sheet.cell(8, rate).value == '=IF(H8=0,"",I8/H8)' and sheet.cell(8, rate).number_format == "0.0%"
    average = '=IFERROR(AVERAGEIF(N4:N7,120,L4:L7),"")'  # drills of the term's target time only
    assert rows[8][0] == "平均" and sheet.cell(9, seconds + 1).value == average
    assert [c for c in rows[8][1:] if c is not None] == [average]
    (chart,) = sheet._charts
    refs = [s.val.numRef.f for c in [chart, *getattr(chart, "_charts", [])] for s in c.series]
    refs += [s.val.numRef.f for s in getattr(chart, "_series", [])]
    assert any(ref.endswith("$4:$L$7") or ref.endswith("4:$L$7") for ref in refs), refs
    cats = {s.cat.numRef.f if s.cat.numRef else s.cat.strRef.f for c in [chart, *getattr(chart, "_charts", [])]
            for s in c.series}
    assert all(ref.endswith("$B$4:$B$7") for ref in cats), cats
    months = book["按月统计"]
    by_month = {r[0]: r[1] for r in months.iter_rows(min_row=4, values_only=True) if r[0] and "月" in str(r[0])}
    assert by_month["2022年4月"] == 0 and by_month["2022年3月"] == 1


def test_a_month_of_the_term_without_a_drill_is_a_warning_not_an_error(tmp_path):
    ws = workspace(tmp_path)
    result = run("drills", "-w", ws)
    assert result.exit_code == 0
    assert "2022年4月没有应急演练记录" in result.output
    for month in ("2月", "3月", "5月", "6月"):
        assert f"2022年{month}没有应急演练" not in result.output


def test_warnings_function_names_the_missing_months(tmp_path):
    from pipeline.kinds import Options
    from pipeline.kinds.drills.plan import warnings
    from pipeline.reading.loader import load_inputs

    ws = workspace(tmp_path, [DRILLS[0]])
    problems = warnings(load_inputs(ws), Options())
    assert [p.message[:7] for p in problems] == ["2022年3月", "2022年4月", "2022年5月", "2022年6月"]
    assert all(p.severity == "warning" for p in problems)


def test_more_present_than_expected_is_noted_on_the_record(tmp_path):
    row = ["2022-03-10", "消防演练", "消防疏散", "吴建华", 100, 120, "1:40", None, "", "", "", "", ""]
    ws = workspace(tmp_path, [row])
    result = run("drills", "-w", ws)
    assert result.exit_code == 0
    assert "实到人数 120 多于应到人数 100" in result.output
    assert "实到人数（120）多于应到人数（100）" in text_of(ws / "outputs/应急演练/2022-03-10 消防演练.docx")


def test_two_builds_give_byte_identical_files(tmp_path):
    a, b = workspace(tmp_path / "a"), workspace(tmp_path / "b")
    assert run("drills", "-w", a).exit_code == 0
    assert run("drills", "-w", b).exit_code == 0
    assert tree_hash(a / "outputs") == tree_hash(b / "outputs")


def test_sample_workspace_drills(tmp_path):
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    result = run("drills", "-w", tmp_path)
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "outputs/应急演练").glob("*.docx"))) == 6
    assert (tmp_path / "outputs/应急演练/应急演练台账.xlsx").is_file()


def test_a_drill_record_converts_to_pdf_with_its_chinese(tmp_path, soffice, poppler):
    from pipeline.pdf.soffice import convert

    ws = workspace(tmp_path)
    assert run("drills", "-w", ws).exit_code == 0
    (pdf,) = convert([ws / "outputs/应急演练/2022-03-24 地震避险演练.docx"], tmp_path / "pdf")
    text = "".join(subprocess.run([poppler[0], str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert "应急演练记录与总结" in text and "地震避险演练" in text and "1分58秒" in text and "☑达标" in text


def test_no_workbook_of_the_sample_stores_a_percentage_as_text_or_labels_an_average_as_a_total(tmp_path):
    """#15: percentages are numbers in a percent format; a row of averages is labelled 平均."""
    import re

    from helpers import copy_sample

    ws = copy_sample(tmp_path)
    for command in ("drills", "roster", "assets"):
        assert run(command, "-w", ws).exit_code == 0, command
    books = sorted((ws / "outputs").rglob("*.xlsx"))
    assert len(books) > 20
    for path in books:
        for sheet in openpyxl.load_workbook(path):
            for row in sheet.iter_rows():
                values = [c.value for c in row]
                for cell in row:
                    if isinstance(cell.value, str) and not cell.value.startswith("="):
                        assert not re.fullmatch(r"-?[\d.]+\s*%", cell.value.strip()), (path.name, cell.coordinate)
                    if isinstance(cell.value, str) and cell.value.startswith("=AVERAGE("):
                        assert "平均" in values and "合计" not in values, (path.name, sheet.title, values)
                    if isinstance(cell.value, (int, float)) and "%" in cell.number_format:
                        assert 0 <= cell.value <= 1.5, (path.name, cell.coordinate)


def test_the_average_covers_the_drills_of_the_terms_target_and_the_summary_says_the_same(tmp_path, soffice):
    """#15: the 校车 drill (target 60 s) is not averaged with building evacuations (120 s)."""
    import docx
    from helpers import copy_sample
    from test_layout import recompute

    from pipeline import figures
    from pipeline.kinds.drills import plan as drills
    from pipeline.reading.loader import load_inputs
    from pipeline.reading.values import format_duration

    ws = copy_sample(tmp_path / "ws")
    for command in ("drills", "summary"):
        assert run(command, "-w", ws, "-q").exit_code == 0, command
    inputs = load_inputs(ws)
    rows = drills.ledger_rows(drills.sorted_drills(inputs))
    kept = [r[11] for r in rows if r[11] is not None and r[13] == 120]
    assert len(kept) < len([r for r in rows if r[11] is not None])  # the sample has a 校车 drill
    d = figures.drill_figures(inputs)
    assert d.average_seconds == round(sum(kept) / len(kept)) and d.averaged == len(kept)
    book = ws / "outputs/应急演练/应急演练台账.xlsx"
    sheet = openpyxl.load_workbook(book)["演练台账"]
    labels = [r[0] for r in sheet.iter_rows(values_only=True)]
    total, average = labels.index("合计（人次）") + 1, labels.index("平均") + 1
    notes = [v for v in labels if isinstance(v, str) and v.startswith("平均：")]
    assert notes and "校车" in notes[0] and f"{len(kept)}次演练" in notes[0]
    recomputed = openpyxl.load_workbook(recompute([book], tmp_path / "lo")[book], data_only=True)
    header = [c.value for c in sheet[3]]
    value = recomputed["演练台账"].cell(average, header.index("疏散用时（秒）") + 1).value
    assert round(value) == d.average_seconds and abs(value - sum(kept) / len(kept)) < 1e-9
    assert recomputed["演练台账"].cell(total, header.index("应到人数") + 1).value == sum(r[7] for r in rows)
    summary = "".join(p.text for p in docx.Document(
        str(next((ws / "outputs").glob("*学期后勤工作总结.docx")))).paragraphs)
    assert f"目标用时2分的{len(kept)}次演练平均疏散用时{format_duration(d.average_seconds)}" in summary
