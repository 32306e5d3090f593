"""Writing generated files safely: sanitised names, atomic writes, the manifest, edit protection.

A file is written to a temporary file in the same folder and renamed over the target, so
a crash or Ctrl-C never leaves half a document. `outputs/manifest.json` records every
file's sha256; a file whose bytes no longer match (a person edited it) is kept unless
``force``. Each write is first journalled (`.manifest.journal`, one JSON line a file), so a
batch killed half-way still knows which files it wrote, with memory flat as it grows.

Before the first write, ``preflight`` checks the whole planned set: names every system
accepts (in UTF-8 bytes), folders that are folders, no link leading out of the workspace.
Files the inputs no longer produce are moved to `outputs/旧文件/` (``retire``), never deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import re
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from ..errors import Location, Problem, WorkspaceError

MANIFEST = "manifest.json"
JOURNAL = ".manifest.journal"
#: Name start of the temporary file each document is written to before its rename.
TEMP_PREFIX = ".~houqin-"
#: Windows refuses these names whatever the extension.
RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            *(f"{port}{n}" for port in ("COM", "LPT") for n in "0123456789¹²³")}
FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
#: File systems allow 255 bytes per path component (ext4, NTFS counts UTF-16 units: fewer).
MAX_COMPONENT_BYTES = 255
#: What houqin makes of a name from data: well under the limit (≈40 Chinese characters),
#: leaving room under Windows' 260-character paths for the folders above outputs/.
SAFE_NAME_BYTES = 120
_EXTENSION = re.compile(r"\.(docx|xlsx|pdf|zip|json|csv)$", re.I)
_TEMP_NUMBERS = itertools.count()
#: Where documents the current inputs no longer produce are moved (never deleted unseen).
RETIRED = "旧文件"


def _utf8(text: str) -> int:
    return len(text.encode("utf-8"))


def _shorten(stem: str, suffix: str, limit: int = SAFE_NAME_BYTES) -> str:
    """``stem`` cut so `stem.suffix` fits in ``limit`` UTF-8 bytes, ending in `~` and a short
    hash of the whole stem: stable from run to run, and two long names that differ only
    past the cut still get different names."""
    room = limit - (_utf8(suffix) + 1 if suffix else 0)
    if _utf8(stem) <= room:
        return stem
    tag = "~" + hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    cut = stem.encode("utf-8")[:room - len(tag)].decode("utf-8", "ignore").rstrip(" .")
    return cut + tag


def safe_filename(name: str, fallback: str = "未命名") -> str:
    """A file name Windows, macOS and Linux all accept, built from data people typed.

    Path separators, `..`, forbidden characters, reserved device names, trailing dots and
    spaces and over-long names (counted in UTF-8 bytes, as file systems count) are all made
    harmless; the text stays readable Chinese.
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
    if _reserved(stem):
        stem = f"_{stem}"
    stem = _shorten(stem, suffix)
    if not stem.strip("_ "):
        stem = fallback
    return f"{stem}.{suffix}" if suffix else stem


def _reserved(name: str) -> bool:
    """`CON`, `com1.txt`, `NUL .docx`: names Windows keeps for devices, whatever follows."""
    return name.split(".")[0].strip(" ").upper() in RESERVED


def unique_names(names: Iterable[str]) -> list[str]:
    """Distinct names in order: a second `张伟.docx` becomes `张伟（2）.docx`, deterministically
    (compared as Windows compares them, ignoring case); never longer than a safe name."""
    seen: set[str] = set()
    result = []
    for name in names:
        stem, dot, suffix = name.rpartition(".")
        if not dot:
            stem, suffix = name, ""
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            mark = f"（{n}）"
            candidate = _shorten(stem, suffix, SAFE_NAME_BYTES - _utf8(mark)) + mark + (f".{suffix}" if suffix else "")
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


def name_problem(part: str) -> str:
    """Why one path component cannot be a file or folder name on every system, or ""."""
    size = _utf8(part)
    if size > MAX_COMPONENT_BYTES:
        return f"文件名太长（{size} 字节，最多 {MAX_COMPONENT_BYTES} 字节，约 85 个汉字）"
    if FORBIDDEN.search(part):
        return "文件名中有 Windows 不允许的字符（< > : \" / \\ | ? * 或控制字符）"
    if _reserved(part):
        return "文件名是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM1…、LPT1…）"
    if part.endswith((".", " ")):
        return "文件名以句点或空格结尾，Windows 不接受"
    return ""


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
    except BaseException as err:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(err, OSError) and err.filename is None:
            err.filename = str(path)  # a full disk fails in write(), which names no file
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
    #: The inspection binder's (box, category) it is filed in (SPEC §5), if any.
    binder: tuple[str, str] | None = None


