"""houqin.toml: every number range-checked, every problem located (line and key) and said
in Chinese with what to write; a settings error never hides the data's errors.

Each case runs the real command on a copy of the sample workspace and asserts exit 1, the
exact message, no traceback or English exception name, and that outputs/ stays unwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from helpers import copy_sample, run_cli, tree_hash

ENGLISH_EXCEPTION = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception|Operation)\b")
ITEMS = "职业道德 = {0}, 工作职责 = {1}, 专业技能 = 20, 安全责任 = 20, 出勤纪律 = 20"


@dataclass(frozen=True)
class Case:
    id: str
    key: str  # the line of the sample's houqin.toml that starts with this key is replaced
    line: str
    message: str


def items(first: object, second: object = 20) -> str:
    return "items = { " + ITEMS.format(first, second) + " }"


CASES = [
    Case("nan", "excellent_quota", "excellent_quota = nan",
         "houqin.toml › 第33行 › [appraisal] excellent_quota：应为普通的数字，不能是 nan 或 inf（实际为「nan」）；"
         "如：excellent_quota = 0.2"),
    Case("inf", "threshold", "threshold = inf",
         "houqin.toml › 第38行 › [assets] threshold：应为普通的数字，不能是 nan 或 inf（实际为「inf」）；"
         "如：threshold = 1000"),
    Case("1e308", "special_threshold", "special_threshold = 1e308",
         "houqin.toml › 第39行 › [assets] special_threshold：专用设备单价标准（元）应在 1 到 1000000 之间，"
         "实际为「1e+308」；如：special_threshold = 1500"),
    Case("negative-deduction", "absence_deduction", "absence_deduction = -50",
         "houqin.toml › 第35行 › [appraisal] absence_deduction：每次缺岗扣的分数应在 0 到 100 之间，实际为「-50」；"
         "如：absence_deduction = 2"),
    Case("cut-off-190", "grades", "grades = { 优秀 = 190, 合格 = 75, 基本合格 = 60 }",
         "houqin.toml › 第32行 › [appraisal] grades：等次「优秀」的分数线「190」超出了满分：考核项目满分合计为 100 分，"
         "分数线应大于 0、不超过 100"),
    Case("grades-upside-down", "grades", "grades = { 优秀 = 60, 合格 = 75, 基本合格 = 90 }",
         "houqin.toml › 第32行 › [appraisal] grades：等次分数线应从高到低：优秀 > 合格 > 基本合格，"
         "实际为 优秀 = 60，合格 = 75，基本合格 = 90"),
    Case("grades-equal", "grades", "grades = { 优秀 = 75, 合格 = 75, 基本合格 = 60 }",
         "houqin.toml › 第32行 › [appraisal] grades：等次分数线应从高到低：优秀 > 合格 > 基本合格，"
         "实际为 优秀 = 75，合格 = 75，基本合格 = 60"),
    Case("grades-empty", "grades", "grades = {}",
         "houqin.toml › 第32行 › [appraisal] grades：缺少等次「优秀、合格」的分数线；"
         "如：grades = { 优秀 = 90, 合格 = 75, 基本合格 = 60 }（低于最低一档为 不合格）"),
    Case("item-zero", "items", items(0),
         "houqin.toml › 第31行 › [appraisal] items：考核项目「职业道德」的满分应大于 0、不超过 100，实际为「0」；"
         "如：{ 职业道德 = 20 }"),
    Case("item-negative", "items", items(20, -20),
         "houqin.toml › 第31行 › [appraisal] items：考核项目「工作职责」的满分应大于 0、不超过 100，实际为「-20」；"
         "如：{ 工作职责 = 20 }"),
    Case("items-huge", "items", "items = { " + ", ".join(f"项目{i} = 1" for i in range(400)) + " }",
         "houqin.toml › 第31行 › [appraisal] items：考核项目最多 50 项，实际有 400 项"),
    Case("items-empty", "items", "items = {}",
         "houqin.toml › 第31行 › [appraisal] items：考核项目不能为空；如：items = { 职业道德 = 20, 工作职责 = 20 }"),
    Case("school-name-empty", "name", 'name = ""',
         "houqin.toml › 第5行 › [school] name：学校名称不能为空；如：name = \"常州市新北区薛家实验小学\""),
    Case("school-name-long", "name", 'name = "' + "实验小学" * 20 + '"',
         "houqin.toml › 第5行 › [school] name：文字太长（80 字，最多 60 字）"),
    Case("target-zero", "target_seconds", "target_seconds = 0",
         "houqin.toml › 第28行 › [drills] target_seconds：疏散目标用时（秒）应在 1 到 3600 之间，实际为「0」；"
         "如：target_seconds = 120"),
    Case("split-40", "half_month_split", "half_month_split = 40",
         "houqin.toml › 第24行 › [hazards] half_month_split：上半月的最后一天应在 1 到 27 之间，实际为「40」；"
         "如：half_month_split = 15"),
    Case("gold-negative", "gold_count", "gold_count = -1",
         "houqin.toml › 第34行 › [appraisal] gold_count：金牌员工人数应在 0 到 100 之间，实际为「-1」；如：gold_count = 3"),
    Case("levels-empty", "levels", "levels = []", "houqin.toml › 第23行 › [hazards] levels：不能为空"),
    Case("deep-inline-table", "items", "items = " + "{ a = " * 2000 + "1" + " }" * 2000,
         "houqin.toml › 第31行 › [appraisal] items：括号 [ ] 或 { } 嵌套了 2000 层，最多 4 层；"
         "设置中最深的是 items = { 职业道德 = 20 } 这样的一层表，请删去多余的括号"),
    Case("deep-array", "campuses", "campuses = " + "[" * 600 + "]" * 600,
         "houqin.toml › 第7行 › [school] campuses：括号 [ ] 或 { } 嵌套了 600 层，最多 4 层；"
         "设置中最深的是 items = { 职业道德 = 20 } 这样的一层表，请删去多余的括号"),
    Case("table-in-a-number", "threshold", "threshold = { a = 1 }",
         "houqin.toml › 第38行 › [assets] threshold：应为数字（如 0.2），不能再套一层表或列表"),
    Case("date-out-of-range", "start", "start = 1022-02-14",
         "houqin.toml › 第12行 › [term] start：日期应在 2000 年到 2099 年之间，实际为「1022-02-14」"),
]


def set_line(ws: Path, key: str, line: str) -> None:
    path = ws / "houqin.toml"
    text = path.read_text("utf-8")
    changed, count = re.subn(rf"(?m)^{re.escape(key)} = .*$", lambda _: line, text, count=1)
    assert count == 1, key
    path.write_text(changed, "utf-8")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "ws")


def refused(result, message: str, ws: Path) -> None:
    assert result.exit_code == 1, result.output
    assert f"错误：{message}" in result.output.splitlines(), result.output
    assert not ENGLISH_EXCEPTION.search(result.output), result.output
    assert result.output.rstrip().endswith("处错误，未写入任何文件。请修改后重试。")
    assert tree_hash(ws / "outputs") == {}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_settings_value_out_of_range_is_a_located_error_and_build_writes_nothing(case: Case, sample: Path):
    set_line(sample, case.key, case.line)
    refused(run_cli("build", "-w", sample), case.message, sample)


def test_check_says_the_same_as_build(sample: Path):
    set_line(sample, "absence_deduction", "absence_deduction = -50")
    refused(run_cli("check", "-w", sample), CASES[3].message, sample)


def test_bad_item_full_marks_give_one_error_not_one_per_score(sample: Path):
    """`items` of 0 or −20 used to give 325 errors `应为 0 到 -20 之间的数` on 考核记录."""
    set_line(sample, "items", items(-20, -20))
    result = run_cli("check", "-w", sample)
    refused(result, "houqin.toml › 第31行 › [appraisal] items：考核项目「职业道德」的满分应大于 0、不超过 100，"
                    "实际为「-20」；如：{ 职业道德 = 20 }", sample)
    assert "之间的数" not in result.output
    assert result.output.count("错误：") == 1, result.output


def test_settings_errors_and_data_errors_are_listed_in_one_run(sample: Path):
    set_line(sample, "absence_deduction", "absence_deduction = -50")
    set_line(sample, "term", "term = 1")
    book = openpyxl.load_workbook(sample / "inputs/隐患排查.xlsx")
    book["隐患排查记录"]["A3"] = "2022-02-31"
    book.save(sample / "inputs/隐患排查.xlsx")
    # the sample canteen's own warnings (a delivery without its papers) are not this test's matter
    (sample / "inputs/食堂台账.xlsx").unlink()
    result = run_cli("check", "-w", sample)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines == [
        "错误：" + CASES[3].message,
        "错误：houqin.toml › 第11行 › [term] term：学年/学期与开学日期不一致：year/term 写的是 2021—2022学年第一学期，"
        "但 start = 2022-02-14 在 2021—2022学年第二学期；如果日期是对的，请把 term = 2（可能是上学期的设置没有改），"
        "否则请改正 start 和 end",
        "错误：隐患排查.xlsx › 隐患排查记录 › 第3行 › 检查日期：不存在的日期「2022-02-31」，应为 2022-03-05 或 2022年3月5日",
        "警告：houqin.toml：设置有错误（见上），检查数据时暂按数据中的日期推断学期为 2021—2022学年第二学期"
        "（2022年2月14日至2022年7月1日）；改正后请再检查一次",
        "共 3 处错误，未写入任何文件。请修改后重试。",
    ]


def test_last_terms_year_and_term_with_autumn_dates_say_which_to_fix(sample: Path):
    """Issue #16: year/term of the spring left in place with the autumn's dates."""
    set_line(sample, "start", "start = 2022-09-01")
    set_line(sample, "end", "end = 2023-01-20")
    result = run_cli("build", "-w", sample)
    refused(result, (
        "houqin.toml › 第10行 › [term] year：学年/学期与开学日期不一致：year/term 写的是 2021—2022学年第二学期，"
        "但 start = 2022-09-01 在 2022—2023学年第一学期；如果日期是对的，请把 year = \"2022—2023\"、term = 1"
        "（可能是上学期的设置没有改），否则请改正 start 和 end"), sample)


