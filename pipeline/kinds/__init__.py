"""The registry of document kinds.

A kind is one small module that declares which inputs it reads, the variables it gives its
template(s) (with a Chinese description people see when they edit a template), and how
to turn validated records into planned documents. Adding a form is one module here, one
template in templates/, and one line in ``KINDS``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..errors import Problem
from ..loader import Inputs


@dataclass(frozen=True)
class Planned:
    """One document to produce: where it goes, from which template, with which values."""

    path: str  # relative to outputs/, POSIX separators
    #: A Word template's file name; or, with ``build``, the name of an .xlsx form that a
    #: workspace may supply in templates/ to be filled with ``context`` instead (a
    #: district's own reporting form); or "".
    template: str
    context: Mapping[str, Any]
    title: str
    period: str = ""
    inputs: tuple[str, ...] = ()
    #: The document's created/modified time, from its data (byte-identical rebuilds).
    modified: dt.datetime = dt.datetime(2000, 1, 1, 8, 0, 0)
    #: For documents made without a Word template (generated workbooks): returns the bytes.
    build: Callable[[], bytes] | None = None
    #: An .xlsx the office prints for an inspection (a ledger, a summary): `build --pdf`
    #: converts it too. Every .docx is converted whatever this says.
    printed: bool = False
    #: For a document rendered from a Word template: a last touch on its bytes that a
    #: template cannot say (cells merged down, column widths from the data). Deterministic.
    finish: Callable[[bytes], bytes] | None = None


@dataclass(frozen=True)
class Options:
    """What a command line may pass to a kind (a period, a report date, a year)."""

    period: str | None = None
    date: dt.date | None = None
    #: A calendar year (2022) or a school year (`2021—2022`).
    year: int | str | None = None


@dataclass(frozen=True)
class Kind:
    name: str  # the command: `houqin letters`
    family: str  # the group in the 目录: 安全工作责任书
    description: str
    #: Where it comes in a full build and in listings (smaller first).
    order: int
    #: (input stem, sheet or None for the main sheet) that must be present.
    needs: tuple[tuple[str, str | None], ...]
    #: template file name → {variable: 中文说明} that the kind provides to it.
    templates: Mapping[str, Mapping[str, str]]
    plan: Callable[[Inputs, Options], list[Planned]]
    #: Inputs read if present (used for cross-references), beyond ``needs``.
    optional: tuple[str, ...] = field(default=())
    #: Command-line options the kind understands: any of "period", "date", "year".
    options: tuple[str, ...] = ()
    #: Things worth telling but not stopping for (a month with no drill), found before writing.
    warnings: Callable[[Inputs, Options], list[Problem]] | None = None
    #: The command's help in Chinese, ending with an 示例 block (shown by `--help`).
    help: str = ""

    @property
    def stems(self) -> set[str]:
        return {stem for stem, _ in self.needs} | set(self.optional)


@cache
def registry() -> dict[str, Kind]:
    """Every kind by command name, in the order a full build produces them.

    Every module of this package that defines ``KIND`` is a kind: adding a form needs no
    line anywhere else.
    """
    kinds = []
    for module in pkgutil.iter_modules(__path__):
        kind = getattr(importlib.import_module(f"{__name__}.{module.name}"), "KIND", None)
        if isinstance(kind, Kind):
            kinds.append(kind)
    return {kind.name: kind for kind in sorted(kinds, key=lambda k: (k.order, k.name))}
