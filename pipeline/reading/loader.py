"""Loading a whole workspace: settings, every input present, and the checks across them.

Everything is gathered before anything is decided: all problems from all files are
collected and raised together, so a person fixes them in one pass.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Location, Problem, WorkspaceError
from ..render.templates import near_misses as template_near_misses
from ..settings import Settings, Term, infer_term, load_settings
from ..workspace import Workspace
from . import values as V
from .inputs import ALL_INPUTS, BY_STEM, CHECKS, file_aliases
from .records import ReadContext, Record, Table, check_unique, find_header, near_value, read_table
from .schema import InputSchema, SheetSchema
from .sheets import Grid, read_grids
from .untouched import example_rows


def _dated_sheets() -> list[tuple[str, SheetSchema]]:
    """(input stem, sheet) of every sheet whose ``dated`` column places the term, as declared."""
    return [(schema.stem, sheet) for schema in ALL_INPUTS for sheet in schema.sheets
            if sheet.dated and sheet.places_term]


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


def sheet_key(name: str) -> str:
    """A sheet's name as compared: full-width folded, no spaces, any case; brackets kept,
    so `隐患排查记录（上学期）` is not `隐患排查记录`."""
    return "".join(unicodedata.normalize("NFKC", name).split()).lower()


_COPY = re.compile(r"(?:[（(]\d+[)）]|副本|备份|copy|的副本)$")


def _complete(grid: Grid, schema: SheetSchema) -> bool:
    """The sheet carries the input's header: every required column is named in it."""
    header = find_header(grid, schema)
    if header is None:
        return False
    names = {col.name for col in header.found.values()}
    return all(col.name in names for col in schema.required)


def _named(path: Path, visible: list[Grid], schema: SheetSchema) -> tuple[list[Grid], list[Problem]]:
    """The sheet named exactly like the input's sheet, else the one named by an alias; two
    named by aliases are an error."""
    key = sheet_key(schema.name)
    names = {sheet_key(n) for n in (schema.name, *schema.aliases)}
    exact = [g for g in visible if sheet_key(g.sheet) == key]
    named = [g for g in visible if sheet_key(g.sheet) in names]
    if exact:
        return exact[:1], []
    if len(named) > 1:
        listed = "、".join(f"「{g.sheet}」" for g in named)
        return [], [Problem(
            f"工作表 {listed} 都可能是{schema.name}，houqin 不知道读哪一张；请把要读的一张改名为"
            f"「{schema.name}」，或删去不用的", Location(file=path.name))]
    return named, []


def _copies(path: Path, headed: list[Grid], schema: SheetSchema) -> list[Problem]:
    """Of several sheets read together, one that looks like a copy of another (`3月 (2)`)."""
    copies = [g for g in headed for h in headed
              if g is not h and _COPY.search(sheet_key(g.sheet))
              and sheet_key(g.sheet).startswith(sheet_key(h.sheet))]
    if not copies:
        return []
    listed = "、".join(f"「{g.sheet}」" for g in headed)
    return [Problem(
        f"工作表 {listed} 都有{schema.name}的表头，其中「{copies[0].sheet}」像是副本，"
        f"houqin 不知道读哪些；请把要读的一张改名为「{schema.name}」，或删去副本", Location(file=path.name))]


def _select_sheets(path: Path, grids: list[Grid], schema: SheetSchema) -> tuple[list[Grid], list[Problem]]:
    """The sheets that hold an input of one sheet, in workbook order, and what was said
    choosing them.

    A sheet named exactly like the input wins; else one named by an alias; else every
    visible sheet carrying the input's header (monthly or weekly sheets) is read. Hidden
    sheets are never read.
    """
    problems: list[Problem] = []
    visible = [g for g in grids if not g.hidden]
    chosen, found = _named(path, visible, schema)
    if found:
        return [], found
    if not chosen:
        headed = [g for g in visible if _complete(g, schema)]
        if found := _copies(path, headed, schema):
            return [], found
        if headed:
            chosen = headed
        else:
            scored = [(len(h.found), -i, g) for i, g in enumerate(visible) if (h := find_header(g, schema))]
            if scored:
                chosen = [max(scored, key=lambda t: (t[0], t[1]))[2]]
            else:
                chosen = visible[:1] or grids[:1]
    for grid in visible:
        if grid not in chosen and _complete(grid, schema):
            problems.append(_not_read(path, grid, schema.name, chosen))
        elif grid not in chosen and _filled(grid):
            problems.append(Problem(
                f"这张工作表中没有{schema.name}的表头，未读取",
                Location(file=path.name, sheet=grid.sheet), severity="warning"))
    return chosen, problems


