"""学期工作总结: the 数据概览 figures equal the ledgers', the charts are in, the PDF shows them."""

import re
import shutil
import struct
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
from helpers import copy_sample, docx_text, run_cli

OUT = "outputs/2021—2022学年第二学期后勤工作总结.docx"


def sample(tmp_path: Path) -> Path:
    ws = copy_sample(tmp_path / "ws")
    result = run_cli("summary", "-w", ws)
    assert result.exit_code == 0, result.output
    return ws


def paragraphs_of(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def figure_sentence(path: Path, start: str) -> str:
    """The body paragraph with a figure, e.g. the one starting 本学期共排查安全隐患."""
    return next(t for t in paragraphs_of(path) if t.startswith(start))


def ledger_figures(ws: Path) -> dict[str, str]:
    """The same figures the hazard ledger, drill ledger and asset register compute."""
    from pipeline.kinds import Options
    from pipeline.kinds.assets import plan as asx
    from pipeline.kinds.drills import plan as drills
    from pipeline.kinds.hazards import plan as hazards
    from pipeline.reading.loader import load_inputs
    from pipeline.reading.values import format_duration

    inputs = load_inputs(ws)
    settings = inputs.settings
    ctx = hazards.Ctx(inputs, hazards.number_hazards(inputs.records("隐患排查")), Options(),
                      settings.hazards.half_month_split, {}, (), {})
    rows = hazards.ledger_summary(ctx, hazards.ledger_date(ctx, []))["rows"]
    found, done = sum(r["隐患数"] for r in rows), sum(r["已整改"] for r in rows)
    drill_rows = drills.ledger_rows(drills.sorted_drills(inputs))
    # the average covers the drills of the term's target (120 s), not the 校车 drill's 60 s
    seconds = [r[11] for r in drill_rows if r[11] is not None and r[13] == settings.drills.target_seconds]
    term = settings.term
    new = [r for r in inputs.records("固定资产") if not asx.is_low_value(r, settings)
           and r["取得日期"] and term.start <= r["取得日期"] <= term.end]
    amount = sum((asx.amount_of(r) for r in new), Decimal(0))
    items = inputs.records("工作清单")
    return {
        "found": str(found), "done": str(done), "rate": f"{done * 100 / found:.1f}%",
        "drills": str(len(drill_rows)),
        "average": format_duration(int(Decimal(sum(seconds)) / len(seconds) + Decimal("0.5"))),
        "assets": str(len(new)), "amount": f"{amount / 10000:.2f}",
        "items": str(len(items)), "items_done": str(sum(r["完成情况"] == "已完成" for r in items)),
    }


def test_figures_are_written_into_the_body_and_equal_the_ledgers(tmp_path):
    ws = sample(tmp_path)
    found = {}
    for start, pattern in (
        ("本学期共排查安全隐患", r"本学期共排查安全隐患(?P<found>\d+)项，已整改(?P<done>\d+)项，整改率(?P<rate>[\d.]+%)。"),
        ("本学期共组织应急演练", r"本学期共组织应急演练(?P<drills>\d+)次，目标用时2分的\d+次演练平均疏散用时(?P<average>[\d分秒]+)，[^。]+。"),
        ("本学期新增固定资产", r"本学期新增固定资产(?P<assets>\d+)项，金额共计(?P<amount>[\d.]+)万元。"),
        ("学期工作清单共", r"学期工作清单共(?P<items>\d+)项，已完成(?P<items_done>\d+)项，完成情况见附件。"),
    ):
        sentence = figure_sentence(ws / OUT, start)
        match = re.fullmatch(pattern, sentence)
        assert match, sentence
        found.update(match.groupdict())
    assert found == ledger_figures(ws)
    texts = paragraphs_of(ws / OUT)
    assert "数据概览" not in "".join(texts)
    # each figure right after the narrative's first paragraph on its subject
    for start, word in (("本学期共排查安全隐患", "隐患"), ("本学期共组织应急演练", "演练"),
                        ("本学期新增固定资产", "资产")):
        at = texts.index(figure_sentence(ws / OUT, start))
        first = next(i for i, t in enumerate(texts) if word in t and not t.startswith(("本学期共", "本学期新增"))
                     and len(t) > 40)
        assert at == first + 1 or texts[first + 1].startswith("本学期"), (start, texts[first][:20])
    # the checklist's sentence ends the first section, before 二、
    assert texts.index(figure_sentence(ws / OUT, "学期工作清单共")) < texts.index("二、实施成效反思")


def test_the_signature_comes_after_the_body_and_before_the_appendix(tmp_path):
    ws = sample(tmp_path)
    document = docx.Document(str(ws / OUT))
    body = document.element.body
    order = []  # paragraphs and tables in document order
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter("{*}t"))
            if text:
                order.append(text)
        elif tag == "tbl":
            order.append("<table>")
    closing = next(i for i, t in enumerate(order) if t.startswith("总结本学期的工作"))
    annex_line = order.index("附件：学期工作清单完成情况")
    school = order.index("常州市新北区薛家实验小学")
    date = order.index("2022年7月1日")
    annex = order.index("附件")
    table = order.index("<table>")
    assert closing < annex_line < school < date < annex < table
    assert order[annex + 1] == "学期工作清单完成情况"
    heading = next(p for p in document.paragraphs if p.text == "附件")
    assert heading.paragraph_format.page_break_before
    assert [p.style.name for p in document.paragraphs if p.text in ("常州市新北区薛家实验小学", "2022年7月1日")] \
        == ["落款", "落款"]


