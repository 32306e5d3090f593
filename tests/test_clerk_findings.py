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


def template_in(ws: Path, *paragraphs: str, name: str = "安全工作责任书.docx") -> Path:
    """A Word template a person saved into the workspace's templates/."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = ws / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


UNCLOSED = ("错误：安全工作责任书.docx › 正文第3段：变量标记 {{ }} 不成对：少了一个 }}"
            "（附近文字：“甲方：{{ school”）")


def test_check_lints_the_workspaces_templates_as_lint_and_build_do(sample: Path):
    template_in(sample, "安全工作责任书", "乙方：{{ name }}", "甲方：{{ school")
    result = run_cli("check", "-w", sample)
    assert result.exit_code == 1, result.output
    assert errors(result) == [UNCLOSED], result.output
    assert "检查通过" not in result.output
    assert result.output.rstrip().endswith("共 1 处错误，未写入任何文件。请修改后重试。")
    linted = run_cli("templates", "lint", sample / "templates/安全工作责任书.docx")
    assert linted.exit_code == 1 and errors(linted) == [UNCLOSED], linted.output
    assert tree_hash(sample / "outputs") == {}


def test_check_lists_template_errors_with_the_data_errors(sample: Path):
    template_in(sample, "甲方：{{ school")
    set_line(sample, 39, "special_threshold = 800")
    result = run_cli("check", "-w", sample)
    assert result.exit_code == 1, result.output
    assert len(errors(result)) == 2, result.output
    assert any("special_threshold" in line for line in errors(result))
    assert "错误：安全工作责任书.docx › 正文第1段：变量标记 {{ }} 不成对" in result.output


def test_check_lints_a_district_form_in_templates(sample: Path):
    from openpyxl import Workbook

    from pipeline.render.templates import list_templates

    form = next(info.name for info in list_templates() if info.is_form)
    book = Workbook()
    book.active["A1"] = "{{ schol }}"
    (sample / "templates").mkdir()
    book.save(sample / "templates" / form)
    result = run_cli("check", "-w", sample)
    linted = run_cli("templates", "lint", sample / "templates" / form)
    assert result.exit_code == 1 and linted.exit_code == 1, result.output
    assert errors(result) == errors(linted) != [], result.output


def test_a_good_template_in_the_workspace_still_passes_check(sample: Path):
    template_in(sample, "乙方：{{ name }}", "甲方：{{ school }}")
    result = run_cli("check", "-w", sample)
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.output


def test_full_width_braces_from_a_chinese_input_method_are_an_error(tmp_path: Path):
    path = template_in(tmp_path, "乙方：{{ name }}", "（｛｛ post ｝｝岗位）")
    result = run_cli("templates", "lint", path)
    assert result.exit_code == 1, result.output
    assert errors(result) == [
        "错误：安全工作责任书.docx › 正文第2段：「｛｛ post ｝｝」用了全角括号，应为半角 {{ post }}"], result.output


def test_full_width_statement_tags_and_half_full_mixtures_are_errors(tmp_path: Path):
    path = template_in(tmp_path, "｛％ if post ％｝{{ name }}｛％ endif ％｝", "{{ name ｝｝")
    result = run_cli("templates", "lint", path)
    assert result.exit_code == 1, result.output
    found = errors(result)
    assert "错误：安全工作责任书.docx › 正文第1段：「｛％ if post ％｝」用了全角括号，应为半角 {% if post %}" in found
    assert "错误：安全工作责任书.docx › 正文第1段：「｛％ endif ％｝」用了全角括号，应为半角 {% endif %}" in found
    assert "错误：安全工作责任书.docx › 正文第2段：「{{ name ｝｝」用了全角括号，应为半角 {{ name }}" in found


def test_full_width_braces_in_a_workspace_template_fail_check(sample: Path):
    template_in(sample, "（｛｛ post ｝｝岗位）")
    result = run_cli("check", "-w", sample)
    assert result.exit_code == 1, result.output
    assert errors(result) == [
        "错误：安全工作责任书.docx › 正文第1段：「｛｛ post ｝｝」用了全角括号，应为半角 {{ post }}"], result.output


def test_a_known_variable_in_chinese_quotes_is_an_error_naming_the_fix(tmp_path: Path):
    path = template_in(tmp_path, "{{ name }}", "{{ “preamble” }}")
    result = run_cli("templates", "lint", path)
    assert result.exit_code == 1, result.output
    assert errors(result) == [
        "错误：安全工作责任书.docx › 正文第2段：标记「{{ “preamble” }}」中的中文引号（Word 自动替换）让「preamble」"
        "成了固定文字，每份文档都会原样印出「preamble」；要印出变量「preamble」，应为 {{ preamble }}"
        "（附近文字：“{{ “preamble” }}”）"], result.output


def test_other_text_in_chinese_quotes_is_an_error_too(tmp_path: Path):
    path = template_in(tmp_path, "{{ name }}", "甲方：{{ ‘学校’ }}")
    result = run_cli("templates", "lint", path)
    assert result.exit_code == 1, result.output
    assert errors(result) == [
        "错误：安全工作责任书.docx › 正文第2段：标记「{{ ‘学校’ }}」中的中文引号（Word 自动替换）让「学校」"
        "成了固定文字，每份文档都会原样印出「学校」；要印出变量请去掉引号，固定文字请直接写在模板中"
        "（附近文字：“甲方：{{ ‘学校’ }}”）"], result.output


def test_chinese_quotes_around_a_compared_text_stay_a_warning(tmp_path: Path):
    """`{% if post == “保安” %}` compares with the text, as meant: Word's quotes are read as English."""
    path = template_in(tmp_path, "{% if post == “保安” %}门卫{% endif %}{{ name }}")
    result = run_cli("templates", "lint", path)
    assert result.exit_code == 0, result.output
    assert "已按英文引号处理" in result.output
