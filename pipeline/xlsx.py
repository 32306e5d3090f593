"""Every Excel document houqin produces goes through here.

Two ways in:

* ``write_workbook`` builds a workbook from declarative ``Sheet``/``Col`` descriptions with
  XlsxWriter (fast: 10,000 rows × 15 columns in about a second). It applies the house
  conventions of SPEC §3 so no document kind has to remember them: a title merged across the
  table, frozen header, CJK-aware column widths, borders, A4 print setup with the header row
  repeated on each page, totals as live formulas that also carry their computed value, and
  text that is never stored as a formula.
* ``fill_template`` fills a district's own .xlsx form with openpyxl, keeping its styles,
  merged cells and print setup.

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
Both writers give byte-identical files for identical inputs (fixed document dates and zip
entry times).
"""

from __future__ import annotations

import copy
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from numbers import Number
from pathlib import Path
from typing import Any, Literal

import openpyxl
import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.formula.translate import Translator
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.writer.excel import ExcelWriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook as XWorkbook
from xlsxwriter.worksheet import Worksheet as XWorksheet

from .archive import template_oversize
from .errors import HouqinError, Location, Problem, show_value
from .values import PERCENT_FORMAT
from .zips import normalise_zip

Kind = Literal["text", "int", "money", "number", "date", "percent"]
Total = Literal["sum", "count", "average"]
Align = Literal["left", "center", "right"]

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
#: GB2312 charset, so Excel picks the CJK face for 宋体/黑体 on every system.
CJK_CHARSET = 134
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'
NUM_FORMATS: dict[str, str] = {
    "text": "General",
    "int": "0",
    "money": "#,##0.00",
    "number": "General",
    "date": DATE_FORMAT,
    "percent": PERCENT_FORMAT,
}
ALIGN: dict[str, Align] = {
    "text": "left",
    "int": "center",
    "money": "right",
    "number": "right",
    "date": "center",
    "percent": "right",
}
#: Row highlights a document may ask for; True means "warn" (e.g. overdue).
HIGHLIGHTS: dict[str, str] = {
    "warn": "#FFC7CE",  # light red: overdue, 盘亏, 不合格
    "note": "#FFEB9C",  # light yellow: needs attention
    "ok": "#C6EFCE",  # light green: done, 优秀
    "muted": "#EDEDED",  # grey: closed, 已报废
}
HEADER_FILL = "#D9D9D9"
MAX_WIDTH = 50.0
MAX_WRAP_WIDTH = 30.0
MIN_WIDTH = 6.0
#: Points per line of 11 pt 宋体, for rows of wrapped text.
LINE_HEIGHT = 14.5
EXCEL_MAX_TEXT = 32767
_FORMULA_NAMES = {"sum": "SUM", "count": "COUNTA", "average": "AVERAGE"}

# --------------------------------------------------------------------------------------
# Generated workbooks (XlsxWriter)
# --------------------------------------------------------------------------------------


@dataclass
class Col:
    """One column: its header, how its values look, and whether it is totalled.

    ``width=None`` fits the longest value, counting a CJK character as two. ``percent``
    values are fractions (0.95 shows as 95.0%).
    """

    header: str
    width: float | None = None
    kind: Kind = "text"
    total: Total | None = None
    wrap: bool = False
    align: Align | None = None


Highlight = str | bool | None


@dataclass
class Layout:
    """Where a sheet's parts landed, for the ``extra`` hook and ``add_chart``.

    Rows and columns are 0-based like XlsxWriter (Excel's row number is ``row + 1``).
    When there are no data rows, ``last_data_row == first_data_row - 1``.
    """

    sheet: str
    headers: tuple[str, ...]
    kinds: tuple[str, ...]
    letters: tuple[str, ...]
    header_row: int
    first_data_row: int
    last_data_row: int
    totals_row: int | None
    next_row: int
    #: The 平均 row when ``Sheet.average_label`` puts the averages on a row of their own.
    average_row: int | None = None

    @property
    def has_data(self) -> bool:
        return self.last_data_row >= self.first_data_row

    def col(self, column: str | int) -> int:
        """A column's index from its header (or the index itself)."""
        if isinstance(column, int):
            return column
        try:
            return self.headers.index(column)
        except ValueError:
            raise KeyError(f"没有名为「{column}」的列：{self.headers}") from None

    def data_range(self, column: str | int, *, absolute: bool = False) -> str:
        """The A1 range of a column's data rows, e.g. ``F4:F20`` (for formulas, formats)."""
        letter = self.letters[self.col(column)]
        d = "$" if absolute else ""
        return f"{d}{letter}{d}{self.first_data_row + 1}:{d}{letter}{d}{self.last_data_row + 1}"


