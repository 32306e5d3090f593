"""The page is an app factory plus one blueprint per area: no route, hook or handler may
grow back into a closure in `pipeline/web/app.py`, and the URLs stay what they were."""

from __future__ import annotations

import ast
from pathlib import Path

import pipeline.web.app as app_module
from pipeline.web import create_app

AREAS = {
    "guard": "pipeline.web.guard",
    "error_pages": "pipeline.web.error_pages",
    "pages": "pipeline.web.pages",
    "inputs": "pipeline.web.inputs_routes",
    "templates": "pipeline.web.templates_routes",
    "generation": "pipeline.web.generation",
    "settings": "pipeline.web.settings_routes",
}
#: Every URL of the page with its endpoint and method, as before the split into areas.
ROUTES = {
    ("/", "index", "GET"), ("/check", "check", "GET"), ("/progress", "progress", "GET"),
    ("/blank/<stem>", "blank", "GET"), ("/documents/<ident>", "document", "GET"),
    ("/templates/<name>", "template", "GET"), ("/texts/<name>", "text", "GET"),
    ("/static/<path:filename>", "static", "GET"),
    ("/init", "init", "POST"), ("/settings", "save_settings", "POST"), ("/generate", "start_generate", "POST"),
    ("/package", "package", "POST"), ("/inputs/<stem>", "upload_input", "POST"),
    ("/inputs/<stem>/remove", "remove_input", "POST"), ("/inputs/<stem>/restore", "restore_input", "POST"),
    ("/texts/<name>", "upload_text", "POST"), ("/templates/<name>", "upload_template", "POST"),
    ("/templates/<name>/restore", "restore_template", "POST"),
}


def test_the_factory_registers_every_area_and_keeps_every_url(tmp_path: Path) -> None:
    app = create_app(tmp_path)
    assert {name: bp.import_name for name, bp in app.blueprints.items()} == AREAS
    routes = {(rule.rule, rule.endpoint, method) for rule in app.url_map.iter_rules()
              for method in rule.methods or () if method in ("GET", "POST")}
    assert routes == ROUTES
    views = {name: view.__module__ for name, view in app.view_functions.items() if name != "static"}
    assert set(views.values()) <= set(AREAS.values()) - {"pipeline.web.guard", "pipeline.web.error_pages"}


def test_no_route_hook_or_handler_lives_in_app_py(tmp_path: Path) -> None:
    app = create_app(tmp_path)
    hooks = [*app.view_functions.values(), *app.before_request_funcs[None], *app.after_request_funcs[None],
             *app.template_context_processors[None],
             *(f for by_class in app.error_handler_spec[None].values() for f in by_class.values())]
    assert len(hooks) > 20
    assert not [f for f in hooks if f.__module__ == app_module.__name__]
    # The guard runs before every request and the error pages answer every failure, app-wide.
    assert [f.__module__ for f in app.before_request_funcs[None]] == ["pipeline.web.guard"]
    assert {f.__module__ for by_class in app.error_handler_spec[None].values() for f in by_class.values()} \
        == {"pipeline.web.error_pages"}
    tree = ast.parse(Path(app_module.__file__).read_text(encoding="utf-8"))
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)]
    assert [getattr(node, "name", "lambda") for node in functions] == ["create_app"]
