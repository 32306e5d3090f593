"""Filling a district's own .xlsx form with openpyxl, keeping its styles, merged cells and
print setup (the generated workbooks are xlsx.py's).

Template convention (typed in Excel/WPS, full-width ｛｛ ｝｝ accepted too):

* ``{{ school }}`` — the whole cell: the value keeps its type (number, date, text);
  inside text (``学校：{{ school }}``) it is written as text, dates as ``2022年3月15日``.
* ``{{ people.principal }}`` — a field of a mapping in the data.
* ``{{ hazards.编号 }}`` where ``hazards`` is a list of mappings: the *row* holding it is the
  list row and is repeated once per item (styles, height, merges copied; rows below move
  down, as do merged cells, print area, validations and formulas; a range that covers the
  list row, such as ``=SUM(F5:F5)`` in a totals row, grows to cover every copy).
  ``{{ hazards.序号 }}`` is the running number 1, 2, 3… unless the items have a 序号 field.
  An empty list leaves the row once, blank, so the form keeps its shape.

Placeholders are looked up by name in plain Python; nothing in a template can run code.
A filled form is byte-identical for identical inputs (fixed document dates and zip times).
"""

from __future__ import annotations

import copy
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.formula.translate import Translator
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.writer.excel import ExcelWriter

from ..errors import HouqinError, Location, Problem, show_value
from ..reading.zip_guard import template_oversize
from ..zips import normalise_zip
from .workbook import DATE_FORMAT, DATETIME_FORMAT, EXCEL_MAX_TEXT, naive_utc


class XlsxTemplateError(HouqinError):
    """An .xlsx template cannot be filled as it is; each problem names sheet and cell."""


_PLACEHOLDER = re.compile(r"(?:\{\{|｛｛)([^{}｛｝]*)(?:\}\}|｝｝)")
_BRACES = re.compile(r"\{\{|\}\}|｛｛|｝｝")
_SEQ_TYPES = (list, tuple)
_MISSING = object()
RUNNING_NUMBER = "序号"


def _clean_name(raw: str) -> str:
    return raw.strip().replace("．", ".").replace("。", ".").replace(" ", "")


def _cell_placeholders(text: str) -> list[tuple[str, str]]:
    """(as typed, name) of every placeholder in a cell's text."""
    return [(m.group(0), _clean_name(m.group(1))) for m in _PLACEHOLDER.finditer(text)]


def _cells(ws: Any) -> list[Any]:
    """The cells that exist, in reading order (``iter_rows`` would create empty ones)."""
    return [cell for _key, cell in sorted(ws._cells.items())]


def _text_cells(book: Any) -> Iterator[tuple[Any, Any]]:
    for ws in book.worksheets:
        for cell in _cells(ws):
            if cell.data_type == "s" and isinstance(cell.value, str) and (
                "{" in cell.value or "｛" in cell.value
            ):
                yield ws, cell


def _load_template(path: Path) -> Any:
    from .lint import doctype_problem

    if reason := template_oversize(path):
        raise XlsxTemplateError(Problem(reason, Location(file=path.name)))
    if problem := doctype_problem(path, path.name):
        raise XlsxTemplateError(problem)
    try:
        return openpyxl.load_workbook(path, rich_text=False)
    except FileNotFoundError:
        raise XlsxTemplateError(Problem("模板文件不存在", Location(file=path.name))) from None
    except Exception as exc:  # openpyxl raises many kinds for files it cannot read
        raise XlsxTemplateError(Problem(
            f"无法作为 Excel 模板打开（{type(exc).__name__}）；请在 Excel/WPS 中另存为 .xlsx",
            Location(file=path.name),
        )) from None


def template_placeholders(path: Path) -> list[tuple[str, str, str]]:
    """Every placeholder as (sheet, cell, name), in reading order, for ``templates lint``."""
    book = _load_template(path)
    return [
        (ws.title, cell.coordinate, name)
        for ws, cell in _text_cells(book)
        for _typed, name in _cell_placeholders(cell.value)
    ]


