"""Hostile templates and hostile data: nothing runs that should not, nothing prints as code.

Templates come from other schools and data from WeChat and Word. A template that tries to
import, open files, read the environment, loop for ever or grow without end is refused or
stopped with a located Chinese error, and `houqin templates lint` flags it where it can be
seen; data that looks like a formula, XML, Jinja or a path stays exactly the text it was.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import docx
import openpyxl
import pytest
from helpers import copy_sample, docx_text, run_cli, tree_hash

from pipeline.kinds import registry
from pipeline.outputs.writer import FORBIDDEN, RESERVED
from pipeline.render.word import CompiledDocx, TemplateError

ROOT = Path(__file__).resolve().parent.parent
MODIFIED = dt.datetime(2022, 3, 1, 8, 0, 0)


def template_with(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def render(path: Path, **limits: float) -> bytes:
    ctx = {"name": "张三", "rows": [{"item": f"巡查{i}"} for i in range(5)]}
    return CompiledDocx.load(path, **limits).render(ctx, modified=MODIFIED).data  # type: ignore[arg-type]


# --------------------------------------------------------------------------- hostile templates

HOSTILE = [
    ("import", "{% import 'other.docx' as x %}", "试图加载其他模板或文件，模板中不允许"),
    ("include", "{% include '/etc/passwd' %}", "试图加载其他模板或文件，模板中不允许"),
    ("extends", "{% extends 'base.docx' %}", "试图加载其他模板或文件，模板中不允许"),
    ("open", "{{ open('/etc/passwd').read() }}", "变量「open」没有提供"),
    ("environ-globals", "{{ lipsum.__globals__.os.environ }}", "试图访问不允许的内容「__globals__」"),
    ("environ-init", "{{ cycler.__init__.__globals__.os.environ.HOME }}", "试图访问不允许的内容「__init__」"),
    ("subclasses", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "试图访问不允许的内容「__class__」"),
    ("range-huge", "{% for i in range(10**9) %}x{% endfor %}", "range(…) 要循环 1000000000 次，超过上限 100000 次"),
    ("power", "{{ 2 ** 100000000 }}", "乘方 2**100000000 的结果太大"),
    ("string-product", "{{ 'x' * 10**9 }}", "重复 1000000000 次得到的内容太长"),
    ("list-product", "{{ (range(1000)|list) * 1000000 }}", "重复 1000000 次得到的内容太长"),
    ("printed-growth", "{% for i in range(1000) %}{{ 'x' * 40000000 }}{% endfor %}", "生成的内容超过 50000000 字"),
    ("namespace-doubling", "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
     "生成的内容超过 50000000 字"),
    ("center", "{{ name|center(2000000000) }}", "center的宽度 2000000000 太大（上限 10000）"),
    ("ljust", "{{ name.ljust(2000000000) }}", "ljust的宽度 2000000000 太大（上限 10000）"),
    ("indent", "{{ name|indent(1000000000, true) }}", "indent的宽度 1000000000 太大（上限 10000）"),
    ("percent-format", "{{ '%2000000000d' % 1 }}", "格式中的宽度 2000000000 太大（上限 10000）"),
    ("format-filter", "{{ '%2000000000d'|format(1) }}", "格式中的宽度 2000000000 太大（上限 10000）"),
    ("str-format", "{{ '{:>2000000000}'.format(name) }}", "格式中的宽度 2000000000 太大（上限 10000）"),
    ("replace", "{{ ('x' * 1000000).replace('x', 'y' * 1000) }}", "生成的内容超过 50000000 字"),
    ("recursion", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "宏（macro）无休止地调用自己"),
]


@pytest.mark.parametrize(("tag", "message"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_template_is_refused_with_a_located_message(tmp_path: Path, tag: str, message: str) -> None:
    path = template_with(tmp_path / "外校模板.docx", "甲方：{{ name }}", tag)
    with pytest.raises(TemplateError) as caught:
        render(path)
    problem = caught.value.problems[0]
    assert message in str(problem)
    assert problem.location.file == "外校模板.docx"


def test_a_loop_that_prints_nothing_is_stopped_by_the_clock(tmp_path: Path) -> None:
    """10¹⁰ silent iterations: only the render time limit can stop them (a subprocess, so a
    regression fails on the timeout instead of hanging the suite)."""
    path = template_with(tmp_path / "t.docx", "{% for i in range(100000) %}{% for j in range(100000) %}"
                                              "{% endfor %}{% endfor %}")
    script = textwrap.dedent(f"""
        import datetime as dt, sys
        sys.path.insert(0, {str(ROOT)!r})
        from pipeline.render.word import CompiledDocx, TemplateError
        try:
            CompiledDocx.load({str(path)!r}, max_seconds=1).render({{}}, modified=dt.datetime(2022, 3, 1))
        except TemplateError as err:
            print(err)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert "生成一份文档超过 1 秒，可能是循环次数太多" in done.stdout, done.stderr


