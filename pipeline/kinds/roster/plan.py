"""值日安排: the weekly 值日安排表 (.docx and .xlsx) and the term's attendance statistics.

Seed 000: 楼层值日 and 护学岗 every day. Week 1 is the Monday-based week holding the term's
start date. A duty on a Chinese public holiday (from the maintained ``chinese_calendar``
package, which also knows the 调休 working weekends) or outside the term is flagged in the
table and in a warning.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import chinese_calendar
from lxml import etree

from ...errors import Location, Problem
from ...figures import attendance
from ...reading.loader import Inputs
from ...reading.records import Record
from ...reading.values import format_date
from ...render.workbook import Col, Layout, Sheet, write_workbook
from ...zips import package_parts
from .. import Kind, Options, Paper, Planned
from ..common import COMMON_FIELDS, common_context, document_time, official_date

TEMPLATE = "值日安排表.docx"
FOLDER = "值日安排"
STATISTICS = f"{FOLDER}/值日考勤统计.xlsx"
WEEKDAYS = "一二三四五六日"
HOLIDAY_NAMES = {h.value: h.chinese for h in chinese_calendar.Holiday}

FIELDS = {
    **COMMON_FIELDS,
    "week": "教学周序号，如 3",
    "week_label": "教学周，如 第3周",
    "span": "本周起止日期，如 2022年2月28日至3月4日",
    "days": "有值日的日子（逐列）：day.weekday 星期一，day.date 2月28日，day.flag （清明节）等标注，"
            "day.off 放假的节日名称（不放假为空）",
    "rows": "值日岗位（逐行）：row.post 岗位（同一岗位的后续行为空，单元格向下合并），row.place 地点，"
            "row.cells 每天的值日人员（放假的日子为“放假”）",
    "explain": "说明替班写法的一句话，例子取自本学期真实的替班记录",
    "notes": "（留空：节假日、学期外排有值日的提醒只作为 houqin check 的警告，不印在表上）",
    "signed_date": "落款日期（本周第一天）",
}


@dataclass(frozen=True)
class DayFlag:
    label: str  # its own line(s) under the date: 清明节/节假日, 调休上班, 学期外
    warn: str  # the warning's reason, "" when only informative


def week_of(day: dt.date, start: dt.date) -> int:
    """Teaching week: 1 is the Monday-based week of the term's start date."""
    monday = start - dt.timedelta(days=start.weekday())
    return (day - monday).days // 7 + 1


def week_label(week: int) -> str:
    return f"第{week}周" if week >= 1 else f"开学前第{1 - week}周"


def week_file(week: int) -> str:
    return f"第{week:02d}周" if week >= 1 else f"开学前第{1 - week}周"


def day_flag(day: dt.date, inputs: Inputs) -> DayFlag | None:
    term = inputs.settings.term
    if term.start and term.end and not term.contains(day):
        return DayFlag("学期外", f"不在本学期（{term.describe_span()}）内")
    try:
        holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # a year the calendar package does not know yet
        return None
    if holiday and name:
        chinese = HOLIDAY_NAMES.get(name, name)
        return DayFlag(f"{chinese}\n节假日", f"是法定节假日（{chinese}）")
    if not holiday and day.weekday() >= 5:
        return DayFlag("调休上班", "")
    return None


def span_text(first: dt.date, last: dt.date) -> str:
    end = f"{last.month}月{last.day}日" if last.year == first.year else format_date(last)
    return f"{format_date(first)}至{end}"


def person_key(rec: Record, name: str = "姓名", staff_id: str = "工号") -> str:
    """Who a duty belongs to: the 工号 when the row has one (two 王芳 stay two), else the name."""
    return rec.get(staff_id) or rec[name]


def twin_names(records: Sequence[Record]) -> frozenset[str]:
    """Names that stand for more than one person (different 工号) in these records."""
    ids: dict[str, set[str]] = defaultdict(set)
    for rec in records:
        for name, staff_id in (("姓名", "工号"), ("替班人", "替班人工号")):
            if rec.get(name):
                ids[rec[name]].add(rec.get(staff_id) or "")
    return frozenset(name for name, found in ids.items() if len(found) > 1)


