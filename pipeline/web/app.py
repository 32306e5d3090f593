"""The page's routes: each calls the same package function as the matching CLI command.

Nothing here decides whether an input is valid or what a document holds; the routes read
the request, call check / generate / scaffold / templates / package, and render what
they return. Every file the server touches has a name it chose itself (a declared input's
stem, a known template's name, a manifest entry), never a path sent by the browser.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import ipaddress
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from ..errors import (
    HouqinError,
    Problem,
    describe_os_error,
    internal_error,
    is_sharing_violation,
    write_error_log,
)
from ..outputs.writer import OutputWriter, atomic_write
from ..reading.inputs import ALL_INPUTS, BY_STEM
from ..workspace import INPUT_SUFFIXES, Workspace
from . import manage
from .jobs import Busy, Runner
from .manage import narratives
from .security import add_headers, form_token, same_origin
from .uploads import (
    MAX_UPLOAD,
    WORKBOOK_TYPES,
    UploadRefused,
    expect,
    plain_name,
    template_problems,
)

COOKIE = "houqin_token"


def is_loopback(host: str) -> bool:
    """This computer itself: 127.x.x.x, ::1 or localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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


def create_app(root: Path, token: str | None = None, max_upload: int = MAX_UPLOAD) -> Flask:
    """The page for one workspace; with ``token`` every request must carry it (not on loopback)."""
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=max_upload, SECRET_KEY=secrets.token_bytes(32),
                      SESSION_COOKIE_SAMESITE="Strict", JSON_AS_ASCII=False)
    ws = Workspace(root)
    runner = Runner(root)
    app.extensions["houqin"] = runner

    # ---- safety: token, loopback host, same-origin posts ------------------------------

    @app.before_request
    def guard() -> Any:
        if token is not None:
            given = request.args.get("token") or request.cookies.get(COOKIE) or ""
            if not hmac.compare_digest(given.encode(), token.encode()):
                return refusal(403, "需要访问口令：请使用启动 houqin serve 时显示的完整网址（带 token=…）打开本页。")
            if request.args.get("token") and request.method == "GET":
                args = {k: v for k, v in request.args.items() if k != "token"}
                response = redirect(url_for(request.endpoint or "index", **(request.view_args or {}), **args))
                response.set_cookie(COOKIE, token, httponly=True, samesite="Strict")
                return response
        elif not is_loopback(urlsplit(f"//{request.host}").hostname or ""):
            # Only this computer's own browser; a page elsewhere naming us by another host is refused.
            return refusal(403, "本页只接受本机访问（127.0.0.1）；要让其他电脑访问，请用 --host 启动并使用带口令的网址。")
        if request.method not in ("GET", "HEAD", "OPTIONS") and not same_origin(request):
            # Another site, a sandboxed frame ("null"), another scheme or port, or no sign at all.
            return refusal(403, "拒绝来自其他网页的提交：请在 houqin 的页面上操作（刷新本页后再试）。")
        return None

    app.after_request(add_headers)

    def refusal(status: int, message: str) -> Response:
        return Response(render_template("message.html", message=message), status=status,
                        mimetype="text/html")

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException) -> Response:
        messages = {
            413: f"文件太大（超过 {max_upload // 1024 // 1024} MB），已拒绝；台账表格和模板通常只有几 MB。",
            404: "没有这个页面或文件。",
            405: "不支持这种请求。",
            400: "请求有误。",
        }
        message = messages.get(err.code or 0, err.name)
        if request.endpoint in ("upload_input", "upload_text", "upload_template") or err.code == 413:
            return Response(render_page(notice=message, notice_class="error")[0], status=err.code or 500,
                            mimetype="text/html")
        return refusal(err.code or 500, message)

    # ---- the error boundary: what `houqin` says on the command line, said on the page ----

    def error_page(status: int, message: str, problems: list[Problem] | None = None) -> Response:
        """The page with the message at the top; just the message when the page itself
        cannot be drawn (the settings or outputs/ are what is broken)."""
        try:
            body = render_page(notice=message, notice_class="error", template_problems=problems or [])[0]
        except Exception:  # noqa: BLE001 - the message must get through whatever else is broken
            try:
                body = render_template("message.html", message=message)
            except Exception:  # noqa: BLE001
                body = f"<!doctype html><meta charset='utf-8'><p>{escape(message)}</p>"
        return Response(body, status=status, mimetype="text/html")

    @app.errorhandler(HouqinError)
    def refused(err: HouqinError) -> Response:
        return error_page(400, f"共 {len(err.errors) or len(err.problems)} 处问题，未写入任何文件。请按下表修改后重试。",
                          err.problems)

    @app.errorhandler(OSError)
    def system_refused(err: OSError) -> Response:
        # Windows refuses to replace a file that Excel/WPS/Word has open: 409, try again later.
        return error_page(409 if is_sharing_violation(err) else 500, describe_os_error(err, root))

    @app.errorhandler(Exception)
    def bug(err: Exception) -> Response:
        if isinstance(err, HTTPException):  # a handler above answers these; never reached
            return http_error(err)
        return error_page(500, internal_error(err, write_error_log(root, err), root))

    # ---- what the page shows -------------------------------------------------------------

    def input_rows() -> list[InputRow]:
        rows = []
        for schema in ALL_INPUTS:
            path, problems = ws.find_input(schema.stem)
            rows.append(file_row(schema.stem, schema.description, path, problems))
        return rows

    def text_rows() -> list[InputRow]:
        return [file_row(name, f"{family}的正文（记事本编辑）", ws.inputs / name, [])
                for name, family in narratives().items()]

    def documents() -> list[Document]:
        from ..outputs.package import listed_files

        entries = OutputWriter(ws.outputs).entries
        found = []
        for path in listed_files(ws.outputs):
            entry = entries.get(path)
            found.append(Document(doc_id(path), path, entry.title if entry else path, entry.kind if entry else ""))
        return found

    def render_page(status: int = 200, **extra: Any) -> tuple[str, int]:
        from ..kinds import commands, registry
        from ..outputs.package import default_name
        from ..render.templates import list_templates
        from ..settings import load_settings

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
            "job": runner.job,
            "max_mb": max_upload // 1024 // 1024,
            "empty": not ws.settings_file.exists() and not (ws.inputs.is_dir() and any(ws.inputs.iterdir())),
            **manage.page_context(root, docs),
        }
        context.update(extra)
        return render_template("page.html", **context), status

    # ---- pages ---------------------------------------------------------------------------

    @app.get("/")
    def index() -> Any:
        return render_page()

    @app.get("/check")
    def check() -> Any:
        """`houqin check`: every problem of every input, as a table."""
        from ..check import check_workspace

        try:
            report = check_workspace(root)
        except HouqinError as err:
            return render_page(check={"ok": False, **manage.staff_first(root, err.problems)})
        inputs = report.inputs
        return render_page(check={
            "ok": True, "problems": inputs.warnings, "counts": report.counts, "missing": report.missing,
            "term": f"{inputs.settings.term.label}（{inputs.settings.term.describe_span()}）"
            if inputs.settings.term.year else ""})

    @app.post("/init")
    def init() -> Any:
        """`houqin init` for the folder the page serves, when it is not a workspace yet."""
        from ..scaffold import init_workspace

        refused = manage.refuse_new_settings(request.form)
        if refused is not None:
            return render_page(400, new_form=refused, notice_at="new-workspace",
                               notice="请先填写学校名称和学期（见下面标出的项）。", notice_class="error")
        try:
            written = init_workspace(root)
        except HouqinError as err:
            return render_page(400, notice=str(err), notice_class="error")
        manage.after_init(root, written, request.form)
        flash(f"已新建工作区：houqin.toml 和 {sum(p.suffix == '.xlsx' for p in written)} 张示例表格（标为“示例数据”，"
              "换成自己的表格前不要用来上报）。请在 Excel/WPS 中填写（或下载空白表格填写）后上传。", "inputs")
        return redirect(url_for("index") + "#inputs")

    # ---- uploads -------------------------------------------------------------------------

    def refuse_while_running() -> tuple[str, int] | None:
        if runner.running:
            return render_page(409, notice="正在生成文档，请等它完成后再上传。", notice_class="error")
        return None

    def upload(allowed: tuple[Any, ...], what: str) -> tuple[str, bytes, str]:
        """The uploaded file's bare name, bytes and real type; refusals carry the reason."""
        file = request.files.get("file")
        name = plain_name(file.filename if file else None)
        data = file.read() if file else b""
        return name, data, expect(data, allowed, what)

    @app.post("/inputs/<stem>")
    def upload_input(stem: str) -> Any:
        """Upload or replace one declared input; it is checked right away like `houqin check`."""
        schema = BY_STEM.get(stem)
        if schema is None:
            abort(404)
        busy = refuse_while_running()
        if busy:
            return busy
        try:
            name, data, kind = upload((*WORKBOOK_TYPES, "csv"), "Excel 工作簿（.xlsx、.xls）、.ods 或 CSV 文本")
            manage.matches_its_name(name, kind)
        except UploadRefused as err:
            return render_page(400, notice=f"{schema.stem}：{err}", notice_class="error", notice_at="inputs")
        target = ws.inputs / f"{schema.stem}.{kind}"
        atomic_write(target, data)
        # Another form of the same input would make the workspace ambiguous (two present):
        # it is put aside in inputs/已删除/, never deleted.
        others = [manage.put_aside(ws.inputs / f"{schema.stem}{suffix}")
                  for suffix in INPUT_SUFFIXES if suffix != target.suffix]
        other = "、".join(o for o in others if o)
        manage.forget_result(runner)
        flash(f"已上传「{name}」，保存为 inputs/{target.name}" + (f"（原来的 {other} 已移到 inputs/已删除/）" if other else "")
              + "；下面是检查结果。", "check")
        return redirect(url_for("check") + "#check")

    @app.post("/texts/<name>")
    def upload_text(name: str) -> Any:
        """Upload or replace a Notepad text (学期计划.md …), stored as it came."""
        if name not in narratives():
            abort(404)
        busy = refuse_while_running()
        if busy:
            return busy
        try:
            filename, data, _ = upload(("csv",), "纯文本（记事本保存的 .md 或 .txt）")
        except UploadRefused as err:
            return render_page(400, notice=f"{name}：{err}", notice_class="error")
        atomic_write(ws.inputs / name, data)
        manage.forget_result(runner)
        flash(f"已上传「{filename}」，保存为 inputs/{name}。", "inputs")
        return redirect(url_for("index") + "#inputs")

    @app.get("/texts/<name>")
    def text(name: str) -> Any:
        path = ws.inputs / name
        if name not in narratives() or not path.is_file():
            abort(404)
        return send_file(path, as_attachment=True, download_name=name, mimetype="text/plain")

    @app.post("/templates/<name>")
    def upload_template(name: str) -> Any:
        """Replace a template with an edited one, accepted only when it passes the lint."""
        info = find_template_info(name)
        busy = refuse_while_running()
        if busy:
            return busy
        is_form = info.name.endswith(".xlsx")
        try:
            filename, data, _ = upload(("xlsx",) if is_form else ("docx",),
                                       "Excel 工作簿（.xlsx）" if is_form else "Word 文档（.docx）")
        except UploadRefused as err:
            return render_page(400, notice=f"{info.name}：{err}", notice_class="error")
        problems = template_problems(info.name, data)  # Word templates and district forms alike
        if any(p.is_error for p in problems):
            return render_page(400, notice=f"模板「{filename}」没有通过检查，未启用；请按下表修改后再上传。",
                               notice_class="error", template_problems=problems, notice_at="templates")
        atomic_write(ws.templates / info.name, data)
        manage.forget_result(runner)
        flash(f"模板已通过检查并启用：templates/{info.name}", "templates")
        if problems:
            flash("模板提示：" + "；".join(str(p) for p in problems), "templates")
        return redirect(url_for("index") + "#templates")

    # ---- generation ----------------------------------------------------------------------

    @app.post("/generate")
    def start_generate() -> Any:
        """`houqin build` (kind=all, optionally with PDFs) or one kind's command, in the background."""
        from ..build import build
        from ..generate import generate
        from ..kinds import commands

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
            runner.start(label, work, steps)
        except Busy as busy:
            return render_page(409, notice=f"正在生成{busy}，请等它完成后再试。", notice_class="error",
                               notice_at="generate")
        return redirect(url_for("index") + "#generate")

    @app.get("/progress")
    def progress() -> Any:
        job = runner.job
        return job.as_json() if job else {"running": False}

    # ---- downloads -----------------------------------------------------------------------

    @app.get("/documents/<ident>")
    def document(ident: str) -> Any:
        for doc in documents():
            if doc.id == ident:
                target = (ws.outputs / doc.path).resolve()
                if target.is_relative_to(ws.outputs.resolve()) and target.is_file():
                    return send_file(target, as_attachment=True, download_name=PurePosixPath(doc.path).name)
        abort(404)

    @app.post("/package")
    def package() -> Any:
        """The `<学校>_<学期>_检查材料.zip` of what the manifest lists, made now and streamed:
        nothing is written into outputs/ (a GET could be triggered by any page's <img>).
        A link or a file changed since it was generated is never packed; when there is one,
        the page lists them first and packs the rest only once the person confirms."""
        from ..outputs.package import default_name, packable, write_zip

        if runner.running:
            return refusal(409, "正在生成文档，请等它完成后再下载压缩包。")
        name = default_name(root)
        paths, skipped = packable(ws.outputs)
        if skipped and not request.form.get("confirm"):
            return render_page(409, notice=f"有 {len(skipped)} 个文件不能放进压缩包，见“已生成的文档”下的表格。",
                               notice_class="error", zip_skipped=skipped)
        # In memory, beyond 64 MB in the system's temp folder; the response closes it when sent.
        spool = tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024)  # noqa: SIM115
        try:
            write_zip(ws.outputs, [p for p in paths if p != name], spool)
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return send_file(spool, as_attachment=True, download_name=name, mimetype="application/zip")

    @app.get("/blank/<stem>")
    def blank(stem: str) -> Any:
        """A blank input workbook with instructions and drop-down lists, as `houqin init` makes."""
        from ..scaffold import write_input_workbook
        from ..settings import load_settings

        schema = BY_STEM.get(stem)
        if schema is None:
            abort(404)
        settings, problems = load_settings(root)
        with tempfile.TemporaryDirectory(prefix="houqin-blank-") as tmp:
            path = Path(tmp) / f"{schema.stem}.xlsx"
            write_input_workbook(schema, {}, path, None if any(p.is_error for p in problems) else settings)
            data = path.read_bytes()
        return send_file(io.BytesIO(data), as_attachment=True, download_name=path.name,
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    def find_template_info(name: str) -> Any:
        from ..render.templates import list_templates

        for info in list_templates(root):
            if info.name == name:
                return info
        abort(404)

    @app.get("/templates/<name>")
    def template(name: str) -> Any:
        info = find_template_info(name)
        if not info.path.is_file():
            return refusal(404, "这是可选的区县表格，没有内置文件（houqin 默认自己排版）。")
        return send_file(info.path, as_attachment=True, download_name=info.name)

    @app.context_processor
    def helpers() -> dict[str, Any]:
        return {"token_required": token is not None, "form_token": form_token}

    manage.register(app, root, runner, render_page)

    return app
