"""The hazard family on paper (issue 15): the term bounds every date, 逾期 agrees everywhere,
overdue notices give a new deadline, and the forms keep their page budgets."""

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.text import WD_LINE_SPACING
from helpers import copy_sample, docx_text, run_cli, write_xlsx
from openpyxl.utils import get_column_letter
from test_hazards import HEADER, OUT, ROWS, SETTINGS, form_rows, workspace

from pipeline.kinds import Options
from pipeline.kinds.hazards import plan as hz
from pipeline.periods import Period, parse_period
from pipeline.reading.loader import load_inputs
from pipeline.render.workbook import display_width

ROOT = Path(__file__).resolve().parent.parent
FORM = "安全隐患排查整改表.docx"


def ctx_for(ws: Path, day: dt.date | None = None) -> hz.Ctx:
    """The hazard kind's context as `houqin hazards --date day` builds it."""
    inputs = load_inputs(ws)
    settings = inputs.settings
    return hz.Ctx(inputs, hz.number_hazards(inputs.records("隐患排查")), Options(date=day),
                  settings.hazards.half_month_split, hz.common_context(settings), (), {})


def test_one_period_grammar():
    for text in ("2022-03-1", "2022年3月上半月", "2022-3-1", "2022.03.1"):
        assert parse_period(text) == Period(2022, 3, 1)
    for text in ("2022-03-2", "2022年3月下半月"):
        assert parse_period(text) == Period(2022, 3, 2)
    for text in ("2022-03", "202203", "2022年3月"):
        assert parse_period(text) == Period(2022, 3, 0)


def test_a_period_outside_the_term_is_a_usage_error(tmp_path):
    ws = workspace(tmp_path)
    result = run_cli("hazards", "-w", ws, "--period", "2022-05-1")
    assert result.exit_code == 2  # a usage error, like any other wrong option
    assert "期间「2022年5月上半月」（2022年5月1日至2022年5月15日）不在本学期（2022年2月14日至2022年3月31日）内" in result.output
    assert "Traceback" not in result.output
    assert not (ws / "outputs").exists() or not any((ws / "outputs").rglob("*.docx"))
    assert run_cli("hazards", "-w", ws, "--period", "202203").exit_code == 0
    assert (ws / OUT / "2022年3月下半月 安全隐患排查整改表.docx").is_file()


def test_the_term_end_bounds_every_date(tmp_path):
    """A term ending on the 20th: the last half-month, the 月报, the 台账 and notices are "as of" it."""
    ws = workspace(tmp_path, settings=SETTINGS.replace("end = 2022-03-31", "end = 2022-03-20"))
    result = run_cli("hazards", "-w", ws)
    assert result.exit_code == 0, result.output
    forms = sorted(p.name for p in (ws / OUT).glob("*排查整改表.docx"))
    assert forms[-1] == "2022年3月下半月 安全隐患排查整改表.docx" and len(forms) == 4
    last = docx_text(ws / OUT / forms[-1])
    assert "报告日期：2022年3月20日" in last and "2022年3月31日" not in last
    month = docx_text(ws / OUT / "月报/2022年3月 安全工作月报.docx")
    assert "2022年3月20日" in month and "2022年3月31日" not in month
    summary = openpyxl.load_workbook(ws / OUT / "隐患整改台账.xlsx")["汇总"]
    assert summary["A2"].value == "统计截至2022年3月20日"
    for notice in (ws / OUT / "整改通知书").iterdir():
        dates = [dt.date(*map(int, d)) for d in re.findall(r"(\d{4})年(\d+)月(\d+)日$", docx_text(notice), re.M)]
        assert dates and max(dates) <= dt.date(2022, 3, 20), notice.name


def test_overdue_is_counted_alike_on_the_form_the_monthly_report_and_the_ledger(tmp_path):
    ws = copy_sample(tmp_path / "ws")
    for day in (dt.date(2022, 3, 15), dt.date(2022, 4, 15), dt.date(2022, 4, 30), dt.date(2022, 6, 30),
                dt.date(2022, 7, 1)):
        ctx = ctx_for(ws, day)
        half = [p for p in hz.halves_between(day, day) if p.contains(day)][0]
        form = hz.form_context(ctx, half, for_word=False)["overdue"]
        month = hz.month_context(ctx, half.whole_month(), for_word=False)
        ledger = sum(r["逾期"] for r in hz.ledger_summary(ctx, day)["rows"])
        expected = len(hz.overdue_as_of(ctx.hazards, day))
        assert form == month["overdue"] == ledger == expected, day
        assert sum(c["逾期"] for c in month["categories"]) == expected
    assert expected == 4  # by the sample's data on 7月1日: 2022-008, -022, -029, -049


