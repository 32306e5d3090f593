"""From a workspace to files in outputs/: validate all, plan all, then render and write.

Nothing is written until every input is valid, every template linted and every document
planned; then documents are rendered and written one at a time, so memory stays flat
however large the batch. A large batch is rendered by two forked processes on Linux
(see ``render_processes``); this process still writes every file, in plan order.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import HouqinError, InputError, Location, Problem, UsageError
from .kinds import Kind, Options, Planned, registry
from .outputs.writer import (
    RETIRED,
    Artifact,
    OutputWriter,
    WriteReport,
    load_entries,
    preflight,
    stale_paths,
)
from .progress import Progress
from .reading.inputs import BY_STEM
from .reading.loader import Inputs, file_problems, load_inputs
from .render.forms import check_template, fill_template
from .render.templates import override_path, resolve
from .settings import Settings
from .workspace import Workspace

if TYPE_CHECKING:
    from .render.word import CompiledDocx

#: Documents in a batch from which a second rendering process pays (bench/README.md).
PARALLEL_FROM = 500


@dataclass
class GenerateReport:
    kinds: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    written: WriteReport = field(default_factory=WriteReport)
    warnings: list[Problem] = field(default_factory=list)
    #: (kind name, planned document), in the order they are written.
    planned: list[tuple[str, Planned]] = field(default_factory=list)
    #: The settings the documents were made with (the term inferred from the data if unset).
    settings: Settings = field(default_factory=Settings)
    #: (old path, path under outputs/旧文件/) of each document the inputs no longer produce.
    retired: list[tuple[str, str]] = field(default_factory=list)


def _missing(kind: Kind, inputs: Inputs) -> list[str]:
    missing = []
    for stem, sheet in kind.needs:
        name = sheet or BY_STEM[stem].main.name
        if not inputs.has(stem, name):
            missing.append(f"inputs/{stem}.xlsx" + (f"（工作表「{sheet}」）" if sheet else ""))
    return missing


def read_sources(root: Path, kinds: list[Kind], stems: set[str]) -> dict[str, str]:
    """The sha256 of everything these kinds read: settings, inputs, Notepad texts, templates."""
    from .outputs.freshness import input_sources, template_sources

    texts = [t for k in kinds if isinstance(t := getattr(sys.modules.get(k.plan.__module__), "NARRATIVE", None), str)]
    return {**input_sources(root, sorted(stems), texts),
            **template_sources(root, sorted({name for k in kinds for name in k.templates}))}


def generate(
    root: Path,
    kind_names: Iterable[str],
    options: Options | None = None,
    *,
    force: bool = False,
    skip_missing: bool = False,
    progress: Progress | None = None,
    also: Callable[[list[str]], Iterable[str]] = lambda paths: (),
) -> GenerateReport:
    """Produce the documents of the named kinds; raises InputError (bad inputs) or
    WorkspaceError (a name no system accepts, outputs/ unusable) before writing anything.

    Run without options (no --period, --date, --year), the kinds' documents that the
    inputs no longer produce are moved to outputs/旧文件/ after the others are written.
    ``also`` gives the paths a caller will write after (the 目录, PDFs, the zip), from the
    planned ones, so they are checked before the first write too.
    """
    from .render.word import CompiledDocx

    options = options or Options()
    kinds = [registry()[name] for name in kind_names]
    stems = set().union(*(k.stems for k in kinds)) if kinds else set()
    sources = read_sources(root, kinds, stems)  # before reading: a change meanwhile shows as stale
    inputs = load_inputs(root, only=stems)
    _check_period(options, inputs.settings)
    report = GenerateReport(warnings=list(inputs.warnings), settings=inputs.settings)
    runnable: list[Kind] = []
    for kind in kinds:
        missing = _missing(kind, inputs)
        if not missing:
            runnable.append(kind)
        elif skip_missing:
            report.skipped.append((kind.family, "、".join(missing)))
        else:
            raise InputError([Problem(f"缺少输入，无法生成{kind.family}", Location(file=m)) for m in missing])
    compiled: dict[str, CompiledDocx] = {}
    forms: dict[str, Path] = {}
    # The files the needed inputs name (photos), checked as `check` does, with the templates.
    problems: list[Problem] = file_problems(inputs, {stem for k in runnable for stem, _ in k.needs})
    for kind in runnable:
        for name, fields in kind.templates.items():
            if name.endswith(".xlsx"):
                form = override_path(root, name)
                if form is not None:
                    forms[name] = form
                continue
            try:
                path, found = resolve(root, name, dict(fields))
                report.warnings.extend(found)
                compiled[name] = CompiledDocx.load(path, name=name, known=fields)
            except HouqinError as err:
                problems.extend(err.problems)
    if any(p.is_error for p in problems):
        raise InputError(problems)
    for kind in runnable:
        report.planned.extend((kind.name, p) for p in kind.plan(inputs, options))
        if kind.warnings is not None:
            report.warnings.extend(kind.warnings(inputs, options))
        report.kinds.append(kind.name)
    if any(p.is_error for p in report.warnings):  # a kind's check across inputs (meetings' 对象)
        raise InputError(report.warnings)
    problems = [p for name in sorted(forms) for p in _check_form(forms[name], report.planned, name)]
    if any(p.is_error for p in problems):
        raise InputError(problems)
    total = len(report.planned)
    outputs = Workspace(root).outputs
    paths = [p.path for _, p in report.planned]
    stale: list[str] = []
    if options == Options():  # a --period run makes some documents only: it retires nothing
        stale = stale_paths(load_entries(outputs), {k.name for k in kinds}, set(paths))
    preflight(outputs, [*paths, *also(paths), *(f"{RETIRED}/{p}" for p in stale)])
    with OutputWriter(outputs, force=force) as writer:
        writer.record_sources(sources)
        rendered = _render_all(report.planned, forms, compiled)
        finished = 0
        try:
            for done, ((kind_name, planned), (data, warnings)) in enumerate(
                    zip(report.planned, rendered, strict=True), 1):
                report.warnings.extend(warnings)
                writer.write(Artifact(planned.path, data, kind=kind_name, title=planned.title, period=planned.period,
                                      inputs=planned.inputs, binder=planned.binder or registry()[kind_name].binder))
                if progress:
                    progress("render", done, total, planned.path)
                finished = done
        except HouqinError as err:
            # Only a document's own render can fail here; those before it are complete.
            err.written = len(writer.report.written)
            err.document = report.planned[finished][1].path if finished < total else ""
            raise
        report.retired = writer.retire(stale)
    report.written = writer.report
    report.warnings.extend(
        Problem(f"当前的表格不再生成这个文件，已移到 outputs/{new}（没有删除）", Location(file=f"outputs/{old}"),
                severity="warning") for old, new in report.retired)
    return report


def _check_period(options: Options, settings: Settings) -> None:
    """A --period must lie in the term (set, or inferred from the data): forms for another
    term would be made from this term's data and handed in with it."""
    from .periods import parse_period
    from .reading.values import format_date

    term = settings.term
    if not options.period or term.start is None or term.end is None:
        return
    try:
        period = parse_period(options.period, settings.hazards.half_month_split)
    except ValueError:
        return  # the kind says what is wrong with how it is written
    if period.end < term.start or period.start > term.end:
        raise UsageError(Problem(
            f"期间「{period.label}」（{format_date(period.start)}至{format_date(period.end)}）不在本学期"
            f"（{term.describe_span()}）内；请写本学期内的期间，如 {term.start:%Y-%m}-{1 if term.start.day <= settings.hazards.half_month_split else 2}，"
            "或先在 houqin.toml 的 [term] 中改学期", Location(column="--period"), options.period))


