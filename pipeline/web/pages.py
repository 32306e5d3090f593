"""The page itself: what it lists (inputs, texts, documents, templates, settings) and its
two views, the page (`/`) and `houqin check` (`/check`).

Every other area answers a refused action by drawing this page again with a notice
(`render_page`), or, when there is no page to go back to, a bare message (`refusal`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Response, render_template

from ..errors import HouqinError, Problem
from ..outputs.writer import OutputWriter
from ..reading.inputs import ALL_INPUTS
from . import manage, state
from .manage import narratives

bp = state.Area("pages", __name__)


@dataclass(frozen=True)
class InputRow:
    stem: str
    description: str
    file: str
    modified: str
    size: str
    problems: list[Problem]


@dataclass(frozen=True)
class Document:
    id: str
    path: str
    title: str
    kind: str


def file_row(name: str, description: str, path: Path | None, problems: list[Problem]) -> InputRow:
    """One input as the page lists it: present or not, when it was last saved, how large."""
    if path is None or not path.is_file():
        return InputRow(name, description, "", "", "", problems)
    stat = path.stat()
    modified = dt.datetime.fromtimestamp(stat.st_mtime).strftime("%Y-%m-%d %H:%M")
    return InputRow(name, description, path.name, modified, _size(stat.st_size), problems)


def doc_id(path: str) -> str:
    """A manifest entry's id in URLs: stable while the manifest changes, never a path."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()[:16]


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


# ---- what the page shows -----------------------------------------------------------------


def input_rows() -> list[InputRow]:
    ws = state.workspace()
    rows = []
    for schema in ALL_INPUTS:
        path, problems = ws.find_input(schema.stem)
        rows.append(file_row(schema.stem, schema.description, path, problems))
    return rows


def text_rows() -> list[InputRow]:
    ws = state.workspace()
    return [file_row(name, f"{family}的正文（记事本编辑）", ws.inputs / name, [])
            for name, family in narratives().items()]


def documents() -> list[Document]:
    """What outputs/ lists (the manifest's entries), each with its id for the download links."""
    from ..outputs.package import listed_files

    outputs = state.workspace().outputs
    entries = OutputWriter(outputs).entries
    found = []
    for path in listed_files(outputs):
        entry = entries.get(path)
        found.append(Document(doc_id(path), path, entry.title if entry else path, entry.kind if entry else ""))
    return found


def render_page(status: int = 200, **extra: Any) -> tuple[str, int]:
    """The whole page; ``extra`` adds a notice, a check's result or a form with its errors."""
    from ..kinds import commands, registry
    from ..outputs.package import default_name
    from ..render.templates import list_templates
    from ..settings import load_settings

    root = state.root()
    ws = state.workspace()
    settings, _ = load_settings(root)
    from ..kinds.binder.make import overview

    families = {k.name: k.family for k in registry().values()}
    docs = documents()
    groups: dict[str, list[Document]] = {family: [] for family in families.values()}
    for doc in docs:
        groups.setdefault(families.get(doc.kind, "其他"), []).append(doc)
    groups = {family: found for family, found in groups.items() if found}
    context = {
        "school": settings.school.name,
        "term": settings.term.label if settings.term.year else "",
        "workspace": root.resolve().as_posix(),
        "inputs": input_rows(),
        "texts": text_rows(),
        "kinds": list(commands().values()),
        "groups": groups,
        "doc_count": len(docs),
        "boxes": overview(root) if docs else [],
        "doc_ids": {doc.path: doc.id for doc in docs},
        "zip_name": default_name(root) if docs else "",
        "templates": list_templates(root),
        "job": state.runner().job,
        "max_mb": state.max_upload() // 1024 // 1024,
        "empty": not ws.settings_file.exists() and not (ws.inputs.is_dir() and any(ws.inputs.iterdir())),
        **manage.page_context(root, docs),
    }
    context.update(extra)
    return render_template("page.html", **context), status


def refusal(status: int, message: str) -> Response:
    """Just the message and a link back: for a request the page itself does not answer."""
    return Response(render_template("message.html", message=message), status=status,
                    mimetype="text/html")


def refuse_while_running(then: str) -> tuple[str, int] | None:
    """While a generation runs nothing it reads may change: the page says what to wait for."""
    if state.runner().running:
        return render_page(409, notice=f"正在生成文档，请等它完成后再{then}。", notice_class="error")
    return None


bp.add_app_template_filter(manage.file_name, "fname")
bp.add_app_template_filter(manage.plain_words, "plain")


@bp.app_template_global("now")
def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M")


# ---- pages ---------------------------------------------------------------------------------


@bp.get("/")
def index() -> Any:
    return render_page()


@bp.get("/check")
def check() -> Any:
    """`houqin check`: every problem of every input, as a table."""
    from ..check import check_workspace

    root = state.root()
    try:
        report = check_workspace(root)
    except HouqinError as err:
        return render_page(check={"ok": False, **manage.staff_first(root, err.problems)})
    inputs = report.inputs
    return render_page(check={
        "ok": True, "problems": inputs.warnings, "counts": report.counts, "missing": report.missing,
        "term": f"{inputs.settings.term.label}（{inputs.settings.term.describe_span()}）"
        if inputs.settings.term.year else ""})