def test_the_last_half_month_of_the_sample_term_is_as_of_its_end(tmp_path):
    ws = copy_sample(tmp_path / "ws")
    ctx = ctx_for(ws)
    july = Period(2022, 7, 1)
    assert ctx.report_date(july) == dt.date(2022, 7, 1)
    assert hz.month_date(ctx, july.whole_month()) == dt.date(2022, 7, 1)
    assert hz.ledger_date(ctx, []) == dt.date(2022, 7, 1)
    form = hz.form_context(ctx, july, for_word=True)
    assert form["date"] == "2022年7月1日" and form["overdue"] == 4


def test_a_follow_up_after_the_as_of_date_is_not_shown(tmp_path):
    rows = [r[:] for r in ROWS]
    header = [*HEADER, "复查日期", "复查人", "复查结果"]
    rows = [[*r, None, None, None] for r in rows]
    rows[2][-3:] = ["2022-03-25", "周静", "整改到位"]  # B 2022-003: closed 3-10, reviewed 3-25
    (tmp_path / "houqin.toml").write_text(SETTINGS, encoding="utf-8")
    write_xlsx(tmp_path / "inputs/隐患排查.xlsx", [["安全隐患排查记录"], header, *rows], sheet="隐患排查记录")
    assert run_cli("hazards", "-w", tmp_path).exit_code == 0
    first = {r["编号"]: r for r in form_rows(tmp_path / OUT / "2022年3月上半月 安全隐患排查整改表.docx")}
    assert first["2022-003"]["整改情况"].startswith("☑已整改") and first["2022-003"]["复查情况"] == ""
    assert "周静" not in first["2022-003"]["复查情况"]
    ctx = ctx_for(tmp_path)
    row = hz.hazard_row(next(h for h in ctx.hazards if h.number == "2022-003"), dt.date(2022, 3, 31), False,
                        dates_as_text=True)
    assert row["复查"] == "3月25日\n周静\n整改到位"  # date, name, result: one line each
    february = openpyxl.load_workbook(tmp_path / OUT / "隐患整改台账.xlsx")["2022年2月"]  # as of 3-31
    assert [c.value for c in february[5]][0] == "2022-003"
    assert [c.value for c in february[5]][16:19] == [dt.datetime(2022, 3, 25), "周静", "整改到位"]


