"""A box's 封面, 卷内目录 (.docx and .xlsx) and 脊背: their values, from a box's filing.

The 卷内目录 has one row per filed document (序号 running through the box) and one row
saying 无 for a category with nothing in it, so an inspector sees at a glance that the
category exists and is empty, not forgotten. 页码 is the range within the box's PDF
(the cover is page 1, as a PDF reader shows it); known only once the box PDF is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from docxtpl import Listing

from ...render.workbook import Col, Sheet, write_workbook
from ...settings import Settings
from ..common import (
    COMMON_FIELDS,
    archive_year,
    common_context,
    document_time,
    official_date,
    period_lines,
)
from . import template
from .boxes import SAFETY, Box
from .filing import Filed, Filing

#: Who keeps the boxes, on the cover's 立卷单位.
OFFICE = "后勤处"
ATTACHMENT_NOTE = "附件"

THIS_TERM = "本学期"
COVER_FIELDS = {
    **COMMON_FIELDS,
    "box": "档案盒名称，如 安全工作",
    "box_spaced": "档案盒名称，字间有空格，如 安 全 工 作",
    "count_text": "卷内件数，如 共 23 件 86 页",
    "retention": "保管期限，如 长期",
    "code": "档号，如 HQ-2022-AQ",
    "unit": "立卷单位，如 某某小学后勤处",
    "signed_date": "立卷日期（学期最后一天）",
    "term_part": "学期，如 第二学期（脊背上学年下面的一列）",
}
CONTENTS_FIELDS = {
    **COVER_FIELDS,
    "count": "卷内件数",
    "pages_note": "页数的说明，如 “，共 86 页”（页数不全时为空）",
    "rows": "目录各行：row.no 序号、row.category 类目、row.title 题名、row.period 日期或期间、row.pages 页数、"
            "row.range 页码、row.note 备注；没有文件的类目题名为“无”",
    "note": "表下的说明",
}
SPINE_FIELDS = {**COVER_FIELDS}


def retention(box: Box, settings: Settings) -> str:
    """保管期限: houqin.toml's [binder] (its defaults are the box table's)."""
    section = settings.binder  # type: ignore[attr-defined]
    return section.safety_retention if box.name == SAFETY else section.retention


def code(box: Box, settings: Settings) -> str:
    """The box's 档号: HQ-<年度>-<box letters>, 年度 as the 目录's (the year the term starts in)."""
    return f"HQ-{archive_year(settings):04d}-{box.code}"


def modified(settings: Settings) -> dt.datetime:
    return document_time(settings.term.end)


def page_range(start: int | None, pages: int | None) -> str:
    if start is None or not pages:
        return ""
    return str(start) if pages == 1 else f"{start}-{start + pages - 1}"


def _pages(filing: Filing, pages: Mapping[str, int]) -> list[int | None]:
    return [item.pages if item.pages is not None else pages.get(item.source) for item in filing.items]


def base_context(filing: Filing, settings: Settings, pages: Mapping[str, int]) -> dict[str, Any]:
    counts = _pages(filing, pages)
    known = all(p is not None for p in counts) and bool(counts)
    total = sum(p or 0 for p in counts)
    box = filing.box
    return {
        **common_context(settings),
        "box": box.name,
        "box_spaced": " ".join(box.name),
        "term_part": settings.term.label.removeprefix(f"{settings.term.year}学年") if settings.term.year else "",
        "count_text": f"共 {len(filing.items)} 件" + (f" {total} 页" if known else ""),
        "retention": retention(box, settings),
        "code": code(box, settings),
        "unit": f"{settings.school.name}{OFFICE}",
        "signed_date": official_date(settings.term.end),
        "count": len(filing.items),
        "pages_note": f"，共 {total} 页" if known else "",
    }


def rows(filing: Filing, pages: Mapping[str, int], starts: Mapping[str, int] | None) -> list[dict[str, Any]]:
    """The 卷内目录's rows; ``starts``: each item's first page in the box PDF (None: no PDF)."""
    result: list[dict[str, Any]] = []
    number = 0
    for category in filing.box.categories:
        members = filing.in_category(category)
        if not members:
            result.append({"no": "", "category": category, "title": "无", "period": "", "pages": "",
                           "range": "", "note": "", "item": None})
            continue
        for i, item in enumerate(members):
            number += 1
            count = item.pages if item.pages is not None else pages.get(item.source)
            start = starts.get(item.source) if starts is not None else None
            result.append({"no": str(number), "category": category if i == 0 else "", "title": item.title,
                           "period": item.period, "pages": "" if count is None else str(count),
                           "range": page_range(start, count),
                           "note": ATTACHMENT_NOTE if item.attachment is not None else "", "item": item})
    return result


def contents_context(filing: Filing, settings: Settings, pages: Mapping[str, int],
                     starts: Mapping[str, int] | None) -> dict[str, Any]:
    term = settings.term.label if settings.term.year else None
    # a document of the whole term (a letter, the plan) says 本学期: the heading names the term,
    # and the term in full on every row doubled the contents' length (the inspector's finding)
    table = [{**row, "period": Listing(period_lines(THIS_TERM if term and row["period"] == term else row["period"]))}
             for row in rows(filing, pages, starts)]
    for row in table:
        row.pop("item")
    if starts is not None:
        note = "说明：页码为本盒 PDF 中的页码（封面为第 1 页）；备注为“附件”的是学校自备的材料。"
    else:
        note = ("说明：页数按 PDF 计算，未转换 PDF 的文件暂不填；页码在运行 houqin binder --pdf 生成全盒 PDF 时填写。"
                "备注为“附件”的是学校自备的材料。")
    return {**base_context(filing, settings, pages), "rows": table, "note": note}


def contents_workbook(filing: Filing, settings: Settings, pages: Mapping[str, int],
                      starts: Mapping[str, int] | None) -> bytes:
    table = [[int(r["no"]) if r["no"] else None, r["category"], r["title"], r["period"],
              int(r["pages"]) if r["pages"] else None, r["range"], r["note"]]
             for r in rows(filing, pages, starts)]
    context = base_context(filing, settings, pages)
    term = settings.term.label if settings.term.year else ""
    sheet = Sheet(
        name="卷内目录", title=f"{settings.school.name}{filing.box.name}档案盒卷内目录",
        subtitle="　".join(t for t in (term, f"档号：{context['code']}", f"保管期限：{context['retention']}") if t),
        columns=[Col("序号", kind="int", align="center"), Col("类目", width=16), Col("题名", wrap=True, width=40),
                 Col("日期或期间", align="center", width=16), Col("页数", kind="int", total="sum", align="center"),
                 Col("页码", align="center", width=10), Col("备注", align="center", width=8)],
        rows=table, totals_label="合计",
        footer_rows=[[f"立卷人：{settings.people.filler}", f"检查人：{settings.people.logistics_head}", "立卷日期："]])
    return write_workbook([sheet], created=modified(settings), title=f"{filing.box.name}卷内目录")


def first_pages(front: int, items: Sequence[Filed], counts: Mapping[str, int]) -> dict[str, int]:
    """Each item's first page in the box PDF: after ``front`` pages (cover and contents)."""
    starts, page = {}, front + 1
    for item in items:
        starts[item.source] = page
        page += counts[item.source]
    return starts

#: (template, description, variables) of the binder's Word templates, for `houqin templates`.
OWNED = (
    (template.COVER, "档案盒封面（houqin binder 生成）", COVER_FIELDS),
    (template.CONTENTS, "档案盒卷内目录（houqin binder 生成）", CONTENTS_FIELDS),
    (template.SPINE, "档案盒脊背标签（houqin binder 生成）", SPINE_FIELDS),
)
