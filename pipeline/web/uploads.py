"""What an uploaded file really is, judged by its bytes: a browser's file name proves nothing.

The server chooses where an accepted file goes; the client's file name is only checked
for being a plain name (a name with a path in it is refused outright, never cleaned up).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Literal

import python_calamine as calamine
from flask import request

from ..errors import Problem
from ..reading.sheets import OLE_MAGIC, PASSWORD, ZIP_MAGIC, decode_text

#: A school's workbook or template is a few MB; anything much larger is a mistake.
MAX_UPLOAD = 20 * 1024 * 1024

FileType = Literal["xlsx", "xlsb", "xls", "ods", "csv", "docx"]
#: The workbook types an input may be uploaded as (saved under the input's name with this suffix).
WORKBOOK_TYPES: tuple[FileType, ...] = ("xlsx", "xlsb", "xls", "ods")


class UploadRefused(Exception):
    """An upload that is not stored; the message is Chinese and says what to do instead."""


def received(allowed: tuple[FileType, ...], what: str) -> tuple[str, bytes, FileType]:
    """This request's uploaded file: its bare name, bytes and real type; refusals carry the reason."""
    file = request.files.get("file")
    name = plain_name(file.filename if file else None)
    data = file.read() if file else b""
    return name, data, expect(data, allowed, what)


def plain_name(name: str | None) -> str:
    """The client's file name if it is a bare name; refuses paths, `..` and control characters."""
    name = (name or "").strip()
    if not name:
        raise UploadRefused("没有选择文件")
    # `a..b.xlsx` is a plain name; separators, a drive, `.`/`..` and a leading `..` (what is
    # left of `..\\` once a multipart parser drops the backslashes) are paths.
    if any(c in name for c in "/\\:\x00") or name == "." or name.startswith("..") or any(ord(c) < 32 for c in name):
        raise UploadRefused(f"文件名「{name}」中含有路径，已拒绝；请直接选择文件本身上传")
    return name


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def _opens_as_workbook(data: bytes) -> bool:
    try:
        calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).close()
    except Exception:  # calamine raises many kinds for what is not a workbook
        return False
    return True


def sniff(data: bytes) -> FileType | None:
    """The file's real type from its content, or None when it is none of ours."""
    if data.startswith(ZIP_MAGIC):
        names = _zip_names(data)
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
        if "[Content_Types].xml" in names and "xl/workbook.bin" in names:
            return "xlsb"
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "content.xml" in names and b"opendocument.spreadsheet" in data[30:120]:
            return "ods"
        return None
    if data.startswith(OLE_MAGIC):  # .xls or WPS .et, if calamine can open it (a .doc cannot)
        return "xls" if _opens_as_workbook(data) else None
    if not data:
        return None
    text = decode_text(data)
    if text is None or any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        return None  # binary that happens to decode is not a table anyone typed
    return "csv"


def expect(data: bytes, allowed: tuple[FileType, ...], what: str) -> FileType:
    """The upload's type if it is one of ``allowed``; otherwise a refusal saying why."""
    if not data:
        raise UploadRefused("文件是空的（0 字节）")
    found = sniff(data)
    if found in allowed:
        return found
    if data.startswith(OLE_MAGIC) and "EncryptionInfo".encode("utf-16-le") in data:
        raise UploadRefused(PASSWORD)
    if data.startswith(OLE_MAGIC):
        raise UploadRefused("这是旧版 Excel（.xls）/ Word（.doc）/ WPS 格式；请在 Excel/WPS/Word 中“另存为”"
                            f"{what}后再上传")
    shown = {"xlsx": "Excel 工作簿", "xlsb": "Excel 工作簿", "ods": "表格", "docx": "Word 文档",
             "csv": "文本"}.get(found or "", "无法识别的文件")
    raise UploadRefused(f"上传的文件内容是{shown}，不是{what}；已拒绝")


def template_problems(name: str, data: bytes) -> list[Problem]:
    """An uploaded template or district form checked exactly as `houqin templates lint` checks
    it (a DOCTYPE/ENTITY refused, every tag and placeholder), under the name it will have."""
    from ..render.templates import lint_template

    with tempfile.TemporaryDirectory(prefix="houqin-lint-") as tmp:
        candidate = Path(tmp) / name
        candidate.write_bytes(data)
        return lint_template(candidate)  # the name says the kind
