"""The [meetings] section of houqin.toml: how often each group of staff must meet.

Seed 001: 每两周一次食堂保洁培训会、每月一次保安培训会 — so 14 days for 食堂 and 保洁 and
30 for 保安, the most days a group may go without a meeting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...errors import show_value
from ...sections import Section
from ...sections import plain_number as _number

MAX_GROUPS = 30
#: The longest cadence that still means something within one term (about five months).
MAX_DAYS = 180


@dataclass(frozen=True)
class Meetings:
    cadence: dict[str, int] = field(default_factory=lambda: {"食堂": 14, "保洁": 14, "保安": 30})


def _cadence_problem(cadence: dict[str, Any]) -> str | None:
    if len(cadence) > MAX_GROUPS:
        return f"最多设置 {MAX_GROUPS} 个岗位，实际有 {len(cadence)} 个"
    for group, days in cadence.items():
        if not group.strip() or len(group) > 20:
            return f"岗位名称「{show_value(group, 20)}」应为 1 到 20 个字"
        if not 1 <= days <= MAX_DAYS:
            return (f"岗位「{group}」的间隔天数应在 1 到 {MAX_DAYS} 之间，实际为「{_number(days, MAX_DAYS)}」；"
                    f"如：cadence = {{ {group} = 14 }}")
    return None


def check_value(key: str, value: Any) -> str | None:
    return _cadence_problem(value) if key == "cadence" else None


SECTION = Section(
    name="meetings", title="例会培训", cls=Meetings, order=120,
    check_value=check_value,
    toml="""[meetings]            # 例会培训
cadence = { 食堂 = 14, 保洁 = 14, 保安 = 30 }   # 岗位 = 最多相隔几天必须开一次会（含培训）
""",
    form=(("cadence", "各岗位例会培训间隔（天）", "table", "如 食堂=14、保洁=14、保安=30"),),
)
