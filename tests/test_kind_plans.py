"""Each kind's plan on small inputs: the contexts its templates get, checked against
figures worked out by hand from the few rows of ``init``'s workbooks (each kind folder's
``samples.INIT``), without rendering anything."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.kinds import Options, registry
from pipeline.reading.loader import Inputs, load_inputs
from pipeline.scaffold import init_workspace


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    root = tmp_path_factory.mktemp("ws")
    init_workspace(root)
    return load_inputs(root)


def context(inputs: Inputs, kind: str, path: str) -> dict[str, Any]:
    planned = {p.path: p for p in registry()[kind].plan(inputs, Options())}
    assert path in planned, sorted(planned)
    return dict(planned[path].context)


def test_hazards_half_month_form_counts_the_half_months_rows(inputs: Inputs) -> None:
    # 2月16日 (完成 2月18日) and 2月28日 (完成 3月2日): two found, one rectified by the 28th.
    c = context(inputs, "hazards", "安全隐患/2022年2月下半月 安全隐患排查整改表.docx")
    assert (c["found"], c["found_done"], c["rate"], c["open"]) == (2, 1, "50.0%", 1)
    assert [h["编号"] for h in c["hazards"]] == ["2022-001", "2022-002"]
    assert c["summary"] == "本期排查隐患2项，已整改1项，整改率50.0%；逾期0项。"


def test_drills_record_compares_with_the_target(inputs: Inputs) -> None:
    # 2分15秒 against 2分; 1815 of 1826 present = 99.40%.
    c = context(inputs, "drills", "应急演练/2022-02-25 春季开学消防疏散演练.docx")
    assert c["evacuation"] == "2分15秒（比目标慢15秒）"
    assert (c["present"], c["expected"], c["attendance_rate"]) == ("1815人", "1826人", "99.4%")


def test_roster_week_shows_the_substitute_in_the_days_cell(inputs: Inputs) -> None:
    c = context(inputs, "roster", "值日安排/第01周 值日安排表.docx")
    assert c["span"] == "2022年2月14日至2月18日"
    floor = next(r for r in c["rows"] if r["post"] == "楼层值日")
    assert floor["cells"][:2] == ["张晓燕", "李娜（替张晓燕）"]


def test_assets_acceptance_form_totals_in_figures_and_capitals(inputs: Inputs) -> None:
    # 6 × 12,800.00 = 76,800.00.
    c = context(inputs, "assets", "固定资产/资产验收单/2022-01-10 教学管理中心.docx")
    assert (c["number"], c["total_quantity"], c["total"]) == ("YS-2022-001", 6, "76,800.00")
    assert c["total_upper"] == "柒万陆仟捌佰元整"


def test_plan_lists_the_checklist(inputs: Inputs) -> None:
    c = context(inputs, "plan", "2021—2022学年第二学期后勤工作计划.docx")
    assert c["title"] == "2021—2022学年第二学期后勤工作计划" and c["has_items"]
    assert [i["时间"] for i in c["items"]][:2] == ["2月", "3月"]


def test_appraisal_form_adds_the_months_scores(inputs: Inputs) -> None:
    # 顾建国 scored in 3月 only: 职业道德 19 + 出勤纪律 17 = 36, below 60: 不合格.
    c = context(inputs, "appraisal", "员工考核/顾建国.docx")
    assert c["months"] == [{"label": "3月", "scores": ["19", "—", "—", "—", "17"], "total": "36"}]
    assert (c["final"], c["grade"], c["veto"]) == ("36", "不合格", "否")
    assert c["duty"]["assigned"] == 1 and c["duty"]["missed"] == 0


def test_letters_signed_by_the_principal_for_a_guard(inputs: Inputs) -> None:
    c = context(inputs, "letters", "安全工作责任书/顾建国.docx")
    assert (c["post"], c["signer"]) == ("保安", "吴建华")
    assert c["duties"][0].startswith("严格执行门卫制度")


def test_summary_overview_from_every_inputs_figures(inputs: Inputs) -> None:
    # 3 hazards, 2 rectified: 66.7%; drills 135 + 118 + 112 s = 2分02秒 on average, one over
    # the 120 s target; the one asset was acquired before the term; 2 of 4 items done.
    c = context(inputs, "summary", "2021—2022学年第二学期后勤工作总结.docx")
    assert c["overview"] == (
        "本学期共排查安全隐患3项，已整改2项，整改率66.7%；组织应急演练3次，平均疏散用时2分02秒，"
        "达标2次、未达标1次；新增固定资产0项，金额共计0.00万元；学期工作清单4项，已完成2项。")
