"""The inspection package: outputs/ packed into `outputs/<学校>_<学期>_检查材料.zip`.

``pack(root: Path, name: str | None = None) -> Path`` packs the files that
`outputs/manifest.json` lists and that are still on disk, and returns the zip's path.
``name`` is the zip's file name; by default it is made from the settings (school and term,
or, when houqin.toml has no [term], the term the last build recorded in the manifest: the
page shows this name on every view, and inferring the term again would read every input
workbook each time, seconds on a large term). What goes in, and how:

- only files the manifest lists: never the zip itself, the manifest or its journal, a
  temporary file, a stale file a person left in outputs/, or a PDF older than the
  document it was made from;
- never a link (a file or folder under outputs/ that is a symlink may lead outside the
  workspace), nor a file whose sha256 differs from the manifest's: both are left out
  and listed (``pack_checked``);
- names are the paths under outputs/ in UTF-8 with the zip UTF-8 flag (bit 11) set, so
  Windows Explorer, WPS and 7-Zip show the Chinese names, not mojibake;
- entries sorted, a fixed time and fixed attributes: the same outputs give the same bytes;
- written to a temporary file and renamed over the old zip, and only when the bytes
  differ, so a rebuild with nothing changed rewrites nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from ..errors import Location, Problem
from .writer import JOURNAL, MANIFEST, preflight, safe_filename
from ..workspace import Workspace
from ..zips import ZipEntry, ZipWriter

#: Entries already compressed (Office packages, PDFs' own streams, images): stored as is.
STORED = {".docx", ".xlsx", ".png", ".jpg", ".jpeg", ".zip"}
#: A period that is a whole term, as Term.label writes it: `2021—2022学年第二学期`.
_TERM = re.compile(r"^\d{4}\D\d{4}学年第.学期$")


def zip_name(school: str, term: str) -> str:
    """`常州市新北区薛家实验小学_2021—2022学年第二学期_检查材料.zip`, made safe for Windows."""
    parts = [p for p in (school.strip(), term.strip()) if p]
    return safe_filename("_".join([*parts, "检查材料"]) + ".zip")


def default_name(root: Path) -> str:
    """The zip's name from the settings' school and term; an unset term is the one the
    documents in outputs/ were built for (never the data read again: see the module)."""
    from ..settings import load_settings

    settings, _ = load_settings(root)
    term = settings.term.label if settings.term.year else built_term(Workspace(root).outputs)
    return zip_name(settings.school.name, term)


def built_term(outputs: Path) -> str:
    """The term in the manifest: the period of a document made after the build (the 目录: a
    build writes the term it used there, set or inferred), else the commonest term-shaped
    period; "" when there is none."""
    from ..kinds import registry

    after = {kind.name for kind in registry().values() if kind.after_build is not None}
    entries = [(str(item.get("kind", "")), str(item.get("period", "")))
               for item in _manifest_files(outputs) if isinstance(item, dict)]
    for kind, period in entries:
        if kind in after and period:
            return period
    terms = Counter(period for _, period in entries if _TERM.match(period))
    return min(terms, key=lambda p: (-terms[p], p)) if terms else ""


def _manifest_files(outputs: Path) -> list[Any]:
    """The manifest's ``files`` list, or [] when there is none or it is not ours."""
    manifest = outputs / MANIFEST
    if not manifest.is_file():
        return []
    try:
        files = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
    except (ValueError, AttributeError, OSError):
        return []
    return files if isinstance(files, list) else []


def listed_files(outputs: Path) -> list[str]:
    """Paths the manifest lists that still exist, sorted; never the manifest machinery."""
    return sorted(_listed(outputs))