def _filled(grid: Grid) -> bool:
    return any(not V.is_blank(v) for row in grid.rows for v in row)


def _not_read(path: Path, grid: Grid, name: str, chosen: list[Grid]) -> Problem:
    read = "、".join(f"「{g.sheet}」" for g in chosen)
    return Problem(
        f"工作表「{grid.sheet}」也有{name}的表头，但未读取（读取的是 {read}）；"
        "如果也要读取，请把它的数据合并到读取的工作表中",
        Location(file=path.name, sheet=grid.sheet), severity="warning")


def _fit(grid: Grid, sheet: SheetSchema) -> frozenset[tuple[int, int]] | None:
    """The header cells a sheet's columns read in this grid when every required column is
    among them; None when the grid does not carry that sheet's header."""
    header = find_header(grid, sheet)
    if header is None or not all(col.name in {c.name for c in header.found.values()} for col in sheet.required):
        return None
    return frozenset((header.row, c) for c in header.found)


def _named_in(grid: Grid, sheets: tuple[SheetSchema, ...]) -> SheetSchema | None:
    """The input's sheet whose name or alias the grid's name holds with something more
    (`进货查验3月`, `食品原料进货查验记录`); the longest such name decides, a tie decides nothing."""
    key = sheet_key(grid.sheet)
    best: list[tuple[int, SheetSchema]] = []
    for sheet in sheets:
        held = [len(n) for n in map(sheet_key, (sheet.name, *sheet.aliases)) if n and n in key]
        if held:
            best.append((max(held), sheet))
    if not best:
        return None
    longest = max(n for n, _ in best)
    top = [s for n, s in best if n == longest]
    return top[0] if len(top) == 1 else None


def _partly(grid: Grid, sheet: SheetSchema) -> bool:
    """The grid's header names some of the sheet's required columns: a monthly sheet named
    for it whose header lacks a column is read, to say which; a `进货供应商` list is not."""
    header = find_header(grid, sheet)
    return header is not None and any(col.required for col in header.found.values())


def _by_header(grid: Grid, sheets: tuple[SheetSchema, ...]) -> tuple[list[SheetSchema], bool]:
    """The input's sheets whose header the grid carries, the best first: one whose columns
    read every header cell another's read wins; several otherwise (ambiguous: True)."""
    fits = [(sheet, cells) for sheet in sheets if (cells := _fit(grid, sheet)) is not None]
    wins = [s for s, cells in fits if all(other <= cells for _, other in fits)]
    if len(wins) == 1 or not fits:
        return wins, False
    return [s for s, cells in fits if not any(cells < other for _, other in fits)], True


def _or(names: list[str]) -> str:
    """`进货查验、留样或陪餐`."""
    return names[0] if len(names) == 1 else f"{'、'.join(names[:-1])}或{names[-1]}"