def test_only_the_term_number_left_over(sample: Path):
    set_line(sample, "year", 'year = "2022—2023"')
    set_line(sample, "start", "start = 2022-09-01")
    set_line(sample, "end", "end = 2023-01-20")
    refused(run_cli("check", "-w", sample), (
        "houqin.toml › 第11行 › [term] term：学年/学期与开学日期不一致：year/term 写的是 2022—2023学年第二学期，"
        "但 start = 2022-09-01 在 2022—2023学年第一学期；如果日期是对的，请把 term = 1（可能是上学期的设置没有改），"
        "否则请改正 start 和 end"), sample)


def test_a_term_longer_than_a_year(sample: Path):
    set_line(sample, "end", "end = 2023-07-01")
    refused(run_cli("check", "-w", sample),
            "houqin.toml › 第13行 › [term] end：学期从 2022-02-14 到 2023-07-01 超过一年；"
            "请核对 start 和 end（一个学期约 20 周）", sample)


def test_dotted_keys_cannot_nest_without_end(sample: Path):
    path = sample / "houqin.toml"
    path.write_text(path.read_text("utf-8") + "\n[assets.x" + ".x" * 3000 + "]\ny = 1\n", "utf-8")
    result = run_cli("check", "-w", sample)
    assert result.exit_code == 0, result.output
    assert "警告：houqin.toml › [assets] x：未知的设置项「x」，已忽略" in result.output
    assert not ENGLISH_EXCEPTION.search(result.output)


