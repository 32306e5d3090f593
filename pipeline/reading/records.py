"""Reading a grid against a sheet schema: header detection, column matching, typed values.

Every rejected value becomes a located :class:`Problem`; reading goes on to the end so a
person sees every mistake in the file at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..errors import Location, ParseError, Problem, show_value
from ..settings import Settings
from . import values as V
from .schema import Column, SheetSchema, header_key
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
    #: canonical column name → its header as written; one dict shared by a table's records
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def get(self, key: str, default: Any = None) -> Any:  # Mapping.get, without its KeyError
        return self.data.get(key, default)

    def cell(self, column: str) -> Location:
        return self.where.at(column=self.headers.get(column, column))

    def header(self, column: str) -> str:
        """The column's header as the person wrote it (`排查时间`), for messages."""
        return self.headers.get(column, column)


@dataclass
class Table:
    schema: SheetSchema
    grid: Grid
    header_row: int
    #: canonical name → (1-based column index, header text as written)
    columns: dict[str, tuple[int, str]]
    records: list[Record]
    #: (sheet, records read) of each sheet joined into this table, in workbook order.
    parts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def where(self) -> Location:
        return self.grid.where

    @property
    def counts(self) -> list[tuple[str, int]]:
        return self.parts or [(self.grid.sheet, len(self.records))]


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


@dataclass(frozen=True)
class Header:
    """Where a sheet's header is and which column each of its cells names.

    A two-row header (a merged group such as 人数 over 应到 / 实到) spans ``first`` to
    ``row``; its cells read as `人数/应到`. Data starts below ``row``.
    """

    first: int
    row: int
    found: dict[int, Column]
    texts: dict[int, str]


def _row_header(cells: list[object], index: dict[str, Column]) -> tuple[dict[int, Column], dict[int, str]]:
    found: dict[int, Column] = {}
    texts: dict[int, str] = {}
    for c, value in enumerate(cells, 1):
        text = _cell_text(value)
        if not text:
            continue
        texts[c] = text.replace("\r", "").replace("\n", "")
        if col := index.get(header_key(text)):
            found[c] = col
    return found, texts


def _has_group(top: list[object], sub: list[object]) -> bool:
    """A merged group header: two or more adjacent equal cells over distinct sub-headers."""
    for c in range(len(top) - 1):
        a, b = _cell_text(top[c]), _cell_text(top[c + 1])
        if a and a == b and c + 1 < len(sub):
            x, y = _cell_text(sub[c]), _cell_text(sub[c + 1])
            if x and y and x != y and a not in (x, y):
                return True
    return False


def _two_row_header(
    top: list[object], sub: list[object], index: dict[str, Column]
) -> tuple[dict[int, Column], dict[int, str]]:
    """Each column's name from a group cell over a sub-header: the sub-header, or both together."""
    found: dict[int, Column] = {}
    texts: dict[int, str] = {}
    for c in range(1, max(len(top), len(sub)) + 1):
        a = _cell_text(top[c - 1]) if c <= len(top) else ""
        b = _cell_text(sub[c - 1]) if c <= len(sub) else ""
        if not (a or b):
            continue
        if not b or a == b or not a:
            text = b or a
            candidates = [text]
        else:
            text = f"{a}/{b}"
            candidates = [b, b + a, a + b]
        texts[c] = text.replace("\r", "").replace("\n", "")
        for candidate in candidates:
            if col := index.get(header_key(candidate)):
                found[c] = col
                break
    return found, texts


def _named(found: dict[int, Column]) -> int:
    """How many different columns a row names: a merged title `主题` over five cells names one."""
    return len({col.name for col in found.values()})


def find_header(grid: Grid, schema: SheetSchema) -> Header | None:
    """The row among the first ten that names the most different known columns (title rows
    above it, even a merged title that reads like a column), or two rows together when a
    merged group header stands over sub-headers."""
    index = schema.index()
    best: Header | None = None
    rows = grid.rows[:HEADER_SEARCH_ROWS + 1]
    singles = [_row_header(row, index) for row in rows]
    for r in range(1, min(len(rows), HEADER_SEARCH_ROWS) + 1):
        found, texts = singles[r - 1]
        if found and (best is None or _named(found) > _named(best.found)):
            best = Header(r, r, found, texts)
        if r < len(rows) and _has_group(rows[r - 1], rows[r]):
            both, both_texts = _two_row_header(rows[r - 1], rows[r], index)
            if (_named(both) > max(_named(found), _named(singles[r][0]))
                    and (best is None or _named(both) > _named(best.found))):
                best = Header(r, r + 1, both, both_texts)
    return best


