"""例会培训: per meeting a 会议（培训）记录 and its 签到表, and the term's 培训台账.

Seed 001: 建立例会制 — 每两周一次食堂保洁培训会、每月一次保安培训会. Who is expected at a
meeting: the names in 参加人员 when given, else everyone in 员工名单 whose 岗位 is in 对象
(全体后勤 = every post but 教师 and 行政); a 缺席人员 not among them is expected too (a clerk
who lists only those present in 参加人员 still gets the right 应到).

The cadence (``[meetings] cadence``) is checked per group, as a logistics head reads 每两周一次:
any meeting whose 对象 names the group, or 全体后勤, counts for it; the gaps measured are from
the term's start to the first meeting, between meetings, and from the last meeting to the
term's end (or ``--date``, for a check in the middle of the term). A gap longer than the
cadence is a warning naming the group and both dates; the ledger lists every gap with its
length. A group of the cadence that nobody in 员工名单 belongs to is not checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ...errors import Location, Problem
from ...outputs.writer import safe_filename, unique_names
from ...reading.loader import Inputs
from ...reading.records import Record, near_value
from ...reading.values import format_date, id_key, name_with_id
from ...render.workbook import Col, Layout, Sheet, write_workbook
from .. import Kind, Options, Paper, Planned
from ..common import COMMON_FIELDS, common_context, document_time, official_date
from ..staff.inputs import STAFF, is_logistics
from .inputs import EVERYONE, MEETINGS

RECORD = "会议（培训）记录.docx"
SIGN_IN = "会议签到表.docx"
FOLDER = "例会培训"
LEDGER = f"{FOLDER}/培训台账.xlsx"
WEEKDAYS = "一二三四五六日"
ABSENT = "缺席"
#: SPEC §5: 专题会议 are 安全工作会议记录; a meeting of the canteen alone is the canteen's
#: training record; the rest (and the ledger) are the staff's 例会培训.
SAFETY_BOX = ("安全工作", "12 安全工作会议记录")
CANTEEN_BOX = ("食堂管理", "04 培训")
STAFF_BOX = ("后勤队伍", "02 例会培训")
CANTEEN = "食堂"
#: The documents' titles by 类型: 后勤培训记录, 后勤培训签到表.
TITLES = {"例会": "后勤例会", "培训": "后勤培训", "专题会议": "安全工作专题会议"}

MEETING_FIELDS = {
    **COMMON_FIELDS,
    "number": "记录编号，如 2022-05（本学期第几次会议或培训）",
    "name": "会议名称：后勤例会 / 后勤培训 / 安全工作专题会议（标题为 名称+记录、名称+签到表）",
    "type": "类型：例会 / 培训 / 专题会议",
    "date": "日期，如 2022年3月14日（星期一）",
    "place": "地点",
    "host_label": "主持人 或 主讲人（培训）",
    "host": "主持人或主讲人",
    "audience": "对象，如 食堂、保洁 或 全体后勤",
    "topic": "主题",
    "hours": "时长，如 1 小时",
    "expected": "应到人数，如 6人",
    "present": "实到人数，如 5人",
    "absent": "缺席人员（无则为 无）",
    "recorder": "记录人",
    "signed_date": "落款日期（会议日期）",
}
RECORD_FIELDS = {**MEETING_FIELDS, "summary": "内容摘要（逐段）"}
SIGN_IN_FIELDS = {
    **MEETING_FIELDS,
    "people": "应到人员（逐行）：p.seq 序号，p.name 姓名，p.post 岗位，p.mark 签名栏（缺席者为“缺席”，其余空白）",
}


@dataclass(frozen=True)
class Person:
    name: str
    post: str
    order: int  # the row of 员工名单, so lists keep its order
    ident: str = ""  # 工号: two people of one name are two people


@dataclass(frozen=True)
class Unclear:
    """A name in 参加人员 or 缺席人员 that two or more of the people it could mean share."""

    column: str
    name: str
    people: tuple[Person, ...]


@dataclass
class Meeting:
    rec: Record
    number: str
    audience: list[str]
    expected: list[Person] = field(default_factory=list)
    absent: set[Person] = field(default_factory=set)
    unclear: list[Unclear] = field(default_factory=list)

    @property
    def day(self) -> dt.date:
        return self.rec["日期"]

    @property
    def hours(self) -> Decimal:
        value = self.rec["时长（小时）"]
        return Decimal(str(value if value is not None else 1))

    @property
    def present(self) -> list[Person]:
        return [p for p in self.expected if p not in self.absent]

    @property
    def binder(self) -> tuple[str, str]:
        if self.rec["类型"] == "专题会议":
            return SAFETY_BOX
        return CANTEEN_BOX if [_post_key(a) for a in self.audience] == [CANTEEN] else STAFF_BOX


def _post_key(text: str) -> str:
    """`食堂人员`, `保安员工` name the post 食堂, 保安."""
    for tail in ("工作人员", "人员", "员工"):
        if text.endswith(tail) and len(text) > len(tail):
            return text[: -len(tail)]
    return text


def in_audience(post: str, audience: Sequence[str]) -> bool:
    """Whether a 岗位 is one a meeting is for: 全体后勤 takes every logistics post."""
    if EVERYONE in audience:
        return is_logistics(post)
    return _post_key(post) in {_post_key(a) for a in audience}


def staff_people(inputs: Inputs) -> list[Person]:
    return [Person(r["姓名"], r["岗位"] or "", i, r["工号"] or "")
            for i, r in enumerate(inputs.records(STAFF.stem, "员工名单"))]


def _candidates(written: str, people: Sequence[Person]) -> list[Person]:
    """Who a written name can be: the person of that exact name (a list may spell one
    `王芳（大）`), else of the name with its 工号 in brackets (`王芳（XJ101）`)."""
    exact = [p for p in people if p.name == written]
    if exact:
        return exact
    name, ident = name_with_id(written)
    return [p for p in people if p.name == name and id_key(p.ident) == id_key(ident)] if ident else []


def _named(written: str, staff: Sequence[Person], audience: Sequence[str], meeting: Meeting,
           column: str) -> Person:
    """The staff member a written name means: of several of that name, the one whose post the
    meeting is for; if that still leaves several, the meeting notes it (an error: whose
    attendance would it be?) and takes the first."""
    matches = _candidates(written, staff)
    fitting = [p for p in matches if in_audience(p.post, audience)] or matches
    if len(fitting) > 1:
        meeting.unclear.append(Unclear(column, written, tuple(fitting)))
    return (fitting or [Person(written, "", len(staff))])[0]


def meetings_of(inputs: Inputs) -> list[Meeting]:
    """The term's meetings in date order, each with who was expected and who was absent."""
    staff = staff_people(inputs)
    records = sorted(inputs.records(MEETINGS.stem), key=lambda r: (r["日期"], r.where.row or 0))
    found = []
    for i, rec in enumerate(records, 1):
        audience = list(rec["对象"])
        meeting = Meeting(rec, f"{rec['日期'].year}-{i:02d}", audience)
        if rec["参加人员"]:
            expected = [_named(n, staff, audience, meeting, "参加人员") for n in dict.fromkeys(rec["参加人员"])]
        else:
            expected = [p for p in staff if in_audience(p.post, audience)]
        for written in dict.fromkeys(rec["缺席人员"]):
            among = _candidates(written, expected)
            if len(among) > 1:  # 缺席人员「王芳」, and both 王芳 of the 食堂 were expected
                meeting.unclear.append(Unclear("缺席人员", written, tuple(among)))
            person = among[0] if among else _named(written, staff, audience, meeting, "缺席人员")
            if person not in expected:
                expected.append(person)
            meeting.absent.add(person)
        meeting.expected = sorted(dict.fromkeys(expected), key=lambda p: p.order)
        found.append(meeting)
    return found


