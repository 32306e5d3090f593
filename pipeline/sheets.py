"""Raw grids of cells from .xlsx and .csv files, with file-level problems located.

This layer knows file formats and nothing of columns: it turns a workbook or CSV into
rows of Python values exactly as Excel shows them, merged cells filled in, and says in
Chinese when a file is not a workbook, is encrypted, old .xls, damaged, or holds formulas
nobody has calculated.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from .archive import WORKBOOK_TOTAL, oversize
from .errors import InputError, Location, Problem

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
#: A real school workbook is a few MB; more than this uncompressed is a zip bomb.


@dataclass
class Grid:
    """One sheet as rows of values; ``rows[0]`` is Excel's row 1."""

    file: str
    sheet: str
    rows: list[list[object]]
    #: (row, col), 1-based, of formula cells that have no cached value.
    uncalculated: set[tuple[int, int]] = field(default_factory=set)
    hidden: bool = False

    @property
    def where(self) -> Location:
        return Location(file=self.file, sheet=self.sheet)


def _fail(path: Path, message: str) -> InputError:
    return InputError(Problem(message, Location(file=path.name)))


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of an .xlsx, or the single table of a .csv."""
    if not path.is_file():
        raise _fail(path, "文件不存在")
    if path.suffix.lower() == ".csv":
        return [read_csv(path)]
    return read_xlsx(path)


def _check_container(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise _fail(path, "文件是空的（0 字节），请重新保存或重新复制该文件")
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise _fail(path, "工作簿设有打开密码，houqin 无法读取；请在 Excel/WPS 中取消密码后另存为 .xlsx")
        raise _fail(path, "这是旧版 Excel（.xls）或 WPS（.et）格式；请在 Excel/WPS 中“另存为” Excel 工作簿（.xlsx）")
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


def _declares_entities(path: Path, infos: list[zipfile.ZipInfo]) -> bool:
    """A DTD must come before the root element, so the first bytes of each part tell.

    openpyxl parses through defusedxml too; this check makes the refusal a clear message
    whatever parser is installed, before anything is expanded.
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
        return False  # openpyxl will say the file is damaged
    return False


def read_xlsx(path: Path) -> list[Grid]:
    _check_container(path)
    try:
        book = openpyxl.load_workbook(path, data_only=False, rich_text=False)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise _fail(path, f"无法作为 Excel 工作簿打开（{type(exc).__name__}），"
                          "请在 Excel/WPS 中打开并另存为 .xlsx") from None
    cached = None
    grids = []
    for ws in book.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        formulas = [
            (r, c)
            for r, row in enumerate(rows, 1)
            for c, v in enumerate(row, 1)
            if isinstance(v, str) and v.startswith("=") and ws.cell(r, c).data_type == "f"
        ]
        uncalculated: set[tuple[int, int]] = set()
        if formulas:
            if cached is None:
                cached = openpyxl.load_workbook(path, data_only=True, rich_text=False)
            values = cached[ws.title]
            for r, c in formulas:
                value = values.cell(r, c).value
                rows[r - 1][c - 1] = value
                if value is None:
                    uncalculated.add((r, c))
        for merged in ws.merged_cells.ranges:
            top = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(rows) else None
            for r in range(merged.min_row, min(merged.max_row, len(rows)) + 1):
                row = rows[r - 1]
                for c in range(merged.min_col, merged.max_col + 1):
                    if c <= len(row) and (r, c) != (merged.min_row, merged.min_col):
                        row[c - 1] = top
        grids.append(Grid(path.name, ws.title, rows, uncalculated, ws.sheet_state != "visible"))
    return grids


def cell_name(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


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
    try:
        for record in csv.reader(io.StringIO(text, newline=""), dialect):
            rows.append([v if v.strip() else None for v in record])
    except csv.Error as exc:
        raise _fail(path, f"CSV 格式错误：{exc}") from None
    return Grid(path.name, path.stem, rows)
