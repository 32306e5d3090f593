"""目录: the kind that lists what a build made, made after every other kind's documents.

It plans nothing from the inputs (no command of its own): `houqin build` calls its
``after_build`` hook with the documents it produced and their PDFs' page counts, and
renders, writes and prints what it returns (pipeline/build.py names no kind).
"""

from __future__ import annotations

from .. import Built, Kind, Paper, Planned
from . import catalogue as cat


def after_build(built: Built) -> list[Planned]:
    """目录.docx (printed) and 目录.xlsx of the build's documents, dated the term's end."""
    items = cat.items_from(built.documents, built.pages)
    settings = built.settings
    term = settings.term.label if settings.term.year else ""
    when = cat.modified(settings)
    return [
        Planned(path=cat.DOCX_PATH, template=cat.TEMPLATE, context=cat.docx_context(items, settings),
                title=cat.TITLE, period=term, modified=when),
        Planned(path=cat.XLSX_PATH, template="", context={}, title=cat.TITLE, period=term, modified=when,
                build=lambda: cat.workbook(items, settings)),
    ]


KIND = Kind(
    name="catalogue",
    family="目录",
    description="检查材料目录（houqin build 生成）",
    # First in listings (the 目录 heads the package); made after all the others (after_build).
    order=0,
    needs=(),
    templates={cat.TEMPLATE: cat.FIELDS},
    after_build=after_build,
    # 期间 on two lines broken where a reader would (#15).
    paper=(Paper("目录.pdf", 13, "catalogue", "目录", "≤ 13 页"),),
)
