"""Rows of `houqin init`'s examples still in a workspace's input workbooks.

A new workspace's workbooks hold example rows so that `build` works at once; a clerk who
fills in three of them and forgets the fourth, or types the school's records below the
examples without deleting them, would file documents of made-up drills and people. `init`
marks its workbooks in their properties (关键词, kept when Excel or WPS saves them); in a
marked workbook, a row equal to one of the examples is named until it is deleted.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import Location, Problem

#: The workbook property (关键词) `init` writes into its example workbooks.
SAMPLE_KEYWORDS = "houqin 示例数据"
_CORE = "docProps/core.xml"
_CORE_MAX = 64 * 1024  # a real core.xml is under 1 KB: never inflate more to look
_KEYWORDS = re.compile(r"<cp:keywords>([^<]*)</cp:keywords>")


def is_marked(path: Path) -> bool:
    """Whether the .xlsx is one init wrote (its 关键词 say so)."""
    if path.suffix.lower() != ".xlsx":
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(_CORE)
            if info.file_size > _CORE_MAX:
                return False
            core = archive.read(info).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False  # what is wrong with the file is the reader's to say
    keywords = _KEYWORDS.search(core)
    return bool(keywords and SAMPLE_KEYWORDS in keywords[1])


def _norm(value: Any) -> str:
    """A cell's value as compared: the example as init wrote it, the cell as read back."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        try:
            return format(Decimal(str(value)).normalize(), "f")
        except InvalidOperation:
            return str(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, tuple) and len(value) == 2:
        return f"{value[0]}-{value[1]:02d}"
    return str(value).strip()


def _is_example(raw: Mapping[str, Any], examples: list[dict[str, Any]]) -> bool:
    return any(all(_norm(raw.get(column)) == _norm(value) for column, value in example.items()
                   if _norm(value)) for example in examples)


def example_rows(root: Path, located: Mapping[str, Path], tables: Mapping[str, Mapping[str, Any]]) -> list[Problem]:
    """Warnings for init's example rows still in its marked workbooks: one naming the
    workbooks that hold nothing else (a new workspace has a dozen), one per sheet that mixes
    them with the school's own rows, naming those rows."""
    from ..examples import EXAMPLES

    whole: list[str] = []
    mixed: list[Problem] = []
    for stem, path in located.items():
        if stem not in EXAMPLES or stem not in tables or not is_marked(path):
            continue
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        found: list[tuple[Location, list[int], int]] = []
        for sheet, table in tables[stem].items():
            records = table.records
            rows = [r.where.row or 0 for r in records if _is_example(r.raw, EXAMPLES[stem].get(sheet, []))]
            if records:
                found.append((table.where, rows, len(records)))
        if not any(rows for _, rows, _ in found):
            continue
        if all(len(rows) == count for _, rows, count in found):  # nothing of the school's own
            whole.append(shown)
            continue
        for where, rows, _ in found:
            if not rows:
                continue
            mixed.append(Problem(
                f"第{'、'.join(map(str, rows))}行还是 houqin init 写入的示例数据，会和本校的记录一起印到文档里；"
                "请删除这些行", where, severity="warning"))
    problems = []
    if whole:
        what = "这还是" if len(whole) == 1 else f"这 {len(whole)} 个表格（{'、'.join(Path(s).name for s in whole)}）还是"
        problems.append(Problem(
            f"{what} houqin init 写入的示例数据，没有改成本校的记录；用{'它' if len(whole) == 1 else '它们'}"
            "生成的文档是示例内容。请在表格中换成本校的记录（不需要的表格可以删除）",
            Location(file=whole[0] if len(whole) == 1 else "inputs/"), severity="warning"))
    return problems + mixed
