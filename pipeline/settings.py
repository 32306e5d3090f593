"""The workspace's `houqin.toml`: every key optional, validated, with Chinese messages.

The dataclasses below are the single declaration of the settings: their field types drive
validation and their defaults are SPEC §1's. Unknown keys are warnings (with the nearest
known key), wrong types are errors naming the key and the expected type.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

from .errors import InputError, Location, Problem, show_value
from .kinds import folders, part
from .sections import Section, plain_number

SETTINGS_FILE = "houqin.toml"
TERM_NAMES = {1: "第一学期", 2: "第二学期"}
LONG_DASH = "—"


@dataclass(frozen=True)
class School:
    name: str = "（学校名称）"
    district: str = ""
    campuses: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Term:
    year: str = ""
    term: int = 0
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def label(self) -> str:
        """`2021—2022学年第二学期`."""
        return f"{self.year}学年{TERM_NAMES.get(self.term, '')}"

    def year_of_month(self) -> dict[int, int]:
        """Calendar year of each month number within this school year (for a bare `3月`)."""
        first, second = (int(y) for y in self.year.split(LONG_DASH))
        if self.term == 1:
            return {m: (first if m >= 7 else second) for m in range(1, 13)}
        return {m: second for m in range(1, 13)}

    def contains(self, day: dt.date) -> bool:
        return bool(self.start and self.end and self.start <= day <= self.end)

    def describe_span(self) -> str:
        from .reading.values import format_date

        if not (self.start and self.end):
            return self.label
        return f"{format_date(self.start)}至{format_date(self.end)}"


@dataclass(frozen=True)
class People:
    principal: str = ""
    deputy: str = ""
    logistics_head: str = ""
    filler: str = ""


def _kind_sections() -> tuple[Section, ...]:
    """Every kind folder's section (``pipeline/kinds/<name>/settings.py``), in order."""
    found = [getattr(part(folder, "settings"), "SECTION", None) for folder in folders()]
    return tuple(sorted((s for s in found if isinstance(s, Section)), key=lambda s: (s.order, s.name)))


#: The sections the kind folders declare: [hazards], [drills], [appraisal], [assets] …
KIND_SECTIONS: tuple[Section, ...] = _kind_sections()
BY_SECTION = {section.name: section for section in KIND_SECTIONS}

#: All the settings: [school], [term], [people], then one section per kind that has one
#: (``settings.hazards``, ``settings.assets`` …). Built from the kind folders' declarations.
Settings = dataclasses.make_dataclass(
    "Settings",
    [
        ("school", School, field(default_factory=School)),
        ("term", Term, field(default_factory=Term)),
        ("people", People, field(default_factory=People)),
        *[(s.name, s.cls, field(default_factory=s.cls)) for s in KIND_SECTIONS],
        #: True when [term] came from the file; False when it must be inferred from the data.
        ("term_given", bool, field(default=False)),
        #: True when [term] has an error: the term is inferred from the data, only for checking.
        ("term_broken", bool, field(default=False)),
    ],
    frozen=True,
)
Settings.__module__ = __name__


_FLAGS = ("term_given", "term_broken")
#: A settings file that cannot be read at all: defaults, and the term from the data's dates.
_UNREAD = Settings(term_broken=True)


SECTION_NAMES = {
    "school": "学校", "term": "学期", "people": "签字人", **{s.name: s.title for s in KIND_SECTIONS},
}

_TYPE_NAMES = {
    str: "文字（加英文双引号，如 \"常州市新北区薛家实验小学\"）",
    int: "整数（如 15）",
    float: "数字（如 0.2）",
    dt.date: "日期（如 2022-02-14，不加引号）",
    "list[str]": "文字列表（如 [\"本部校区\", \"分校区\"]）",
    "dict[str, int]": "名称 = 整数 的表（如 { 职业道德 = 20 }）",
}


def _type_key(hint: Any) -> Any:
    text = str(hint)
    if "datetime.date" in text:
        return dt.date
    if text.startswith("list["):
        return "list[str]"
    if text.startswith("dict["):
        return "dict[str, int]"
    return hint


