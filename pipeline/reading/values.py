"""Parsers for the values people actually type into school spreadsheets.

Each parser takes a raw cell value (whatever the workbook or CSV reader gives) and returns
a clean Python value or raises :class:`ParseError` with a Chinese reason; the reader knows
the cell and adds the location. Also here: what a cell's text is cleaned of before anyone
reads it (:func:`clean_cell`), how such text is shown in a message (:func:`visible`), and
the marker for Excel's error values (:class:`CellError`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from ..errors import ParseError, Problem

if TYPE_CHECKING:
    from .records import Record

DATE_EXAMPLE = "2022-03-05 或 2022年3月5日"
DURATION_EXAMPLE = "2分15秒、2:15、135秒 或 135"
MONEY_EXAMPLE = "数字，如 1280 或 1,280.50"
CENT = Decimal("0.01")

# Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 1, 2958465  # 1900-01-01 .. 9999-12-31

_DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:\s*[T ]?\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_RE = re.compile(r"^(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*月?$")
_SPACES = re.compile(r"\s+")

#: Excel's error values, as a cell shows them.
ERROR_CODES = ("#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!",
               "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!")


@dataclass(frozen=True)
class CellError:
    """A cell holding one of Excel's error values (`#N/A`, `#REF!` …), not text.

    The grid keeps it distinct so the table layer can say "a formula failed here" instead of
    printing `#N/A` on a form; every parser refuses it with a reason naming the code.
    """

    code: str

    def __str__(self) -> str:
        return self.code


def refuse_error(value: object) -> None:
    """Raise the located-to-be ParseError for an Excel error value; nothing for other values."""
    if isinstance(value, CellError):
        raise ParseError("单元格是 Excel 的错误值（公式出错）", "请在 Excel/WPS 中修正公式或改填数值")


#: Characters nobody sees but that make two equal-looking names differ: C0 controls (other
#: than tab and line breaks), DEL, zero-width space/joiners, word joiner and the BOM.
_INVISIBLE = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff]")
#: Anything :func:`clean_cell` might change; text without any of these is returned as is.
_NEEDS_CLEANING = re.compile("[\x00-\x1f\x7f\u00a0\u200b-\u200d\u2060\ufeff\u3000]")
_SHOWN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00a0\u200b-\u200d\u2060\ufeff]")
def clean_cell(text: str) -> tuple[str, bool]:
    """A cell's text as a person reads it, and whether an invisible character was removed.

    Line breaks (`\r\n`, `\r`, and the vertical tab Word's Shift+Enter becomes) turn into
    `\n`; control characters, zero-width characters and the BOM are removed (that is the
    True: worth a warning naming the cell); a no-break space becomes a space and no-break or
    ideographic spaces at the edges are trimmed. Spaces inside the text stay as typed.
    Excel's `_xHHHH_` escapes (`_x000B_`, `_x000D_`) arrive decoded: calamine decodes them.
    """
    if not _NEEDS_CLEANING.search(text):
        return text, False
    out = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    stripped = _INVISIBLE.sub("", out)
    removed = stripped != out
    out = stripped.replace("\u00a0", " ")
    if out[:1] in (" ", "\u3000") or out[-1:] in (" ", "\u3000"):
        out = out.strip(" \u3000")
    return out, removed


def visible(value: object) -> str:
    """The value with its invisible characters shown (`张晓燕<U+200B>`), for messages."""
    return _SHOWN.sub(lambda m: f"<U+{ord(m.group()):04X}>", str(value))


def normalize(value: object) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms, trimmed.

    Used only where a value is parsed as a number, date or code, never on names or
    free text, which stay exactly as typed.
    """
    refuse_error(value)
    text = unicodedata.normalize("NFKC", str(value))
    return text.replace("\u3000", " ").strip()


def is_blank(value: object) -> bool:
    return value is None or (value.__class__ is str and not value.strip())  # type: ignore[union-attr]


def clean_text(value: object) -> str:
    """Free text as typed, with surrounding white space and Excel's `_x000D_` noise removed."""
    if value.__class__ is str:  # the common case, once per text cell read: no other test applies
        text: str = value  # type: ignore[assignment]
        if "\r" in text or "_x000D_" in text:
            text = text.replace("_x000D_", "").replace("\r\n", "\n")
        return text.strip()
    refuse_error(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    return str(value).replace("_x000D_", "").replace("\r\n", "\n").strip()


def excel_serial_to_date(serial: float) -> dt.date:
    if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        raise ParseError("不是有效的 Excel 日期序号", DATE_EXAMPLE)
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date(value: object, year_of: dict[int, int] | None = None) -> dt.date:
    """A date from a real date, an Excel serial, or any of the written forms SPEC §2 lists.

    Forms clerks type are read too: a weekday in brackets (`2022年3月5日（周六）`), a
    trailing dot, a two-digit year (`22-3-5` is 2022), Chinese numerals
    (`二〇二二年三月五日`), and with ``year_of`` (the term's months) no year at all (`3月5日`).
    """
    if value.__class__ is dt.date:
        return value  # type: ignore[return-value]
    refuse_error(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    example = date_example(year_of)
    if isinstance(value, bool):
        raise ParseError("无法识别的日期", example)
    if isinstance(value, int | float):
        return excel_serial_to_date(value)
    text = normalize(value)
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not match:
        text = _loose_date_text(text)
        match = _DATE_RE.match(text) or _SHORT_YEAR_RE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        if len(match.group(1)) == 2:
            year += 2000
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ParseError("不存在的日期", example) from None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return excel_serial_to_date(float(text))
    bare = _NO_YEAR_RE.match(text)
    if bare:
        month, day = int(bare.group(1)), int(bare.group(2))
        if not year_of:
            raise ParseError("缺少年份", example)
        if month not in year_of:
            raise ParseError("不存在的日期", example)
        try:
            return dt.date(year_of[month], month, day)
        except ValueError:
            raise ParseError("不存在的日期", example) from None
    raise ParseError("无法识别的日期", example)


#: A weekday in brackets after a date: `（周六）`, `(星期六)`, `（礼拜天）` (brackets already NFKC'd).
_WEEKDAY = re.compile(r"\s*\(\s*(?:周|星期|礼拜)[一二三四五六日天]\s*\)\s*$|\s*(?:周|星期|礼拜)[一二三四五六日天]$")
_SHORT_YEAR_RE = re.compile(r"^(\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_NO_YEAR_RE = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0"}
_CN_DATE = re.compile(r"^([〇零○O一二三四五六七八九]{2,4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})[日号]$")


def _cn_number(text: str) -> str:
    """`十二` → 12, `二十五` → 25, `五` → 5 (months and days)."""
    if "十" not in text:
        return "".join(_CN_DIGITS[c] for c in text)
    tens, _, units = text.partition("十")
    return str(int(_CN_DIGITS.get(tens, "1") if tens else 1) * 10 + (int(_CN_DIGITS[units]) if units else 0))


def _loose_date_text(text: str) -> str:
    """The date part of a written date without its weekday, trailing dot and Chinese numerals."""
    text = _WEEKDAY.sub("", text).rstrip(".。").strip()
    cn = _CN_DATE.match(text)
    if cn:
        year = "".join(_CN_DIGITS[c] for c in cn.group(1))
        text = f"{year}年{_cn_number(cn.group(2))}月{_cn_number(cn.group(3))}日"
    return text


def date_example(year_of: dict[int, int] | None = None) -> str:
    """How a date is written, with an example day in the term when its months are known."""
    if not year_of or 3 not in year_of or 9 not in year_of:
        return DATE_EXAMPLE
    autumn = year_of[9] != year_of[3]
    year, month = (year_of[9], 9) if autumn else (year_of[3], 3)
    return f"{year}-{month:02d}-05 或 {year}年{month}月5日"


def parse_month(value: object, year_of: dict[int, int] | None = None) -> tuple[int, int]:
    """(year, month) from `2022-03`, `2022年3月`, a date, or `3月` (year from the term).

    ``year_of`` maps a month number to its calendar year within the school term, which is
    how a bare `3月` is placed in the right year.
    """
    refuse_error(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.year, value.month
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 12:
        d = excel_serial_to_date(value)
        return d.year, d.month
    text = normalize(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    match = _MONTH_RE.match(text)
    if not match:
        try:
            d = parse_date(text)
        except ParseError:
            raise ParseError("无法识别的月份", "2022-03、2022年3月 或 3月") from None
        return d.year, d.month
    year_text, month_text = match.groups()
    month = int(month_text)
    if not 1 <= month <= 12:
        raise ParseError("不存在的月份", "1 到 12 月")
    if year_text:
        return int(year_text), month
    if year_of and month in year_of:
        return year_of[month], month
    if year_of:
        raise ParseError("月份不在本学年内", "2022-03、2022年3月 或 3月")
    raise ParseError("缺少年份", "2022-03 或 2022年3月")


_DURATION_PATTERNS = [
    re.compile(r"^(?:(?P<m>\d+(?:\.\d+)?)\s*(?:分钟|分|min|m|′|'))?\s*(?:(?P<s>\d+(?:\.\d+)?)\s*(?:秒钟|秒|sec|s|″|′′|\"|'')?)?$", re.I),
    re.compile(r"^(?:(?P<h>\d+)[:：])?(?P<m>\d+)[:：](?P<s>\d{1,2}(?:\.\d+)?)$"),
]


def parse_duration(value: object) -> int:
    """Seconds from `2分15秒`, `2:15`, `135秒`, `135` or an Excel time.

    The office types a drill's `2:15` meaning 2 minutes 15 seconds, but Excel stores it as
    the time of day 02:15:00 (0.09375 of a day; a number cell shows that fraction). A drill
    never lasts hours, so the rule is: a time cell, or a number between 0 and 1 (a fraction
    of a day), whose seconds are zero and hours below 24 is read as minutes:seconds (its
    hours as minutes, its minutes as seconds); one that has seconds (`0:02:15`, typed with
    three parts) is a real time span and read as such. Other numbers are seconds.
    """
    refuse_error(value)
    if isinstance(value, dt.time):
        if value.second == 0 and value.microsecond == 0:
            return value.hour * 60 + value.minute
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, float) and 0 < value < 1:
        seconds = round(value * 86400)
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        if secs == 0:
            return hours * 60 + minutes
        return seconds
    if isinstance(value, dt.timedelta):
        return round(value.total_seconds())
    if isinstance(value, bool):
        raise ParseError("无法识别的时长", DURATION_EXAMPLE)
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")) or value > 10**7:
            raise ParseError("无法识别的时长", DURATION_EXAMPLE)
        if value < 0:
            raise ParseError("时长不能为负数", DURATION_EXAMPLE)
        return round(value)
    text = normalize(value).replace(" ", "")
    if text:
        for pattern in _DURATION_PATTERNS:
            match = pattern.match(text)
            if match and any(match.groupdict().values()):
                parts = match.groupdict()
                hours = float(parts.get("h") or 0)
                minutes = float(parts.get("m") or 0)
                seconds = float(parts.get("s") or 0)
                if pattern is _DURATION_PATTERNS[1] and seconds >= 60:
                    break
                total = hours * 3600 + minutes * 60 + seconds
                if total > 10**7:
                    break
                return round(total)
    raise ParseError("无法识别的时长", DURATION_EXAMPLE)


def format_duration(seconds: int) -> str:
    """`2分15秒`, `58秒`, `2分` as an official form writes a time.

    The one way houqin writes a duration, in sentences and table cells alike (a drill
    record, its ledger, the 月报, the 总结), so no two documents show the same time two ways.
    """
    minutes, secs = divmod(int(seconds), 60)
    if not minutes:
        return f"{secs}秒"
    return f"{minutes}分{secs:02d}秒" if secs else f"{minutes}分"


#: Decimals of every rate houqin shows (整改率, 到岗率, 参与率), as text and in Excel.
RATE_DECIMALS = 1
#: Excel's number format for a rate cell: it shows what :func:`format_rate` writes.
PERCENT_FORMAT = "0." + "0" * RATE_DECIMALS + "%" if RATE_DECIMALS else "0%"


def format_rate(part: int, whole: int) -> str:
    """`6.3%` for 1 of 16, `50.0%` for 1 of 2, `—` without a base.

    The one rate formatter: rounded half up (as Excel shows a ``0.0%`` cell, so a text
    rate never disagrees with the 台账's number) to :data:`RATE_DECIMALS` decimals always,
    the way the seeds write a rate (93.0%).
    """
    if not whole:
        return "—"
    step = Decimal(1).scaleb(-RATE_DECIMALS)
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(step, ROUND_HALF_UP)
    return f"{value}%"


_MONEY_NOISE = re.compile(r"[,，\s¥￥元$]|RMB|CNY", re.I)


MAX_NUMBER = Decimal(10) ** 15


def parse_decimal(value: object, what: str = "数字", example: str = MONEY_EXAMPLE) -> Decimal:
    """A Decimal from a number or text, with thousands separators, currency and `万`."""
    number = _to_decimal(value, what, example)
    if abs(number) >= MAX_NUMBER:
        raise ParseError(f"{what}过大", example)
    return number


def _to_decimal(value: object, what: str, example: str) -> Decimal:
    refuse_error(value)
    if isinstance(value, bool):
        raise ParseError(f"无法识别的{what}", example)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ParseError(f"无法识别的{what}", example)
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ParseError(f"无法识别的{what}", example)
        return value
    text = _MONEY_NOISE.sub("", normalize(value))
    scale = Decimal(1)
    if text.endswith("万"):
        text, scale = text[:-1], Decimal(10000)
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
        raise ParseError(f"无法识别的{what}", example)
    try:
        return Decimal(text) * scale
    except InvalidOperation:  # pragma: no cover - the regex admits only valid forms
        raise ParseError(f"无法识别的{what}", example) from None


def parse_money(value: object) -> Decimal:
    """Money as Decimal rounded half-up to the cent: never float drift in a signed total."""
    return parse_decimal(value, "金额").quantize(CENT, rounding=ROUND_HALF_UP)


def parse_number(value: object) -> Decimal:
    return parse_decimal(value, "数字", "数字，如 12 或 12.5")


_WITH_UNIT = re.compile(r"^([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*(\D.*?)?$")


def parse_measure(value: object, units: dict[str, int | float]) -> Decimal:
    """A number with one of ``units`` after it (`150克`, `0.15kg`, `１５０克`, `150 g`), in the
    column's own unit: the number times the unit's factor (`0.15kg` → 150). A bare number is
    already in the column's unit; a unit not in ``units`` is refused, naming those accepted.
    """
    accepted = "、".join(units)
    example = f"数字，可带单位 {accepted}，如 150 或 150{next(iter(units))}"
    if not isinstance(value, str):
        return parse_decimal(value, "数字", example)
    text = normalize(value)
    match = _WITH_UNIT.match(text.replace(",", "").replace("，", ""))
    if not match:
        raise ParseError("无法识别的数字", example)
    number, unit = match.group(1), (match.group(2) or "").strip()
    if not unit:
        return parse_decimal(number, "数字", example)
    factors = {normalize(k).lower(): Decimal(str(v)) for k, v in units.items()}
    factor = factors.get(unit.lower())
    if factor is None:
        raise ParseError("无法识别的单位", example)
    result = parse_decimal(number, "数字", example) * factor
    return result.quantize(Decimal(1)) if result == result.to_integral_value() else result.normalize()


def parse_int(value: object) -> int:
    """A whole count (people, pieces); `36人` and `36.0` are fine, `36.5` is not."""
    if isinstance(value, str):
        value = re.sub(r"(人|名|个|件|台|套|次|项)$", "", normalize(value))
    number = parse_decimal(value, "整数", "整数，如 36")
    if number != number.to_integral_value():
        raise ParseError("应为整数", "整数，如 36")
    return int(number)


def derive_amount(rec: Record, quantity: str = "数量", price: str = "单价", amount: str = "金额") -> Problem | None:
    """金额 = 数量 × 单价, the one rule of every input with money per row (assets, deliveries).

    With 单价, a blank 金额 is derived and a given one must agree to the cent (else the
    error returned, at the 金额 cell); with only 金额, 单价 = 金额 ÷ 数量. Fills ``rec.data``.
    """
    v = rec.data
    count, each, total = v[quantity], v[price], v[amount]
    if count is None:
        return None
    try:
        if each is not None:
            expected = (Decimal(count) * each).quantize(CENT, rounding=ROUND_HALF_UP)
            if total is not None and abs(total - expected) > CENT:
                return Problem(f"金额「{total}」与 数量×单价（{count}×{each}={expected}）不符",
                               rec.cell(amount), str(total))
            if total is None:
                v[amount] = expected
        elif total is not None and count:
            v[price] = (total / Decimal(count)).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # beyond what a cent can be counted in: a typo, not a price
        return Problem(f"数量「{count}」与金额或单价相差过于悬殊，无法算出金额；请核对这三列",
                       rec.cell(quantity), str(count))
    return None


def format_money(amount: Decimal) -> str:
    """`12,800.00`: two decimals and thousands separators, as on a signed form."""
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def format_date(day: dt.date) -> str:
    """`2022年3月15日` (no leading zeros), the form official documents use."""
    return f"{day.year}年{day.month}月{day.day}日"


def spelling_key(text: str) -> str:
    """The one form of a name typed several ways: `三（2）班`, `三(2) 班`, `三（２）班` → `三(2)班`.

    Full-width brackets, digits and letters become ASCII (NFKC) and white space goes, so
    rows naming one class or room in different spellings are counted as one (安全教育's
    班级, 公物检查's 班级或办公室, matching a 维修报修 地点).
    """
    return "".join(unicodedata.normalize("NFKC", text).split())


_NAME_SPLIT = re.compile(r"[、，,；;/／\s]+")


def split_names(value: object) -> list[str]:
    """People from `周静、朱志刚`, `周静，朱志刚`, `周静 朱志刚`: order kept, blanks dropped."""
    refuse_error(value)
    if is_blank(value):
        return []
    text = _SPACED_NAME.sub(r"\1", str(value))
    text = _BEFORE_BRACKET.sub("", text)  # `王芳 （XJ101）` is one person (name_with_id)
    text = _BRACKETED.sub(lambda m: "".join(m[0].split()), text)  # and so is `王芳（ XJ 101 ）`
    return [name for name in (n.strip() for n in _NAME_SPLIT.split(text)) if name]


_BEFORE_BRACKET = re.compile(r"[ \u3000\u00a0]+(?=[（(])")
_BRACKETED = re.compile(r"[（(][^（）()、，,；;/／]*[）)]")
_NAME_WITH_ID = re.compile(r"^(.+?)[（(]\s*([^（）()]+?)\s*[）)]$")


def name_with_id(text: str) -> tuple[str, str]:
    """`王芳（XJ101）` → (`王芳`, `XJ101`); `王芳` → (`王芳`, ``): in a list of names (参加人员),
    where there is no 工号 column, the 工号 in brackets says which of two people named alike.
    The caller first looks the whole text up as a name: a list may spell a person `王芳（大）`."""
    match = _NAME_WITH_ID.match(text.strip())
    return (match[1].strip(), match[2]) if match else (text, "")


def id_key(text: str) -> str:
    """A 工号 as compared when written in a list of names: `ＸＪ１２４`, `xj124` and `XJ124`
    are one (typed in WPS's full-width mode, or without Caps Lock)."""
    return spelling_key(text).upper()


#: One CJK character, spaces typed to line up a column, then the rest of a name: `陈　静`.
_SPACED_NAME = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])[ \u3000\u00a0]+(?=[\u4e00-\u9fff]{1,2}(?![\u4e00-\u9fff]))")
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff·•]+$")
_ANY_SPACE = re.compile(r"[\s\u3000\u00a0]+")


def squeeze_name(text: str) -> str:
    """A person's name without the spaces typed to line it up (`陈　静` → `陈静`), when it is
    all Chinese; a name in Latin letters (`Anna Li`) keeps its spaces."""
    squeezed = _ANY_SPACE.sub("", text)
    return squeezed if squeezed != text and _CJK_NAME.match(squeezed) else text


#: File names are split on list marks and line breaks only: `屏幕截图 2022-03-15 103000.png`
#: (Windows' own name for a screenshot) keeps its spaces.
_FILE_SPLIT = re.compile(r"[、，,；;\r\n]+")


def split_files(value: object) -> list[str]:
    """File names from `围墙.png、屏幕截图 2022-03-15 103000.png`: order kept, blanks dropped."""
    refuse_error(value)
    if is_blank(value):
        return []
    return [name for name in (n.strip() for n in _FILE_SPLIT.split(str(value))) if name]


def parse_bool(value: object) -> bool:
    refuse_error(value)
    if isinstance(value, bool):
        return value
    text = normalize(value).lower()
    if text in {"是", "y", "yes", "true", "1", "√", "✓", "✔", "有"}:
        return True
    if text in {"否", "n", "no", "false", "0", "×", "无", "不"}:
        return False
    raise ParseError("无法识别的是/否", "是 或 否")


_WHEN_RE = re.compile(
    r"^(?:(?P<y>\d{4})\s*年)?\s*(?P<m1>\d{1,2})\s*(?:月?\s*[~～\-—–至到]+\s*(?P<m2>\d{1,2}))?\s*月"
    r"\s*(?P<part>上旬|中旬|下旬|初|中|底|末|上半月|下半月)?$"
)


def parse_when(value: object) -> tuple[str, int, int]:
    """The checklist's 时间 kept as written, with the months it spans for sorting and stats.

    `2月`, `7~8月`, `7-8月`, `3月上旬` or a date; returns (text as written, first month,
    last month).
    """
    refuse_error(value)
    if isinstance(value, dt.date | dt.datetime):
        day = value if isinstance(value, dt.date) else value.date()
        if isinstance(value, dt.datetime):
            day = value.date()
        return format_date(day), day.month, day.month
    raw = clean_text(value)
    text = normalize(raw).replace(" ", "")
    match = _WHEN_RE.match(text)
    if match:
        first = int(match.group("m1"))
        last = int(match.group("m2") or first)
        if 1 <= first <= 12 and 1 <= last <= 12:
            return raw, first, last
        raise ParseError("不存在的月份", "2月、7~8月、3月上旬 或 日期")
    try:
        day = parse_date(value)
    except ParseError:
        raise ParseError("无法识别的时间", "2月、7~8月、3月上旬 或 日期") from None
    return format_date(day), day.month, day.month
