"""The [property] section of houqin.toml: the monthly score and how a damage meets a repair."""

from __future__ import annotations

from dataclasses import dataclass

from ...sections import Section


@dataclass(frozen=True)
class Property:
    full_score: int = 100
    best: int = 3
    repair_days: int = 7


SECTION = Section(
    name="property", title="公物检查", cls=Property, order=90,
    ranges={
        "full_score": (1, 1000, False, "每月满分", "full_score = 100"),
        "best": (1, 20, False, "评比表扬名额", "best = 3"),
        "repair_days": (0, 60, False, "与报修单对照的天数", "repair_days = 7"),
    },
    toml="""[property]            # 公物检查
full_score = 100             # 每月满分，得分 = 满分 − 当月扣分
best = 3                     # 善真中队（班级）和善真办公室评比各表扬前几名
repair_days = 7              # 损坏的公物在检查前后几天内有同一地点的报修单时，通报中列出报修单
""",
    form=(
        ("full_score", "每月满分", "int", "得分 = 满分 − 当月扣分"),
        ("best", "评比表扬名额", "int", "班级、办公室各表扬前几名"),
        ("repair_days", "与报修单对照的天数", "int", "检查前后几天内同一地点的报修"),
    ),
)