@dataclass(frozen=True)
class Entry:
    path: str
    kind: str
    title: str
    period: str
    inputs: list[str]
    sha256: str
    #: [box, category] of the binder; absent in manifests written before the binder.
    binder: list[str] | None = None


def entry_record(entry: Entry) -> dict[str, object]:
    """An entry as the manifest and journal store it: no ``binder`` key when it has none,
    so a file outside the binder reads exactly as before."""
    record = asdict(entry)
    if record["binder"] is None:
        del record["binder"]
    return record


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


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path``, its links followed, stays inside the (resolved) workspace ``root``."""
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a link loop
        return False


def _where(path: Path, outputs: Path) -> str:
    return (Path("outputs") / path.relative_to(outputs)).as_posix() if path != outputs else "outputs"


def _link_problem(path: Path, outputs: Path) -> Problem:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return Problem(f"这是指向工作区以外（{target}）的链接；houqin 不会往工作区以外写文件。"
                   "请删除这个链接（或换成普通文件夹）后重试", Location(file=_where(path, outputs)))


#: The longest whole path: Windows' MAX_PATH (259 characters, unless long paths are
#: enabled, which houqin cannot know), elsewhere PATH_MAX (4095 bytes).
MAX_PATH = 259 if os.name == "nt" else 4095


def _path_length(path: Path) -> int:
    return len(str(path)) if os.name == "nt" else len(os.fsencode(path))


def preflight(outputs: Path, paths: Iterable[str], max_path: int = MAX_PATH) -> None:
    """Everything that would stop a write, found before the first one: raises WorkspaceError
    listing all of it.

    Each planned path must be a name every system accepts (255 UTF-8 bytes a component,
    no Windows-reserved name or character, no trailing dot or space), distinct as Windows
    compares names; outputs/ and every folder on the way must be a folder (not a file),
    every target and the manifest a file (not a folder), and no link may lead outside the
    workspace.
    """
    root = outputs.parent.resolve()
    if os.path.lexists(outputs):
        if not _inside(outputs, root):
            raise WorkspaceError(_link_problem(outputs, outputs))
        if not outputs.is_dir():
            raise WorkspaceError(Problem("这里应是存放生成文档的文件夹，但现在是一个文件；请把这个文件改名或移走后重试",
                                         Location(file="outputs")))
    problems: list[Problem] = []
    for name in (MANIFEST, JOURNAL):
        if os.path.lexists(outputs / name) and not (outputs / name).is_file():
            problems.append(Problem("这里应是 houqin 的记录文件，但现在是一个文件夹；请把这个文件夹改名或移走后重试",
                                    Location(file=f"outputs/{name}")))
    folders: dict[Path, bool] = {outputs: True}
    seen: dict[str, str] = {}
    for path in paths:
        try:
            pure = _check_relative(path)
        except WorkspaceError as err:
            problems.extend(err.problems)
            continue
        where = f"outputs/{path}"
        reasons = [r for r in map(name_problem, pure.parts) if r]
        if reasons:
            problems.append(Problem(reasons[0] + "；请缩短或修改表格中用作文件名的文字", Location(file=where)))
            continue
        other = seen.setdefault(path.casefold(), path)
        if other != path:
            problems.append(Problem(f"与「outputs/{other}」只差大小写，Windows 上是同一个文件", Location(file=where)))
        folder = outputs
        for part in pure.parts[:-1]:
            folder = folder / part
            if folder not in folders:
                folders[folder] = True
                if os.path.lexists(folder):
                    if not _inside(folder, root):
                        problems.append(_link_problem(folder, outputs))
                        folders[folder] = False
                    elif not folder.is_dir():
                        problems.append(Problem("这里应是一个文件夹，但现在是一个文件；请把这个文件改名或移走后重试",
                                                Location(file=_where(folder, outputs))))
                        folders[folder] = False
            if not folders[folder]:
                break
        else:
            target = outputs / pure
            length = _path_length(target.absolute())
            if length > max_path:
                problems.append(Problem(
                    f"完整路径太长（{length}，最多 {max_path}）；请把工作区放到路径更短的文件夹（如 D:\\后勤）后重试",
                    Location(file=where)))
            elif os.path.lexists(target):
                if target.is_symlink() and not _inside(target, root):
                    problems.append(_link_problem(target, outputs))
                elif target.is_dir():
                    problems.append(Problem("这里应是一个文件，但现在是一个文件夹；请把这个文件夹改名或移走后重试",
                                            Location(file=where)))
    if problems:
        raise WorkspaceError(problems)


def load_entries(outputs: Path) -> list[Entry]:
    """The manifest's entries, then the journal's (a killed batch's writes), in that order."""
    found: list[Entry] = []
    manifest = outputs / MANIFEST
    if manifest.is_file():
        # A damaged manifest protects nothing; every file counts as a person's.
        with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
            found.extend(Entry(**item) for item in json.loads(manifest.read_text(encoding="utf-8")).get("files", []))
    journal = outputs / JOURNAL
    if journal.is_file():
        for line in journal.read_text(encoding="utf-8").splitlines():
            try:
                found.append(Entry(**json.loads(line)))
            except (ValueError, TypeError):
                continue  # the last line of a killed batch may be cut short
    return found


def stale_paths(entries: Iterable[Entry], kinds: set[str], produced: set[str]) -> list[str]:
    """Files of these kinds the manifest lists that this run did not produce: made from
    inputs that have changed since (a person left the staff list, a --period outside the
    term). The PDF of a document still produced is not stale."""
    stale = set()
    for entry in entries:
        if entry.kind not in kinds or entry.path in produced:
            continue
        if entry.path.lower().endswith(".pdf") and entry.inputs and entry.inputs[0] in produced:
            continue
        stale.add(entry.path)
    return sorted(stale)


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
        self._dropped = False
        #: Folders already seen to lie inside the workspace (links followed).
        self._inside: set[Path] = set()
        self._load()

    def _load(self) -> None:
        """Read what houqin wrote before; reading never changes outputs/ (the web page reads
        the manifest while a batch may be writing)."""
        manifest = self.outputs / MANIFEST
        if manifest.is_file():
            with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
                self.sources = dict(json.loads(manifest.read_text(encoding="utf-8")).get("sources", {}))
        for entry in load_entries(self.outputs):
            self.entries[entry.path] = entry
            self.known.setdefault(entry.path, set()).add(entry.sha256)

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.close()
            return
        # Something stopped the batch (a full disk, Ctrl-C): record what was written if
        # possible, but the first failure is what the person must hear about.
        with contextlib.suppress(OSError):
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
        self._stay_inside(target)
        digest = sha256(artifact.data)
        entry = Entry(artifact.path, artifact.kind, artifact.title, artifact.period,
                      list(artifact.inputs), digest, list(artifact.binder) if artifact.binder else None)
        if target.is_file():
            current = sha256(target.read_bytes())
            if current == digest:
                if self.entries.get(artifact.path, entry).binder != entry.binder:
                    self._dropped = True  # filed elsewhere now (or first filed): the manifest says so
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

    def _stay_inside(self, target: Path) -> None:
        """Never write through a link that leaves the workspace, even one made after the
        preflight: each folder is checked once, and the file itself if it is a link."""
        folder = target.parent
        if folder not in self._inside:
            root = self.outputs.parent.resolve()
            probe = folder
            while not os.path.lexists(probe) and probe != self.outputs:
                probe = probe.parent  # a folder still to be made: what exists above it decides
            if not _inside(probe, root):
                raise WorkspaceError(_link_problem(probe, self.outputs))
            if probe == folder:
                self._inside.add(folder)
        if target.is_symlink() and not _inside(target, self.outputs.parent.resolve()):
            raise WorkspaceError(_link_problem(target, self.outputs))

    def retire(self, paths: Iterable[str]) -> list[tuple[str, str]]:
        """Move files the current inputs no longer produce into outputs/旧文件/ (same
        relative path, `（2）` when taken) and drop them from the manifest; returns
        (old path, new path) of each file moved. Never deletes a file."""
        moved = []
        for path in paths:
            _check_relative(path)
            source = self.outputs / path
            if source.is_symlink() or not source.is_file():
                self.entries.pop(path, None)  # gone already: only the manifest's line goes
                self._dropped = True
                continue
            pure = PurePosixPath(RETIRED) / path
            target, n = pure, 1
            while os.path.lexists(self.outputs / target):
                n += 1
                target = pure.with_name(f"{pure.stem}（{n}）{pure.suffix}")
            (self.outputs / target).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, self.outputs / target)
            self.entries.pop(path, None)
            self._dropped = True
            moved.append((path, target.as_posix()))
        return moved

    def _journal_entry(self, entry: Entry) -> None:
        if self._journal is None:
            self.outputs.mkdir(parents=True, exist_ok=True)
            self._journal = (self.outputs / JOURNAL).open("a", encoding="utf-8")
        self._journal.write(json.dumps(entry_record(entry), ensure_ascii=False, sort_keys=True) + "\n")
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
        if not (self.report.written or changed or self._dropped or (self.outputs / JOURNAL).exists()):
            return
        files = [entry_record(e) for _, e in sorted(self.entries.items())]
        manifest: dict[str, object] = {"generator": "houqin", "files": files}
        if self.sources:
            manifest["sources"] = self.sources
        text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
        atomic_write(self.outputs / MANIFEST, (text + "\n").encode("utf-8"))
        (self.outputs / JOURNAL).unlink(missing_ok=True)
