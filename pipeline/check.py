"""`houqin check`: validate every input of a workspace and say what was found, writing nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Problem
from .reading.inputs import ALL_INPUTS
from .reading.loader import Inputs, file_problems, load_inputs
from .workspace import Workspace


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
    `check` and stop `build` halfway. The files the rows name (photos) are opened as `build`
    would insert them, by the checks their input declares.
    """
    templates = template_problems(root)
    try:
        inputs = load_inputs(root)
    except InputError as err:
        raise InputError(err.problems + templates) from None
    found = [*file_problems(inputs), *templates]
    if any(p.is_error for p in found):
        raise InputError([*inputs.warnings, *found])
    found += kind_warnings(inputs)
    if any(p.is_error for p in found):  # a kind's check across inputs (meetings' 对象)
        raise InputError([*inputs.warnings, *found])
    inputs.warnings = inputs.warnings + found
    counts = [
        SheetCount(table.grid.file, sheet, rows)
        for schema in ALL_INPUTS
        for table in inputs.tables.get(schema.stem, {}).values()
        for sheet, rows in table.counts
    ]
    missing = [s.stem for s in ALL_INPUTS if s.stem not in inputs.files]
    _check_outputs(inputs)
    return CheckReport(inputs, counts, missing)


def kind_warnings(inputs: Inputs) -> list[Problem]:
    """What `build` would warn of beyond the inputs' own checks (a month without a drill, a
    group that met too seldom), said by `check` first: a clerk runs `check` to see it all."""
    from .kinds import Options, commands

    return [problem for kind in commands().values()
            if kind.warnings is not None and all(inputs.has(stem, sheet) for stem, sheet in kind.needs)
            for problem in kind.warnings(inputs, Options())]


def template_problems(root: Path) -> list[Problem]:
    """Every problem of the Word templates and district forms in templates/, as
    `houqin templates lint` reports them. Without any such file, no document library is
    loaded: `check` stays quick."""
    folder = Workspace(root).templates
    if not folder.is_dir() or not any(p.suffix.lower() in (".docx", ".xlsx") for p in folder.iterdir()):
        return []
    from .render.templates import lint_template, list_templates

    return [problem for info in list_templates(root) if info.override
            for problem in lint_template(info.override)]


def _check_outputs(inputs: Inputs) -> None:
    """What `build` checks of outputs/ before its first write and needs no planning: outputs/
    and its record files are what they should be. Nothing is written. (The documents' own
    names need every kind planned, charts drawn and all: seconds on a large workspace, so
    they stay with `build`.)"""
    from .outputs.writer import preflight

    preflight(inputs.workspace.outputs, [])
