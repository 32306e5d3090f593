"""The boxes of the inspection binder and their categories, in order (SPEC §5).

This table is the one place the names are written: a kind declares ``binder=(box,
category)`` with these exact strings, and the office's own files go under
``inputs/附件/<box>/<category>/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import Paper


@dataclass(frozen=True)
class Box:
    name: str  # 安全工作
    #: Two letters of the 档号 (HQ-2022-AQ): the box's pinyin initials.
    code: str
    categories: tuple[str, ...]  # "01 基本情况", numbered as on the box's 卷内目录
    #: Its 保管期限 when houqin.toml does not say (SPEC §5: 长期 for 安全工作, 10年 otherwise).
    retention: str = "10年"


#: The box whose 保管期限 is set apart in houqin.toml ([binder] safety_retention).
SAFETY = "安全工作"
BOXES: tuple[Box, ...] = (
    Box(SAFETY, "AQ", (
        "01 基本情况", "02 组织管理", "03 安全制度", "04 上级来文", "05 安全教育活动", "06 应急预案",
        "07 值班记录", "08 专项整治", "09 事故隐患", "10 报送资料", "11 安全检查记载", "12 安全工作会议记录",
    ), retention="长期"),
    Box("食堂管理", "ST", ("01 进货查验", "02 留样", "03 陪餐", "04 培训", "05 其他")),
    Box("资产管理", "ZC", ("01 资产台账", "02 验收", "03 盘点", "04 报废", "05 维修", "06 物品领用")),
    Box("后勤队伍", "DW", ("01 考核", "02 例会培训", "03 其他")),
)
BY_NAME = {box.name: box for box in BOXES}
#: 保管期限 of the other boxes ([binder] retention), the same for all of them.
RETENTION = BOXES[1].retention


def category_name(category: str) -> str:
    """`09 事故隐患` → `事故隐患` (what the 卷内目录's 类目 column shows)."""
    number, _, name = category.partition(" ")
    return name if number.isdigit() and name else category


def find_category(box: Box, folder: str) -> str | None:
    """The category a folder under inputs/附件/<box>/ stands for, as people type it: its full
    name (`03 安全制度`), its name alone (`安全制度`), or the number run on or joined by a
    dot or dash (`03安全制度`, `3.安全制度`, `03-安全制度`); or None. A number that is not
    the category's is no match (`04 安全制度`)."""
    match = re.match(r"^\s*(\d+)?[\s.、_\-－—]*(.*?)\s*$", folder)
    number, name = (match[1], " ".join(match[2].split())) if match else (None, folder)
    for category in box.categories:
        own_number, _, own_name = category.partition(" ")
        if name == own_name and (number is None or int(number) == int(own_number)):
            return category
    return None


#: Page budgets of what `binder --pdf` writes (tests/test_layout.py and the README's page
#: images when the sample is built with --binder): a one-page cover, one sheet of spine
#: labels, the contents of a full term's box (about 20 rows a page), the box itself.
PAPER = (
    Paper("档案盒/*/封面.pdf", 1, "binder-cover", "档案盒封面", "1 页", sample="档案盒/安全工作/封面.pdf"),
    Paper("档案盒/*/卷内目录.pdf", 10, "binder-contents", "卷内目录", "≤ 10 页",
          sample="档案盒/安全工作/卷内目录.pdf"),
    Paper("档案盒/*/脊背.pdf", 1, "binder-spine", "档案盒脊背标签（3、4、6 cm）", "1 页",
          sample="档案盒/安全工作/脊背.pdf"),
    Paper("档案盒/*/*档案盒.pdf", 400),
)
