"""Writing generated files safely: sanitised names, atomic writes, the manifest, edit protection.

A file is written to a temporary file in the same folder and renamed over the target, so
a crash or Ctrl-C never leaves half a document. `outputs/manifest.json` records every
file's sha256; a file whose bytes no longer match (a person edited it) is kept unless
``force``. Each write is first journalled (`.manifest.journal`, one JSON line a file), so a
batch killed half-way still knows which files it wrote, with memory flat as it grows.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import json
import os
import re
import time
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from .errors import Location, Problem, WorkspaceError

MANIFEST = "manifest.json"
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
JOURNAL = ".manifest.journal"
#: Name start of the temporary file each document is written to before its rename.
TEMP_PREFIX = ".~houqin-"
#: Windows refuses these names whatever the extension.
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
MAX_NAME = 100  # characters of a file name, leaving room under Windows' 260-character paths
_EXTENSION = re.compile(r"\.(docx|xlsx|pdf|zip|json|csv)$", re.I)
_TEMP_NUMBERS = itertools.count()


def safe_filename(name: str, fallback: str = "未命名") -> str:
    """A file name Windows, macOS and Linux all accept, built from data people typed.

    Path separators, `..`, forbidden characters, reserved device names, trailing dots and
    spaces and over-long names are all made harmless; the text stays readable Chinese.
    """
    text = unicodedata.normalize("NFC", name)
    if ext := _EXTENSION.search(text):  # the extension houqin adds stays apart from the data's name
        stem = FORBIDDEN.sub("_", text[:ext.start()]).replace("..", "_")
        stem, suffix = re.sub(r"\s+", " ", stem).lstrip(" ."), ext.group(1)
    else:
        text = FORBIDDEN.sub("_", text).replace("..", "_")
        text = re.sub(r"\s+", " ", text).strip().strip(".").strip()
        stem, dot, suffix = text.rpartition(".")
        if not dot or len(suffix) > 5 or not stem:
            stem, suffix = text, ""
    if stem.split(".")[0].upper() in RESERVED:
        stem = f"_{stem}"
    if len(stem) > MAX_NAME:
        stem = stem[:MAX_NAME].rstrip(" .")
    if not stem.strip("_ "):
        stem = fallback
    return f"{stem}.{suffix}" if suffix else stem


def unique_names(names: Iterable[str]) -> list[str]:
    """Distinct names in order: a second `张伟.docx` becomes `张伟（2）.docx`, deterministically."""
    seen: set[str] = set()
    result = []
    for name in names:
        stem, dot, suffix = name.rpartition(".")
        if not dot:
            stem, suffix = name, ""
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{stem}（{n}）" + (f".{suffix}" if suffix else "")
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


def normalise_zip(data: bytes) -> bytes:
    """The same package with fixed entry times, order and attributes (byte-identical output)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        names = src.namelist()
        order = sorted(names, key=lambda n: (n != "[Content_Types].xml", n))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in order:
                info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.external_attr = 0
                dst.writestr(info, src.read(name))
    return out.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write all of ``data`` or nothing: temp file in the same folder, fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The temp name is known before the file exists (unlike mkstemp), so a Ctrl-C at any
    # point after this line removes what it made.
    tmp = path.parent / f"{TEMP_PREFIX}{os.getpid()}-{next(_TEMP_NUMBERS)}.tmp"
    try:
        while True:
            try:  # 0o666 less the umask, as any other file the person saves
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
                break
            except FileExistsError:  # left by a killed process that had our pid
                tmp = path.parent / f"{TEMP_PREFIX}{os.getpid()}-{next(_TEMP_NUMBERS)}.tmp"
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Artifact:
    """One generated file, before it is written."""

    path: str  # relative to outputs/, POSIX separators
    data: bytes
    kind: str
    title: str
    period: str = ""
    inputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    path: str
    kind: str
    title: str
    period: str
    inputs: list[str]
    sha256: str


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def produced(self) -> list[str]:
        return self.written + self.unchanged


def _check_relative(path: str) -> PurePosixPath:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\\" in path:
        raise WorkspaceError(Problem(f"输出路径不安全：{path}", Location(file=path)))
    return pure


