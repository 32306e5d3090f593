"""`houqin binder [--pdf]`: file the latest build's documents and the office's attachments
into the boxes, and write each box's cover, contents and spine (and with ``pdf`` its PDF).

Everything that can stop it is checked before the first write: the settings, every
attachment (an unreadable one is a located error), the templates, the output paths. A box
whose documents, attachments, settings and templates are what its PDF was made from is
left alone; a changed document re-makes only its own box.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ... import __version__
from ...errors import InputError, Location, Problem
from ...outputs.writer import Artifact, OutputWriter, WriteReport, load_entries, preflight
from ...pdf.converter import Converter, Job, Progress
from ...render.templates import resolve
from ...render.word import CompiledDocx
from ...settings import Settings, require_valid_settings
from ...workspace import Workspace
from . import assemble, documents, template
from .attachments import Attachment, scan
from .boxes import BOXES
from .filing import FOLDER, Filed, Filing, file_documents, unplaced

KIND = "binder"
#: (template, fields, file written per box, title).
DOCS = (
    (template.COVER, documents.COVER_FIELDS, "封面.docx", "档案盒封面"),
    (template.CONTENTS, documents.CONTENTS_FIELDS, "卷内目录.docx", "卷内目录"),
    (template.SPINE, documents.SPINE_FIELDS, "脊背.docx", "档案盒脊背"),
)
CONTENTS_XLSX = "卷内目录.xlsx"
#: The Word documents also printed on their own (a sheet of spine labels to cut, a cover or
#: contents to reprint): their PDFs beside them.
PRINTED = ("封面.docx", "卷内目录.docx", "脊背.docx")


def box_folder(box: str) -> str:
    return f"{FOLDER}/{box}"


def box_pdf(box: str) -> str:
    return f"{FOLDER}/{box}/{box}档案盒.pdf"


@dataclass
class BinderReport:
    written: WriteReport = field(default_factory=WriteReport)
    warnings: list[Problem] = field(default_factory=list)
    pdf_failed: list[Problem] = field(default_factory=list)
    #: Box name → the items filed in it (for the CLI's summary and the web page).
    boxes: dict[str, int] = field(default_factory=dict)


def check(root: Path) -> tuple[list[Attachment], list[Problem]]:
    """The attachments and the warnings about them, or InputError listing every unreadable
    one: run before a build with ``--binder`` writes anything."""
    return scan(root)


def paths(pdf: bool) -> list[str]:
    """Every file the binder may write, for the preflight."""
    found = []
    for box in BOXES:
        found += [f"{box_folder(box.name)}/{name}" for _, _, name, _ in DOCS]
        found.append(f"{box_folder(box.name)}/{CONTENTS_XLSX}")
        if pdf:
            found += [box_pdf(box.name), *(f"{box_folder(box.name)}/{document_pdf(n)}" for n in PRINTED)]
    return found


def make_binder(root: Path, *, pdf: bool = False, force: bool = False, converter: Converter | None = None,
                progress: Progress | None = None, settings: Settings | None = None,
                checked: tuple[list[Attachment], list[Problem]] | None = None) -> BinderReport:
    """The binder of the workspace; raises InputError / WorkspaceError / ConverterError before writing.

    ``converter``: a running one to share (``build --binder --pdf``); otherwise one is
    started when ``pdf`` asks for it. ``settings``: the build's (its term inferred from
    the data when houqin.toml has none; the build has said what is wrong with them).
    """
    warnings: list[Problem] = []
    errors: list[Problem] = []  # the settings' and the attachments', said together
    if settings is None:
        try:
            settings, warnings = require_valid_settings(root)
        except InputError as err:
            errors += err.problems
    try:
        attachments, found = checked or check(root)
    except InputError as err:
        errors += err.problems
    if errors or settings is None:
        raise InputError(errors)
    warnings = [*warnings, *found]
    outputs = Workspace(root).outputs
    entries = load_entries(outputs)
    if not any(e.path.lower().endswith((".docx", ".xlsx")) for e in entries):
        raise InputError(Problem("还没有生成任何文档，无法装盒；请先运行 houqin build（或各类文档的命令）",
                                 Location(file="outputs/manifest.json")))
    compiled = {}
    used = {}  # the bytes of each template used, built-in or the workspace's: part of a box's fingerprint
    for name, fields, _, _ in DOCS:
        path, found = resolve(root, name, dict(fields))
        warnings.extend(found)
        compiled[name] = CompiledDocx.load(path, name=name, known=fields)
        used[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    filings = file_documents(entries, outputs, attachments)
    warnings += unplaced(entries)
    preflight(outputs, paths(pdf))
    report = BinderReport(warnings=list(warnings), boxes={f.box.name: len(f.items) for f in filings})
    if pdf and converter is None:
        from ...pdf.soffice import converter_env, require_converter

        soffice = require_converter()
        with tempfile.TemporaryDirectory(prefix="houqin-fc-") as work, \
                Converter(soffice, converter_env(Path(work))) as own:
            _make(root, filings, compiled, used, settings, report, force=force, converter=own, progress=progress)
    else:
        _make(root, filings, compiled, used, settings, report, force=force, converter=converter if pdf else None,
              progress=progress)
    return report


def _sources(root: Path) -> dict[str, str]:
    from ...outputs.freshness import template_sources

    return template_sources(root, [name for name, *_ in DOCS])


def _make(root: Path, filings: list[Filing], compiled: Mapping[str, CompiledDocx], used: Mapping[str, str],
          settings: Settings, report: BinderReport, *, force: bool, converter: Converter | None, progress: Progress | None) -> None:
    outputs = Workspace(root).outputs
    with OutputWriter(outputs, force=force) as writer:
        sources = _sources(root)
        writer.record_sources(sources)
        generated = [item for f in filings for item in f.items if item.attachment is None]
        # Without --pdf: the page counts of the PDFs still current (a build --pdf made them).
        pages = {source: assemble.pages_of(data) for source, data in
                 _document_pdfs(outputs, writer, None, generated, report, progress).items()} if converter is None else {}
        for filing in filings:
            box = filing.box.name
            print_id = assemble.fingerprint({
                "items": [(i.category, i.title, i.period, i.source, i.sha256) for i in filing.items],
                "settings": documents.base_context(filing, settings, {}), "templates": used, "houqin": __version__,
                "binder": settings.binder,  # type: ignore[attr-defined]
            })
            target = outputs / box_pdf(box)
            ours = [f"{box_folder(box)}/{name}" for name in (*(n for _, _, n, _ in DOCS), CONTENTS_XLSX,
                                                              *map(document_pdf, PRINTED))]
            if (target.is_file() and not writer.is_edited(box_pdf(box)) and assemble.recorded(target) == print_id
                    and all((outputs / p).is_file() for p in ours)):
                # Its PDF is current: the contents keep the page numbers it was made with.
                report.written.unchanged.extend([*ours, box_pdf(box)])
            elif converter is None:
                _write_docs(writer, report, compiled, filing, settings, pages, None)
            else:
                _box_pdf(root, writer, report, compiled, filing, settings, converter, progress, print_id)


def _render(compiled: Mapping[str, CompiledDocx], name: str, context: Mapping[str, Any], settings: Settings,
            title: str, report: BinderReport) -> bytes:
    rendered = compiled[name].render(context, modified=documents.modified(settings), title=title)
    report.warnings.extend(rendered.warnings)
    return rendered.data


def _write(writer: OutputWriter, report: BinderReport, path: str, data: bytes, title: str, period: str, *,
           kind: str = KIND, inputs: tuple[str, ...] = ()) -> None:
    status = writer.write(Artifact(path, data, kind=kind, title=title, period=period, inputs=inputs))
    getattr(report.written, status).append(path)


def _docs(compiled: Mapping[str, CompiledDocx], filing: Filing, settings: Settings, pages: Mapping[str, int],
          starts: Mapping[str, int] | None, report: BinderReport) -> dict[str, bytes]:
    """The box's three Word documents and its workbook, by file name."""
    base = documents.base_context(filing, settings, pages)
    box = filing.box.name
    return {
        "封面.docx": _render(compiled, template.COVER, base, settings, f"{box}档案盒封面", report),
        "卷内目录.docx": _render(compiled, template.CONTENTS,
                              documents.contents_context(filing, settings, pages, starts), settings,
                              f"{box}卷内目录", report),
        "脊背.docx": _render(compiled, template.SPINE, base, settings, f"{box}档案盒脊背", report),
        CONTENTS_XLSX: documents.contents_workbook(filing, settings, pages, starts),
    }


