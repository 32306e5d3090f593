"""The [repairs] section of houqin.toml: how soon a repair is due."""

from __future__ import annotations

from dataclasses import dataclass

from ...sections import Section


@dataclass(frozen=True)
class Repairs:
    due_days: int = 2


SECTION = Section(
    name="repairs", title="维修报修", cls=Repairs, order=45,
    ranges={"due_days": (1, 60, False, "维修时限（工作日）", "due_days = 2")},
    toml="""[repairs]             # 维修报修
due_days = 2                 # 报修后几个工作日内应修好，超过仍未完成为逾期
""",
    form=(("due_days", "维修时限（工作日）", "int", "报修后几个工作日内应修好，默认 2"),),
)