def shown(person: Person, people: Sequence[Person]) -> str:
    """A name as the sign-in sheet and the ledger print it: with its 工号 when another person
    in the same list has that name."""
    shared = sum(p.name == person.name for p in people) > 1
    return f"{person.name}（{person.ident}）" if shared and person.ident else person.name


def _day(day: dt.date) -> str:
    return f"{format_date(day)}（星期{WEEKDAYS[day.weekday()]}）"


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _lines(value: Any) -> list[str]:
    text = str(value or "").strip()
    return [line.strip() for line in text.splitlines() if line.strip()] or [""]


def meeting_context(inputs: Inputs, m: Meeting) -> dict[str, Any]:
    rec = m.rec
    absent = [shown(p, m.expected) for p in m.expected if p in m.absent]
    return {
        **common_context(inputs.settings),
        "number": m.number,
        "name": TITLES[rec["类型"]],
        "type": rec["类型"],
        "date": _day(m.day),
        "place": rec["地点"] or "",
        "host_label": "主讲人" if rec["类型"] == "培训" else "主持人",
        "host": rec["主持人"],
        "audience": "、".join(m.audience),
        "topic": rec["主题"],
        "hours": f"{_hours(m.hours)}小时",
        "expected": f"{len(m.expected)}人",
        "present": f"{len(m.present)}人",
        "absent": "、".join(absent) or "无",
        "recorder": rec["记录人"] or "",
        "summary": _lines(rec["内容摘要"]),
        "people": [{"seq": i, "name": shown(p, m.expected), "post": p.post, "mark": ABSENT if p in m.absent else ""}
                   for i, p in enumerate(m.expected, 1)],
        "signed_date": official_date(m.day),
    }