def read_table(
    grid: Grid, schema: SheetSchema, ctx: ReadContext, *, unique: bool = True
) -> tuple[Table | None, list[Problem]]:
    """Typed records from a grid, and every problem found (errors and warnings).

    Rows that are not data — a units row under the header, 合计/小计 rows, notes and
    signature lines below the data, a repeated header — are recognised and said in a
    warning, never read as records. ``unique=False`` leaves the uniqueness check to a
    caller that joins several sheets.
    """
    problems: list[Problem] = []
    where = grid.where
    non_blank = [r for r in grid.rows if any(not V.is_blank(v) for v in r)]
    if not non_blank:
        return None, [Problem("工作表是空的，没有表头也没有数据", where)]
    header = find_header(grid, schema)
    required = "、".join(c.name for c in schema.required)
    if header is None:
        return None, [Problem(
            f"前{HEADER_SEARCH_ROWS}行中没有找到表头；表头应包含 {required} 等列", where)]
    header_row = header.row
    columns: dict[str, tuple[int, str]] = {}
    for c, col in header.found.items():
        text = header.texts[c]
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
    for c, text in header.texts.items():
        if c not in header.found:
            near = difflib.get_close_matches(text, known, n=1, cutoff=0.5)
            hint = f"；是否应为「{near[0]}」？" if near else ""
            problems.append(Problem(
                f"未识别的列「{text}」，已忽略{hint}",
                where.at(row=header_row, column=text), text, severity="warning"))
    missing = [c for c in schema.required if c.name not in columns]
    for col in missing:
        problems.append(Problem(
            f"缺少必填列{col.spellings()}", where.at(row=header_row)))
    plan = _RowPlan.of(grid, schema, columns, ctx)
    records = [_read_row(plan, r, row, problems) for r, row in _data_rows(grid, schema, header, columns, problems)]
    if missing:
        return None, problems  # the rows were still read, so their own mistakes are listed too
    if not records:
        problems.append(Problem("只有表头，没有数据行", where.at(row=header_row), severity="warning"))
    if unique:
        check_unique(schema, records, problems)
    return Table(schema, grid, header_row, columns, records), problems


#: The first text of a totals row: 合计, 小计, 总计 (spaces and a colon allowed).
TOTAL_LABEL = re.compile(r"^(?:合计|小计|总计|总合计|共计|累计|本页合计|本页小计|本月合计|本月小计)[:：]?$")
#: The first text of a notes or signature line below the data.
NOTE_START = re.compile(
    r"^(?:填表说明|填报说明|填表须知|说明|注意事项|注意|注|备注|附注|制表人?|填表人?|填报人|审核人?|统计人?"
    r"|负责人|签字|签名|签章|盖章|\d+[.、])\s*(?:[:：]|$)")
#: A cell of a units row under the header: `（元）`, `(台)`, `元`.
UNIT_CELL = re.compile(r"^[（(][^（）()]{1,10}[)）]$")
UNIT_WORDS = frozenset("元 万元 个 台 件 套 人 次 秒 分 分钟 张 把 辆 平方米 米 只 本 块 项 天 月 名 间".split())


#: A line a clerk puts right under the header: how to fill in, an example row, a section.
UNDER_HEADER_NOTE = re.compile(r"^(?:填写说明|填表说明|填报说明|说明|注|备注|例|示例|举例|样例|范例)(?:[:：]|$)")
EXAMPLE_ROW = re.compile(r"^(?:例|示例|举例|样例|范例)[:：]")
SECTION_ROW = re.compile(r"^以下(?:为|是)?")