def _write_docs(writer: OutputWriter, report: BinderReport, compiled: Mapping[str, CompiledDocx], filing: Filing,
                settings: Settings, pages: Mapping[str, int], starts: Mapping[str, int] | None) -> dict[str, bytes]:
    made = _docs(compiled, filing, settings, pages, starts, report)
    term = settings.term.label if settings.term.year else ""
    for name, data in made.items():
        _write(writer, report, f"{box_folder(filing.box.name)}/{name}", data,
               f"{filing.box.name}{PurePosixPath(name).stem}", term)
    return made


class _Failed(Exception):
    pass


def _convert(converter: Converter, files: dict[str, bytes], report: BinderReport,
             progress: Progress | None) -> dict[str, bytes]:
    """Word documents (by a name for messages) → their PDFs, through the build's converter."""
    work = converter.jobdir()
    jobs = {}
    for i, (name, data) in enumerate(files.items()):
        src = work / f"{i:04d}{PurePosixPath(name).suffix}"
        src.write_bytes(data)
        jobs[name] = Job(src, work / f"{i:04d}.pdf")
    outcome = converter.convert(list(jobs.values()), progress)
    done = set(outcome.done)
    result = {}
    for name, job in jobs.items():
        if job not in done:
            report.pdf_failed.append(Problem("LibreOffice 未能把它转换为 PDF", Location(file=name)))
            continue
        result[name] = job.dst.read_bytes()
    shutil.rmtree(work, ignore_errors=True)
    if len(result) != len(jobs):
        raise _Failed
    return result


