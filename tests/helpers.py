"""Real files for tests: workbooks written with openpyxl the way people make them."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    sheet: str = "Sheet1",
    merges: Sequence[str] = (),
    more_sheets: dict[str, Sequence[Sequence[Any]]] | None = None,
) -> Path:
    """An .xlsx whose first sheet holds ``rows`` from A1, with merged ranges as given."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for ref in merges:
        ws.merge_cells(ref)
    for name, extra in (more_sheets or {}).items():
        other = book.create_sheet(name)
        for row in extra:
            other.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def tree_hash(folder: Path) -> dict[str, str]:
    """Every file under a folder and its sha256, to prove a command wrote nothing."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
