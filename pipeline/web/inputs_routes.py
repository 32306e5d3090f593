"""The page's 表格 section: upload, remove and restore each declared input, download a blank
workbook for it, and upload or download the Notepad texts (学期计划.md …).

A file is stored under the name the server chooses (the input's stem, a known text's name),
never the browser's; nothing is ever deleted, only put aside in inputs/已删除/.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from flask import abort, flash, redirect, send_file, url_for

from ..outputs.writer import atomic_write
from ..reading.inputs import BY_STEM
from ..workspace import INPUT_SUFFIXES
from . import manage, state
from .manage import REMOVED, narratives
from .pages import refuse_while_running, render_page
from .uploads import WORKBOOK_TYPES, UploadRefused, received

bp = state.Area("inputs", __name__)


@bp.post("/inputs/<stem>")
def upload_input(stem: str) -> Any:
    """Upload or replace one declared input; it is checked right away like `houqin check`."""
    schema = BY_STEM.get(stem)
    if schema is None:
        abort(404)
    busy = refuse_while_running("上传")
    if busy:
        return busy
    try:
        name, data, kind = received((*WORKBOOK_TYPES, "csv"), "Excel 工作簿（.xlsx、.xls）、.ods 或 CSV 文本")
        manage.matches_its_name(name, kind)
    except UploadRefused as err:
        return render_page(400, notice=f"{schema.stem}：{err}", notice_class="error", notice_at="inputs")
    inputs = state.workspace().inputs
    target = inputs / f"{schema.stem}.{kind}"
    atomic_write(target, data)
    # Another form of the same input would make the workspace ambiguous (two present):
    # it is put aside in inputs/已删除/, never deleted.
    others = [manage.put_aside(inputs / f"{schema.stem}{suffix}")
              for suffix in INPUT_SUFFIXES if suffix != target.suffix]
    other = "、".join(o for o in others if o)
    manage.forget_result(state.runner())
    flash(f"已上传「{name}」，保存为 inputs/{target.name}" + (f"（原来的 {other} 已移到 inputs/已删除/）" if other else "")
          + "；下面是检查结果。", "check")
    return redirect(url_for("check") + "#check")


@bp.post("/inputs/<stem>/remove")
def remove_input(stem: str) -> Any:
    if stem not in BY_STEM:
        abort(404)
    if (refused := refuse_while_running("改动")) is not None:
        return refused
    ws = state.workspace()
    found, _ = ws.find_input(stem)  # whatever file the workspace reads for this table, and either form
    candidates = dict.fromkeys([*([found] if found else []), *(ws.inputs / f"{stem}{s}" for s in INPUT_SUFFIXES)])
    moved = [m for m in (manage.put_aside(path) for path in candidates) if m]
    if not moved:
        abort(404)
    manage.forget_result(state.runner())
    flash(f"已删除 {'、'.join(moved)}：移到了 inputs/{REMOVED}/，可以在这一行点“恢复”找回。", "inputs")
    return redirect(url_for("index") + "#inputs")


@bp.post("/inputs/<stem>/restore")
def restore_input(stem: str) -> Any:
    if stem not in BY_STEM:
        abort(404)
    if (refused := refuse_while_running("改动")) is not None:
        return refused
    ws = state.workspace()
    found = manage.removed(state.root()).get(stem)
    if found is None:
        abort(404)
    present, _ = ws.find_input(stem)
    if present is not None or any((ws.inputs / f"{stem}{s}").is_file() for s in INPUT_SUFFIXES):
        return render_page(409, notice_at="inputs", notice_class="error",
                           notice=f"inputs/ 中已有 {stem} 的表格；要恢复已删除的 {found[0]}，请先删除现在的。")
    os.replace(ws.inputs / REMOVED / found[0], ws.inputs / found[0])
    manage.forget_result(state.runner())
    flash(f"已恢复 inputs/{found[0]}。", "inputs")
    return redirect(url_for("index") + "#inputs")


@bp.get("/blank/<stem>")
def blank(stem: str) -> Any:
    """A blank input workbook with instructions and drop-down lists, as `houqin init` makes."""
    from ..scaffold import write_input_workbook
    from ..settings import load_settings

    schema = BY_STEM.get(stem)
    if schema is None:
        abort(404)
    settings, problems = load_settings(state.root())
    with tempfile.TemporaryDirectory(prefix="houqin-blank-") as tmp:
        path = Path(tmp) / f"{schema.stem}.xlsx"
        write_input_workbook(schema, {}, path, None if any(p.is_error for p in problems) else settings)
        data = path.read_bytes()
    return send_file(io.BytesIO(data), as_attachment=True, download_name=path.name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.post("/texts/<name>")
def upload_text(name: str) -> Any:
    """Upload or replace a Notepad text (学期计划.md …), stored as it came."""
    if name not in narratives():
        abort(404)
    busy = refuse_while_running("上传")
    if busy:
        return busy
    try:
        filename, data, _ = received(("csv",), "纯文本（记事本保存的 .md 或 .txt）")
    except UploadRefused as err:
        return render_page(400, notice=f"{name}：{err}", notice_class="error")
    atomic_write(state.workspace().inputs / name, data)
    manage.forget_result(state.runner())
    flash(f"已上传「{filename}」，保存为 inputs/{name}。", "inputs")
    return redirect(url_for("index") + "#inputs")


@bp.get("/texts/<name>")
def text(name: str) -> Any:
    path = state.workspace().inputs / name
    if name not in narratives() or not path.is_file():
        abort(404)
    return send_file(path, as_attachment=True, download_name=name, mimetype="text/plain")
