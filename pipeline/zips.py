"""The one deterministic zip writer: every .docx, .xlsx and the outputs package goes through it.

Same entries in, same bytes out: every entry is dated 1980-01-01 00:00 (the earliest DOS
date), read-write for its owner, with no extra fields and no data descriptors, in the order
given. An
entry keeps its compressed bytes as stored, so a compiled template copies its unchanged
parts without inflating them again (pipeline/render/word.py), and a zip made elsewhere
(python-docx, openpyxl, xlsxwriter) is rewritten entry by entry (:func:`normalise_zip`).
The headers are the ones Python's zipfile writes for such entries, so a file written before
this module existed reads back byte for byte the same.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO

from .errors import HouqinError

_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_LIMIT = 0xFFFFFFFF
_VERSION = 20  # 2.0: deflate; made by MS-DOS
#: Read and write for the owner (as zipfile writes an entry without permissions).
_ATTRIBUTES = 0o600 << 16
UTF8_FLAG = 0x800
#: zlib's default: what a part compressed once (a template's, a workbook's) gets.
DEFAULT_LEVEL = 6


class ZipTooLarge(HouqinError):
    """A file or the whole zip passes 4 GB (this writer does not write ZIP64)."""


@dataclass(frozen=True)
class ZipEntry:
    """One member as it is stored: its name, flags, method, CRC, sizes and (compressed) bytes."""

    name: bytes
    flags: int
    method: int
    crc: int
    csize: int
    usize: int
    data: bytes

    @classmethod
    def deflate(cls, name: str, raw: bytes, level: int = DEFAULT_LEVEL) -> ZipEntry:
        data = zlib.compress(raw, level, wbits=-15)
        return cls(*_name_flags(name), zipfile.ZIP_DEFLATED, zlib.crc32(raw), len(data), len(raw), data)

    @classmethod
    def stored(cls, name: str, raw: bytes) -> ZipEntry:
        """Kept as it is (a member that is itself compressed: a .docx, a picture)."""
        return cls(*_name_flags(name), zipfile.ZIP_STORED, zlib.crc32(raw), len(raw), len(raw), raw)

    def local(self) -> bytes:
        return _LOCAL.pack(b"PK\x03\x04", _VERSION, self.flags, self.method, _DOS_TIME, _DOS_DATE,
                           self.crc, self.csize, self.usize, len(self.name), 0) + self.name

    def central(self, offset: int) -> bytes:
        return _CENTRAL.pack(b"PK\x01\x02", _VERSION, _VERSION, self.flags, self.method, _DOS_TIME, _DOS_DATE,
                             self.crc, self.csize, self.usize, len(self.name), 0, 0, 0, 0, _ATTRIBUTES,
                             offset) + self.name


def _name_flags(name: str) -> tuple[bytes, int]:
    """The name's bytes and flags: UTF-8 with the flag (bit 11) set when not ASCII, so
    Windows Explorer, WPS and 7-Zip show Chinese names, not mojibake."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), UTF8_FLAG


class ZipWriter:
    """Entries written to ``handle`` as they come (a package of PDFs never sits in memory);
    :meth:`close` writes the central directory."""

    def __init__(self, handle: IO[bytes]):
        self._handle = handle
        self._central: list[bytes] = []
        self._offset = 0

    def add(self, entry: ZipEntry) -> None:
        if max(entry.csize, entry.usize, self._offset) >= _LIMIT:
            raise ZipTooLarge("生成的文件超过 4 GB，无法保存")
        self._central.append(entry.central(self._offset))
        head = entry.local()
        self._handle.write(head)
        self._handle.write(entry.data)
        self._offset += len(head) + entry.csize

    def close(self) -> None:
        directory = b"".join(self._central)
        if self._offset + len(directory) >= _LIMIT:
            raise ZipTooLarge("生成的文件超过 4 GB，无法保存")
        count = len(self._central)
        self._handle.write(directory)
        self._handle.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), self._offset, 0))


def write_zip(entries: Iterable[ZipEntry]) -> bytes:
    """A zip of the entries in order: the same entries give the same bytes."""
    out = io.BytesIO()
    writer = ZipWriter(out)
    for entry in entries:
        writer.add(entry)
    writer.close()
    return out.getvalue()


def raw_entries(data: bytes) -> Iterator[tuple[str, ZipEntry]]:
    """Each entry of a zip with its compressed bytes as stored, in the zip's order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            fields = _LOCAL.unpack_from(data, info.header_offset)
            start = info.header_offset + _LOCAL.size + fields[9] + fields[10]
            name, flags = _name_flags(info.filename)
            yield info.filename, ZipEntry(name, flags, info.compress_type, info.CRC, info.compress_size,
                                          info.file_size, data[start:start + info.compress_size])


def package_parts(parts: Mapping[str, bytes]) -> bytes:
    """An Office package of ``parts``: [Content_Types].xml first, then by name, each deflated."""
    order = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))
    return write_zip(ZipEntry.deflate(name, parts[name]) for name in order)


def normalise_zip(data: bytes) -> bytes:
    """The same package with fixed entry times, order and attributes (byte-identical output)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return package_parts({name: src.read(name) for name in src.namelist()})