def test_an_overdue_notice_gives_a_new_deadline(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    ws = workspace(tmp_path / "a")
    assert run_cli("hazards", "-w", ws, "--period", "2022-03-1").exit_code == 0
    text = docx_text(ws / OUT / "整改通知书/2022-005 善真楼消防通道.docx")  # deadline 3-10, open on 3-15
    assert "限于2022年3月22日前整改完毕" in text and "原定于2022年3月10日前整改完毕" in text
    assert "自即日起至2022年3月10日" not in text
    lines = text.splitlines()
    # the 落款 under the body, then the cut line, then the 回执
    sign, date, cut, receipt = (lines.index(t) for t in (
        "排查人：谢丰    测试实验小学（盖章）", "2022年3月15日", "-----裁剪线-----", "安全隐患整改回执"))
    assert sign < date < cut < receipt
    later = workspace(tmp_path / "b", settings=SETTINGS + "\n[hazards]\noverdue_extension = 10\n")
    assert run_cli("hazards", "-w", later, "--period", "2022-03-1").exit_code == 0
    assert "限于2022年3月25日前整改完毕" in docx_text(later / OUT / "整改通知书/2022-005 善真楼消防通道.docx")
    # a notice for a serious hazard, dated when found, keeps the original deadline
    serious = docx_text(ws / OUT / "整改通知书/2022-004 北侧围墙.docx")
    assert "自即日起至2022年3月20日前整改完毕" in serious


def test_the_form_has_14_columns_short_dates_and_a_photo_column_only_with_photos(tmp_path):
    ws = workspace(tmp_path)
    assert run_cli("hazards", "-w", ws, "--period", "2022-03-1").exit_code == 0
    path = ws / OUT / "2022年3月上半月 安全隐患排查整改表.docx"
    document = docx.Document(str(path))
    headers = [c.text.replace("\n", "") for c in document.tables[0].rows[0].cells]
    assert len(headers) == 14 and "照片" not in headers and "等级" in headers
    rows = form_rows(path)
    assert {r["检查日期"] for r in rows} <= {"2月20日", "2月25日", "3月5日", "3月8日", "3月12日"}
    # the signature line is one paragraph, not a table
    sign = [p for p in document.paragraphs if p.text.startswith("排查人（签字）")]
    assert len(sign) == 1 and "学校负责人（签字）：吴建华" in sign[0].text and "日期：2022年3月15日" in sign[0].text
    assert all("学校负责人" not in c.text for t in document.tables for row in t.rows for c in row.cells)
    # the table text is 10.5 pt
    sizes = {r.font.size.pt for t in document.tables for row in t.rows for c in row.cells
             for p in c.paragraphs for r in p.runs if r.text and r.font.size}
    assert sizes == {10.5}


def test_the_monthly_workbook_has_numbers_not_text_and_never_adds_days_to_times(tmp_path):
    ws = copy_sample(tmp_path / "ws")
    assert run_cli("hazards", "-w", ws, "--period", "2022-03").exit_code == 0
    book = openpyxl.load_workbook(ws / OUT / "月报/2022年3月 安全工作月报.xlsx")
    duty = book["值日到岗"]
    rates = [duty.cell(r, 7) for r in range(4, duty.max_row + 1) if isinstance(duty.cell(r, 7).value, float)]
    assert rates and all(c.number_format == "0.0%" and 0 <= c.value <= 1 for c in rates)
    total = next(r for r in range(1, duty.max_row + 1) if duty.cell(r, 1).value == "合计")
    assert duty.cell(total, 7).value.startswith("=IF(") and duty.cell(total, 7).number_format == "0.0%"
    checks = book["检查情况"]
    assert all(checks.cell(r, 1).value != "合计" for r in range(1, checks.max_row + 1))
    assert not any(str(c.value).startswith("=SUM") for row in checks.iter_rows() for c in row if c.value)
    note = next(c.value for row in checks.iter_rows() for c in row if str(c.value).startswith("合计："))
    assert re.fullmatch(r"合计：\d+天，\d+次（日巡视按天计，其他检查按次计，不相加）", note)
    # one page wide, and titles, subtitles and signature lines no wider than the columns they span
    for sheet in book.worksheets:
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        for merged in sheet.merged_cells.ranges:
            text = str(sheet.cell(merged.min_row, merged.min_col).value or "")
            span = sum(sheet.column_dimensions[get_column_letter(c)].width
                       for c in range(merged.min_col, merged.max_col + 1))
            scale = 16 / 11 if merged.min_row == 1 else 1  # the title is 16 pt, the rest 11 pt
            assert display_width(text) * scale <= span, (sheet.title, text)


# ------------------------------------------------------------------------------- on paper


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def sample_lengths_workspace(ws: Path, n: int) -> Path:
    """n hazards of the sample's own texts, all found in 2022年3月上半月 and still open."""
    source = openpyxl.load_workbook(ROOT / "inputs/隐患排查.xlsx").active
    rows = list(source.iter_rows(values_only=True))
    header, data = list(rows[1]), [dict(zip(rows[1], r, strict=True)) for r in rows[2:]]
    made = []
    for i in range(n):
        d = dict(data[i % len(data)])
        d.update({"检查日期": dt.datetime(2022, 3, 1 + i % 15), "整改期限": dt.datetime(2022, 3, 20),
                  "完成日期": None, "整改状态": "整改中", "复查日期": None, "复查人": None, "复查结果": None})
        made.append([d[h] for h in header])
    ws.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "houqin.toml", ws / "houqin.toml")
    write_xlsx(ws / "inputs/隐患排查.xlsx", [["安全隐患排查记录"], header, *made], sheet="隐患排查记录")
    return ws


