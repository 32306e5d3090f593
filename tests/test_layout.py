"""On paper (issue #15): the sample term printed as the office prints it before an inspection.

The session builds the repository's sample with ``houqin build --pdf`` once (the
``sample_pdf_build`` fixture, shared with test_sample_pdfs.py) and checks, for every family:

- each document's page count against its budget (``Kind.paper`` in each kind's plan.py);
- the half-month hazard form shows at least ``HAZARD_ROWS_PER_PAGE`` hazards a page;
- no last page holds only a signature (or is blank);
- every 数量/金额 total of the workbooks, recomputed by LibreOffice, equals the sum of the inputs;
- no date in any document lies after the term's end unless the inputs hold that date.

Every test gathers all violations and reports them at once, with the document and its numbers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from decimal import Decimal
from fnmatch import fnmatch
from pathlib import Path

import docx
import openpyxl
import pytest

from pipeline.kinds import papers
from pipeline.pdf.soffice import find_soffice
from pipeline.reading.loader import load_inputs

#: Page budgets of the sample term, as the kinds declare them (``Kind.paper``): family →
#: document pattern (under outputs/, fnmatch) → most pages. The first pattern that matches a
#: PDF is its budget; a PDF no pattern matches is a violation too (a new document needs a
#: budget in its kind's folder).
BUDGETS: dict[str, dict[str, int]] = {}
for _family, _paper in papers():
    BUDGETS.setdefault(_family, {})[_paper.pattern] = _paper.pages
#: The half-month hazard form (A4 landscape, 10.5 pt table text) shows at least this many rows a page.
HAZARD_ROWS_PER_PAGE = 8
HAZARD_FORMS = "安全隐患/* 安全隐患排查整改表.pdf"
HAZARD_NUMBER = re.compile(r"^\s*\d{4}-\d{3}\s*($|\n)")  # the marks 上期遗留/逾期 may follow


def budget_for(relative: str) -> tuple[str, int] | None:
    """The family and page budget of a PDF (path relative to outputs/, with /)."""
    for family, patterns in BUDGETS.items():
        for pattern, pages in patterns.items():
            if fnmatch(relative, pattern):
                return family, pages
    return None


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match, f"pdfinfo gives no page count for {pdf}"
    return int(match.group(1))


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdfs(ws: Path) -> Iterator[tuple[str, Path]]:
    outputs = ws / "outputs"
    for pdf in sorted(outputs.rglob("*.pdf")):
        yield pdf.relative_to(outputs).as_posix(), pdf


def report(violations: list[str], what: str) -> str:
    return f"{len(violations)} 份文档{what}：\n" + "\n".join(violations)


# ---------------------------------------------------------------- signature-only last pages

_DATE_PARTS = re.compile(
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|(?:\d{1,2}月)?\d{1,2}日|\d{4}-\d{1,2}(?:-\d{1,2})?|年月日")
_SIGN = re.compile(r"（?(?:签字|签名|签章|盖章|签|章)）?")
_LABELS = re.compile(
    "学校负责人|负责人|整改责任人|责任人|排查人|验收人|审核人|审批人|填表人|填报人|经办人|保管人|检查人|"
    "签收人|分管领导|领导|校长|甲方|乙方|意见|验收|日期|时间|学校|单位|部门|填报")
_PUNCT = re.compile(r"[\s、，,：:；;（）()\[\]【】—\-_.。·\d年月日字]")  # and what dates/marks leave
_PAGE_NUMBER = re.compile(r"^[—–-]?\s*(?:第\s*)?\d+\s*(?:页)?\s*[—–-]?$")


def page_body(text: str, school: str) -> str:
    """A page's text without its running header (the school), page number and notes (注/说明)."""
    kept = []
    for block in re.split(r"\n\s*\n", text.replace("\f", "\n")):
        flat = "".join(block.split())
        if not flat or flat == school or _PAGE_NUMBER.match(flat) or re.match(r"^(注|说明)[:：]", flat):
            continue
        kept.append(flat)
    return "".join(kept)


