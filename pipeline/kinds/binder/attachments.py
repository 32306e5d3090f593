"""The office's own files under ``inputs/附件/<box>/<category>/``: found, checked, counted.

Only the office has them (insurance policies, licences, scans of signed 责任书, the campus
plan). Each must be a PDF, a JPG/PNG picture or a Word .docx that can be read to its end:
one that cannot is a located error before anything is written, so a box never goes to an
inspector with a blank where a scan should be.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError, Location, Problem
from .boxes import BOXES, BY_NAME, find_category

#: The folder under inputs/ (SPEC §5).
FOLDER = "附件"
PDF, IMAGES, DOCX = (".pdf",), (".jpg", ".jpeg", ".png"), (".docx",)
SUFFIXES = PDF + IMAGES + DOCX


@dataclass(frozen=True)
class Attachment:
    box: str
    category: str
    path: Path
    where: str  # inputs/附件/安全工作/01 基本情况/校园平面图.pdf, as messages name it
    title: str  # the file name without its extension
    sha256: str
    #: Its pages: a PDF's own, 1 for a picture, a .docx's as Word last counted them (None if
    #: it never did; the box PDF counts them after conversion).
    pages: int | None

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()


def _ignored(path: Path) -> bool:
    """Files a person's system leaves around: Word's lock files, Thumbs.db, .DS_Store."""
    return path.name.startswith(("~$", ".")) or path.name.lower() in ("thumbs.db", "desktop.ini")


def pdf_pages(data: bytes) -> int:
    """A PDF's page count; raises ValueError when it cannot be read (damaged, cut short, locked)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("有打开密码")
        count = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 - a damaged page tree fails here, not in the box PDF
    except (PyPdfError, OSError, KeyError, TypeError, AttributeError, RecursionError) as err:
        raise ValueError("已损坏或不完整") from err
    except ValueError:
        raise
    if count == 0:
        raise ValueError("没有页面")
    return count


def _image_ok(data: bytes) -> bool:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            return img.format in ("JPEG", "PNG") and img.width > 0 and img.height > 0
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False


def _docx_pages(data: bytes) -> int | None:
    """A .docx's page count as Word or WPS last saved it (docProps/app.xml); raises
    ValueError when it is not a readable Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "word/document.xml" not in names:
                raise ValueError("不是 Word 文档")
            package.read("word/document.xml")  # a cut-off file fails its checksum here
            app = package.read("docProps/app.xml").decode("utf-8", "replace") if "docProps/app.xml" in names else ""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as err:
        raise ValueError("已损坏或不完整") from err
    found = re.search(r"<(?:\w+:)?Pages>\s*(\d+)\s*<", app)
    return int(found.group(1)) if found and int(found.group(1)) > 0 else None


def _read(path: Path, where: str) -> tuple[bytes, int | None] | Problem:
    """The file's bytes and page count, or why it cannot go into a box."""
    try:
        data = path.read_bytes()
    except OSError:
        return Problem("无法读取这个附件（文件被占用或没有权限）；请关闭打开它的程序后重试", Location(file=where))
    suffix = path.suffix.lower()
    if suffix in PDF:
        try:
            return data, pdf_pages(data)
        except ValueError as err:
            return Problem(f"无法读取这个 PDF 附件（{err}）；请重新扫描或导出为 PDF 后再放入", Location(file=where))
    if suffix in IMAGES:
        if not _image_ok(data):
            return Problem("无法读取这张图片（已损坏、不完整或不是 JPG/PNG）；请重新保存为 JPG 或 PNG 后再放入",
                           Location(file=where))
        return data, 1
    try:
        return data, _docx_pages(data)
    except ValueError as err:
        return Problem(f"无法读取这个 Word 附件（{err}）；请用 Word 或 WPS 打开后另存为 .docx 再放入",
                       Location(file=where))


def scan(root: Path) -> tuple[list[Attachment], list[Problem]]:
    """Every attachment, by box, category and file name; raises InputError listing every
    unreadable file and misplaced folder. Warnings: files of other types, left out."""
    base = root / "inputs" / FOLDER
    found: list[Attachment] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if not base.is_dir():
        return [], []
    boxes = "、".join(box.name for box in BOXES)
    for box_dir in sorted(base.iterdir(), key=lambda p: p.name):
        if _ignored(box_dir):
            continue
        where_box = f"inputs/{FOLDER}/{box_dir.name}"
        box = BY_NAME.get(box_dir.name.strip())
        if not box_dir.is_dir() or box is None:
            problems.append(Problem(f"附件应放在档案盒的文件夹里（{boxes}），再按类目分文件夹",
                                    Location(file=where_box)))
            continue
        for category_dir in sorted(box_dir.iterdir(), key=lambda p: p.name):
            if _ignored(category_dir):
                continue
            where_category = f"{where_box}/{category_dir.name}"
            category = find_category(box, category_dir.name) if category_dir.is_dir() else None
            if category is None:
                problems.append(Problem(
                    f"「{box.name}」盒中没有这个类目；附件应放在类目文件夹里：{'、'.join(box.categories)}",
                    Location(file=where_category)))
                continue
            for path in sorted(category_dir.rglob("*"), key=lambda p: p.relative_to(category_dir).as_posix()):
                if not path.is_file() or _ignored(path):
                    continue
                where = f"{where_category}/{path.relative_to(category_dir).as_posix()}"
                if path.suffix.lower() not in SUFFIXES:
                    warnings.append(Problem("档案盒只收 PDF、JPG/PNG 图片和 Word（.docx）文件，这个文件没有放入",
                                            Location(file=where), severity="warning"))
                    continue
                read = _read(path, where)
                if isinstance(read, Problem):
                    problems.append(read)
                    continue
                data, pages = read
                found.append(Attachment(box.name, category, path, where, path.stem,
                                        hashlib.sha256(data).hexdigest(), pages))
    if problems:
        raise InputError(problems)
    return found, warnings
