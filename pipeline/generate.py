"""From a workspace to files in outputs/: validate all, plan all, then render and write.

Nothing is written until every input is valid, every template linted and every document
planned; then documents are rendered and written one at a time, so memory stays flat
however large the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import HouqinError, InputError, Location, Problem
from .inputs import BY_STEM
from .kinds import Kind, Options, Planned, registry
from .loader import Inputs, load_inputs
from .output import Artifact, OutputWriter, WriteReport
from .settings import Settings
from .templates import override_path, resolve
from .workspace import Workspace
from .xlsx import check_template, fill_template

#: (phase, done, total, label), phase "render" or "pdf": how the CLI and the web page show progress.
Progress = Callable[[str, int, int, str], None]


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


def _missing(kind: Kind, inputs: Inputs) -> list[str]:
    missing = []
    for stem, sheet in kind.needs:
        name = sheet or BY_STEM[stem].main.name
        if not inputs.has(stem, name):
            missing.append(f"inputs/{stem}.xlsx" + (f"（工作表「{sheet}」）" if sheet else ""))
    return missing


def generate(
    root: Path,
    kind_names: Iterable[str],
    options: Options | None = None,
    *,
    force: bool = False,
    skip_missing: bool = False,
    progress: Progress | None = None,
) -> GenerateReport:
    """Produce the documents of the named kinds; raises InputError before writing anything."""
    from .docx_render import CompiledDocx

    options = options or Options()
    kinds = [registry()[name] for name in kind_names]
    stems = set().union(*(k.stems for k in kinds)) if kinds else set()
    inputs = load_inputs(root, only=stems)
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
    problems: list[Problem] = []
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
    problems = [p for name in sorted(forms) for p in _check_form(forms[name], report.planned, name)]
    if any(p.is_error for p in problems):
        raise InputError(problems)
    total = len(report.planned)
    with OutputWriter(Workspace(root).outputs, force=force) as writer:
        for done, (kind_name, planned) in enumerate(report.planned, 1):
            if planned.template in forms:
                data = fill_template(forms[planned.template], planned.context, created=planned.modified)
            elif planned.build is not None:
                data = planned.build()
            else:
                rendered = compiled[planned.template].render(
                    planned.context, modified=planned.modified, title=planned.title)
                report.warnings.extend(rendered.warnings)
                data = rendered.data
            writer.write(Artifact(planned.path, data, kind=kind_name,
                                  title=planned.title, period=planned.period, inputs=planned.inputs))
            if progress:
                progress("render", done, total, planned.path)
    report.written = writer.report
    return report


def _check_form(form: Path, planned: list[tuple[str, Planned]], name: str) -> list[Problem]:
    """A district's own .xlsx form, checked against the first document that will fill it."""
    first = next((p for _, p in planned if p.template == name), None)
    return check_template(form, first.context) if first else []
