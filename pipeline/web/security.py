"""Who may change the workspace: the page itself, never another site or a frame.

Every response forbids framing (a framing page could borrow the user's click to run a
generation with 覆盖 ticked) and loads nothing but the page's own files. A state-changing
request must come from this very page: its Origin (scheme, host and port) must be ours,
or, when a browser sends none, its Referer; a request carrying neither must carry the
per-session form token every form of the page holds.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import Request, Response, session

HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'; default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
FORM_FIELD = "_form"
DEFAULT_PORTS = {"http": 80, "https": 443}


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def form_token() -> str:
    """This browser session's token, made on first use (kept in the signed session cookie)."""
    token = session.get(FORM_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        session[FORM_FIELD] = token
    return token


def _origin_of(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname.lower(), port or DEFAULT_PORTS[parts.scheme]


def own_origin(request: Request) -> tuple[str, str, int] | None:
    return _origin_of(f"{request.scheme}://{request.host}/")


def same_origin(request: Request) -> bool:
    """Whether a state-changing request comes from this page (see the module's docstring)."""
    ours = own_origin(request)
    origin = request.headers.get("Origin")
    if origin is not None:
        return ours is not None and _origin_of(origin) == ours  # "null" (a sandboxed frame) never matches
    referer = request.headers.get("Referer")
    if referer is not None:
        return ours is not None and _origin_of(referer) == ours
    given = request.form.get(FORM_FIELD, "") if request.mimetype in (
        "application/x-www-form-urlencoded", "multipart/form-data") else ""
    expected = session.get(FORM_FIELD)
    return isinstance(expected, str) and bool(given) and hmac.compare_digest(given.encode(), expected.encode())