def signature_only(text: str, school: str) -> bool:
    """Whether a page holds nothing but a signature block: labels, names, dates and a seal.

    What is left after removing dates, signature marks, signature labels and the school's name
    is a few names at most — five names' worth of characters, or a quarter of a short page.
    """
    body = page_body(text, school)
    if not body:
        return True  # a blank page is as bad
    if len(body) > 200 or not (_SIGN.search(body) or _DATE_PARTS.search(body) or "日期" in body):
        return False
    rest = body.replace(school, "")
    for pattern in (_DATE_PARTS, _LABELS, _SIGN, _PUNCT):
        rest = pattern.sub("", rest)
    return len(rest) <= max(16, len(body) // 4)


SCHOOL = "常州市新北区薛家实验小学"


@pytest.mark.parametrize(("text", "alone"), [
    # the hazard form's last page in 2026-11: a note, then the three-cell signature table
    (f"{SCHOOL}\n\n注：整改情况 ☑ 为截至 2022 年 6 月 30 日的状态；逾期为超过\n整改期限仍未整改完毕。\n\n"
     "排查人（签字）： 学 校 负 责 人 （ 签 日 期 ： 2022 年 6\n谢 丰 、 周 静 、 刘 字）：吴建华\n伟、朱志刚\n\n"
     "—5—\n\n月 30 日\n", True),
    # the notice's second page: the 验收 rows and the 落款
    (f"{SCHOOL}\n\n验收意见\n\n验收人（签字）\n\n排查人：周静\n\n验收日期\n\n年 月 日\n\n"
     f"{SCHOOL}（盖\n章）\n2022 年 2 月 15 日\n\n—2—\n", True),
    ("甲方（盖章）：\n\n乙方（签字）：刘伟\n\n2022年2月14日\n", True),
    (f"{SCHOOL}\n\n\n— 3 —\n", True),  # blank but for header and page number
    # a page with rows of the form, and its signature
    (f"{SCHOOL}\n\n2022-044 4月26日 善真楼三楼走廊外窗 校舍建筑 外窗限位器缺失 较大 周静 汤伟 "
     "加装限位器 5月6日 已整改\n2022-045 5月9日 校园生态池 其他 护栏高度不足 较大 周静 汤伟 加高护栏\n\n"
     "排查人（签字）：周静 学校负责人（签字）：吴建华 日期：2022年5月15日\n\n— 2 —\n", False),
    # body text that mentions dates is not a signature
    ("二、责任追究\n本责任书有效期为 2022 年 2 月 14 日至 2022 年 7 月 1 日，甲乙双方各执一份，自双方签字之日起生效。\n"
     "甲方（盖章） 乙方（签字）\n2022年2月14日\n", False),
    # a table of figures with a signature line under it
    ("日期 演练名称 类型 实到人数 疏散用时\n2022年3月24日 地震应急避险与疏散演练 地震避险 1817 1分58秒\n"
     "四、值日到岗情况\n楼层值日 92 87 0 2 3 97.8%\n护学岗 46 43 1 2 0 93.5%\n"
     "填报人：朱志刚 学校负责人：吴建华 日期：2022年3月31日\n", False),
], ids=["hazard-form-signature", "notice-acceptance", "letter-parties", "blank", "rows-and-signature",
        "letter-body", "report-table"])
def test_the_signature_only_heuristic(text: str, alone: bool) -> None:
    assert signature_only(text, SCHOOL) is alone


# ---------------------------------------------------------------- the sample on paper


@pytest.mark.libreoffice
def test_every_document_fits_its_page_budget(sample_pdf_build: Path) -> None:
    violations = []
    for relative, pdf in pdfs(sample_pdf_build):
        found = budget_for(relative)
        pages = pdf_pages(pdf)
        if found is None:
            violations.append(f"{relative}：{pages} 页，没有页数预算（在其类别 plan.py 的 paper 中加一项）")
        elif pages > found[1]:
            violations.append(f"{relative}：{pages} 页，预算 {found[1]} 页（{found[0]}）")
    assert not violations, report(violations, "超出页数预算")


def hazard_rows(form: Path) -> int:
    """The hazards listed on a half-month form (rows whose first cell is a number like 2022-014)."""
    document = docx.Document(str(form))
    return sum(1 for table in document.tables for row in table.rows
               if row.cells and HAZARD_NUMBER.match(row.cells[0].text))


@pytest.mark.libreoffice
def test_hazard_forms_show_at_least_eight_rows_a_page(sample_pdf_build: Path) -> None:
    violations = []
    checked = 0
    for relative, pdf in pdfs(sample_pdf_build):
        if not fnmatch(relative, HAZARD_FORMS):
            continue
        rows, pages = hazard_rows(pdf.with_suffix(".docx")), pdf_pages(pdf)
        checked += 1
        if pages > max(1, math.ceil(rows / HAZARD_ROWS_PER_PAGE)):
            violations.append(f"{relative}：{rows} 条隐患占 {pages} 页（每页至少 {HAZARD_ROWS_PER_PAGE} 条，"
                              f"应不超过 {max(1, math.ceil(rows / HAZARD_ROWS_PER_PAGE))} 页）")
    assert checked >= 10
    assert not violations, report(violations, "每页隐患太少")


@pytest.mark.libreoffice
def test_no_last_page_holds_only_a_signature(sample_pdf_build: Path) -> None:
    school = load_inputs(sample_pdf_build).settings.school.name
    violations = []
    for relative, pdf in pdfs(sample_pdf_build):
        pages = pdf_pages(pdf)
        if pages < 2:
            continue
        last = pdf_text(pdf, pages)
        if signature_only(last, school):
            shown = " ".join(last.split())[:80]
            violations.append(f"{relative}：共 {pages} 页，最后一页只有落款/签字：「{shown}」")
    assert not violations, report(violations, "最后一页只有签字")


# ---------------------------------------------------------------- totals recomputed by LibreOffice

#: The Calc setting "recalculation on file load" for Excel files: 0 = always. Without it
#: LibreOffice may keep the cached values xlsxwriter writes (0) and prove nothing.
_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def recompute(books: list[Path], work: Path) -> dict[Path, Path]:
    """Each workbook opened, recalculated and saved again by headless LibreOffice."""
    soffice = find_soffice()
    assert soffice is not None
    profile = work / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user/registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
    flat, out = work / "in", work / "out"
    flat.mkdir()
    copies = {}
    for i, book in enumerate(books):
        copy = flat / f"{i:03d}.xlsx"
        shutil.copy(book, copy)
        copies[book] = out / copy.name
    subprocess.run([str(soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                    *map(str, sorted(flat.iterdir()))], check=True, capture_output=True, timeout=600)
    return copies


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    return None


def expected_value(header: str, asset: dict[str, object]) -> Decimal | None:
    """What a 数量/金额 column shows for one asset, computed from its input row (None: not known)."""
    name = re.sub(r"[（(].*?[）)]", "", header).strip()
    count, amount = _number(asset.get("数量")), _number(asset.get("金额"))
    counted, price = _number(asset.get("盘点数量")), _number(asset.get("单价"))
    if name in ("数量", "账面数量"):
        return count
    if name in ("金额", "账面金额"):
        return amount
    if counted is None or count is None:
        return None
    diff = counted - count
    return {"盘点数量": counted, "盘盈数量": max(diff, Decimal(0)), "盘亏数量": max(-diff, Decimal(0)),
            "盘盈金额": max(diff, Decimal(0)) * (price or 0),
            "盘亏金额": max(-diff, Decimal(0)) * (price or 0)}.get(name)


def _header_row(rows: list[tuple[object, ...]], word: str) -> int | None:
    for i, row in enumerate(rows[:10]):
        if any(isinstance(c, str) and c.strip() == word for c in row):
            return i
    return None


def _is_total(row: tuple[object, ...]) -> str | None:
    for cell in row[:2]:
        if isinstance(cell, str) and cell.lstrip().startswith("注"):
            return None  # a note under the table that mentions the 合计
        if isinstance(cell, str) and ("合计" in cell or "小计" in cell or "总计" in cell):
            return "小计" if "小计" in cell else "合计"
    return None


def check_totals(name: str, book: Path, assets: dict[str, dict[str, object]]) -> Iterator[str]:
    """Every 合计/小计 of every 数量/金额 column against the inputs of the assets it covers."""
    workbook = openpyxl.load_workbook(book, data_only=True)
    listed_on_first: list[str] = []
    for number, sheet in enumerate(workbook.worksheets):
        rows = list(sheet.iter_rows(values_only=True))
        by_id = _header_row(rows, "资产编号")
        by_category = _header_row(rows, "资产分类") if by_id is None else None
        top = by_id if by_id is not None else by_category
        if top is None:
            continue
        header = [str(c or "").strip() for c in rows[top]]
        columns = [(i, h) for i, h in enumerate(header) if "数量" in h or "金额" in h]
        key = header.index("资产编号" if by_id is not None else "资产分类")
        group: list[str] = []
        every: list[str] = []
        for r, row in enumerate(rows[top + 1:], top + 2):
            kind = _is_total(row)
            if kind is None:
                value = row[key] if key < len(row) else None
                if by_id is not None and isinstance(value, str) and value.strip() in assets:
                    group.append(value.strip())
                    every.append(value.strip())
                elif by_category is not None and isinstance(value, str) and value.strip():
                    ids = [i for i in listed_on_first if assets[i].get("资产分类") == value.strip()]
                    group += ids
                    every += ids
                continue
            covered = group if kind == "小计" else every
            for col, head in columns:
                got = _number(row[col]) if col < len(row) else None
                if "数量" in head and len({assets[i].get("计量单位") for i in covered}) > 1:
                    if got is not None:  # unlike units (台 + 册) are never summed (#15)
                        yield f"{name} › {sheet.title} › 第{r}行 › {head}：{kind}把不同计量单位的数量相加（{got}）"
                    continue
                parts = [expected_value(head, assets[i]) for i in covered]
                if any(p is None for p in parts):
                    yield f"{name} › {sheet.title} › 第{r}行 › {head}：不知道怎样从输入计算这一列"
                    continue
                want = sum(parts, Decimal(0))
                if got is None or abs(got - want) > Decimal("0.005"):
                    yield (f"{name} › {sheet.title} › 第{r}行 › {head}：{kind}为 {got}，"
                           f"按输入应为 {want}（{len(covered)} 项资产）")
            group = []
        if number == 0 and by_id is not None:
            listed_on_first = every


def workbooks_with_totals(outputs: Path) -> list[Path]:
    """The workbooks with a 数量 or 金额 column (the asset family's, today)."""
    found = []
    for book in sorted(outputs.rglob("*.xlsx")):
        workbook = openpyxl.load_workbook(book, read_only=True)
        try:
            for sheet in workbook.worksheets:
                rows = list(sheet.iter_rows(max_row=10, values_only=True))
                if any(isinstance(c, str) and ("数量" in c or "金额" in c) for row in rows for c in row):
                    found.append(book)
                    break
        finally:
            workbook.close()
    return found


@pytest.mark.libreoffice
def test_totals_recomputed_by_libreoffice_equal_the_inputs(sample_pdf_build: Path, tmp_path: Path) -> None:
    outputs = sample_pdf_build / "outputs"
    inputs = load_inputs(sample_pdf_build)
    assets = {str(r.data["资产编号"]): r.data for r in inputs.records("固定资产")}
    books = workbooks_with_totals(outputs)
    assert {b.name for b in books} >= {"固定资产台账.xlsx", "资产盘点表.xlsx"}
    recomputed = recompute(books, tmp_path)
    violations = []
    for book, again in recomputed.items():
        name = book.relative_to(outputs).as_posix()
        assert again.is_file(), f"LibreOffice did not save {name}"
        found = list(check_totals(name, again, assets))
        violations += found
    assert not violations, f"{len(violations)} 个合计与输入不符：\n" + "\n".join(violations)


# ---------------------------------------------------------------- no date after the term

#: Not after a digit: flattened cells run a 批号 and a 保质期 into a date's year
#: (`20220410` `5年` `5月18日` → `…4105年5月18日`), never a real date.
_DATE_CN = re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日")
_DATE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
#: A status "as of" a date: never taken from the input, so never after the term's end.
_AS_OF = re.compile(r"截至(\d{4})年(\d{1,2})月(\d{1,2})日")


def dates_in(text: str, pattern: re.Pattern[str] | None = None) -> Iterator[dt.date]:
    flat = "".join(text.split())
    matches = pattern.finditer(flat) if pattern else (*_DATE_CN.finditer(flat), *_DATE_ISO.finditer(flat))
    for match in matches:
        try:
            yield dt.date(*map(int, match.groups()))
        except ValueError:
            continue


def _values(value: object) -> Iterable[object]:
    if isinstance(value, list | tuple | set):
        for item in value:
            yield from _values(item)
    else:
        yield value


def input_dates(ws: Path) -> set[dt.date]:
    """Every date the inputs hold: cells of every input table, and dates written in its texts."""
    inputs = load_inputs(ws)
    found: set[dt.date] = set()
    for sheets in inputs.tables.values():
        for table in sheets.values():
            for record in table.records:
                for value in record.data.values():
                    for item in _values(value):
                        if isinstance(item, dt.datetime):
                            found.add(item.date())
                        elif isinstance(item, dt.date):
                            found.add(item)
                        elif isinstance(item, str):
                            found.update(dates_in(item))
    for text in sorted((ws / "inputs").glob("*.md")):
        found.update(dates_in(text.read_text(encoding="utf-8")))
    return found


def document_dates(path: Path, pattern: re.Pattern[str] | None = None) -> Iterator[dt.date]:
    if path.suffix == ".pdf":
        yield from dates_in(pdf_text(path), pattern)
        return
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for cell in row:
                    if isinstance(cell, dt.datetime) and pattern is None:
                        yield cell.date()
                    elif isinstance(cell, str):
                        yield from dates_in(cell, pattern)
    finally:
        workbook.close()


@pytest.mark.libreoffice
def test_no_date_after_the_term_end_unless_from_the_input(sample_pdf_build: Path) -> None:
    """PDFs (every Word document and printed workbook) and the workbooks not printed.

    A status "as of" (截至) a date after the term is wrong even when the inputs hold that date.
    """
    end = load_inputs(sample_pdf_build).settings.term.end
    allowed = input_dates(sample_pdf_build)
    outputs = sample_pdf_build / "outputs"
    documents = [p for _, p in pdfs(sample_pdf_build)]
    documents += [p for p in sorted(outputs.rglob("*.xlsx")) if not p.with_suffix(".pdf").is_file()]
    violations = []
    for path in documents:
        late = {d for d in document_dates(path) if d > end and d not in allowed}
        late |= {d for d in document_dates(path, _AS_OF) if d > end}
        late = sorted(late)
        if late:
            shown = "、".join(f"{d.year}年{d.month}月{d.day}日" for d in late)
            violations.append(f"{path.relative_to(outputs).as_posix()}：{shown}")
    assert not violations, report(violations, f"有学期结束（{end.year}年{end.month}月{end.day}日）以后的日期")
