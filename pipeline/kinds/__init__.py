"""The registry of document kinds.

A kind is one folder here, ``pipeline/kinds/<name>/``, holding everything about it:
``inputs.py`` (the input contracts it owns: columns, aliases, row checks and the
cross-checks it needs, as data the loader runs), ``plan.py`` (``KIND``: the documents it
plans, the variables it gives its templates, its help), ``template.py`` (the builders of
its Word templates, run by tools/make_templates.py) and ``samples.py`` (the sample rows of
``init`` and of the repository's own workspace). Nothing here names a kind: every folder
is found by walking this package, so adding a form is adding a folder. A kind that plans
nothing of its own but makes its documents from what a build made (the 目录) declares
``after_build`` instead of ``plan``: it is not a command (:func:`commands`). The binder
(its own command, `houqin binder`) declares neither: its ``KIND`` gives the registry only
its templates and page budgets.

This module stays light (no import of the loader at run time) so that the input
contracts can be collected by the reading layer without importing every kind's plan.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from ..errors import Problem

if TYPE_CHECKING:
    from ..reading.loader import Inputs
    from ..settings import Settings


#: The order of documents within a binder category, as an archivist files a term: the
#: papers signed at its start (责任书), its plans, the records as they were kept, its
#: 总结. Within one place, Word records come before the workbooks that tally them (a 台账,
#: a 汇总), each in natural path order (2022年2月 before 2022年10月).
FILING = ("agreements", "plans", "records", "summaries")


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
    #: The box and category of the inspection binder (SPEC §5) this document is filed in,
    #: e.g. ("安全工作", "10 报送资料"), when it differs from its kind's ``binder``.
    binder: tuple[str, str] | None = None


@dataclass(frozen=True)
class Paper:
    """A printed document's page budget, checked on its PDF by tests/test_layout.py.

    With ``image``, tools/make_page_images.py renders it into docs/pages/ and the README's
    纸面 table shows it under ``label`` with ``budget`` as its wording of the budget.
    """

    pattern: str  # the PDF under outputs/ (fnmatch, POSIX separators); the first match wins
    pages: int  # the most pages it may take
    image: str = ""  # docs/pages/<image>-<page>.png; "" = no image in the README
    label: str = ""
    budget: str = ""
    #: The PDF the image shows when not the first match of ``pattern`` (the fullest one).
    sample: str = ""


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
    #: The documents it makes from the inputs (``houqin <name>``); None for a kind that
    #: only reacts to a build (``after_build``).
    plan: Callable[[Inputs, Options], list[Planned]] | None = None
    #: Inputs read if present (used for cross-references), beyond ``needs``.
    optional: tuple[str, ...] = field(default=())
    #: Command-line options the kind understands: any of "period", "date", "year".
    options: tuple[str, ...] = ()
    #: Things found before writing that need more than one row or input: mostly warnings (a
    #: month with no drill); an error among them (a meeting for a post nobody holds) stops
    #: `check` and the build like an input's error.
    warnings: Callable[[Inputs, Options], list[Problem]] | None = None
    #: The command's help in Chinese, ending with an 示例 block (shown by `--help`).
    help: str = ""
    #: What the kind contributes to the term's figures (pipeline/figures.py, the 总结 and
    #: 月报) and to other kinds (:func:`figures_of`): ``figures(inputs)`` returns its own rows
    #: as named values (e.g. ``{"duties": [...]}``, or a list of plain rows), so no other
    #: module imports the kind, reads its ledgers by column index or builds its private objects.
    figures: Callable[[Inputs], Any] | None = None
    #: Page budgets of its printed documents (most specific pattern first).
    paper: tuple[Paper, ...] = ()
    #: The binder box and category (SPEC §5) its documents are filed in; a document may
    #: say otherwise (``Planned.binder``).
    binder: tuple[str, str] | None = None
    #: Where its documents stand in a category shared with other kinds (卷内文件排列:
    #: 责任书 and 计划 first, 总结 last; see :data:`FILING`).
    filing: str = "records"
    #: Documents made after every other kind's, from what the build made (the 目录 lists
    #: them): ``after_build(built)`` returns them as planned documents (a Word template of
    #: its own and a context, or ``build``), which `houqin build` renders, writes and, when
    #: printed, converts to PDF. It is called first with nothing built (default settings, no
    #: documents) to learn the paths it will write, so they are checked before the first write.
    after_build: Callable[[Built], list[Planned]] | None = None

    @property
    def stems(self) -> set[str]:
        return {stem for stem, _ in self.needs} | set(self.optional)


@dataclass(frozen=True)
class Built:
    """What a build made, for the kinds that make their documents after it (``after_build``)."""

    #: The settings the documents were made with (the term inferred from the data if unset).
    settings: Settings
    #: (kind, document) of every document the build produced or kept, in build order.
    documents: Sequence[tuple[Kind, Planned]]
    #: Page counts of the documents whose PDFs are current, by document path.
    pages: Mapping[str, int]


def folders() -> list[str]:
    """The kind folders of this package, by name (sorted, so every listing is stable)."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.ispkg)


def part(folder: str, name: str) -> Any | None:
    """The module ``pipeline.kinds.<folder>.<name>`` (inputs, plan, template, samples), or None."""
    try:
        return importlib.import_module(f"{__name__}.{folder}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{folder}.{name}":
            raise
        return None


@cache
def registry() -> dict[str, Kind]:
    """Every kind by name, in the order of listings and of a full build (``after_build``
    kinds make their documents after all the others whatever their place).

    Every folder of this package whose ``plan.py`` defines ``KIND`` is a kind: adding a
    form needs no line anywhere else.
    """
    kinds = []
    for folder in folders():
        kind = getattr(part(folder, "plan"), "KIND", None)
        if isinstance(kind, Kind):
            kinds.append(kind)
    return {kind.name: kind for kind in sorted(kinds, key=lambda k: (k.order, k.name))}


def commands() -> dict[str, Kind]:
    """The kinds a person runs by name (`houqin letters`, a button of the web page): those
    that plan documents from the inputs, in registry order."""
    return {name: kind for name, kind in registry().items() if kind.plan is not None}


def figures_of(name: str, inputs: Inputs) -> Any | None:
    """What kind ``name`` declares as its figures (``Kind.figures``), or None when the inputs it
    needs were not read: how one kind shows another's facts (the 固定资产台账 the repairs of
    each asset) without importing its code or reading its columns."""
    kind = registry()[name]
    if kind.figures is None or not all(inputs.has(stem, sheet) for stem, sheet in kind.needs):
        return None
    return kind.figures(inputs)


def papers() -> list[tuple[str, Paper]]:
    """Every page budget with its family, the kinds' in registry order."""
    return [(kind.family, paper) for kind in registry().values() for paper in kind.paper]