def lint_form(path: Path, fields: Mapping[str, str]) -> list[Problem]:
    """A district's form checked without data, for ``templates lint`` and the page's upload:
    broken or empty placeholders, and names the document kind does not provide."""
    import difflib

    problems: list[Problem] = []
    names = sorted(fields)
    for ws, cell in _text_cells(_load_template(path)):
        where = Location(file=path.name, sheet=ws.title, column=cell.coordinate)
        text: str = cell.value
        if _BRACES.search(_PLACEHOLDER.sub("", text)):
            problems.append(Problem(
                f"占位符不完整（缺少成对的 {{{{ 或 }}}}）：「{show_value(text)}」", where, text))
        for typed, name in _cell_placeholders(text):
            root = name.partition(".")[0]
            if not name:
                problems.append(Problem(f"模板中的「{typed}」是空的占位符，请写上数据名称", where, typed))
            elif root not in fields:
                near = difflib.get_close_matches(root, names, n=1, cutoff=0.5)
                hint = (f"，是否应为「{near[0]}」（{fields[near[0]]}）？" if near
                        else f"；可用的有：{'、'.join(names)}")
                problems.append(Problem(f"模板中的「{typed}」没有对应的数据{hint}", where, typed))
    return problems


def _list_root(context: Mapping[str, Any], name: str) -> str | None:
    """The list a placeholder repeats its row over (``hazards`` in ``hazards.编号``), if any."""
    if name in context and not isinstance(context[name], _SEQ_TYPES):
        return None
    root = name.partition(".")[0]
    return root if isinstance(context.get(root), _SEQ_TYPES) else None


def _resolve(obj: Any, path: Sequence[str]) -> Any:
    """Follow mapping keys only (never attributes), so a template cannot reach into objects."""
    for part in path:
        if isinstance(obj, Mapping) and part in obj:
            obj = obj[part]
        else:
            return _MISSING
    return obj


def _lookup(context: Mapping[str, Any], name: str) -> Any:
    if name in context:
        return context[name]
    return _resolve(context, name.split("."))


def _item_value(items: list[Any], index: int, name: str) -> Any:
    root, _, rest = name.partition(".")
    item = items[index]
    if not rest:
        return item
    if rest == RUNNING_NUMBER and not (isinstance(item, Mapping) and RUNNING_NUMBER in item):
        return index + 1
    value = _resolve(item, rest.split("."))
    return None if value is _MISSING else value


def _list_fields(items: list[Any]) -> set[str] | None:
    """Fields the items offer; None when the items are plain values (``{{ names }}``)."""
    if not items:
        return None
    if not all(isinstance(item, Mapping) for item in items):
        return None
    found: set[str] = {RUNNING_NUMBER}
    for item in items:
        found.update(str(k) for k in item)
    return found


def available_names(context: Mapping[str, Any], limit: int = 40) -> list[str]:
    """Names a template may use with this data, for the "可用的有" part of a message."""
    names: list[str] = []

    def walk(prefix: str, value: Any, depth: int) -> None:
        if isinstance(value, Mapping) and depth < 3:
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub, depth + 1)
        elif isinstance(value, _SEQ_TYPES):
            fields = _list_fields(list(value))
            if fields is None:
                names.append(prefix)
            else:
                names.extend(f"{prefix}.{f}" for f in sorted(fields, key=lambda f: f != RUNNING_NUMBER))
        else:
            names.append(prefix)

    walk("", context, 0)
    return names[:limit] + (["…"] if len(names) > limit else [])


def _known(context: Mapping[str, Any], name: str) -> bool:
    root = _list_root(context, name)
    if root is None:
        value = _lookup(context, name)
        return value is not _MISSING and not isinstance(value, (*_SEQ_TYPES, Mapping))
    items = list(context[root])
    rest = name.partition(".")[2]
    if not items:
        return True  # nothing to check against; the row stays blank
    fields = _list_fields(items)
    if fields is None:
        return not rest
    return bool(rest) and rest.split(".")[0] in fields


@dataclass
class _ListRow:
    sheet: Any
    row: int
    root: str
    items: list[Any]


def check_template(path: Path, context: Mapping[str, Any]) -> list[Problem]:
    """Every problem filling ``path`` with ``context`` would hit, without writing anything."""
    return _plan(_load_template(path), context, path.name)[1]


def _plan(book: Any, context: Mapping[str, Any], file: str) -> tuple[list[_ListRow], list[Problem]]:
    problems: list[Problem] = []
    rows: dict[tuple[str, int], _ListRow] = {}
    available: str | None = None
    for ws, cell in _text_cells(book):
        where = Location(file=file, sheet=ws.title, column=cell.coordinate)
        text: str = cell.value
        found = _cell_placeholders(text)
        if _BRACES.search(_PLACEHOLDER.sub("", text)):
            problems.append(Problem(
                f"占位符不完整（缺少成对的 {{{{ 或 }}}}）：「{show_value(text)}」", where, text))
        for typed, name in found:
            if not name:
                problems.append(Problem(f"模板中的「{typed}」是空的占位符，请写上数据名称", where, typed))
                continue
            if not _known(context, name):
                if available is None:
                    available = "、".join(available_names(context)) or "（无）"
                problems.append(Problem(
                    f"模板中的「{typed}」没有对应的数据；可用的有：{available}", where, typed))
                continue
            root = _list_root(context, name)
            if root is None:
                continue
            key = (ws.title, cell.row)
            existing = rows.get(key)
            if existing is None:
                rows[key] = _ListRow(ws, cell.row, root, list(context[root]))
            elif existing.root != root:
                problems.append(Problem(
                    f"同一行引用了两个列表「{existing.root}」和「{root}」；"
                    "一行只能按一个列表重复，请分成两行或两张表",
                    Location(file=file, sheet=ws.title, row=cell.row), typed))
    return list(rows.values()), problems


