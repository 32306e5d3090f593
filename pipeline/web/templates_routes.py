"""The page's 模板 section: download a template, replace it with an edited one (accepted only
when it passes the same lint as `houqin templates check`), and restore the built-in.

Only a template `list_templates` knows is ever read or written, by its own name.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, send_file, url_for

from ..outputs.writer import atomic_write
from . import manage, state
from .manage import REPLACED
from .pages import refusal, refuse_while_running, render_page
from .uploads import UploadRefused, received, template_problems

bp = state.Area("templates", __name__)


def find_template_info(name: str) -> Any:
    """The known template of this name, or 404."""
    from ..render.templates import list_templates

    for info in list_templates(state.root()):
        if info.name == name:
            return info
    abort(404)


@bp.get("/templates/<name>")
def template(name: str) -> Any:
    info = find_template_info(name)
    if not info.path.is_file():
        return refusal(404, "这是可选的区县表格，没有内置文件（houqin 默认自己排版）。")
    return send_file(info.path, as_attachment=True, download_name=info.name)


@bp.post("/templates/<name>")
def upload_template(name: str) -> Any:
    """Replace a template with an edited one, accepted only when it passes the lint."""
    info = find_template_info(name)
    busy = refuse_while_running("上传")
    if busy:
        return busy
    is_form = info.name.endswith(".xlsx")
    try:
        filename, data, _ = received(("xlsx",) if is_form else ("docx",),
                                     "Excel 工作簿（.xlsx）" if is_form else "Word 文档（.docx）")
    except UploadRefused as err:
        return render_page(400, notice=f"{info.name}：{err}", notice_class="error")
    problems = template_problems(info.name, data)  # Word templates and district forms alike
    if any(p.is_error for p in problems):
        return render_page(400, notice=f"模板「{filename}」没有通过检查，未启用；请按下表修改后再上传。",
                           notice_class="error", template_problems=problems, notice_at="templates")
    atomic_write(state.workspace().templates / info.name, data)
    manage.forget_result(state.runner())
    flash(f"模板已通过检查并启用：templates/{info.name}", "templates")
    if problems:
        flash("模板提示：" + "；".join(str(p) for p in problems), "templates")
    return redirect(url_for("index") + "#templates")


@bp.post("/templates/<name>/restore")
def restore_template(name: str) -> Any:
    from ..render.templates import list_templates

    if name not in {t.name for t in list_templates(state.root())}:
        abort(404)
    if (refused := refuse_while_running("改动")) is not None:
        return refused
    moved = manage.put_aside(state.workspace().templates / name, REPLACED)
    if not moved:
        abort(404)
    manage.forget_result(state.runner())
    flash(f"已恢复内置模板 {name}；工作区中修改过的模板移到了 templates/{REPLACED}/{name}。", "templates")
    return redirect(url_for("index") + "#templates")
