"""Input workbooks that `houqin init` wrote with example rows and nobody has saved since.

A new workspace's workbooks hold example rows so that `build` works at once; a clerk who
fills in three of them and forgets the fourth would file documents of made-up drills and
people. `init` marks its examples in the workbook's properties (关键词) and gives them a
fixed save time; Excel, WPS and LibreOffice all rewrite the save time when a person saves,
so a workbook that still has both is the example itself: a warning names it.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import Location, Problem

#: The workbook property (关键词) `init` writes into its example workbooks.
SAMPLE_KEYWORDS = "houqin 示例数据"
#: Their created and saved time: a person's save changes it.
SAMPLE_TIME = dt.datetime(2022, 2, 14, 8, 0, 0)
_CORE = "docProps/core.xml"
_CORE_MAX = 64 * 1024  # a real core.xml is under 1 KB: never inflate more to look
_KEYWORDS = re.compile(r"<cp:keywords>([^<]*)</cp:keywords>")
_MODIFIED = re.compile(r"<dcterms:modified[^>]*>([^<]*)</dcterms:modified>")


def is_untouched_sample(path: Path) -> bool:
    """Whether the .xlsx is one of init's example workbooks, never saved by a person."""
    if path.suffix.lower() != ".xlsx":
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(_CORE)
            if info.file_size > _CORE_MAX:
                return False
            core = archive.read(info).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False  # what is wrong with the file is the reader's to say
    keywords, modified = _KEYWORDS.search(core), _MODIFIED.search(core)
    return bool(keywords and SAMPLE_KEYWORDS in keywords[1] and modified
                and modified[1].startswith(SAMPLE_TIME.strftime("%Y-%m-%dT%H:%M:%S")))


def untouched_samples(root: Path, located: Mapping[str, Path]) -> list[Problem]:
    """A warning naming the inputs that are still init's examples: one for them all, since
    a new workspace has a dozen and the list is what matters."""
    found = [path for path in located.values() if is_untouched_sample(path)]
    if not found:
        return []
    shown = [p.relative_to(root).as_posix() if p.is_relative_to(root) else str(p) for p in found]
    what = "这还是" if len(found) == 1 else f"这 {len(found)} 个表格（{'、'.join(Path(s).name for s in shown)}）还是"
    return [Problem(
        f"{what} houqin init 写入的示例数据，没有改成本校的记录；用{'它' if len(found) == 1 else '它们'}生成的文档是示例内容。"
        "请在表格中换成本校的记录并保存（不需要的表格可以删除）",
        Location(file=shown[0] if len(found) == 1 else "inputs/"), severity="warning")]
