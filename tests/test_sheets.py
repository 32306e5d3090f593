"""The grid layer on real workbooks: bounded reading, Excel's own values, invisible characters.

Each workbook is the sample input changed the way Excel, WPS or a copy-paste changes it,
written with openpyxl; where openpyxl cannot write what Excel writes (a cached value of an
array formula, a `_x000B_` escape) the sheet's XML is changed directly, as Excel stores it.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from helpers import copy_sample, run_cli
from openpyxl.styles import Font
from openpyxl.worksheet.formula import ArrayFormula

from pipeline.errors import InputError
from pipeline.reading import sheets
from pipeline.reading.loader import load_inputs
from pipeline.reading.sheets import CellError, read_grids
from pipeline.reading.values import clean_cell, parse_duration, visible

ROOT = Path(__file__).resolve().parent.parent
DRILLS, HAZARDS, ROSTER = "演练记录.xlsx", "隐患排查.xlsx", "值日安排.xlsx"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "ws")


def edit(ws: Path, file: str, change: Callable[[openpyxl.worksheet.worksheet.Worksheet], None]) -> Path:
    path = ws / "inputs" / file
    book = openpyxl.load_workbook(path)
    change(book.worksheets[0])
    book.save(path)
    return path


def set_cells(ws: Path, file: str, **values: object) -> Path:
    def change(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        for ref, value in values.items():
            sheet[ref] = value

    return edit(ws, file, change)


def patch_part(path: Path, part: str, change: Callable[[str], str]) -> None:
    """One XML part of the workbook rewritten, the rest copied as it is."""
    with zipfile.ZipFile(path) as src:
        items = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in items:
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info.filename, data)


def record(inputs, stem: str, row: int):
    return next(r for r in inputs.records(stem) if r.where.row == row)


def peak_read(path: Path) -> tuple[str, float, int]:
    """read_grids in a child process: its message (or row count), seconds, peak RSS in MB."""
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from pipeline.errors import InputError
        from pipeline.reading.sheets import read_grids
        start = time.perf_counter()
        try:
            said = str(sum(len(g.rows) for g in read_grids(Path({str(path)!r}))))
        except InputError as err:
            said = str(err)
        took = time.perf_counter() - start
        status = Path("/proc/self/status")  # VmHWM: ru_maxrss would carry the parent's peak over exec
        if status.exists():
            peak = next(int(l.split()[1]) for l in status.read_text().splitlines() if l.startswith("VmHWM"))
        else:
            import resource
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(said); print(took); print(peak // 1024)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    said, took, peak = done.stdout.strip().splitlines()
    return said, float(took), int(peak)


# --------------------------------------------------------------------------- bounded reading


def test_one_value_in_the_last_cell_of_the_sheet_is_a_located_error_found_at_once(ws: Path) -> None:
    path = set_cells(ws, ROSTER, XFD1048576="x")
    said, took, peak = peak_read(path)
    assert said == ("值日安排.xlsx › 值日安排 › 第1048576行：单元格 XFD1048576 有内容，超出了 houqin 读取的范围"
                    "（最多 100000 行、200 列）；如果它是误填的，请在 Excel/WPS 中清除它后保存；确实有这么多数据时，请分成几个文件")
    assert took < 1 and peak < 200
    result = run_cli("check", "-w", ws)
    assert result.exit_code == 1
    assert "错误：值日安排.xlsx › 值日安排 › 第1048576行：单元格 XFD1048576 有内容" in result.output
    assert "Traceback" not in result.output


def test_a_styled_empty_cell_in_the_last_row_is_not_data(ws: Path) -> None:
    """WPS writes a formatted empty cell in row 1,048,576: nothing to read there, and no cost."""
    rows_before = len(read_grids(ws / "inputs" / ROSTER)[0].rows)

    def style(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        sheet["A1048576"].font = Font(bold=True)
        sheet["XFD1048576"].font = Font(bold=True)

    path = edit(ws, ROSTER, style)
    said, took, peak = peak_read(path)
    assert said == str(rows_before)
    assert took < 1 and peak < 200
    assert run_cli("check", "-w", ws).exit_code == 0


def test_a_value_far_to_the_right_names_its_column(ws: Path) -> None:
    set_cells(ws, DRILLS, ALL3000=1)
    with pytest.raises(InputError) as caught:
        read_grids(ws / "inputs" / DRILLS)
    assert str(caught.value).startswith("演练记录.xlsx › 演练记录 › ALL 列：单元格 ALL3000 有内容")


def test_the_limits_are_real_data_and_module_constants(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = set_cells(ws, DRILLS, GR3="备注")  # column 200: within the limit
    assert len(read_grids(path)[0].rows[2]) == 200
    set_cells(ws, DRILLS, GS3="x")
    with pytest.raises(InputError, match="单元格 GS3 有内容"):
        read_grids(path)
    monkeypatch.setattr(sheets, "MAX_COLUMNS", 300)
    assert len(read_grids(path)[0].rows[2]) == 201


def test_trailing_empty_rows_and_columns_are_trimmed(ws: Path) -> None:
    path = set_cells(ws, DRILLS, Z40="x")
    set_cells(ws, DRILLS, Z40=None)
    rows = read_grids(path)[0].rows
    assert any(v is not None for v in rows[-1])
    assert any(row[-1] is not None for row in rows)


# --------------------------------------------------------------------------- Excel's own values


@pytest.mark.parametrize("dynamic", [False, True], ids=["数组公式", "动态数组"])
def test_array_formulas_give_their_cached_value(ws: Path, dynamic: bool) -> None:
    path = set_cells(ws, DRILLS, K3=ArrayFormula("K3", "=SUM(135)"))
    cm = ' cm="1"' if dynamic else ""
    patch_part(path, "xl/worksheets/sheet1.xml", lambda xml: re.sub(
        r'<c r="K3"([^>]*)><f t="array" ref="K3">SUM\(135\)</f><v\s*(?:/>|></v>)',
        rf'<c r="K3"\1{cm}><f t="array" ref="K3">SUM(135)</f><v>135</v>', xml))
    assert '<v>135</v>' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    inputs = load_inputs(ws)
    assert record(inputs, "演练记录", 3)["疏散用时"] == 135


def test_an_array_formula_never_calculated_is_the_located_error(ws: Path) -> None:
    set_cells(ws, DRILLS, K3=ArrayFormula("K3", "=SUM(135)"))
    result = run_cli("check", "-w", ws)
    assert result.exit_code == 1
    assert ("错误：演练记录.xlsx › 演练记录 › 第3行 › 疏散用时：公式没有计算结果（文件可能由程序生成、从未在 Excel 中打开）；"
            "请在 Excel/WPS 中打开该文件并保存一次") in result.output
    assert "ArrayFormula" not in result.output


def test_error_cells_are_errors_in_required_columns_and_blanks_with_a_warning_elsewhere(ws: Path) -> None:
    set_cells(ws, HAZARDS, F3="#REF!", T4="#N/A")
    grid = read_grids(ws / "inputs" / HAZARDS)[0]
    assert grid.rows[2][5] == CellError("#REF!") and str(grid.rows[3][19]) == "#N/A"
    result = run_cli("check", "-w", ws)
    assert result.exit_code == 1
    assert ("错误：隐患排查.xlsx › 隐患排查记录 › 第3行 › 隐患描述：单元格是 Excel 的错误值「#REF!」（公式出错）；"
            "请在 Excel/WPS 中修正公式或改填数值") in result.output
    assert ("警告：隐患排查.xlsx › 隐患排查记录 › 第4行 › 备注：单元格是 Excel 的错误值「#N/A」（公式出错）；"
            "已当作空白") in result.output
    set_cells(ws, HAZARDS, F3="消防栓门板损坏")
    inputs = load_inputs(ws)
    assert record(inputs, "隐患排查", 4)["备注"] is None  # as a blank 备注 reads
    assert any("#N/A" in str(p) for p in inputs.warnings)


@pytest.mark.parametrize("code", ["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"])
def test_every_error_code_is_kept_distinct(ws: Path, code: str) -> None:
    path = set_cells(ws, DRILLS, N3=code)
    assert read_grids(path)[0].rows[2][13] == CellError(code)


def test_booleans_read_as_yes_and_no(ws: Path) -> None:
    set_cells(ws, HAZARDS, T3=True, T4=False)
    inputs = load_inputs(ws)
    assert record(inputs, "隐患排查", 3)["备注"] == "是"
    assert record(inputs, "隐患排查", 4)["备注"] == "否"


def test_a_line_break_pasted_from_word_is_a_line_break(ws: Path) -> None:
    path = set_cells(ws, HAZARDS, F3="消防栓门板损坏XSEPX玻璃碎裂")
    patch_part(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace("XSEPX", "_x000B_"))
    assert "_x000B_" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    inputs = load_inputs(ws)
    assert record(inputs, "隐患排查", 3)["隐患描述"] == "消防栓门板损坏\n玻璃碎裂"


def test_zero_width_bom_and_nbsp_are_removed_and_the_cell_is_named(ws: Path) -> None:
    """`「张晓燕​」不在员工名单中` and `缺少必填列「日期」` with the header visibly there: no more."""
    set_cells(ws, ROSTER, A2="\ufeff日期", D3="张晓燕\u200b", D4="\u00a0张晓燕\u3000", F5="\u2060")
    result = run_cli("check", "-w", ws)
    assert result.exit_code == 0, result.output
    assert "警告：值日安排.xlsx › 值日安排 › 第3行 › 姓名：删去了看不见的字符「张晓燕<U+200B>」" in result.output
    assert "警告：值日安排.xlsx › 值日安排 › 第2行 › 日期：删去了看不见的字符「<U+FEFF>日期」" in result.output
    inputs = load_inputs(ws)
    assert record(inputs, "值日安排", 3)["姓名"] == record(inputs, "值日安排", 4)["姓名"] == "张晓燕"
    grid = read_grids(ws / "inputs" / ROSTER)[0]
    assert grid.cleaned[(3, 4)] == "张晓燕\u200b"
    assert (4, 4) not in grid.cleaned  # a no-break space is trimmed silently: nothing hidden
    assert grid.rows[4][5] is None


def test_a_duration_typed_as_time_of_day_is_minutes_and_seconds(ws: Path) -> None:
    """`2:15` typed into 疏散用时: Excel stores 02:15 (0.09375 of a day); the office meant 2分15秒."""
    set_cells(ws, DRILLS, K3=dt.time(2, 15), K4=0.09375, K5=dt.time(0, 2, 15))
    inputs = load_inputs(ws)
    assert [record(inputs, "演练记录", r)["疏散用时"] for r in (3, 4, 5)] == [135, 135, 135]


def test_dates_stay_dates_and_rows_are_excel_rows(ws: Path) -> None:
    grid = read_grids(ws / "inputs" / DRILLS)[0]
    assert grid.rows[0][0] == grid.rows[0][16] == "应急演练记录"  # the merged title, filled
    assert grid.merged == [(1, 1, 1, 17)]
    assert isinstance(grid.rows[2][0], dt.date)
    inputs = load_inputs(ws)
    assert inputs.records("演练记录")[0].where.row == 3


def test_a_hidden_sheet_is_known(ws: Path) -> None:
    path = ws / "inputs" / DRILLS
    book = openpyxl.load_workbook(path)
    book.create_sheet("备份").sheet_state = "hidden"
    book.save(path)
    assert [(g.sheet, g.hidden) for g in read_grids(path)] == [("演练记录", False), ("备份", True)]


# --------------------------------------------------------------------------- cleaning itself


@pytest.mark.parametrize(("raw", "clean", "removed"), [
    ("张晓燕", "张晓燕", False),
    ("张晓燕\u200b", "张晓燕", True),
    ("\ufeff日期", "日期", True),
    ("张\u200c晓\u200d燕\u2060", "张晓燕", True),
    ("a\x07b", "ab", True),
    ("一\r\n二\r三\x0b四", "一\n二\n三\n四", False),
    ("\u00a0张晓燕\u00a0", "张晓燕", False),
    ("\u3000张 晓燕\u3000", "张 晓燕", False),
    ("张\u3000晓燕", "张\u3000晓燕", False),
])
def test_clean_cell(raw: str, clean: str, removed: bool) -> None:
    assert clean_cell(raw) == (clean, removed)


def test_visible_shows_what_cannot_be_seen() -> None:
    assert visible("张晓燕\u200b") == "张晓燕<U+200B>"
    assert visible("\ufeff\u00a0a\x07") == "<U+FEFF><U+00A0>a<U+0007>"
    assert visible("普通文字") == "普通文字"


@pytest.mark.parametrize(("value", "seconds"), [
    (dt.time(2, 15), 135), (0.09375, 135), (dt.time(0, 2, 15), 135), (2.5 / 1440, 150),
    (135, 135), (1, 1),
])
def test_durations_as_excel_stores_them(value: object, seconds: int) -> None:
    assert parse_duration(value) == seconds


def test_reading_the_sample_takes_little_time(ws: Path) -> None:
    start = time.perf_counter()
    for path in sorted((ws / "inputs").glob("*.xlsx")):
        read_grids(path)
    assert time.perf_counter() - start < 5


def test_an_xlsm_reads_as_its_xlsx(ws: Path) -> None:
    """A workbook with macros (.xlsm) is the same format: the same records."""
    before = [r.data for r in load_inputs(ws).records("演练记录")]
    (ws / "inputs" / DRILLS).rename(ws / "inputs" / "演练记录.xlsm")
    inputs = load_inputs(ws)
    assert inputs.files["演练记录"].name == "演练记录.xlsm"
    assert [r.data for r in inputs.records("演练记录")] == before


def test_a_damaged_sheet_part_is_the_damaged_file_message(ws: Path) -> None:
    path = ws / "inputs" / DRILLS
    patch_part(path, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    with pytest.raises(InputError) as caught:
        read_grids(path)
    assert str(caught.value) == "演练记录.xlsx › 演练记录：无法读取工作表（XmlError），请在 Excel/WPS 中打开并另存为 .xlsx"