def _assign_sheets(
    path: Path, grids: list[Grid], schema: InputSchema
) -> tuple[dict[str, list[Grid]], set[str], list[Problem]]:
    """The workbook's sheets of each sheet of an input of several (in workbook order), the
    input's sheets whose absence is already said otherwise, and what was said choosing them.

    A sheet named for one of the input's sheets (its name or an alias) is that sheet. Any
    other visible sheet belongs to the input's sheet its name holds with a month, week or
    other word (`进货查验3月`, `陪餐记录表`), else to the one whose header it carries (monthly
    sheets `3月`, `4月`), so monthly parts are read together as for an input of one sheet.
    """
    problems: list[Problem] = []
    misnamed: set[str] = set()
    unsure: set[str] = set()
    visible = [g for g in grids if not g.hidden]
    chosen: dict[str, list[Grid]] = {}
    for sheet in schema.sheets:
        named, found = _named(path, visible, sheet)
        problems.extend(found)
        if found:
            misnamed.add(sheet.name)
        if named:
            chosen[sheet.name] = named
    all_names = {sheet_key(n) for sheet in schema.sheets for n in (sheet.name, *sheet.aliases)}
    parts: dict[str, list[Grid]] = {}
    for grid in visible:
        if sheet_key(grid.sheet) in all_names:
            continue
        by_name = _named_in(grid, schema.sheets)
        fits, ambiguous = _by_header(grid, schema.sheets)
        where = Location(file=path.name, sheet=grid.sheet)
        if by_name is not None and (by_name in fits or not fits and _partly(grid, by_name)):
            parts.setdefault(by_name.name, []).append(grid)
        elif ambiguous:
            listed = "、".join(f"「{s.name}」" for s in fits)
            problems.append(Problem(
                f"这张工作表的表头与 {listed} 都相符，houqin 不知道它属于哪一张；请在工作表名称中写明"
                f"（如「{fits[0].name}{grid.sheet}」），或删去不属于它的列", where))
            unsure.update(s.name for s in fits)
        elif fits:
            parts.setdefault(fits[0].name, []).append(grid)
        elif _filled(grid):
            problems.append(Problem(
                f"这张工作表中没有{_or([s.name for s in schema.sheets])}的表头，未读取", where, severity="warning"))
    for sheet in schema.sheets:
        more = parts.get(sheet.name, [])
        if not more or sheet.name in misnamed:
            continue
        if sheet.name in chosen:
            problems.extend(_not_read(path, g, sheet.name, chosen[sheet.name]) for g in more)
        elif found := _copies(path, more, sheet):
            problems.extend(found)
            misnamed.add(sheet.name)
        else:
            chosen[sheet.name] = more
    return chosen, misnamed | unsure, problems


def _hidden(path: Path, grids: list[Grid]) -> list[Problem]:
    return [Problem(
        "隐藏的工作表，未读取；如果要读取它，请在 Excel/WPS 中取消隐藏",
        Location(file=path.name, sheet=g.sheet), severity="warning") for g in grids if g.hidden]


def _outside_term(table: Table, column: str, ctx: ReadContext) -> bool:
    """Every dated record of the sheet lies outside the term given in the settings."""
    term = ctx.settings.term
    if not (ctx.settings.term_given and term.start and term.end):
        return False
    days = [rec.get(column) for rec in table.records]
    if column == "月份":
        first, last = (term.start.year, term.start.month), (term.end.year, term.end.month)
        months = [m for m in days if isinstance(m, tuple)]
        return bool(months) and not any(first <= m <= last for m in months)
    dates = [d for d in days if isinstance(d, dt.date)]
    return bool(dates) and not any(term.contains(d) for d in dates)


def _join(sheet: SheetSchema, tables: list[Table]) -> Table:
    """The tables of several sheets as one, each record still located in its own sheet."""
    first = tables[0]
    records = [rec for table in tables for rec in table.records]
    return Table(sheet, first.grid, first.header_row, first.columns, records,
                 parts=[(t.grid.sheet, len(t.records)) for t in tables])


