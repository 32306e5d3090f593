"""Making the documents and taking them away: `houqin build` or one kind's command in the
background (`/generate`, its `/progress`), one listed document (`/documents/<id>`) and the
`<学校>_<学期>_检查材料.zip` of them all (`/package`).

A document is found by its manifest entry's id, never by a path the browser sends.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from flask import abort, redirect, request, send_file, url_for

from ..errors import Problem
from . import manage, state
from .jobs import Busy
from .pages import documents, refusal, render_page

bp = state.Area("generation", __name__)


@dataclass(frozen=True)
class Outcome:
    """What a finished generation did, the same shape whether it was one kind or the whole build."""

    written: list[str]
    unchanged: list[str]
    kept: list[str]
    skipped: list[tuple[str, str]]
    warnings: list[Problem]
    #: Documents LibreOffice could not print to PDF (the rest were written all the same).
    failed: list[Problem] = field(default_factory=list)


@bp.post("/generate")
def start_generate() -> Any:
    """`houqin build` (kind=all, optionally with PDFs) or one kind's command, in the background."""
    from ..build import build
    from ..generate import generate
    from ..kinds import commands

    root = state.root()
    kinds = commands()
    wanted = request.form.get("kind", "all")
    if wanted != "all" and wanted not in kinds:
        abort(404)
    label = "全部文档" if wanted == "all" else kinds[wanted].family
    force = bool(request.form.get("force"))
    pdf = bool(request.form.get("pdf"))
    binder = bool(request.form.get("binder")) and wanted == "all"
    try:
        options = manage.options_from(request.form, () if wanted == "all" else kinds[wanted].options)
    except ValueError as err:
        return render_page(400, notice=str(err), notice_class="error", notice_at="generate")

    def work(progress: Any) -> Outcome:
        if wanted == "all":
            built = build(root, force=force, pdf=pdf, progress=progress, binder=binder)
            boxed = built.binder  # `build --binder`: the boxes' files count with the rest
            return Outcome(built.written + (boxed.written.written if boxed else []),
                           built.unchanged + (boxed.written.unchanged if boxed else []),
                           built.kept + (boxed.written.kept if boxed else []), built.generated.skipped,
                           built.generated.warnings + (boxed.warnings if boxed else []),
                           built.pdf_failed + (boxed.pdf_failed if boxed else []))
        report = generate(root, [wanted], options, force=force, progress=progress)
        done = report.written
        return Outcome(done.written, done.unchanged, done.kept, report.skipped, report.warnings)

    steps = ("检查表格和模板", "生成文档", *(("转换 PDF",) if pdf and wanted == "all" else ()))
    try:
        state.runner().start(label, work, steps)
    except Busy as busy:
        return render_page(409, notice=f"正在生成{busy}，请等它完成后再试。", notice_class="error",
                           notice_at="generate")
    return redirect(url_for("index") + "#generate")


@bp.get("/progress")
def progress() -> Any:
    job = state.runner().job
    return job.as_json() if job else {"running": False}


@bp.get("/documents/<ident>")
def document(ident: str) -> Any:
    outputs = state.workspace().outputs
    for doc in documents():
        if doc.id == ident:
            target = (outputs / doc.path).resolve()
            if target.is_relative_to(outputs.resolve()) and target.is_file():
                return send_file(target, as_attachment=True, download_name=PurePosixPath(doc.path).name)
    abort(404)


@bp.post("/package")
def package() -> Any:
    """The `<学校>_<学期>_检查材料.zip` of what the manifest lists, made now and streamed:
    nothing is written into outputs/ (a GET could be triggered by any page's <img>).
    A link or a file changed since it was generated is never packed; when there is one,
    the page lists them first and packs the rest only once the person confirms."""
    from ..outputs.package import default_name, packable, write_zip

    if state.runner().running:
        return refusal(409, "正在生成文档，请等它完成后再下载压缩包。")
    outputs = state.workspace().outputs
    name = default_name(state.root())
    paths, skipped = packable(outputs)
    if skipped and not request.form.get("confirm"):
        return render_page(409, notice=f"有 {len(skipped)} 个文件不能放进压缩包，见“已生成的文档”下的表格。",
                           notice_class="error", zip_skipped=skipped)
    # In memory, beyond 64 MB in the system's temp folder; the response closes it when sent.
    spool = tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024)  # noqa: SIM115
    try:
        write_zip(outputs, [p for p in paths if p != name], spool)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return send_file(spool, as_attachment=True, download_name=name, mimetype="application/zip")
