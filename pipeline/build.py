"""`houqin build`: every document the inputs allow, the 目录, PDFs and the zip, in that order.

Everything that can stop a build is checked before the first file is written: the inputs,
the templates (the 目录's too) and, with ``pdf``, that LibreOffice and a Chinese font are
there. Then the documents are written (generate), converted to PDF, followed by those of
the kinds that make theirs from what was built (``Kind.after_build``: the 目录, which lists
every document with its page count), and packed.

A rebuild with nothing changed rewrites nothing: documents and the 目录 come out
byte-identical and are left alone; a PDF is converted again only when its source was
written after it (or it is missing), because LibreOffice puts random bytes in the font
subsets it embeds and a reconverted PDF never quite matches; and the zip is replaced
only when its bytes differ.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import Location, Problem
from .generate import GenerateReport, generate
from .kinds import Built, Kind, Planned, commands, registry
from .outputs.writer import MANIFEST, Artifact, OutputWriter, WriteReport
from .pdf.converter import Converter, Job, Progress, has_embedded_cjk_font, page_count
from .pdf.soffice import FONT_HINT, converter_env, require_converter
from .render.templates import resolve
from .render.word import CompiledDocx
from .settings import Settings
from .workspace import Workspace


@dataclass
class BuildReport:
    generated: GenerateReport
    #: The 目录 files and the PDFs, written / unchanged / kept because edited.
    extra: WriteReport = field(default_factory=WriteReport)
    pdf_failed: list[Problem] = field(default_factory=list)
    pdf_route: str = ""
    converted: int = 0
    restarts: int = 0
    zip_path: Path | None = None
    #: Files the zip left out, each with why (a link, changed since it was generated).
    zip_skipped: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    #: With ``binder``: the inspection binder's report (pipeline/kinds/binder/make.py).
    binder: Any = None

    @property
    def written(self) -> list[str]:
        return self.generated.written.written + self.extra.written

    @property
    def unchanged(self) -> list[str]:
        return self.generated.written.unchanged + self.extra.unchanged

    @property
    def kept(self) -> list[str]:
        return self.generated.written.kept + self.extra.kept


def pdf_path(path: str, taken: set[str]) -> str:
    """`安全隐患/x.docx` → `安全隐患/x.pdf`; a printed .xlsx beside a .docx of the same name
    gets `x（表格）.pdf`."""
    pure = PurePosixPath(path)
    target = pure.with_suffix(".pdf").as_posix()
    if target in taken:
        target = pure.with_name(f"{pure.stem}（表格）.pdf").as_posix()
    taken.add(target)
    return target


def _record(report: WriteReport, status: str, path: str) -> None:
    {"written": report.written, "unchanged": report.unchanged, "kept": report.kept}[status].append(path)


def _printed(planned: Planned) -> bool:
    suffix = PurePosixPath(planned.path).suffix.lower()
    return suffix == ".docx" or (suffix == ".xlsx" and planned.printed)


class _Pdfs:
    """Converts the documents that need it, writes their PDFs, and knows every page count.

    Without a converter (no --pdf) it only reads the page counts of PDFs that are still
    current, so the 目录 keeps them and does not change between builds with and without.
    """

    def __init__(self, outputs: Path, writer: OutputWriter, converter: Converter | None, report: BuildReport,
                 progress: Progress | None):
        self.outputs, self.writer, self.converter, self.report = outputs, writer, converter, report
        self.progress = progress
        self.taken: set[str] = set()
        self.pages: dict[str, int] = {}

    def run(self, docs: list[tuple[str, str, str, str, tuple[str, ...]]]) -> None:
        """``docs``: (source path, kind, title, period, inputs) of each document to print."""
        todo = []
        # LibreOffice writes the PDFs into the converter's own work folder, which goes only
        # when the converter closes, after LibreOffice has stopped: removed here while an
        # interrupted pool still wrote into it, it came back (or on Windows would not go).
        work = self.converter.jobdir() if self.converter is not None else None
        for i, (source, kind, title, period, inputs) in enumerate(docs):
            target = pdf_path(source, self.taken)
            src, dst = self.outputs / source, self.outputs / target
            edited = dst.is_file() and self.writer.is_edited(target)
            current = dst.is_file() and not edited and dst.stat().st_mtime_ns >= src.stat().st_mtime_ns
            if work is None:
                if current:
                    self.pages[source] = page_count(dst.read_bytes())
                continue
            if edited and not self.writer.force:
                self.report.extra.kept.append(target)
            elif current:
                self.report.extra.unchanged.append(target)
            else:
                todo.append((Job(src, work / f"{i:05d}.pdf"), target, kind, title, period, inputs))
                continue
            self.pages[source] = page_count(dst.read_bytes())
        if self.converter is None or work is None:
            return
        outcome = self.converter.convert([t[0] for t in todo], self.progress)
        self.report.pdf_route = outcome.route or self.report.pdf_route
        self.report.restarts += outcome.restarts
        done = set(outcome.done)
        for job, reason in outcome.failed:
            self.report.pdf_failed.append(Problem(
                f"LibreOffice 未能把它转换为 PDF（{reason}）", Location(file=job.src.relative_to(self.outputs).as_posix())))
        for job, target, kind, title, period, inputs in todo:
            if job not in done:
                continue
            data = job.dst.read_bytes()
            self.report.converted += 1
            source = job.src.relative_to(self.outputs).as_posix()
            if not has_embedded_cjk_font(data):
                self.report.generated.warnings.append(Problem(
                    "PDF 中没有嵌入中文字体，中文可能显示为方框。" + FONT_HINT, Location(file=target),
                    severity="warning"))
            self.pages[source] = page_count(data)
            status = self.writer.write(Artifact(target, data, kind=kind, title=title, period=period,
                                                inputs=(source, *inputs)))
            _record(self.report.extra, status, target)
        shutil.rmtree(work, ignore_errors=True)  # the batch is over: nothing writes there now


def build(root: Path, *, force: bool = False, pdf: bool = False, pack_zip: bool = False,
          progress: Progress | None = None, binder: bool = False) -> BuildReport:
    """The whole inspection package; raises InputError / ConverterError before writing anything.

    ``binder``: also the inspection binder (`build --binder`), its attachments checked first.
    """
    started = time.monotonic()
    checked = None
    if binder:
        from .kinds.binder.make import check

        checked = check(root)
    soffice = require_converter() if pdf else None
    compiled: dict[str, CompiledDocx] = {}
    found: list[Problem] = []
    for kind in _after_build_kinds():  # their templates checked before anything is written
        for name, fields in kind.templates.items():
            template, warned = resolve(root, name, dict(fields))
            found += warned
            compiled[name] = CompiledDocx.load(template, name=name, known=fields)
    with tempfile.TemporaryDirectory(prefix="houqin-fc-") as work:
        converter = Converter(soffice, converter_env(Path(work))) if soffice else None
        try:
            if converter is not None and _needs_pdfs(Workspace(root).outputs):
                converter.warm_up()  # LibreOffice starts while the documents render
            return _build(root, compiled, found, converter, force=force, pack_zip=pack_zip,
                          progress=progress, started=started, binder=checked)
        finally:
            if converter is not None:
                converter.close()


def _after_build_kinds() -> list[Kind]:
    """The kinds that make their documents from what the build made (the 目录)."""
    return [kind for kind in registry().values() if kind.after_build is not None]


def _after_build(kinds: list[Kind], built: Built) -> list[tuple[Kind, Planned]]:
    return [(kind, doc) for kind in kinds if kind.after_build is not None for doc in kind.after_build(built)]


def _needs_pdfs(outputs: Path) -> bool:
    """Whether this build will probably convert something: no PDF made yet, or an input,
    template or the settings changed since the last build."""
    manifest = outputs / MANIFEST
    if not manifest.is_file() or '.pdf"' not in manifest.read_text(encoding="utf-8"):
        return True
    made = manifest.stat().st_mtime_ns
    ws = Workspace(outputs.parent)
    sources = [p for folder in (ws.inputs, ws.templates) if folder.is_dir() for p in folder.iterdir()]
    return any(p.is_file() and p.stat().st_mtime_ns > made for p in [*sources, ws.settings_file])


def _build(root: Path, compiled: dict[str, CompiledDocx], found: list[Problem], converter: Converter | None, *,
           force: bool, pack_zip: bool, progress: Progress | None, started: float,
           binder: Any = None) -> BuildReport:
    late = _after_build_kinds()

    def also(paths: list[str]) -> list[str]:
        """What the build writes after the documents, checked with them before the first write."""
        after = [doc for _, doc in _after_build(late, Built(Settings(), (), {}))]
        extra = [doc.path for doc in after]
        if converter is not None:
            taken: set[str] = set()
            extra += [pdf_path(p, taken) for p in [*paths, *(d.path for d in after if _printed(d))]
                      if PurePosixPath(p).suffix.lower() in (".docx", ".xlsx")]
        if pack_zip:
            from .outputs.package import default_name

            extra.append(default_name(root))
        if binder is not None:
            from .kinds.binder.make import paths as binder_paths

            extra += binder_paths(converter is not None)
        return extra

    generated = generate(root, list(commands()), force=force, skip_missing=True, progress=progress, also=also)
    generated.warnings.extend(found)
    report = BuildReport(generated=generated)
    kinds = registry()
    produced = set(generated.written.produced) | set(generated.written.kept)
    planned = [(k, p) for k, p in generated.planned if p.path in produced]
    outputs = Workspace(root).outputs
    settings = generated.settings
    with OutputWriter(outputs, force=force) as writer:
        from .outputs.freshness import template_sources

        writer.record_sources(template_sources(root, list(compiled)))
        pdfs = _Pdfs(outputs, writer, converter, report, progress)
        pdfs.run([(p.path, k, p.title, p.period, p.inputs) for k, p in planned if _printed(p)])
        after = _after_build(late, Built(settings, [(kinds[k], p) for k, p in planned], pdfs.pages))
        for kind, doc in after:
            if doc.build is not None:
                data = doc.build()
            else:
                rendered = compiled[doc.template].render(doc.context, modified=doc.modified, title=doc.title)
                generated.warnings.extend(rendered.warnings)
                data = rendered.data
            status = writer.write(Artifact(doc.path, data, kind=kind.name, title=doc.title, period=doc.period,
                                           inputs=doc.inputs))
            _record(report.extra, status, doc.path)
        if converter is not None:
            pdfs.run([(d.path, k.name, d.title, d.period, d.inputs) for k, d in after if _printed(d)])
    if binder is not None:
        from .kinds.binder.make import make_binder

        report.binder = make_binder(root, pdf=converter is not None, force=force, converter=converter,
                                    progress=progress, settings=settings, checked=binder)
    if pack_zip:
        from .outputs.package import pack_checked, zip_name

        packed = pack_checked(root, zip_name(settings.school.name, _term(settings)))
        report.zip_path, report.zip_skipped = packed.path, packed.skipped
    report.seconds = time.monotonic() - started
    return report


def _term(settings: Settings) -> str:
    return settings.term.label if settings.term.year else ""