def shown_name(name: str, staff_id: str | None, twins: frozenset[str] = frozenset(), note: str = "") -> str:
    """`王芳`, or `王芳（工号 0012）` when two people share the name; a note joins the bracket."""
    parts = [f"工号 {staff_id}"] if staff_id and name in twins else []
    if note:
        parts.append(note)
    return f"{name}（{'，'.join(parts)}）" if parts else name


def cell_text(rec: Record, twins: frozenset[str] = frozenset()) -> str:
    """`王秀英（替陈美玲）` when someone covered; the absence noted otherwise."""
    status = rec["到岗情况"]
    own_id = rec.get("工号")
    if status == "替班" and rec["替班人"]:
        own = rec["姓名"] + (f"，工号 {own_id}" if own_id and rec["姓名"] in twins else "")
        return shown_name(rec["替班人"], rec.get("替班人工号"), twins, f"替{own}")
    if status in ("缺岗", "请假"):
        return shown_name(rec["姓名"], own_id, twins, status)
    return shown_name(rec["姓名"], own_id, twins)


def roster_records(inputs: Inputs) -> list[Record]:
    return sorted(inputs.records("值日安排"), key=lambda r: (r["日期"], r.where.row or 0))


def term_start(inputs: Inputs, records: Sequence[Record]) -> dt.date:
    return inputs.settings.term.start or min(r["日期"] for r in records)


@dataclass
class Week:
    number: int
    days: list[dt.date]
    #: (岗位, 地点) in the order they first appear in the roster → day → names
    duties: dict[tuple[str, str], dict[dt.date, list[str]]]


def weeks(inputs: Inputs, records: Sequence[Record]) -> list[Week]:
    if not records:
        return []
    start = term_start(inputs, records)
    twins = twin_names(records)
    order: dict[tuple[str, str], int] = {}
    for rec in records:
        order.setdefault((rec["岗位"], rec["地点"] or ""), len(order))
    by_week: dict[int, list[Record]] = defaultdict(list)
    for rec in records:
        by_week[week_of(rec["日期"], start)].append(rec)
    result = []
    for number in sorted(by_week):
        recs = by_week[number]
        monday = start - dt.timedelta(days=start.weekday()) + dt.timedelta(weeks=number - 1)
        on = {r["日期"] for r in recs}
        # Monday to Friday always, a weekend day only when someone is on duty then
        days = [d for d in (monday + dt.timedelta(days=i) for i in range(7)) if d.weekday() < 5 or d in on]
        duties: dict[tuple[str, str], dict[dt.date, list[str]]] = {}
        for rec in sorted(recs, key=lambda r: order[(r["岗位"], r["地点"] or "")]):
            duties.setdefault((rec["岗位"], rec["地点"] or ""), defaultdict(list))[rec["日期"]].append(
                cell_text(rec, twins))
        result.append(Week(number, days, duties))
    return result


OFF = "放假"


def holiday_off(day: dt.date) -> str:
    """The holiday's name when ``day`` is a day off for it (清明节, 劳动节…), else ""."""
    try:
        holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return ""
    if not holiday or not name:
        return ""
    return HOLIDAY_NAMES.get(name, name)


def day_header(day: dt.date, inputs: Inputs, busy: bool) -> dict[str, str]:
    """A day column's head; a holiday nobody is on duty shows its name and is 放假 below."""
    flag = day_flag(day, inputs) if busy else None
    off = "" if busy else holiday_off(day)
    return {"weekday": f"星期{WEEKDAYS[day.weekday()]}", "date": f"{day.month}月{day.day}日",
            "flag": flag.label if flag else (f"（{off}）" if off else ""), "off": off}