def fill_template(path: Path, context: Mapping[str, Any], *, created: datetime) -> bytes:
    """The filled form as .xlsx bytes; every unknown placeholder is reported at once first."""
    book = _load_template(path)
    list_rows, problems = _plan(book, context, path.name)
    if problems:
        raise XlsxTemplateError(problems)
    in_lists = {(lr.sheet.title, lr.row) for lr in list_rows}
    for ws, cell in list(_text_cells(book)):
        if (ws.title, cell.row) not in in_lists:
            _fill_cell(cell, cell.value, lambda name: _lookup(context, name))
    # Bottom-up, so inserting below one list row never moves another not yet handled.
    for lr in sorted(list_rows, key=lambda lr: (lr.sheet.title, -lr.row)):
        _repeat_row(book, lr, context)
    book.template = False
    book.calculation.fullCalcOnLoad = True  # inserted rows change totals; openpyxl keeps no cached values
    return save_openpyxl(book, created)


def save_openpyxl(book: Any, created: datetime) -> bytes:
    """An openpyxl workbook as deterministic bytes: dates from the data, fixed zip entries."""
    moment = naive_utc(created)
    book.properties.created = moment
    book.properties.modified = moment
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not openpyxl.save: that stamps "modified" with now()
    return normalise_zip(buffer.getvalue())


def _as_text(value: Any) -> str:
    """A value as it reads inside a sentence of a form."""
    if value is None or value is _MISSING:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        day = f"{value.year}年{value.month}月{value.day}日"
        return day if value.time() == time() else f"{day} {value:%H:%M}"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    return str(value)


def _clean_text(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:EXCEL_MAX_TEXT]


def _fill_cell(cell: Any, template: str, value_of: Callable[[str], Any]) -> None:
    found = _cell_placeholders(template)
    if not found:
        return
    if len(found) == 1 and template.strip() == found[0][0]:
        _set_typed(cell, value_of(found[0][1]))
        return
    text = _PLACEHOLDER.sub(lambda m: _as_text(value_of(_clean_name(m.group(1)))), template)
    _set_text(cell, text)


def _set_text(cell: Any, text: str) -> None:
    """Text stays text even when it starts with = + - @ (never a formula)."""
    cell.value = _clean_text(text)
    cell.data_type = "s"


def _set_typed(cell: Any, value: Any) -> None:
    general = cell.number_format == "General"
    if value is None or value is _MISSING:
        cell.value = None
    elif isinstance(value, bool):
        _set_text(cell, _as_text(value))
    elif isinstance(value, (datetime, date)):
        cell.value = value.replace(tzinfo=None) if isinstance(value, datetime) else value
        if general or cell.number_format in ("yyyy-mm-dd", "yyyy-mm-dd h:mm:ss"):
            timed = isinstance(value, datetime) and value.time() != time()
            cell.number_format = DATETIME_FORMAT if timed else DATE_FORMAT
            _widen_for(cell, 21.0 if timed else 15.0)
    elif isinstance(value, Decimal) and value.is_finite():
        cell.value = int(value) if value == value.to_integral_value() else float(value)
    elif isinstance(value, (int, float)) and math.isfinite(value):
        cell.value = value
    else:
        _set_text(cell, _as_text(value))


def _column_width(ws: Any, column: int) -> float | None:
    """A column's width; None when it shares a <col> group we should not split."""
    for dim in ws.column_dimensions.values():
        own = column_index_from_string(dim.index)
        lo, hi = dim.min or own, dim.max or own
        if lo <= column <= hi:
            if lo != hi:
                return None
            if dim.width:
                return float(dim.width)
    return float(ws.sheet_format.defaultColWidth or 8.43)


