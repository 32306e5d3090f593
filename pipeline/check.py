"""`houqin check`: validate every input of a workspace and say what was found, writing nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Problem
from .inputs import ALL_INPUTS
from .loader import Inputs, load_inputs
from .templates import lint_template, list_templates


@dataclass(frozen=True)
class SheetCount:
    file: str
    sheet: str
    rows: int


@dataclass(frozen=True)
class CheckReport:
    inputs: Inputs
    counts: list[SheetCount]
    missing: list[str]


def check_workspace(root: Path) -> CheckReport:
    """Everything validated; raises InputError listing all problems when anything is wrong.

    The workspace's own templates are linted too: an unclosed `{{` would otherwise pass
    `check` and stop `build` halfway.
    """
    templates = template_problems(root)
    try:
        inputs = load_inputs(root)
    except InputError as err:
        raise InputError(err.problems + templates) from None
    if any(p.is_error for p in templates):
        raise InputError(inputs.warnings + templates)
    inputs.warnings = inputs.warnings + templates
    counts = [
        SheetCount(table.grid.file, sheet, rows)
        for schema in ALL_INPUTS
        for table in inputs.tables.get(schema.stem, {}).values()
        for sheet, rows in table.counts
    ]
    missing = [s.stem for s in ALL_INPUTS if s.stem not in inputs.files]
    return CheckReport(inputs, counts, missing)


def template_problems(root: Path) -> list[Problem]:
    """Every problem of the Word templates and district forms in templates/, as
    `houqin templates lint` reports them."""
    return [problem for info in list_templates(root) if info.override
            for problem in lint_template(info.override)]
