"""目录: the index of an inspection package, as a Word document and a workbook.

Every document a build produced is listed once, grouped by family (the kinds' ``family``,
in build order), with its title, period, file name and, when the build made PDFs, its page
count. Numbering is archive style: 序号 runs within a family, and the 档号 is
``HQ-<年度>-<类别号>-<序号>`` (``HQ-2022-01-003``): 年度 is the calendar year the term
starts in, 类别号 the family's place in the index. PDFs are not listed separately: they
are printed copies of the listed documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from docxtpl import Listing

from ...render.narrative import chinese_number
from ...render.workbook import Col, Sheet, write_workbook
from ...settings import Settings
from .. import Kind, Planned
from ..common import (
    COMMON_FIELDS,
    archive_year,
    common_context,
    document_time,
    official_date,
    period_lines,
)

TEMPLATE = "目录.docx"
DOCX_PATH = "目录.docx"
XLSX_PATH = "目录.xlsx"
TITLE = "检查材料目录"

FIELDS = {
    **COMMON_FIELDS,
    "count": "文件件数",
    "pages_note": "页数的说明，如 “，转换为 PDF 的 120 件共 236 页”（未转换 PDF 时为空）",
    "rows": "目录各行：row.no 序号、row.code 档号、row.title 题名、row.file 文件名、row.period 期间、"
            "row.pages 页数；类别的标题行只有 row.title（如 “一、安全隐患”）",
    "signed_date": "日期（留空待填）",
}


@dataclass(frozen=True)
class Item:
    """One listed document."""

    path: str
    family: str
    title: str
    period: str
    pages: int | None = None


def numbered(items: Sequence[Item], year: int) -> list[tuple[int, str, int, str, Item]]:
    """(family number, family, 序号, 档号, item), families in first-seen order."""
    families: list[str] = []
    for item in items:
        if item.family not in families:
            families.append(item.family)
    result = []
    for f, family in enumerate(families, 1):
        members = [i for i in items if i.family == family]
        for n, item in enumerate(members, 1):
            result.append((f, family, n, f"HQ-{year:04d}-{f:02d}-{n:03d}", item))
    return result


def _file(item: Item) -> str:
    return PurePosixPath(item.path).name


def docx_context(items: Sequence[Item], settings: Settings) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    last_family = ""
    for f, family, n, code, item in numbered(items, archive_year(settings)):
        if family != last_family:
            rows.append({"no": "", "code": "", "title": f"{chinese_number(f)}、{family}", "file": "",
                         "period": "", "pages": ""})
            last_family = family
        rows.append({"no": str(n), "code": code, "title": item.title, "file": _file(item),
                     "period": Listing(period_lines(item.period)),
                     "pages": "" if item.pages is None else str(item.pages)})
    pages = [i.pages for i in items if i.pages is not None]
    note = f"，转换为 PDF 的 {len(pages)} 件共 {sum(pages)} 页" if pages else ""
    return {**common_context(settings), "count": len(items), "pages_note": note, "rows": rows,
            "signed_date": official_date(None)}


def workbook(items: Sequence[Item], settings: Settings) -> bytes:
    rows = [[n, code, family, item.title, item.period, item.path, item.pages]
            for _, family, n, code, item in numbered(items, archive_year(settings))]
    term = settings.term.label if settings.term.year else ""
    sheet = Sheet(
        name="目录", title=f"{settings.school.name}后勤工作检查材料目录", subtitle=term or None,
        columns=[Col("序号", kind="int", align="center"), Col("档号", align="center"), Col("类别"),
                 Col("题名", wrap=True, width=40), Col("期间", align="center"), Col("文件", wrap=True, width=50),
                 Col("页数", kind="int", total="sum", align="center")],
        rows=rows, totals_label="合计",
        footer_rows=[[f"编制：{settings.people.filler}", f"审核：{settings.people.logistics_head}", "日期："]])
    return write_workbook([sheet], created=modified(settings), title=TITLE)


def modified(settings: Settings) -> dt.datetime:
    return document_time(settings.term.end)


def items_from(documents: Sequence[tuple[Kind, Planned]], pages: Mapping[str, int]) -> list[Item]:
    """The documents to list, in build order: each path once."""
    seen: set[str] = set()
    items = []
    for kind, doc in documents:
        if doc.path not in seen:
            seen.add(doc.path)
            items.append(Item(doc.path, kind.family, doc.title, doc.period, pages.get(doc.path)))
    return items
