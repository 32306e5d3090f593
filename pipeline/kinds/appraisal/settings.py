"""The [appraisal] section of houqin.toml: items and full marks, grade lines, quotas."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

from ...errors import show_value
from ...sections import Section
from ...sections import plain_number as _number

MAX_ITEMS = 50
GRADES = ("优秀", "合格", "基本合格")


@dataclass(frozen=True)
class Appraisal:
    items: dict[str, int] = field(
        default_factory=lambda: {"职业道德": 20, "工作职责": 20, "专业技能": 20, "安全责任": 20, "出勤纪律": 20}
    )
    grades: dict[str, int] = field(default_factory=lambda: {"优秀": 90, "合格": 75, "基本合格": 60})
    excellent_quota: float = 0.2
    gold_count: int = 3
    absence_deduction: float = 2


def _finite(value: Any) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def _items_problem(items: dict[str, Any]) -> str | None:
    if not items:
        return "考核项目不能为空；如：items = { 职业道德 = 20, 工作职责 = 20 }"
    if len(items) > MAX_ITEMS:
        return f"考核项目最多 {MAX_ITEMS} 项，实际有 {len(items)} 项"
    for name, full in items.items():
        if not name.strip() or len(name) > 20:
            return f"考核项目名称「{show_value(name, 20)}」应为 1 到 20 个字"
        if not _finite(full):
            return f"考核项目「{name}」的满分应为普通的数字，不能是 nan 或 inf"
        if not 0 < full <= 100:
            return (f"考核项目「{name}」的满分应大于 0、不超过 100，实际为「{_number(full, 100)}」；"
                    f"如：{{ {name} = 20 }}")
    return None


def _grades_problem(grades: dict[str, Any]) -> str | None:
    unknown = [g for g in grades if g not in GRADES]
    if unknown:
        return f"未知的等次「{'、'.join(unknown)}」，应为 优秀、合格、基本合格 的分数线"
    missing = [g for g in GRADES[:2] if g not in grades]
    if missing:
        return (f"缺少等次「{'、'.join(missing)}」的分数线；如：grades = {{ 优秀 = 90, 合格 = 75, 基本合格 = 60 }}"
                "（低于最低一档为 不合格）")
    if bad := [g for g, v in grades.items() if not _finite(v)]:
        return f"等次「{bad[0]}」的分数线应为普通的数字，不能是 nan 或 inf"
    cuts = [grades[g] for g in GRADES if g in grades]
    if any(a <= b for a, b in zip(cuts, cuts[1:], strict=False)):
        shown = "，".join(f"{g} = {_number(grades[g], 100)}" for g in GRADES if g in grades)
        return f"等次分数线应从高到低：优秀 > 合格 > 基本合格，实际为 {shown}"
    return None


def check_value(key: str, value: Any) -> str | None:
    if key == "items":
        return _items_problem(value)
    if key == "grades":
        return _grades_problem(value)
    return None


def check_rules(appraisal: Appraisal) -> tuple[Appraisal, list[tuple[str, str, str]]]:
    """A grade line above the items' total full marks cannot be reached: the default lines."""
    total = sum(appraisal.items.values())
    high = [(g, v) for g, v in appraisal.grades.items() if not 0 < v <= total]
    if not high:
        return appraisal, []
    grade, value = high[0]
    message = (f"等次「{grade}」的分数线「{_number(value, total)}」超出了满分：考核项目满分合计为 {_number(total)} 分，"
               f"分数线应大于 0、不超过 {_number(total)}")
    return dataclasses.replace(appraisal, grades=Appraisal().grades), [("grades", message, _number(value, total))]


SECTION = Section(
    name="appraisal", title="后勤员工考核", cls=Appraisal, order=30,
    ranges={
        "excellent_quota": (0, 1, True, "优秀比例（0.2 表示 20%）", "excellent_quota = 0.2"),
        "gold_count": (0, 100, False, "金牌员工人数", "gold_count = 3"),
        "absence_deduction": (0, 100, False, "每次缺岗扣的分数", "absence_deduction = 2"),
    },
    check_value=check_value,
    check_rules=check_rules,
    toml="""[appraisal]           # 后勤员工考核
items = { 职业道德 = 20, 工作职责 = 20, 专业技能 = 20, 安全责任 = 20, 出勤纪律 = 20 }   # 考核项目 = 满分
grades = { 优秀 = 90, 合格 = 75, 基本合格 = 60 }   # 等次分数线，低于基本合格为 不合格
excellent_quota = 0.2        # 优秀比例上限（0.2 = 20%，向下取整，至少 1 人）
gold_count = 3               # 金牌员工人数
absence_deduction = 2        # 值日每缺岗一次扣的分数
""",
    form=(
        ("items", "考核项目与满分", "table", "如 职业道德=20、工作职责=20"),
        ("grades", "等次分数线", "table", "如 优秀=90、合格=75、基本合格=60"),
        ("excellent_quota", "优秀比例上限", "float", "0.2 表示 20%"),
        ("gold_count", "金牌员工人数", "int", ""),
        ("absence_deduction", "每缺岗一次扣分", "float", ""),
    ),
)
