"""Photos named in the inputs: found, of a format Word shows, whole and of a sensible size.

Checked during `check` and before `build` writes anything, so a HEIC picture from a phone
or a half-copied file is a located error naming the row, never a failure while rendering.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from ..errors import Problem
from .records import Record

#: The folder under inputs/ that photos are named from.
PHOTO_DIR = "照片"
#: The columns of 隐患排查 that name photos.
PHOTO_COLUMNS = ("隐患照片", "整改照片")

#: What Word documents can show, as said to a person.
FORMATS = "JPG、PNG、GIF、BMP"
#: Bigger files or pictures are a mistake (a scan at 1200 dpi, a panorama), not a photo of a hazard.
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000


def _format_of(head: bytes) -> str | None:
    """The name of a picture format Word cannot show, from the file's first bytes."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
            return "HEIC"
        if brand in (b"avif", b"avis"):
            return "AVIF"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return None  # TIFF: python-docx reads it
    if head[:5] == b"%PDF-":
        return "PDF"
    return None


def _decodes(data: bytes) -> bool:
    """Whether the picture can be read to its end (a truncated or damaged file cannot).

    JPEG is decoded at an eighth of its size, PNG's chunks are checked against their
    checksums: both without building the full picture in memory.
    """
    try:
        from PIL import Image as PILImage
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib
        return True
    try:
        with PILImage.open(io.BytesIO(data)) as img:
            if img.format == "PNG":
                img.verify()
            else:
                if img.format == "JPEG":
                    img.draft("RGB", (max(1, img.width // 8), max(1, img.height // 8)))
                img.load()
    except Exception:  # noqa: BLE001 - any failure to read the picture means a damaged file
        return False
    return True


def photo_problem(name: str, path: Path) -> str | None:
    """Why the photo at ``path`` cannot go into a document (a Chinese reason), or None."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return (f"照片「{name}」太大（{size / 1024 / 1024:.1f} MB），超过 {MAX_BYTES // 1024 // 1024} MB；"
                "请压缩或缩小后再放入 inputs/照片/")
    data = path.read_bytes()
    fmt = _format_of(data[:16])
    convert = (f"Word 文档只能插入 {FORMATS} 格式的照片；请把它另存为 JPG"
               "（如用“画图”或“照片”打开后另存为），并把表格中的文件名改成新的文件名")
    if fmt:
        return f"照片「{name}」是 {fmt} 格式，{convert}"
    try:
        from docx.image.image import Image as DocxImage

        img = DocxImage.from_blob(data)
    except Exception:  # noqa: BLE001 - python-docx raises several kinds for unknown or cut headers
        if not data:
            return f"照片「{name}」是空文件（0 字节）；请重新复制或导出这张照片"
        return (f"照片「{name}」不是可识别的图片（可能已损坏，或是其他类型的文件）；"
                f"可用的格式是 {FORMATS}，请重新导出这张照片")
    width, height = img.px_width, img.px_height
    if width * height > MAX_PIXELS:
        return (f"照片「{name}」的尺寸太大（{width}×{height} 像素，约 {width * height / 1e6:.0f} 百万像素），"
                f"超过 {MAX_PIXELS // 1_000_000} 百万像素；请缩小后再使用")
    if not width or not height or not _decodes(data):
        return f"照片「{name}」已损坏，无法读取（可能没有复制完整）；请重新复制或导出这张照片"
    return None


def resolve_photos(folder: Path, records: Iterable[Record]) -> tuple[dict[str, Path], list[Problem]]:
    """Every photo the records name, each found and checked once; a bad one is a located error."""
    found: dict[str, Path] = {}
    bad: dict[str, str] = {}
    problems: list[Problem] = []
    inside = folder.resolve()
    for rec in records:
        for column in PHOTO_COLUMNS:
            for name in rec.get(column) or []:
                if name in found:
                    continue
                if name in bad:  # said again on each row that names it
                    problems.append(Problem(bad[name], rec.cell(column), name))
                    continue
                path = folder / name
                if not path.is_file() or inside not in path.resolve().parents:
                    reason: str | None = f"找不到照片「{name}」，应放在 inputs/{PHOTO_DIR}/ 中"
                else:
                    try:
                        reason = photo_problem(name, path)
                    except OSError:
                        reason = f"无法读取照片「{name}」（可能被其他程序占用或没有读取权限）；请关闭占用它的程序后重试"
                if reason:
                    bad[name] = reason
                    problems.append(Problem(reason, rec.cell(column), name))
                else:
                    found[name] = path
    return found, problems
