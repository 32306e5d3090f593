"""The narrative parts of the term plan and summary, written in Notepad.

``inputs/学期计划.md`` and ``inputs/学期总结.md``: a line starting with ``#`` is a heading of
level 1, ``##`` level 2, ``###`` level 3, ``####`` level 4; every other non-blank line is a
paragraph. Headings get official numbering automatically — 一、 （一） 1. （1） — restarting
under each parent. A heading the author already numbered (``一、…``, ``（一）…``, ``1.…``,
``（1）…``) keeps its own number, and a line written ``【问题诊断】`` (as in older plans) is a
level-1 heading too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Location, Problem
from ..reading.sheets import decode_text

#: How a template's ``blocks`` variable is described (the plan's and the summary's).
BLOCK_FIELDS = ("（每段有 level：0 正文、1–4 标题级别；text：已编号的文字；style：段落样式；"
                "image、caption：段后的图表，没有时为空）")

DIGITS = "零一二三四五六七八九"
STYLES = {0: "正文", 1: "Heading 1", 2: "Heading 2", 3: "Heading 3", 4: "Heading 4"}

_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_BRACKETED = re.compile(r"^【\s*(.+?)\s*】\s*$")
_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十百]+\s*[、.．]|[（(]\s*[一二三四五六七八九十百]+\s*[)）]|"
    r"\d+\s*[.．、]|[（(]\s*\d+\s*[)）]|第[一二三四五六七八九十百\d]+[部章节条])"
)


@dataclass(frozen=True)
class Block:
    """One paragraph (level 0) or heading (1–4) with its number already in ``text``."""

    level: int
    text: str
    number: str = ""

    @property
    def style(self) -> str:
        return STYLES[self.level]


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九."""
    if n <= 0:
        return str(n)
    if n < 10:
        return DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")
    return str(n)


def official_number(level: int, n: int) -> str:
    """一、 （一） 1. （1） for levels 1–4."""
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def already_numbered(text: str) -> bool:
    return bool(_NUMBERED.match(text))


def parse(text: str) -> list[Block]:
    """Blocks in order, headings numbered; levels deeper than 4 are treated as 4."""
    blocks: list[Block] = []
    counters = [0, 0, 0, 0, 0]
    for raw in text.lstrip("\ufeff").splitlines():
        line = raw.strip().replace("\u3000", " ").strip()
        if not line:
            continue
        level = 0
        heading = _HEADING.match(line)
        bracketed = _BRACKETED.match(line)
        if heading and heading[2]:
            level, line = min(len(heading[1]), 4), heading[2]
        elif bracketed:
            level, line = 1, bracketed[1]
        elif heading:  # a bare "#": nothing to show
            continue
        if not level:
            blocks.append(Block(0, line))
            continue
        counters[level] += 1
        for deeper in range(level + 1, 5):
            counters[deeper] = 0
        if already_numbered(line):
            blocks.append(Block(level, line))
        else:
            number = official_number(level, counters[level])
            blocks.append(Block(level, number + line, number))
    return blocks


def next_heading(blocks: list[Block], title: str, level: int = 1) -> str:
    """The numbered heading that would follow the blocks at ``level`` (the summary's 数据概览)."""
    count = sum(1 for b in blocks if b.level == level)
    return official_number(level, count + 1) + title


def read(path: Path) -> tuple[list[Block], list[Problem]]:
    """The file's blocks, or none and a warning when the file is missing or unreadable."""
    shown = f"inputs/{path.name}"
    if not path.is_file():
        return [], [Problem(f"没有找到 {shown}，文档中只有根据表格生成的部分", Location(file=shown),
                            severity="warning")]
    # The same decoding the page's upload check uses: UTF-8, Notepad's "Unicode" (UTF-16
    # with a BOM) or GBK/GB18030, so a text the page accepted is never silently dropped.
    text = decode_text(path.read_bytes())
    if text is None or "\x00" in text:
        return [], [Problem(f"{shown} 无法识别编码，请用记事本另存为 UTF-8", Location(file=shown),
                            severity="warning")]
    return parse(text), []


def as_context(blocks: list[Block]) -> list[dict[str, object]]:
    """For templates: ``b.level``, ``b.text``, ``b.style``; ``b.image``/``b.caption`` a chart after it."""
    return [{"level": b.level, "text": b.text, "number": b.number, "style": b.style, "image": None,
             "caption": ""} for b in blocks]
