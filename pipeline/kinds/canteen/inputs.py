"""The input the canteen kind owns: 食堂台账 (SPEC §2.7) — 进货查验, 留样, 陪餐 — and its rules.

The rules are those an inspector checks first (学校食品安全与营养健康管理规定, 2019): every
dish kept at least 125 g (留样量) for at least 48 hours (销样 not before), a failed
sensory check (感官检查 不合格) dealt with (处理: 退货/销毁), deliveries checked by two
people (验收人) with their papers (索证索票). The first two are errors; the last two are
warnings, printed on the month's 进货查验记录 as well.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING

from ...errors import Location, ParseError, Problem
from ...reading.schema import Column, InputSchema, SheetSchema
from ...reading.values import CellError, derive_amount, format_date, normalize, parse_date

if TYPE_CHECKING:
    from ...reading.records import Record
    from ...settings import Settings

C = Column

STEM = "食堂台账"
DELIVERIES, SAMPLES, MEALS = "进货查验", "留样", "陪餐"
#: The least a dish's sample may weigh (grams) and the least it is kept (hours).
MIN_GRAMS = 125
MIN_HOURS = 48
#: How a 留样量 may be written after its number, and the grams each is.
GRAM_UNITS = {"克": 1, "g": 1, "kg": 1000, "千克": 1000, "公斤": 1000}
MEAL_TIMES = ("早餐", "午餐", "晚餐", "点心")
#: When a sample's 留样时间 is blank, the usual time of its meal is taken.
USUAL_TIME = {"早餐": dt.time(7, 30), "午餐": dt.time(11, 30), "点心": dt.time(15, 0), "晚餐": dt.time(17, 30)}
RATINGS = ("优", "良", "中", "差")
RATING_COLUMNS = ("饭菜质量", "卫生状况", "就餐秩序", "服务情况")
#: Fewer 验收人 than this is a warning.
MIN_ACCEPTORS = 2

_CLOCK = re.compile(r"^(\d{1,2})\s*[:：时点]\s*(\d{1,2})?\s*分?$")
_MOMENT = re.compile(r"^(.*?\d)\s*[日号]?\s+(\d{1,2}\s*[:：时点]\s*\d{0,2}\s*分?)$")
CLOCK_EXAMPLE = "11:20 这样的时刻"
MOMENT_EXAMPLE = "2022-03-03 11:30 这样的日期和时刻"


def parse_clock(value: object) -> dt.time:
    """A time of day: a time cell, a fraction of a day (Excel), `11:20`, `11：20`, `11时20分`."""
    if isinstance(value, CellError):
        raise ParseError("单元格是 Excel 的错误值", CLOCK_EXAMPLE)
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60)
    text = normalize(value).replace(" ", "")
    text = re.sub(r":\d{2}$", "", text) if text.count(":") == 2 else text
    match = _CLOCK.match(text)
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise ParseError("无法识别的时刻", CLOCK_EXAMPLE)


def parse_moment(value: object, year_of: dict[int, int] | None = None) -> dt.datetime | dt.date:
    """A date and time: a date-time cell, `2022-03-03 11:30`, `2022年3月3日 11:30`, `3月3日 11时30分`.

    A date alone (a date cell, or a date-time cell at 00:00, which is how a date typed into
    Excel arrives) is returned as a date, not a date-time: the clerk did not say the hour,
    and neither the 48-hour rule nor the signed 留样记录 may make one up.
    """
    if isinstance(value, CellError):
        raise ParseError("单元格是 Excel 的错误值", MOMENT_EXAMPLE)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date()
        return value.replace(second=0, microsecond=0)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):  # a cell of inf/nan (a formula gone wrong): not a moment
            raise ParseError("无法识别的日期和时间", MOMENT_EXAMPLE)
        day = parse_date(int(value))
        fraction = float(value) - int(value)
        if not fraction:
            return day
        return dt.datetime.combine(day, parse_clock(fraction))
    text = normalize(value).strip()
    match = _MOMENT.match(text)
    try:
        if match:
            return dt.datetime.combine(parse_date(match[1], year_of), parse_clock(match[2]))
        return parse_date(text, year_of)
    except ParseError:
        raise ParseError("无法识别的日期时间", MOMENT_EXAMPLE) from None


def show_moment(moment: dt.datetime) -> str:
    """`2022年3月3日 11:30`."""
    return f"{format_date(moment.date())} {moment:%H:%M}"


def hours_text(delta: dt.timedelta) -> str:
    """`46小时40分`, `47小时`."""
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours}小时{rest}分" if rest else f"{sign}{hours}小时"


def check_deliveries(records: list[Record], settings: Settings) -> list[Problem]:
    """金额 by the shared rule; 不合格 needs a 处理; one 验收人 or 索证索票 缺 is a warning."""
    problems: list[Problem] = []
    for rec in records:
        wrong = derive_amount(rec)
        if wrong is not None:
            problems.append(wrong)
        if rec["感官检查"] == "不合格" and not rec["处理"]:
            problems.append(Problem(
                "感官检查不合格，但没有填写处理（如 退货、销毁）；不合格的食材不得入库使用，须写明如何处理",
                rec.cell("处理")))
        acceptors = rec["验收人"] or []
        if 0 < len(acceptors) < MIN_ACCEPTORS:
            problems.append(Problem(
                acceptor_note(rec), rec.cell("验收人"), "、".join(acceptors), severity="warning"))
        if rec["索证索票"] == "缺":
            problems.append(Problem(papers_note(rec), rec.cell("索证索票"), "缺", severity="warning"))
    return problems


def _when(rec: Record) -> str:
    """The delivery's date for a note; a row whose date could not be read has its own error."""
    return format_date(rec["进货日期"]) if rec["进货日期"] else ""


