"""The workspace's `houqin.toml`: every key optional, validated, with Chinese messages.

The dataclasses below are the single declaration of the settings: their field types drive
validation and their defaults are SPEC §1's. Unknown keys are warnings (with the nearest
known key), wrong types are errors naming the key and the expected type.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

from .errors import InputError, Location, Problem, show_value

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
        from .values import format_date

        if not (self.start and self.end):
            return self.label
        return f"{format_date(self.start)}至{format_date(self.end)}"


@dataclass(frozen=True)
class People:
    principal: str = ""
    deputy: str = ""
    logistics_head: str = ""
    filler: str = ""


@dataclass(frozen=True)
class Hazards:
    categories: list[str] = field(
        default_factory=lambda: [
            "校舍建筑", "消防", "用电", "设施设备", "食品卫生",
            "交通校车", "危化品实验室", "安保监控", "校园周边", "其他",
        ]
    )
    levels: list[str] = field(default_factory=lambda: ["一般", "较大", "重大"])
    half_month_split: int = 15
    #: Days an overdue hazard's 整改通知书 gives from its date (the old deadline has passed).
    overdue_extension: int = 7


@dataclass(frozen=True)
class Drills:
    target_seconds: int = 120


@dataclass(frozen=True)
class Appraisal:
    items: dict[str, int] = field(
        default_factory=lambda: {"职业道德": 20, "工作职责": 20, "专业技能": 20, "安全责任": 20, "出勤纪律": 20}
    )
    grades: dict[str, int] = field(default_factory=lambda: {"优秀": 90, "合格": 75, "基本合格": 60})
    excellent_quota: float = 0.2
    gold_count: int = 3
    absence_deduction: float = 2


@dataclass(frozen=True)
class Assets:
    threshold: float = 1000
    special_threshold: float = 1500


@dataclass(frozen=True)
class Settings:
    school: School = field(default_factory=School)
    term: Term = field(default_factory=Term)
    people: People = field(default_factory=People)
    hazards: Hazards = field(default_factory=Hazards)
    drills: Drills = field(default_factory=Drills)
    appraisal: Appraisal = field(default_factory=Appraisal)
    assets: Assets = field(default_factory=Assets)
    #: True when [term] came from the file; False when it must be inferred from the data.
    term_given: bool = False


SECTION_NAMES = {
    "school": "学校", "term": "学期", "people": "签字人", "hazards": "隐患排查",
    "drills": "应急演练", "appraisal": "员工考核", "assets": "固定资产",
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
            from .values import parse_date

            try:
                return parse_date(value)
            except ValueError:
                pass
    elif kind == "list[str]":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [v.strip() for v in value if v.strip()]
        if isinstance(value, str):
            from .values import split_names

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
            in_section = stripped.strip("[] ").split("#")[0].strip() == section
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


def _complete_term(term: Term, where: Location) -> tuple[Term, list[Problem]]:
    """Fill what follows from what was given: the year from the dates, or dates from the year."""
    problems: list[Problem] = []
    year, number, start, end = term.year, term.term, term.start, term.end
    if year:
        normal = _normalize_school_year(year)
        if normal is None:
            problems.append(Problem(
                f"学年「{year}」无法识别，应为 \"2021—2022\" 这样相邻的两个年份",
                where.at(column="[term] year"), year))
            return term, problems
        year = normal
    if number and number not in TERM_NAMES:
        problems.append(Problem(
            f"学期「{number}」无效，应为 1（第一学期）或 2（第二学期）",
            where.at(column="[term] term"), str(number)))
        return term, problems
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
            "学期结束日期早于开始日期", where.at(column="[term] end"), str(end)))
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
    return "\n".join(lines)


def parse_settings(text: str, file_name: str = SETTINGS_FILE) -> tuple[Settings, list[Problem]]:
    """Settings from TOML text, with every problem found (errors and warnings)."""
    where = Location(file=file_name)
    try:
        raw = tomllib.loads(quote_cjk_keys(text))
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        row = int(match.group(1)) if match else None
        col = f"第{match.group(2)}列" if match else ""
        return Settings(), [Problem(
            f"{col}附近不是有效的 TOML 格式（常见原因：文字没有加英文双引号、少了 ] 或 =、"
            f"用了中文标点）。原始信息：{exc}",
            where.at(row=row))]
    problems: list[Problem] = []
    sections: dict[str, Any] = {}
    hints = get_type_hints(Settings)
    known_sections = [f.name for f in dataclasses.fields(Settings) if f.name != "term_given"]
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
            continue
        cls = hints[section]
        field_hints = get_type_hints(cls)
        known = list(field_hints)
        values: dict[str, Any] = {}
        for key, value in body.items():
            key_where = where.at(row=_key_line(text, section, key), column=f"[{section}] {key}")
            if key not in field_hints:
                problems.append(Problem(
                    f"未知的设置项「{key}」，已忽略{_nearest(key, known)}",
                    key_where, severity="warning"))
                continue
            kind = _type_key(field_hints[key])
            try:
                values[key] = _coerce(value, kind)
            except TypeError:
                problems.append(Problem(
                    f"应为{_TYPE_NAMES.get(kind, kind)}，实际为「{show_value(value)}」",
                    key_where, show_value(value)))
        sections[section] = cls(**values)
    settings = Settings(**sections, term_given="term" in sections)
    problems.extend(_check_rules(settings, where))
    term, term_problems = _complete_term(settings.term, where)
    problems.extend(term_problems)
    return dataclasses.replace(settings, term=term), problems


def _check_rules(settings: Settings, where: Location) -> list[Problem]:
    """Values of the right type that still make no sense together."""
    problems = []
    appraisal = settings.appraisal
    if not 0 < appraisal.excellent_quota <= 1:
        problems.append(Problem(
            "优秀比例应在 0 到 1 之间（如 0.2 表示 20%）",
            where.at(column="[appraisal] excellent_quota"), str(appraisal.excellent_quota)))
    unknown_grades = set(appraisal.grades) - {"优秀", "合格", "基本合格"}
    if unknown_grades:
        problems.append(Problem(
            f"未知的等次「{'、'.join(sorted(unknown_grades))}」，应为 优秀、合格、基本合格 的分数线",
            where.at(column="[appraisal] grades")))
    cuts = [appraisal.grades.get(g) for g in ("优秀", "合格", "基本合格") if g in appraisal.grades]
    if cuts != sorted(cuts, reverse=True):
        problems.append(Problem(
            "等次分数线应从高到低：优秀 > 合格 > 基本合格", where.at(column="[appraisal] grades")))
    if not appraisal.items:
        problems.append(Problem("考核项目不能为空", where.at(column="[appraisal] items")))
    if not 1 <= settings.hazards.half_month_split <= 27:
        problems.append(Problem(
            "上半月的最后一天应在 1 到 27 之间", where.at(column="[hazards] half_month_split"),
            str(settings.hazards.half_month_split)))
    for name, items in (("categories", settings.hazards.categories), ("levels", settings.hazards.levels)):
        if not items:
            problems.append(Problem("不能为空", where.at(column=f"[hazards] {name}")))
    if settings.drills.target_seconds <= 0:
        problems.append(Problem("目标用时应大于 0 秒", where.at(column="[drills] target_seconds")))
    return problems


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
            return Settings(), [Problem(
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
    warning = Problem(
        f"未设置 [term]，已按数据中的日期推断为 {term.label}（{term.describe_span()}）；"
        "如不对，请在 houqin.toml 的 [term] 中填写",
        Location(file=SETTINGS_FILE), severity="warning")
    return dataclasses.replace(settings, term=term), [warning]
