"""Templates people own: the built-in defaults, a workspace's overrides, export and lint.

A user's template in `<workspace>/templates/` replaces the built-in one of the same file
name, and is linted before it is used: unknown variables and broken tags are reported
with the text around them before anything renders.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from .archive import template_oversize
from .errors import HouqinError, Location, Problem
from .lint import lint_tags, lint_variables, paragraphs
from .workspace import Workspace

BUILTIN = Path(__file__).resolve().parent.parent / "templates"


class TemplateError(HouqinError):
    """A template cannot be used as it is: exit status 1, with the place in the template."""


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    kind: str
    description: str
    builtin: Path
    override: Path | None

    @property
    def path(self) -> Path:
        return self.override or self.builtin

    @property
    def is_form(self) -> bool:
        """An .xlsx a district may supply; there is no built-in file, the layout is generated."""
        return not self.builtin.is_file()


def builtin_path(name: str) -> Path:
    return BUILTIN / name


def override_path(root: Path, name: str) -> Path | None:
    """The workspace's own template of this name, if it has one.

    The repository root is itself a workspace whose templates/ holds the built-in ones;
    those are not overrides.
    """
    candidate = Workspace(root).templates / name
    if not candidate.is_file() or candidate.resolve() == builtin_path(name).resolve():
        return None
    return candidate


def list_templates(root: Path | None = None) -> list[TemplateInfo]:
    return [TemplateInfo(name, owner, description, builtin_path(name),
                         override_path(root, name) if root else None)
            for name, owner, description, _ in _owned()]


def _owned() -> list[tuple[str, str, str, dict[str, str]]]:
    """(template, owner, description, variables): every kind's templates, then the build's 目录."""
    from . import catalogue
    from .kinds import registry

    owned = [(name, kind.name, kind.description, dict(fields))
             for kind in registry().values() for name, fields in kind.templates.items()]
    owned.append((catalogue.TEMPLATE, catalogue.KIND, "检查材料目录（houqin build 生成）", dict(catalogue.FIELDS)))
    return owned


def _variables(name: str) -> dict[str, str] | None:
    return next((fields for template, _, _, fields in _owned() if template == name), None)


def find_template(name: str) -> TemplateInfo:
    for info in list_templates():
        if info.name == name or Path(info.name).stem == name:
            return info
    known = "、".join(i.name for i in list_templates())
    raise TemplateError(Problem(f"没有名为「{name}」的内置模板；可用的有：{known}", Location(file=name)))


def export_template(name: str, directory: Path) -> Path:
    """Copy a built-in template out for editing; never over a file that is already there."""
    info = find_template(name)
    if info.is_form:
        raise TemplateError(Problem(
            "这是可选的区县表格，没有内置文件（houqin 默认自己排版）；要用区县下发的表格，"
            "请在其中写好 {{ 变量 }} 后以此文件名放进工作区的 templates/", Location(file=info.name)))
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / info.name
    if target.exists():
        raise TemplateError(Problem(
            "文件已存在，为免覆盖你的修改，未导出；请先改名或换一个文件夹", Location(file=str(target))))
    shutil.copyfile(info.builtin, target)
    return target


def lint_template(path: Path, fields: dict[str, str] | None = None) -> list[Problem]:
    """Every problem of a Word template: broken tags, then variables the kind lacks.

    ``fields`` are the variables the document kind provides; without them the kind is
    found by the template's file name.
    """
    from .docx_render import CompiledDocx

    name = path.name
    if fields is None:
        fields = _variables(name)
        if fields is None:
            known = "、".join(i.name for i in list_templates())
            return [Problem(
                f"不知道这个模板属于哪种文档：文件名应与内置模板相同（{known}）", Location(file=name))]
    if reason := template_oversize(path):
        return [Problem(reason, Location(file=name))]
    try:
        items = list(paragraphs(path))
    except Exception:  # noqa: BLE001 - any damage means the same thing to a person
        return [Problem("不是有效的 Word 文档（.docx）；请在 Word/WPS 中另存为 .docx", Location(file=name))]
    problems = lint_tags(name, items)
    if any(p.is_error for p in problems):
        return problems
    try:
        compiled = CompiledDocx.load(path, name=name, known=fields)
    except HouqinError as err:
        return problems + err.problems
    problems += lint_variables(name, compiled.variables(), fields, items)
    return problems


def resolve(root: Path, name: str, fields: dict[str, str]) -> tuple[Path, list[Problem]]:
    """The template to use: the workspace's own (linted first) or the built-in one."""
    override = override_path(root, name)
    if override is None:
        return builtin_path(name), []
    problems = lint_template(override, fields)
    if any(p.is_error for p in problems):
        raise TemplateError(problems)
    return override, problems


def template_variables(name: str) -> dict[str, str]:
    """The variables a template of this file name may use, with their Chinese descriptions."""
    return _variables(name) or {}