def _box_pdf(root: Path, writer: OutputWriter, report: BinderReport, compiled: Mapping[str, CompiledDocx],
             filing: Filing, settings: Settings, converter: Converter, progress: Progress | None,
             print_id: str) -> None:
    """Convert what the box needs, number its pages, write its documents and its PDF."""
    outputs = Workspace(root).outputs
    box = filing.box.name
    generated = [i for i in filing.items if i.attachment is None]
    failed = len(report.pdf_failed)
    parts = _document_pdfs(outputs, writer, converter, generated, report, progress)
    if len(report.pdf_failed) > failed:
        return
    words = {}
    for item in filing.items:
        att = item.attachment
        if att is None:
            continue
        data = att.path.read_bytes()
        if att.suffix == ".pdf":
            parts[item.source] = data
        elif att.suffix == ".docx":
            words[item.source] = data
        else:
            parts[item.source] = assemble.image_pdf(data)
    try:
        parts.update(_convert(converter, words, report, progress) if words else {})
    except _Failed:
        return
    counts = {source: assemble.pages_of(data) for source, data in parts.items()}
    base_name = box_folder(box)
    front_docs = {}
    contents_pages = 1
    for _ in range(4):  # the contents' own length moves every page after it: settle it
        starts = documents.first_pages(1 + contents_pages, filing.items, counts)
        made = _docs(compiled, filing, settings, counts, starts, report)
        try:
            front_docs = _convert(converter, {f"{base_name}/{n}": made[n] for n in ("封面.docx", "卷内目录.docx",
                                                                                 "脊背.docx")}, report, progress)
        except _Failed:
            return
        actual = assemble.pages_of(front_docs[f"{base_name}/卷内目录.docx"])
        if actual == contents_pages and assemble.pages_of(front_docs[f"{base_name}/封面.docx"]) == 1:
            break
        contents_pages = actual
    term = settings.term.label if settings.term.year else ""
    for name, data in made.items():
        _write(writer, report, f"{base_name}/{name}", data, f"{box}{PurePosixPath(name).stem}", term)
    for name in PRINTED:
        _write(writer, report, f"{base_name}/{document_pdf(name)}", front_docs[f"{base_name}/{name}"],
               f"{box}{PurePosixPath(name).stem}", term)
    parts_list = [assemble.Part("封面", front_docs[f"{base_name}/封面.docx"]),
                  assemble.Part("卷内目录", front_docs[f"{base_name}/卷内目录.docx"])]
    parts_list += [assemble.Part(_bookmark(item), parts[item.source], item.category) for item in filing.items]
    data = assemble.merge(parts_list, filing.box.categories, f"{settings.school.name}{box}档案盒", print_id)
    _write(writer, report, box_pdf(box), data, f"{box}档案盒", term)