def test_parts_for_missing_inputs_are_left_out_and_narrative_is_optional(tmp_path):
    ws = copy_sample(tmp_path / "ws")
    for name in ("隐患排查.xlsx", "演练记录.xlsx", "固定资产.xlsx", "学期总结.md"):
        (ws / "inputs" / name).unlink()
    result = run_cli("summary", "-w", ws)
    assert result.exit_code == 0, result.output
    texts = paragraphs_of(ws / OUT)
    assert re.fullmatch(r"学期工作清单共\d+项，已完成\d+项，完成情况见附件。", texts[1]), texts[:3]
    assert "本学期共排查" not in "".join(texts) and "数据概览" not in "".join(texts)
    with zipfile.ZipFile(ws / OUT) as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/")]) == 1


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_each_chart_is_a_sane_png_in_the_document_and_deterministic(tmp_path):
    ws = sample(tmp_path)
    with zipfile.ZipFile(ws / OUT) as z:
        media = sorted(n for n in z.namelist() if n.startswith("word/media/"))
        assert len(media) == 3 and all(n.endswith(".png") for n in media)
        for name in media:
            data = z.read(name)
            width, height = png_size(data)
            assert 600 <= width <= 2400 and 300 <= height <= 1600, (name, width, height)
            assert 5_000 < len(data) < 1_000_000
            assert b"Software" not in data
    text = docx_text(ws / OUT)
    # numbered in the order they are printed: the checklist's ends the first section
    for caption in ("图1　学期工作清单完成情况", "图2　各类安全隐患排查与整改数", "图3　各次演练疏散用时与目标用时"):
        assert caption in text
    first = (ws / OUT).read_bytes()
    assert run_cli("summary", "-w", ws, "--force").exit_code == 0
    assert (ws / OUT).read_bytes() == first


def test_a_cjk_font_is_found_or_warned(tmp_path):
    from pipeline.kinds import Options
    from pipeline.kinds.summary.plan import cjk_font, warnings
    from pipeline.reading.loader import load_inputs

    ws = copy_sample(tmp_path)
    problems = warnings(load_inputs(ws), Options())
    assert (cjk_font() is None) == any("中文字体" in p.message for p in problems)


def test_summary_checklist_has_its_progress(tmp_path):
    ws = sample(tmp_path)
    table = docx.Document(str(ws / OUT)).tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["时间", "事项", "责任人", "完成\n情况"]
    assert len(table.rows) == 13 and all(row.cells[3].text for row in table.rows[1:])


def test_summary_pdf_text_and_a_chart_page_is_not_blank(tmp_path, soffice, poppler):
    from PIL import Image

    from pipeline.pdf.soffice import convert

    ws = sample(tmp_path)
    (pdf,) = convert([ws / OUT], tmp_path / "pdf")

    def page_text(first=None):
        args = [poppler[0]] + (["-f", str(first), "-l", str(first)] if first else []) + [str(pdf), "-"]
        return "".join(subprocess.run(args, capture_output=True, text=True, check=True).stdout.split())

    text = page_text()
    assert "2021—2022学年第二学期后勤工作总结" in text and "数据概览" not in text
    assert "整改率" in text and "学期工作清单共12项" in text
    page = next(n for n in range(1, 30) if "各类安全隐患排查与整改数" in page_text(n))
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm
    subprocess.run([pdftoppm, "-f", str(page), "-l", str(page), "-r", "60", "-png", str(pdf),
                    str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    image = Image.open(png).convert("L")
    dark = sum(image.histogram()[:128])
    rgb = Image.open(png).convert("RGB")
    blue = sum(1 for x in range(rgb.width) for y in range(rgb.height)
               if (lambda p: abs(p[0] - 0x44) < 40 and abs(p[1] - 0x72) < 40 and abs(p[2] - 0xC4) < 40)(
                   rgb.getpixel((x, y))))
    assert dark > 2000, dark
    assert blue > 1500, blue  # the charts' bars are drawn whole, not cropped to one line


def test_the_closing_paragraph_keeps_the_signature_company(tmp_path):
    """No page holding only the 附件 line and the 落款: they stay with the last paragraph."""
    ws = sample(tmp_path)
    paragraphs = [p for p in docx.Document(str(ws / OUT)).paragraphs]
    at = next(i for i, p in enumerate(paragraphs) if p.text == "附件：学期工作清单完成情况")
    closing = next(p for p in reversed(paragraphs[:at]) if p.text)
    assert closing.text.startswith("总结本学期的工作")
    chain = paragraphs[paragraphs.index(closing):at + 3]  # … 附件 line, blank, school
    assert all(p.paragraph_format.keep_with_next for p in chain), [p.text[:10] for p in chain]
    assert chain[-1].text == "常州市新北区薛家实验小学"
