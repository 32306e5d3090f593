"""Every sample input saved by LibreOffice as .xls (Excel 97–2003) and .ods gives exactly the
records of the .xlsx: the same values, the same Excel row numbers, no new warning.

The files are converted in the test with LibreOffice headless (a private profile, so a
LibreOffice the person has open is not disturbed). A WPS .et is a BIFF8 compound file like
.xls; LibreOffice cannot write one, so an .xls renamed .et stands in for it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import copy_sample, run_cli

from pipeline.reading.loader import load_inputs

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p.name for p in (ROOT / "inputs").glob("*.xlsx"))

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every sample input as .xls and .ods, one LibreOffice call per format."""
    from conftest import _require

    soffice = _require("soffice", "LibreOffice converts the samples to .xls and .ods")
    out = tmp_path_factory.mktemp("converted")
    profile = (out / "profile").as_uri()
    for fmt in ("xls", "ods"):
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
                        "--outdir", str(out), *(str(ROOT / "inputs" / name) for name in SAMPLES)],
                       check=True, capture_output=True, timeout=300)
    return out


def tables(ws: Path) -> tuple[dict[tuple[str, str], list[tuple[int | None, dict[str, Any]]]], list[str]]:
    inputs = load_inputs(ws)
    found = {(stem, sheet): [(r.where.row, r.data) for r in table.records]
             for stem, sheets in inputs.tables.items() for sheet, table in sheets.items()}
    return found, [p.message for p in inputs.warnings]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list[str]]:
    return tables(copy_sample(tmp_path_factory.mktemp("xlsx")))


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".et"])
@pytest.mark.parametrize("name", SAMPLES)
def test_the_same_records_as_the_xlsx(converted: Path, reference: tuple[dict, list[str]], tmp_path: Path,
                                      name: str, suffix: str) -> None:
    ws = copy_sample(tmp_path / "ws")
    stem = Path(name).stem
    (ws / "inputs" / name).unlink()
    source = converted / f"{stem}{'.xls' if suffix == '.et' else suffix}"
    shutil.copy(source, ws / "inputs" / f"{stem}{suffix}")
    found, warnings = tables(ws)
    expected, expected_warnings = reference
    mine = {key: rows for key, rows in expected.items() if key[0] == stem}
    assert mine and all(rows for rows in mine.values())
    for key, rows in mine.items():
        assert found[key] == rows, key
    assert warnings == expected_warnings


def test_check_names_the_xls_it_read(converted: Path, tmp_path: Path) -> None:
    ws = copy_sample(tmp_path / "ws")
    (ws / "inputs" / "演练记录.xlsx").unlink()
    shutil.copy(converted / "演练记录.xls", ws / "inputs" / "演练记录.xls")
    result = run_cli("check", "-w", ws)
    assert result.exit_code == 0, result.output
    assert "演练记录.xls" in result.output


def test_an_xls_and_an_xlsx_of_one_input_is_ambiguous(converted: Path, tmp_path: Path) -> None:
    ws = copy_sample(tmp_path / "ws")
    shutil.copy(converted / "演练记录.ods", ws / "inputs" / "演练记录.ods")
    result = run_cli("check", "-w", ws)
    assert result.exit_code == 1
    assert "错误：inputs/演练记录：同时存在 演练记录.xlsx 和 演练记录.ods，不知道用哪一个；请删除或改名其中一个" in result.output


def test_an_ods_with_one_value_in_the_last_cell_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    """calamine reads a whole .ods when it opens it: the scan of content.xml answers first."""
    import time

    import openpyxl
    from conftest import _require

    from pipeline.errors import InputError
    from pipeline.reading.sheets import read_grids

    soffice = _require("soffice", "LibreOffice writes the .ods")
    book = openpyxl.load_workbook(ROOT / "inputs" / "值日安排.xlsx")
    book.worksheets[0]["XFD1048576"] = "x"
    book.save(tmp_path / "值日安排.xlsx")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "ods", "--outdir", str(tmp_path), str(tmp_path / "值日安排.xlsx")],
                   check=True, capture_output=True, timeout=300)
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        read_grids(tmp_path / "值日安排.ods")
    assert time.perf_counter() - start < 1
    assert str(caught.value).startswith("值日安排.ods › 值日安排 › 第1048576行：单元格 XFD1048576 有内容")


def _xls_of(tmp_path: Path, change: Any) -> Path:
    """The sample 值日安排 changed by ``change(sheet)`` and saved by LibreOffice as .xls."""
    import openpyxl
    from conftest import _require

    soffice = _require("soffice", "LibreOffice writes the .xls")
    book = openpyxl.load_workbook(ROOT / "inputs" / "值日安排.xlsx")
    change(book.worksheets[0])
    book.save(tmp_path / "值日安排.xlsx")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "xls", "--outdir", str(tmp_path), str(tmp_path / "值日安排.xlsx")],
                   check=True, capture_output=True, timeout=300)
    return tmp_path / "值日安排.xls"


def test_an_xls_with_one_value_in_its_last_cell_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """calamine would build all 65,536 × 256 cells (a gigabyte) for this 6 KB file."""
    from test_sheets import peak_read

    path = _xls_of(tmp_path, lambda sheet: sheet.__setitem__("IV65536", 1))
    said, took, peak = peak_read(path)
    assert said.startswith("值日安排.xls › 值日安排 › IV 列：单元格 IV65536 有内容，超出了 houqin 读取的范围")
    assert took < 1 and peak < 200


def test_error_values_in_an_xls_are_cell_errors(tmp_path: Path) -> None:
    from pipeline.reading.sheets import CellError, read_grids

    def errors(sheet: Any) -> None:
        sheet["G3"] = "#N/A"
        sheet["G4"] = "=1/0"

    grid = read_grids(_xls_of(tmp_path, errors))[0]
    assert grid.rows[2][6] == CellError("#N/A")
    assert grid.rows[3][6] == CellError("#DIV/0!")