def _bookmark(item: Filed) -> str:
    return f"{item.title}（{item.period}）" if item.period and item.period not in item.title else item.title


def _kind_of(writer: OutputWriter, item: Filed) -> str:
    entry = writer.entries.get(item.source)
    return entry.kind if entry is not None else ""


def document_pdf(source: str) -> str:
    """Where a filed document's PDF is: beside it, as `build --pdf` puts it (a filed workbook
    never has a Word document of the same name, so never the （表格） variant)."""
    return PurePosixPath(source).with_suffix(".pdf").as_posix()


def _document_pdfs(outputs: Path, writer: OutputWriter, converter: Converter | None, items: list[Filed],
                   report: BinderReport, progress: Progress | None) -> dict[str, bytes]:
    """Each generated document's PDF: the one `build --pdf` made while it is current (not
    older than its document, not edited), else converted now and written beside it as
    the build would. Without a converter, only the current ones. The same rule as the
    build's (pipeline/build.py), kept here so the build may call the binder and not the
    other way round."""
    found: dict[str, bytes] = {}
    todo = []
    work = converter.jobdir() if converter is not None else None
    for i, item in enumerate(items):
        target = document_pdf(item.source)
        src, dst = outputs / item.source, outputs / target
        edited = dst.is_file() and writer.is_edited(target)
        if dst.is_file() and not edited and dst.stat().st_mtime_ns >= src.stat().st_mtime_ns:
            found[item.source] = dst.read_bytes()
        elif edited and not writer.force and work is not None:
            report.written.kept.append(target)
            found[item.source] = dst.read_bytes()  # a person's own print of it is what they file
        elif work is not None:
            todo.append((Job(src, work / f"{i:05d}.pdf"), item, target))
    if converter is None or work is None or not todo:
        return found
    outcome = converter.convert([job for job, _, _ in todo], progress)
    done = set(outcome.done)
    for job, reason in outcome.failed:
        report.pdf_failed.append(Problem(f"LibreOffice 未能把它转换为 PDF（{reason}）",
                                         Location(file=job.src.relative_to(outputs).as_posix())))
    for job, item, target in todo:
        if job in done:
            found[item.source] = data = job.dst.read_bytes()
            _write(writer, report, target, data, item.title, item.period, kind=_kind_of(writer, item),
                   inputs=(item.source,))
    shutil.rmtree(work, ignore_errors=True)
    return found


@dataclass(frozen=True)
class BoxView:
    """A box as the web page lists it: its categories with their titles, and its PDF."""

    name: str
    count: int
    categories: tuple[tuple[str, tuple[str, ...]], ...]
    pdf: str  # outputs/-relative path of the box PDF, "" until `binder --pdf` made it


def overview(root: Path) -> list[BoxView]:
    """What the boxes hold now (the manifest's documents and the attachments that can be
    read); never raises for a bad attachment: the page shows the boxes all the same."""
    outputs = Workspace(root).outputs
    try:
        attachments, _ = scan(root)
    except InputError:
        attachments = []
    views = []
    for filing in file_documents(load_entries(outputs), outputs, attachments):
        box = filing.box.name
        views.append(BoxView(box, len(filing.items),
                             tuple((c, tuple(i.title for i in filing.in_category(c))) for c in filing.box.categories),
                             box_pdf(box) if (outputs / box_pdf(box)).is_file() else ""))
    return views