Extra = Callable[[XWorksheet, XWorkbook, Layout], None]


@dataclass
class Sheet:
    """One table on its own sheet, with the house layout.

    ``footer_rows``: lines below the table such as ``["盘点人：", "审核人：", "日期："]``,
    the parts spread evenly across the table width. ``highlight``: per data row a name from
    ``HIGHLIGHTS`` (True = "warn", None/False = none), as a list or a function of the row.
    ``extra`` runs last with the XlsxWriter worksheet, workbook and ``Layout``: the escape
    hatch for charts (see ``add_chart``), conditional formats and anything else.

    ``average_label`` (e.g. ``"平均"``): averages get a row of their own with that label, below
    the 合计 row of sums and counts, so no row labelled 合计 holds an average. ``notes``: lines
    of text under the table (above the footer), e.g. what a total leaves out.
    """

    name: str
    title: str
    columns: list[Col]
    rows: Sequence[Sequence[Any]]
    subtitle: str | None = None
    totals_label: str = "合计"
    average_label: str | None = None
    notes: Sequence[str] = ()
    footer_rows: list[Sequence[str]] = field(default_factory=list)
    landscape: bool = False
    highlight: Sequence[Highlight] | Callable[[Sequence[Any]], Highlight] | None = None
    extra: Extra | None = None


def write_workbook(
    sheets: Sequence[Sheet], *, created: datetime, title: str = "", author: str = "houqin"
) -> bytes:
    """The .xlsx bytes of ``sheets``, byte-identical for identical arguments."""
    if not sheets:
        raise ValueError("write_workbook needs at least one sheet")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,  # also fixes every zip entry's time to 1980-01-01
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "remove_timezone": True,
            # scheme "none": the named font itself, not the theme's (Calibri for Latin text)
            "default_format_properties": {"font_name": BODY_FONT, "font_size": 11,
                                          "font_scheme": "none"},
        },
    )
    book.set_properties({"title": title, "author": author, "created": _naive_utc(created)})
    formats = _Formats(book)
    for sheet, name in zip(sheets, safe_sheet_names([s.name for s in sheets]), strict=True):
        _write_sheet(book, formats, sheet, name)
    book.close()
    return normalise_zip(buffer.getvalue())


def safe_sheet_names(names: Sequence[str]) -> list[str]:
    """Names Excel accepts (≤31 characters, none of ``[]:*?/\\``), unique ignoring case."""
    result: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(names, 1):
        name = re.sub(r"[\[\]:*?/\\]", "_", raw).strip().strip("'")[:31] or f"Sheet{i}"
        candidate, n = name, 2
        while candidate.casefold() in seen:
            suffix = f"({n})"
            candidate, n = name[: 31 - len(suffix)] + suffix, n + 1
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


def display_width(text: str) -> int:
    """Width in Excel's character units of the longest line: a CJK character counts 2."""
    lines = text.split("\n") if "\n" in text else (text,)
    best = 0
    for line in lines:
        w = len(line) if line.isascii() else len(line.encode("gbk", "replace"))
        best = max(best, w)
    return best


class _Formats:
    """The few formats a workbook needs, made once each (never one per cell)."""

    def __init__(self, book: XWorkbook):
        self.book = book
        self.cache: dict[tuple[Any, ...], Any] = {}

    def _make(self, key: tuple[Any, ...], props: dict[str, Any]) -> Any:
        if key not in self.cache:
            base = {"font_name": BODY_FONT, "font_size": 11, "font_charset": CJK_CHARSET,
                    "font_scheme": "none", "valign": "vcenter"}
            self.cache[key] = self.book.add_format({**base, **props})
        return self.cache[key]

    def title(self) -> Any:
        return self._make(("title",), {"font_name": TITLE_FONT, "font_size": 16,
                                       "bold": True, "align": "center"})

    def subtitle(self) -> Any:
        return self._make(("subtitle",), {"align": "left"})

    def header(self) -> Any:
        return self._make(("header",), {"bold": True, "align": "center", "border": 1,
                                        "text_wrap": True, "bg_color": HEADER_FILL})

    def footer(self) -> Any:
        return self._make(("footer",), {"align": "left"})

    def note(self) -> Any:
        return self._make(("note",), {"align": "left", "text_wrap": True, "font_size": 10})

    def cell(self, col: Col, highlight: str | None = None, *, total: bool = False,
             kind: str | None = None) -> Any:
        kind = kind or col.kind
        align = col.align or ALIGN[kind]
        key = ("cell", kind, align, col.wrap, highlight, total)
        props: dict[str, Any] = {"border": 1, "align": align, "num_format": NUM_FORMATS[kind]}
        if col.wrap:
            props["text_wrap"] = True
        if highlight:
            props["bg_color"] = HIGHLIGHTS[highlight]
        if total:
            props["bold"] = True
        return self._make(key, props)


