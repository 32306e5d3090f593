"""后勤员工年度考核: one 后勤员工年度考核表 per employee and the year's 考核汇总.xlsx.

Seed 001: 时时都在考评，事事都在考评; the best are 金牌员工; 一票否决 for safety incidents.
The rules, all from ``[appraisal]`` in the settings:

* **Over which months**: the term of ``[term]`` (start to end: a 第一学期 is September to
  January); ``--year 2022`` a calendar year; ``--year 2021—2022`` the school year, both
  terms (September to August). Without ``[term]`` and ``--year``: the calendar year of
  the latest 月份 in the data.
* **Who is appraised**: everyone with at least one score in 考核记录 in that span. A person
  of 员工名单 with a logistics post and no score in it is a warning; posts containing 教师
  or 行政 with no score are silently not appraised (the roster needs teachers in 员工名单,
  they are not 后勤员工). People are told apart by 工号: two people of one name each get
  their own scores, duties and incidents (the loader resolved each row's 工号).
* **Score**: the month total is the sum of that month's item scores; 年度平均 (学期平均 when the span is a term: Span.unit) is the mean of
  the month totals over the months the person was scored; each 缺岗 in the year's 值日安排
  costs ``absence_deduction`` (请假 and 替班 cost nothing); 最终得分 = 年度平均 − 扣分,
  never below 0.
* **Rank** (stable, stated in the workbook too): people without a veto first, then by
  最终得分 (higher first), then the year's 安全责任 total (higher first), then fewer 缺岗,
  then the order of 员工名单. Ranks are 1, 2, 3… with no shared places.
* **Grade**: by the thresholds (优秀 ≥ 90, 合格 ≥ 75, 基本合格 ≥ 60, else 不合格 by default).
  The 优秀 quota is ``floor(excellent_quota × people appraised)``, at least 1; people above
  the 优秀 line beyond the quota, in rank order, get 合格.
* **一票否决**: an incident in the year marked 是 makes the grade 不合格 whatever the score,
  and keeps the person out of 优秀 and 金牌员工.
* **金牌员工**: the first ``gold_count`` people graded 优秀, in rank order (so never more than
  the 优秀 quota, and none when nobody is 优秀).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ... import figures
from ...errors import Location, Problem
from ...figures import attendance
from ...outputs.writer import safe_filename, unique_names
from ...reading.loader import Inputs
from ...reading.records import Record
from ...reading.values import format_date
from ...render.workbook import Col, Layout, Sheet, write_workbook
from .. import Kind, Options, Paper, Planned
from ..common import COMMON_FIELDS, common_context, document_time
from ..roster.inputs import ROSTER
from ..staff.inputs import STAFF, is_logistics

TEMPLATE = "后勤员工年度考核表.docx"
FOLDER = STAFF.stem
SUMMARY = f"{FOLDER}/考核汇总.xlsx"
GRADES = ("优秀", "合格", "基本合格", "不合格")
SAFETY_ITEM = "安全责任"
RANK_RULE = ("排名规则：无一票否决者在前；再按最终得分从高到低；同分时安全责任年度合计高者在前，"
             "再同则缺岗次数少者在前，再同按员工名单顺序。")
GOLD_RULE = "金牌员工：等次为优秀者按名次取前 {n} 名；一票否决者不评优秀、不评金牌员工。"

FIELDS = {
    **COMMON_FIELDS,
    "year": "考核年度，如 2022（学年考核时为 2021—2022）",
    "period": "考核期间，如 2021—2022学年第二学期、2022年度",
    "name": "姓名",
    "staff_id": "工号",
    "post": "岗位",
    "department": "部门",
    "joined": "入职日期，如 2015年3月2日",
    "service": "工龄（到考核期末满的年月），如 7年、2年10个月",
    "unit": "考核期间的单位：学期（学期考核）或年度（学年、自然年考核），用于标题和“学期平均”",
    "items": "考核项目（逐列）：item.name 项目，item.full 满分",
    "months": "各月得分（逐行）：m.label 3月，m.scores 各项目得分（逐列），m.total 月合计",
    "item_means": "各项目月平均分（逐列）",
    "month_full": "每月满分合计",
    "month_count": "考核月数",
    "mean": "学期平均分（学期考核）或年度平均分",
    "duty": "值日考勤：duty.assigned 安排，duty.present 到岗，duty.missed 缺岗，duty.leave 请假，"
            "duty.covered 由他人替班",
    "has_duty": "本年度是否有值日安排",
    "per_absence": "每次缺岗扣分",
    "deduction": "缺岗扣分合计",
    "incidents": "安全事故（逐条）：i.date 日期，i.description 描述，i.veto 是否一票否决",
    "veto": "是否一票否决（是/否）",
    "final": "最终得分",
    "rank": "名次",
    "appraised": "参加考核人数",
    "grade": "考核等次",
    "grade_boxes": "等次勾选，如 ☑优秀 ☐合格 ☐基本合格 ☐不合格",
    "gold": "是否金牌员工（是/否）",
    "rules": "评定规则说明",
}


@dataclass
class Person:
    """One appraised employee and everything the documents show about them."""

    rec: Record
    order: int  # position in 员工名单
    months: dict[tuple[int, int], dict[str, Decimal]] = field(default_factory=dict)
    full: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    duty: Counter[str] = field(default_factory=Counter)
    incidents: list[Record] = field(default_factory=list)
    deduction: Decimal = Decimal(0)
    rank: int = 0
    grade: str = ""
    gold: bool = False

    @property
    def name(self) -> str:
        return self.rec["姓名"]

    def total(self, month: tuple[int, int]) -> Decimal:
        return sum(self.months[month].values(), Decimal(0))

    @property
    def mean(self) -> Decimal:
        totals = [self.total(m) for m in self.months]
        return sum(totals, Decimal(0)) / len(totals)

    @property
    def final(self) -> Decimal:
        return max(Decimal(0), self.mean - self.deduction)

    @property
    def missed(self) -> int:
        return self.duty["缺岗"]

    @property
    def veto(self) -> bool:
        return any(i["一票否决"] for i in self.incidents)

    @property
    def safety(self) -> Decimal:
        return sum((scores.get(SAFETY_ITEM, Decimal(0)) for scores in self.months.values()), Decimal(0))


@dataclass(frozen=True)
class Span:
    """The months an appraisal covers, and how documents name them."""

    #: `2022—2023学年第一学期`, `2022年度`, `2021—2022学年`: titles and the 目录's 期间.
    label: str
    #: The same for a sentence: `2022年`, `2022—2023学年第一学期`.
    named: str
    start: dt.date
    end: dt.date
    #: The template's {{ year }}: the calendar year, or the school year `2021—2022`.
    year: int | str

    @property
    def first(self) -> tuple[int, int]:
        return self.start.year, self.start.month

    @property
    def last(self) -> tuple[int, int]:
        return self.end.year, self.end.month

    @property
    def unit(self) -> str:
        """学期 for a term's appraisal, 年度 for a school or calendar year: titles and labels say so."""
        return "学期" if self.label.endswith("学期") else "年度"

    def has_month(self, month: tuple[int, int]) -> bool:
        return self.first <= month <= self.last

    def has_day(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _calendar(year: int) -> Span:
    return Span(f"{year}年度", f"{year}年", dt.date(year, 1, 1), dt.date(year, 12, 31), year)


def appraisal_span(inputs: Inputs, options: Options | None) -> Span | None:
    """``--year`` (a calendar year or a school year), else the term, else the data's year."""
    year = options.year if options is not None else None
    if isinstance(year, int):
        return _calendar(year)
    if isinstance(year, str) and year:
        first, second = (int(y) for y in year.split("—"))
        label = f"{first}—{second}学年"
        return Span(label, label, dt.date(first, 9, 1), dt.date(second, 8, 31), year)
    term = inputs.settings.term
    if term.year and term.start and term.end:
        return Span(term.label, term.label, term.start, term.end, term.year)
    months = [r["月份"] for r in inputs.records(STAFF.stem, "考核记录")]
    return _calendar(max(months)[0]) if months else None


def appraisal_year(inputs: Inputs, options: Options | None) -> int | None:
    """The calendar year the span ends in (kept for callers that want a number)."""
    span = appraisal_span(inputs, options)
    return span.end.year if span else None


def who(rec: Record, name: str = "姓名", staff_id: str = "工号") -> str:
    """A person's identity: the 工号 when there is one, else the name."""
    return rec.get(staff_id) or rec[name]


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def grade_for(score: Decimal, thresholds: dict[str, Any]) -> str:
    for grade in GRADES[:-1]:
        if grade in thresholds and score >= _decimal(thresholds[grade]):
            return grade
    return GRADES[-1]


def quota_of(quota: float, appraised: int) -> int:
    """优秀 places: floor(quota × people), at least 1 (Decimal, so 0.2 × 15 is exactly 3)."""
    return max(1, math.floor(_decimal(quota) * appraised)) if appraised else 0


def appraise(inputs: Inputs, span: Span) -> list[Person]:
    """The appraised people of ``span`` in rank order, with grades and 金牌员工 set."""
    settings = inputs.settings.appraisal
    staff = inputs.records(STAFF.stem, "员工名单")
    by_id: dict[str, Person] = {}
    people: list[Person] = []
    for i, rec in enumerate(staff):
        by_id.setdefault(who(rec), Person(rec, i))
    for rec in inputs.records(STAFF.stem, "考核记录"):
        month = rec["月份"]
        if not span.has_month(month) or who(rec) not in by_id:
            continue
        person = by_id[who(rec)]
        if not person.months:
            people.append(person)
        item = rec["考核项目"]
        person.months.setdefault(month, {})[item] = _decimal(rec["得分"])
        full = rec["满分"] if rec["满分"] is not None else settings.items.get(item, 0)
        person.full[month] = person.full.get(month, Decimal(0)) + _decimal(full)
    # The roster's duties of the span, counted by the figures layer as the 考勤统计 counts them.
    duty = attendance(d for d in figures.duties(inputs) if span.has_day(d["日期"])) if inputs.has(ROSTER.stem) else {}
    per_absence = _decimal(settings.absence_deduction)
    for person in people:
        person.months = dict(sorted(person.months.items()))
        person.duty = duty.get(who(person.rec), Counter())
        person.deduction = per_absence * person.missed
    for rec in inputs.records(STAFF.stem, "安全事故"):
        if span.has_day(rec["日期"]) and who(rec) in by_id:
            by_id[who(rec)].incidents.append(rec)

    people.sort(key=lambda p: (p.veto, -p.final, -p.safety, p.missed, p.order))
    places = quota_of(settings.excellent_quota, len(people))
    excellent = gold = 0
    for rank, person in enumerate(people, 1):
        person.rank = rank
        grade = GRADES[-1] if person.veto else grade_for(person.final, settings.grades)
        if grade == "优秀":
            if excellent < places:
                excellent += 1
                if gold < settings.gold_count:
                    gold += 1
                    person.gold = True
            else:
                grade = "合格"  # above the line, beyond the quota
        person.grade = grade
    return people


def _num(value: Decimal) -> str:
    """`92` or `91.33`: two decimals at most, trailing zeros dropped."""
    q = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{q:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _month_label(month: tuple[int, int]) -> str:
    return f"{month[0]}年{month[1]}月"


def _last_day(people: Sequence[Person], span: Span) -> dt.date:
    months = [m for p in people for m in p.months]
    y, m = max(months) if months else span.last
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def service_text(joined: dt.date, end: dt.date) -> str:
    """Whole years and months completed by ``end``: 2019-09-01 to 2022-07-01 is 2年10个月, not 3年."""
    months = max(0, (end.year - joined.year) * 12 + end.month - joined.month - (end.day < joined.day))
    years, rest = divmod(months, 12)
    if not years:
        return f"{rest}个月"
    return f"{years}年{rest}个月" if rest else f"{years}年"


def rules_text(inputs: Inputs, unit: str = "年度") -> list[str]:
    """The scoring rules in the words of the period: 学期平均 for a term, 年度平均 for a year."""
    a = inputs.settings.appraisal
    lines = [f"{unit}平均 = 各月合计之和 ÷ 考核月数；最终得分 = {unit}平均 − 缺岗次数 × "
             f"{_num(_decimal(a.absence_deduction))} 分（请假、替班不扣分）。",
             "等次分数线：" + "，".join(f"{g} ≥ {a.grades[g]}" for g in GRADES[:-1] if g in a.grades)
             + f"，以下为不合格；优秀名额为参加考核人数的 {_num(_decimal(a.excellent_quota) * 100)}%"
             "（向下取整，至少 1 人），超出名额者评为合格；有一票否决事故者为不合格。",
             RANK_RULE.replace("年度", unit), GOLD_RULE.format(n=a.gold_count)]
    return lines


def person_context(inputs: Inputs, person: Person, span: Span, appraised: int) -> dict[str, Any]:
    settings = inputs.settings
    items = list(settings.appraisal.items)
    rec = person.rec
    joined = rec["入职日期"]
    months = []
    for month, scores in person.months.items():
        months.append({"label": f"{month[1]}月" if _short_months(span) else _month_label(month),
                       "scores": [_num(scores[i]) if i in scores else "—" for i in items],
                       "total": _num(person.total(month))})
    count = len(person.months)
    item_means = [_num(sum((s.get(i, Decimal(0)) for s in person.months.values()), Decimal(0)) / count)
                  for i in items]
    boxes = "　".join(("☑" if g == person.grade else "☐") + g for g in GRADES)
    return {
        **common_context(settings),
        "year": span.year,
        "period": span.label,
        "name": person.name,
        "staff_id": rec["工号"] or "",
        "post": rec["岗位"],
        "department": rec["部门"] or "",
        "joined": format_date(joined) if joined else "",
        "service": service_text(joined, span.end) if joined else "",
        "unit": span.unit,
        "items": [{"name": i, "full": _num(_decimal(settings.appraisal.items[i]))} for i in items],
        "months": months,
        "item_means": item_means,
        "month_full": _num(sum((_decimal(v) for v in settings.appraisal.items.values()), Decimal(0))),
        "month_count": count,
        "mean": _num(person.mean),
        "duty": {"assigned": person.duty["安排"], "present": person.duty["到岗"], "missed": person.missed,
                 "leave": person.duty["请假"], "covered": person.duty["替班"]},
        "has_duty": bool(person.duty["安排"]),
        "per_absence": _num(_decimal(settings.appraisal.absence_deduction)),
        "deduction": _num(person.deduction),
        "incidents": [{"date": format_date(i["日期"]), "description": i["事故描述"],
                       "veto": "是" if i["一票否决"] else "否"} for i in person.incidents],
        "veto": "是" if person.veto else "否",
        "final": _num(person.final),
        "rank": person.rank,
        "appraised": appraised,
        "grade": person.grade,
        "grade_boxes": boxes,
        "gold": "是" if person.gold else "否",
        "rules": rules_text(inputs, span.unit),
    }


def _grade_formats(ws: Any, book: Any, layout: Layout, per: str,
                   values: Sequence[tuple[Decimal, Decimal, Decimal]],
                   rows: Sequence[Sequence[Any]], mean_header: str = "年度平均") -> None:
    """Per-row formulas (mean, deduction, final) and colours by grade (conditional formatting)."""
    if not layout.has_data:
        return
    months = [h for h in layout.headers if h.endswith("月") and h[0].isdigit()]
    first, last = layout.first_data_row, layout.last_data_row
    number = book.add_format({"border": 1, "align": "right", "num_format": "0.00", "font_name": "宋体",
                              "font_size": 11, "valign": "vcenter"})
    mean_c, missed_c = layout.col(mean_header), layout.col("缺岗（次）")
    ded_c, final_c = layout.col("缺岗扣分"), layout.col("最终得分")
    L = layout.letters
    for i, r in enumerate(range(first, last + 1)):
        mean, deduction, final = values[i]
        x = r + 1
        if months:
            span = f"{L[layout.col(months[0])]}{x}:{L[layout.col(months[-1])]}{x}"
            ws.write_formula(r, mean_c, f"=AVERAGE({span})", number, float(mean))
        ws.write_formula(r, ded_c, f"={L[missed_c]}{x}*{per}", number, float(deduction))
        ws.write_formula(r, final_c, f"=MAX(0,{L[mean_c]}{x}-{L[ded_c]}{x})", number, float(final))
    if layout.totals_row is not None or layout.average_row is not None:  # two decimals, not 89.15384615
        bold = book.add_format({"border": 1, "align": "right", "num_format": "0.00", "bold": True,
                                "font_name": "宋体", "font_size": 11, "valign": "vcenter"})
        for c in [layout.col(m) for m in months] + [mean_c, ded_c, final_c]:
            how = "SUM" if c == ded_c else "AVERAGE"
            at = layout.totals_row if how == "SUM" else layout.average_row  # 合计 sums, 平均 averages
            if at is None:
                continue
            column = [row[c] for row in rows if row[c] is not None]
            cached = sum(column) if how == "SUM" else sum(column) / len(column)
            ws.write_formula(at, c, f"={how}({layout.data_range(c)})", bold, cached)
    grade = L[layout.col("等次")]
    colours = {"优秀": "#C6EFCE", "合格": None, "基本合格": "#FFEB9C", "不合格": "#FFC7CE"}
    whole = f"A{first + 1}:{L[-1]}{last + 1}"
    for name, colour in colours.items():
        if colour:
            fmt = book.add_format({"bg_color": colour})
            ws.conditional_format(whole, {"type": "formula", "criteria": f'=${grade}{first + 1}="{name}"',
                                          "format": fmt})


def _short_months(span: Span) -> bool:
    """`3月` names a month unambiguously when the span is at most twelve months long."""
    return (span.last[0] - span.first[0]) * 12 + span.last[1] - span.first[1] < 12


def summary(inputs: Inputs, people: Sequence[Person], span: Span) -> bytes:
    settings = inputs.settings
    a = settings.appraisal
    months = sorted({m for p in people for m in p.months})
    short = _short_months(span)
    columns = [Col("名次", kind="int"), Col("姓名", align="center"), Col("工号", align="center"),
               Col("岗位", align="center"),
               *(Col(f"{m[1]}月" if short else f"{m[0]}年{m[1]}月", width=8, kind="number", total="average")
                 for m in months),
               Col("考核月数", kind="int"), Col(f"{span.unit}平均", width=10, kind="number", total="average"),
               Col("缺岗（次）", kind="int", total="sum"),
               Col("缺岗扣分", width=10, kind="number", total="sum"),
               Col("最终得分", width=10, kind="number", total="average"), Col("等次", align="center"),
               Col("一票否决", align="center"), Col("金牌员工", align="center")]
    rows = []
    values = []
    for p in people:
        rows.append([p.rank, p.name, p.rec["工号"] or "", p.rec["岗位"],
                     *(float(p.total(m)) if m in p.months else None for m in months),
                     len(p.months), float(p.mean), p.missed, float(p.deduction), float(p.final), p.grade,
                     "是" if p.veto else "", "★金牌员工" if p.gold else ""])
        values.append((p.mean, p.deduction, p.final))
    excellent = sum(p.grade == "优秀" for p in people)
    places = quota_of(a.excellent_quota, len(people))
    counts = Counter(p.grade for p in people)
    per = _num(_decimal(a.absence_deduction))

    def extra(ws: Any, book: Any, layout: Layout) -> None:
        _grade_formats(ws, book, layout, per, values, rows, f"{span.unit}平均")

    sheet = Sheet(
        name=f"{span.label}考核汇总"[:31], title=f"{settings.school.name}{span.label}后勤员工考核汇总表",
        subtitle=f"参加考核 {len(people)} 人　　" + "　".join(f"{g} {counts[g]} 人" for g in GRADES),
        columns=columns, rows=rows, totals_label="合计", average_label="平均", landscape=True,
        footer_rows=[[f"优秀 {excellent} 人 / 名额 {places} 人（{_num(_decimal(a.excellent_quota) * 100)}% × "
                      f"{len(people)} 人，向下取整，至少 1 人）　　金牌员工 {sum(p.gold for p in people)} 人"],
                     *([line] for line in rules_text(inputs, span.unit)),
                     [f"制表：{settings.people.filler}", f"审核：{settings.people.logistics_head}",
                      f"分管领导：{settings.people.deputy}", "日期："]],
        extra=extra,
    )
    return write_workbook([sheet], created=document_time(_last_day(people, span)),
                          title=f"{span.label}后勤员工考核汇总")


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    span = appraisal_span(inputs, options)
    if span is None:
        return []
    people = appraise(inputs, span)
    if not people:
        return []
    sources = tuple(inputs.source_files(STAFF.stem, ROSTER.stem))
    when = document_time(_last_day(people, span))
    period = span.label
    counts = Counter(p.name for p in people)
    names = []
    for p in people:
        name = p.name
        if counts[name] > 1 and p.rec["工号"]:
            name = f"{name}（{p.rec['工号']}）"
        names.append(safe_filename(f"{name}.docx"))
    planned = []
    for person, file_name in zip(people, unique_names(names), strict=True):
        planned.append(Planned(
            path=f"{FOLDER}/{file_name}", template=TEMPLATE,
            context=person_context(inputs, person, span, len(people)),
            title=f"后勤员工{span.unit}考核表（{person.name}）", period=period, inputs=sources, modified=when))
    planned.append(Planned(path=SUMMARY, template="", printed=True, context={}, title="后勤员工考核汇总", period=period,
                           inputs=sources, modified=when, build=lambda: summary(inputs, people, span)))
    return planned


def warnings(inputs: Inputs, options: Options | None = None) -> list[Problem]:
    """Logistics staff with no score in the span (teachers and 行政 are not appraised)."""
    span = appraisal_span(inputs, options)
    file = (inputs.source_files(STAFF.stem) or [f"inputs/{STAFF.stem}.xlsx"])[0]
    if span is None:
        return []
    scored = {who(r) for r in inputs.records(STAFF.stem, "考核记录") if span.has_month(r["月份"])}
    if not scored:
        return [Problem(f"考核记录中没有{span.named}的得分，不生成考核表", Location(file=file, sheet="考核记录"),
                        severity="warning")]
    problems = []
    for rec in inputs.records(STAFF.stem, "员工名单"):
        if who(rec) not in scored and is_logistics(rec["岗位"]):
            problems.append(Problem(
                f"「{rec['姓名']}」（{rec['岗位']}）在{span.named}没有考核得分，未参加考核；"
                "请在考核记录中补上，或确认此人不参加考核",
                Location(file=file, sheet="员工名单", row=rec.where.row), severity="warning"))
    return problems


KIND = Kind(
    name="appraisal",
    family="后勤员工年度考核",
    description="每位后勤员工一份年度考核表，考核汇总（等次、优秀名额、一票否决、金牌员工）",
    order=70,
    needs=((STAFF.stem, "员工名单"), (STAFF.stem, "考核记录")),
    templates={TEMPLATE: FIELDS},
    plan=plan,
    optional=(ROSTER.stem,),
    options=("year",),
    warnings=warnings,
    help=f"""生成后勤员工年度考核表（每人一份）和考核汇总表。

    读取 inputs/{STAFF.stem}.xlsx 的员工名单、考核记录、安全事故，以及 inputs/{ROSTER.stem}.xlsx
    （缺岗每次扣分）。年度平均为各月合计的平均分；等次按设置中的分数线，优秀不超过名额；
    有一票否决事故者为不合格，不评优秀和金牌员工。员工名单中教师、行政岗位没有得分的
    不参加考核；其他岗位没有得分的给出提醒。

    \b
    示例：
      houqin appraisal
      houqin appraisal --year 2022
      houqin appraisal --year 2021—2022
    """,
    binder=("后勤队伍", "01 考核"),
    paper=(
        Paper("员工考核/考核汇总.pdf", 1, "appraisal-summary", "考核汇总", "1 页"),
        # 后勤员工学期(年度)考核表: scores, then the opinions to sign
        Paper("员工考核/*.pdf", 2, "appraisal", "后勤员工年度考核表", "≤ 2 页", sample="员工考核/[!考]*.pdf"),
    ),
)
