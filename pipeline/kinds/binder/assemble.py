"""One PDF per box: cover, 卷内目录, then each category's documents, merged page for page
with pypdf, with a bookmark per category and per document.

The box records what it was made from (a fingerprint of its documents' sha256s, its
attachments, its settings and templates) in its own metadata, so a re-run with nothing
changed leaves it alone; LibreOffice's PDFs differ in their font subsets from run to run,
so comparing bytes could never say "unchanged".
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: The metadata key holding the fingerprint (a PDF name: no spaces, ASCII).
FINGERPRINT = "/HouqinSources"
#: A4 in PDF points, and the margin round a placed picture (1.5 cm).
A4_POINTS = (595.28, 841.89)
IMAGE_MARGIN = 42.5


@dataclass(frozen=True)
class Part:
    """A run of pages in the box: the cover, the contents, or one filed item."""

    title: str  # its bookmark
    data: bytes  # a PDF
    category: str = ""  # "" for the cover and the contents


def fingerprint(values: object) -> str:
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def recorded(pdf: Path) -> str:
    """The fingerprint a box PDF was made with, or "" (not ours, damaged, missing)."""
    from pypdf import PdfReader

    try:
        meta = PdfReader(pdf).metadata or {}
        return str(meta.get(FINGERPRINT, ""))
    except Exception:  # noqa: BLE001 - any unreadable file is simply not current
        return ""


def image_pdf(data: bytes) -> bytes:
    """A picture (a scan, a photo of a licence) on an A4 page, scaled to fit within the
    margins and centred, turned to landscape when the picture is wider than tall."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as img:
        picture = ImageOps.exif_transpose(img).convert("RGB")
    width, height = A4_POINTS if picture.height >= picture.width else A4_POINTS[::-1]
    scale = min((width - 2 * IMAGE_MARGIN) / picture.width, (height - 2 * IMAGE_MARGIN) / picture.height)
    dpi = 72 / scale
    page = Image.new("RGB", (round(width / 72 * dpi), round(height / 72 * dpi)), "white")
    page.paste(picture, ((page.width - picture.width) // 2, (page.height - picture.height) // 2))
    out = io.BytesIO()
    page.save(out, "PDF", resolution=dpi, quality=90)
    return _strip_dates(out.getvalue())


def _strip_dates(data: bytes) -> bytes:
    """Pillow stamps the clock into its PDF: rewritten by pypdf without it."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(data)))
    writer.metadata = None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pages_of(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def merge(parts: Sequence[Part], categories: Sequence[str], title: str, print_fingerprint: str) -> bytes:
    """The box PDF: parts in order; bookmarks 封面, 卷内目录, every category (an empty one
    points at the contents, which says 无) with its documents beneath."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject

    writer = PdfWriter()
    starts: list[int] = []
    for part in parts:
        starts.append(len(writer.pages))
        writer.append(PdfReader(io.BytesIO(part.data)), import_outline=False)
    contents_page = next((s for s, p in zip(starts, parts, strict=True) if p.title == "卷内目录"), 0)
    for start, part in zip(starts, parts, strict=True):
        if not part.category:
            writer.add_outline_item(part.title, start)
    for category in categories:
        members = [(s, p) for s, p in zip(starts, parts, strict=True) if p.category == category]
        if not members:
            writer.add_outline_item(f"{category}（无）", contents_page)
            continue
        parent = writer.add_outline_item(category, members[0][0])
        for start, part in members:
            writer.add_outline_item(part.title, start, parent=parent)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": title, "/Producer": "houqin", FINGERPRINT: print_fingerprint})
    # Same parts, same bytes: pypdf's /ID is derived from the content, set it ourselves anyway
    digest = hashlib.md5(print_fingerprint.encode("ascii") + b"".join(hashlib.sha256(p.data).digest()
                                                                      for p in parts)).hexdigest()
    ident = ByteStringObject(bytes.fromhex(digest))
    writer._ID = ArrayObject([ident, ident])  # noqa: SLF001 - pypdf's documented way to fix the /ID
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
