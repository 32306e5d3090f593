"""What goes into which box: the manifest's documents and the office's attachments, in order.

A document is filed where its manifest entry says (``binder``, written from the kind's
declaration); an entry from before the binder existed falls back to its kind's box. A
workbook beside a Word document of the same name is the same form in two formats: the Word
document is filed, once. Within a category, generated documents come first, in the order
an archivist files a term (:data:`kinds.FILING`: 责任书, 计划, the records, 总结; Word
records before the workbooks that tally them; then by path in natural order, 2022年2月
before 2022年10月), then the office's own files by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ...errors import Location, Problem
from ...outputs.writer import Entry
from .. import FILING, registry
from .attachments import Attachment
from .boxes import BOXES, BY_NAME, Box

#: Where the binder writes, under outputs/ (never filed itself).
FOLDER = "档案盒"
FILED_SUFFIXES = (".docx", ".xlsx")


@dataclass(frozen=True)
class Filed:
    """One line of a box's 卷内目录."""

    category: str
    title: str
    period: str
    #: outputs/-relative path of a generated document, or the attachment's file.
    source: str
    sha256: str
    pages: int | None = None
    attachment: Attachment | None = None

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.source).suffix.lower()


@dataclass(frozen=True)
class Filing:
    box: Box
    items: tuple[Filed, ...]

    def in_category(self, category: str) -> list[Filed]:
        return [item for item in self.items if item.category == category]


def natural(text: str) -> list[object]:
    """Sort key with numbers compared as numbers: `2022年2月` before `2022年10月`."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def filing_key(entry: Entry) -> tuple[int, int, list[object]]:
    """Where a document stands in its category: its kind's place in :data:`FILING` (a kind
    no longer known files with the records), Word before Excel, then its path."""
    kind = registry().get(entry.kind)
    stage = FILING.index(kind.filing) if kind is not None else FILING.index("records")
    return stage, int(entry.path.lower().endswith(".xlsx")), natural(entry.path)


def _place(entry: Entry) -> tuple[str, str] | None:
    if entry.binder and len(entry.binder) == 2:
        return entry.binder[0], entry.binder[1]
    kind = registry().get(entry.kind)
    return kind.binder if kind is not None else None


def file_documents(entries: Iterable[Entry], outputs: Path, attachments: Sequence[Attachment]) -> list[Filing]:
    """Every box (an empty one too: its 卷内目录 says 无), its documents in category order."""
    candidates = [e for e in entries if PurePosixPath(e.path).suffix.lower() in FILED_SUFFIXES
                  and not e.path.startswith(f"{FOLDER}/") and (outputs / e.path).is_file()]
    words = {PurePosixPath(e.path).with_suffix("").as_posix() for e in candidates if e.path.lower().endswith(".docx")}
    placed: dict[tuple[str, str], list[Filed]] = {}
    for entry in sorted(candidates, key=filing_key):
        where = _place(entry)
        if where is None or where[0] not in BY_NAME or where[1] not in BY_NAME[where[0]].categories:
            continue
        if entry.path.lower().endswith(".xlsx") and PurePosixPath(entry.path).with_suffix("").as_posix() in words:
            continue
        placed.setdefault(where, []).append(Filed(where[1], entry.title, entry.period, entry.path, entry.sha256))
    # by file name within a category, also when two folders stand for it (`01 基本情况`, `基本情况`)
    for att in sorted(attachments, key=lambda a: natural(PurePosixPath(a.where).name)):
        placed.setdefault((att.box, att.category), []).append(
            Filed(att.category, att.title, "", att.where, att.sha256, att.pages, att))
    return [Filing(box, tuple(item for category in box.categories for item in placed.get((box.name, category), [])))
            for box in BOXES]


def unplaced(entries: Iterable[Entry]) -> list[Problem]:
    """Documents whose box or category is not in the table (a kind's typo, an old manifest
    of a renamed category): said, since they are in no box."""
    found = []
    for entry in entries:
        where = _place(entry) if PurePosixPath(entry.path).suffix.lower() in FILED_SUFFIXES else None
        if where is not None and (where[0] not in BY_NAME or where[1] not in BY_NAME[where[0]].categories):
            found.append(Problem(f"档案盒类目「{where[0]} / {where[1]}」不在档案盒目录中，这个文件没有装盒",
                                 Location(file=f"outputs/{entry.path}"), severity="warning"))
    return found
