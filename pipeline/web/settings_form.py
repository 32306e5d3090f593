"""The 设置 section: houqin.toml as a form, validated exactly as `houqin check` does.

The form's values are written into the user's own file with tomlkit, so every comment and
the order of the keys stay as they were; the would-be text is parsed by
``parse_settings`` before anything is saved, and each problem is shown beside the field
whose key it names (``[school] name`` → ``school.name``).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import tomlkit
import tomlkit.exceptions

from ..errors import Problem
from ..settings import KIND_SECTIONS, Settings, parse_settings, quote_cjk_keys


@dataclass(frozen=True)
class Field:
    section: str
    key: str
    label: str
    kind: str  # text, int, float, date, term, list, table
    hint: str = ""

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"


#: Every key of houqin.toml the page edits, in the order it shows them, grouped by heading.
GROUPS: list[tuple[str, list[Field]]] = [
    ("学校", [
        Field("school", "name", "学校名称", "text", "出现在每份文档的页眉和标题里"),
        Field("school", "district", "上报单位", "text", "如 新北区教育局"),
        Field("school", "campuses", "校区", "list", "多个校区用顿号分开；只有一个校区可不填"),
    ]),
    ("学期", [
        Field("term", "year", "学年", "text", "如 2025—2026"),
        Field("term", "term", "第几学期", "term"),
        Field("term", "start", "开学日期", "date", "第1教学周是包含这一天的那一周"),
        Field("term", "end", "学期结束日期", "date"),
    ]),
    ("签字人", [
        Field("people", "principal", "校长", "text"),
        Field("people", "deputy", "分管领导", "text"),
        Field("people", "logistics_head", "后勤负责人", "text"),
        Field("people", "filler", "填报人", "text"),
    ]),
    ("规则", [Field(section.name, key, label, kind, hint)
             for section in KIND_SECTIONS for key, label, kind, hint in section.form]),
]
FIELDS = [f for _, group in GROUPS for f in group]
BY_KEY = {f"[{f.section}] {f.key}": f for f in FIELDS}
SEPARATORS = re.compile(r"[、，,；;\s]+")


@dataclass
class SettingsForm:
    """What the section shows: each field's text, its problems, and problems of the file."""

    values: dict[str, str]
    errors: dict[str, list[Problem]] = field(default_factory=dict)
    general: list[Problem] = field(default_factory=list)
    defaults: dict[str, str] = field(default_factory=dict)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return "、".join(f"{k}={_number(v)}" for k, v in value.items())
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _defaults() -> dict[str, str]:
    base = Settings()
    return {f.name: _shown(getattr(getattr(base, f.section), f.key)) for f in FIELDS}


def form_from_text(text: str | None) -> SettingsForm:
    """The form filled from the file's own keys (a key not in the file shows empty, with the
    default as placeholder), with the problems ``check`` finds in it."""
    values = {f.name: "" for f in FIELDS}
    form = SettingsForm(values, defaults=_defaults())
    if text is None:
        return form
    try:
        raw = tomllib.loads(quote_cjk_keys(text))
    except tomllib.TOMLDecodeError:
        raw = {}
    for f in FIELDS:
        section = raw.get(f.section)
        if isinstance(section, dict) and f.key in section:
            value = section[f.key]
            if f.kind == "date" and isinstance(value, str):  # `"2022年2月14日"`: the date box takes ISO only
                typed = _typed(f, value)
                value = typed if isinstance(typed, dt.date) else value
            values[f.name] = _shown(value)
    _, problems = parse_settings(text)
    place(form, problems)
    return form


def place(form: SettingsForm, problems: list[Problem]) -> None:
    """Each problem beside the field its key names; the rest above the form."""
    for problem in problems:
        f = BY_KEY.get(problem.location.column or "")
        if f is None:
            form.general.append(problem)
        else:
            form.errors.setdefault(f.name, []).append(problem)


def _typed(f: Field, text: str) -> Any:
    """The TOML value for a field's text; what cannot be read stays text, so ``parse_settings``
    reports it in its own words beside the field."""
    if f.name == "term.year":
        from ..settings import _normalize_school_year

        return _normalize_school_year(text) or text
    if f.kind in ("int", "term"):
        return int(text) if re.fullmatch(r"[+-]?\d+", text) else text
    if f.kind == "float":
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() and "." not in text else number
    if f.kind == "date":
        from ..reading.values import parse_date

        try:
            return parse_date(text)
        except ValueError:
            return text
    if f.kind == "list":
        return [part for part in SEPARATORS.split(text) if part]
    if f.kind == "table":
        table: dict[str, Any] = {}
        for part in SEPARATORS.split(text):
            if not part:
                continue
            name, equals, number = part.replace("＝", "=").partition("=")
            if not equals or not name.strip():
                return text  # "应为 名称 = 整数 的表" from parse_settings
            table[name.strip()] = _typed(Field("", "", "", "float"), number.strip())
        return table
    return text


class UnreadableSettings(Exception):
    """houqin.toml is not TOML at all: the page cannot edit it without losing something."""


def updated_text(text: str | None, submitted: dict[str, str]) -> str:
    """houqin.toml with the submitted values, comments and order kept; an empty field removes
    its key (its default applies)."""
    try:
        document = tomlkit.parse(quote_cjk_keys(text or ""))
    except tomlkit.exceptions.ParseError as err:
        raise UnreadableSettings(str(err)) from None
    for f in FIELDS:
        given = submitted.get(f.name, "").strip()
        section = document.get(f.section)
        if not given:
            if isinstance(section, dict) and f.key in section:
                del section[f.key]
            continue
        if section is None:
            section = tomlkit.table()
            document[f.section] = section
        value = _typed(f, given)
        if isinstance(value, dict):
            inline = tomlkit.inline_table()
            inline.update(value)
            value = inline
        section[f.key] = value
    return tomlkit.dumps(document)


def submit(text: str | None, submitted: dict[str, str]) -> tuple[str | None, SettingsForm]:
    """The new file text when it passes the check (None otherwise), and the form to show."""
    form = SettingsForm({f.name: submitted.get(f.name, "").strip() for f in FIELDS}, defaults=_defaults())
    try:
        new_text = updated_text(text, submitted)
    except UnreadableSettings as err:
        form.general.append(Problem(f"houqin.toml 不是有效的 TOML 格式，网页无法修改它；请先用记事本改正：{err}",
                                    _location()))
        return None, form
    _, problems = parse_settings(new_text)
    place(form, problems)
    if any(p.is_error for p in problems):
        return None, form
    return new_text, form


def _location() -> Any:
    from ..errors import Location
    from ..settings import SETTINGS_FILE

    return Location(file=SETTINGS_FILE)
