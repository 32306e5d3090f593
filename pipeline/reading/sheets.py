"""Raw grids of cells from workbooks (.xlsx .xlsm .xlsb .xls .et .ods) and .csv files.

This layer knows file formats and nothing of columns: it turns a workbook or CSV into
rows of Python values exactly as Excel shows them, merged cells filled in, and says in
Chinese when a file is not a workbook, is encrypted, damaged, too large, or holds formulas
nobody has calculated.

Workbooks are read with calamine (Rust; python-calamine), which is fast and reads every
format offices save. What calamine does not say, a cheap pass over the file's own bytes
finds before calamine is asked for a sheet (see :func:`_scan_xlsx` and :func:`_scan_ods`):

* the used range comes from cells that hold values — a value far outside
  :data:`MAX_ROWS` × :data:`MAX_COLUMNS` is a located error found before any grid is
  built, so an 8 KB file with one value in `XFD1048576` costs nothing; styled empty cells
  (WPS writes one in row 1,048,576) are not data and cost nothing either;
* formulas without a cached value (.xlsx/.xlsm: `<f>` with no `<v>`; .ods: `table:formula`
  with no value), which calamine reads as blank;
* Excel's error values (`#N/A` …), which calamine reads as blank, become :class:`CellError`;
* merged ranges of .ods (calamine reports them for .xlsx/.xls only) and its booleans.

.xls and WPS .et (BIFF8 in an OLE compound file) get the same kind of pass over their cell
records (:func:`_scan_xls`): values beyond the limits and error values. A never-calculated
formula cannot occur there (Excel, WPS and LibreOffice always store a formula's result in
BIFF). .xlsb is binary too and not scanned: a never-calculated formula and an error value
read as blank there, and the used range is checked right after calamine has read the sheet.

Within the limits calamine builds a sheet's range densely, from its first to its farthest
value: memory follows the data's extent, at most MAX_ROWS × MAX_COLUMNS cells.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import python_calamine as calamine

from ..errors import InputError, Location, Problem
from .values import ERROR_CODES, CellError, clean_cell
from .zip_guard import WORKBOOK_TOTAL, oversize

__all__ = ["CellError", "Grid", "MAX_COLUMNS", "MAX_ROWS", "read_grids"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
#: Workbook formats read wherever .xlsx is (.et is WPS's own, a BIFF8 file like .xls).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".et", ".ods")
#: Rows and columns of real data a sheet may hold; a value beyond is a located error.
#: Module constants so settings can raise them later.
MAX_ROWS = 100_000
MAX_COLUMNS = 200

OLD_FORMAT = "这是旧版 Excel（.xls）或 WPS（.et）格式的文件，但无法读取（可能已损坏）；请在 Excel/WPS 中打开并“另存为” Excel 工作簿（.xlsx）"
PASSWORD = "工作簿设有打开密码，houqin 无法读取；请在 Excel/WPS 中取消密码后另存为 .xlsx"


@dataclass
class Grid:
    """One sheet as rows of values; ``rows[0]`` is Excel's row 1.

    Values are None (blank), str (cleaned: see :func:`pipeline.reading.values.clean_cell`; TRUE and
    FALSE are 是/否), int, float, dt.date, dt.datetime, dt.time, dt.timedelta, or
    :class:`CellError`. Rows are equally long; trailing empty rows and columns are trimmed.
    """

    file: str
    sheet: str
    rows: list[list[object]]
    #: (row, col), 1-based, of formula cells that have no cached value.
    uncalculated: set[tuple[int, int]] = field(default_factory=set)
    hidden: bool = False
    #: Merged ranges as (min_row, min_col, max_row, max_col), 1-based; every cell of a range
    #: already holds the top-left cell's value.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: (row, col) → the text as it was, for cells an invisible character was removed from
    #: (zero-width space, BOM, control character): the table layer warns naming the cell.
    cleaned: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def where(self) -> Location:
        return Location(file=self.file, sheet=self.sheet)


def _fail(path: Path, message: str, sheet: str = "", row: int | None = None, column: str = "") -> InputError:
    return InputError(Problem(message, Location(file=path.name, sheet=sheet, row=row, column=column)))


def read_grids(path: Path) -> list[Grid]:
    """Every worksheet of a workbook, or the single table of a .csv."""
    if not path.is_file():
        raise _fail(path, "文件不存在")
    if path.suffix.lower() == ".csv":
        return [read_csv(path)]
    return read_workbook(path)


def _check_container(path: Path) -> str:
    """'zip' or 'ole' after the checks every workbook passes before anything parses it."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise _fail(path, "文件是空的（0 字节），请重新保存或重新复制该文件")
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise _fail(path, PASSWORD)
        return "ole"
    if not head.startswith(ZIP_MAGIC):
        raise _fail(path, "不是 Excel 工作簿（.xlsx）；如果是 CSV 文本，请把扩展名改为 .csv")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise _fail(path, "文件已损坏（可能没有复制完整），请在 Excel/WPS 中打开并重新保存") from None
    reason = oversize(infos, total_limit=WORKBOOK_TOTAL)
    if reason:
        raise _fail(path, reason)
    if _declares_entities(path, infos):
        raise _fail(path, "工作簿的 XML 中定义了实体（DOCTYPE/ENTITY），Excel/WPS 不会这样保存，"
                          "疑似恶意构造的文件（如“十亿笑声”攻击），已拒绝读取")
    return "zip"


