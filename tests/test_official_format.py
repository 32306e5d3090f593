"""Every default template has the official format, checked in the XML itself."""

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from pipeline.kinds import commands, registry

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Not official documents but the binder's cover and spine labels: no page number, and the
#: spine sheet's margins are its labels' own.
UNNUMBERED = {"档案盒封面.docx", "档案盒脊背.docx"}
LABEL_SHEETS = {"档案盒脊背.docx"}
DOCX_TEMPLATES = sorted(
    name for kind in registry().values() for name in kind.templates if name.endswith(".docx"))


def xml(path: Path, part: str):
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(part))


def twips(cm: float) -> int:
    return round(cm / 2.54 * 1440)


@pytest.fixture(params=DOCX_TEMPLATES)
def template(request) -> Path:
    return ROOT / "templates" / request.param


def test_a4_and_the_official_margins(template):
    sect = xml(template, "word/document.xml").find(f".//{W}sectPr")
    size = sect.find(f"{W}pgSz")
    dims = (int(size.get(f"{W}w")), int(size.get(f"{W}h")))
    if size.get(f"{W}orient") == "landscape":  # wide forms: A4 turned, same margins
        dims = dims[::-1]
    assert dims == (11906, 16838)
    margins = sect.find(f"{W}pgMar")
    expected = (("top", 3.7), ("bottom", 3.5), ("left", 2.8), ("right", 2.6))
    # wide table forms with page budgets (issue 15): 14 and 13 columns
    if template.name in ("安全隐患排查整改表.docx", "食品原料进货查验记录.docx", "陪餐记录.docx"):
        expected = (("top", 1.8), ("bottom", 1.5), ("left", 1.0), ("right", 1.0))
    if template.name == "维修登记表.docx":  # a 12-column landscape register, a month on a page
        expected = (("top", 2.0), ("bottom", 1.8), ("left", 1.6), ("right", 1.6))
    if template.name in LABEL_SHEETS:  # labels cut to a box's spine, placed edge to edge
        return
    for side, cm in expected:
        assert abs(int(margins.get(f"{W}{side}")) - twips(cm)) <= 1, side


def style(styles, style_id):
    return styles.find(f"{W}style[@{W}styleId='{style_id}']")


def test_body_and_headings_name_east_asian_fonts_without_theme_fonts(template):
    styles = xml(template, "word/styles.xml")
    expected = {"Normal": ("仿宋_GB2312", "32"), "Title": ("方正小标宋简体", "44"),
                "Heading1": ("黑体", "32"), "Heading2": ("楷体_GB2312", "32"), "Heading3": ("仿宋_GB2312", "32")}
    for style_id, (font, size) in expected.items():
        rpr = style(styles, style_id).find(f"{W}rPr")
        fonts = rpr.find(f"{W}rFonts")
        assert fonts.get(f"{W}eastAsia") == font, style_id
        assert not any(a.endswith("Theme") or a.endswith("theme") for a in fonts.attrib), style_id
        assert rpr.find(f"{W}sz").get(f"{W}val") == size, style_id
        assert rpr.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN", style_id
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(f"{W}eastAsia") == "仿宋_GB2312"
    assert not [a for a in defaults.attrib if "heme" in a]


def test_prose_has_fixed_28pt_lines(template):
    spacing = style(xml(template, "word/styles.xml"), "Normal").find(f"{W}pPr/{W}spacing")
    assert spacing.get(f"{W}lineRule") == "exact" and spacing.get(f"{W}line") == "560"


R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@pytest.mark.parametrize("name", [t for t in DOCX_TEMPLATES if t not in UNNUMBERED])
def test_page_numbers_are_dash_page_dash_at_the_outer_edge(name):
    """GB/T 9704 7.5: 单页码居右空一字，双页码居左空一字 — odd pages right, even pages left,
    each 14 pt (one 4号 character) in from the edge; the even pages keep the school's header."""
    template = ROOT / "templates" / name
    assert xml(template, "word/settings.xml").find(f"{W}evenAndOddHeaders") is not None
    sect = xml(template, "word/document.xml").find(f".//{W}sectPr")
    rels = {r.get("Id"): r.get("Target") for r in xml(template, "word/_rels/document.xml.rels")}
    refs = {(ref.tag.split("}")[1], ref.get(f"{W}type")): "word/" + rels[ref.get(f"{R}id")]
            for ref in sect if ref.tag in (f"{W}footerReference", f"{W}headerReference")}
    for kind, align, indent in (("default", "right", "right"), ("even", "left", "left")):
        footer = xml(template, refs[("footerReference", kind)])
        paragraph = footer.find(f"{W}p")
        assert "".join(t.text or "" for t in paragraph.iter(f"{W}t")).replace(" ", "") == "—1—", kind
        assert "PAGE" in "".join(t.text or "" for t in paragraph.iter(f"{W}instrText"))
        ppr = paragraph.find(f"{W}pPr")
        assert ppr.find(f"{W}jc").get(f"{W}val") == align, kind
        assert ppr.find(f"{W}ind").get(f"{W}{indent}") == "280", kind  # 14 pt, in twips
        header = xml(template, refs[("headerReference", kind)])
        assert "".join(t.text or "" for t in header.iter(f"{W}t")).strip(), (kind, "the school's name")