def _widen_for(cell: Any, needed: float) -> None:
    """Widen a General column we put a 2022年3月15日 date in, so it does not show ####."""
    ws = cell.parent
    first = last = cell.column
    for cr in ws.merged_cells.ranges:
        if cr.min_row <= cell.row <= cr.max_row and cr.min_col <= cell.column <= cr.max_col:
            first, last = cr.min_col, cr.max_col
            break
    widths = [_column_width(ws, c) for c in range(first, last + 1)]
    known = [w for w in widths if w is not None]
    if len(known) != len(widths) or sum(known) >= needed:
        return
    ws.column_dimensions[get_column_letter(last)].width = known[-1] + needed - sum(known)


# -- repeating a list row --------------------------------------------------------------


def _span(lo: int, hi: int, row: int, extra: int, grow: bool = True) -> tuple[int, int]:
    """New rows lo..hi once ``extra`` copies of ``row`` are inserted just below it.

    Below the row: moves down; covering the row: grows over the copies (unless ``grow`` is
    off, for formulas in the list row itself, which are translated copy by copy); above:
    unchanged.
    """
    if lo > row:
        return lo + extra, hi + extra
    if hi >= row and (grow or hi > row):
        return lo, hi + extra
    return lo, hi


_CELL_REF = re.compile(r"^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$")
_ROW_REF = re.compile(r"^(\$?)(\d+)$")


def _unquote(sheet: str) -> str:
    if sheet.startswith("'") and sheet.endswith("'"):
        return sheet[1:-1].replace("''", "'")
    return sheet


def _shift_ref(ref: str, sheet: str, home: str, row: int, extra: int, grow: bool = True) -> str:
    """One reference (``F5``, ``$F$5:F9``, ``'表'!5:7``) after the insertion, if it is on ``sheet``."""
    prefix, bang, body = ref.rpartition("!")
    target = _unquote(prefix) if bang else home
    if target.casefold() != sheet.casefold():
        return ref
    parts = body.split(":")
    if len(parts) > 2:
        return ref
    parsed = []
    for part in parts:
        m = _CELL_REF.match(part)
        if m:
            parsed.append((m.group(1) + m.group(2) + m.group(3), int(m.group(4))))
            continue
        m = _ROW_REF.match(part)
        if m and len(parts) == 2:
            parsed.append((m.group(1), int(m.group(2))))
            continue
        return ref  # whole columns, names, errors: nothing to move
    lo, hi = parsed[0][1], parsed[-1][1]
    if lo > hi:
        return ref
    new_lo, new_hi = _span(lo, hi, row, extra, grow)
    rows = [new_lo, new_hi] if len(parsed) == 2 else [new_lo]
    new_body = ":".join(f"{col}{r}" for (col, _), r in zip(parsed, rows, strict=True))
    return f"{prefix}{bang}{new_body}"


def _shift_formula(formula: str, sheet: str, home: str, row: int, extra: int,
                   grow: bool = True) -> str:
    try:
        tokens = Tokenizer(formula if formula.startswith("=") else "=" + formula)
    except Exception:  # a formula openpyxl cannot parse is left exactly as it was
        return formula
    changed = False
    for token in tokens.items:
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            new = _shift_ref(token.value, sheet, home, row, extra, grow)
            if new != token.value:
                token.value, changed = new, True
    if not changed:
        return formula
    text = tokens.render()
    return text if formula.startswith("=") else text[1:]


def _shift_ranges(ranges: Sequence[CellRange], row: int, extra: int) -> None:
    for cr in ranges:
        cr.min_row, cr.max_row = _span(cr.min_row, cr.max_row, row, extra)


def _shift_sqref(sqref: Any, row: int, extra: int) -> MultiCellRange:
    ranges = [CellRange(str(r)) for r in MultiCellRange(str(sqref)).ranges]
    _shift_ranges(ranges, row, extra)
    return MultiCellRange(" ".join(r.coord for r in ranges))


