"""The [assets] section of houqin.toml: the unit-price thresholds of a fixed asset."""

from __future__ import annotations

from dataclasses import dataclass

from ...sections import Section


@dataclass(frozen=True)
class Assets:
    threshold: float = 1000
    special_threshold: float = 1500


SECTION = Section(
    name="assets", title="固定资产", cls=Assets, order=40,
    ranges={
        "threshold": (1, 1_000_000, False, "固定资产单价标准（元）", "threshold = 1000"),
        "special_threshold": (1, 1_000_000, False, "专用设备单价标准（元）", "special_threshold = 1500"),
    },
    toml="""[assets]              # 固定资产
threshold = 1000             # 固定资产单价标准（元），低于此为低值易耗品
special_threshold = 1500     # 专用设备的单价标准（元）
""",
    form=(
        ("threshold", "固定资产单价标准（元）", "float", "低于此为低值易耗品"),
        ("special_threshold", "专用设备单价标准（元）", "float", ""),
    ),
)
