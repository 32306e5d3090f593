"""houqin hazards: half-month forms, 整改通知书, 隐患整改台账 and 安全工作月报 (issue 4)."""

import datetime as dt
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import docx
import openpyxl
import pytest
from helpers import docx_text, run_cli, tree_hash, write_xlsx

from pipeline.periods import parse_period

ROOT = Path(__file__).resolve().parent.parent
OUT = "outputs/安全隐患"
HEADER = ["检查日期", "检查类型", "检查部位", "隐患类别", "隐患描述", "风险等级", "排查人", "整改责任人",
          "责任部门", "整改措施", "整改期限", "完成日期", "备注", "隐患照片"]
SETTINGS = """
[school]
name = "测试实验小学"
district = "新北区教育局"

[term]
year = "2021—2022"
term = 2
start = 2022-02-14
end = 2022-03-31

[people]
principal = "吴建华"
filler = "朱志刚"
"""
# Rows deliberately not in date order: running numbers follow 检查日期, then input row.
ROWS = [
    ["2022-03-08", "日巡视", "善真楼消防通道", "消防", "通道堆放杂物", "一般", "谢丰", "汤伟", "综合管理中心",
     "清理杂物", "2022-03-10", None, None, None],                                   # D 2022-005: overdue
    ["2022-02-20", "日巡视", "沛学楼三楼消防栓", "消防", "消防栓门板损坏", "一般", "谢丰", "汤伟", "综合管理中心",
     "更换门板", "2022-03-31", None, None, None],                                   # A 2022-002: open
    ["2022-02-25", "月检查", "沛学楼二楼办公室", "用电", "插座松动", "一般", "朱志刚", "汤伟", "综合管理中心",
     "更换插座", "2022-03-05", "2022-03-10", None, None],                           # B 2022-003: closed 3-10
    ["2022-03-05", "专项检查", "北侧围墙", "校舍建筑", "围墙开裂倾斜", "较大", "周静", "朱志刚", "总务处",
     "设置警戒区，加固围墙", "2022-03-20", None, None, None],                        # C 2022-004: 较大
    ["2022-03-12", "日巡视", "分校区配电箱", "用电", "配电箱未上锁", "一般", "刘伟", "汤伟", "综合管理中心",
     "加锁", "2022-03-14", "2022-03-13", None, None],                               # E 2022-006: done
    ["2022-02-16", "日巡视", "食堂操作间", "其他", "地面湿滑", "一般", "朱志刚", "严志强", "食堂",
     "放置防滑垫", "2022-02-18", "2022-02-17", None, None],                         # F 2022-001: done in Feb
]


run = run_cli


def workspace(tmp_path: Path, rows=ROWS, settings=SETTINGS) -> Path:
    (tmp_path / "houqin.toml").write_text(settings, encoding="utf-8")
    write_xlsx(tmp_path / "inputs/隐患排查.xlsx", [["安全隐患排查记录"], HEADER, *rows], sheet="隐患排查记录")
    return tmp_path


def form_rows(path: Path) -> list[dict[str, str]]:
    """The hazard rows of a half-month form: its header table, then the last row's own table."""
    tables = docx.Document(str(path)).tables
    headers = [c.text.replace("\n", "") for c in tables[0].rows[0].cells]
    rows = [dict(zip(headers, (c.text for c in row.cells), strict=True))
            for row in [row for table in tables for row in table.rows][1:]]
    for row in rows:  # the 编号 cell: the number, then a line per mark (上期遗留, 逾期)
        row["编号"], *marks = row["编号"].split("\n")
        row["标记"] = "、".join(marks)
    return rows


text_of = docx_text


def test_periods_parse():
    assert parse_period("2022-03-1").label == "2022年3月上半月"
    p = parse_period("2022-02-2", 15)
    assert (p.start.day, p.end.day) == (16, 28)
    assert parse_period("2022-03").halves()[1].code == "2022-03-2"
    with pytest.raises(ValueError, match="无法识别"):
        parse_period("March")


