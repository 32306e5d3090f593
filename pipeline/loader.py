"""Loading a whole workspace: settings, every input present, and the checks across them.

Everything is gathered before anything is decided: all problems from all files are
collected and raised together, so a person fixes them in one pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Location, Problem, WorkspaceError
from .inputs import ALL_INPUTS, BY_STEM, CHECKS
from .reader import ReadContext, Record, Table, find_header, read_table
from .schema import InputSchema, SheetSchema
from .settings import Settings, infer_term, load_settings
from .sheets import Grid, read_grids
from .templates import near_misses as template_near_misses
from .workspace import Workspace

#: Date columns that place the term when [term] is missing, and whether one outside the
#: term is an error. Duty days outside the term are flagged per day by the roster itself.
TERM_DATES = {
    ("隐患排查", "隐患排查记录", "检查日期"): "error",
    ("演练记录", "演练记录", "演练日期"): "error",
    ("值日安排", "值日安排", "日期"): None,
}


@dataclass
class Inputs:
    """What a workspace holds after validation: settings and the records of each input."""

    workspace: Workspace
    settings: Settings
    tables: dict[str, dict[str, Table]] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def has(self, stem: str, sheet: str | None = None) -> bool:
        sheets = self.tables.get(stem, {})
        return bool(sheets) if sheet is None else sheet in sheets

    def records(self, stem: str, sheet: str | None = None) -> list[Record]:
        sheets = self.tables.get(stem, {})
        name = sheet or BY_STEM[stem].main.name
        table = sheets.get(name)
        return table.records if table else []

    def source_files(self, *stems: str) -> list[str]:
        return [f"inputs/{self.files[s].name}" for s in stems if s in self.files]


def _pick_sheet(grids: list[Grid], schema: SheetSchema, single: bool) -> Grid | None:
    """The sheet named like the schema; for a one-sheet input, else the best header match."""
    for grid in grids:
        if schema.matches_name(grid.sheet):
            return grid
    if not single:
        return None
    visible = [g for g in grids if not g.hidden] or grids
    scored = [(len(found[1]), -i, g) for i, g in enumerate(visible) if (found := find_header(g, schema))]
    if scored:
        return max(scored, key=lambda t: (t[0], t[1]))[2]
    return visible[0] if visible else None


def _read_input(
    schema: InputSchema, path: Path, ctx: ReadContext, sheets: Iterable[SheetSchema] | None = None
) -> tuple[dict[str, Table], list[Problem]]:
    problems: list[Problem] = []
    try:
        grids = read_grids(path)
    except InputError as err:
        return {}, err.problems
    tables: dict[str, Table] = {}
    single = len(schema.sheets) == 1 or path.suffix.lower() == ".csv"
    for sheet in sheets or schema.sheets:
        grid = _pick_sheet(grids, sheet, single)
        if grid is None:
            if not sheet.optional:
                names = "、".join(g.sheet for g in grids)
                problems.append(Problem(
                    f"找不到工作表「{sheet.name}」（现有：{names}）", Location(file=path.name)))
            continue
        table, found = read_table(grid, sheet, ctx)
        problems.extend(found)
        if table is not None:
            tables[sheet.name] = table
        if single:
            break
    return tables, problems


def _sheet_files(ws: Workspace, schema: InputSchema) -> tuple[dict[str, Path], list[Problem]]:
    """For an input of several sheets also accept one CSV per sheet (`考核记录.csv`)."""
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    for sheet in schema.sheets[1:]:
        stem = schema.csv_stems.get(sheet.name)
        if stem and (ws.inputs / f"{stem}.csv").is_file():
            files[sheet.name] = ws.inputs / f"{stem}.csv"
    return files, problems


def load_inputs(
    root: Path,
    only: Iterable[str] | None = None,
    overrides: dict[str, Path] | None = None,
) -> Inputs:
    """Settings and every input present (or those in ``only``), fully validated.

    Raises :class:`InputError` with every error and warning when anything is wrong;
    otherwise returns the records and the warnings.
    """
    ws = Workspace(root)
    if not root.is_dir():
        raise WorkspaceError(Problem(f"找不到工作区文件夹「{root}」", Location(file=str(root))))
    if not ws.inputs.is_dir() and not overrides:
        raise WorkspaceError(Problem(
            "工作区中没有 inputs/ 文件夹；请在工作区文件夹中运行，或用 -w 指定工作区，"
            "或先运行 houqin init 新建一个", Location(file=str(root))))
    # A settings error stops nothing here: what could not be read has its default, so the
    # data's problems are listed in the same run; the errors still stop every document.
    settings, problems = load_settings(root)
    problems.extend(template_near_misses(root))
    wanted = [s for s in ALL_INPUTS if only is None or s.stem in set(only)]
    located: dict[str, Path] = {}
    for schema in wanted:
        path = (overrides or {}).get(schema.stem)
        if path is None:
            path, found = ws.find_input(schema.stem)
            problems.extend(found)
        if path is not None:
            located[schema.stem] = path
    inputs = Inputs(ws, settings, files=located)
    ctx = ReadContext(settings)
    # Dated inputs first: without [term], the term is inferred from their dates.
    staff = BY_STEM["员工考核"]
    for schema in wanted:
        if schema is staff or schema.stem not in located:
            continue
        tables, found = _read_input(schema, located[schema.stem], ctx)
        problems.extend(found)
        inputs.tables[schema.stem] = tables
    settings, found = infer_term(settings, list(_term_dates(inputs)))
    problems.extend(found)
    inputs.settings = settings
    ctx = ReadContext(settings, settings.term.year_of_month() if settings.term.year else None)
    if staff in wanted:
        _read_staff(ws, located, inputs, ctx, problems)
    for (stem, sheet), check in CHECKS.items():
        if sheet in inputs.tables.get(stem, {}):
            problems.extend(check(inputs.tables[stem][sheet].records, settings))
    problems.extend(_check_term(inputs))
    problems.extend(_check_people(inputs))
    if any(p.is_error for p in problems):
        raise InputError(problems)
    inputs.warnings = problems
    return inputs


def _read_staff(
    ws: Workspace, located: dict[str, Path], inputs: Inputs, ctx: ReadContext, problems: list[Problem]
) -> None:
    staff = BY_STEM["员工考核"]
    extra, found = _sheet_files(ws, staff)
    problems.extend(found)
    tables: dict[str, Table] = {}
    if "员工考核" in located:
        path = located["员工考核"]
        sheets = staff.sheets if path.suffix.lower() != ".csv" else staff.sheets[:1]
        read, found = _read_input(staff, path, ctx, sheets)
        tables.update(read)
        problems.extend(found)
    for sheet in staff.sheets[1:]:
        if sheet.name in extra and sheet.name not in tables:
            read, found = _read_input(staff, extra[sheet.name], ctx, [sheet])
            tables.update(read)
            problems.extend(found)
            inputs.files.setdefault("员工考核", extra[sheet.name])
    if tables:
        inputs.tables["员工考核"] = tables


def _term_dates(inputs: Inputs) -> Iterable[dt.date]:
    for stem, sheet, column in TERM_DATES:
        for rec in inputs.records(stem, sheet):
            if isinstance(rec.get(column), dt.date):
                yield rec[column]


def _check_term(inputs: Inputs) -> list[Problem]:
    term = inputs.settings.term
    if not (term.start and term.end):
        return []
    problems = []
    for (stem, sheet, column), severity in TERM_DATES.items():
        if severity is None:
            continue
        for rec in inputs.records(stem, sheet):
            day = rec.get(column)
            if isinstance(day, dt.date) and not term.contains(day):
                problems.append(Problem(
                    f"日期不在本学期（{term.describe_span()}）内；请核对日期或 houqin.toml 的 [term]",
                    rec.cell(column), f"{day:%Y-%m-%d}", severity))  # type: ignore[arg-type]
    return problems


def _check_people(inputs: Inputs) -> list[Problem]:
    """Names in 考核记录, 安全事故 and 值日安排 must be people of 员工名单 (SPEC §2.6)."""
    if not inputs.has("员工考核", "员工名单"):
        return []
    staff_table = inputs.tables["员工考核"]["员工名单"]
    known = {rec["姓名"] for rec in staff_table.records}
    roster_where = f"{staff_table.where.file} › {staff_table.where.sheet}"
    problems = []
    checks = [
        ("员工考核", "考核记录", ("姓名",)),
        ("员工考核", "安全事故", ("姓名",)),
        ("值日安排", "值日安排", ("姓名", "替班人")),
    ]
    for stem, sheet, columns in checks:
        for rec in inputs.records(stem, sheet):
            for column in columns:
                name = rec.get(column)
                if name and name not in known:
                    problems.append(Problem(
                        f"「{name}」不在 {roster_where} 中；请核对姓名或把此人加入员工名单",
                        rec.cell(column), name))
    return problems