def test_a_huge_settings_file_is_refused_before_parsing(sample: Path):
    path = sample / "houqin.toml"
    path.write_text(path.read_text("utf-8") + "# " + "很长的说明" * 30_000 + "\n", "utf-8")
    result = run_cli("check", "-w", sample)
    assert result.exit_code == 1
    assert "错误：houqin.toml：设置文件太大（" in result.output
    assert "houqin.toml 通常只有几十行，请核对是否放错了文件" in result.output


def test_a_spring_term_may_start_in_late_january(sample: Path):
    set_line(sample, "start", "start = 2022-01-24")
    result = run_cli("check", "-w", sample)
    assert "学年/学期与开学日期不一致" not in result.output, result.output


@pytest.mark.parametrize("text", [
    '[term]\nyear = "2021—2022"\nterm = 2\nstart = 2022-02-14\nend = 2022-07-01\n',
    '[term]\nyear = "2021—2022"\nterm = 1\nstart = 2021-08-30\nend = 2022-01-21\n',
    "[appraisal]\nitems = { 甲 = 50, 乙 = 50 }\ngrades = { 优秀 = 90, 合格 = 60 }\nabsence_deduction = 0\n",
    "[appraisal.items]\n甲 = 60\n乙 = 60\n[appraisal.grades]\n优秀 = 100\n合格 = 80\n基本合格 = 70\n",
    "[assets]\nthreshold = 1000.5\nspecial_threshold = 1500\n",
])
def test_sensible_settings_stay_accepted(text: str):
    from pipeline.settings import parse_settings

    assert parse_settings(text)[1] == []


def test_an_unreadable_settings_file_still_lets_the_data_be_checked(sample: Path):
    path = sample / "houqin.toml"
    path.write_text(path.read_text("utf-8").replace('name = "常州', "name = 常州", 1), "utf-8")
    book = openpyxl.load_workbook(sample / "inputs/演练记录.xlsx")
    book.active["A4"] = "下周三"
    book.save(sample / "inputs/演练记录.xlsx")
    result = run_cli("check", "-w", sample)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("错误：houqin.toml › 第5行：第8列附近不是有效的 TOML 格式：这里的值无法识别")
    assert lines[1].startswith("错误：演练记录.xlsx › 演练记录 › 第4行 › 演练日期：无法识别的日期「下周三」")
    assert lines[2].startswith("警告：houqin.toml：设置有错误（见上），检查数据时暂按数据中的日期推断学期为 2021—2022学年第二学期")
    assert lines[-1] == "共 2 处错误，未写入任何文件。请修改后重试。"