# ---------------------------------------------------------------------------- cadence


@dataclass(frozen=True)
class Gap:
    group: str
    cadence: int
    start: dt.date
    end: dt.date
    start_label: str  # 开学, 第3次, …
    end_label: str
    first: Meeting | None  # the meeting that ends the gap (or starts it, at the term's end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def late(self) -> bool:
        return self.days > self.cadence


def report_date(inputs: Inputs, options: Options | None) -> dt.date | None:
    """``--date``, else the term's end: the day the last gap runs to."""
    end = inputs.settings.term.end
    if options is not None and options.date:
        return min(options.date, end) if end else options.date
    return end


def gaps(inputs: Inputs, meetings: Sequence[Meeting], options: Options | None = None) -> list[Gap]:
    """Every gap of every group of the cadence that has staff, in the cadence's order."""
    term = inputs.settings.term
    until = report_date(inputs, options)
    staff = staff_people(inputs)
    found = []
    for group, cadence in inputs.settings.meetings.cadence.items():
        if not any(in_audience(p.post, [group]) for p in staff):
            continue
        held = [m for m in meetings if _covers(m, group) and (until is None or m.day <= until)]
        points: list[tuple[dt.date, str, Meeting | None]] = []
        if term.start and (not held or term.start < held[0].day):
            points.append((term.start, "开学", None))
        points += [(m.day, f"第{n}次", m) for n, m in enumerate(held, 1)]
        if until and points and points[-1][0] < until:
            points.append((until, "学期结束" if until == term.end else "统计日", None))
        for (a, a_label, a_m), (b, b_label, b_m) in zip(points, points[1:], strict=False):
            found.append(Gap(group, cadence, a, b, a_label, b_label, b_m or a_m))
    return found


def _covers(m: Meeting, group: str) -> bool:
    """A meeting counts for a group when its 对象 names the group or is 全体后勤."""
    return in_audience(group, m.audience)


def _end(label: str, day: dt.date) -> str:
    """`开学（2022年2月14日）` at the term's ends, the bare date of a meeting."""
    return format_date(day) if label.startswith("第") else f"{label}（{format_date(day)}）"


def gap_message(gap: Gap) -> str:
    return (f"{gap.group}从{_end(gap.start_label, gap.start)}到{_end(gap.end_label, gap.end)}"
            f"相隔{gap.days}天没有例会培训，超过规定的{gap.cadence}天（houqin.toml [meetings] cadence）")


def unclear_message(unclear: Unclear) -> str:
    """Two people of one name, either of whom the 参加人员 or 缺席人员 could mean: an error,
    since the sign-in sheet and the ledger would count one person's attendance as the other's."""
    ids = [p.ident for p in unclear.people]
    who = "参加" if unclear.column == "参加人员" else "缺席"
    each = "、".join(f"{p.post or '岗位不详'}{' 工号 ' + p.ident if p.ident else ''}" for p in unclear.people)
    said = f"「{unclear.name}」在员工名单中有{len(unclear.people)}人（{each}），无法确定是哪一位{who}；"
    if all(ids):
        return said + f"请在姓名后的括号中写工号，如 {unclear.name}（{ids[0]}）"
    return said + f"请在员工名单中给他们填写工号，再在姓名后的括号中写工号，如 {unclear.name}（工号）"


