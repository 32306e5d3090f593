"""The [binder] section of houqin.toml: the boxes' 保管期限 (retention) on their covers."""

from __future__ import annotations

from dataclasses import dataclass

from ...sections import Section
from .boxes import BY_NAME, RETENTION, SAFETY


@dataclass(frozen=True)
class Binder:
    safety_retention: str = BY_NAME[SAFETY].retention
    retention: str = RETENTION


SECTION = Section(
    name="binder", title="档案盒", cls=Binder, order=90,
    toml="""[binder]              # 档案盒
safety_retention = "长期"    # 安全工作档案盒封面上的保管期限
retention = "10年"           # 其他档案盒（食堂管理、资产管理、后勤队伍）的保管期限
""",
    form=(("safety_retention", "安全工作盒保管期限", "text", "默认 长期（永久、长期、30年、10年）"),
          ("retention", "其他档案盒保管期限", "text", "默认 10年")),
)
