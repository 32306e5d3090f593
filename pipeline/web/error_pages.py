"""The error boundary: what `houqin` says on the command line, said on the page.

A located problem (HouqinError) is the page with its table; a file Excel holds open is 409;
any other failure is one Chinese line and a log in outputs/; HTTP errors (too large, not
found) are the page or a bare message. Never a traceback.
"""

from __future__ import annotations

from flask import Response, render_template, request
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
from . import state
from .pages import refusal, render_page

bp = state.Area("error_pages", __name__)

#: Routes whose refusal (a file too large …) is shown on the page where the file was chosen.
UPLOADS = ("upload_input", "upload_text", "upload_template")


@bp.app_errorhandler(HTTPException)
def http_error(err: HTTPException) -> Response:
    messages = {
        413: f"文件太大（超过 {state.max_upload() // 1024 // 1024} MB），已拒绝；台账表格和模板通常只有几 MB。",
        404: "没有这个页面或文件。",
        405: "不支持这种请求。",
        400: "请求有误。",
    }
    message = messages.get(err.code or 0, err.name)
    if request.endpoint in UPLOADS or err.code == 413:
        return Response(render_page(notice=message, notice_class="error")[0], status=err.code or 500,
                        mimetype="text/html")
    return refusal(err.code or 500, message)


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


@bp.app_errorhandler(HouqinError)
def refused(err: HouqinError) -> Response:
    return error_page(400, f"共 {len(err.errors) or len(err.problems)} 处问题，未写入任何文件。请按下表修改后重试。",
                      err.problems)


@bp.app_errorhandler(OSError)
def system_refused(err: OSError) -> Response:
    # Windows refuses to replace a file that Excel/WPS/Word has open: 409, try again later.
    return error_page(409 if is_sharing_violation(err) else 500, describe_os_error(err, state.root()))


@bp.app_errorhandler(Exception)
def bug(err: Exception) -> Response:
    if isinstance(err, HTTPException):  # a handler above answers these; never reached
        return http_error(err)
    root = state.root()
    return error_page(500, internal_error(err, write_error_log(root, err), root))