def _declares_entities(path: Path, infos: list[zipfile.ZipInfo]) -> bool:
    """A DTD must come before the root element, so the first bytes of each part tell.

    Checked before calamine or this module's own scans parse any part, so the refusal is a
    clear message whatever parser runs later, before anything is expanded.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with archive.open(info) as part:
                        head = part.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        return True
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError, EOFError):
        return False  # the reader will say the file is damaged
    return False


# --------------------------------------------------------------------------- workbooks


@dataclass
class _Scan:
    """What the bytes of one sheet say that calamine does not."""

    #: 1-based (row, col) of the first value found beyond the limits.
    beyond: tuple[int, int] | None = None
    uncalculated: set[tuple[int, int]] = field(default_factory=set)
    errors: dict[tuple[int, int], CellError] = field(default_factory=dict)
    booleans: dict[tuple[int, int], bool] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] | None = None


def read_workbook(path: Path) -> list[Grid]:
    kind = _check_container(path)
    scans: dict[str, _Scan] = {}
    if kind == "zip":
        try:
            scans = _scan_zip(path)
        except Exception:  # a damaged part: zlib, XML, zip and encoding errors alike
            raise _fail(path, "文件已损坏（可能没有复制完整），请在 Excel/WPS 中打开并重新保存") from None
    else:
        try:
            scans = _scan_xls(path.read_bytes())
        except _Encrypted:
            raise _fail(path, PASSWORD) from None
        except Exception:  # not a BIFF8 workbook we can walk: calamine decides (and says why)
            scans = {}
    for name, scan in scans.items():  # before calamine: it reads a whole .ods when opening it
        if scan.beyond:
            raise _too_large(path, name, *scan.beyond)
    try:
        book = _open_book(path)
    except calamine.PasswordError:
        raise _fail(path, PASSWORD) from None
    except Exception:  # calamine raises many kinds for damaged files
        if kind == "ole":
            raise _fail(path, OLD_FORMAT) from None
        raise _fail(path, "无法作为 Excel 工作簿打开（文件可能已损坏，或不是 Excel/WPS 保存的表格），"
                          "请在 Excel/WPS 中打开并另存为 .xlsx") from None
    grids = []
    with book:
        for meta in book.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue  # chart and macro sheets hold no table
            scan = scans.get(meta.name, _Scan())
            try:
                sheet = book.get_sheet_by_name(meta.name)
            except Exception as exc:
                if kind == "ole":
                    raise _fail(path, OLD_FORMAT, meta.name) from None
                raise _fail(path, f"无法读取工作表（{type(exc).__name__}），请在 Excel/WPS 中打开并另存为 .xlsx",
                            meta.name) from None
            end = sheet.end
            if end is not None and (end[0] >= MAX_ROWS or end[1] >= MAX_COLUMNS):
                raise _too_large(path, meta.name, end[0] + 1, end[1] + 1)
            hidden = meta.visible != calamine.SheetVisibleEnum.Visible
            grids.append(_grid(path, meta.name, sheet, scan, hidden))
    return grids


def _open_book(path: Path) -> calamine.CalamineWorkbook:
    """The workbook by its extension, else by its content: an .xls or .ods saved under the
    name `台账.xlsx` (calamine tells the format from the bytes of a file object)."""
    try:
        return calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise
    except Exception:
        with path.open("rb") as handle:
            return calamine.CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))


def _too_large(path: Path, sheet: str, row: int, col: int) -> InputError:
    ref = cell_name(row, col)
    return _fail(
        path,
        f"单元格 {ref} 有内容，超出了 houqin 读取的范围（最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列）；"
        f"如果它是误填的，请在 Excel/WPS 中清除它后保存；确实有这么多数据时，请分成几个文件",
        sheet, row if row > MAX_ROWS else None, "" if row > MAX_ROWS else f"{column_letter(col)} 列")


def _grid(path: Path, name: str, sheet: calamine.CalamineSheet, scan: _Scan, hidden: bool) -> Grid:
    start = sheet.start
    pad = [None] * (start[1] if start else 0)
    cleaned: dict[tuple[int, int], str] = {}
    rows: list[list[object]] = []
    texts: dict[str, tuple[str, bool]] = {}  # each distinct text cleaned once: names and posts repeat
    if start is not None:
        for r, raw in enumerate(sheet.iter_rows(), 1):
            row: list[object] = [*pad, *raw]
            for c, value in enumerate(row, 1):
                if value == "" or value is None:
                    row[c - 1] = None
                elif type(value) is str:
                    found = texts.get(value)
                    if found is None:
                        found = texts[value] = clean_cell(value)
                    text, removed = found
                    if removed:
                        cleaned[(r, c)] = value
                    row[c - 1] = text if text else None
                elif type(value) is float:
                    if value.is_integer():
                        row[c - 1] = int(value)
                elif type(value) is bool:
                    row[c - 1] = "是" if value else "否"
            rows.append(row)
    for (r, c), error in scan.errors.items():
        if r <= len(rows) and c <= len(rows[r - 1]):
            rows[r - 1][c - 1] = error
    for (r, c), flag in scan.booleans.items():
        if r <= len(rows) and c <= len(rows[r - 1]):
            rows[r - 1][c - 1] = "是" if flag else "否"
    merged = scan.merged
    if merged is None:
        merged = [(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in (sheet.merged_cell_ranges or [])]
    _fill_merged(rows, merged)
    _trim(rows)
    return Grid(path.name, name, rows, set(scan.uncalculated), hidden, sorted(merged), cleaned)


def _fill_merged(rows: list[list[object]], merged: list[tuple[int, int, int, int]]) -> None:
    """Every cell of a merged range shows the top-left value, as a person reads the sheet."""
    for min_row, min_col, max_row, max_col in merged:
        if min_row > len(rows):
            continue
        first = rows[min_row - 1]
        top = first[min_col - 1] if min_col <= len(first) else None
        for r in range(min_row, min(max_row, len(rows)) + 1):
            row = rows[r - 1]
            for c in range(min_col, min(max_col, len(row)) + 1):
                row[c - 1] = top


def _trim(rows: list[list[object]]) -> None:
    """Trailing empty rows and columns go: a cell holding '' is not data."""
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    while rows and rows[0] and all(row[-1] is None for row in rows):
        for row in rows:
            row.pop()


def column_letter(col: int) -> str:
    """`A`, `AA`, `XFD`: openpyxl's, imported only when a message needs it (openpyxl and
    numpy take a fifth of a second to import, which `houqin check` need not pay)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def cell_name(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _scan_zip(path: Path) -> dict[str, _Scan]:
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "content.xml" in names and "xl/workbook.xml" not in names:
            with archive.open("content.xml") as part:
                return _scan_ods(part)
        if "xl/workbook.xml" not in names:
            return {}
        parts = _sheet_parts(archive)
        scans = {}
        for name, part in parts.items():
            if part in names and part.endswith(".xml"):
                with archive.open(part) as stream:
                    scans[name] = _scan_xlsx(stream)
        return scans


_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the zip (`xl/worksheets/sheet1.xml`)."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
    parts = {}
    for element in book.iter():
        if element.tag.endswith("}sheet") or element.tag == "sheet":
            rid = element.get(f"{{{_REL_NS}}}id")
            if rid in targets and element.get("name") is not None:
                parts[element.get("name", "")] = targets[rid]
    return parts


_P = rb"(?:[A-Za-z_][\w.-]*:)?"  # an optional namespace prefix (`x:c`), as some tools write
# The searches start with a literal (` r="`, ` t="e"`, `f`), which the regex engine finds fast;
# the tag each hit belongs to is then checked by looking back to its `<`.
#: A cell reference beyond the limits: a column past GR (200), or a row of six digits or more.
_FAR_REF = re.compile(rb' r="(?:(?:[A-Z]{3}|G[S-Z]|[H-Z][A-Z])\d+|[A-Z]{1,3}\d{6,})"')
_ERROR_TYPE = re.compile(rb' t="e"')
#: Formula tags, plain and prefixed: two searches, each fast; one alternation would be slow.
_FORMULAS = (re.compile(rb"<f[\s>/]"), re.compile(rb":f[\s>/]"))
_CELL_TAG = re.compile(rb"<" + _P + rb"c(?:\s[^>]*)?")
_TAG_PREFIX = re.compile(rb"<[A-Za-z_][\w.-]*")
_CELL_START = re.compile(rb"<" + _P + rb"c\b")
_CELL_CLOSE = re.compile(rb"</" + _P + rb"c>")
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_HAS_VALUE = re.compile(rb"<" + _P + rb"(?:v|t|f)\b[^>]*>[^<]")
_VALUE = re.compile(rb"<" + _P + rb"v>([^<]+)<")
CHUNK = 8 * 1024 * 1024


def _scan_xlsx(stream: io.BufferedIOBase | zipfile.ZipExtFile) -> _Scan:
    """One pass over a sheet's XML in chunks cut between rows: far values, formulas without
    a cached value, error cells. Regular expressions find the few cells of interest, so a
    50,000-row sheet costs a few tens of milliseconds and memory stays one chunk."""
    scan = _Scan()
    tail = b""
    while True:
        block = stream.read(CHUNK)
        data = tail + block
        if block:
            cut = data.rfind(b"row>")  # after `</row>` (or `<row>`): never inside a cell
            if cut < 0:
                tail = data
                continue
            data, tail = data[:cut + 4], data[cut + 4:]
        _scan_block(data, scan)
        if not block or scan.beyond:
            return scan


def _cell_at(data: bytes, start: int) -> tuple[tuple[int, int] | None, bytes]:
    """The reference and whole element of the cell whose `<c` begins at ``start``."""
    open_end = data.find(b">", start)
    if open_end < 0:
        return None, b""
    head = data[start:open_end + 1]
    ref = _REF.search(head)
    where = (int(ref.group(2)), _column_number(ref.group(1))) if ref else None
    if head.endswith(b"/>"):
        return where, head
    close = _CELL_CLOSE.search(data, open_end)
    return where, data[start:close.end() if close else len(data)]


def _in_cell_tag(data: bytes, pos: int) -> int:
    """Where the `<c …` tag holding the attribute at ``pos`` begins, or -1 (not a cell's)."""
    begin = data.rfind(b"<", 0, pos)
    return begin if begin >= 0 and _CELL_TAG.fullmatch(data, begin, pos) else -1


def _scan_block(data: bytes, scan: _Scan) -> None:
    for match in _FAR_REF.finditer(data):
        begin = _in_cell_tag(data, match.start())
        if begin < 0:
            continue
        where, element = _cell_at(data, begin)
        if where and (where[0] > MAX_ROWS or where[1] > MAX_COLUMNS) and _HAS_VALUE.search(element):
            scan.beyond = where
            return
    last = -1
    hits = [m.start() for pattern in _FORMULAS for m in pattern.finditer(data)]
    for pos in sorted(hits):
        if pos < last:
            continue
        if data[pos] == 58:  # `x:f`: only a tag if a prefix runs back to its `<`
            tag = data.rfind(b"<", max(0, pos - 64), pos)
            if tag < 0 or not _TAG_PREFIX.fullmatch(data, tag, pos):
                continue
            pos = tag
        starts = [m.start() for m in _CELL_START.finditer(data, max(0, pos - 512), pos)]
        if not starts:
            continue
        where, element = _cell_at(data, starts[-1])
        last = starts[-1] + len(element)
        if where and last > pos and not _VALUE.search(element):
            scan.uncalculated.add(where)
    for match in _ERROR_TYPE.finditer(data):
        begin = _in_cell_tag(data, match.start())
        if begin < 0:
            continue
        where, element = _cell_at(data, begin)
        value = _VALUE.search(element)
        if where and value:
            code = value.group(1).decode("utf-8", "replace").strip()
            scan.errors[where] = CellError(code if code in ERROR_CODES else code or "#VALUE!")


_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "calcext": "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{_ODS[prefix]}}}{name}"


_T_TABLE, _T_ROW, _T_CELL, _T_COVERED = (_q("table", n) for n in ("table", "table-row", "table-cell", "covered-table-cell"))
_A_NAME, _A_ROWS_REP, _A_COLS_REP = _q("table", "name"), _q("table", "number-rows-repeated"), _q("table", "number-columns-repeated")
_A_ROWS_SPAN, _A_COLS_SPAN, _A_FORMULA = _q("table", "number-rows-spanned"), _q("table", "number-columns-spanned"), _q("table", "formula")
_A_TYPE, _A_BOOL, _A_CALC_TYPE = _q("office", "value-type"), _q("office", "boolean-value"), _q("calcext", "value-type")


def _scan_ods(stream: io.BufferedIOBase | zipfile.ZipExtFile) -> dict[str, _Scan]:
    """One streaming pass over content.xml: for each table, values beyond the limits
    (repeated rows and columns counted, never expanded), merged ranges, booleans, error
    values and formulas without a value."""
    scans: dict[str, _Scan] = {}
    scan = _Scan(merged=[])
    row = col = 0
    rows_repeat = 1
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == _T_TABLE:
                scan = _Scan(merged=[])
                scans[element.get(_A_NAME, "")] = scan
                row = 0
            elif tag == _T_ROW:
                rows_repeat = int(element.get(_A_ROWS_REP, "1"))
                row += 1
                col = 0
            continue
        if tag in (_T_CELL, _T_COVERED):
            repeat = int(element.get(_A_COLS_REP, "1"))
            col += 1
            kind = element.get(_A_TYPE)
            has_text = any((t.text or "").strip() for t in element.iter(_q("text", "p")))
            if (kind or has_text) and not scan.beyond:
                last_row, last_col = row + rows_repeat - 1, col + repeat - 1
                if last_row > MAX_ROWS or last_col > MAX_COLUMNS:
                    scan.beyond = (min(last_row, max(row, MAX_ROWS + 1)) if last_row > MAX_ROWS else row,
                                   max(col, MAX_COLUMNS + 1) if last_col > MAX_COLUMNS else col)
            special = _ods_special(element, kind) if tag == _T_CELL and not scan.beyond else None
            if special is not None:  # a repeated one is recorded for its first 100 rows and columns
                for r in range(row, row + min(rows_repeat, 100)):
                    for c in range(col, col + min(repeat, 100)):
                        _ods_record(scan, special, r, c)
            spans = int(element.get(_A_ROWS_SPAN, "1")), int(element.get(_A_COLS_SPAN, "1"))
            if spans != (1, 1) and scan.merged is not None:
                scan.merged.append((row, col, row + spans[0] - 1, col + spans[1] - 1))
            col += repeat - 1
            element.clear()
        elif tag == _T_ROW:
            row += rows_repeat - 1
            element.clear()
    return scans


def _ods_special(element: ElementTree.Element, kind: str | None) -> CellError | bool | str | None:
    """What calamine would misread in this cell: an error, a boolean, or 'uncalculated'."""
    if element.get(_A_CALC_TYPE) == "error":
        text = "".join(element.itertext()).strip()
        return CellError(text if text in ERROR_CODES else "#VALUE!")
    if kind == "boolean":
        return element.get(_A_BOOL) == "true"
    if kind is None and element.get(_A_FORMULA):
        return "uncalculated"
    return None


def _ods_record(scan: _Scan, special: CellError | bool | str, r: int, c: int) -> None:
    if isinstance(special, CellError):
        scan.errors[(r, c)] = special
    elif isinstance(special, bool):
        scan.booleans[(r, c)] = special
    else:
        scan.uncalculated.add((r, c))


# --------------------------------------------------------------------------- .xls / .et

class _Encrypted(Exception):
    """A BIFF workbook with an opening password (a FILEPASS record)."""


def _cfb_stream(data: bytes, names: tuple[str, ...]) -> bytes:
    """The first of ``names`` found in an OLE compound file, read by its sector chains.

    Only what the BIFF scan needs (no writing, no red-black tree walk: the directory is
    read as a flat list). Chains are bounded by the number of sectors, so a looping chain in
    a crafted file ends.
    """
    sector = 1 << int.from_bytes(data[30:32], "little")
    mini = 1 << int.from_bytes(data[32:34], "little")
    sectors = max(0, len(data) // sector - 1)

    def read_sector(n: int) -> bytes:
        return data[(n + 1) * sector:(n + 2) * sector]

    difat = list(struct.unpack_from("<109I", data, 76))
    next_difat, count = struct.unpack_from("<I", data, 68)[0], struct.unpack_from("<I", data, 72)[0]
    for _ in range(min(count, sectors)):
        block = read_sector(next_difat)
        entries = struct.unpack(f"<{len(block) // 4}I", block)
        difat += entries[:-1]
        next_difat = entries[-1]
    fat: list[int] = []
    for n in difat:
        if n < sectors:
            block = read_sector(n)
            fat += struct.unpack(f"<{len(block) // 4}I", block)

    def chain(start: int, table: list[int], limit: int) -> Iterator[int]:
        n, seen = start, 0
        while n < len(table) and n < limit and seen <= limit:
            yield n
            n, seen = table[n], seen + 1

    directory = b"".join(read_sector(n) for n in chain(struct.unpack_from("<I", data, 48)[0], fat, sectors))
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        raise ValueError("no directory")
    found = {}
    for entry in entries:
        length = min(int.from_bytes(entry[64:66], "little"), 64)
        name = entry[:max(0, length - 2)].decode("utf-16-le", "replace")
        found[name] = (entry[66], *struct.unpack_from("<IQ", entry, 116))
    root_start = struct.unpack_from("<I", entries[0], 116)[0]
    cutoff = struct.unpack_from("<I", data, 56)[0]
    for wanted in names:
        if wanted not in found or found[wanted][0] != 2:
            continue
        _, start, size = found[wanted]
        size &= 0xFFFFFFFF  # version 3 files leave the high half undefined
        if size >= cutoff:
            return b"".join(read_sector(n) for n in chain(start, fat, sectors))[:size]
        mini_fat_block = b"".join(read_sector(n) for n in chain(struct.unpack_from("<I", data, 60)[0], fat, sectors))
        mini_fat = list(struct.unpack(f"<{len(mini_fat_block) // 4}I", mini_fat_block))
        stream = b"".join(read_sector(n) for n in chain(root_start, fat, sectors))
        limit = len(stream) // mini
        return b"".join(stream[n * mini:(n + 1) * mini] for n in chain(start, mini_fat, limit))[:size]
    raise ValueError("no workbook stream")


#: BIFF8 cell records whose first four bytes are (row, column), 0-based.
_BIFF_CELLS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0006, 0x00D6}
_BIFF_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
                0x24: "#NUM!", 0x2A: "#N/A"}