def text_width(body) -> int:
    """The text block's width in twips: page width less the left and right margins."""
    sect = body.find(f".//{W}sectPr")
    margins = sect.find(f"{W}pgMar")
    return int(sect.find(f"{W}pgSz").get(f"{W}w")) - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))


def test_tables_repeat_their_header_and_keep_rows_whole(template):
    body = xml(template, "word/document.xml")
    for table in body.iter(f"{W}tbl"):
        rows = table.findall(f"{W}tr")
        for row in rows:
            assert row.find(f"{W}trPr/{W}cantSplit") is not None
        widths = [int(c.get(f"{W}w")) for c in table.find(f"{W}tblGrid")]
        assert sum(widths) <= text_width(body) + 5


def test_element_order_follows_the_schema(template):
    """Word refuses files whose pPr/rPr children are out of order; check the ones we add."""
    from pipeline.render.official import PPR_ORDER, RPR_ORDER

    for part in ("word/styles.xml", "word/document.xml"):
        root = xml(template, part)
        for tag, order in ((f"{W}pPr", PPR_ORDER), (f"{W}rPr", RPR_ORDER)):
            for element in root.iter(tag):
                names = [c.tag.rsplit("}", 1)[-1] for c in element if c.tag.startswith(W)]
                known = [n for n in names if n in order]
                assert known == sorted(known, key=order.index), (part, names)


def longest_chinese(template: Path) -> str:
    """The template's longest run of Chinese in one paragraph (a title may be a variable)."""
    body = xml(template, "word/document.xml")
    runs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]
    found = max((m for text in runs for m in re.findall(r"[\u4e00-\u9fff]+", text)), key=len)
    assert len(found) >= 3, template.name
    return found


def test_every_default_template_converts_with_chinese_text(template, tmp_path, soffice, poppler):
    """The raw template (tags and all) opens in LibreOffice and its Chinese survives to the PDF."""
    from pipeline.pdf.soffice import convert

    copy = tmp_path / template.name
    copy.write_bytes(template.read_bytes())
    (pdf,) = convert([copy], tmp_path / "pdf")
    text = subprocess.run([poppler[0], str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert longest_chinese(template) in "".join(text.split())
    fonts = subprocess.run([poppler[1], str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts


def test_format_table_repeats_the_header_row_and_fits_the_text_block(tmp_path):
    """The shared table helper every form uses: header repeated on each page, rows kept whole."""
    import docx

    from pipeline.render import official

    document = docx.Document()
    official.apply_official_styles(document)
    table = document.add_table(rows=40, cols=3)
    official.format_table(table, [6, 8, 6], header_rows=1)
    path = tmp_path / "t.docx"
    document.save(str(path))
    rows = xml(path, "word/document.xml").find(f".//{W}tbl").findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    widths = [int(c.get(f"{W}w")) for c in xml(path, "word/document.xml").find(f".//{W}tblGrid")]
    assert abs(sum(widths) - twips(21.0 - 2.8 - 2.6)) <= 3


def test_every_kind_renders_from_the_sample_workspace_and_converts(tmp_path, soffice, poppler):
    """Each default template, rendered with real data from inputs/, becomes a PDF with its Chinese."""
    import shutil

    from pipeline.generate import generate
    from pipeline.pdf.soffice import convert

    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    firsts = []
    for name in commands():
        report = generate(tmp_path, [name])
        docs = [p for _, p in report.planned if p.path.endswith(".docx")]
        assert docs, name
        firsts.append(tmp_path / "outputs" / docs[0].path)
    for pdf, source in zip(convert(firsts, tmp_path / "pdf"), firsts, strict=True):
        text = "".join(subprocess.run([poppler[0], str(pdf), "-"], capture_output=True, text=True,
                                      check=True).stdout.split())
        assert "常州市新北区薛家实验小学" in text, source.name
        fonts = subprocess.run([poppler[1], str(pdf)], capture_output=True, text=True, check=True).stdout
        assert any("CJK" in line and " yes " in line for line in fonts.splitlines()[2:]), fonts