def _note_under_header(text: str, single: bool, under_header: bool, leading: bool) -> bool:
    """A row that is not data although it may look like it: `以下为3月检查` (a section line,
    anywhere), and right under the header a line of instructions (`填写说明：…`) or an example
    row whose first cell starts with `例：`."""
    if single and SECTION_ROW.match(text):
        return True
    if not under_header:
        return False
    return bool(single and UNDER_HEADER_NOTE.match(text) or leading and EXAMPLE_ROW.match(text))


def _squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


_NUMBER_CLASSES = frozenset((int, float, Decimal))


def _is_number(value: object) -> bool:
    cls = value.__class__  # the common classes first: called for every cell of every row
    return cls in _NUMBER_CLASSES or (
        cls is not bool and isinstance(value, int | float | Decimal) and not isinstance(value, bool))


def _data_rows(
    grid: Grid,
    schema: SheetSchema,
    header: Header,
    columns: dict[str, tuple[int, str]],
    problems: list[Problem],
) -> Iterator[tuple[int, list[object]]]:
    """The rows below the header that hold data, with every other row said in a warning."""
    where = grid.where
    index = schema.index()
    needed = [columns[c.name][0] for c in schema.required if c.name in columns]
    header_like = max(2, math.ceil(0.5 * len(header.found)))
    kept: list[tuple[int, list[object]]] = []
    #: (row, kind, text) of rows that are not data, in order
    skipped: list[tuple[int, str, str]] = []
    segment: dict[int, float] = {}
    overall: dict[int, float] = {}
    in_segment = 0
    keys: dict[str, str] = {}
    squeezes: dict[str, str] = {}  # a column of posts or names repeats its texts on every row
    in_notes = False
    first = True
    for r in range(header.row + 1, len(grid.rows) + 1):
        row = grid.rows[r - 1]
        cells = [(c, v) for c, v in enumerate(row, 1)
                 if v is not None and not (v.__class__ is str and not v.strip())]  # V.is_blank inline
        if not cells:
            continue
        # One pass over the cells: the first text, how many texts, the numbers by column.
        first_text: str | None = None
        strings = 0
        numbers: dict[int, float] = {}
        for c, v in cells:
            if isinstance(v, str):
                strings += 1
                if first_text is None:
                    first_text = v
            elif _is_number(v):
                numbers[c] = float(v)  # type: ignore[arg-type]
        if first_text is None:
            texts = []
        else:
            squeezed = squeezes.get(first_text)
            if squeezed is None:
                squeezed = squeezes[first_text] = _squeeze(first_text)
            texts = [squeezed]
        width = len(row)
        incomplete = False
        for c in needed:
            v = row[c - 1] if c <= width else None
            if v is None or (v.__class__ is str and not v.strip()):  # V.is_blank inline
                incomplete = True
                break
        lead = cells[0][1]
        single = isinstance(lead, str) and all(str(v).strip() == lead.strip() for _, v in cells)
        was_first, first = first, False
        if in_notes and single:
            skipped.append((r, "notes", str(cells[0][1]).strip()))
            continue
        in_notes = False
        found = {}
        if strings >= header_like:
            for c, v in cells:
                if isinstance(v, str):
                    key = keys.get(v)
                    if key is None:
                        key = keys[v] = header_key(v)
                    if col := index.get(key):
                        found[c] = col
        if len(found) >= header_like and 2 * len(found) >= len(cells):
            if found == header.found:
                skipped.append((r, "header", ""))
                segment, in_segment = {}, 0
                continue
            problems.append(Problem(
                f"这一行像是另一个表格的表头（与第{header.row}行的表头不同）；一张工作表只能放一个表格，"
                "请把它移到另一张工作表或删去，下面的行未读取", where.at(row=r)))
            break
        if texts and _note_under_header(texts[0], single, not kept, cells[0][1] is first_text):
            skipped.append((r, "notes", str(first_text).strip()))
            continue
        if was_first and incomplete and all(
                isinstance(v, str) and (UNIT_CELL.match(_squeeze(v)) or _squeeze(v) in UNIT_WORDS)
                for _, v in cells):
            continue  # a units row: `（元）` under 金额
        if texts and TOTAL_LABEL.match(texts[0]):
            skipped.append((r, "total", "".join(str(first_text).split())))
            segment, in_segment = {}, 0
            continue
        bare = incomplete and numbers and len(numbers) == len(cells) and any(numbers.values())
        if (bare and in_segment >= 2
                and all(abs(segment.get(c, 0.0) - v) < 0.005 for c, v in numbers.items())
                or bare and len(kept) >= 2
                and all(abs(overall.get(c, 0.0) - v) < 0.005 for c, v in numbers.items())):
            skipped.append((r, "sum", ""))
            segment, in_segment = {}, 0
            continue
        if (incomplete or single) and texts and NOTE_START.match(texts[0]):
            skipped.append((r, "notes", str(cells[0][1]).strip()))
            in_notes = True
            continue
        kept.append((r, row))
        in_segment += 1
        for c, number in numbers.items():
            segment[c] = segment.get(c, 0.0) + number
            overall[c] = overall.get(c, 0.0) + number
    # A title line just above a repeated header names the table below it: not data either.
    rows = {r for r, _ in kept}
    for r, kind, _ in list(skipped):
        if kind != "header":
            continue
        above = r - 1
        while above > header.row and all(V.is_blank(v) for v in grid.rows[above - 1]):
            above -= 1
        if above in rows:
            cells = [v for v in grid.rows[above - 1] if not V.is_blank(v)]
            if len({str(v).strip() for v in cells}) == 1 and isinstance(cells[0], str):
                rows.discard(above)
                skipped.append((above, "title", str(cells[0]).strip()))
    for r, kind, text in sorted(skipped):
        message = {
            "total": f"「{text}」行，不作为数据读取",
            "sum": "这一行的数等于上面各行之和，按合计行处理，不作为数据读取；如果这是一行数据，请把必填的列填全",
            "notes": f"说明文字「{show_value(text, 20)}」，不作为数据读取",
            "header": f"重复的表头（与第{header.row}行相同），已跳过；上下两段数据都已读取",
            "title": f"表格标题「{show_value(text, 20)}」，不作为数据读取",
        }[kind]
        problems.append(Problem(message, where.at(row=r), severity="warning"))
    for r, row in kept:
        if r in rows:
            yield r, row