class OutputWriter:
    """Writes artifacts into outputs/ one at a time and keeps the manifest.

    Use as a context manager; the manifest is compacted when the batch ends, and the
    journal keeps what a killed batch wrote so the next run recognises its own files.
    """

    def __init__(self, outputs: Path, force: bool = False):
        self.outputs = outputs
        self.force = force
        self.report = WriteReport()
        self.entries: dict[str, Entry] = {}
        self.known: dict[str, set[str]] = {}
        #: Each source read (settings, inputs, templates) → its sha256, for the page's freshness.
        self.sources: dict[str, str] = {}
        self._sources_changed = False
        self._journal: IO[str] | None = None
        self._started = time.time()
        self._load()

    def _load(self) -> None:
        """Read what houqin wrote before; reading never changes outputs/ (the web page reads
        the manifest while a batch may be writing)."""
        manifest = self.outputs / MANIFEST
        if manifest.is_file():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
                self.sources = dict(data.get("sources", {}))
                for item in data.get("files", []):
                    entry = Entry(**item)
                    self.entries[entry.path] = entry
                    self.known.setdefault(entry.path, set()).add(entry.sha256)
            except (ValueError, TypeError, KeyError):
                pass  # a damaged manifest protects nothing; every file counts as a person's
        journal = self.outputs / JOURNAL
        if journal.is_file():
            for line in journal.read_text(encoding="utf-8").splitlines():
                try:
                    entry = Entry(**json.loads(line))
                except (ValueError, TypeError):
                    continue  # the last line of a killed batch may be cut short
                self.entries[entry.path] = entry
                self.known.setdefault(entry.path, set()).add(entry.sha256)

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def record_sources(self, sources: dict[str, str]) -> None:
        """What this batch was made from (merged over what earlier batches recorded)."""
        if any(self.sources.get(name) != value for name, value in sources.items()):
            self.sources.update(sources)
            self._sources_changed = True

    def is_edited(self, path: str) -> bool:
        """True when the file exists and is not exactly something houqin wrote there."""
        target = self.outputs / path
        if not target.is_file():
            return False
        return sha256(target.read_bytes()) not in self.known.get(path, set())

    def write(self, artifact: Artifact) -> str:
        """Write one artifact; returns 'written', 'unchanged' or 'kept'."""
        _check_relative(artifact.path)
        target = self.outputs / artifact.path
        digest = sha256(artifact.data)
        entry = Entry(artifact.path, artifact.kind, artifact.title, artifact.period,
                      list(artifact.inputs), digest)
        if target.is_file():
            current = sha256(target.read_bytes())
            if current == digest:
                self.entries[artifact.path] = entry
                self.report.unchanged.append(artifact.path)
                return "unchanged"
            if current not in self.known.get(artifact.path, set()) and not self.force:
                self.report.kept.append(artifact.path)
                return "kept"
        self._journal_entry(entry)
        atomic_write(target, artifact.data)
        self.entries[artifact.path] = entry
        self.known.setdefault(artifact.path, set()).add(digest)
        self.report.written.append(artifact.path)
        return "written"

    def _journal_entry(self, entry: Entry) -> None:
        if self._journal is None:
            self.outputs.mkdir(parents=True, exist_ok=True)
            self._journal = (self.outputs / JOURNAL).open("a", encoding="utf-8")
        self._journal.write(json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True) + "\n")
        self._journal.flush()

    def _sweep(self) -> None:
        """Remove temp files of a batch killed mid-write: never a document, only debris.

        Only those older than this batch: a temp file lives for one write, so one made
        since belongs to a batch still writing (a build in a terminal while the web page
        builds) and is left alone.
        """
        for stale in self.outputs.rglob(f"{TEMP_PREFIX}*.tmp"):
            with contextlib.suppress(OSError):  # gone meanwhile, or held open on Windows
                if stale.stat().st_mtime < self._started:
                    stale.unlink()

    def close(self) -> None:
        """Compact journal and manifest into manifest.json (sorted, no clock: deterministic)."""
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        if self.outputs.is_dir():
            self._sweep()
        changed = self._sources_changed and bool(self.entries)
        if not (self.report.written or changed or (self.outputs / JOURNAL).exists()):
            return
        files = [asdict(e) for _, e in sorted(self.entries.items())]
        manifest: dict[str, object] = {"generator": "houqin", "files": files}
        if self.sources:
            manifest["sources"] = self.sources
        text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
        atomic_write(self.outputs / MANIFEST, (text + "\n").encode("utf-8"))
        (self.outputs / JOURNAL).unlink(missing_ok=True)