def _highlight_name(value: Highlight) -> str | None:
    if value is True:
        return "warn"
    if not value:
        return None
    if value not in HIGHLIGHTS:
        raise ValueError(f"unknown highlight {value!r}; use one of {sorted(HIGHLIGHTS)}")
    return str(value)


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _number_width(value: float, kind: str) -> int:
    if kind == "money":
        return len(f"{value:,.2f}")
    if kind == "percent":
        return len(f"{value:.1%}")
    if isinstance(value, float) and not value.is_integer():
        return len(f"{value:.10g}")
    return len(str(int(value)))


class _Column:
    """Running state of one column while rows are written: width and totals."""

    __slots__ = ("spec", "auto", "cap", "width", "total", "count", "numbers", "fmt")

    def __init__(self, spec: Col, fmt: Any):
        self.spec = spec
        self.auto = spec.width is None
        self.cap = MAX_WRAP_WIDTH if spec.wrap else MAX_WIDTH
        self.width = display_width(spec.header) if self.auto else spec.width or 0
        self.total = Decimal(0)
        self.count = 0
        self.numbers = 0
        self.fmt = fmt


def _write_sheet(book: XWorkbook, formats: _Formats, sheet: Sheet, name: str) -> None:
    ws = book.add_worksheet(name)
    specs = sheet.columns
    n = len(specs)
    if n == 0:
        raise ValueError(f"sheet {sheet.name!r} has no columns")
    last_col = n - 1
    row = 0
    _merged_text(ws, row, 0, last_col, sheet.title, formats.title())
    ws.set_row(row, 30)
    row += 1
    if sheet.subtitle:
        _merged_text(ws, row, 0, last_col, sheet.subtitle, formats.subtitle())
        ws.set_row(row, 20)
        row += 1
    header_row = row
    for c, spec in enumerate(specs):
        ws.write_string(header_row, c, spec.header, formats.header())
    first = header_row + 1

    columns = [_Column(spec, formats.cell(spec)) for spec in specs]
    totalled = [col for col in columns if col.spec.total]
    highlight = sheet.highlight
    if highlight is not None and not callable(highlight) and len(highlight) != len(sheet.rows):
        raise ValueError(f"highlight has {len(highlight)} entries for {len(sheet.rows)} rows")
    date_fmt: dict[tuple[int, str | None], Any] = {}
    row_formats: dict[str | None, list[Any]] = {None: [col.fmt for col in columns]}
    write_string, write_number, write_blank = ws.write_string, ws.write_number, ws.write_blank
    #: (row, column, text) of wrapped cells that may need a taller row once widths are known.
    wrapped: list[tuple[int, int, str]] = [(header_row, c, s.header) for c, s in enumerate(specs)]

    r = first - 1
    for i, values in enumerate(sheet.rows):
        r = first + i
        if len(values) > n:
            raise ValueError(f"row {i} of sheet {sheet.name!r} has {len(values)} values for {n} columns")
        mark = None
        if highlight is not None:
            mark = _highlight_name(highlight(values) if callable(highlight) else highlight[i])
        fmts = row_formats.get(mark)
        if fmts is None:
            fmts = row_formats[mark] = [formats.cell(col.spec, mark) for col in columns]
        for c, col in enumerate(columns):
            v = values[c] if c < len(values) else None
            t = type(v)
            if t is str:
                if v:
                    write_string(r, c, v, fmts[c])
                    if col.auto and col.width < col.cap and len(v) * 2 > col.width:
                        col.width = max(col.width, display_width(v))
                    if col.spec.wrap and (len(v) > 2 or "\n" in v):
                        wrapped.append((r, c, v))
                else:
                    write_blank(r, c, None, fmts[c])
                    continue
            elif v is None:
                write_blank(r, c, None, fmts[c])
                continue
            elif t is int or t is float or t is Decimal:
                if t is not int and not math.isfinite(v):
                    write_blank(r, c, None, fmts[c])
                    continue
                write_number(r, c, float(v) if t is Decimal else v, fmts[c])
                if col.auto and col.width < col.cap:
                    col.width = max(col.width, _number_width(v, col.spec.kind))
                if col.spec.total:
                    col.total += Decimal(repr(v)) if t is float else Decimal(v)
                    col.numbers += 1
            else:
                if not _write_other(ws, r, c, v, col, fmts[c], formats, mark, date_fmt):
                    continue
            col.count += 1

    last = r
    totals_row = average_row = None
    next_row = last + 1
    averages = sheet.average_label is not None and any(c.spec.total == "average" for c in totalled)
    others = any(c.spec.total != "average" for c in totalled)
    if totalled and (others or not averages):
        totals_row = next_row
        _write_totals(ws, formats, columns, sheet.totals_label, totals_row, first, last,
                      skip="average" if averages else None)
        next_row += 1
    if averages:
        average_row = next_row
        _write_totals(ws, formats, columns, str(sheet.average_label), average_row, first, last,
                      only="average")
        next_row += 1

    for note in sheet.notes:
        _merged_text(ws, next_row, 0, last_col, note, formats.note())
        wrapped.append((next_row, -1, note))
        next_row += 1

    if sheet.footer_rows:
        next_row += 1  # one blank line between the table and the signatures
        for parts in sheet.footer_rows:
            _footer_row(ws, next_row, n, list(parts), formats.footer())
            ws.set_row(next_row, 28)
            next_row += 1

    widths = []
    for c, col in enumerate(columns):
        width = col.spec.width if not col.auto else max(MIN_WIDTH, min(col.cap, col.width + 2))
        ws.set_column(c, c, width)
        widths.append(float(width or MIN_WIDTH))
    _set_wrapped_heights(ws, wrapped, widths)

    ws.freeze_panes(first, 0)
    ws.repeat_rows(header_row)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    if sheet.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.7)
    ws.set_footer("&C第 &P 页 共 &N 页")

    if sheet.extra is not None:
        layout = Layout(
            sheet=name,
            headers=tuple(s.header for s in specs),
            kinds=tuple(s.kind for s in specs),
            letters=tuple(xl_col_to_name(c) for c in range(n)),
            header_row=header_row,
            first_data_row=first,
            last_data_row=last,
            totals_row=totals_row,
            next_row=next_row,
            average_row=average_row,
        )
        sheet.extra(ws, book, layout)