def _listed(outputs: Path) -> dict[str, str]:
    """Path → the sha256 the manifest recorded, for each listed file still on disk."""
    keep: dict[str, str] = {}
    for item in _manifest_files(outputs):
        if not isinstance(item, dict) or "path" not in item:
            continue
        path = str(item["path"])
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or "\\" in path or pure.name in (MANIFEST, JOURNAL):
            continue
        if pure.suffix.lower() == ".zip" and len(pure.parts) == 1:
            continue
        if (outputs / path).is_file() and not _stale_pdf(outputs / path):
            keep[path] = str(item.get("sha256", ""))
    return keep


def _stale_pdf(path: Path) -> bool:
    """A PDF whose document was written again after it (a build without --pdf after a
    change): it would print the old content, so it is left out of the package."""
    if path.suffix.lower() != ".pdf":
        return False
    made = path.stat().st_mtime_ns
    stem = path.stem.removesuffix("（表格）")
    sources = [path.with_name(stem + suffix) for suffix in (".docx", ".xlsx")]
    return any(s.is_file() and s.stat().st_mtime_ns > made for s in sources)


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Packed:
    """The zip written, and the listed files it left out, each with why."""

    path: Path
    skipped: list[Problem] = field(default_factory=list)


def _link_in(outputs: Path, path: str) -> bool:
    """Whether the file or any folder between outputs/ and it is a link (symlink or junction)."""
    current = outputs
    for part in PurePosixPath(path).parts:
        current = current / part
        if current.is_symlink() or _is_junction(current):
            return True
    return False


def _is_junction(path: Path) -> bool:
    return bool(getattr(os.path, "isjunction", lambda _: False)(path))


def packable(outputs: Path) -> tuple[list[str], list[Problem]]:
    """The listed files fit to hand in, and the ones refused: a link (it may lead outside
    the workspace) or a file whose bytes differ from what houqin recorded (changed since)."""
    keep, skipped = [], []
    for path, recorded in sorted(_listed(outputs).items()):
        where = Location(file=f"outputs/{path}")
        if _link_in(outputs, path):
            skipped.append(Problem("是一个链接（可能指向工作区以外），没有打包", where, severity="warning"))
        elif _digest(outputs / path) != recorded:
            skipped.append(Problem("生成后被修改过（与 manifest.json 记录的不一致），没有打包；要打包 houqin 生成的版本，"
                                   "请加 --force（网页上勾选“覆盖”）重新生成，修改会被覆盖", where,
                                   severity="warning"))
        else:
            keep.append(path)
    return keep, skipped


def write_zip(outputs: Path, paths: list[str], handle: IO[bytes]) -> None:
    """The package of ``paths`` (under outputs/) into ``handle`` by the one zip writer
    (pipeline/zips.py): in order, fixed times, UTF-8 names; one file in memory at a time."""
    writer = ZipWriter(handle)
    for path in paths:
        data = (outputs / path).read_bytes()
        if PurePosixPath(path).suffix.lower() in STORED:
            writer.add(ZipEntry.stored(path, data))
        else:
            writer.add(ZipEntry.deflate(path, data))
    writer.close()


def pack(root: Path, name: str | None = None) -> Path:
    """Pack the workspace's outputs into one zip (see the module's docstring); returns its path."""
    return pack_checked(root, name).path


def pack_checked(root: Path, name: str | None = None) -> Packed:
    """Pack as ``pack`` does, and say which listed files were left out and why."""
    outputs = Workspace(root).outputs
    target_name = safe_filename(name or default_name(root))
    preflight(outputs, [target_name])
    outputs.mkdir(parents=True, exist_ok=True)
    target = outputs / target_name
    paths, skipped = packable(outputs)
    fd, tmp = tempfile.mkstemp(prefix=".~houqin-", suffix=".tmp", dir=outputs)
    try:
        with os.fdopen(fd, "wb") as handle:
            write_zip(outputs, [p for p in paths if p != target.name], handle)
            handle.flush()
            os.fsync(handle.fileno())
        if target.is_file() and _digest(target) == _digest(Path(tmp)):
            Path(tmp).unlink()
        else:
            os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Packed(target, skipped)