def test_carry_over_closing_and_counts_on_the_half_month_forms(tmp_path):
    ws = workspace(tmp_path)
    result = run("hazards", "-w", ws)
    assert result.exit_code == 0, result.output
    first = form_rows(ws / OUT / "2022年3月上半月 安全隐患排查整改表.docx")
    by_number = {r["编号"]: r for r in first}
    # February hazard still open: 上期遗留 with its February number
    assert by_number["2022-002"]["检查日期"] == "2月20日"  # short: the year is the period's
    assert "上期遗留" in by_number["2022-002"]["标记"]
    assert by_number["2022-002"]["整改情况"] == "☐已整改 ☐整改中 ☑未整改"
    # closed on March 10: ticked on the first half, gone from the second
    assert by_number["2022-003"]["整改情况"] == "☑已整改 ☐整改中 ☐未整改"
    assert by_number["2022-003"]["完成日期"] == "3月10日"
    assert "2022-001" not in by_number  # closed in February
    assert [r["编号"] for r in first] == ["2022-002", "2022-003", "2022-004", "2022-005", "2022-006"]
    assert "逾期" in by_number["2022-005"]["标记"] and "逾期" not in by_number["2022-004"]["标记"]
    # the foot, counted by hand: found C, D, E; done E; carried A, B; B closed; overdue D
    text = text_of(ws / OUT / "2022年3月上半月 安全隐患排查整改表.docx")
    assert "本期排查隐患3项，已整改1项，整改率33.3%；上期遗留2项，本期整改1项；逾期1项。" in text
    assert "排查人（签字）" in text and "学校负责人（签字）：吴建华" in text and "2022年3月15日" in text
    second = form_rows(ws / OUT / "2022年3月下半月 安全隐患排查整改表.docx")
    assert [r["编号"] for r in second] == ["2022-002", "2022-004", "2022-005"]
    second_text = text_of(ws / OUT / "2022年3月下半月 安全隐患排查整改表.docx")
    assert "本期未发现新隐患，整改率：—；上期遗留3项，本期整改0项；逾期2项。" in second_text
    # the .xlsx twin has the same rows, overdue row highlighted
    book = openpyxl.load_workbook(ws / OUT / "2022年3月上半月 安全隐患排查整改表.xlsx")
    sheet = book.active
    numbers = [c.value for c in sheet["B"] if isinstance(c.value, str) and re.fullmatch(r"2022-\d{3}", c.value)]
    assert numbers == ["2022-002", "2022-003", "2022-004", "2022-005", "2022-006"]
    overdue_row = next(c.row for c in sheet["B"] if c.value == "2022-005")
    assert sheet.cell(overdue_row, 2).fill.fgColor.rgb.endswith("FFC7CE")
    assert any("本期排查隐患3项" in str(c.value) for row in sheet.iter_rows() for c in row if c.value)


def test_notices_for_serious_and_overdue_hazards(tmp_path):
    ws = workspace(tmp_path)
    assert run("hazards", "-w", ws, "--period", "2022-03-1").exit_code == 0
    notices = sorted(p.name for p in (ws / OUT / "整改通知书").iterdir())
    assert notices == ["2022-004 北侧围墙.docx", "2022-005 善真楼消防通道.docx"]
    text = text_of(ws / OUT / "整改通知书/2022-004 北侧围墙.docx")
    assert "自即日起至2022年3月20日前整改完毕" in text
    assert "编号：2022-004" in text and "围墙开裂倾斜" in text
    for blank in ("-----裁剪线-----", "整改落实情况", "整改责任人签字", "验收意见", "验收人（签字）"):
        assert blank in text