@dataclass(frozen=True)
class _RowPlan:
    """What reading a row of one table needs, prepared once per table rather than per cell.

    ``columns`` holds, in the schema's order, (name, 0-based index or -1 when the sheet has
    no such column, the schema's column, its parser, its default); a names or files
    column's default is a fresh empty list each time (``LIST``).
    """

    grid: Grid
    ctx: ReadContext
    where: Location
    headers: dict[str, str]
    columns: list[tuple[str, int, Column, Any, Any]]

    @classmethod
    def of(cls, grid: Grid, schema: SheetSchema, columns: dict[str, tuple[int, str]], ctx: ReadContext) -> _RowPlan:
        plan = []
        for col in schema.columns:
            default = _LIST if col.kind in ("names", "files") else _default(col, ctx)
            index = columns[col.name][0] - 1 if col.name in columns else -1
            plan.append((col.name, index, col, _parser(col, ctx), default))
        return cls(grid, ctx, grid.where, {name: header for name, (_, header) in columns.items()}, plan)


#: The default of a names or files column: a new empty list for each record.
_LIST = object()


def _parser(col: Column, ctx: ReadContext) -> Any:
    """One cell's parser for this column: :func:`parse_value` without its dispatch per cell.

    A choice column remembers each text it has matched (a roster repeats 到岗 50,000 times);
    a refused value is not remembered, so each of its cells is said.
    """
    direct = {"when": V.parse_when, "names": V.split_names, "files": V.split_files, "bool": V.parse_bool}
    if col.kind == "date":
        year_of = ctx.year_of_month
        return lambda value: V.parse_date(value, year_of)
    if col.kind == "text":  # free text repeats too (a post, a place, a name): cleaned once
        texts: dict[str, str] = {}
        clean = ((lambda value: V.squeeze_name(V.clean_text(value))) if col.name in PERSON_COLUMNS
                 else V.clean_text)

        def text(value: object) -> str:
            if value.__class__ is not str:
                return clean(value)
            found = texts.get(value)  # type: ignore[call-overload]
            if found is None:
                found = texts[value] = clean(value)  # type: ignore[index]
            return found

        return text
    if col.kind in direct:
        return direct[col.kind]
    if col.kind == "enum":
        memo: dict[str, str] = {}

        def choice(value: object) -> str:
            if value.__class__ is not str:
                return parse_choice(col, value, ctx)
            found = memo.get(value)  # type: ignore[call-overload]
            if found is None:
                found = memo[value] = parse_choice(col, value, ctx)  # type: ignore[index]
            return found

        return choice
    return lambda value: parse_value(col, value, ctx)


