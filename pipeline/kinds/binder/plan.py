"""The binder as the registry sees it: its Word templates and their page budgets.

It plans nothing and is not a command of the registry: `houqin binder` and `houqin build
--binder` file what the latest build made (make.py). Declaring it here is what lists its
templates in `houqin templates`, its budgets in tests/test_layout.py and its documents'
family on the web page, with no line naming it elsewhere.
"""

from __future__ import annotations

from .. import Kind
from .boxes import PAPER
from .documents import OWNED
from .make import KIND as NAME

KIND = Kind(
    name=NAME,
    family="档案盒",
    description="档案盒封面、卷内目录、脊背标签（houqin binder 生成）",
    # Last in listings: the boxes hold everything else.
    order=1000,
    needs=(),
    templates={name: fields for name, _, fields in OWNED},
    paper=PAPER,
)