def test_ordinary_loops_ranges_and_namespaces_still_work(tmp_path: Path) -> None:
    path = template_with(
        tmp_path / "t.docx",
        "{% for r in rows %}{{ loop.index }}{{ r.item }}{% endfor %}",
        "{% set ns = namespace(n=0) %}{% for i in range(5) %}{% set ns.n = ns.n + i %}{% endfor %}合计{{ ns.n }}",
        "{{ range(10)[2:4]|list|join('、') }}|{{ name|center(6) }}|{{ '%05d' % 42 }}|{{ '{:>4}'.format(7) }}")
    text = docx_text(_save(tmp_path / "out.docx", render(path)))
    assert "1巡查02巡查13巡查24巡查35巡查4" in text
    assert "合计10" in text
    assert "2、3|  张三  |00042|   7" in text


def _save(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("tag", "message"), [
    ("{% for i in range(10**9) %}x{% endfor %}", "中有乘方或很大的数，可能让文档无休止地变大或循环"),
    ("{{ 'x' * 100000000 }}", "中有乘方或很大的数，可能让文档无休止地变大或循环"),
    ("{{ 100000000 * name }}", "中有乘方或很大的数，可能让文档无休止地变大或循环"),
    ("{% for i in range(0, 1000000) %}x{% endfor %}", "中有乘方或很大的数，可能让文档无休止地变大或循环"),
    ("{{ open('/etc/passwd').read() }}", "使用了「open」，试图运行代码、读取文件或环境，模板中不允许"),
    ("{{ lipsum.__globals__.os.environ }}", "使用了「lipsum」，试图运行代码、读取文件或环境，模板中不允许"),
    ("{% include 'x.docx' %}", "试图加载其他模板或文件，模板中不允许"),
    ("{{ name.__class__ }}", "访问了以下划线开头的内部属性，模板中不允许"),
])
def test_lint_flags_what_it_can_see(tmp_path: Path, tag: str, message: str) -> None:
    path = template_with(tmp_path / "安全工作责任书.docx", "乙方：{{ name }}", tag)
    result = run_cli("templates", "lint", path)
    assert result.exit_code == 1
    assert message in result.output
    assert "安全工作责任书.docx › 正文第2段" in result.output
    assert "Traceback" not in result.output


def test_lint_lets_a_large_number_in_a_comparison_pass(tmp_path: Path) -> None:
    """A 100,000-yuan threshold is ordinary in an acceptance form, not a hostile template."""
    path = template_with(tmp_path / "安全工作责任书.docx", "乙方：{{ name }}",
                         "{% if name|length > 100000 %}（金额较大，需报教育局备案）{% endif %}")
    result = run_cli("templates", "lint", path)
    assert result.exit_code == 0, result.output


KIND_TEMPLATES = sorted({name for kind in registry().values() for name in kind.templates if name.endswith(".docx")})


@pytest.mark.parametrize("name", KIND_TEMPLATES)
def test_lint_passes_every_builtin_template_a_user_may_export(name: str) -> None:
    """The checks above must not flag a real form (安全工作月报 has a variable named ``open``)."""
    from pipeline.render.templates import lint_template

    assert not [str(p) for p in lint_template(ROOT / "templates" / name) if p.is_error]