def substitute_example(records: Sequence[Record]) -> str:
    """The 说明 line's example from a real substitution of the term (none: no names at all)."""
    twins = twin_names(records)
    for rec in records:
        if rec["到岗情况"] == "替班" and rec["替班人"]:
            shown = cell_text(rec, twins)
            return f"“{shown}”表示{rec['替班人']}替{rec['姓名']}值日；"
    return "姓名后注“（替某某）”的，表示代替某某值日；"


def week_context(inputs: Inputs, week: Week, explain: str = "") -> dict[str, Any]:
    busy = {d for cells in week.duties.values() for d in cells}
    headers = [day_header(d, inputs, d in busy) for d in week.days]
    rows = []
    previous = None
    for (post, place), cells in week.duties.items():
        rows.append({"post": post if post != previous else "", "place": place,
                     "cells": [OFF if head["off"] else "、".join(cells.get(d, []))
                               for d, head in zip(week.days, headers, strict=True)]})
        previous = post
    # A duty on a holiday or outside the term is the checker's business (a warning of `check`
    # and of every run), not the filed form's: the day's head says 节假日/学期外, nothing more.
    notes: list[str] = []
    return {
        **common_context(inputs.settings),
        "week": week.number,
        "week_label": week_label(week.number),
        "span": span_text(week.days[0], week.days[-1]),
        "days": headers,
        "rows": rows,
        "notes": notes,
        "explain": explain or substitute_example(()),
        "signed_date": official_date(week.days[0]),
    }