def _read_input(
    schema: InputSchema, path: Path, ctx: ReadContext, sheets: Iterable[SheetSchema] | None = None
) -> tuple[dict[str, Table], list[Problem]]:
    problems: list[Problem] = []
    try:
        grids = read_grids(path)
    except InputError as err:
        return {}, err.problems
    problems.extend(_hidden(path, grids))
    tables: dict[str, Table] = {}
    single = len(schema.sheets) == 1 or path.suffix.lower() == ".csv"
    assigned: dict[str, list[Grid]] = {}
    failed: set[str] = set()
    if not single:
        assigned, failed, found = _assign_sheets(path, grids, schema)
        problems.extend(found)
    for sheet in sheets or schema.sheets:
        if single:
            chosen, found = _select_sheets(path, grids, sheet)
            problems.extend(found)
            if any(p.is_error for p in found):
                continue
        else:
            chosen = assigned.get(sheet.name, [])
            if not chosen and sheet.name in failed:
                continue
        if not chosen:
            if not sheet.optional:
                problems.append(_missing(path, grids, sheet))
            continue
        read: list[tuple[Table | None, list[Problem]]] = [
            read_table(grid, sheet, ctx, unique=False) for grid in chosen]
        column = sheet.dated
        if column and len(read) > 1:
            inside = [(t, f) for t, f in read if t is None or not _outside_term(t, column, ctx)]
            if inside:
                for table, _ in read:
                    if table is not None and all(table is not t for t, _ in inside):
                        problems.append(Problem(
                            f"这张工作表的日期都不在本学期（{ctx.settings.term.describe_span()}）内，未读取；"
                            "如果应该读取，请核对日期或 houqin.toml 的 [term]",
                            Location(file=path.name, sheet=table.grid.sheet), severity="warning"))
                read = inside
        for _, found in read:
            problems.extend(found)
        done = [t for t, _ in read if t is not None]
        if done and len(done) == len(read):
            table = _join(sheet, done)
            check_unique(sheet, table.records, problems)
            problems.extend(_copied_rows(table))
            if column:
                problems.extend(_month_sheets(table, column))
            tables[sheet.name] = table
        if single:
            break
    return tables, problems


def _missing(path: Path, grids: list[Grid], sheet: SheetSchema) -> Problem:
    """A required sheet no sheet of the workbook is: how to name it or head it."""
    names = "、".join(g.sheet for g in grids if not g.hidden)
    required = "、".join(c.name for c in sheet.required)
    return Problem(
        f"找不到工作表「{sheet.name}」（现有：{names}）；请把{sheet.name}的工作表改名为「{sheet.name}」，"
        f"或按月分成几张时（如「3月」「4月」或「{sheet.name}3月」），给每张加上{sheet.name}的表头"
        f"（{required} 等列）", Location(file=path.name))


def _copied_rows(table: Table) -> list[Problem]:
    """Rows identical in every column read to an earlier row (of this or another joined sheet):
    rows copied from one month's sheet to the next. Said, and still read. An input with a
    unique key already says so as an error."""
    if table.schema.unique:
        return []
    problems = []
    seen: dict[tuple[object, ...], Record] = {}
    for rec in table.records:
        key = tuple(tuple(v) if isinstance(v, list) else v for v in (rec.get(c) for c in table.columns))
        first = seen.setdefault(key, rec)
        if first is not rec:
            other = f"工作表「{first.where.sheet}」" if first.where.sheet != rec.where.sheet else ""
            problems.append(Problem(
                f"与{other}第{first.where.row}行完全相同，是否重复录入？如果是，请删去其中一行",
                rec.where, severity="warning"))
    return problems


#: A sheet named for a month: `4月`, `4月份`, `2022年4月`, `2022.4`.
_MONTH_SHEET = re.compile(r"^(?:(\d{4})\s*[年.\-/]\s*)?(\d{1,2})\s*月?份?$")


