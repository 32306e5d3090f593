"""Issue #17, the school clerk's findings: template mistakes `check` must catch, TOML errors at
the line they are on, and settings that only make sense together."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import copy_sample, run_cli, tree_hash


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "ws")


def set_line(ws: Path, number: int, line: str) -> None:
    """Line ``number`` (1-based) of the sample's houqin.toml replaced by ``line``."""
    path = ws / "houqin.toml"
    lines = path.read_text("utf-8").splitlines()
    lines[number - 1] = line
    path.write_text("\n".join(lines) + "\n", "utf-8")


def errors(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("错误：")]


@pytest.mark.parametrize(("number", "line", "message"), [
    (12, "start = 2022.2.14",
     "houqin.toml › 第12行 › [term] start：第15列附近不是有效的 TOML 格式：日期「2022.2.14」无法识别；"
     "日期写作 2022-02-14，不加引号"),
    (13, "end = 2022-13-01",
     "houqin.toml › 第13行 › [term] end：第11列附近不是有效的 TOML 格式：日期「2022-13-01」无法识别；"
     "日期写作 2022-02-14，不加引号"),
    (7, 'campuses = ["本部校区", "分校区"     # 校区',
     "houqin.toml › 第7行：不是有效的 TOML 格式：列表缺少结尾的 ]（常见原因：文字没有加英文双引号、少了 ] 或 =、"
     "用了中文标点）"),
    (24, "half_month_split = 15 16",
     "houqin.toml › 第24行：第23列附近不是有效的 TOML 格式：一行只能写一项，值的后面多了文字（常见原因：文字没有加"
     "英文双引号、少了 ] 或 =、用了中文标点）"),
], ids=["dotted-date", "month-13", "unclosed-list", "extra-text"])
def test_a_toml_error_is_reported_at_its_own_line_not_the_last(sample: Path, number: int, line: str, message: str):
    set_line(sample, number, line)
    result = run_cli("check", "-w", sample)
    assert result.exit_code == 1, result.output
    assert errors(result) == [f"错误：{message}"], result.output
    assert "第39行" not in result.output
    assert tree_hash(sample / "outputs") == {}


def test_special_threshold_below_threshold_is_a_located_error(sample: Path):
    set_line(sample, 39, "special_threshold = 800")
    result = run_cli("check", "-w", sample)
    assert result.exit_code == 1, result.output
    assert errors(result) == [
        "错误：houqin.toml › 第39行 › [assets] special_threshold：专用设备单价标准（800 元）不能低于固定资产单价标准"
        "（threshold = 1000 元）；如：special_threshold = 1500"], result.output


def test_special_threshold_equal_to_threshold_is_fine(sample: Path):
    set_line(sample, 39, "special_threshold = 1000")
    result = run_cli("check", "-w", sample)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("days", [0, 61, -3])
def test_overdue_extension_is_range_checked(sample: Path, days: int):
    set_line(sample, 25, f"overdue_extension = {days}")
    result = run_cli("build", "-w", sample)
    assert result.exit_code == 1, result.output
    assert errors(result) == [
        f"错误：houqin.toml › 第25行 › [hazards] overdue_extension：逾期隐患整改通知书给出的天数应在 1 到 60 之间，"
        f"实际为「{days}」；如：overdue_extension = 7"], result.output
    assert tree_hash(sample / "outputs") == {}


def test_overdue_extension_within_range_is_accepted(sample: Path):
    set_line(sample, 25, "overdue_extension = 60")
    assert run_cli("check", "-w", sample).exit_code == 0

