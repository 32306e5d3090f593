"""Reading a grid against a sheet schema: header detection, column matching, typed values.

Every rejected value becomes a located :class:`Problem`; reading goes on to the end so a
person sees every mistake in the file at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import values as V
from .errors import Location, ParseError, Problem, show_value
from .schema import Column, SheetSchema, header_key
from .settings import Settings
from .sheets import Grid

HEADER_SEARCH_ROWS = 10
#: Excel holds at most this many characters in a cell; more came from a program or a paste gone wrong.
MAX_CELL_CHARS = 32_767


@dataclass
class Record(Mapping[str, Any]):
    """One data row: canonical column name → parsed value, and where it came from."""

    data: dict[str, Any]
    where: Location
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def cell(self, column: str) -> Location:
        return self.where.at(column=self.raw.get(f"__header__{column}", column))

    def header(self, column: str) -> str:
        """The column's header as the person wrote it (`排查时间`), for messages."""
        return self.raw.get(f"__header__{column}", column)


@dataclass
class Table:
    schema: SheetSchema
    grid: Grid
    header_row: int
    #: canonical name → (1-based column index, header text as written)
    columns: dict[str, tuple[int, str]]
    records: list[Record]

    @property
    def where(self) -> Location:
        return self.grid.where


@dataclass
class ReadContext:
    """What parsing needs from outside the cell: settings and the term's months."""

    settings: Settings
    year_of_month: dict[int, int] | None = None

    def resolve(self, path: str) -> Any:
        obj: Any = self.settings
        for part in path.split("."):
            obj = getattr(obj, part)
        return obj


def _cell_text(value: object) -> str:
    return "" if V.is_blank(value) else str(value).strip()


def find_header(grid: Grid, schema: SheetSchema) -> tuple[int, dict[int, Column]] | None:
    """The row among the first ten that names the most known columns (title rows above it)."""
    index = schema.index()
    best: tuple[int, dict[int, Column]] | None = None
    for r, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS], 1):
        found = {}
        for c, value in enumerate(row, 1):
            text = _cell_text(value)
            if text and (col := index.get(header_key(text))):
                found[c] = col
        if found and (best is None or len(found) > len(best[1])):
            best = (r, found)
    return best


def read_table(grid: Grid, schema: SheetSchema, ctx: ReadContext) -> tuple[Table | None, list[Problem]]:
    """Typed records from a grid, and every problem found (errors and warnings)."""
    problems: list[Problem] = []
    where = grid.where
    non_blank = [r for r in grid.rows if any(not V.is_blank(v) for v in r)]
    if not non_blank:
        return None, [Problem("工作表是空的，没有表头也没有数据", where)]
    found = find_header(grid, schema)
    required = "、".join(c.name for c in schema.required)
    if found is None:
        return None, [Problem(
            f"前{HEADER_SEARCH_ROWS}行中没有找到表头；表头应包含 {required} 等列", where)]
    header_row, matched = found
    header_cells = grid.rows[header_row - 1]
    columns: dict[str, tuple[int, str]] = {}
    for c, col in matched.items():
        text = _cell_text(header_cells[c - 1])
        if (header_row, c) in grid.cleaned:
            problems.append(_cleaned_warning(grid, header_row, c, where.at(row=header_row, column=text)))
        if col.name in columns:
            first = columns[col.name][1]
            problems.append(Problem(
                f"重复的列：「{text}」与「{first}」都表示 {col.name}，请删除或改名其中一列",
                where.at(row=header_row, column=text), text))
            continue
        columns[col.name] = (c, text)
    known = [n for col in schema.columns for n in (col.name, *col.aliases)]
    for c, value in enumerate(header_cells, 1):
        text = _cell_text(value)
        if text and c not in matched:
            near = difflib.get_close_matches(text, known, n=1, cutoff=0.5)
            hint = f"；是否应为「{near[0]}」？" if near else ""
            problems.append(Problem(
                f"未识别的列「{text}」，已忽略{hint}",
                where.at(row=header_row, column=text), text, severity="warning"))
    missing = [c for c in schema.required if c.name not in columns]
    for col in missing:
        problems.append(Problem(
            f"缺少必填列{col.spellings()}", where.at(row=header_row)))
    records: list[Record] = []
    for r in range(header_row + 1, len(grid.rows) + 1):
        row = grid.rows[r - 1]
        if all(V.is_blank(v) for v in row):
            continue
        record = _read_row(grid, schema, columns, r, row, ctx, problems)
        records.append(record)
    if missing:
        return None, problems  # the rows were still read, so their own mistakes are listed too
    if not records:
        problems.append(Problem("只有表头，没有数据行", where.at(row=header_row), severity="warning"))
    _check_unique(schema, records, problems)
    return Table(schema, grid, header_row, columns, records), problems


