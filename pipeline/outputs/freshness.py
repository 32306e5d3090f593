"""Which sources (settings, inputs, templates) the documents in outputs/ were made from.

A generation records the sha256 of every source it read in `outputs/manifest.json`
(``sources``: workspace-relative path → hash, "" for a source that was absent), so the
web page can say, without reading a single workbook, that an input, a template or the
settings changed since: the documents are out of date and must be generated again.
Hashes, not times: re-saving a workbook unchanged in Excel is not a change, and the
manifest stays byte-identical for the same sources.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from ..settings import SETTINGS_FILE
from ..workspace import INPUT_SUFFIXES, Workspace


def digest(path: Path) -> str:
    """The file's sha256, or "" when it is not there (a built-in template, a missing input)."""
    if not path.is_file():
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def input_sources(root: Path, stems: Iterable[str], texts: Iterable[str] = ()) -> dict[str, str]:
    """The settings, each stem's input (either form; "" for `.xlsx` when neither is there) and
    the Notepad texts, as a generation reading them would record."""
    ws = Workspace(root)
    found = {SETTINGS_FILE: digest(ws.settings_file)}
    for stem in stems:
        present = [ws.inputs / f"{stem}{s}" for s in INPUT_SUFFIXES if (ws.inputs / f"{stem}{s}").is_file()]
        for path in present or [ws.inputs / f"{stem}.xlsx"]:
            found[f"inputs/{path.name}"] = digest(path)
    for name in texts:
        found[f"inputs/{name}"] = digest(ws.inputs / name)
    return found


def template_sources(root: Path, names: Iterable[str]) -> dict[str, str]:
    """The workspace's copy of each template ("" while the built-in one is used)."""
    ws = Workspace(root)
    return {f"templates/{name}": digest(ws.templates / name) for name in names}


def current_sources(root: Path, stems: Iterable[str], texts: Iterable[str]) -> dict[str, str]:
    """Every source as it is now: the declared inputs and texts, and every file in templates/."""
    ws = Workspace(root)
    found = input_sources(root, stems, texts)
    if ws.templates.is_dir():
        found.update(template_sources(root, sorted(p.name for p in ws.templates.iterdir() if p.is_file())))
    return found


def recorded_sources(outputs: Path) -> dict[str, str] | None:
    """The sources the manifest records, or None before any generation recorded them."""
    try:
        data = json.loads((outputs / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    sources = data.get("sources") if isinstance(data, dict) else None
    return sources if isinstance(sources, dict) else None


def changed_sources(recorded: dict[str, str], now: dict[str, str]) -> list[str]:
    """The sources that differ: changed, removed, or new (an input or template not read then)."""
    differing = {name for name, value in recorded.items() if now.get(name, "") != value}
    differing |= {name for name, value in now.items() if name not in recorded and value}
    return sorted(differing)