def _month_sheets(table: Table, column: str) -> list[Problem]:
    """A row dated in another month than the month its sheet is named for (`4月`, `进货查验4月`)."""
    problems = []
    words = sorted((sheet_key(n) for n in (table.schema.name, *table.schema.aliases)), key=len, reverse=True)
    for rec in table.records:
        name = rec.where.sheet or ""
        key = sheet_key(name)
        held = next((w for w in words if w and w in key), "")
        named = _MONTH_SHEET.match(key.replace(held, "", 1).strip("（）()-_·") if held else key)
        if not named or ("月" not in name and not named.group(1)):
            continue
        year, month = (int(named.group(1)) if named.group(1) else None), int(named.group(2))
        value = rec.get(column)
        if isinstance(value, dt.date):
            when, shown = (value.year, value.month), f"日期 {V.format_date(value)}"
        elif isinstance(value, tuple):
            when, shown = value, f"月份 {value[0]}年{value[1]}月"
        else:
            continue
        if when[1] != month or (year is not None and when[0] != year):
            problems.append(Problem(
                f"{shown} 不在 {rec.where.sheet}；请核对日期，或把这一行移到它所在月份的工作表",
                rec.cell(column), severity="warning"))
    return problems


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
            path, found = ws.find_input(schema.stem, file_aliases(schema))
            problems.extend(found)
        if path is not None:
            located[schema.stem] = path
    inputs = Inputs(ws, settings, files=located)
    ctx = ReadContext(settings, settings.term.year_of_month() if settings.term_given and settings.term.year else None)
    # Dated inputs first: without [term], the term is inferred from their dates.
    for schema in wanted:
        if schema.after_term or schema.stem not in located:
            continue
        tables, found = _read_input(schema, located[schema.stem], ctx)
        problems.extend(found)
        inputs.tables[schema.stem] = tables
    settings, found = infer_term(settings, list(_term_dates(inputs)))
    problems.extend(found)
    inputs.settings = settings
    ctx = ReadContext(settings, settings.term.year_of_month() if settings.term.year else None)
    for schema in wanted:
        if schema.after_term:
            _read_after_term(ws, schema, located, inputs, ctx, problems)
    for (stem, sheet), check in CHECKS.items():
        if sheet in inputs.tables.get(stem, {}):
            problems.extend(check(inputs.tables[stem][sheet].records, settings))
    for schema in wanted:
        if schema.check is not None and schema.stem in inputs.tables:
            sheets = {name: table.records for name, table in inputs.tables[schema.stem].items()}
            problems.extend(schema.check(sheets, settings))
    problems.extend(_check_term(inputs))
    problems.extend(_check_people(inputs))
    problems.extend(_check_refers(inputs))
    problems.extend(_check_typos(inputs))
    problems[:0] = example_rows(root, located, inputs.tables)  # first: it matters most
    if any(p.is_error for p in problems):
        raise InputError(problems)
    inputs.warnings = problems
    return inputs


def file_problems(inputs: Inputs, stems: Iterable[str] | None = None) -> list[Problem]:
    """What is wrong with the files the rows name (photos), by each sheet's declared
    ``files`` check, for every input read (or those of ``stems``)."""
    found: list[Problem] = []
    for schema in ALL_INPUTS:
        if stems is not None and schema.stem not in stems:
            continue
        for sheet in schema.sheets:
            if sheet.files is not None and inputs.has(schema.stem, sheet.name):
                found += sheet.files(inputs.records(schema.stem, sheet.name), inputs.workspace.inputs)
    return found


def _read_after_term(
    ws: Workspace, schema: InputSchema, located: dict[str, Path], inputs: Inputs,
    ctx: ReadContext, problems: list[Problem],
) -> None:
    """An input read once the term is known; its other sheets may also come as one CSV each."""
    extra, found = _sheet_files(ws, schema)
    problems.extend(found)
    tables: dict[str, Table] = {}
    if schema.stem in located:
        path = located[schema.stem]
        sheets = schema.sheets if path.suffix.lower() != ".csv" else schema.sheets[:1]
        read, found = _read_input(schema, path, ctx, sheets)
        tables.update(read)
        problems.extend(found)
    for sheet in schema.sheets[1:]:
        if sheet.name in extra and sheet.name not in tables:
            read, found = _read_input(schema, extra[sheet.name], ctx, [sheet])
            tables.update(read)
            problems.extend(found)
            inputs.files.setdefault(schema.stem, extra[sheet.name])
    if tables:
        inputs.tables[schema.stem] = tables


def _term_dates(inputs: Inputs) -> Iterable[dt.date]:
    for stem, sheet in _dated_sheets():
        for rec in inputs.records(stem, sheet.name):
            if isinstance(rec.get(sheet.dated), dt.date):
                yield rec[sheet.dated]


