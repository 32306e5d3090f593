"""Who may use the page: the token (or, without one, this computer only), same-origin posts,
and the headers forbidding frames on every response (the rules are in `security`).

Everything here is the app's, not one area's: it runs before every request, 404s and the
static files included.
"""

from __future__ import annotations

import hmac
import ipaddress
from typing import Any
from urllib.parse import urlsplit

from flask import redirect, request, url_for

from . import state
from .pages import refusal
from .security import add_headers, form_token, same_origin

COOKIE = "houqin_token"

bp = state.Area("guard", __name__)


def is_loopback(host: str) -> bool:
    """This computer itself: 127.x.x.x, ::1 or localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@bp.before_app_request
def guard() -> Any:
    token = state.token()
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


bp.after_app_request(add_headers)


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    return {"token_required": state.token() is not None, "form_token": form_token}
