"""Templates a person or a district hands in: a DOCTYPE/ENTITY in any part, nesting too deep
to compile, district .xlsx forms, and names that differ from a built-in only by case or
extension. Each is said in Chinese, located, by `templates lint`, `build` and the page alike,
with no traceback and nothing written."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from helpers import copy_sample, run_cli, tree_hash

from pipeline.web import create_app

ROOT = Path(__file__).resolve().parent.parent
LETTER = "安全工作责任书.docx"
ENGLISH_EXCEPTION = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception)\b")
XXE = b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def doctype_refused(file: str, part: str) -> str:
    return (f"错误：{file}：模板中的「{part}」含有 DOCTYPE/ENTITY 声明（可能试图读取本机的文件），已拒绝；"
            "Word、WPS 和 Excel 保存的文件不会有这种内容，请在 Word/WPS/Excel 中打开后另存一份再用")


def with_doctype(source: Path, target: Path, member: str, encoding: str = "utf-8") -> Path:
    """A copy of an Office file whose ``member`` declares an external entity after its XML
    declaration, as an attacker would write it (in UTF-16 when ``encoding`` says so)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                text = data.decode("utf-8")
                body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
                text = f'<?xml version="1.0" encoding="{encoding}"?>\n{XXE.decode()}{body}'
                data = text.encode(encoding)
            zout.writestr(info, data)
    return target


def letter_template(folder: Path, *paragraphs: str, name: str = LETTER) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    document.save(str(path))
    return path


def district_form(folder: Path, name: str = "安全工作月报.xlsx", **cells: str) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "月报"
    for ref, value in (cells or {"A1": "{{ school }}安全工作月报", "B2": "{{ month }}", "C3": "{{ rate }}"}).items():
        sheet[ref] = value
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    book.save(path)
    return path


def clean(result) -> None:
    assert not ENGLISH_EXCEPTION.search(result.output), result.output


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "ws")


# ---- DOCTYPE / ENTITY ---------------------------------------------------------------------------


@pytest.mark.parametrize(("member", "encoding"), [
    ("word/document.xml", "utf-8"), ("word/styles.xml", "utf-8"), ("docProps/core.xml", "utf-16"),
    ("[Content_Types].xml", "utf-8"),
])
def test_lint_refuses_a_doctype_in_any_part_of_a_word_template(tmp_path: Path, member: str, encoding: str):
    path = with_doctype(ROOT / "templates" / LETTER, tmp_path / LETTER, member, encoding)
    result = run_cli("templates", "lint", path)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == doctype_refused(LETTER, member)
    clean(result)


def test_lint_refuses_a_doctype_in_a_district_form(tmp_path: Path):
    form = district_form(tmp_path / "made")
    path = with_doctype(form, tmp_path / "form" / form.name, "xl/workbook.xml")
    result = run_cli("templates", "lint", path)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == doctype_refused(form.name, "xl/workbook.xml")
    clean(result)


def test_build_refuses_a_workspace_template_with_a_doctype_before_writing(sample: Path):
    with_doctype(ROOT / "templates" / LETTER, sample / "templates" / LETTER, "word/document.xml")
    result = run_cli("build", "-w", sample)
    assert result.exit_code == 1, result.output
    assert doctype_refused(LETTER, "word/document.xml") in result.output.splitlines()
    assert result.output.rstrip().endswith("处错误，未写入任何文件。请修改后重试。")
    assert tree_hash(sample / "outputs") == {}
    clean(result)


def test_build_refuses_a_district_form_with_a_doctype_before_writing(sample: Path):
    form = district_form(sample / "made", "安全隐患排查整改表.xlsx", A1="{{ school }}", B2="{{ period }}")
    with_doctype(form, sample / "templates" / form.name, "xl/worksheets/sheet1.xml")
    result = run_cli("hazards", "-w", sample)
    assert result.exit_code == 1, result.output
    assert doctype_refused(form.name, "xl/worksheets/sheet1.xml") in result.output.splitlines()
    assert tree_hash(sample / "outputs") == {}
    clean(result)


# ---- nesting ---------------------------------------------------------------------------------------