def _check_term(inputs: Inputs) -> list[Problem]:
    term = inputs.settings.term
    if not (term.start and term.end):
        return []
    problems = []
    for stem, sheet in _dated_sheets():
        column, severity = sheet.dated, sheet.outside_term
        if severity == "per_day":
            problems.extend(_duties_outside_term(inputs.records(stem, sheet.name), column, term))
        if severity not in ("error", "warning"):
            continue
        for rec in inputs.records(stem, sheet.name):
            day = rec.get(column)
            if isinstance(day, dt.date) and not term.contains(day):
                problems.append(Problem(
                    f"日期不在本学期（{term.describe_span()}）内；请核对日期或 houqin.toml 的 [term]",
                    rec.cell(column), f"{day:%Y-%m-%d}", severity))  # type: ignore[arg-type]
    return problems


def _duties_outside_term(records: list[Record], column: str, term: Term) -> list[Problem]:
    """One warning per duty day outside the term, at its first row: the weekly tables still
    show it (marked 学期外), so it is not an error."""
    first: dict[dt.date, Record] = {}
    count: dict[dt.date, int] = {}
    for rec in records:
        day = rec.get(column)
        if isinstance(day, dt.date) and not term.contains(day):
            first.setdefault(day, rec)
            count[day] = count.get(day, 0) + 1
    return [Problem(
        f"{V.format_date(day)}（星期{'一二三四五六日'[day.weekday()]}）不在本学期（{term.describe_span()}）内，"
        f"但排有值日 {count[day]} 人次；请核对日期或 houqin.toml 的 [term]",
        rec.cell(column), severity="warning") for day, rec in sorted(first.items())]


def _check_people(inputs: Inputs) -> list[Problem]:
    """Names in the columns each sheet declares as ``people`` must be on the staff list
    (SPEC §2.6): the sheet declared ``staff_list`` (员工名单).

    A name two people share is told apart by the row's 工号 (替班人工号 for a substitute);
    without one it is an error naming both. The 工号 found is kept on the record, so
    scores and duties go to the right one of the two.
    """
    lists = [(schema.stem, sheet.name) for schema in ALL_INPUTS for sheet in schema.sheets
             if sheet.staff_list]
    if not lists or not inputs.has(*lists[0]):
        return []
    staff_table = inputs.tables[lists[0][0]][lists[0][1]]
    by_name: dict[str, list[Record]] = {}
    by_id: dict[str, Record] = {}
    for rec in staff_table.records:
        by_name.setdefault(rec["姓名"], []).append(rec)
        if rec["工号"]:
            by_id.setdefault(rec["工号"], rec)
    roster_where = f"{staff_table.where.file} › {staff_table.where.sheet}"
    problems = []
    checks = [(schema.stem, sheet.name, sheet.people)
              for schema in sorted(ALL_INPUTS, key=lambda s: not any(x.staff_list for x in s.sheets))
              for sheet in schema.sheets if sheet.people]
    for stem, sheet, columns in checks:
        for rec in inputs.records(stem, sheet):
            for column, id_column in columns:
                value = rec.get(column)
                # a names column (参加人员: 周静、朱志刚) has no 工号: each name is looked up alone
                listed = isinstance(value, list)
                for name in value if listed else [value]:
                    if name:
                        problems.extend(_check_person(rec, column, "" if listed else id_column, name,
                                                      by_name, by_id, roster_where))
    return problems