def _coerce(value: Any, kind: Any) -> Any:
    """The value in the declared type, or raise TypeError; numbers widen, never narrow."""
    if kind is str:
        if isinstance(value, str):
            return value.strip()
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif kind is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
    elif kind is dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            from .reading.values import parse_date

            try:
                return parse_date(value)
            except ValueError:
                pass
    elif kind == "list[str]":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [v.strip() for v in value if v.strip()]
        if isinstance(value, str):
            from .reading.values import split_names

            return split_names(value)
    elif kind == "dict[str, int]":
        if isinstance(value, dict) and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()
        ):
            return {str(k): v for k, v in value.items()}
    raise TypeError


def _key_line(text: str, section: str, key: str | None) -> int | None:
    """Line of `[section]` or of `key =` inside it, so a message can point at it."""
    lines = text.splitlines()
    in_section = False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("["):
            header = re.match(r"\[\[?\s*([^\]#]*?)\s*\]", stripped)  # `[appraisal]   # 说明` too
            in_section = bool(header) and header.group(1).replace('"', "") == section
            if in_section and key is None:
                return number
            continue
        if in_section and key and re.match(rf"^\s*\"?{re.escape(key)}\"?\s*=", line):
            return number
    return None


def _nearest(name: str, known: list[str]) -> str:
    match = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    return f"，是否应为「{match[0]}」？" if match else f"，可用的有：{'、'.join(known)}"


def _normalize_school_year(value: str) -> str | None:
    match = re.fullmatch(r"\s*(\d{4})\s*[-—–~～－至到]+\s*(\d{4})\s*(学年)?\s*", value)
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if second != first + 1:
        return None
    return f"{first}{LONG_DASH}{second}"


def school_year_of(day: dt.date) -> tuple[str, int]:
    """(`2021—2022`, 2) for a date in Feb–Jul; Sep–Jan is the first term."""
    if 2 <= day.month <= 7:
        return f"{day.year - 1}{LONG_DASH}{day.year}", 2
    if day.month == 1:
        return f"{day.year - 1}{LONG_DASH}{day.year}", 1
    return f"{day.year}{LONG_DASH}{day.year + 1}", 1


def _complete_term(term: Term, text: str, where: Location) -> tuple[Term, list[Problem]]:
    """Fill what follows from what was given: the year from the dates, or dates from the year.

    A year or term that disagrees with the start date is an error: last term's `year`/`term`
    left in place with this term's dates would put the wrong term in every title.
    """
    problems: list[Problem] = []
    year, number, start, end = term.year, term.term, term.start, term.end

    def at(key: str) -> Location:
        return where.at(row=_key_line(text, "term", key), column=f"[term] {key}")

    if year:
        normal = _normalize_school_year(year)
        if normal is None:
            problems.append(Problem(
                f"学年「{year}」无法识别，应为 \"2021—2022\" 这样相邻的两个年份",
                at("year"), year))
            return term, problems
        year = normal
    if number and number not in TERM_NAMES:
        problems.append(Problem(
            f"学期「{number}」无效，应为 1（第一学期）或 2（第二学期）",
            at("term"), str(number)))
        return term, problems
    if start and (year or number):
        dated_year, dated_term = school_year_of(start)
        wrong = [k for k, given, dated in (("year", year, dated_year), ("term", number, dated_term))
                 if given and given != dated]
        if wrong == ["term"] and start.month == 1:  # a spring term may begin late in January
            wrong = []
        if wrong:
            given = Term(year=year or dated_year, term=number or dated_term)
            dated = Term(year=dated_year, term=dated_term)
            fix = "、".join(f"{k} = \"{dated_year}\"" if k == "year" else f"{k} = {dated_term}" for k in wrong)
            problems.append(Problem(
                f"学年/学期与开学日期不一致：year/term 写的是 {given.label}，但 start = {start} 在 "
                f"{dated.label}；如果日期是对的，请把 {fix}（可能是上学期的设置没有改），"
                "否则请改正 start 和 end", at(wrong[0]), f"{given.label}"))
            year, number = dated_year, dated_term  # the rest is checked as the dates say
    if start and not (year and number):
        guessed_year, guessed_term = school_year_of(start)
        year, number = year or guessed_year, number or guessed_term
    if year and number and not (start and end):
        first, second = (int(y) for y in year.split(LONG_DASH))
        if number == 1:
            start = start or dt.date(first, 9, 1)
            end = end or dt.date(second, 1, 31)
        else:
            start = start or dt.date(second, 2, 1)
            end = end or dt.date(second, 7, 31)
    if start and end and end < start:
        problems.append(Problem(
            f"学期结束日期早于开始日期（start = {start}，end = {end}）；请改正 start 或 end", at("end"), str(end)))
    elif start and end and (end - start).days > 366:
        problems.append(Problem(
            f"学期从 {start} 到 {end} 超过一年；请核对 start 和 end（一个学期约 20 周）",
            at("end"), str(end)))
    return Term(year=year, term=number, start=start, end=end), problems