def test_ledger_summary_formulas_and_cached_values(tmp_path):
    ws = workspace(tmp_path)
    assert run("hazards", "-w", ws).exit_code == 0
    path = ws / OUT / "隐患整改台账.xlsx"
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    assert formulas.sheetnames == ["汇总", "逾期清单", "2022年2月", "2022年3月"]
    summary, cached = formulas["汇总"], values["汇总"]
    headers = {c.value: c.column_letter for c in summary[3] if c.value}
    rows = {summary[f"A{r}"].value: r for r in range(4, summary.max_row + 1) if summary[f"A{r}"].value}
    # by hand, status as of 2022-03-31 (the term's end): C (deadline 3-20) and D (3-10) overdue
    expected = {"消防": (2, 0, 2, 1), "用电": (2, 2, 0, 0), "校舍建筑": (1, 0, 1, 1), "其他": (1, 1, 0, 0),
                "食品卫生": (0, 0, 0, 0)}
    for cat, (n, done, open_, overdue) in expected.items():
        r = rows[cat]
        formula = summary[f"{headers['隐患数']}{r}"].value
        assert formula == (f"=COUNTIFS('2022年2月'!$F$3:$F$5,$A{r})+COUNTIFS('2022年3月'!$F$3:$F$5,$A{r})")
        got = [cached[f"{headers[h]}{r}"].value for h in ("隐患数", "已整改", "未整改", "逾期")]
        assert got == [n, done, open_, overdue], cat
    total = rows["合计"]
    letter = headers["隐患数"]
    assert summary[f"{letter}{total}"].value == f"=SUM({letter}4:{letter}{total - 1})"
    assert cached[f"{letter}{total}"].value == 6
    assert cached[f"{headers['已整改']}{total}"].value == 3
    assert cached[f"{headers['整改率']}{total}"].value == pytest.approx(0.5)
    # the month sheets' status column really holds what COUNTIFS counts
    march = values["2022年3月"]
    assert [march[f"O{r}"].value for r in (3, 4, 5)] == ["未整改", "未整改", "已整改"]
    assert [march[f"P{r}"].value for r in (3, 4, 5)] == ["逾期", "逾期", None]
    assert any("逾期未整改隐患2项，见「逾期清单」" in str(c.value) for row in summary.iter_rows() for c in row)
    # the 逾期清单 on its own sheet, in its own columns, its dates real dates
    late = values["逾期清单"]
    heads = [c.value for c in late[3]]
    assert heads[:3] == ["编号", "检查日期", "检查部位"]
    assert [late[f"A{r}"].value for r in (4, 5)] == ["2022-004", "2022-005"]
    assert late["B4"].value == dt.datetime(2022, 3, 5) and late["B4"].number_format == 'yyyy"年"m"月"d"日"'
    assert late["H5"].value == dt.datetime(2022, 3, 10) and late["I5"].value == 21  # days overdue
    assert late.column_dimensions["C"].width >= 20


def test_a_period_without_hazards_says_so(tmp_path):
    ws = workspace(tmp_path, rows=[ROWS[-1]])  # one hazard, found and closed in February
    assert run("hazards", "-w", ws, "--period", "2022-03-1").exit_code == 0
    text = text_of(ws / OUT / "2022年3月上半月 安全隐患排查整改表.docx")
    assert "本期未发现安全隐患" in text
    assert form_rows(ws / OUT / "2022年3月上半月 安全隐患排查整改表.docx") == []
    sheet = openpyxl.load_workbook(ws / OUT / "2022年3月上半月 安全隐患排查整改表.xlsx").active
    assert any(c.value == "本期未发现安全隐患" for row in sheet.iter_rows() for c in row)


