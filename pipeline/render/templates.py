"""Templates people own: the built-in defaults, a workspace's overrides, export and lint.

A user's template in `<workspace>/templates/` replaces the built-in one of the same file
name, and is linted before it is used: unknown variables and broken tags are reported
with the text around them before anything renders.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import HouqinError, Location, Problem, TemplateError  # noqa: F401 (TemplateError: said here too)
from ..reading.zip_guard import template_oversize
from ..workspace import Workspace
from .lint import doctype_problem, lint_tags, lint_variables, paragraphs

#: The built-in templates: the repository's top-level templates/ (a checkout, an editable
#: install), or the copy a wheel carries in the package (see setup.py).
_CHECKOUT = Path(__file__).resolve().parents[2] / "templates"
_PACKAGED = Path(__file__).resolve().parents[1] / "builtin_templates"
BUILTIN = _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT


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
    those are not overrides, and nor is any file identical to the built-in one (a copy
    exported and put back unchanged): so the root and every other workspace agree.
    """
    candidate = Workspace(root).templates / name
    builtin = builtin_path(name)
    if not candidate.is_file() or candidate.resolve() == builtin.resolve():
        return None
    if builtin.is_file() and candidate.stat().st_size == builtin.stat().st_size \
            and candidate.read_bytes() == builtin.read_bytes():
        return None
    return candidate


def list_templates(root: Path | None = None) -> list[TemplateInfo]:
    return [TemplateInfo(name, owner, description, builtin_path(name),
                         override_path(root, name) if root else None)
            for name, owner, description, _ in _owned()]


def _owned() -> list[tuple[str, str, str, dict[str, str]]]:
    """(template, owner, description, variables): every kind's templates (the 目录's too)."""
    from ..kinds import registry

    return [(name, kind.name, kind.description, dict(fields))
            for kind in registry().values() for name, fields in kind.templates.items()]


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
    """Every problem of a Word template or a district's .xlsx form: a part with a DOCTYPE,
    broken tags, then variables the kind lacks.

    ``fields`` are the variables the document kind provides; without them the kind is
    found by the template's file name.
    """
    name = path.name
    renamed: list[Problem] = []
    if fields is None:
        fields = _variables(name)
        meant = [n for n in (i.name for i in list_templates())
                 if _stem_key(Path(n).stem) == _stem_key(path.stem) and n.endswith(path.suffix.lower())]
        if fields is None and len(meant) == 1:  # `安全工作月报.DOCX`: lint it as the one it is meant to be
            fields = _variables(meant[0]) or {}
            renamed = [Problem(f"文件名应为「{meant[0]}」，否则放进 templates/ 也不会被使用",
                               Location(file=name), severity="warning")]
        if fields is None:
            known = "、".join(i.name for i in list_templates())
            return [Problem(
                f"不知道这个模板属于哪种文档：文件名应与内置模板相同（{known}）", Location(file=name))]
    return renamed + _lint(path, name, fields)


def _lint(path: Path, name: str, fields: dict[str, str]) -> list[Problem]:
    from .word import CompiledDocx

    if reason := template_oversize(path):
        return [Problem(reason, Location(file=name))]
    if problem := doctype_problem(path, name):
        return [problem]
    if path.suffix.lower() == ".xlsx":
        from .forms import lint_form

        try:
            return lint_form(path, fields)
        except HouqinError as err:
            return err.problems
    try:
        items = list(paragraphs(path))
    except Exception:  # noqa: BLE001 - any damage means the same thing to a person
        return [Problem("不是有效的 Word 文档（.docx）；请在 Word/WPS 中另存为 .docx", Location(file=name))]
    problems = lint_tags(name, items, fields)
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


#: What Windows and people add to a copy's name: `安全工作月报 (1)`, `安全工作月报 - 副本`.
_COPY_MARK = re.compile(r"\s*(?:[(（]\d+[)）]|-\s*副本|副本)$")
_OLD_FORMATS = {".doc": ("Word", "Word/WPS", ".docx"), ".wps": ("WPS 文字", "WPS", ".docx"),
                ".xls": ("Excel", "Excel/WPS", ".xlsx"), ".et": ("WPS 表格", "WPS", ".xlsx")}


def _stem_key(stem: str) -> str:
    """`安全工作月报`, whatever the case, width, spaces, copy mark or a doubled extension."""
    key = unicodedata.normalize("NFKC", stem).strip().casefold()
    while (trimmed := re.sub(r"\.(docx|xlsx|doc|xls)$", "", key).strip()) != key:
        key = trimmed
    return _COPY_MARK.sub("", key).replace(" ", "")


def near_misses(root: Path) -> list[Problem]:
    """Files in templates/ that look meant to replace a built-in but will not be used.

    `安全工作月报.DOCX`, `安全工作月报 .docx`, `安全工作月报(1).docx` or an old `.doc`: houqin uses
    a template only under the exact name, so without a word such a file is silently ignored.
    """
    folder = Workspace(root).templates
    if not folder.is_dir():
        return []
    names = [info.name for info in list_templates()]
    by_stem: dict[str, list[str]] = {}
    for name in names:
        by_stem.setdefault(_stem_key(Path(name).stem), []).append(name)
    problems = []
    for path in sorted(folder.iterdir()):
        if path.name in names or path.name.startswith((".", "~$")) or not path.is_file():
            continue
        suffix = path.suffix.lower().strip()
        candidates = by_stem.get(_stem_key(path.stem if path.suffix else path.name), [])
        if not candidates:
            continue
        if suffix in _OLD_FORMATS:
            program, opener, new = _OLD_FORMATS[suffix]
            target = next((n for n in candidates if n.endswith(new)), candidates[0])
            message = (f"这是旧版 {program} 格式，不会被使用；请用 {opener} 打开后另存为 {new}，"
                       f"文件名为「{target}」")
        else:
            target = next((n for n in candidates if n.endswith(suffix)), None)
            if target is None:
                target = candidates[0] if len(candidates) == 1 else "」或「".join(candidates)
            used = folder / target
            if used.is_file() and used.samefile(path):  # the same file on a case-insensitive disk
                continue
            message = f"文件名与内置模板「{target}」不完全相同，不会被使用；要用它代替内置模板，请改名为「{target}」"
            if used.is_file():
                message = f"不会被使用：templates/ 中已有「{target}」，用的是那一个；不需要的话请删除这个文件"
        problems.append(Problem(message, Location(file=f"templates/{path.name}"), severity="warning"))
    return problems


def template_variables(name: str) -> dict[str, str]:
    """The variables a template of this file name may use, with their Chinese descriptions."""
    return _variables(name) or {}
