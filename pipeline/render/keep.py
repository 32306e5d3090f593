"""A table's closing row (核对, 签字, 合计 across the whole width) never stands alone on a page.

A month of records that exactly fills page 1 used to put only the repeated header and the
signature row on page 2: a page an inspector reads as a form signed for nothing. Word and
LibreOffice both keep a row with the next one when every paragraph in it has "keep with
next", so after rendering, the rows just before such a closing row get it — on the rows
the data made, which a template (a single looped row) cannot know. A closing row is found
by its shape, not a mark a person editing the template in Word might lose: the table's last
row has cells merged across the grid (one cell for 核对 and signatures, or 本月合计 with its
amount). In a list whose header repeats, a subtotal row within it (本日小计) likewise keeps
the row before it, so no page starts with a day's subtotal and none of its goods.
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Data rows kept with the closing row: the last page shows at least these and the closing.
KEPT_ROWS = 2
#: w:pPr children that come before w:keepNext in the schema's order (CT_PPrBase).
_BEFORE_KEEP_NEXT = {f"{W}pStyle"}


def _merged(row: Any, columns: int) -> bool:
    """Fewer cells than the grid has columns: a row of merged cells (a total, a closing)."""
    return columns > 1 and len(row.findall(f"{W}tc")) < columns


def _header(row: Any) -> bool:
    return row.find(f"{W}trPr/{W}tblHeader") is not None


def _keep_with_next(paragraph: Any) -> None:
    ppr = paragraph.find(f"{W}pPr")
    if ppr is None:
        ppr = paragraph.makeelement(f"{W}pPr", {})
        paragraph.insert(0, ppr)
    found = ppr.find(f"{W}keepNext")
    if found is not None:  # a template may say keepNext w:val="0" for its rows: now it is on
        found.attrib.pop(f"{W}val", None)
        return
    at = 0
    while at < len(ppr) and ppr[at].tag in _BEFORE_KEEP_NEXT:
        at += 1
    ppr.insert(at, ppr.makeelement(f"{W}keepNext", {}))


def _cant_split(row: Any) -> bool:
    trpr = row.find(f"{W}trPr")
    if trpr is None:
        trpr = row.makeelement(f"{W}trPr", {})
        at = 1 if len(row) and row[0].tag == f"{W}tblPrEx" else 0
        row.insert(at, trpr)
    if trpr.find(f"{W}cantSplit") is not None:
        return False
    trpr.insert(0, trpr.makeelement(f"{W}cantSplit", {}))
    return True


def _keep_row(row: Any) -> bool:
    if _header(row):
        return False
    for paragraph in row.iter(f"{W}p"):
        _keep_with_next(paragraph)
    return True


def keep_closing_rows(body: Any) -> bool:
    """Give the rows before each table's closing row "keep with next", and the closing row
    "don't split" (half a signature line on the next page is no better); in a list with a
    repeated header, each subtotal row keeps the row before it. Whether anything changed.

    Only tables of the body itself (not tables inside cells); header rows are never marked.
    """
    changed = False
    for table in body.iter(f"{W}tbl"):
        if table.getparent() is None or table.getparent().tag != f"{W}body":
            continue
        rows = table.findall(f"{W}tr")
        columns = len(table.findall(f"{W}tblGrid/{W}gridCol"))
        if len(rows) < 3 or not _merged(rows[-1], columns):
            continue
        changed |= _cant_split(rows[-1])
        for row in rows[-1 - KEPT_ROWS:-1]:
            changed |= _keep_row(row)
        if any(_header(row) for row in rows):
            for before, row in zip(rows, rows[1:-1], strict=False):
                if _merged(row, columns) and not _header(row):
                    changed |= _keep_row(before)
    return changed