def _write_totals(ws: XWorksheet, formats: _Formats, columns: list[_Column], label: str,
                  row: int, first: int, last: int, *, skip: str | None = None,
                  only: str | None = None) -> None:
    """Live formulas over exactly the data rows, each with the value it computes cached.

    ``skip``/``only`` leave out / keep just one kind of total (the 合计 and 平均 rows).
    """
    label_done = False
    for c, col in enumerate(columns):
        fmt = formats.cell(col.spec, total=True)
        how = col.spec.total
        if how is not None and (how == skip or (only is not None and how != only)):
            ws.write_blank(row, c, None, fmt)
            continue
        if how is None:
            if label_done:
                ws.write_blank(row, c, None, fmt)
                continue
            ws.write_string(row, c, label, fmt)  # in the first column without a total
            label_done = True
            if col.auto:
                col.width = max(col.width, display_width(label))
            continue
        value = _cached_total(col)
        if last < first:  # no data rows: no range to refer to
            if how == "average":
                ws.write_blank(row, c, None, fmt)
            else:
                ws.write_number(row, c, 0, fmt)
            continue
        letter = xl_col_to_name(c)
        formula = f"={_FORMULA_NAMES[how]}({letter}{first + 1}:{letter}{last + 1})"
        ws.write_formula(row, c, formula, fmt, value)
        if col.auto and isinstance(value, (int, float)):
            kind = "int" if how == "count" else col.spec.kind
            col.width = max(col.width, _number_width(value, kind))


def _set_wrapped_heights(ws: XWorksheet, wrapped: list[tuple[int, int, str]],
                         widths: list[float]) -> None:
    """Taller rows for wrapped text: LibreOffice and WPS do not grow them on opening."""
    lines_of: dict[int, int] = {}
    for r, c, text in wrapped:
        width = sum(widths) if c < 0 else widths[c]  # c = -1: text merged across the table
        usable = max(1.0, (width - 1) * 0.9)  # err on the tall side: clipped text is worse
        lines = sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n"))
        if lines > lines_of.get(r, 1):
            lines_of[r] = lines
    for r, lines in sorted(lines_of.items()):
        ws.set_row(r, LINE_HEIGHT * lines + 3)