def acceptor_note(rec: Record) -> str:
    """The warning about one 验收人, worded once for the message and the month's record."""
    names = "、".join(rec["验收人"] or [])
    return (f"{_when(rec)}「{rec['食材名称'] or ''}」只有 1 名验收人（{names}）；"
            f"进货查验应至少 {MIN_ACCEPTORS} 人共同验收")


def papers_note(rec: Record) -> str:
    """The warning about missing papers, worded once for the message and the month's record."""
    return (f"{_when(rec)}「{rec['食材名称'] or ''}」（{rec['供货单位'] or ''}）索证索票：缺；"
            "应向供货单位索取并留存许可证、合格证明或购货凭证")


def sample_moment(rec: Record) -> dt.datetime:
    """When the sample was taken: 日期 and 留样时间 (blank: the usual time of its meal)."""
    clock = rec.data.get("留样时刻") or USUAL_TIME.get(rec["餐次"], dt.time(12, 0))
    return dt.datetime.combine(rec["日期"], clock)


def check_samples(records: list[Record], settings: Settings) -> list[Problem]:
    """At least 125 g a dish, kept at least 48 hours (销样时间 against 日期 + 留样时间).

    A 销样时间 with its date only (no hour) is never given an hour: the form prints the date
    alone and the rule looks at the dates, deciding only what they decide whatever the
    hours were. 销样 three or more days after the 留样 date is at least 48 hours
    (48 h 1 min from 23:59 to 00:00): it passes, with a warning asking for the time. One
    day or less after is under 48 hours at any hours (47 h 59 min at most): an error. Two
    days after may be either: an error asking for the time (须在 the 留样 time 以后).
    """
    problems: list[Problem] = []
    year_of = settings.term.year_of_month() if settings.term.year else None
    for rec in records:
        v = rec.data
        v["留样时刻"] = v["销样时刻"] = None
        grams = v["留样量"]
        if grams is not None and grams < MIN_GRAMS:
            problems.append(Problem(
                f"留样量 {grams:g} 克，少于 {MIN_GRAMS} 克；每个品种留样不少于 {MIN_GRAMS} 克",
                rec.cell("留样量"), f"{grams:g}"))
        raw = rec.raw.get("留样时间")
        taken = True  # when the sample was taken is known (or its meal's usual time)
        if v["留样时间"]:
            try:
                v["留样时刻"] = parse_clock(raw if raw is not None else v["留样时间"])
            except ParseError as err:
                problems.append(Problem(f"{err.reason}「{v['留样时间']}」，应为 {err.expected}",
                                        rec.cell("留样时间"), v["留样时间"]))
                taken = False
        raw = rec.raw.get("销样时间")
        if not v["销样时间"] or v["日期"] is None:
            continue
        try:
            v["销样时刻"] = gone = parse_moment(raw if raw is not None else v["销样时间"], year_of)
        except ParseError as err:
            problems.append(Problem(f"{err.reason}「{v['销样时间']}」，应为 {err.expected}",
                                    rec.cell("销样时间"), v["销样时间"]))
            continue
        where, shown = rec.cell("销样时间"), v["销样时间"]
        if _before(gone, rec, taken):
            sampled = show_moment(sample_moment(rec)) if taken else format_date(rec["日期"])
            given = show_moment(gone) if isinstance(gone, dt.datetime) else format_date(gone)
            problems.append(Problem(
                f"销样时间早于留样时间：销样 {given}，留样 {sampled}；请核对两处的日期和时刻",
                where, shown))
            continue
        if not isinstance(gone, dt.datetime):
            problems.extend(_date_only(rec, gone, taken, where, shown))
            continue
        kept = gone - sample_moment(rec)
        if taken and kept < dt.timedelta(hours=MIN_HOURS):
            problems.append(Problem(
                f"销样时间 {show_moment(gone)} 距留样（{show_moment(sample_moment(rec))}）只有 "
                f"{hours_text(kept)}，不足 {MIN_HOURS} 小时；留样应冷藏保存 {MIN_HOURS} 小时以上",
                where, shown))
    return problems