NESTED_LOOPS = ["{% for a in duties %}"] * 25 + ["{{ name }}"] + ["{% endfor %}"] * 25
TOO_DEEP = {
    "loops": (NESTED_LOOPS,
              "错误：安全工作责任书.docx › 正文：模板嵌套过深：模板「安全工作责任书.docx」正文中{% for %}/{% if %} "
              "等语句块套了 11 层（最多 10 层）；请拆开写，或减少嵌套（附近文字：“{% for a in duties %}”）"),
    "ifs": (["{% if name %}" * 30 + "{{ name }}" + "{% endif %}" * 30],
            "错误：安全工作责任书.docx › 正文：模板嵌套过深：模板「安全工作责任书.docx」正文中{% for %}/{% if %} "
            "等语句块套了 11 层（最多 10 层）；请拆开写，或减少嵌套（附近文字：“{% if name %}{% if name %}{% if name %}"
            "{% if name %}{% if na…”）"),
    "filters": (["{{ name" + "|upper" * 3000 + " }}"],
                "错误：安全工作责任书.docx › 正文：模板嵌套过深：模板「安全工作责任书.docx」正文中有一个标记的过滤器、"
                "属性和运算超过 60 个；请拆开写，或减少嵌套（附近文字：“{{ name|upper|upper|upper|upper|upper|upper|"
                "upper|upper|uppe…”）"),
    "parentheses": (["{{ " + "(" * 500 + "name" + ")" * 500 + " }}"],
                    "错误：安全工作责任书.docx › 正文：模板嵌套过深：模板「安全工作责任书.docx」正文中有一个标记的括号套了"
                    "超过 20 层；请拆开写，或减少嵌套（附近文字：“{{ " + "(" * 57 + "…”）"),
    "concatenation": (["{{ name" + " ~ name" * 2000 + " }}"],
                      "错误：安全工作责任书.docx › 正文：模板嵌套过深：模板「安全工作责任书.docx」正文中有一个标记的过滤器、"
                      "属性和运算超过 60 个；请拆开写，或减少嵌套（附近文字：“{{ name ~ name ~ name ~ name ~ name ~ name ~ "
                      "name ~ name ~ n…”）"),
}


@pytest.mark.parametrize("case", list(TOO_DEEP))
def test_lint_says_a_template_is_nested_too_deeply(tmp_path: Path, case: str):
    paragraphs, message = TOO_DEEP[case]
    result = run_cli("templates", "lint", letter_template(tmp_path, *paragraphs))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == message
    clean(result)


def test_build_says_a_template_is_nested_too_deeply_and_writes_nothing(sample: Path):
    letter_template(sample / "templates", *NESTED_LOOPS)
    result = run_cli("build", "-w", sample)
    assert result.exit_code == 1, result.output
    assert TOO_DEEP["loops"][1] in result.output.splitlines()
    assert tree_hash(sample / "outputs") == {}
    clean(result)


def test_nesting_a_real_form_uses_is_accepted(tmp_path: Path):
    deep = ["{% for a in duties %}"] * 5 + ["{% if name %}{{ name|upper|lower|trim }}{% endif %}"] + ["{% endfor %}"] * 5
    result = run_cli("templates", "lint", letter_template(tmp_path, *deep))
    assert result.exit_code == 0, result.output
    assert "模板检查通过：安全工作责任书.docx" in result.output


# ---- district .xlsx forms ---------------------------------------------------------------------------


def test_lint_accepts_a_district_form_and_lists_its_variables(tmp_path: Path):
    result = run_cli("templates", "lint", district_form(tmp_path))
    assert result.exit_code == 0, result.output
    assert "不是有效的 Word 文档" not in result.output
    assert "模板检查通过：安全工作月报.xlsx" in result.output
    assert "school（学校名称）" in result.output


def test_lint_locates_unknown_and_broken_placeholders_of_a_district_form(tmp_path: Path):
    form = district_form(tmp_path, "安全隐患排查整改表.xlsx", A1="{{ schol }}", B3="{{ hazards.编号 }}",
                         C4="{{ period }", D5="{{  }}")
    result = run_cli("templates", "lint", form)
    assert result.exit_code == 1
    assert result.output.splitlines()[:3] == [
        "错误：安全隐患排查整改表.xlsx › 月报 › A1：模板中的「{{ schol }}」没有对应的数据，是否应为「school」（学校名称）？",
        "错误：安全隐患排查整改表.xlsx › 月报 › C4：占位符不完整（缺少成对的 {{ 或 }}）：「{{ period }」",
        "错误：安全隐患排查整改表.xlsx › 月报 › D5：模板中的「{{  }}」是空的占位符，请写上数据名称",
    ]
    assert "B3" not in result.output  # hazards.编号 is a list's field: fine
    clean(result)


def test_lint_of_a_damaged_form(tmp_path: Path):
    path = tmp_path / "安全工作月报.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    result = run_cli("templates", "lint", path)
    assert result.exit_code == 1
    assert "错误：安全工作月报.xlsx：无法作为 Excel 模板打开" in result.output
    assert "请在 Excel/WPS 中另存为 .xlsx" in result.output


# ---- names that are nearly right --------------------------------------------------------------------