def post_groups(rows: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    """(first, last) row index of each post: a row with an empty 岗位 continues the one above."""
    groups: list[tuple[int, int]] = []
    for i, row in enumerate(rows):
        if row["post"] or not groups:
            groups.append((i, i))
        else:
            groups[-1] = (groups[-1][0], i)
    return groups


def week_workbook(inputs: Inputs, context: dict[str, Any], first: dt.date) -> bytes:
    settings = inputs.settings
    columns = [Col("岗位", align="center"), Col("地点", align="center")] + [
        Col("\n".join(x for x in (d["weekday"], d["date"], d["flag"]) if x), wrap=True, align="center")
        for d in context["days"]]
    rows = [[r["post"], r["place"], *r["cells"]] for r in context["rows"]]

    def merged(ws: Any, book: Any, layout: Layout) -> None:
        """岗位 merged down over its rows; a holiday's column one 放假 cell."""
        if not layout.has_data:
            return
        fmt = book.add_format({"font_name": "宋体", "font_size": 11, "font_charset": 134, "font_scheme": "none",
                               "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True})
        top = layout.first_data_row
        for lo, hi in post_groups(context["rows"]):
            if hi > lo:
                ws.merge_range(top + lo, 0, top + hi, 0, context["rows"][lo]["post"], fmt)
        for c, day in enumerate(context["days"], 2):
            if day["off"] and layout.last_data_row > top:
                ws.merge_range(top, c, layout.last_data_row, c, OFF, fmt)

    sheet = Sheet(
        name=week_file(context["week"]), title=f"{settings.school.name}值日安排表",
        subtitle=f"{context['term']}　{context['week_label']}（{context['span']}）",
        columns=columns, rows=rows, landscape=len(columns) > 7, extra=merged,
        footer_rows=[*(["注：" + n] for n in context["notes"]),
                     [f"制表：{settings.people.filler}", f"审核：{settings.people.logistics_head}",
                      f"日期：{context['signed_date']}"]],
    )
    return write_workbook([sheet], created=document_time(first),
                          title=f"值日安排表（{context['week_label']}）")


# --------------------------------------------------------------------------------------
# The Word table's last touch: merged cells and widths a template loop cannot give
# --------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Children of w:tcPr in the schema's order.
_TCPR_ORDER = ("cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
               "vAlign hideMark").split()
#: Width of one CJK character per point of font size, in cm (plus the cell's padding).
_CM_PER_PT = 0.0353
_PADDING_CM = 0.25
_TWIPS_PER_CM = 567


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _text(el: Any) -> str:
    return "".join(t.text or "" for t in el.iter(_w("t")))


def _child(parent: Any, tag: str, order: Sequence[str]) -> Any:
    """``parent``'s child ``w:tag``, created at its place in the schema's order."""
    found = parent.find(_w(tag))
    if found is not None:
        return found
    el = etree.Element(_w(tag))
    rank = order.index(tag)
    for i, sibling in enumerate(parent):
        name = etree.QName(sibling).localname
        if name in order and order.index(name) > rank:
            parent.insert(i, el)
            return el
    parent.append(el)
    return el


def _tcpr(tc: Any) -> Any:
    tcpr = tc.find(_w("tcPr"))
    if tcpr is None:
        tcpr = etree.Element(_w("tcPr"))
        tc.insert(0, tcpr)
    return tcpr


def _clear(tc: Any) -> None:
    """An empty continuation cell: one empty paragraph keeping its properties."""
    paragraphs = tc.findall(_w("p"))
    for extra in paragraphs[1:]:
        tc.remove(extra)
    if paragraphs:
        for run in paragraphs[0].findall(_w("r")):
            paragraphs[0].remove(run)


def _cjk_cm(text: str, size_pt: float) -> float:
    """Printed width of ``text``: CJK characters a full em, others about half."""
    ems = sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)
    return ems * size_pt * _CM_PER_PT + _PADDING_CM


def _set_size(rpr: Any, size_pt: float) -> None:
    half = str(round(size_pt * 2))
    for tag in ("sz", "szCs"):
        el = rpr.find(_w(tag))
        if el is None:
            el = etree.SubElement(rpr, _w(tag))
        el.set(_w("val"), half)
    # keep w:sz/w:szCs where the schema wants them: before highlight/u/…/lang
    order = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
             "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
             "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath").split()
    children = sorted(rpr, key=lambda el: order.index(etree.QName(el).localname)
                      if etree.QName(el).localname in order else len(order))
    for el in children:
        rpr.remove(el)
        rpr.append(el)


def _resize(tc: Any, size_pt: float) -> None:
    """Every run of a cell at ``size_pt`` (a notes run already smaller keeps its size)."""
    for run in tc.iter(_w("r")):
        rpr = run.find(_w("rPr"))
        if rpr is None:
            rpr = etree.Element(_w("rPr"))
            run.insert(0, rpr)
        sz = rpr.find(_w("sz"))
        if sz is None or float(sz.get(_w("val"), "99")) / 2 > size_pt:
            _set_size(rpr, size_pt)


def _names_on_lines(tc: Any, size_pt: float, note_pt: float) -> None:
    """`孙丽华（替张晓燕）` as 孙丽华 over a smaller （替张晓燕）: a name never breaks inside."""
    paragraphs = tc.findall(_w("p"))
    if not paragraphs:
        return
    paragraph = paragraphs[0]
    text = _text(tc)
    runs = paragraph.findall(_w("r"))
    template = runs[0].find(_w("rPr")) if runs else None
    for run in runs:
        paragraph.remove(run)
    for extra in paragraphs[1:]:
        tc.remove(extra)

    def add(piece: str, size: float, newline: bool) -> None:
        run = etree.SubElement(paragraph, _w("r"))
        rpr = copy.deepcopy(template) if template is not None else etree.Element(_w("rPr"))
        run.append(rpr)
        _set_size(rpr, size)
        if newline:
            etree.SubElement(run, _w("br"))
        t = etree.SubElement(run, _w("t"))
        t.text = piece
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    people = text.split("、")
    for i, person in enumerate(people):
        name, bracket, note = person.partition("（")
        tail = "、" if i < len(people) - 1 else ""
        add(name + ("" if bracket else tail), size_pt, i > 0)
        if bracket:
            add(bracket + note + tail, note_pt, True)


def shape_week_table(data: bytes, context: dict[str, Any]) -> bytes:
    """The rendered 值日安排表: 岗位 merged down, holiday columns one 放假 cell, widths from the data.

    A workspace's own template whose table does not have the shape of the built-in one
    (岗位 | 地点 | one column per day, one row per duty) is left as rendered.
    """
    days, rows = context["days"], context["rows"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(entries["word/document.xml"])
    for tbl in root.iter(_w("tbl")):
        trs = tbl.findall(_w("tr"))
        if (len(trs) == 1 + len(rows) and trs and _text(trs[0].find(_w("tc"))).strip() == "岗位"
                and all(len(tr.findall(_w("tc"))) == 2 + len(days) for tr in trs)):
            break
    else:
        return data
    grid = tbl.find(_w("tblGrid"))
    cols = grid.findall(_w("gridCol")) if grid is not None else []
    if len(cols) != 2 + len(days):
        return data
    total_cm = sum(int(c.get(_w("w"), "0")) for c in cols) / _TWIPS_PER_CM or 15.6
    size = 10.5
    # 岗位 and 地点 as narrow as their words allow, words kept whole (护学岗, 楼层值日, 学生食堂);
    # a week of six or seven days makes room for `12月26日` on a line: 岗位/地点 at 9 pt, the day
    # columns at 9 pt (8.5 pt for seven) and half the cell padding
    per_line = (4, 5)
    wide = len(days) > 5
    day_pt = size if not wide else 9.0 if len(days) == 6 else 8.5
    label_pt = 9.0 if wide else size
    posts = [r["post"] for r in rows if r["post"]] or ["岗位"]
    places = [r["place"] for r in rows if r["place"]] or ["地点"]
    post_cm = _cjk_cm("岗" * min(per_line[0], max(2, max(len(p) for p in posts))), label_pt)
    place_cm = _cjk_cm("地" * min(per_line[1], max(2, max(len(p) for p in places))), label_pt)
    day_cm = (total_cm - post_cm - place_cm) / max(1, len(days))
    notes = [person.partition("（")[2] for r in rows for cell in r["cells"] for person in cell.split("、")]
    longest = max(notes, key=len, default="")
    note_pt = next((pt for pt in (9.0, 8.0, 7.5) if _cjk_cm("（" + longest, pt) <= day_cm), 7.0)
    widths = [post_cm, place_cm, *([day_cm] * len(days))]
    twips = [int(round(w * _TWIPS_PER_CM)) for w in widths]
    for col, width in zip(cols, twips, strict=True):
        col.set(_w("w"), str(width))
    tblpr = tbl.find(_w("tblPr"))
    if tblpr is not None:  # 1 mm padding each side instead of Word's 1.9 mm
        margins = _child(tblpr, "tblCellMar", ("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize "
                                               "tblStyleColBandSize tblW jc tblCellSpacing tblInd tblBorders "
                                               "shd tblLayout tblCellMar tblLook tblCaption "
                                               "tblDescription").split())
        for side in ("left", "right"):
            el = margins.find(_w(side))
            if el is None:
                el = etree.SubElement(margins, _w(side))
            el.set(_w("w"), "28" if wide else "57")
            el.set(_w("type"), "dxa")
    for tr in trs:
        for tc, width in zip(tr.findall(_w("tc")), twips, strict=True):
            tcw = _child(_tcpr(tc), "tcW", _TCPR_ORDER)
            tcw.set(_w("w"), str(width))
            tcw.set(_w("type"), "dxa")
    body = trs[1:]
    for lo, hi in post_groups(rows):
        for i in range(lo, hi + 1):
            tc = body[i].findall(_w("tc"))[0]
            _child(_tcpr(tc), "vMerge", _TCPR_ORDER).set(_w("val"), "restart" if i == lo else "continue")
            if i > lo:
                _clear(tc)
    note_pt = min(note_pt, day_pt)
    if wide:
        for tr in trs:
            for tc in tr.findall(_w("tc"))[:2]:
                _resize(tc, label_pt)
    for j, day in enumerate(days):
        _resize(trs[0].findall(_w("tc"))[2 + j], day_pt)
        for i, tr in enumerate(body):
            tc = tr.findall(_w("tc"))[2 + j]
            if day["off"]:
                _child(_tcpr(tc), "vMerge", _TCPR_ORDER).set(_w("val"), "restart" if i == 0 else "continue")
                if i:
                    _clear(tc)
            elif "（" in _text(tc) or "、" in _text(tc):
                _names_on_lines(tc, day_pt, note_pt)
            if day_pt != size:
                _resize(tc, day_pt)
    entries["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                  standalone=True)
    return package_parts(entries)


def week_finish(context: dict[str, Any]) -> Callable[[bytes], bytes]:
    return lambda data: shape_week_table(data, context)


STAT_COLUMNS = [
    Col("序号", kind="int"),
    Col("姓名", align="center"),
    Col("安排值日（次）", kind="int", total="sum"),
    Col("到岗（次）", kind="int", total="sum"),
    Col("缺岗（次）", kind="int", total="sum"),
    Col("请假（次）", kind="int", total="sum"),
    Col("由他人替班（次）", kind="int", total="sum"),
    Col("替他人值日（次）", kind="int", total="sum"),
    Col("实际值日（次）", kind="int", total="sum"),
    Col("到岗率", kind="percent"),
]


def duty_rows(records: Sequence[Record]) -> list[dict[str, Any]]:
    """Each duty by name: 日期, 岗位, 人员 and 替班人员 (by :func:`person_key`), 到岗情况."""
    return [{"日期": rec["日期"], "岗位": rec["岗位"] or "", "人员": person_key(rec),
             "到岗情况": rec["到岗情况"] or "到岗",
             "替班人员": person_key(rec, "替班人", "替班人工号") if rec["替班人"] else None}
            for rec in records]


def term_figures(inputs: Inputs) -> dict[str, Any]:
    """The figures layer's hook: ``duties``, every duty of the roster in input order
    (:func:`duty_rows`), counted by :func:`pipeline.figures.attendance` for the 考勤统计,
    the appraisal and the 月报 alike."""
    return {"duties": duty_rows(inputs.records("值日安排"))}


def statistics_rows(records: Sequence[Record]) -> list[list[Any]]:
    twins = twin_names(records)
    shown: dict[str, str] = {}
    for rec in records:
        shown.setdefault(person_key(rec), shown_name(rec["姓名"], rec.get("工号"), twins))
        if rec["替班人"]:
            shown.setdefault(person_key(rec, "替班人", "替班人工号"),
                             shown_name(rec["替班人"], rec.get("替班人工号"), twins))
    rows = []
    for i, (key, c) in enumerate(sorted(attendance(duty_rows(records)).items(),
                                        key=lambda item: (-item[1]["安排"], shown[item[0]], item[0])), 1):
        served = c["到岗"] + c["替他人"]
        rows.append([i, shown[key], c["安排"], c["到岗"], c["缺岗"], c["请假"], c["替班"], c["替他人"], served,
                     c["到岗"] / c["安排"] if c["安排"] else None])
    return rows


def statistics(inputs: Inputs, records: list[Record]) -> bytes:
    settings = inputs.settings
    subtitle = f"学校：{settings.school.name}　　{settings.term.label if settings.term.year else ''}"
    absences = [r for r in records if r["到岗情况"] != "到岗"]
    twins = twin_names(records)
    sheets = [
        Sheet(name="考勤统计", title="值日考勤统计", columns=STAT_COLUMNS, rows=statistics_rows(records),
              subtitle=subtitle, highlight=lambda row: "warn" if row[4] else None,
              footer_rows=[["到岗率 = 到岗 ÷ 安排值日；实际值日 = 到岗 + 替他人值日"],
                           [f"统计：{settings.people.filler}", f"审核：{settings.people.logistics_head}"]]),
        Sheet(name="缺岗请假替班明细", title="缺岗、请假、替班明细",
              columns=[Col("日期", kind="date"), Col("岗位"), Col("地点"), Col("姓名", align="center"),
                       Col("到岗情况", align="center"), Col("替班人", align="center"), Col("备注", wrap=True)],
              rows=[[r["日期"], r["岗位"], r["地点"] or "", shown_name(r["姓名"], r.get("工号"), twins),
                     r["到岗情况"], shown_name(r["替班人"], r.get("替班人工号"), twins) if r["替班人"] else "",
                     r["备注"] or ""] for r in absences],
              subtitle=subtitle, highlight=lambda row: "warn" if row[4] == "缺岗" else None),
    ]
    last = records[-1]["日期"] if records else settings.term.end
    return write_workbook(sheets, created=document_time(last), title="值日考勤统计")


def plan(inputs: Inputs, options: Options) -> list[Planned]:
    settings = inputs.settings
    records = roster_records(inputs)
    sources = tuple(inputs.source_files("值日安排"))
    planned = []
    explain = substitute_example(records)
    end = settings.term.end
    for week in weeks(inputs, records):
        if end and week.days[0] > end:  # the term is the outer bound (the loader warns of such duties)
            continue
        context = week_context(inputs, week, explain)
        stem = f"{FOLDER}/{week_file(week.number)} 值日安排表"
        when = document_time(week.days[0])
        title = f"值日安排表（{context['week_label']}）"
        planned.append(Planned(path=f"{stem}.docx", template=TEMPLATE, context=context, title=title,
                               period=context["week_label"], inputs=sources, modified=when,
                               finish=week_finish(context)))
        planned.append(Planned(path=f"{stem}.xlsx", template="", context={}, title=title,
                               period=context["week_label"], inputs=sources, modified=when,
                               build=lambda c=context, d=week.days[0]: week_workbook(inputs, c, d)))
    last = records[-1]["日期"] if records else settings.term.end
    planned.append(Planned(path=STATISTICS, template="", context={}, title="值日考勤统计",
                           period=settings.term.label, inputs=sources, modified=document_time(last),
                           build=lambda: statistics(inputs, records)))
    return planned


def warnings(inputs: Inputs, options: Options | None = None) -> list[Problem]:
    """A day with duties that is a public holiday (one warning per day); one outside the term
    is said by the loader's check, with its row."""
    where = Location(file=(inputs.source_files("值日安排") or ["inputs/值日安排.xlsx"])[0], sheet="值日安排")
    per_day = Counter(r["日期"] for r in inputs.records("值日安排"))
    problems = []
    for day in sorted(per_day):
        flag = day_flag(day, inputs)
        if flag and flag.warn and flag.label.strip("（）") != "学期外":  # said by the loader, at its row
            problems.append(Problem(
                f"{format_date(day)}（星期{WEEKDAYS[day.weekday()]}）{flag.warn}，但排有值日 {per_day[day]} 人次；"
                "值日安排表中已标注，请核实", where, severity="warning"))
    return problems


KIND = Kind(
    name="roster",
    family="值日安排",
    description="每个教学周一份值日安排表（Word 和 Excel），本学期值日考勤统计",
    order=30,
    needs=(("值日安排", None),),
    templates={TEMPLATE: FIELDS},
    plan=plan,
    warnings=warnings,
    figures=term_figures,
    help="""生成值日安排表（每个教学周一份，Word 和 Excel）和本学期值日考勤统计。

    读取 inputs/值日安排.xlsx：每人每岗每天一行。第1教学周是包含开学日期的那一周
    （周一开始）。替班显示为“王秀英（替陈美玲）”。法定节假日或学期外排有值日时，
    在表中标注并给出提醒。

    \b
    示例：
      houqin roster
      houqin roster -w D:\\后勤\\2022春 --force
    """,
    binder=("安全工作", "07 值班记录"),
    paper=(
        Paper("值日安排/第* 值日安排表.pdf", 1, "roster", "值日安排表（每周）", "1 页",
              sample="值日安排/第08周 值日安排表.pdf"),
        # printed by `binder --pdf`, which files it under 07 值班记录: a sheet each, 3 in the sample
        Paper("值日安排/值日考勤统计.pdf", 4),
    ),
)
