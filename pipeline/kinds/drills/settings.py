"""The [drills] section of houqin.toml: the evacuation target."""

from __future__ import annotations

from dataclasses import dataclass

from ...sections import Section


@dataclass(frozen=True)
class Drills:
    target_seconds: int = 120


SECTION = Section(
    name="drills", title="应急演练", cls=Drills, order=20,
    ranges={"target_seconds": (1, 3600, False, "疏散目标用时（秒）", "target_seconds = 120")},
    toml="""[drills]              # 应急演练
target_seconds = 120         # 疏散目标用时（秒），默认 120 秒
""",
    form=(("target_seconds", "疏散目标用时（秒）", "int", "默认 120 秒"),),
)