NEAR_NAMES = {
    "安全工作月报.DOCX": "警告：templates/安全工作月报.DOCX：文件名与内置模板「安全工作月报.docx」不完全相同，不会被使用；"
                        "要用它代替内置模板，请改名为「安全工作月报.docx」",
    "安全工作月报.doc": "警告：templates/安全工作月报.doc：这是旧版 Word 格式，不会被使用；请用 Word/WPS 打开后另存为 .docx，"
                       "文件名为「安全工作月报.docx」",
    "安全工作月报 .docx": "警告：templates/安全工作月报 .docx：文件名与内置模板「安全工作月报.docx」不完全相同，不会被使用；"
                         "要用它代替内置模板，请改名为「安全工作月报.docx」",
    "安全工作责任书(1).docx": "警告：templates/安全工作责任书(1).docx：文件名与内置模板「安全工作责任书.docx」不完全相同，"
                            "不会被使用；要用它代替内置模板，请改名为「安全工作责任书.docx」",
    "安全工作月报.XLSX": "警告：templates/安全工作月报.XLSX：文件名与内置模板「安全工作月报.xlsx」不完全相同，不会被使用；"
                        "要用它代替内置模板，请改名为「安全工作月报.xlsx」",
}


def _near_names(sample: Path) -> None:
    for name in NEAR_NAMES:
        source = ROOT / "templates" / ("安全工作月报.docx" if "月报" in name else LETTER)
        (sample / "templates").mkdir(exist_ok=True)
        shutil.copy(source, sample / "templates" / name)
    (sample / "templates" / "说明.txt").write_text("区县的表格放这里", "utf-8")


def test_check_warns_of_templates_named_nearly_like_a_builtin(sample: Path):
    _near_names(sample)
    result = run_cli("check", "-w", sample)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for warning in NEAR_NAMES.values():
        assert warning in lines
    assert "说明.txt" not in result.output
    clean(result)


def test_templates_list_warns_of_them_too(sample: Path):
    _near_names(sample)
    result = run_cli("templates", "list", "-w", sample)
    assert result.exit_code == 0
    assert NEAR_NAMES["安全工作月报.DOCX"] in result.output.splitlines()
    assert "安全工作月报.docx\thazards" in result.output and "（使用内置模板）" in result.output


def test_a_workspace_with_the_exact_names_gets_no_warning(sample: Path):
    (sample / "templates").mkdir(exist_ok=True)
    shutil.copy(ROOT / "templates" / LETTER, sample / "templates" / LETTER)
    result = run_cli("check", "-w", sample)
    assert result.exit_code == 0
    assert "templates/" not in result.output


def test_lint_of_a_nearly_named_template_lints_it_as_the_builtin_and_says_the_name(tmp_path: Path):
    path = tmp_path / "安全工作责任书.DOCX"
    shutil.copy(ROOT / "templates" / LETTER, path)
    result = run_cli("templates", "lint", path)
    assert result.exit_code == 0, result.output
    assert "警告：安全工作责任书.DOCX：文件名应为「安全工作责任书.docx」，否则放进 templates/ 也不会被使用" in result.output


# ---- the page's upload --------------------------------------------------------------------------------


def post(client, url: str, data: bytes, name: str):
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"  # as the page itself posts
    return client.post(url, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_upload_refuses_a_word_template_with_a_doctype(sample: Path, tmp_path: Path):
    client = create_app(sample).test_client()
    data = with_doctype(ROOT / "templates" / LETTER, tmp_path / LETTER, "word/document.xml").read_bytes()
    response = post(client, f"/templates/{LETTER}", data, "我的责任书.docx")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "模板「我的责任书.docx」没有通过检查，未启用" in page
    assert "含有 DOCTYPE/ENTITY 声明（可能试图读取本机的文件），已拒绝" in page
    assert not (sample / "templates" / LETTER).exists()


def test_upload_checks_a_district_form_as_lint_does(sample: Path, tmp_path: Path):
    client = create_app(sample).test_client()
    name = "安全工作月报.xlsx"
    bad = district_form(tmp_path / "bad", name, A1="{{ schol }}")
    response = post(client, f"/templates/{name}", bad.read_bytes(), name)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "模板中的「{{ schol }}」没有对应的数据，是否应为「school」（学校名称）？" in page
    assert not (sample / "templates" / name).exists()

    hostile = with_doctype(district_form(tmp_path / "good"), tmp_path / "hostile" / name, "xl/workbook.xml")
    response = post(client, f"/templates/{name}", hostile.read_bytes(), name)
    assert response.status_code == 400
    assert "含有 DOCTYPE/ENTITY 声明" in response.get_data(as_text=True)
    assert not (sample / "templates" / name).exists()

    good = district_form(tmp_path / "good2").read_bytes()
    response = post(client, f"/templates/{name}", good, name)
    assert response.status_code == 302
    assert (sample / "templates" / name).read_bytes() == good
