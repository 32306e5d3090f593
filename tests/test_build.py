"""`houqin build`: every kind the inputs allow, all or nothing, and nothing rewritten needlessly."""

import json
import shutil
from pathlib import Path

import openpyxl
from helpers import run_cli, tree_hash

from pipeline.kinds import registry

ROOT = Path(__file__).resolve().parent.parent


run = run_cli


def sample(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    return tmp_path


def test_build_writes_every_kind_and_a_second_build_rewrites_nothing(tmp_path):
    ws = sample(tmp_path)
    result = run("build", "-w", ws)
    assert result.exit_code == 0, result.output
    kinds = {entry["kind"] for entry in json.loads((ws / "outputs/manifest.json").read_text("utf-8"))["files"]}
    assert kinds == set(registry())
    before = tree_hash(ws / "outputs")
    result = run("build", "-w", ws)
    assert result.exit_code == 0
    assert "写入 0 个文件" in result.output
    assert tree_hash(ws / "outputs") == before


def test_a_missing_input_skips_its_kinds_with_one_line(tmp_path):
    ws = sample(tmp_path)
    (ws / "inputs/固定资产.xlsx").unlink()
    result = run("build", "-w", ws)
    assert result.exit_code == 0, result.output
    assert "跳过固定资产：缺少 inputs/固定资产.xlsx" in result.output.splitlines()
    assert not (ws / "outputs/固定资产").exists()


def test_a_bad_input_writes_nothing_at_all(tmp_path):
    ws = sample(tmp_path)
    book = openpyxl.load_workbook(ws / "inputs/演练记录.xlsx")
    book.active["A3"] = "下周三"
    book.save(ws / "inputs/演练记录.xlsx")
    result = run("build", "-w", ws)
    assert result.exit_code == 1
    assert "演练记录.xlsx › 演练记录 › 第3行 › 演练日期：无法识别的日期「下周三」" in result.output
    assert tree_hash(ws / "outputs") == {}