def _check_person(rec: Record, column: str, id_column: str, name: str, by_name: dict[str, list[Record]],
                  by_id: dict[str, Record], roster_where: str) -> list[Problem]:
    """One name of a ``people`` column against the staff list. A names column (no
    ``id_column``) may tell two people of one name apart as `王芳（XJ101）`; a shared name
    written without it is left to the kind that reads the list (a printed 验收人 needs no
    more, a meeting's 缺席人员 does)."""
    given = rec.get(id_column) if id_column else None
    if not id_column and name not in by_name:
        name, given = V.name_with_id(name)
        if given:  # `王芳（ｘｊ１３２）` in a list: the 工号 as the eye reads it
            given = next((k for k in by_id if V.id_key(k) == V.id_key(given)), given)
    if given:
        person = by_id.get(given)
        at = id_column or column
        if person is None:
            return [Problem(f"工号「{given}」不在 {roster_where} 中；请核对工号", rec.cell(at), given)]
        if person["姓名"] != name:
            return [Problem(f"工号「{given}」在员工名单中是「{person['姓名']}」，不是「{name}」；请核对姓名或工号",
                            rec.cell(at), given)]
        return []
    matches = by_name.get(name, [])
    if not matches:
        guess = near_value(name, by_name) or "；"
        return [Problem(f"「{name}」不在 {roster_where} 中{guess}请核对姓名或把此人加入员工名单",
                        rec.cell(column), name)]
    if not id_column:
        return []
    if len(matches) > 1:
        return [Problem(_ambiguous(name, matches, id_column, roster_where), rec.cell(column), name)]
    rec.data[id_column] = matches[0]["工号"]
    return []


def _check_refers(inputs: Inputs) -> list[Problem]:
    """Values that must name a row of another input (a sheet's ``refers``), when it is read."""
    problems = []
    for schema in ALL_INPUTS:
        for sheet in schema.sheets:
            for column, stem, other in sheet.refers:
                if not inputs.has(stem):
                    continue
                table = inputs.tables[stem][BY_STEM[stem].main.name]
                known = {str(rec.get(other)) for rec in table.records if rec.get(other)}
                where = f"{table.where.file} › {table.where.sheet}"
                for rec in inputs.records(schema.stem, sheet.name):
                    value = rec.get(column)
                    if value and str(value) not in known:
                        guess = near_value(str(value), known) or "；"
                        problems.append(Problem(
                            f"{other}「{value}」不在 {where} 中{guess}请核对{other}",
                            rec.cell(column), str(value)))
    return problems


def _ambiguous(name: str, matches: list[Record], id_column: str, roster_where: str) -> str:
    ids = [m["工号"] for m in matches]
    if all(ids):
        return (f"「{name}」在 {roster_where} 中有{len(matches)}人（工号 {'、'.join(ids)}），不知道是哪一位；"
                f"请在本行的「{id_column}」列填写工号（没有这一列就加上）")
    rows = "、".join(f"第{m.where.row}行" for m in matches)
    return (f"「{name}」在 {roster_where} 中有{len(matches)}人（{rows}），不知道是哪一位；"
            f"请在员工名单中给他们填写工号，并在本行的「{id_column}」列填写工号")


def _listed(note: str) -> list[str]:
    """The usual values a column's note lists: `保安 / 保洁 / 食堂 …` → 保安、保洁、食堂."""
    head = re.split(r"[，,]", note)[0]
    return [v.strip(" …") for v in head.split(" / ") if v.strip(" …")] if " / " in head else []


def _one_typo(a: str, b: str) -> bool:
    """Two words of the same length, at least two characters, that differ in one place."""
    return len(a) == len(b) >= 2 and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _check_typos(inputs: Inputs) -> list[Problem]:
    """A value of a text column whose note lists the usual ones (岗位: 保安 / 保洁 …) that
    occurs once and is one character away from a listed or often-used value: `保按`."""
    problems = []
    for tables in inputs.tables.values():
        for table in tables.values():
            for col in table.schema.columns:
                listed = _listed(col.note or "") if col.kind == "text" else []
                if not listed or col.name not in table.columns:
                    continue
                count: dict[str, int] = {}
                for rec in table.records:
                    if isinstance(rec.get(col.name), str) and rec[col.name]:
                        count[rec[col.name]] = count.get(rec[col.name], 0) + 1
                usual = listed + [v for v, n in count.items() if n >= 2 and v not in listed]
                for rec in table.records:
                    value = rec.get(col.name)
                    if not value or value in usual or count.get(value) != 1:
                        continue
                    near = next((u for u in usual if _one_typo(value, u)), None)
                    if near:
                        problems.append(Problem(
                            f"「{value}」与常用的{col.name}「{near}」只差一个字；是否应为「{near}」？",
                            rec.cell(col.name), value, severity="warning"))
    return problems
