"""Declarations of input columns and the matching of a header cell to a column.

An input is declared once (name, aliases, kind, required, choices, note) and that one
declaration drives reading, validation, the blank workbooks of `init`, and the notes
people read in them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Kind = Literal[
    "text", "date", "month", "when", "duration", "money", "number", "int", "enum", "names", "files", "bool",
]

_UNIT_TAIL = re.compile(r"[（(][^（）()]*[)）]$")
_NOISE = re.compile(r"[\s*＊:：_\-]+")


def header_key(text: object) -> str:
    """The form two header spellings share: no spaces, stars, brackets or trailing unit.

    `金额（元）`, `金额(元)`, ` 金额 `, `金额*` and `amount` all become comparable keys.
    """
    s = unicodedata.normalize("NFKC", str(text)).strip()
    s = s.replace("\n", "")
    while _UNIT_TAIL.search(s):
        s = _UNIT_TAIL.sub("", s).strip()
    s = _NOISE.sub("", s).lower()
    return s


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = "text"
    required: bool = False
    aliases: tuple[str, ...] = ()
    english: str = ""
    choices: tuple[str, ...] = ()
    #: Settings attribute path whose list replaces ``choices`` (e.g. ``hazards.categories``).
    choices_from: str = ""
    #: Other spellings of a choice, mapped to the choice (e.g. 完成 → 已完成).
    choice_aliases: tuple[tuple[str, str], ...] = ()
    default: object = None
    #: Settings attribute path whose value is the default (e.g. ``drills.target_seconds``).
    default_from: str = ""
    minimum: float | None = None
    #: A number column's units as written after the number → the factor to the column's own
    #: unit (留样量: ``{"克": 1, "g": 1, "kg": 1000, "千克": 1000, "公斤": 1000}``): `0.15kg`
    #: reads as 150. A number without a unit is in the column's own unit; any other unit is
    #: an error naming these. Latin units match in any case (`KG`).
    units: dict[str, int | float] = field(default_factory=dict, hash=False, compare=False)
    note: str = ""
    width: int = 14

    def header_keys(self) -> set[str]:
        names = {self.name, *self.aliases}
        if self.english:
            names.add(self.english)
        return {header_key(n) for n in names}

    def spellings(self) -> str:
        """`检查日期（也可写作 排查日期、日期）` for messages about a missing column."""
        if not self.aliases:
            return f"「{self.name}」"
        return f"「{self.name}」（也可写作 {'、'.join(self.aliases)}）"


@dataclass(frozen=True)
class SheetSchema:
    name: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    optional: bool = False
    #: Columns whose values together must be unique across the sheet.
    unique: tuple[str, ...] = ()
    description: str = ""
    # --- what the loader runs on this sheet, declared by the kind folder that owns it ----
    #: Checks within this sheet's rows, run once every input is read:
    #: ``check(records, settings) -> problems`` (may also fill derived values).
    check: Callable[[list[Any], Any], list[Any]] | None = None
    #: The column dating each row: a sheet (of several) wholly outside the term is not read.
    dated: str = ""
    #: Whether the ``dated`` column places the term when houqin.toml has no [term].
    places_term: bool = False
    #: The severity of a ``dated`` day outside the term ("error", "warning"), "per_day" for one
    #: warning per day at its first row (duties: the weekly tables still show the day), or "".
    outside_term: str = ""
    #: (name column, 工号 column) pairs whose people must be on the staff list.
    people: tuple[tuple[str, str], ...] = ()
    #: This sheet is the staff list the ``people`` of every other sheet are looked up in.
    staff_list: bool = False
    #: Checks of the files its rows name beside the workbook (photos under inputs/照片/):
    #: ``files(records, inputs_folder) -> problems``, run by `check` and by `build` (for a
    #: kind that needs this input) before anything is written (pipeline.reading.loader.file_problems).
    files: Callable[[list[Any], Path], list[Any]] | None = None
    #: (column, other input stem, its column): a value given here must be one of that
    #: input's values when that input is present (a repair's 资产编号 in 固定资产).
    refers: tuple[tuple[str, str, str], ...] = ()

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def required(self) -> list[Column]:
        return [c for c in self.columns if c.required]

    def index(self) -> dict[str, Column]:
        found: dict[str, Column] = {}
        for col in self.columns:
            for key in col.header_keys():
                found.setdefault(key, col)
        return found

    def matches_name(self, sheet_name: str) -> bool:
        key = header_key(sheet_name)
        return key in {header_key(n) for n in (self.name, *self.aliases)}


@dataclass(frozen=True)
class InputSchema:
    """One input file (`<stem>.xlsx`), with one sheet or several (the staff list's workbook)."""

    stem: str
    sheets: tuple[SheetSchema, ...]
    title: str = ""
    description: str = ""
    #: Other file stems accepted for a CSV holding just one of the sheets.
    csv_stems: dict[str, str] = field(default_factory=dict)
    #: Where it comes in listings, `check` and `init` (smaller first).
    order: int = 100
    #: Read only once the term is known (its months are written without a year).
    after_term: bool = False
    #: Checks across this input's sheets (supplies taken out against supplies received), run
    #: once every input is read: ``check(sheets, settings) -> problems``, ``sheets`` giving
    #: each sheet read its records.
    check: Callable[[dict[str, list[Any]], Any], list[Any]] | None = None

    @property
    def main(self) -> SheetSchema:
        return self.sheets[0]
