"""The [assets] section of houqin.toml: the unit-price thresholds of a fixed asset."""

from __future__ import annotations

from dataclasses import dataclass

from ...sections import Section, plain_number


@dataclass(frozen=True)
class Assets:
    threshold: float = 1000
    special_threshold: float = 1500


def check_rules(assets: Assets) -> tuple[Assets, list[tuple[str, str, str]]]:
    """A special-equipment threshold below the general one would make no sense of either."""
    if assets.special_threshold >= assets.threshold:
        return assets, []
    message = (f"专用设备单价标准（{plain_number(assets.special_threshold)} 元）不能低于固定资产单价标准"
               f"（threshold = {plain_number(assets.threshold)} 元）；如：special_threshold = "
               f"{plain_number(max(assets.threshold, Assets().special_threshold))}")
    return Assets(), [("special_threshold", message, plain_number(assets.special_threshold))]


SECTION = Section(
    name="assets", title="固定资产", cls=Assets, order=40,
    ranges={
        "threshold": (1, 1_000_000, False, "固定资产单价标准（元）", "threshold = 1000"),
        "special_threshold": (1, 1_000_000, False, "专用设备单价标准（元）", "special_threshold = 1500"),
    },
    check_rules=check_rules,
    toml="""[assets]              # 固定资产
threshold = 1000             # 固定资产单价标准（元），低于此为低值易耗品
special_threshold = 1500     # 专用设备的单价标准（元）
""",
    form=(
        ("threshold", "固定资产单价标准（元）", "float", "低于此为低值易耗品"),
        ("special_threshold", "专用设备单价标准（元）", "float", ""),
    ),
)