def _before(gone: dt.date, rec: Record, taken: bool) -> bool:
    """销样 before 留样: on an earlier day, or the same day at an earlier time when both are known."""
    if not isinstance(gone, dt.datetime):
        return gone < rec["日期"]
    return gone.date() < rec["日期"] or taken and gone < sample_moment(rec)


def _date_only(rec: Record, gone: dt.date, taken: bool, where: Location, shown: str) -> list[Problem]:
    """The 48-hour rule on a 销样 date without its hour (see :func:`check_samples`)."""
    days = (gone - rec["日期"]).days
    sampled = show_moment(sample_moment(rec)) if taken else format_date(rec["日期"])
    if days <= 1:
        return [Problem(
            f"销样时间只写了日期（{format_date(gone)}），距留样（{sampled}）不足 {MIN_HOURS} 小时；"
            f"留样应冷藏保存 {MIN_HOURS} 小时以上", where, shown)]
    if days == 2 and taken:
        return [Problem(
            f"销样时间只写了日期，没有写几点，无法确认距留样（{sampled}）已满 {MIN_HOURS} 小时；"
            f"请补上时间（须在 {gone.month}月{gone.day}日 {sample_moment(rec):%H:%M} 以后）", where, shown)]
    return [Problem(
        f"销样时间只写了日期，没有写几点；留样记录上只印日期，请补上时间，如 {gone:%Y-%m-%d} 11:30",
        where, shown, severity="warning")]


_RATED = dict(choices=RATINGS, choice_aliases=(("好", "优"), ("优秀", "优"), ("良好", "良"), ("较好", "良"),
                                               ("一般", "中"), ("较差", "差")), width=9)

