"""`houqin templates list | export | lint`: templates belong to the people who use them."""

from pathlib import Path

import docx
from helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent


run = run_cli


def template_with(tmp_path: Path, *paragraphs: str, name: str = "安全工作责任书.docx") -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / name
    document.save(str(path))
    return path


def test_list_shows_builtin_and_overridden(tmp_path):
    result = run("templates", "list", "-w", tmp_path)
    assert result.exit_code == 0
    assert "安全工作责任书.docx\tletters" in result.output and "使用内置模板" in result.output
    (tmp_path / "templates").mkdir()
    template_with(tmp_path / "templates", "{{ name }}")
    assert "使用工作区的 templates/安全工作责任书.docx" in run("templates", "list", "-w", tmp_path).output


def test_export_copies_the_builtin_and_never_overwrites(tmp_path):
    result = run("templates", "export", "安全工作责任书", tmp_path / "mine")
    assert result.exit_code == 0
    exported = tmp_path / "mine/安全工作责任书.docx"
    assert exported.read_bytes() == (ROOT / "templates/安全工作责任书.docx").read_bytes()
    exported.write_bytes(b"my edits")
    result = run("templates", "export", "安全工作责任书.docx", tmp_path / "mine")
    assert result.exit_code == 1
    assert "文件已存在，为免覆盖你的修改，未导出" in result.output
    assert exported.read_bytes() == b"my edits"


def test_export_of_an_unknown_name(tmp_path):
    result = run("templates", "export", "不存在", tmp_path)
    assert result.exit_code == 1
    assert "没有名为「不存在」的内置模板；可用的有：" in result.output
    assert "安全工作责任书.docx" in result.output


def test_lint_passes_the_builtin_template():
    result = run("templates", "lint", ROOT / "templates/安全工作责任书.docx")
    assert result.exit_code == 0, result.output
    assert "模板检查通过：安全工作责任书.docx" in result.output
    assert "name（乙方姓名）" in result.output


def test_lint_names_an_unknown_variable_its_nearest_name_and_the_text_around(tmp_path):
    path = template_with(tmp_path, "甲方：{{ school }}", "乙方：{{ nmae }}（{{ post }}）")
    result = run("templates", "lint", path)
    assert result.exit_code == 1
    assert ("错误：安全工作责任书.docx › 正文第2段：模板中的变量「nmae」没有对应的数据，"
            "是否应为「name」（乙方姓名）？（附近文字：“乙方：{{ nmae }}（{{ post }}）”）") in result.output


def test_lint_finds_broken_and_unbalanced_tags(tmp_path):
    path = template_with(tmp_path, "乙方：{{ name }", "{% for duty in duties %}", "{{ duty }}")
    result = run("templates", "lint", path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "错误：安全工作责任书.docx › 正文第1段：变量标记 {{ }} 不成对：少了一个 }}（附近文字：“乙方：{{ name }”）" in lines
    assert "错误：安全工作责任书.docx › 正文第2段：{% for %} 没有对应的 {% endfor %}（附近文字：“{% for duty in duties %}”）" in lines


def test_lint_tolerates_word_curly_quotes_with_a_warning(tmp_path):
    path = template_with(tmp_path, "{% if post == “保安” %}门卫{% endif %}{{ name }}")
    result = run("templates", "lint", path)
    assert result.exit_code == 0, result.output
    assert "中文引号" in result.output


def test_lint_refuses_a_sandbox_escape(tmp_path):
    path = template_with(tmp_path, "{{ ''.__class__.__mro__ }}")
    result = run("templates", "lint", path)
    assert result.exit_code == 1


def test_lint_of_a_template_for_no_known_document(tmp_path):
    path = template_with(tmp_path, "{{ name }}", name="随便.docx")
    result = run("templates", "lint", path)
    assert result.exit_code == 1
    assert "不知道这个模板属于哪种文档" in result.output


def test_lint_refuses_loading_other_files(tmp_path):
    path = template_with(tmp_path, "{% include '/etc/passwd' %}{{ name }}")
    result = run("templates", "lint", path)
    assert result.exit_code == 1
    assert "试图加载其他模板或文件" in result.output


def test_the_build_index_template_is_listed_exported_and_linted_like_the_others(tmp_path):
    assert "目录.docx\tcatalogue" in run("templates", "list").output
    assert run("templates", "export", "目录", tmp_path).exit_code == 0
    assert run("templates", "lint", tmp_path / "目录.docx").exit_code == 0
    (tmp_path / "edited").mkdir()
    broken = template_with(tmp_path / "edited", "{{ school }}", "{{ rowz }}", name="目录.docx")
    result = run("templates", "lint", broken)
    assert result.exit_code == 1
    assert "rowz" in result.output and "rows" in result.output
