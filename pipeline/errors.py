"""Located problems and the typed errors that carry them.

Every layer that knows a location (file, sheet, row, column) attaches it here, so the
CLI can print one Chinese line per problem without knowing where it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PureWindowsPath
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is, as a person finds it in Excel: row numbers as Excel shows them."""

    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        parts = [self.file, self.sheet]
        if self.row is not None:
            parts.append(f"第{self.row}行")
        parts.append(self.column)
        return " › ".join(p for p in parts if p)

    def at(self, *, row: int | None = None, column: str | None = None) -> Location:
        # Called for every cell read: the constructor is several times faster than replace().
        return Location(self.file, self.sheet, self.row if row is None else row,
                        self.column if column is None else column)


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in the user's files, in Chinese."""

    message: str
    location: Location = field(default_factory=Location)
    value: str | None = None
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = str(self.location)
        return f"{where}：{self.message}" if where else self.message


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def show_value(value: object, limit: int = 40) -> str:
    """A cell value as a person would recognise it in a message, cut if very long."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    text = _CONTROL.sub("\ufffd", text)  # a bell or NUL would upset the terminal; show where it is
    if len(text) > limit:
        text = text[:limit] + f"…（共{len(text)}字）"
    return text


class HouqinError(Exception):
    """Base of every error the package raises on purpose (never a bug)."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        #: Complete files already written when the error came (a document that failed while
        #: rendering, after the ones before it were written); 0 for every check before writing.
        self.written = 0
        #: The document (path in outputs/) whose rendering failed, when one did.
        self.document = ""
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


class InputError(HouqinError):
    """The user's inputs or settings are wrong: exit status 1, nothing written."""


class WorkspaceError(HouqinError):
    """The workspace itself is unusable (missing, or would be overwritten)."""


class ParseError(ValueError):
    """A single value could not be understood; the reader adds the location.

    ``reason`` is the Chinese description (e.g. 无法识别的日期) and ``expected`` what a
    valid value looks like, so the located message reads naturally.
    """

    def __init__(self, reason: str, expected: str = ""):
        self.reason = reason
        self.expected = expected
        super().__init__(reason)


def file_in_use(filename: object) -> str:
    """Windows refuses to open or replace a file Excel/WPS/Word holds open: the one message
    the command line and the page show for that PermissionError."""
    name = PureWindowsPath(str(filename)).name if filename else ""
    shown = f"「{name}」" if name else "文件"
    return f"无法写入或读取{shown}：文件可能正在 Excel/WPS/Word 中打开，请关闭后重试。"