@pytest.mark.libreoffice
def test_sample_forms_and_notices_keep_their_page_budgets(tmp_path, soffice, poppler):
    from pipeline.pdf.soffice import convert

    ws = copy_sample(tmp_path / "ws")
    assert run_cli("hazards", "-w", ws).exit_code == 0
    form = ws / OUT / f"2022年6月下半月 {FORM}"
    notices = sorted((ws / OUT / "整改通知书").glob("*.docx"))
    assert len(notices) >= 10
    pdfs = convert([form, *notices], tmp_path / "pdf")
    pages = pdf_pages(pdfs[0])
    assert pages <= 2
    last = page_text(pdfs[0], pages)
    assert re.search(r"2022-0\d\d", last) and "学校负责人（签字）" in last  # a row above the signature
    assert len(re.findall(r"2022-0\d\d", page_text(pdfs[0], 1))) >= 8
    for notice, pdf in zip(notices, pdfs[1:], strict=True):
        assert pdf_pages(pdf) == 1, notice.name
        text = re.sub(r"\s+", "", page_text(pdf, 1))
        assert text.index("（盖章）") < text.index("-----裁剪线-----") < text.index("安全隐患整改回执"), notice.name


@pytest.mark.libreoffice
def test_eight_rows_a_page_and_the_signature_never_alone(tmp_path, soffice, poppler):
    """9 rows: the table alone would end at the foot of page 1, leaving the signature line alone
    on page 2 unless the last row goes with it."""
    from pipeline.pdf.soffice import convert

    files = []
    for n in (9, 16):
        ws = sample_lengths_workspace(tmp_path / f"n{n}", n)
        assert run_cli("hazards", "-w", ws, "--period", "2022-03-1").exit_code == 0
        files.append(shutil.copy(ws / OUT / f"2022年3月上半月 {FORM}", tmp_path / f"form{n}.docx"))
    pdf9, pdf16 = convert([Path(f) for f in files], tmp_path / "pdf")
    assert pdf_pages(pdf16) <= 2 and pdf_pages(pdf9) <= 2
    for pdf in (pdf9, pdf16):
        pages = pdf_pages(pdf)
        last = page_text(pdf, pages)
        assert re.search(r"2022-0\d\d", last) and "学校负责人（签字）" in last, pdf.name
        if pages == 2:
            assert len(re.findall(r"2022-0\d\d", page_text(pdf, 1))) >= 8, pdf.name


def test_a_period_with_a_photo_gets_the_photo_column(tmp_path):
    from test_hazards import tiny_png

    rows = [r[:] for r in ROWS]
    rows[3][-1] = "围墙.png"  # C 2022-004, found in 3月上半月
    ws = workspace(tmp_path, rows=rows)
    (ws / "inputs/照片").mkdir()
    (ws / "inputs/照片/围墙.png").write_bytes(tiny_png())
    assert run_cli("hazards", "-w", ws).exit_code == 0
    with_photo = docx.Document(str(ws / OUT / f"2022年3月上半月 {FORM}"))
    headers = [c.text.replace("\n", "") for c in with_photo.tables[0].rows[0].cells]
    assert len(headers) == 15 and headers[13] == "照片"
    (shape,) = with_photo.inline_shapes
    assert shape.height.mm > 5
    (holder,) = [p for t in with_photo.tables for row in t.rows for c in row.cells for p in c.paragraphs
                 if p._p.xpath(".//w:drawing")]
    # no exact line height in the photo's paragraph: it would clip the picture to one text line
    assert holder.paragraph_format.line_spacing_rule != WD_LINE_SPACING.EXACTLY
    without = docx.Document(str(ws / OUT / f"2022年3月下半月 {FORM}"))  # C is carried, photo and all
    assert "照片" in [c.text for c in without.tables[0].rows[0].cells]
    february = docx.Document(str(ws / OUT / f"2022年2月下半月 {FORM}"))
    assert "照片" not in [c.text for c in february.tables[0].rows[0].cells]


def test_an_overdue_notice_never_sets_a_deadline_after_the_term():
    """The extension ends at the term's end; a notice dated on the last day says 立即 that day."""
    from pipeline.kinds.hazards.plan import notice_deadline

    d = dt.date
    assert notice_deadline(d(2022, 4, 12), d(2022, 4, 15), 7, d(2022, 7, 1)) == d(2022, 4, 22)
    assert notice_deadline(d(2022, 6, 20), d(2022, 6, 30), 7, d(2022, 7, 1)) == d(2022, 7, 1)
    assert notice_deadline(d(2022, 6, 20), d(2022, 7, 1), 7, d(2022, 7, 1)) == d(2022, 7, 1)
    assert notice_deadline(d(2022, 7, 20), d(2022, 6, 30), 7, d(2022, 7, 1)) == d(2022, 7, 20)  # not yet due