def _scan_xls(data: bytes) -> dict[str, _Scan]:
    """One pass over the BIFF8 records of an .xls/.et: values beyond the limits and error
    values, before calamine builds a sheet (it would allocate the whole 65,536 × 256 range
    for one far value: a 6 KB file, a gigabyte)."""
    book = _cfb_stream(data, ("Workbook", "Book"))
    names: dict[int, str] = {}
    scans: dict[str, _Scan] = {}
    scan: _Scan | None = None
    pos, end = 0, len(book)
    unpack = struct.unpack_from
    while pos + 4 <= end:
        kind, size = unpack("<HH", book, pos)
        body = pos + 4
        if kind == 0x0809:  # BOF: the globals, or the sheet a BOUNDSHEET pointed at
            scan = scans.setdefault(names[pos], _Scan()) if pos in names else None
        elif kind == 0x0085 and size >= 8:  # BOUNDSHEET: where each sheet's records begin
            cch, high = book[body + 6], book[body + 7]
            raw = book[body + 8:body + 8 + cch * (2 if high & 1 else 1)]
            names[unpack("<I", book, body)[0]] = raw.decode("utf-16-le" if high & 1 else "latin-1", "replace")
        elif kind == 0x002F and scan is None:  # FILEPASS in the globals
            raise _Encrypted
        elif scan is not None and size >= 4 and (kind in _BIFF_CELLS or kind == 0x00BD):
            row, col = unpack("<HH", book, body)
            if kind == 0x00BD and size >= 6:  # MULRK: the last column is in its last two bytes
                col = unpack("<H", book, body + size - 2)[0]
            if (row >= MAX_ROWS or col >= MAX_COLUMNS) and not scan.beyond:
                scan.beyond = (row + 1, col + 1)
            elif kind == 0x0205 and size >= 8 and book[body + 7] == 1:  # BOOLERR holding an error
                scan.errors[(row + 1, col + 1)] = CellError(_BIFF_ERRORS.get(book[body + 6], "#VALUE!"))
            elif kind == 0x0006 and size >= 14 and book[body + 12:body + 14] == b"\xff\xff" and book[body + 6] == 2:
                scan.errors[(row + 1, col + 1)] = CellError(_BIFF_ERRORS.get(book[body + 8], "#VALUE!"))
        pos = body + size
    return scans


