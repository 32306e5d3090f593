"""The app factory: one Flask app per workspace, made of the page's areas (blueprints).

Each route calls the same package function as the matching CLI command. Nothing in the
web package decides whether an input is valid or what a document holds; the routes read
the request, call check / generate / scaffold / templates / package, and render what they
return. Every file the server touches has a name it chose itself (a declared input's stem,
a known template's name, a manifest entry), never a path sent by the browser.

The areas, one module each:

- `guard`: the token, this computer only, same-origin posts, no framing (every request);
- `error_pages`: located problems, files open in Excel, bugs, as a page, never a traceback;
- `pages`: the page and `/check`, and what every area draws its answers with;
- `inputs_routes`: the input tables and Notepad texts: upload, remove, restore, blank, download;
- `templates_routes`: the templates: download, upload (linted), restore;
- `generation`: generate in the background, its progress, the documents and the zip;
- `settings_routes`: 新建工作区 (init) and 保存设置.

They share the workspace's folder, the token and the runner through the app
(`state`), so no route lives in a closure here.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask

from . import (
    error_pages,
    generation,
    guard,
    inputs_routes,
    pages,
    settings_routes,
    state,
    templates_routes,
)
from .guard import is_loopback
from .jobs import Runner
from .pages import doc_id
from .uploads import MAX_UPLOAD

__all__ = ["AREAS", "create_app", "doc_id", "is_loopback"]

#: Registered in this order: the guard's hooks first, then the error pages, then the routes.
AREAS = (guard.bp, error_pages.bp, pages.bp, inputs_routes.bp, templates_routes.bp, generation.bp,
         settings_routes.bp)


def create_app(root: Path, token: str | None = None, max_upload: int = MAX_UPLOAD) -> Flask:
    """The page for one workspace; with ``token`` every request must carry it (not on loopback)."""
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=max_upload, SECRET_KEY=secrets.token_bytes(32),
                      SESSION_COOKIE_SAMESITE="Strict", JSON_AS_ASCII=False)
    app.config[state.ROOT] = root
    app.config[state.TOKEN] = token
    app.extensions[state.RUNNER] = Runner(root)
    for area in AREAS:
        app.register_blueprint(area)
    return app
