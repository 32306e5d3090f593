"""What a zip-based Office file may unpack to, checked before anything parses it.

A .docx or .xlsx is a zip: a file of a few hundred KB can hold an XML part of gigabytes
(a zip bomb), which python-docx, docxtpl and openpyxl would read whole into memory. The
sizes are in the zip's directory, so the check costs nothing and runs first.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MiB = 1024 * 1024
#: Templates and district forms: a real one has XML parts of a few MB at most.
TEMPLATE_PART = 32 * MiB
TEMPLATE_TOTAL = 256 * MiB
#: Input workbooks: a 50,000-row sheet is tens of MB of XML; beyond this it is not a school's.
WORKBOOK_TOTAL = 512 * MiB
#: Unpacked / packed above this, for anything over 50 MB unpacked: a bomb, not a document.
MAX_RATIO = 200
BOMB = "文件解压后异常巨大（疑似压缩炸弹），已拒绝读取"


def oversize(infos: list[zipfile.ZipInfo], *, total_limit: int, part_limit: int | None = None) -> str | None:
    """Why these zip entries are too large to unpack, or None."""
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > total_limit or (total > 50 * MiB and total / packed > MAX_RATIO):
        return BOMB
    if part_limit is not None and any(i.file_size > part_limit and i.filename.endswith((".xml", ".rels"))
                                      for i in infos):
        return BOMB
    return None


def template_oversize(source: bytes | Path) -> str | None:
    """Why a template (.docx, or a district's .xlsx form) must not be opened, or None.

    A file that is not a zip at all is left to the reader, which says so in its own words.
    """
    try:
        handle = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError):
        return None
    with handle:
        return oversize(handle.infolist(), total_limit=TEMPLATE_TOTAL, part_limit=TEMPLATE_PART)