# --------------------------------------------------------------------------- CSV

ENCODINGS = ("utf-8-sig", "gb18030")


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030; None if none fits."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_csv(path: Path) -> Grid:
    data = path.read_bytes()
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise _fail(path, "扩展名是 .csv，但内容是 Excel 工作簿；请把扩展名改为 .xlsx")
    text = decode_text(data)
    if text is None or "\x00" in text:
        raise _fail(path, "CSV 文件的编码无法识别（应为 UTF-8 或 GBK）；请在 Excel/WPS 中另存为“CSV UTF-8”")
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[object]] = []
    cleaned: dict[tuple[int, int], str] = {}
    try:
        for r, record in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), 1):
            if (r > MAX_ROWS or len(record) > MAX_COLUMNS) and any(v.strip() for v in record):
                far = [c for c, v in enumerate(record, 1) if v.strip()][-1]
                if r > MAX_ROWS or far > MAX_COLUMNS:
                    raise _too_large(path, path.stem, r, far)
            row: list[object] = []
            for c, value in enumerate(record, 1):
                clean, removed = clean_cell(value)
                if removed:
                    cleaned[(r, c)] = value
                row.append(clean if clean.strip() else None)
            rows.append(row)
    except csv.Error as exc:
        raise _fail(path, f"CSV 格式错误：{exc}") from None
    _trim_ragged(rows)
    return Grid(path.name, path.stem, rows, cleaned=cleaned)


def _trim_ragged(rows: list[list[object]]) -> None:
    while rows and all(v is None for v in rows[-1]):
        rows.pop()