def test_a_hostile_user_template_in_a_workspace_stops_the_build_before_writing(tmp_path: Path) -> None:
    ws = copy_sample(tmp_path)
    template_with(ws / "templates/安全工作责任书.docx", "乙方：{{ name }}",
                  "{% for i in range(10**9) %}{{ lipsum.__globals__.os.environ }}{% endfor %}")
    result = run_cli("build", "-w", ws)
    assert result.exit_code == 1
    assert "安全工作责任书.docx › 正文第2段" in result.output
    assert "试图运行代码、读取文件或环境，模板中不允许" in result.output
    assert "Traceback" not in result.output
    assert tree_hash(ws / "outputs") == {}


def _bomb(path: Path, source: Path, part: str) -> Path:
    """``source`` with ``part`` padded to 40 MB of blank paragraphs: about 40 KB on disk."""
    import zipfile

    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                data = data.replace(b"</w:body>", b"<w:p/>" * (40 * 1024 * 1024 // 6) + b"</w:body>") \
                    if part.startswith("word/") else data + b" " * (40 * 1024 * 1024)
            zout.writestr(item, data)
    return path


@pytest.mark.slow
def test_a_template_that_unpacks_to_gigabytes_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A template from another school can be a zip bomb: lint and build refuse it by the sizes
    in the zip's directory, without unpacking it."""
    ws = copy_sample(tmp_path)
    bomb = _bomb(ws / "templates/安全工作责任书.docx", ROOT / "templates/安全工作责任书.docx", "word/document.xml")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    result = run_cli("templates", "lint", bomb)
    assert result.exit_code == 1
    assert "安全工作责任书.docx：文件解压后异常巨大（疑似压缩炸弹），已拒绝读取" in result.output
    result = run_cli("build", "-w", ws)
    assert result.exit_code == 1
    assert "安全工作责任书.docx：文件解压后异常巨大（疑似压缩炸弹），已拒绝读取" in result.output
    assert tree_hash(ws / "outputs") == {}


@pytest.mark.slow
def test_a_district_form_that_unpacks_to_gigabytes_is_refused(tmp_path: Path) -> None:
    ws = copy_sample(tmp_path)
    source = tmp_path / "form.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "{{ school }}"
    book.save(source)
    _bomb(ws / "templates/安全工作月报.xlsx", source, "xl/worksheets/sheet1.xml")
    result = run_cli("hazards", "-w", ws)
    assert result.exit_code == 1
    assert "安全工作月报.xlsx：文件解压后异常巨大（疑似压缩炸弹），已拒绝读取" in result.output
    assert tree_hash(ws / "outputs") == {}


def test_a_document_that_fails_while_rendering_says_how_many_complete_files_came_before(tmp_path: Path) -> None:
    """Lint cannot see data: a template that breaks on one person's letter stops there, and
    the message must not claim that nothing was written."""
    ws = copy_sample(tmp_path)
    template_with(ws / "templates/安全工作责任书.docx", "乙方：{{ name }}",
                  "{% if name == '高峰' %}{{ post.nothing }}{% endif %}")
    result = run_cli("letters", "-w", ws)
    assert result.exit_code == 1
    written = len(list((ws / "outputs").rglob("*.docx")))
    assert written > 0
    assert f"出错前已写入 {written} 个完整的文件，其余未生成" in result.output
    assert "出错的文档：outputs/安全工作责任书/" in result.output and "高峰" in result.output
    assert "未写入任何文件" not in result.output and "Traceback" not in result.output


# --------------------------------------------------------------------------- hostile data

FORMULAS = ["=SUM(A1:A9)", "+1", "-1", "@x", '=HYPERLINK("http://example.com","点我")']
MARKUP = "甲<w:p>&amp;</w:body> A&B \"引\" {{ 7*7 }} {% if 1 %}乙"


def _edit(path: Path, sheet: str | None, cells: dict[str, object]) -> None:
    book = openpyxl.load_workbook(path)
    ws = book[sheet] if sheet else book.worksheets[0]
    for ref, value in cells.items():
        ws[ref] = value
        if isinstance(value, str) and value.startswith("="):
            ws[ref].data_type = "s"  # typed as text ('=SUM…), as people paste it from elsewhere
    book.save(path)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with formula-, XML- and Jinja-looking text and path-like names, built."""
    ws = copy_sample(tmp_path_factory.mktemp("hostile"))
    inputs = ws / "inputs"
    _edit(inputs / "隐患排查.xlsx", None, {
        "F3": MARKUP, "D3": "../../../etc/passwd", "K3": FORMULAS[0], "T3": FORMULAS[3],
        "D4": "CON", "K4": FORMULAS[1], "T4": FORMULAS[2], "D5": 'a/b\\c:*?"<>|', "T5": FORMULAS[4]})
    _edit(inputs / "固定资产.xlsx", None, {"B3": FORMULAS[0], "D3": FORMULAS[1], "R3": FORMULAS[3], "R4": FORMULAS[2]})
    book = openpyxl.load_workbook(inputs / "员工考核.xlsx")
    staff = book["员工名单"]
    for name, staff_id in [("张伟", "ZW01"), ("张伟", "ZW02"), ("../../evil", "EV01"), ("CON", "EV02"),
                           ("a/b:c*", "EV03"), (".", "EV04"), ("钟无名", None), ("钟无名", None)]:
        staff.append([name, staff_id, "保安", "综合管理中心", dt.datetime(2020, 9, 1), "13900000000"])
    book.save(inputs / "员工考核.xlsx")
    before = tree_hash(ws / "inputs")
    result = run_cli("build", "-w", ws)
    assert result.exit_code == 0, result.output
    assert tree_hash(ws / "inputs") == before
    return ws


@pytest.mark.slow
def test_formula_looking_text_stays_text_in_every_workbook_written(hostile_build: Path) -> None:
    found: set[str] = set()
    books = sorted((hostile_build / "outputs").rglob("*.xlsx"))
    assert books
    for path in books:
        for sheet in openpyxl.load_workbook(path).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value in FORMULAS:
                        assert cell.data_type == "s", f"{path.name} › {sheet.title} › {cell.coordinate}"
                        found.add(cell.value)
                    if cell.data_type == "f":
                        assert not any(f.lstrip("=+-@") in str(cell.value) for f in FORMULAS[::4]), cell.value
    assert found == set(FORMULAS)


@pytest.mark.slow
def test_xml_and_jinja_in_data_print_literally(hostile_build: Path) -> None:
    texts = [docx_text(p) for p in sorted((hostile_build / "outputs").rglob("*.docx"))]
    assert any(MARKUP in t for t in texts)
    assert not any("甲<w:p>&amp;</w:body> A&B \"引\" 49" in t for t in texts)


@pytest.mark.slow
def test_names_used_for_files_cannot_leave_outputs_or_break_windows(hostile_build: Path) -> None:
    outputs = (hostile_build / "outputs").resolve()
    files = [p for p in outputs.rglob("*") if p.is_file()]
    assert not (hostile_build / "etc").exists() and not (hostile_build.parent / "evil.docx").exists()
    for path in files:
        assert path.resolve().is_relative_to(outputs)
        for part in path.relative_to(outputs).parts:
            assert not FORBIDDEN.search(part), part
            assert part.split(".")[0].upper() not in RESERVED, part
            assert not part.endswith((".", " ")), part
    names = {p.name for p in files}
    assert {"_CON.docx", "____evil.docx", "a_b_c_.docx", "未命名.docx", "2022-002 CON.docx"} <= names


@pytest.mark.slow
def test_two_people_with_one_name_get_distinct_files_deterministically(hostile_build: Path, tmp_path: Path) -> None:
    letters = hostile_build / "outputs/安全工作责任书"
    first, second = sorted(letters.glob("张伟*.docx"))
    assert [first.name, second.name] == ["张伟（ZW01）.docx", "张伟（ZW02）.docx"]
    assert first.read_bytes() != second.read_bytes()
    assert sorted(p.name for p in letters.glob("钟无名*.docx")) == ["钟无名.docx", "钟无名（2）.docx"]
    again = tmp_path / "again"
    (again / "inputs").mkdir(parents=True)
    for path in (hostile_build / "inputs").iterdir():
        if path.is_file():
            (again / "inputs" / path.name).write_bytes(path.read_bytes())
    (again / "houqin.toml").write_bytes((hostile_build / "houqin.toml").read_bytes())
    assert run_cli("build", "-q", "-w", again).exit_code == 0
    assert tree_hash(again / "outputs") == tree_hash(hostile_build / "outputs")