DELIVERY_SHEET = SheetSchema(
    name=DELIVERIES,
    aliases=("进货", "进货查验记录", "食品原料进货查验", "验收", "进货验收"),
    description="每次进货的每种食材一行",
    check=check_deliveries, dated="进货日期", places_term=True, outside_term="warning",
    columns=(
        C("进货日期", "date", True, ("日期", "验收日期", "进货时间"), "date", width=13),
        C("食材名称", "text", True, ("品名", "名称", "食品名称", "原料名称"), "item", width=14),
        C("规格", english="spec", aliases=("规格型号", "包装规格"), width=10),
        C("数量", "number", True, english="quantity", minimum=0, note="如 25 或 12.5", width=8),
        C("单位", english="unit", aliases=("计量单位",), note="如 千克、箱、袋", width=7),
        C("单价", "money", english="unit_price", minimum=0, note="元", width=9),
        C("金额", "money", english="amount", minimum=0, note="元；可空着，= 数量 × 单价", width=10),
        C("供货单位", "text", True, ("供货商", "供应商", "供货单位名称"), "supplier", width=22),
        C("生产日期或批号", english="batch", aliases=("生产日期", "批号", "生产批号", "生产日期/批号"),
          note="如 2022-03-01 或 批号 20220301", width=14),
        C("保质期", english="shelf_life", note="如 12个月、冷藏3天", width=10),
        C("索证索票", "enum", english="papers", aliases=("索证", "票证", "索证情况"),
          choices=("齐全", "缺", "不适用"), default="齐全",
          choice_aliases=(("有", "齐全"), ("全", "齐全"), ("已索", "齐全"), ("无", "缺"), ("缺失", "缺"),
                          ("未索", "缺"), ("不全", "缺")), width=9),
        C("感官检查", "enum", english="sensory", aliases=("感官", "验收结果", "检查结果"),
          choices=("合格", "不合格"), default="合格",
          choice_aliases=(("正常", "合格"), ("良好", "合格"), ("✓", "合格"), ("√", "合格")), width=9),
        C("处理", english="action", aliases=("处理情况", "处理措施", "不合格处理"),
          note="感官检查不合格时必填，如 退货、销毁", width=10),
        C("验收人", "names", True, ("验收人员", "查验人"), "acceptors", note="至少两人，用 、 分隔", width=14),
        C("备注", english="remarks", width=16),
    ),
)
SAMPLE_SHEET = SheetSchema(
    name=SAMPLES,
    aliases=("留样记录", "食品留样", "留样登记"),
    description="每餐每个菜品一行",
    check=check_samples, dated="日期", places_term=True, outside_term="warning",
    columns=(
        C("日期", "date", True, ("留样日期",), "date", width=13),
        C("餐次", "enum", True, english="meal", choices=MEAL_TIMES,
          choice_aliases=(("中餐", "午餐"), ("中饭", "午餐"), ("午饭", "午餐"), ("早饭", "早餐"),
                          ("晚饭", "晚餐"), ("加餐", "点心"), ("下午点心", "点心")), width=8),
        C("菜品名称", "text", True, ("菜品", "菜名", "品名"), "dish", width=16),
        C("留样量", "number", True, ("留样重量", "重量"), "grams", minimum=0, units=GRAM_UNITS,
          note=f"克，每个菜品不少于 {MIN_GRAMS} 克；也可写 150克、0.15kg", width=9),
        C("留样时间", english="sampled_at", note="如 11:20；空着按餐次的通常时间（午餐 11:30）计", width=10),
        C("留样人", "names", True, english="sampler", width=10),
        C("销样时间", english="disposed_at",
          note=f"日期和时刻，如 2022-03-03 11:30；须在留样 {MIN_HOURS} 小时以后", width=17),
        C("备注", english="remarks", width=16),
    ),
)
MEAL_SHEET = SheetSchema(
    name=MEALS,
    aliases=("陪餐记录", "陪餐登记", "领导陪餐"),
    description="每次陪餐一行",
    dated="日期", places_term=True, outside_term="warning",
    columns=(
        C("日期", "date", True, ("陪餐日期",), "date", width=13),
        C("餐次", "enum", english="meal", choices=MEAL_TIMES, default="午餐",
          choice_aliases=(("中餐", "午餐"), ("中饭", "午餐"), ("午饭", "午餐"), ("早饭", "早餐"),
                          ("晚饭", "晚餐")), width=8),
        C("陪餐人", "names", True, ("陪餐人员", "陪餐领导"), "companion", width=10),
        C("职务", english="post", width=10),
        *(C(name, "enum", english=english, note="优/良/中/差", **_RATED)
          for name, english in zip(RATING_COLUMNS, ("food", "hygiene", "order", "service"), strict=True)),
        C("意见建议", english="advice", aliases=("意见和建议", "存在问题", "意见"), width=24),
        C("整改情况", english="follow_up", aliases=("整改措施", "处理情况"), width=20),
    ),
)
CANTEEN = InputSchema(
    stem=STEM,
    title="食堂台账",
    description="三张工作表：进货查验、留样、陪餐",
    order=45,
    sheets=(DELIVERY_SHEET, SAMPLE_SHEET, MEAL_SHEET),
)