_CJK_KEY = re.compile(r"(^|[{,]\s*|^\s*)([^\s\"'=,{}\[\]#.]*[^\x00-\x7f][^\s\"'=,{}\[\]#.]*)(\s*=)")


def quote_cjk_keys(text: str) -> str:
    """Quote Chinese bare keys (`{ 职业道德 = 20 }`), which TOML 1.0 allows only in quotes.

    SPEC §1 and people write them bare; the text inside double-quoted strings and after a
    comment is left exactly as it is.
    """
    lines = []
    for line in text.splitlines():
        parts = line.split('"')
        for i in range(0, len(parts), 2):
            head, hash_, tail = parts[i].partition("#")
            parts[i] = _CJK_KEY.sub(lambda m: f'{m.group(1)}"{m.group(2)}"{m.group(3)}', head) + hash_ + tail
            if hash_:
                break
        lines.append('"'.join(parts))
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


#: houqin.toml is a few dozen lines; anything far larger is not a settings file.
MAX_SETTINGS_CHARS = 100_000
#: `items = { 职业道德 = 20 }` inside [appraisal] is the deepest the settings go (3 levels).
MAX_DEPTH = 4


def _nesting(text: str) -> tuple[int, int]:
    """(deepest nesting of [ and {, its line), outside strings and comments.

    tomllib parses nested arrays and inline tables recursively: a few hundred levels end in
    RecursionError, so the depth is measured before it parses.
    """
    depth = deepest = 0
    line = deepest_line = 1
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                if text[i] == "\\" and c == '"':
                    i += 1
                elif text[i] == "\n":
                    line += 1
                    if len(quote) == 1:  # an unclosed one-line string: tomllib will say so
                        break
                i += 1
            i += len(quote)
            continue
        elif c in "[{":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
        elif c in "]}":
            depth = max(0, depth - 1)
        i += 1
    return deepest, deepest_line