def test_a_district_form_in_templates_is_filled_instead(tmp_path):
    ws = workspace(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "排查表"
    sheet["A1"] = "{{ school }}安全隐患排查表"
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "期间：{{ period }}"
    sheet.append(["序号", "编号", "部位", "整改情况", "遗留"])
    sheet.append(["{{ hazards.序号 }}", "{{ hazards.编号 }}", "{{ hazards.检查部位 }}",
                  "{{ hazards.整改情况 }}", "{{ hazards.上期遗留 }}"])
    sheet.append(["整改率：{{ rate }}", None, None, "逾期：{{ overdue }}"])
    (ws / "templates").mkdir()
    book.save(ws / "templates/安全隐患排查整改表.xlsx")
    result = run("hazards", "-w", ws, "--period", "2022-03-1")
    assert result.exit_code == 0, result.output
    filled = openpyxl.load_workbook(ws / OUT / "2022年3月上半月 安全隐患排查整改表.xlsx").active
    assert filled.title == "排查表"
    assert filled["A1"].value == "测试实验小学安全隐患排查表"
    assert "A1:E1" in {str(r) for r in filled.merged_cells.ranges}
    assert filled["A2"].value == "期间：2022年3月上半月"
    assert [filled[f"B{r}"].value for r in range(4, 9)] == ["2022-002", "2022-003", "2022-004", "2022-005", "2022-006"]
    assert filled["E4"].value == "上期遗留" and filled["D5"].value == "☑已整改 ☐整改中 ☐未整改"
    assert filled["A9"].value == "整改率：33.3%"
    # the Word form is still the built-in one
    assert (ws / OUT / "2022年3月上半月 安全隐患排查整改表.docx").is_file()


def tiny_png(width=4, height=2) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_photos_are_placed_and_a_missing_one_is_located(tmp_path):
    rows = [r[:] for r in ROWS]
    rows[3][-1] = "围墙.png"
    ws = workspace(tmp_path, rows=rows)
    result = run("hazards", "-w", ws, "--period", "2022-03-1")
    assert result.exit_code == 1
    assert "围墙.png" in result.output and "第6行" in result.output and "隐患照片" in result.output
    assert not (ws / "outputs").exists() or not any((ws / "outputs").rglob("*.docx"))
    (ws / "inputs/照片").mkdir()
    (ws / "inputs/照片/围墙.png").write_bytes(tiny_png())
    result = run("hazards", "-w", ws, "--period", "2022-03-1")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(ws / OUT / "2022年3月上半月 安全隐患排查整改表.docx"))
    (shape,) = document.inline_shapes
    assert shape.width.mm == pytest.approx(18, abs=0.1)  # 4×2 px fitted to the 18 mm box
    assert shape.height.mm == pytest.approx(9, abs=0.1)


def test_monthly_report(tmp_path):
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/演练记录.xlsx", [["演练日期", "演练名称", "演练类型", "总指挥", "实到人数", "疏散用时"],
                                         ["2022-03-09", "春季消防疏散演练", "消防疏散", "吴建华", 820, "2分05秒"]])
    assert run("hazards", "-w", ws).exit_code == 0
    text = text_of(ws / OUT / "月报/2022年3月 安全工作月报.docx")
    assert "本月发现安全隐患3项，已整改1项，整改率33.3%" in text
    assert "春季消防疏散演练" in text and "2分05秒" in text
    assert "（未提供值日安排）" in text
    book = openpyxl.load_workbook(ws / OUT / "月报/2022年3月 安全工作月报.xlsx", data_only=True)
    assert book.sheetnames == ["隐患统计", "检查情况", "应急演练"]
    stats = book["隐患统计"]
    total_row = next(r for r in range(1, stats.max_row + 1) if stats[f"A{r}"].value == "合计")
    assert stats[f"B{total_row}"].value == 3


@pytest.mark.slow
def test_sample_inputs_give_one_form_per_half_month_and_are_deterministic(tmp_path):
    copies = []
    for name in ("a", "b"):
        ws = tmp_path / name
        ws.mkdir()
        shutil.copy(ROOT / "houqin.toml", ws)
        shutil.copytree(ROOT / "inputs", ws / "inputs")
        result = run("hazards", "-w", ws)
        assert result.exit_code == 0, result.output
        copies.append(ws)
    forms = sorted(p.name for p in (copies[0] / OUT).glob("*排查整改表.docx"))
    # term 2022-02-14 … 2022-07-01: 2月 both halves (the 14th is in the first), 3–6月, 7月上半月
    assert len(forms) == 11 and forms[0].startswith("2022年2月上半月")
    assert len(list((copies[0] / OUT).glob("*排查整改表.xlsx"))) == 11
    assert tree_hash(copies[0] / "outputs") == tree_hash(copies[1] / "outputs")


def test_a_half_month_form_converts_to_pdf_with_chinese_text(tmp_path, soffice, poppler):
    from pipeline.pdf.soffice import convert

    ws = workspace(tmp_path)
    assert run("hazards", "-w", ws, "--period", "2022-03-1").exit_code == 0
    (pdf,) = convert([ws / OUT / "2022年3月上半月 安全隐患排查整改表.docx"], tmp_path / "pdf")
    text = subprocess.run([poppler[0], str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    squeezed = re.sub(r"\s+", "", text)
    assert "安全隐患排查整改表" in squeezed and "上期遗留" in squeezed and "测试实验小学" in squeezed
