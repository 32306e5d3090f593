"""The command line: exact exit codes and Chinese messages, through Click's CliRunner."""

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from helpers import copy_sample, run_cli, tree_hash

import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FILES = ["houqin.toml", "inputs"]


run = run_cli


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the repository's sample workspace, with an outputs/ that holds a file."""
    shutil.copy(ROOT / "houqin.toml", tmp_path / "houqin.toml")
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    (tmp_path / "outputs").mkdir()
    (tmp_path / "outputs/已有文件.docx").write_bytes(b"kept as it is")
    return tmp_path


def all_commands(group=cli.cli, prefix=()):
    """Every command and subcommand as the words a person types."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if hasattr(command, "commands"):
            found.extend(all_commands(command, (*prefix, name)))
    return found


@pytest.mark.parametrize("words", all_commands(), ids=" ".join)
def test_every_command_has_help_with_an_example(words):
    result = run(*words, "--help")
    assert result.exit_code == 0
    assert "示例" in result.output
    assert f"houqin {' '.join(words)}" in result.output


def test_top_level_help_lists_commands_with_examples():
    result = run("--help")
    assert result.exit_code == 0
    assert "示例" in result.output
    for words in all_commands():
        if len(words) == 1:
            assert words[0] in result.output


def test_usage_errors_exit_2():
    result = run("check", "--no-such-option")
    assert result.exit_code == 2


def test_python_cli_py_works_from_the_repo_root():
    result = subprocess.run([sys.executable, "cli.py", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0
    assert "houqin" in result.stdout


def test_check_passes_on_the_sample_inputs(sample):
    before = tree_hash(sample)
    result = run("check", "-w", str(sample))
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.output
    assert "隐患排查.xlsx › 隐患排查记录：" in result.output
    assert "学期：2021—2022学年第二学期（2022年2月14日至2022年7月1日）" in result.output
    assert tree_hash(sample) == before


def set_cell(path: Path, sheet: str, row: int, header: str, value) -> None:
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    for header_row in range(1, 11):
        headers = [c.value for c in ws[header_row]]
        if header in headers:
            ws.cell(row, headers.index(header) + 1, value)
            book.save(path)
            return
    raise AssertionError(f"{header} not found")


BROKEN = [
    ("隐患排查.xlsx", "隐患排查记录", 6, "检查日期", "下周三",
     "错误：隐患排查.xlsx › 隐患排查记录 › 第6行 › 检查日期：无法识别的日期「下周三」，应为 2022-03-05 或 2022年3月5日"),
    ("隐患排查.xlsx", "隐患排查记录", 7, "风险等级", "特大",
     "错误：隐患排查.xlsx › 隐患排查记录 › 第7行 › 风险等级：不是可选的值「特大」，应为 一般、较大、重大；是否应为「较大」？"),
    ("演练记录.xlsx", "演练记录", 3, "疏散用时", "两分多钟",
     "错误：演练记录.xlsx › 演练记录 › 第3行 › 疏散用时：无法识别的时长「两分多钟」，应为 2分15秒、2:15、135秒 或 135"),
    ("演练记录.xlsx", "演练记录", 2, "总指挥", "指挥",
     "错误：演练记录.xlsx › 演练记录 › 第2行：缺少必填列「总指挥」（也可写作 负责人）"),
    ("值日安排.xlsx", "值日安排", 4, "姓名", "查无此人",
     "错误：值日安排.xlsx › 值日安排 › 第4行 › 姓名：「查无此人」不在 员工考核.xlsx › 员工名单 中；请核对姓名或把此人加入员工名单"),
    ("固定资产.xlsx", "固定资产", 3, "数量", -2,
     "错误：固定资产.xlsx › 固定资产 › 第3行 › 数量：不能小于0「-2」，应为 不小于 0 的数"),
    ("员工考核.xlsx", "考核记录", 5, "得分", 25,
     "错误：员工考核.xlsx › 考核记录 › 第5行 › 得分：超过满分的得分「25」，应为 0 到 20 之间的数"),
    ("工作清单.xlsx", "工作清单", 4, "时间", "下学期",
     "错误：工作清单.xlsx › 工作清单 › 第4行 › 时间：无法识别的时间「下学期」，应为 2月、7~8月、3月上旬 或 日期"),
]


@pytest.mark.parametrize(("file", "sheet", "row", "header", "value", "message"), BROKEN)
def test_check_on_a_broken_input_exits_1_with_the_located_message(sample, file, sheet, row, header, value, message):
    set_cell(sample / "inputs" / file, sheet, row, header, value)
    before = tree_hash(sample / "outputs")
    result = run("check", "-w", str(sample))
    assert result.exit_code == 1
    assert message in result.output.splitlines()
    assert "Traceback" not in result.output
    assert result.output.rstrip().endswith("处错误，未写入任何文件。请修改后重试。")
    assert tree_hash(sample / "outputs") == before


def test_check_reports_a_bad_settings_file(sample):
    (sample / "houqin.toml").write_text('[drills]\ntarget_seconds = "两分钟"\n', encoding="utf-8")
    result = run("check", "-w", str(sample))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "错误：houqin.toml › 第2行 › [drills] target_seconds：应为整数（如 15），实际为「两分钟」")


def test_check_lists_every_problem_at_once(sample):
    set_cell(sample / "inputs/隐患排查.xlsx", "隐患排查记录", 6, "检查日期", "下周三")
    set_cell(sample / "inputs/固定资产.xlsx", "固定资产", 3, "数量", -2)
    result = run("check", "-w", str(sample))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("错误：")]
    assert len(errors) == 2
    assert "共 2 处错误，未写入任何文件。请修改后重试。" in result.output


def test_check_outside_a_workspace(tmp_path):
    result = run("check", "-w", str(tmp_path))
    assert result.exit_code == 1
    assert "工作区中没有 inputs/ 文件夹" in result.output


def test_init_makes_a_workspace_that_passes_check(tmp_path):
    target = tmp_path / "新学校"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    for stem in ["隐患排查", "演练记录", "值日安排", "固定资产", "工作清单", "员工考核"]:
        assert (target / "inputs" / f"{stem}.xlsx").is_file()
    assert (target / "houqin.toml").is_file()
    result = run("check", "-w", str(target))
    assert result.exit_code == 0, result.output



def test_inits_example_rows_are_named_until_they_are_deleted(tmp_path):
    """A clerk who fills in some workbooks and forgets one, or types the school's rows under
    the examples, would file made-up records; saving a workbook unchanged (Excel asks to on
    closing) changes nothing."""
    target = tmp_path / "ws"
    assert run("init", str(target)).exit_code == 0
    inputs = target / "inputs"
    examples = sorted(p.name for p in inputs.glob("*.xlsx"))
    result = run("check", "-w", str(target))
    first = result.output.splitlines()[0]  # said first: it matters most
    assert first.startswith(f"警告：inputs/：这 {len(examples)} 个表格（") and "示例数据" in first
    assert all(name in first for name in examples)
    book = openpyxl.load_workbook(inputs / "值日安排.xlsx")
    book.save(inputs / "值日安排.xlsx")  # saved unchanged: still the examples
    drills = openpyxl.load_workbook(inputs / "演练记录.xlsx")
    sheet = drills.active
    sheet.append(["2022-05-12", "本校消防疏散演练", "消防疏散", "本部校区", "操场", "综合管理中心", "吴建华",
                  100, 99, 10, "2分"])
    drills.save(inputs / "演练记录.xlsx")
    for name in examples:  # the rest: the examples gone, the school's own rows in their place
        if name not in ("值日安排.xlsx", "演练记录.xlsx"):
            (inputs / name).unlink()
    result = run("check", "-w", str(target))
    assert result.exit_code == 0, result.output
    assert ("警告：inputs/值日安排.xlsx：这还是 houqin init 写入的示例数据，没有改成本校的记录；"
            "用它生成的文档是示例内容。请在表格中换成本校的记录（不需要的表格可以删除）") in result.output
    assert ("警告：演练记录.xlsx › 演练记录：第3、4、5行还是 houqin init 写入的示例数据，会和本校的记录一起印到文档里；"
            "请删除这些行") in result.output
    sheet.delete_rows(3, 3)
    drills.save(inputs / "演练记录.xlsx")
    (inputs / "值日安排.xlsx").unlink()
    assert "示例数据" not in run("check", "-w", str(target)).output
    # the repository's sample term is its own data, not init's examples
    assert "示例数据" not in run("check", "-w", str(copy_sample(tmp_path / "sample"))).output


def test_init_refuses_an_existing_workspace(tmp_path):
    assert run("init", str(tmp_path / "ws")).exit_code == 0
    before = tree_hash(tmp_path / "ws")
    result = run("init", str(tmp_path / "ws"))
    assert result.exit_code == 1
    assert "这里已经是一个工作区" in result.output
    assert tree_hash(tmp_path / "ws") == before


def test_init_workbooks_explain_columns_and_offer_drop_downs(tmp_path):
    run("init", str(tmp_path / "ws"))
    book = openpyxl.load_workbook(tmp_path / "ws/inputs/隐患排查.xlsx")
    ws = book["隐患排查记录"]
    assert ws["A1"].value == "安全隐患排查记录"
    assert "A1:T1" in [str(r) for r in ws.merged_cells.ranges]
    headers = [c.value for c in ws[2]]
    assert headers[:3] == ["检查日期", "检查类型", "校区"]
    assert "必填" in ws["A2"].comment.text
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["B3:B2000"] == '"日巡视,月检查,专项检查,上级检查"'
    assert "消防" in lists["E3:E2000"]


def test_init_is_deterministic(tmp_path):
    assert run("init", str(tmp_path / "a")).exit_code == 0
    assert run("init", str(tmp_path / "b")).exit_code == 0
    assert tree_hash(tmp_path / "a") == tree_hash(tmp_path / "b")