def warnings(inputs: Inputs, options: Options | None = None) -> list[Problem]:
    """Groups that went longer than their cadence; an absentee outside the meeting's 对象; a
    meeting nobody is expected at; a name two of the people it could mean share (an error)."""
    meetings = meetings_of(inputs)
    where = Location(file=(inputs.source_files(MEETINGS.stem) or [f"inputs/{MEETINGS.stem}.xlsx"])[0])
    problems = []
    for m in meetings:
        if not m.expected:  # a typo (厨房 for 食堂): the filed sign-in sheet would be empty
            posts = sorted({p.post for p in staff_people(inputs) if p.post})
            unknown = next((a for a in m.audience if a not in posts), m.audience[0] if m.audience else "")
            problems.append(Problem(
                f"员工名单中没有岗位属于对象「{'、'.join(m.audience)}」的人员，签到表会是空的{near_value(unknown, posts) or '；'}"
                f"对象应写 全体后勤 或员工名单中的岗位（{'、'.join(posts)}），或填写参加人员",
                m.rec.cell("对象"), "、".join(m.audience)))
        for unclear in m.unclear:
            problems.append(Problem(unclear_message(unclear), m.rec.cell(unclear.column), unclear.name))
        if not m.rec["参加人员"]:
            for p in m.expected:
                if p in m.absent and not in_audience(p.post, m.audience):
                    problems.append(Problem(
                        f"缺席人员「{p.name}」（{p.post or '岗位不详'}）不属于本次对象「{'、'.join(m.audience)}」，"
                        "已计入应到人员；请核对", m.rec.cell("缺席人员"), p.name, severity="warning"))
    for gap in gaps(inputs, meetings, options):
        if gap.late:
            at = gap.first.rec.cell("日期") if gap.first else where
            problems.append(Problem(gap_message(gap), at, severity="warning"))
    return problems


# ---------------------------------------------------------------------------- ledger


def _short(day: dt.date) -> str:
    return f"{day.month}/{day.day}"


def list_sheet(meetings: Sequence[Meeting], subtitle: str) -> Sheet:
    rows = []
    for i, m in enumerate(meetings, 1):
        rec = m.rec
        expected, present = len(m.expected), len(m.present)
        rows.append([i, m.day, rec["类型"], "、".join(m.audience), rec["主题"], rec["主持人"], rec["地点"] or "",
                     m.hours, expected, present, present / expected if expected else None,
                     "、".join(shown(p, m.expected) for p in m.expected if p in m.absent)])

    def extra(ws: Any, book: Any, layout: Layout) -> None:
        """出勤率 as 实到/应到, on each row and over the term."""
        fmt = book.add_format({"border": 1, "align": "right", "num_format": "0.0%", "font_name": "宋体",
                               "font_size": 11, "font_charset": 134, "font_scheme": "none", "valign": "vcenter"})
        due, came = (layout.letters[layout.col(h)] for h in ("应到（人）", "实到（人）"))
        c = layout.col("出勤率")
        targets = list(range(layout.first_data_row, layout.last_data_row + 1))
        values = [row[10] for row in rows]
        if layout.totals_row is not None and layout.has_data:
            targets.append(layout.totals_row)
            total_due, total_came = sum(r[8] for r in rows), sum(r[9] for r in rows)
            values.append(total_came / total_due if total_due else "")
        for r, value in zip(targets, values, strict=True):
            ws.write_formula(r, c, f'=IF({due}{r + 1}=0,"",{came}{r + 1}/{due}{r + 1})', fmt,
                             "" if value is None else value)

    return Sheet(
        name="会议一览", title="后勤例会培训一览", subtitle=subtitle, landscape=True, totals_label="合计",
        columns=[Col("序号", kind="int"), Col("日期", kind="date"), Col("类型", align="center"),
                 Col("对象", align="center"), Col("主题", wrap=True, width=38), Col("主持人/主讲人", align="center"),
                 Col("地点", wrap=True, width=20), Col("时长（小时）", kind="number", total="sum", align="center"),
                 Col("应到（人）", kind="int", total="sum"), Col("实到（人）", kind="int", total="sum"),
                 Col("出勤率", kind="percent"), Col("缺席人员", wrap=True, width=12)],
        rows=rows, extra=extra,
    )


