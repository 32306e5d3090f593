"""Click's own usage errors in Chinese (issue #17: no English reaches a user), exit status 2.

Each case runs the real command line through CliRunner and asserts the whole text said.
"""

from __future__ import annotations

import pytest
from helpers import run_cli


@pytest.mark.parametrize(("args", "said"), [
    (["hazards", "--peroid", "2022-03"], "没有「--peroid」这个选项；是否应为「--period」？\n请运行「houqin hazards --help」查看用法。"),
    (["check", "--nothing"], "没有「--nothing」这个选项\n请运行「houqin check --help」查看用法。"),
    (["--bad"], "没有「--bad」这个选项\n请运行「houqin --help」查看用法。"),
    (["chek"], "没有「chek」这个命令；是否应为「check」？\n请运行「houqin --help」查看用法。"),
    (["templates", "lnt"], "没有「lnt」这个命令；是否应为「lint」？\n请运行「houqin templates --help」查看用法。"),
    (["init"], "缺少参数 DIRECTORY（文件夹）\n请运行「houqin init --help」查看用法。"),
    (["templates", "lint"], "缺少参数 PATH（模板文件的路径）\n请运行「houqin templates lint --help」查看用法。"),
    (["templates", "lint", "没有.docx"],
     "参数 PATH：找不到「没有.docx」；请检查路径\n请运行「houqin templates lint --help」查看用法。"),
    (["hazards", "--date", "明天"],
     "--date：无法识别的日期「明天」，应为 2022-03-05 或 2022年3月5日\n请运行「houqin hazards --help」查看用法。"),
    (["serve", "--port", "99999"], "--port：「99999」应为 0 到 65535 之间的整数\n请运行「houqin serve --help」查看用法。"),
    (["serve", "--port", "八千"], "--port：「八千」不是整数\n请运行「houqin serve --help」查看用法。"),
    (["check", "-w"], "选项 -w 后面缺少值\n请运行「houqin check --help」查看用法。"),
    (["build", "--zip=是"], "选项 --zip 不带值，只写 --zip 即可\n请运行「houqin build --help」查看用法。"),
    (["check", "D:\\后勤", "资料"],
     "多余的参数「D:\\后勤 资料」；带空格的路径请加英文引号，如 \"D:\\后勤 资料\"\n请运行「houqin check --help」查看用法。"),
])
def test_usage_errors_are_chinese_with_exit_2(args: list[str], said: str) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.output == f"用法错误：{said}\n"
    assert "Error" not in result.output and "Usage" not in result.output and "Traceback" not in result.output


def test_help_is_unchanged_and_a_group_without_command_shows_its_help() -> None:
    assert run_cli("check", "--help").exit_code == 0
    assert "检查设置和 inputs/ 中的全部表格" in run_cli("check", "--help").output
    result = run_cli("templates")
    assert result.exit_code == 2 and "houqin templates list" in result.output
