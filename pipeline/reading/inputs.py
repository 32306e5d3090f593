"""Every input houqin reads, collected from the kind folders that declare them.

Each input is declared once, in ``pipeline/kinds/<name>/inputs.py`` of the kind that owns
it (or a small folder of its own when several kinds share it, like ``staff``): its
columns, its checks within its rows, and the cross-checks it needs (term dates, people on
the staff list) as data that :mod:`pipeline.reading.loader` runs. Nothing here names an input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..kinds import folders, part
from .schema import InputSchema


def _collect() -> tuple[InputSchema, ...]:
    found: list[InputSchema] = []
    for folder in folders():
        module = part(folder, "inputs")
        if module is None:
            continue
        mine = [v for v in vars(module).values() if isinstance(v, InputSchema)]
        found.extend(mine)
        OWNER.update({schema.stem: folder for schema in mine})
    stems = [s.stem for s in found]
    duplicated = sorted({s for s in stems if stems.count(s) > 1})
    if duplicated:  # a programming error: one input, one owner
        raise RuntimeError(f"inputs declared by more than one kind folder: {duplicated}")
    return tuple(sorted(found, key=lambda s: (s.order, s.stem)))


#: Input stem → the kind folder that declares it (its samples, its help live there too).
OWNER: dict[str, str] = {}
ALL_INPUTS: tuple[InputSchema, ...] = _collect()
BY_STEM = {schema.stem: schema for schema in ALL_INPUTS}

#: (input stem, sheet) → the checks within that sheet's rows, as the kind folders declare.
CHECKS: dict[tuple[str, str], Callable[[list[Any], Any], list[Any]]] = {
    (schema.stem, sheet.name): sheet.check
    for schema in ALL_INPUTS for sheet in schema.sheets if sheet.check is not None
}


def known_stems() -> set[str]:
    """File stems houqin reads as they are: each input's, and the one-sheet CSVs it accepts."""
    return {s.stem for s in ALL_INPUTS} | {stem for s in ALL_INPUTS for stem in s.csv_stems.values()}


def file_aliases(schema: InputSchema) -> tuple[str, ...]:
    """Other names of an input a person may give its file: its main sheet's name and aliases."""
    return tuple(n for n in (schema.main.name, *schema.main.aliases) if n != schema.stem)