def people_sheet(meetings: Sequence[Meeting], subtitle: str) -> Sheet:
    """One row per person expected at any meeting, one column per meeting: the hours of a
    meeting attended, 缺席 for one missed; the totals are formulas over the row."""
    people = sorted({p for m in meetings for p in m.expected}, key=lambda p: (p.order, p.name))
    rows = []
    cached = []
    for i, person in enumerate(people, 1):
        cells: list[Any] = []
        for m in meetings:
            if person not in m.expected:
                cells.append(None)
            else:
                cells.append(ABSENT if person in m.absent else m.hours)
        numbers = [c for c in cells if isinstance(c, Decimal)]
        counts = (sum(c is not None for c in cells), len(numbers), cells.count(ABSENT), sum(numbers, Decimal(0)))
        cached.append(counts)
        rows.append([i, shown(person, people), person.post, *cells, *counts])
    first = 3
    n = len(meetings)

    def extra(ws: Any, book: Any, layout: Layout) -> None:
        if not layout.has_data:
            return
        base = {"border": 1, "align": "center", "font_name": "宋体", "font_size": 11, "font_charset": 134,
                "font_scheme": "none", "valign": "vcenter"}
        count_fmt = book.add_format({**base, "num_format": "0"})
        hours_fmt = book.add_format({**base, "num_format": "General"})
        L = layout.letters
        span_first, span_last = L[first], L[first + n - 1] if n else L[first]
        for i, r in enumerate(range(layout.first_data_row, layout.last_data_row + 1)):
            x = r + 1
            span = f"{span_first}{x}:{span_last}{x}"
            due, came, missed, hours = cached[i]
            ws.write_formula(r, first + n, f"=COUNTA({span})", count_fmt, due)
            ws.write_formula(r, first + n + 1, f"=COUNT({span})", count_fmt, came)
            ws.write_formula(r, first + n + 2, f'=COUNTIF({span},"{ABSENT}")', count_fmt, missed)
            ws.write_formula(r, first + n + 3, f"=SUM({span})", hours_fmt, float(hours))

    columns = [Col("序号", kind="int"), Col("姓名", align="center"), Col("岗位", align="center")]
    columns += [Col(_short(m.day), kind="number", align="center", width=5.5) for m in meetings]
    columns += [Col("应到（次）", kind="int", total="sum", width=10), Col("参加（次）", kind="int", total="sum", width=10),
                Col("缺席（次）", kind="int", total="sum", width=10),
                Col("学时（小时）", kind="number", total="sum", width=12, align="center")]
    return Sheet(
        name="个人学时", title="后勤员工培训学时统计", subtitle=subtitle, landscape=True, rows=rows,
        columns=columns, extra=extra,
        notes=["注：日期列中的数字为参加该次会议（培训）的学时，“缺席”为应到未到，空白为不属于该次对象；"
               "学时为本行数字之和。各次会议的主题见“会议一览”。"],
    )


def gaps_sheet(inputs: Inputs, meetings: Sequence[Meeting], all_gaps: Sequence[Gap], subtitle: str) -> Sheet:
    rows = [[g.group, g.cadence, f"{g.start_label}—{g.end_label}", g.start, g.end, g.days,
             f"超出{g.days - g.cadence}天" if g.late else "符合"] for g in all_gaps]

    def extra(ws: Any, book: Any, layout: Layout) -> None:
        """间隔 as 至 − 自, so a corrected date corrects it."""
        fmt = book.add_format({"border": 1, "align": "center", "num_format": "0", "font_name": "宋体",
                               "font_size": 11, "font_charset": 134, "font_scheme": "none", "valign": "vcenter"})
        warn = book.add_format({"border": 1, "align": "center", "num_format": "0", "font_name": "宋体",
                                "font_size": 11, "font_charset": 134, "font_scheme": "none", "valign": "vcenter",
                                "bg_color": "#FFC7CE"})
        a, b = layout.letters[layout.col("自")], layout.letters[layout.col("至")]
        c = layout.col("间隔（天）")
        for row, r in zip(rows, range(layout.first_data_row, layout.last_data_row + 1), strict=True):
            ws.write_formula(r, c, f"={b}{r + 1}-{a}{r + 1}", warn if row[6] != "符合" else fmt, row[5])

    notes = []
    for group, cadence in inputs.settings.meetings.cadence.items():
        mine = [g for g in all_gaps if g.group == group]
        if not mine:
            continue
        held = sum(_covers(m, group) for m in meetings)
        late = [g for g in mine if g.late]
        notes.append(f"{group}：本学期 {held} 次，规定每 {cadence} 天至少 1 次，最长相隔 "
                     f"{max(g.days for g in mine)} 天；" + (f"超期 {len(late)} 处。" if late else "均符合规定。"))
    return Sheet(
        name="会议频次", title="例会培训频次检查", subtitle=subtitle, rows=rows,
        columns=[Col("岗位", align="center"), Col("规定间隔（天）", kind="int", width=15), Col("区间", align="center"),
                 Col("自", kind="date"), Col("至", kind="date"), Col("间隔（天）", kind="int", width=11),
                 Col("情况", align="center")],
        highlight=lambda row: "warn" if row[6] != "符合" else None, extra=extra,
        notes=[*notes, "注：全体后勤的会议计入每个岗位；开学到第一次、最后一次到学期结束也计算间隔。"],
    )


