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

