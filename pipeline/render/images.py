"""Pictures in Word documents: ``{{ photo }}`` placed at its size, on either render path.

The fast path only notes a document's pictures (it is then rendered again through
docxtpl, which makes each picture a part with its own relationship); the slow path is
docxtpl's own InlineImage.
"""

from __future__ import annotations

import contextvars
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

#: During a render: a list (fast path: images are noted there) or the slow path's DocxTemplate.
IMAGES: contextvars.ContextVar[Any] = contextvars.ContextVar("images", default=None)


@dataclass(frozen=True)
class Image:
    """A picture placed where the variable is (``{{ photo }}``), sized in millimetres.

    A document with images renders through docxtpl itself (about 20–30 ms instead of about
    1 ms), since each picture becomes a new part with its own relationship. docxtpl's own
    ``InlineImage`` works too, made with any (or no) template: ``InlineImage(None, path, Mm(30))``.
    """

    source: bytes | Path
    width_mm: float | None = None
    height_mm: float | None = None

    def data(self) -> bytes:
        return self.source if isinstance(self.source, bytes) else Path(self.source).read_bytes()

    def __html__(self) -> str:
        return place_image(self)

    def __str__(self) -> str:
        return place_image(self)


def place_image(image: Image | InlineImage) -> str:
    mode = IMAGES.get()
    if isinstance(mode, list):  # fast path: note it; the document is rendered again by docxtpl
        mode.append(image)
        return ""
    if isinstance(mode, DocxTemplate):
        if isinstance(image, Image):
            width = Mm(image.width_mm) if image.width_mm else None
            height = Mm(image.height_mm) if image.height_mm else None
            return InlineImage(mode, io.BytesIO(image.data()), width, height).__html__()
        return InlineImage(mode, image.image_descriptor, image.width, image.height,
                           image.anchor).__html__()
    raise TypeError("Image can only be rendered by CompiledDocx.render")


