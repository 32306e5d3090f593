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
from typing import Any

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


#: The box's page number (档案页号): top right, 1 cm in, in the size of a form's small text.
STAMP_MARGIN, STAMP_SIZE = 28.35, 10.5


def _stamp(page: Any, number: int) -> None:
    """The page's number within the box, so the paper box can be followed from its 卷内目录
    (each document keeps its own `— 1 —` too: the inspector's finding). Digits in Helvetica,
    a font every PDF reader has; placed in the page's unrotated corner that reads top right."""
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    box = page.mediabox
    left, bottom, width, height = float(box.left), float(box.bottom), float(box.width), float(box.height)
    text = str(number)
    rotation = page.rotation % 360
    across = 0.556 * STAMP_SIZE * len(text)  # Helvetica's digits are 556/1000 em wide
    shown_w, shown_h = (height, width) if rotation in (90, 270) else (width, height)
    sx, sy = shown_w - STAMP_MARGIN - across, shown_h - STAMP_MARGIN - STAMP_SIZE  # as the reader sees it
    x, y, matrix = {  # the shown point and the text's direction on the page as stored
        0: (sx, sy, "1 0 0 1"), 90: (width - sy, sx, "0 1 -1 0"),
        180: (width - sx, height - sy, "-1 0 0 -1"), 270: (sy, height - sx, "0 -1 1 0"),
    }.get(rotation, (sx, sy, "1 0 0 1"))
    x, y = left + x, bottom + y
    overlay = PageObject.create_blank_page(width=width, height=height)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    overlay[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/HQ"): font})})
    content = DecodedStreamObject()
    content.set_data(f"q BT /HQ {STAMP_SIZE} Tf {matrix} {x:.2f} {y:.2f} Tm ({text}) Tj ET Q".encode("ascii"))
    overlay[NameObject("/Contents")] = content
    page.merge_page(overlay)


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
    for number, page in enumerate(writer.pages[1:], start=2):  # the cover is page 1, unnumbered
        _stamp(page, number)
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
