"""The workspace's settings from the page: 新建工作区 (`houqin init` with the school and term
asked first) and 保存设置 (houqin.toml edited in place, its comments kept).

The form's rules are `settings_form`'s and `manage`'s; these routes only read the request,
write the file when the form passes, and draw the page with the form's errors when not.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for

from ..errors import HouqinError
from ..outputs.writer import atomic_write
from . import manage, settings_form, state
from .pages import refuse_while_running, render_page

bp = state.Area("settings", __name__)


@bp.post("/init")
def init() -> Any:
    """`houqin init` for the folder the page serves, when it is not a workspace yet."""
    from ..scaffold import init_workspace

    root = state.root()
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


@bp.post("/settings")
def save_settings() -> Any:
    if (refused := refuse_while_running("改动")) is not None:
        return refused
    submitted = {f.name: request.form.get(f.name, "") for f in settings_form.FIELDS}
    new_text, form = settings_form.submit(manage.read_settings_text(state.root()), submitted)
    if new_text is None:
        return render_page(400, settings_form=form, notice_at="settings", notice_class="error",
                           notice="设置没有保存：请按标出的项修改后再保存。")
    atomic_write(state.workspace().settings_file, new_text.encode("utf-8"))
    manage.forget_result(state.runner())
    warned = [p for p in form.general + [p for ps in form.errors.values() for p in ps] if not p.is_error]
    flash("设置已保存到 houqin.toml（文件中原有的说明文字都保留了）。" + (
        "提示：" + "；".join(p.message for p in warned) if warned else ""), "settings")
    return redirect(url_for("index") + "#settings")