def _read_row(
    grid: Grid,
    schema: SheetSchema,
    columns: dict[str, tuple[int, str]],
    r: int,
    row: list[object],
    ctx: ReadContext,
    problems: list[Problem],
) -> Record:
    where = grid.where.at(row=r)
    parsed: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    for col in schema.columns:
        if col.name not in columns:
            parsed[col.name] = _default(col, ctx)
            continue
        c, header = columns[col.name]
        raw[f"__header__{col.name}"] = header
        value = row[c - 1] if c <= len(row) else None
        raw[col.name] = value
        cell_where = where.at(column=header)
        if grid.uncalculated and (r, c) in grid.uncalculated:
            problems.append(Problem(
                "公式没有计算结果（文件可能由程序生成、从未在 Excel 中打开）；"
                "请在 Excel/WPS 中打开该文件并保存一次", cell_where))
            parsed[col.name] = None
            continue
        if isinstance(value, V.CellError):  # Excel's #N/A, #REF! …: a failed formula, never printed
            problems.append(Problem(
                f"单元格是 Excel 的错误值「{value}」（公式出错）；" + ("请在 Excel/WPS 中修正公式或改填数值" if col.required
                                                        else "已当作空白，请在 Excel/WPS 中修正公式或改填数值"),
                cell_where, str(value), "error" if col.required else "warning"))
            parsed[col.name] = None if col.required else _default(col, ctx)
            continue
        if grid.cleaned and (r, c) in grid.cleaned:
            problems.append(_cleaned_warning(grid, r, c, cell_where))
        if isinstance(value, str) and len(value) >= MAX_CELL_CHARS:  # openpyxl cuts longer cells to this
            problems.append(Problem(
                f"内容达到 Excel 单元格的上限（{MAX_CELL_CHARS} 字），可能已被截断「{show_value(value)}」；"
                "请删去多余的文字或分到几个单元格", cell_where, show_value(value)))
            parsed[col.name] = None
            continue
        if V.is_blank(value):
            if col.required:
                problems.append(Problem("必填，不能为空", cell_where))
            parsed[col.name] = _default(col, ctx)
            continue
        try:
            parsed[col.name] = parse_value(col, value, ctx)
        except ParseError as err:
            shown = show_value(V.visible(grid.cleaned.get((r, c), value)))
            expected = f"，应为 {err.expected}" if err.expected else ""
            problems.append(Problem(f"{err.reason}「{shown}」{expected}", cell_where, shown))
            parsed[col.name] = None
    return Record(parsed, where, raw)


def _cleaned_warning(grid: Grid, r: int, c: int, where: Location) -> Problem:
    """A cell the grid removed invisible characters from (zero-width space, BOM, control)."""
    shown = show_value(V.visible(grid.cleaned[(r, c)]))
    return Problem(f"删去了看不见的字符「{shown}」（常见于从网页或微信复制的文字）", where, shown, "warning")


def _default(col: Column, ctx: ReadContext) -> Any:
    if col.default_from:
        return ctx.resolve(col.default_from)
    if col.kind == "names":
        return []
    return col.default


def choices_of(col: Column, ctx: ReadContext) -> tuple[str, ...]:
    if col.choices_from:
        return tuple(ctx.resolve(col.choices_from))
    return col.choices


def parse_value(col: Column, value: object, ctx: ReadContext) -> Any:
    """One cell's value in its column's kind, or ParseError."""
    kind = col.kind
    if kind == "text":
        return V.clean_text(value)
    if kind == "date":
        return V.parse_date(value)
    if kind == "month":
        return V.parse_month(value, ctx.year_of_month)
    if kind == "when":
        return V.parse_when(value)
    if kind == "duration":
        result: Any = V.parse_duration(value)
    elif kind == "money":
        result = V.parse_money(value)
    elif kind == "number":
        result = V.parse_number(value)
    elif kind == "int":
        result = V.parse_int(value)
    elif kind == "names":
        return V.split_names(value)
    elif kind == "bool":
        return V.parse_bool(value)
    elif kind == "enum":
        return parse_choice(col, value, ctx)
    else:  # pragma: no cover - kinds are a closed Literal
        raise AssertionError(kind)
    if col.minimum is not None and result < col.minimum:
        raise ParseError("不能小于" + f"{col.minimum:g}", f"不小于 {col.minimum:g} 的数")
    return result


def parse_choice(col: Column, value: object, ctx: ReadContext) -> str:
    choices = choices_of(col, ctx)
    text = V.normalize(value).replace(" ", "")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    for choice in choices:
        if text == V.normalize(choice).replace(" ", ""):
            return choice
    aliases = dict(col.choice_aliases)
    if text in aliases and aliases[text] in choices:
        return aliases[text]
    raise ParseError("不是可选的值", "、".join(choices))


def _check_unique(schema: SheetSchema, records: list[Record], problems: list[Problem]) -> None:
    if not schema.unique:
        return
    seen: dict[tuple[Any, ...], Record] = {}
    for record in records:
        key = tuple(record.get(name) for name in schema.unique)
        if any(k is None or k == "" for k in key):
            continue
        if key in seen:
            first = seen[key]
            label = "、".join(schema.unique)
            shown = " / ".join(str(k) for k in key)
            problems.append(Problem(
                f"{label}「{shown}」重复，与第{first.where.row}行相同",
                record.cell(schema.unique[0]), shown))
        else:
            seen[key] = record
