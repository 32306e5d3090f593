"""What every area of the page shares, read from the app serving the request.

`create_app` stores the workspace's folder, the access token and the background runner on
the app (``app.config`` and ``app.extensions["houqin"]``); the blueprints read them here
instead of from a closure, so one process can serve several apps (the tests do).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, current_app
from flask.sansio.app import App
from flask.sansio.blueprints import BlueprintSetupState

from ..workspace import Workspace
from .jobs import Runner

ROOT = "HOUQIN_ROOT"
TOKEN = "HOUQIN_TOKEN"
RUNNER = "houqin"


def root() -> Path:
    """The workspace folder this page serves."""
    return current_app.config[ROOT]


def workspace() -> Workspace:
    return Workspace(root())


def runner() -> Runner:
    """The one background generation of this page (`app.extensions["houqin"]`)."""
    return current_app.extensions[RUNNER]


def token() -> str | None:
    """The access token every request must carry, or None when only this computer may ask."""
    return current_app.config[TOKEN]


def max_upload() -> int:
    return current_app.config["MAX_CONTENT_LENGTH"]


class _BareNames(BlueprintSetupState):
    def add_url_rule(self, rule: str, endpoint: str | None = None, view_func: Any = None,
                     **options: Any) -> None:
        self.app.add_url_rule(rule, endpoint or view_func.__name__, view_func, **options)


class Area(Blueprint):
    """A blueprint whose routes keep their bare endpoint names (``index``, ``text``,
    ``upload_input`` …): the templates, the guard's redirect and the tests name them so, as
    before the page was split into areas. Flask refuses two views under one name, so areas
    cannot shadow each other. Hooks of an area are the app's (``before_app_request`` …), and
    an area has no url_prefix, subdomain or url_defaults (the page uses none)."""

    def make_setup_state(self, app: App, options: dict[str, Any],
                         first_registration: bool = False) -> BlueprintSetupState:
        return _BareNames(self, app, options, first_registration)