def _move_everything_below(book: Any, ws: Any, row: int, extra: int) -> list[CellRange]:
    """Make room for ``extra`` copies of ``row``; return the single-row merges to copy."""
    title = ws.title
    for other in book.worksheets:
        for cell in _cells(other):
            if cell.data_type == "f" and isinstance(cell.value, str):
                grow = not (other is ws and cell.row == row)
                cell.value = _shift_formula(cell.value, title, other.title, row, extra, grow)
    for name in list(book.defined_names.values()) + [
        dn for other in book.worksheets for dn in other.defined_names.values()
    ]:
        if name.attr_text:
            name.attr_text = _shift_formula(name.attr_text, title, "", row, extra)

    row_merges = [cr for cr in ws.merged_cells.ranges if cr.min_row == cr.max_row == row]
    others = [cr for cr in ws.merged_cells.ranges if not (cr.min_row == cr.max_row == row)]
    _shift_ranges(others, row, extra)

    ws.insert_rows(row + 1, extra)  # moves cells (values, styles, MergedCell stand-ins)

    ws.merged_cells.ranges = set(others + row_merges)
    dims = sorted(ws.row_dimensions.items())
    template = ws.row_dimensions.get(row)
    for index, _dim in dims:
        del ws.row_dimensions[index]
    for index, dim in dims:
        new = index + extra if index > row else index
        dim.index = new
        ws.row_dimensions[new] = dim
    if template is not None:
        for i in range(1, extra + 1):
            twin = copy.copy(template)
            twin.index = row + i
            ws.row_dimensions[row + i] = twin

    if ws._print_rows is not None:
        ws._print_rows.min_row, ws._print_rows.max_row = _span(
            int(ws._print_rows.min_row), int(ws._print_rows.max_row), row, extra)
    _shift_ranges(list(ws._print_area.ranges), row, extra)
    ws._print_area.ranges = set(ws._print_area.ranges)
    for dv in ws.data_validations.dataValidation:
        dv.sqref = _shift_sqref(dv.sqref, row, extra)
        for attr in ("formula1", "formula2"):
            if getattr(dv, attr):
                setattr(dv, attr, _shift_formula(getattr(dv, attr), title, title, row, extra))
    for cell in _cells(ws):
        if cell.hyperlink is not None:
            cell.hyperlink.ref = cell.coordinate  # the link's own record of where it is
    if ws.auto_filter.ref:
        ws.auto_filter.ref = _shift_sqref(ws.auto_filter.ref, row, extra).ranges.pop().coord
    for table in ws.tables.values():
        table.ref = _shift_sqref(table.ref, row, extra).ranges.pop().coord
        if table.autoFilter is not None and table.autoFilter.ref:
            table.autoFilter.ref = table.ref
    rebuilt = ConditionalFormattingList()
    for cf in ws.conditional_formatting:
        sqref = str(_shift_sqref(cf.sqref, row, extra))
        for rule in cf.rules:
            rule.formula = [_shift_formula(f, title, title, row, extra) for f in rule.formula]
            rebuilt.add(sqref, rule)
    ws.conditional_formatting = rebuilt
    for image in getattr(ws, "_images", []):
        anchor = getattr(image, "anchor", None)
        for end in (getattr(anchor, "_from", None), getattr(anchor, "to", None)):
            if end is not None and end.row + 1 > row:
                end.row += extra
    return row_merges


def _repeat_row(book: Any, lr: _ListRow, context: Mapping[str, Any]) -> None:
    ws, row, items = lr.sheet, lr.row, lr.items
    extra = max(len(items), 1) - 1
    sources = {c: ws._cells[(row, c)] for (r, c) in list(ws._cells) if r == row}
    templates = {c: src.value for c, src in sources.items()
                 if src.data_type == "s" and isinstance(src.value, str)}
    row_merges = _move_everything_below(book, ws, row, extra) if extra else []
    covered: set[tuple[int, int]] = set()
    for i in range(1, extra + 1):
        for cr in row_merges:
            copy_range = CellRange(min_col=cr.min_col, max_col=cr.max_col,
                                   min_row=row + i, max_row=row + i)
            covered.update((row + i, c) for c in range(cr.min_col + 1, cr.max_col + 1))
            ws.merged_cells.add(MergedCellRange(ws, copy_range.coord))
    for cr in ws.merged_cells.ranges:  # vertical merges that grew over the new rows
        if cr.min_row <= row < cr.max_row:
            covered.update((r, c) for r in range(row + 1, row + extra + 1)
                           for c in range(cr.min_col, cr.max_col + 1))
    for i in range(1, extra + 1):
        r = row + i
        for c, src in sorted(sources.items()):
            if (r, c) in covered or isinstance(src, MergedCell):
                target = MergedCell(ws, row=r, column=c)
                ws._cells[(r, c)] = target
            else:
                target = ws.cell(row=r, column=c)
                if src.data_type == "f" and isinstance(src.value, str):
                    target.value = Translator(src.value, origin=src.coordinate).translate_formula(
                        f"{get_column_letter(c)}{r}")
                else:
                    target.value = src.value
                    target.data_type = src.data_type
            if src.has_style:
                target._style = copy.copy(src._style)
    count = max(len(items), 1)
    for i in range(count):
        for c, template in sorted(templates.items()):
            cell = ws._cells.get((row + i, c))
            if cell is None or isinstance(cell, MergedCell) or cell.data_type != "s":
                continue

            def value_of(name: str, i: int = i) -> Any:
                if _list_root(context, name) == lr.root:
                    return _item_value(items, i, name) if items else None
                return _lookup(context, name)

            _fill_cell(cell, template, value_of)