def _depth(value: Any) -> int:
    """Levels of tables and arrays in parsed TOML, without recursion (dotted keys nest too)."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            level += 1
            deepest = max(deepest, level)
            if level <= MAX_DEPTH + 1:
                stack.extend((v, level) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def _toml_problem(text: str, where: Location) -> Problem | None:
    """A file too large or nested too deeply to be parsed safely."""
    if len(text) > MAX_SETTINGS_CHARS:
        return Problem(
            f"设置文件太大（{len(text)} 字，最多 {MAX_SETTINGS_CHARS} 字）；houqin.toml 通常只有几十行，"
            "请核对是否放错了文件", where)
    deepest, line = _nesting(text)
    if deepest > MAX_DEPTH:
        return Problem(
            f"括号 [ ] 或 {{ }} 嵌套了 {deepest} 层，最多 {MAX_DEPTH} 层；设置中最深的是 "
            "items = { 职业道德 = 20 } 这样的一层表，请删去多余的括号",
            where.at(row=line, column=_key_at(text, line)))
    return None


def _key_at(text: str, line: int) -> str:
    """`[appraisal] items` for the line of `items = …` inside [appraisal], for a message."""
    lines = text.splitlines()
    section = ""
    for number, content in enumerate(lines[:line], 1):
        header = re.match(r"\s*\[\[?\s*([^\]#]*?)\s*\]", content)
        if header and number < line:
            section = header.group(1).replace('"', "")
    key = re.match(r"\s*\"?([^\s\"=\[]+)\"?\s*=", lines[line - 1]) if 0 < line <= len(lines) else None
    return " ".join(part for part in (f"[{section}]" if section else "", key.group(1) if key else "") if part)


#: tomllib's English reasons, said in Chinese (no English reaches a person).
_TOML_REASONS = [
    ("Invalid value", "：这里的值无法识别"),
    ("Expected '=' after a key", "：设置项后面缺少 ="),
    ("Cannot declare", "：同一个设置节写了两次"),
    ("Cannot overwrite a value", "：同一个设置项写了两次"),
    ("Cannot mutate", "：同一个设置项写了两次"),
    ("Unclosed array", "：列表缺少结尾的 ]"),
    ("Unclosed inline table", "：表缺少结尾的 }"),
    ("Unterminated string", "：文字缺少结尾的英文双引号"),
    ("Expected ']' at the end of a table", "：设置节的名称缺少 ]"),
    ("Expected newline or end of document", "：一行只能写一项，值的后面多了文字"),
    ("Invalid statement", "：这一行无法识别"),
    ("Invalid initial character for a key", "：设置项的名称无法识别"),
    ("Invalid date or datetime", "：日期无法识别，应写成 2022-02-14"),
    ("Illegal character '\\n'", "：文字缺少结尾的英文双引号"),  # a line break inside "…"
    ("Illegal character", "：含有不允许的字符"),
    ("Found invalid character", "：含有不允许的字符"),
]


#: A value a person meant as a date: `2022.2.14`, `2022-13-01`, `2022/2/14`, `2022年2月14日`.
_DATE_LIKE = re.compile(r"^\s*\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}")


def _syntax_problem(message: str, text: str, where: Location) -> Problem:
    """tomllib's error at the line it names (`(at line N, column M)`): an unclosed list or table
    at the line where it opened, the end of the file only when tomllib names no line; and how
    dates are written when the line holds one."""
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    lines = text.splitlines()
    row, column = (int(match.group(1)), int(match.group(2))) if match else (len(lines) or None, None)
    if message.startswith(("Unclosed array", "Unclosed inline table")):
        opened = _opened_at(text, row or len(lines), column or 10**9)
        row, column = (opened, None) if opened else (row, column)
    place = f"第{column}列附近" if column and not message.startswith("Cannot") else ""
    reason = next((said for english, said in _TOML_REASONS if message.startswith(english)), "")
    key = _key_at(text, row) if row else ""
    line = lines[row - 1] if row and 0 < row <= len(lines) else ""
    value = line.partition("=")[2].partition("#")[0].strip()
    if "=" in line and (key.split(" ")[-1] in ("start", "end") or _DATE_LIKE.match(value)) \
            and not _valid_value(value):
        return Problem(f"{place}不是有效的 TOML 格式：日期「{value}」无法识别；日期写作 2022-02-14，不加引号",
                       where.at(row=row, column=key), value)
    return Problem(
        f"{place}不是有效的 TOML 格式{reason}（常见原因：文字没有加英文双引号、少了 ] 或 =、用了中文标点）",
        where.at(row=row))


def _valid_value(value: str) -> bool:
    """Whether a value is valid TOML on its own: the error on its line is then about something else."""
    try:
        tomllib.loads(f"x = {value}")
    except tomllib.TOMLDecodeError:
        return False
    return True


def _opened_at(text: str, line: int, column: int) -> int | None:
    """The line of the innermost `[` or `{` still open before (line, column), outside strings
    and comments: where a list or table that lacks its end began."""
    stack: list[int] = []
    row, col = 1, 1
    i, n = 0, len(text)
    while i < n and (row, col) < (line, column):
        c = text[i]
        if c == "\n":
            row, col = row + 1, 1
            i += 1
            continue
        if c == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c in "\"'":
            end = text.find(c, i + 1)
            stop = text.find("\n", i + 1)
            if end == -1 or (stop != -1 and stop < end):
                end = stop if stop != -1 else n  # unclosed on this line: tomllib says so
            col += end - i
            i = end if end < n and text[end] == "\n" else end + 1
            continue
        if c in "[{":
            stack.append(row)
        elif c in "]}" and stack:
            stack.pop()
        i += 1
        col += 1
    return stack[-1] if stack else None


def parse_settings(text: str, file_name: str = SETTINGS_FILE) -> tuple[Settings, list[Problem]]:
    """Settings from TOML text, with every problem found (errors and warnings).

    A value with an error is replaced by its default, so the data can still be checked in
    the same run; the errors make sure nothing is generated with those defaults.
    """
    where = Location(file=file_name)
    if problem := _toml_problem(text, where):
        return _UNREAD, [problem]
    try:
        raw = tomllib.loads(quote_cjk_keys(text))
    except tomllib.TOMLDecodeError as exc:
        return _UNREAD, [_syntax_problem(str(exc), quote_cjk_keys(text), where)]
    except (RecursionError, MemoryError):
        return _UNREAD, [Problem(
            f"括号 [ ] 或 {{ }} 嵌套太深，最多 {MAX_DEPTH} 层；请删去多余的括号", where)]
    problems: list[Problem] = []
    sections: dict[str, Any] = {}
    hints = get_type_hints(Settings)
    known_sections = [f.name for f in dataclasses.fields(Settings) if f.name not in _FLAGS]
    broken_term = False
    for section, body in raw.items():
        line = _key_line(text, section, None)
        if section not in known_sections:
            problems.append(Problem(
                f"未知的设置节 [{section}]，已忽略{_nearest(section, known_sections)}",
                where.at(row=line, column=f"[{section}]"), severity="warning"))
            continue
        if not isinstance(body, dict):
            problems.append(Problem(
                f"[{section}] 应为一个设置节（{SECTION_NAMES[section]}）",
                where.at(row=line, column=section)))
            broken_term |= section == "term"
            continue
        cls = hints[section]
        field_hints = get_type_hints(cls)
        known = list(field_hints)
        values: dict[str, Any] = {}
        for key, value in body.items():
            key_where = where.at(row=_line_of(text, section, key), column=f"[{section}] {key}")
            if key not in field_hints:
                problems.append(Problem(
                    f"未知的设置项「{key}」，已忽略{_nearest(key, known)}",
                    key_where, severity="warning"))
                continue
            kind = _type_key(field_hints[key])
            if _depth(value) > (1 if kind in ("list[str]", "dict[str, int]") else 0):
                problems.append(Problem(
                    f"应为{_TYPE_NAMES.get(kind, kind)}，不能再套一层表或列表", key_where))
                broken_term |= section == "term"
                continue
            try:
                coerced = _coerce(value, kind)
            except TypeError:
                problems.append(Problem(
                    f"应为{_TYPE_NAMES.get(kind, kind)}，实际为「{show_value(value)}」",
                    key_where, show_value(value)))
                broken_term |= section == "term"
                continue
            if reason := _out_of_range(section, key, coerced):
                problems.append(Problem(reason, key_where, show_value(value)))
                broken_term |= section == "term"
                continue
            values[key] = coerced
        sections[section] = cls(**values)
    settings = Settings(**sections, term_given="term" in sections)
    settings, found = _check_rules(settings, text, where)
    problems.extend(found)
    term, term_problems = _complete_term(settings.term, text, where)
    problems.extend(term_problems)
    broken_term |= any(p.is_error for p in term_problems)
    if broken_term:  # the data's dates place the term instead, said in infer_term's warning
        term = Term()
    return dataclasses.replace(settings, term=term, term_broken=broken_term), problems


#: (section, key) → (lowest, highest, lowest allowed only when above it, what it is, example),
#: as each kind folder's section declares.
_RANGES: dict[tuple[str, str], tuple[float, float, bool, str, str]] = {
    (section.name, key): bounds for section in KIND_SECTIONS for key, bounds in section.ranges.items()
}
#: Longest sensible text of each kind, and most entries of each list.
_TEXT_LIMITS = {"name": 60, "district": 60}
_LIST_LIMITS = {"campuses": (20, 30), "categories": (50, 30), "levels": (10, 10)}


def _finite(value: Any) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def _out_of_range(section: str, key: str, value: Any) -> str | None:
    """Why a value of the right type still cannot be used, saying what to write; or None."""
    if isinstance(value, int | float) and not _finite(value):
        example = f"；如：{_RANGES[(section, key)][4]}" if (section, key) in _RANGES else ""
        return f"应为普通的数字，不能是 nan 或 inf（实际为「{value}」）{example}"
    if (section, key) in _RANGES:
        low, high, open_low, what, example = _RANGES[(section, key)]
        if (value <= low if open_low else value < low) or value > high:
            bound = (f"大于 {plain_number(low)}、不超过 {plain_number(high)}" if open_low
                     else f"在 {plain_number(low)} 到 {plain_number(high)} 之间")
            return f"{what}应{bound}，实际为「{plain_number(value, high)}」；如：{example}"
    if section == "school" and key == "name" and not value:
        return "学校名称不能为空；如：name = \"常州市新北区薛家实验小学\""
    if isinstance(value, str):
        limit = _TEXT_LIMITS.get(key, 30)
        if len(value) > limit:
            return f"文字太长（{len(value)} 字，最多 {limit} 字）"
    if isinstance(value, list) and key in _LIST_LIMITS:
        most, longest = _LIST_LIMITS[key]
        if len(value) > most:
            return f"最多 {most} 项，实际有 {len(value)} 项"
        if long := [v for v in value if len(v) > longest]:
            return f"「{show_value(long[0], 20)}」太长（最多 {longest} 字）"
        if not value and key != "campuses":
            return "不能为空"
    if section in BY_SECTION and (check := BY_SECTION[section].check_value):
        return check(key, value)
    if section == "term" and key in ("start", "end") and not 2000 <= value.year <= 2099:
        return f"日期应在 2000 年到 2099 年之间，实际为「{value}」"
    return None


def _line_of(text: str, section: str, key: str) -> int | None:
    """The line of a key, also when written as its own table (`[appraisal.items]`)."""
    return _key_line(text, section, key) or _key_line(text, f"{section}.{key}", None)


def _check_rules(settings: Settings, text: str, where: Location) -> tuple[Settings, list[Problem]]:
    """Values each fine on their own that still make no sense together; defaults replace them."""
    problems = []
    for section in KIND_SECTIONS:
        if section.check_rules is None:
            continue
        value, found = section.check_rules(getattr(settings, section.name))
        for key, message, shown in found:
            problems.append(Problem(message, where.at(
                row=_line_of(text, section.name, key), column=f"[{section.name}] {key}"), shown))
        settings = dataclasses.replace(settings, **{section.name: value})
    return settings, problems


def load_settings(workspace_root: Path) -> tuple[Settings, list[Problem]]:
    """Settings of a workspace; a missing file means all defaults, which is fine."""
    path = workspace_root / SETTINGS_FILE
    if not path.is_file():
        return Settings(), []
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            return _UNREAD, [Problem(
                "文件编码无法识别，请用记事本“另存为”UTF-8 编码", Location(file=SETTINGS_FILE))]
    return parse_settings(text)


def require_valid_settings(workspace_root: Path) -> tuple[Settings, list[Problem]]:
    settings, problems = load_settings(workspace_root)
    if any(p.is_error for p in problems):
        raise InputError(problems)
    return settings, problems


def infer_term(settings: Settings, dates: list[dt.date]) -> tuple[Settings, list[Problem]]:
    """Without [term], the term the data's dates fall in, said in a warning (SPEC §1)."""
    if settings.term_given and settings.term.start and settings.term.end:
        return settings, []
    if not dates:
        return settings, []
    first, last = min(dates), max(dates)
    year, number = school_year_of(first)
    term = Term(year=year, term=number, start=first, end=last)
    if settings.term_broken:
        said = (f"设置有错误（见上），检查数据时暂按数据中的日期推断学期为 {term.label}"
                f"（{term.describe_span()}）；改正后请再检查一次")
    else:
        said = (f"未设置 [term]，已按数据中的日期推断为 {term.label}（{term.describe_span()}）；"
                "如不对，请在 houqin.toml 的 [term] 中填写")
    warning = Problem(said, Location(file=SETTINGS_FILE), severity="warning")
    return dataclasses.replace(settings, term=term), [warning]