def _read_row(plan: _RowPlan, r: int, row: list[object], problems: list[Problem]) -> Record:
    grid = plan.grid
    base = plan.where
    where = Location(base.file, base.sheet, r, base.column)
    uncalculated, cleaned = grid.uncalculated, grid.cleaned
    parsed: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    width = len(row)
    for name, i, col, parse, default in plan.columns:
        if i < 0:
            parsed[name] = [] if default is _LIST else default
            continue
        value = row[i] if i < width else None
        raw[name] = value
        c = i + 1
        if value.__class__ is str:
            odd = len(value) >= MAX_CELL_CHARS  # type: ignore[arg-type]
            blank = not odd and not value.strip()  # type: ignore[union-attr]
        else:
            odd = isinstance(value, V.CellError)
            blank = value is None
        if odd or (uncalculated and (r, c) in uncalculated) or (cleaned and (r, c) in cleaned):
            parsed[name] = _odd_cell(plan, col, r, c, value, where, problems)
            continue
        if blank:
            if col.required:
                problems.append(Problem("必填，不能为空", where.at(column=plan.headers[name])))
            parsed[name] = [] if default is _LIST else default
            continue
        try:
            parsed[name] = parse(value)
        except ParseError as err:
            parsed[name] = _refused(err, value, where.at(column=plan.headers[name]), problems)
    return Record(parsed, where, raw, plan.headers)


def _refused(err: ParseError, value: object, where: Location, problems: list[Problem]) -> None:
    shown = show_value(V.visible(value))
    expected = f"，应为 {err.expected}" if err.expected else ""
    problems.append(Problem(f"{err.reason}「{shown}」{expected}", where, shown))


def _odd_cell(
    plan: _RowPlan, col: Column, r: int, c: int, value: object, where: Location, problems: list[Problem]
) -> Any:
    """A cell that is more than a value: an uncalculated formula, an Excel error, invisible
    characters removed, or a cell at Excel's length limit."""
    grid, ctx = plan.grid, plan.ctx
    cell_where = where.at(column=plan.headers[col.name])
    if grid.uncalculated and (r, c) in grid.uncalculated:
        problems.append(Problem(
            "公式没有计算结果（文件可能由程序生成、从未在 Excel 中打开）；"
            "请在 Excel/WPS 中打开该文件并保存一次", cell_where))
        return None
    if isinstance(value, V.CellError):  # Excel's #N/A, #REF! …: a failed formula, never printed
        problems.append(Problem(
            f"单元格是 Excel 的错误值「{value}」（公式出错）；" + ("请在 Excel/WPS 中修正公式或改填数值" if col.required
                                                    else "已当作空白，请在 Excel/WPS 中修正公式或改填数值"),
            cell_where, str(value), "error" if col.required else "warning"))
        return None if col.required else _default(col, ctx)
    if grid.cleaned and (r, c) in grid.cleaned:
        problems.append(_cleaned_warning(grid, r, c, cell_where))
    if isinstance(value, str) and len(value) >= MAX_CELL_CHARS:  # openpyxl cuts longer cells to this
        problems.append(Problem(
            f"内容达到 Excel 单元格的上限（{MAX_CELL_CHARS} 字），可能已被截断「{show_value(value)}」；"
            "请删去多余的文字或分到几个单元格", cell_where, show_value(value)))
        return None
    if V.is_blank(value):
        if col.required:
            problems.append(Problem("必填，不能为空", cell_where))
        return _default(col, ctx)
    try:
        return parse_value(col, value, ctx)
    except ParseError as err:
        return _refused(err, grid.cleaned.get((r, c), value), cell_where, problems)


