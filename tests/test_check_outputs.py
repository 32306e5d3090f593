"""`check` says what would stop `build` at outputs/ before anything is written (issue #17)."""

from __future__ import annotations

from pathlib import Path

from helpers import run_cli
from test_boundary import said, staff_only

from pipeline.outputs.writer import MANIFEST


def test_check_says_outputs_is_a_file_and_changes_nothing(tmp_path: Path) -> None:
    ws = staff_only(tmp_path / "ws")
    (ws / "outputs").write_text("一个叫 outputs 的文件", "utf-8")
    result = run_cli("check", "-w", ws)
    assert result.exit_code == 1
    assert said(result).startswith(
        "错误：outputs：这里应是存放生成文档的文件夹，但现在是一个文件；请把这个文件改名或移走后重试\n")
    assert (ws / "outputs").read_text("utf-8") == "一个叫 outputs 的文件"


def test_check_says_the_manifest_is_a_folder(tmp_path: Path) -> None:
    ws = staff_only(tmp_path / "ws")
    (ws / "outputs" / MANIFEST).mkdir(parents=True)
    result = run_cli("check", "-w", ws)
    assert result.exit_code == 1
    assert ("错误：outputs/manifest.json：这里应是 houqin 的记录文件，但现在是一个文件夹；请把这个文件夹改名或移走后重试"
            in said(result))
    assert [p.name for p in (ws / "outputs").iterdir()] == [MANIFEST]


def test_check_passes_and_writes_nothing_without_outputs(tmp_path: Path) -> None:
    ws = staff_only(tmp_path / "ws")
    result = run_cli("check", "-w", ws)
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.output and not (ws / "outputs").exists()


def test_check_imports_no_document_library(tmp_path: Path) -> None:
    """`houqin check` needs neither python-docx, docxtpl, XlsxWriter nor openpyxl: importing
    them took a good part of a second before anything was read (issue #23)."""
    import subprocess
    import sys

    ws = staff_only(tmp_path / "ws")
    code = ("import sys; sys.argv = ['houqin', 'check', '-q', '-w', sys.argv[1]]; import cli\n"
            "try:\n    cli.main()\nexcept SystemExit as done:\n    code = done.code\n"
            "heavy = sorted(m for m in ('docx', 'docxtpl', 'xlsxwriter', 'openpyxl', 'pipeline.render.word')"
            " if m in sys.modules)\nprint(code, heavy)")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code, str(ws)], cwd=root, capture_output=True, text=True)
    assert done.stdout.strip() == "0 []", done.stdout + done.stderr
