"""The Word rendering core on real .docx files built here with python-docx.

The fast path must give what docxtpl gives (compared after XML canonicalisation), and be
safe: escaped data, strict variables, a sandbox, stripped control characters, limits.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import canonicalize

import pytest
from docx import Document
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage, RichText

from pipeline.render.images import Image
from pipeline.render.sandbox import make_environment
from pipeline.render.word import CompiledDocx, TemplateError, cell_shading_in_order

MODIFIED = dt.datetime(2022, 3, 1, 8, 0, 0)
#: Parts the render changes: always compared as canonical XML (the rest: bytes, or XML if not).
RENDERED = {"word/document.xml", "word/header1.xml", "word/footer1.xml"}
SPECIAL = "A&B <C> \"D\" 'E'"


def build_template(path: Path, paragraphs: list[str] | None = None, *, table: bool = True,
                   header: str = "{{ school }}安全工作", footer: str = "第 {{ page_note }} 页") -> Path:
    """A small 责任书-like template: paragraphs, a {%tr %} table, a header and a footer."""
    doc = Document()
    doc.add_paragraph("安全工作责任书", style="Title")
    for text in paragraphs if paragraphs is not None else [
        "甲方：{{ school }}", "乙方：{{ name }}（{{ post }}）", "说明：{{ note }}"]:
        doc.add_paragraph(text)
    if table:
        grid = doc.add_table(rows=4, cols=3)
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, ["序号", "事项", "责任人"], strict=True):
            cell.text = text
        grid.rows[1].cells[0].text = "{%tr for r in rows %}"
        for cell, text in zip(grid.rows[2].cells, ["{{ loop.index }}", "{{ r.item }}", "{{ r.person }}"],
                              strict=True):
            cell.text = text
        grid.rows[3].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("签订日期：{{ date }}")
    section = doc.sections[0]
    section.header.paragraphs[0].text = header
    section.footer.paragraphs[0].text = footer
    doc.save(path)
    return path


def context(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "school": "实验小学", "name": "张三", "post": "保安", "note": "无", "date": "2022年3月1日",
        "page_note": "1", "rows": [{"item": f"巡查{i}", "person": f"李{i}"} for i in range(15)],
    }
    values.update(overrides)
    return values


@pytest.fixture()
def template(tmp_path: Path) -> Path:
    return build_template(tmp_path / "责任书.docx")


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


def docxtpl_render(path: Path, ctx: dict[str, Any]) -> bytes:
    tpl = DocxTemplate(path)
    tpl.render(ctx, jinja_env=make_environment(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def assert_same_as_docxtpl(path: Path, ctx: dict[str, Any]) -> None:
    ours = parts(CompiledDocx.load(path).render(ctx, modified=MODIFIED).data)
    theirs = parts(docxtpl_render(path, ctx))
    assert list(ours) == list(theirs)
    compared = set()
    for name, data in theirs.items():
        if name == "docProps/core.xml":  # ours: fixed times and no escaping, on purpose
            continue
        if name in RENDERED or ours[name] != data:
            # docxtpl writes cellbg's w:shd first in w:tcPr; ours is in schema order (issue #15)
            theirs_xml = cell_shading_in_order(data.decode())
            assert canonicalize(ours[name].decode()) == canonicalize(theirs_xml), name
            compared.add(name)
    assert "word/document.xml" in compared


def texts(data: bytes) -> tuple[list[str], list[list[str]], str, str]:
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    return ([p.text for p in doc.paragraphs],
            [[c.text for c in row.cells] for row in doc.tables[0].rows] if doc.tables else [],
            section.header.paragraphs[0].text, section.footer.paragraphs[0].text)


# ------------------------------------------------------------------ output equals docxtpl


def test_special_characters_render_exactly(template: Path) -> None:
    rows = [{"item": SPECIAL, "person": "<李>"}]
    data = CompiledDocx.load(template).render(
        context(school=SPECIAL, name="O'Neil & Co", rows=rows), modified=MODIFIED).data
    paragraphs, table, header, _ = texts(data)
    assert f"甲方：{SPECIAL}" in paragraphs
    assert "乙方：O'Neil & Co（保安）" in paragraphs
    assert table == [["序号", "事项", "责任人"], ["1", SPECIAL, "<李>"]]
    assert header == f"{SPECIAL}安全工作"


@pytest.mark.parametrize("ctx", [
    context(),
    context(school=SPECIAL, name="<w:t>注入</w:t>", note="&amp; &lt; {{ x }} {% raw %}"),
    context(note="第一行\n第二行\n\n第四行", post="保安\t门卫", school="页眉\n两行"),
    context(rows=[{"item": "a\tb\nc", "person": SPECIAL}]),
    context(rows=[]),
    context(note=RichText("红色", color="FF0000", bold=True)),
    context(name="  前后空格  ", note=""),
], ids=["plain", "escaping", "newlines-tabs", "table-newlines", "no-rows", "richtext", "spaces"])
def test_same_xml_as_docxtpl(template: Path, ctx: dict[str, Any]) -> None:
    assert_same_as_docxtpl(template, ctx)


def test_same_as_docxtpl_with_paragraph_tags_split_runs_and_curly_quotes(tmp_path: Path) -> None:
    path = tmp_path / "t.docx"
    doc = Document()
    doc.add_paragraph("{%p for d in duties %}")
    doc.add_paragraph("{{ loop.index }}. {{ d }}")
    doc.add_paragraph("{%p endfor %}")
    split = doc.add_paragraph()  # Word splits text into runs: docxtpl joins the tag back
    for piece in ["姓名：{{ na", "me }}", "，岗位：", "{{ post }}"]:
        split.add_run(piece).bold = piece == "me }}"
    doc.add_paragraph("{% if post == “保安” %}是保安{% else %}不是{% endif %}")  # Word's quotes
    doc.add_paragraph("{{r rich }}")
    doc.save(path)
    ctx = {"duties": ["巡逻", "登记 & 核实"], "name": "张三", "post": "保安",
           "rich": RichText("加粗", bold=True)}
    assert_same_as_docxtpl(path, ctx)
    paragraphs = texts(CompiledDocx.load(path).render(ctx, modified=MODIFIED).data)[0]
    assert paragraphs[:4] == ["1. 巡逻", "2. 登记 & 核实", "姓名：张三，岗位：保安", "是保安"]


@pytest.mark.parametrize("columns", [["一月", "二月", "三月", "四月", "五月"], ["一月"]])
def test_column_loops_fix_the_table_grid_like_docxtpl(tmp_path: Path, columns: list[str]) -> None:
    path = tmp_path / "t.docx"
    doc = Document()
    grid = doc.add_table(rows=2, cols=4)
    for cell, text in zip(grid.rows[0].cells, ["项目", "{%tc for m in months %}", "{{ m }}", "{%tc endfor %}"],
                          strict=True):
        cell.text = text
    for cell, text in zip(grid.rows[1].cells, ["{% cellbg color %}合计", "{%tc for m in months %}", "√",
                                               "{%tc endfor %}"], strict=True):
        cell.text = text
    doc.save(path)
    ctx = {"months": columns, "color": "FF0000"}
    assert_same_as_docxtpl(path, ctx)
    data = CompiledDocx.load(path).render(ctx, modified=MODIFIED).data
    table = Document(io.BytesIO(data)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["项目", *columns]
    assert len(table.columns) == 1 + len(columns)  # the grid follows the cells


def test_builtin_template_matches_docxtpl(tmp_path: Path) -> None:
    builtin = Path(__file__).resolve().parent.parent / "templates" / "安全工作责任书.docx"
    if not builtin.is_file():
        pytest.skip("built-in template not present")
    compiled = CompiledDocx.load(builtin)
    ctx = {name: f"{name}：{SPECIAL}\n次行" for name in compiled.variables()}
    ctx.update(duties=["巡逻 & 登记", "a\tb"], accountability=["<一>"])
    assert_same_as_docxtpl(builtin, ctx)


def test_rendered_file_reopens_and_header_footer_render(template: Path) -> None:
    data = CompiledDocx.load(template).render(context(page_note="壹"), modified=MODIFIED).data
    paragraphs, table, header, footer = texts(data)
    assert paragraphs[:4] == ["安全工作责任书", "甲方：实验小学", "乙方：张三（保安）", "说明：无"]
    assert len(table) == 16 and table[15] == ["15", "巡查14", "李14"]
    assert (header, footer) == ("实验小学安全工作", "第 壹 页")
    assert not any("{" in p for p in paragraphs)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_converts_rendered_file(template: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(CompiledDocx.load(template).render(context(school=SPECIAL), modified=MODIFIED).data)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(target)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "out.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")


# ------------------------------------------------------------------ determinism


def test_same_inputs_give_identical_bytes(template: Path) -> None:
    first = CompiledDocx.load(template).render(context(), modified=MODIFIED, title="张三").data
    again = CompiledDocx.load(template).render(context(), modified=MODIFIED, title="张三").data
    assert first == again
    later = CompiledDocx.load(template).render(context(), modified=MODIFIED + dt.timedelta(days=1),
                                               title="张三").data
    assert later != first


def test_zip_dates_and_core_properties_come_from_inputs(template: Path) -> None:
    data = CompiledDocx.load(template).render(context(), modified=MODIFIED, title="责任书（张三）").data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = Document(io.BytesIO(data)).core_properties
    assert props.title == "责任书（张三）"
    assert props.created == props.modified == MODIFIED.replace(tzinfo=dt.UTC)  # naive: as given
    assert props.last_modified_by == "houqin" and props.revision == 1


def test_aware_datetime_is_written_in_utc(template: Path) -> None:
    beijing = dt.timezone(dt.timedelta(hours=8))
    data = CompiledDocx.load(template).render(context(), modified=MODIFIED.replace(tzinfo=beijing)).data
    assert Document(io.BytesIO(data)).core_properties.modified == dt.datetime(2022, 3, 1, 0, 0, tzinfo=dt.UTC)


def test_title_property_with_tags_renders_without_escaping(tmp_path: Path) -> None:
    path = build_template(tmp_path / "t.docx")
    doc = Document(path)
    doc.core_properties.title = "责任书：{{ name }}"
    doc.save(path)
    data = CompiledDocx.load(path).render(context(name="A&B"), modified=MODIFIED).data
    assert Document(io.BytesIO(data)).core_properties.title == "责任书：A&B"


# ------------------------------------------------------------------ strict, located errors


def test_misspelt_variable_names_it_and_suggests_nearest(tmp_path: Path) -> None:
    path = build_template(tmp_path / "安全工作责任书.docx", ["甲方：{{ nmae }}"])
    compiled = CompiledDocx.load(path, known=["name", "school", "post", "rows", "date", "page_note"])
    assert "nmae" in compiled.variables()
    with pytest.raises(TemplateError) as caught:
        compiled.render(context(), modified=MODIFIED)
    problem = caught.value.problems[0]
    assert "「nmae」" in problem.message and "「name」" in problem.message
    assert "甲方：{{ nmae }}" in problem.message
    assert problem.location.file == "安全工作责任书.docx" and problem.value == "nmae"


def test_missing_item_in_table_row_is_named(tmp_path: Path) -> None:
    path = build_template(tmp_path / "t.docx")
    ctx = context(rows=[{"itme": "巡查", "person": "李四"}])
    with pytest.raises(TemplateError) as caught:
        CompiledDocx.load(path).render(ctx, modified=MODIFIED)
    message = caught.value.problems[0].message
    assert "r.item" in message and "「itme」" in message


def test_missing_value_is_never_a_blank(template: Path) -> None:
    ctx = context()
    del ctx["date"]
    with pytest.raises(TemplateError) as caught:
        CompiledDocx.load(template, known=context()).render(ctx, modified=MODIFIED)
    message = caught.value.problems[0].message
    assert "「date」" in message and "签订日期：{{ date }}" in message and "数据中没有" in message


@pytest.mark.parametrize("text", [
    "{% for r in rows %}{{ r }}",
    "{% if name %}甲方",
    "{{ name }",
    "{%tr for r in rows %}",  # only inside a table row
])
def test_broken_tags_fail_at_load(tmp_path: Path, text: str) -> None:
    path = build_template(tmp_path / "t.docx", ["开头", text, "结尾"], table=False)
    with pytest.raises(TemplateError) as caught:
        CompiledDocx.load(path, name="模板.docx")
    problem = caught.value.problems[0]
    assert problem.location.file == "模板.docx"
    assert "附近文字" in problem.message


def test_unclosed_for_names_the_block(tmp_path: Path) -> None:
    path = build_template(tmp_path / "t.docx", ["职责：{% for d in duties %}{{ d }}"], table=False)
    with pytest.raises(TemplateError) as caught:
        CompiledDocx.load(path)
    message = caught.value.problems[0].message
    assert "endfor" in message and "职责：{% for d in duties %}" in message


def test_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_text("not a zip")
    with pytest.raises(TemplateError, match="不是有效的 Word 文档"):
        CompiledDocx.load(path)


# ------------------------------------------------------------------ sandbox and limits


@pytest.mark.parametrize("tag", [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__.os }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ rows.append(1) }}",
    "{{ name.__class__ }}",
    "{{ config }}",
    "{{ request }}",
])
def test_sandbox_escapes_fail(tmp_path: Path, tag: str) -> None:
    path = build_template(tmp_path / "t.docx", [f"甲方：{tag}"], table=False)
    with pytest.raises(TemplateError) as caught:
        CompiledDocx.load(path).render(context(), modified=MODIFIED)
    assert caught.value.problems[0].location.file == "t.docx"


@pytest.mark.parametrize("tag", [
    "{% for i in range(10**9) %}x{% endfor %}",
    "{{ 'x' * 10**9 }}",
    "{{ 2 ** 100000000 }}",
])
def test_huge_loops_and_products_are_refused(tmp_path: Path, tag: str) -> None:
    path = build_template(tmp_path / "t.docx", [tag], table=False)
    with pytest.raises(TemplateError, match="无法生成"):
        CompiledDocx.load(path).render(context(), modified=MODIFIED)


def test_output_size_limit_stops_nested_loops(tmp_path: Path) -> None:
    tag = "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}"
    path = build_template(tmp_path / "t.docx", [tag], table=False)
    with pytest.raises(TemplateError, match="超过"):
        CompiledDocx.load(path, max_chars=1_000_000).render(context(), modified=MODIFIED)


def test_small_range_works(tmp_path: Path) -> None:
    path = build_template(tmp_path / "t.docx", ["{% for i in range(3) %}{{ i }}{% endfor %}"], table=False)
    paragraphs = texts(CompiledDocx.load(path).render(context(), modified=MODIFIED).data)[0]
    assert "012" in paragraphs


# ------------------------------------------------------------------ data cleaning


def test_control_characters_stripped_with_warning(template: Path) -> None:
    rows = [{"item": "巡\x01查", "person": "李四"}]
    rendered = CompiledDocx.load(template).render(
        context(name="张\x00三\x0b", rows=rows), modified=MODIFIED)
    paragraphs, table, _, _ = texts(rendered.data)
    assert "乙方：张三（保安）" in paragraphs and table[1][1] == "巡查"
    assert {p.severity for p in rendered.warnings} == {"warning"}
    named = {p.message.split("」")[0].lstrip("「") for p in rendered.warnings}
    assert named == {"name", "rows[0].item"}
    assert {p.value for p in rendered.warnings} == {"张三", "巡查"}


def test_clean_values_give_no_warnings(template: Path) -> None:
    assert CompiledDocx.load(template).render(context(), modified=MODIFIED).warnings == []


# ------------------------------------------------------------------ images (docxtpl path)


def png(width: int = 2, height: int = 1) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def test_images_render_through_docxtpl_deterministically(tmp_path: Path) -> None:
    path = build_template(tmp_path / "t.docx", ["照片：{{ photo }}", "甲方：{{ school }}"])
    compiled = CompiledDocx.load(path)
    ctx = context(photo=Image(png(), width_mm=30), school=SPECIAL)
    first = compiled.render(ctx, modified=MODIFIED, title="带照片")
    assert first.slow
    assert first.data == compiled.render(ctx, modified=MODIFIED, title="带照片").data
    doc = Document(io.BytesIO(first.data))
    assert len(doc.inline_shapes) == 1 and round(doc.inline_shapes[0].width.mm) == 30
    assert f"甲方：{SPECIAL}" in [p.text for p in doc.paragraphs]
    assert doc.core_properties.title == "带照片"
    assert doc.core_properties.modified == MODIFIED.replace(tzinfo=dt.UTC)
    assert any(name.startswith("word/media/") for name in parts(first.data))
    assert not compiled.render(context(photo=""), modified=MODIFIED).slow


def test_docxtpl_inline_images_in_rows_work_without_their_own_template(tmp_path: Path) -> None:
    path = build_template(tmp_path / "t.docx", ["{%p for r in staff %}", "{{ r.name }}：{{ r.photo }}",
                                                 "{%p endfor %}"], table=False)
    staff = [{"name": n, "photo": InlineImage(None, io.BytesIO(png()), Mm(10))} for n in ("甲", "乙")]
    rendered = CompiledDocx.load(path).render(context(staff=staff), modified=MODIFIED)
    doc = Document(io.BytesIO(rendered.data))
    assert rendered.slow and len(doc.inline_shapes) == 2
    assert [p.text for p in doc.paragraphs][1:3] == ["甲：", "乙："]


def test_image_errors_are_located_like_others(tmp_path: Path) -> None:
    path = build_template(tmp_path / "t.docx", ["照片：{{ photo }}", "{{ nmae }}"])
    with pytest.raises(TemplateError, match="nmae"):
        CompiledDocx.load(path).render(context(photo=Image(png())), modified=MODIFIED)


@pytest.mark.parametrize(("tag", "reason"), [
    ("{{ 1 / 0 }}", "除数为零"),
    ("{{ name + 1 }}", "值的类型不能这样计算，如把文字和数字相加、对空白的值计算或调用不能调用的值"),
    ("{{ name | int(default=None) + 1 }}", "值的类型不能这样计算，如把文字和数字相加、对空白的值计算或调用不能调用的值"),
])
def test_a_failing_expression_says_why_in_chinese(tmp_path: Path, tag: str, reason: str) -> None:
    path = build_template(tmp_path / "t.docx", [f"甲方：{tag}"], table=False)
    with pytest.raises(TemplateError) as caught:
        CompiledDocx.load(path).render(context(), modified=MODIFIED)
    message = caught.value.problems[0].message
    assert message.startswith(f"模板「t.docx」正文中的标记无法计算（{reason}）"), message
    assert "Error" not in message and "unsupported" not in message