def _render(
    planned: Planned, forms: dict[str, Path], compiled: dict[str, CompiledDocx]
) -> tuple[bytes, list[Problem]]:
    if planned.template in forms:
        return fill_template(forms[planned.template], planned.context, created=planned.modified), []
    if planned.build is not None:
        return planned.build(), []
    rendered = compiled[planned.template].render(planned.context, modified=planned.modified, title=planned.title)
    data = planned.finish(rendered.data) if planned.finish is not None else rendered.data
    return data, list(rendered.warnings)


#: What forked renderers inherit: (planned, forms, compiled). Set only while they run.
_SHARED: tuple[list[tuple[str, Planned]], dict[str, Path], dict[str, CompiledDocx]] | None = None


def _render_at(index: int) -> tuple[bytes, list[Problem]] | tuple[None, type[HouqinError], list[Problem]]:
    """In a forked renderer: document ``index``; a located error travels back as its problems."""
    assert _SHARED is not None
    planned, forms, compiled = _SHARED
    try:
        return _render(planned[index][1], forms, compiled)
    except HouqinError as err:
        return None, type(err), err.problems


def _ignore_sigint() -> None:
    """Ctrl-C reaches the whole process group: the main process stops the pool and says so,
    so a renderer must not print a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def render_processes(count: int) -> int:
    """How many processes render a batch of ``count`` documents (see bench/README.md).

    A second process pays only for large batches, and only where it can be forked with
    the plan already in memory (Linux): the kinds' workbook builders are closures, which
    a spawned process could not receive. HOUQIN_RENDER_PROCESSES overrides, for the bench.
    """
    forced = os.environ.get("HOUQIN_RENDER_PROCESSES", "")
    if forced.isdigit() and int(forced) >= 1:
        return int(forced) if sys.platform.startswith("linux") else 1
    if not sys.platform.startswith("linux") or count < PARALLEL_FROM:
        return 1
    return min(2, os.cpu_count() or 1)


def _render_all(
    planned: list[tuple[str, Planned]], forms: dict[str, Path], compiled: dict[str, CompiledDocx]
) -> Iterator[tuple[bytes, list[Problem]]]:
    """Every document's bytes, in plan order, rendered by one process or several.

    Writing stays in this process and in plan order, so the files, the manifest and the
    journal are the same whichever way they were rendered.
    """
    processes = render_processes(len(planned))
    if processes == 1:
        for _, doc in planned:
            yield _render(doc, forms, compiled)
        return
    global _SHARED
    _SHARED = (planned, forms, compiled)
    try:
        with multiprocessing.get_context("fork").Pool(processes, initializer=_ignore_sigint) as pool:
            for result in pool.imap(_render_at, range(len(planned)), chunksize=1):
                if result[0] is None:
                    _, kind, problems = result
                    raise kind(problems)
                yield result  # type: ignore[misc]
    finally:
        _SHARED = None


def _check_form(form: Path, planned: list[tuple[str, Planned]], name: str) -> list[Problem]:
    """A district's own .xlsx form, checked against the first document that will fill it."""
    first = next((p for _, p in planned if p.template == name), None)
    return check_template(form, first.context) if first else []
