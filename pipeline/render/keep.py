"""A table's closing row (核对, 签字, 合计 across the whole width) never stands alone on a page.

A month of records that exactly fills page 1 used to put only the repeated header and the
signature row on page 2: a page an inspector reads as a form signed for nothing. Word and
LibreOffice both keep a row with the next one when every paragraph in it has "keep with
next", so after rendering, the rows just before such a closing row get it — on the rows
the data made, which a template (a single looped row) cannot know. A closing row is found
by its shape, not a mark a person editing the template in Word might lose: the table's
last row is one cell spanning the full grid.
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Data rows kept with the closing row: the last page shows at least these and the closing.
KEPT_ROWS = 2
#: w:pPr children that come before w:keepNext in the schema's order (CT_PPrBase).
_BEFORE_KEEP_NEXT = {f"{W}pStyle"}


def _spans_the_grid(row: Any, columns: int) -> bool:
    cells = row.findall(f"{W}tc")
    if len(cells) != 1:
        return False
    span = cells[0].find(f"{W}tcPr/{W}gridSpan")
    return columns <= 1 or (span is not None and int(span.get(f"{W}val", "1")) >= columns)


def _keep_with_next(paragraph: Any) -> None:
    ppr = paragraph.find(f"{W}pPr")
    if ppr is None:
        ppr = paragraph.makeelement(f"{W}pPr", {})
        paragraph.insert(0, ppr)
    if ppr.find(f"{W}keepNext") is not None:
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


def keep_closing_rows(body: Any) -> bool:
    """Give the rows before each table's closing row "keep with next", and the closing row
    "don't split" (half a signature line on the next page is no better); whether any changed.

    Only tables of the body itself (not tables inside cells), with at least one data row
    between the repeated header and the closing row; header rows are never marked.
    """
    changed = False
    for table in body.iter(f"{W}tbl"):
        if table.getparent() is None or table.getparent().tag != f"{W}body":
            continue
        rows = table.findall(f"{W}tr")
        columns = len(table.findall(f"{W}tblGrid/{W}gridCol"))
        if len(rows) < 3 or not _spans_the_grid(rows[-1], columns):
            continue
        changed |= _cant_split(rows[-1])
        for row in rows[-1 - KEPT_ROWS:-1]:
            if row.find(f"{W}trPr/{W}tblHeader") is not None:
                continue
            for paragraph in row.iter(f"{W}p"):
                _keep_with_next(paragraph)
                changed = True
    return changed