def _write_other(ws: XWorksheet, r: int, c: int, v: Any, col: _Column, fmt: Any,
                 formats: _Formats, mark: str | None,
                 date_fmt: dict[tuple[int, str | None], Any]) -> bool:
    """Values that are not plain str/int/float/Decimal; False when the cell stays blank."""
    if v != v:  # NaN, NaT from pandas
        ws.write_blank(r, c, None, fmt)
        return False
    if isinstance(v, bool):
        ws.write_string(r, c, "是" if v else "否", fmt)
        return True
    if isinstance(v, (datetime, date)):
        if col.spec.kind != "date":
            key = (c, mark)
            if key not in date_fmt:
                date_fmt[key] = formats.cell(col.spec, mark, kind="date")
            fmt = date_fmt[key]
        ws.write_datetime(r, c, v, fmt)
        if col.auto:
            col.width = max(col.width, 16 if isinstance(v, datetime) and v.time() != time() else 14)
        return True
    if isinstance(v, Number):
        try:
            number = float(v)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            number = math.nan
        if math.isfinite(number):
            ws.write_number(r, c, number, fmt)
            if col.spec.total:
                col.total += Decimal(repr(number))
                col.numbers += 1
            return True
    text = str(v)
    ws.write_string(r, c, text, fmt)
    if col.auto:
        col.width = max(col.width, display_width(text))
    return True


def _cached_total(col: _Column) -> float | int | str:
    """What Excel would compute, so viewers that do not recalculate show the right number."""
    if col.spec.total == "count":
        return col.count
    if col.spec.total == "average":
        return float(col.total / col.numbers) if col.numbers else "#DIV/0!"
    return float(col.total)


def _merged_text(ws: XWorksheet, row: int, first: int, last: int, text: str, fmt: Any) -> None:
    """Text across columns ``first..last``; written with write_string so it is never a formula."""
    if last > first:
        ws.merge_range(row, first, row, last, "", fmt)
    ws.write_string(row, first, text, fmt)


def _footer_row(ws: XWorksheet, row: int, n: int, parts: list[str], fmt: Any) -> None:
    if len(parts) > n:
        parts = parts[: n - 1] + ["    ".join(parts[n - 1:])]
    m = len(parts)
    bounds = [round(j * n / m) for j in range(m + 1)]
    for j, text in enumerate(parts):
        _merged_text(ws, row, bounds[j], bounds[j + 1] - 1, str(text), fmt)


def add_chart(
    book: XWorkbook,
    ws: XWorksheet,
    layout: Layout,
    *,
    category: str | int,
    values: Sequence[str | int],
    kind: Literal["column", "line"] = "column",
    lines: Sequence[str | int] = (),
    title: str = "",
    y_title: str = "",
    at: tuple[int, int] | None = None,
    size: tuple[int, int] = (720, 340),
) -> Any:
    """A native chart of table columns, placed below the table; meant for ``Sheet.extra``.

    ``values`` are drawn as ``kind``; ``lines`` are overlaid as lines (e.g. a 目标用时 column
    holding the target on every row, for the drill ledger). Returns the chart, or None when
    the table has no rows. Usage::

        Sheet(..., extra=lambda ws, book, lay: add_chart(
            book, ws, lay, category="日期", values=["疏散用时（秒）"], lines=["目标（秒）"],
            title="疏散用时", y_title="秒"))
    """
    if not layout.has_data:
        return None
    font = {"name": BODY_FONT, "size": 10}

    def series(chart: Any, column: str | int) -> None:
        c = layout.col(column)
        cat = layout.col(category)
        chart.add_series({
            "name": [layout.sheet, layout.header_row, c],
            "categories": [layout.sheet, layout.first_data_row, cat, layout.last_data_row, cat],
            "values": [layout.sheet, layout.first_data_row, c, layout.last_data_row, c],
            "marker": {"type": "circle"} if kind == "line" else None,
        })

    chart = book.add_chart({"type": kind})
    for column in values:
        series(chart, column)
    if lines:
        overlay = chart if kind == "line" else book.add_chart({"type": "line"})
        for column in lines:
            series(overlay, column)
        if overlay is not chart:
            chart.combine(overlay)
    if title:
        chart.set_title({"name": title, "name_font": {**font, "size": 12}})
    if layout.kinds[layout.col(category)] == "date":  # one bar per drill, labelled 3月15日
        chart.set_x_axis({"num_font": font, "text_axis": True, "num_format": 'm"月"d"日"'})
    else:
        chart.set_x_axis({"num_font": font})
    chart.set_y_axis({"num_font": font, "name": y_title, "name_font": font}
                     if y_title else {"num_font": font})
    chart.set_legend({"position": "bottom", "font": font})
    chart.set_size({"width": size[0], "height": size[1]})
    row, col = at if at is not None else (layout.next_row + 1, 0)
    ws.insert_chart(row, col, chart)
    return chart


# --------------------------------------------------------------------------------------
# Deterministic zip
# --------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------
# Filling a user's template (openpyxl)
# --------------------------------------------------------------------------------------


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
    moment = _naive_utc(created)
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