def _cleaned_warning(grid: Grid, r: int, c: int, where: Location) -> Problem:
    """A cell the grid removed invisible characters from (zero-width space, BOM, control)."""
    shown = show_value(V.visible(grid.cleaned[(r, c)]))
    return Problem(f"删去了看不见的字符「{shown}」（常见于从网页或微信复制的文字）", where, shown, "warning")


def _default(col: Column, ctx: ReadContext) -> Any:
    if col.default_from:
        return ctx.resolve(col.default_from)
    if col.kind in ("names", "files"):
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
        text = V.clean_text(value)
        return V.squeeze_name(text) if col.name in PERSON_COLUMNS else text
    if kind == "date":
        return V.parse_date(value, ctx.year_of_month)
    if kind == "month":
        return V.parse_month(value, ctx.year_of_month)
    if kind == "when":
        return V.parse_when(value)
    if kind == "duration":
        result: Any = V.parse_duration(value)
    elif kind == "money":
        result = V.parse_money(value)
    elif kind == "number":
        result = V.parse_measure(value, col.units) if col.units else V.parse_number(value)
    elif kind == "int":
        result = V.parse_int(value)
    elif kind == "names":
        return V.split_names(value)
    elif kind == "files":
        return V.split_files(value)
    elif kind == "bool":
        return V.parse_bool(value)
    elif kind == "enum":
        return parse_choice(col, value, ctx)
    else:  # pragma: no cover - kinds are a closed Literal
        raise AssertionError(kind)
    if col.minimum is not None and result < col.minimum:
        raise ParseError("不能小于" + f"{col.minimum:g}", f"不小于 {col.minimum:g} 的数")
    return result


#: Columns that hold one person's name: spaces typed to line names up are dropped.
PERSON_COLUMNS = frozenset(("姓名", "替班人", "排查人", "整改责任人", "总指挥", "考评人", "值日人"))


def near_value(text: str, known: Iterable[str]) -> str:
    """`；是否应为「消防」？` when a known value is one character off ``text`` or close to it."""
    others = [k for k in known if isinstance(k, str) and k and k != text]
    near = [k for k in others if len(k) == len(text) >= 2 and sum(a != b for a, b in zip(k, text, strict=True)) == 1]
    near = near or difflib.get_close_matches(text, others, n=1, cutoff=0.6)
    return f"；是否应为「{near[0]}」？" if near else ""


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
    raise ParseError("不是可选的值", "、".join(choices) + near_value(text, choices))


def check_unique(schema: SheetSchema, records: list[Record], problems: list[Problem]) -> None:
    """No two records share the values of ``schema.unique``. An optional part left blank
    (工号) still counts; a blank required part leaves the row to its own error. Text is
    compared by its spelling (:func:`values.spelling_key`, any case): `HQ01`, `hq01` and `ＨＱ01 ` are one 工号,
    not two rows that each pass and are then counted twice."""
    if not schema.unique:
        return
    seen: dict[tuple[Any, ...], Record] = {}
    for record in records:
        key = tuple(record.get(name) for name in schema.unique)
        blank = [k is None or k == "" for k in key]
        if all(blank) or any(b and schema.column(n).required for b, n in zip(blank, schema.unique, strict=True)):
            continue
        spelled = tuple(V.spelling_key(k).casefold() if isinstance(k, str) else k for k in key)
        if spelled in seen:
            first = seen[spelled]
            given = [(name, k) for name, k in zip(schema.unique, key, strict=True) if k is not None and k != ""]
            label = "、".join(name for name, _ in given)
            shown = " / ".join(_key_text(k) for _, k in given)
            other = f"工作表「{first.where.sheet}」" if first.where.sheet != record.where.sheet else ""
            problems.append(Problem(
                f"{label}「{shown}」重复，与{other}第{first.where.row}行相同",
                record.cell(schema.unique[0]), shown))
        else:
            seen[spelled] = record


def _key_text(value: Any) -> str:
    """A key's part as the clerk wrote it: a month `2022年9月`, a date `2022年3月5日`."""
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return f"{value[0]}年{value[1]}月"
    if isinstance(value, dt.date):
        return V.format_date(value)
    return str(value)
