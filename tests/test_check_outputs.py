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


def test_check_says_every_warning_build_would_say_first(tmp_path: Path) -> None:
    """SPEC §4: `check` lists all problems at once. The kinds' own warnings (a month without a
    drill, a group that met too seldom, the principal's letter) were only said by `build`; a
    clerk who ran `check` first saw "检查通过" and then other warnings (the clerk's finding).
    `check` now imports the kinds' plans for them (about 0.3 s), but still renders nothing."""
    ws = staff_only(tmp_path / "ws")
    checked = run_cli("check", "-w", ws)
    assert checked.exit_code == 0, checked.output
    warned = [line for line in said(checked).splitlines() if line.startswith("警告：")]
    assert warned == ["警告：员工考核.xlsx › 员工名单 › 第16行 › 姓名：吴建华是校长（甲方负责人），不能与自己签订责任书；"
                      "其安全工作责任书由分管领导周静代表甲方签字"]
    built = run_cli("build", "-w", ws)
    assert built.exit_code == 0, built.output
    assert [line for line in said(built).splitlines() if line.startswith("警告：")] == warned
