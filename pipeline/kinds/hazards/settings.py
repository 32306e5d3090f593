"""The [hazards] section of houqin.toml: categories, levels, the half-month split."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...sections import Section


@dataclass(frozen=True)
class Hazards:
    categories: list[str] = field(
        default_factory=lambda: [
            "校舍建筑", "消防", "用电", "设施设备", "食品卫生",
            "交通校车", "危化品实验室", "安保监控", "校园周边", "其他",
        ]
    )
    levels: list[str] = field(default_factory=lambda: ["一般", "较大", "重大"])
    half_month_split: int = 15
    #: Days an overdue hazard's 整改通知书 gives from its date (the old deadline has passed).
    overdue_extension: int = 7


SECTION = Section(
    name="hazards", title="隐患排查", cls=Hazards, order=10,
    ranges={"half_month_split": (1, 27, False, "上半月的最后一天", "half_month_split = 15"),
            "overdue_extension": (1, 60, False, "逾期隐患整改通知书给出的天数", "overdue_extension = 7")},
    toml="""[hazards]             # 安全隐患排查
categories = ["校舍建筑", "消防", "用电", "设施设备", "食品卫生", "交通校车", "危化品实验室", "安保监控", "校园周边", "其他"]
levels = ["一般", "较大", "重大"]
half_month_split = 15        # 上半月为 1 日到 15 日
overdue_extension = 7        # 逾期隐患的整改通知书给出的新整改期限（通知日期后的天数）
""",
    form=(
        ("half_month_split", "上半月的最后一天", "int", "隐患排查按半月分期，默认 15 日"),
        ("categories", "隐患类别", "list", "用顿号分开"),
        ("levels", "隐患等级", "list", "用顿号分开"),
    ),
)