def ledger(inputs: Inputs, meetings: list[Meeting], options: Options | None = None) -> bytes:
    settings = inputs.settings
    subtitle = f"学校：{settings.school.name}　　{settings.term.label if settings.term.year else ''}"
    sheets = [list_sheet(meetings, subtitle), people_sheet(meetings, subtitle),
              gaps_sheet(inputs, meetings, gaps(inputs, meetings, options), subtitle)]
    sheets[0].footer_rows = [[f"填报人：{settings.people.filler}", f"负责人：{settings.people.logistics_head}"]]
    last = meetings[-1].day if meetings else settings.term.end
    return write_workbook(sheets, created=document_time(last), title="培训台账")


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    settings = inputs.settings
    meetings = meetings_of(inputs)
    sources = tuple(inputs.source_files(MEETINGS.stem)) + tuple(inputs.source_files(STAFF.stem))
    stems = [f"{m.day:%Y-%m-%d} {m.rec['主题']}" for m in meetings]
    records = unique_names([safe_filename(f"{s} 记录.docx") for s in stems])
    sign_ins = unique_names([safe_filename(f"{s} 签到表.docx") for s in stems])
    planned = []
    for m, record, sign_in in zip(meetings, records, sign_ins, strict=True):
        context = meeting_context(inputs, m)
        period = f"{m.day.year}年{m.day.month}月"
        planned.append(Planned(
            path=f"{FOLDER}/{record}", template=RECORD, context=context,
            title=f"{context['name']}记录（{m.rec['主题']}）", period=period, inputs=sources,
            modified=document_time(m.day), binder=m.binder))
        planned.append(Planned(
            path=f"{FOLDER}/{sign_in}", template=SIGN_IN, context=context,
            title=f"{context['name']}签到表（{m.rec['主题']}）", period=period, inputs=sources,
            modified=document_time(m.day), binder=m.binder))
    last = meetings[-1].day if meetings else settings.term.end
    planned.append(Planned(
        path=LEDGER, template="", printed=True, context={}, title="培训台账", period=settings.term.label,
        inputs=sources, modified=document_time(last), build=lambda: ledger(inputs, meetings, options)))
    return planned


KIND = Kind(
    name="meetings",
    family="例会培训",
    description="每次会议或培训一份记录和签到表，本学期培训台账（个人学时、会议频次）",
    order=120,
    needs=((MEETINGS.stem, None), (STAFF.stem, "员工名单")),
    templates={RECORD: RECORD_FIELDS, SIGN_IN: SIGN_IN_FIELDS},
    plan=plan,
    options=("date",),
    warnings=warnings,
    help="""生成例会培训记录和签到表（每次一份）以及本学期的培训台账。

    读取 inputs/例会培训.xlsx（每次会议或培训一行）和员工名单。签到表列出应到人员：填了参加人员就按参加人员，否则为员工名单中岗位属于对象的全体人员（全体后勤 =
    教师、行政以外的所有岗位），缺席人员预先标注“缺席”。

    某岗位两次会议相隔的天数超过 houqin.toml 的 [meetings] cadence（默认 食堂、保洁 14 天，保安 30 天；
    开学到第一次、最后一次到学期结束也计算）时给出提醒； --date 指定统计到哪一天。

    \b
    示例：
      houqin meetings
      houqin meetings --date 2022-04-30
    """,
    paper=(
        Paper("例会培训/培训台账.pdf", 3, "meeting-ledger", "培训台账", "≤ 3 页"),
        Paper("例会培训/* 签到表.pdf", 1, "meeting-sign-in", "例会培训签到表", "1 页",
              sample="例会培训/2022-06-29 *签到表.pdf"),
        Paper("例会培训/* 记录.pdf", 1, "meeting", "会议（培训）记录", "1 页",
              sample="例会培训/2022-03-14 *记录.pdf"),
    ),
    binder=STAFF_BOX,
)
