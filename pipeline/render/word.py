"""Word rendering: compile a docxtpl template once, then render many documents fast and safely.

docxtpl reloads the template, re-runs its regex preprocessing, recompiles Jinja and
recompresses every part (python-docx's ~800 KB of style XML) for each document; for a
batch that is >95% of the time. Here all of that happens once in ``CompiledDocx.load``:
each part that holds tags becomes a compiled Jinja template, every other part is kept as
its already-compressed zip bytes. A render is then Jinja to a string, docxtpl's own
post-processing of that string, and a zip written with the unchanged parts copied as is.
The output equals docxtpl's (same XML after canonicalisation) for everything but images,
which go through docxtpl itself (``Image``; slower, still deterministic).

Safety is sandbox.py's environment (autoescape, sandbox, StrictUndefined, limits);
pictures are images.py's; a table's closing row is kept with its last rows
(keep.py).
Output is deterministic: fixed zip timestamps and entry order, and document properties
from the caller's datetime, never the clock.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import html
import io
import re
import threading
import time
import traceback
import zipfile
from collections import OrderedDict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate, Listing, RichText, RichTextParagraph
from jinja2 import Template, TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.utils import missing
from lxml import etree

from ..errors import HouqinError, Location, Problem, TemplateError, show_value
from ..reading.zip_guard import template_oversize
from ..zips import ZipEntry, raw_entries, write_zip
from .images import IMAGES
from .keep import keep_closing_rows
from .lint import doctype_problem
from .sandbox import (
    BUDGET,
    FOUND,
    ILLEGAL,
    ILLEGAL_RICH,
    MAX_CHARS,
    Budget,
    LimitError,
    MissingValue,
    make_environment,
)

__all__ = ["CompiledDocx", "Rendered", "RichText", "RichTextParagraph", "TemplateError"]

#: Most seconds one document may take to render.
MAX_SECONDS = 60.0
#: Most nested {% for %}/{% if %}/… blocks: Python refuses 20 nested blocks in the code Jinja
#: generates, and a real form nests three or four.
MAX_BLOCK_DEPTH = 10
#: Most nested brackets, and most filters, attributes and operators, in one tag: Jinja
#: parses and compiles them recursively.
MAX_BRACKETS = 20
MAX_CHAIN = 60
_OPENERS = {"for", "if", "macro", "call", "filter", "with", "autoescape", "block", "set", "trans"}
_CHAINS = {"|", ".", "+", "-", "*", "/", "//", "%", "**", "~", "==", "!=", "<", "<=", ">", ">="}
_WORD_OPERATORS = {"and", "or", "not", "is", "in"}
#: ``cp:lastModifiedBy`` of every document: the same whoever runs the batch.
MODIFIED_BY = "houqin"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TBL, _TBLGRID, _GRIDCOL, _TR, _TC = (f"{_W}{t}" for t in ("tbl", "tblGrid", "gridCol", "tr", "tc"))
_TCPR, _GRIDSPAN, _VAL = f"{_W}tcPr", f"{_W}gridSpan", f"{_W}val"
_WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_CORE_CT = "application/vnd.openxmlformats-package.core-properties+xml"
#: Core properties docxtpl renders as templates (``DocxTemplate.render_properties``).
_PROPERTY_NAMES = {
    "title": "标题", "subject": "主题", "author": "作者",
    "comments": "备注", "identifier": "标识", "language": "语言",
}

_SLOT_TIME = dt.datetime(1901, 2, 3, 4, 5, 6)  # marks where core.xml's times go
_W3CDTF = "%Y-%m-%dT%H:%M:%SZ"  # python-docx writes core times so, naive taken as UTC
_HAS_TAG = re.compile(r"\{[{%#]")
_PARA_SPLIT = re.compile(r"<w:p([ >])")
_LISTING_CHARS = ("\t", "\n", "\a", "\f")
#: docxtpl's ``{% cellbg %}`` puts its w:shd first in w:tcPr; the schema wants it after these.
_SHD_FIRST = re.compile(
    r"(<w:tcPr\b[^>/]*>)(<w:shd\b[^>]*/>)((?:<w:(?:cnfStyle|tcW|gridSpan|hMerge|vMerge)\b[^>]*/>"
    r"|<w:tcBorders\b[^>]*/>|<w:tcBorders\b[^>]*>.*?</w:tcBorders>)+)", re.DOTALL)
_BODY_START = re.compile(rb"<w:body((?:\s+xmlns(?::[\w.-]+)?=\"[^\"]*\")*)\s*(/?)>")
_XMLNS = re.compile(rb"xmlns(?::([\w.-]+))?=\"([^\"]*)\"")
_XML_TAG = re.compile(r"<[^>]*>")

# Zip writing is pipeline/zips.py's: entries keep their compressed bytes between renders.
#: Parts compressed once per template get zlib's default; per document, the fastest level
#: (a rendered part is a few KB either way, and deflate was a tenth of the render time).
_LEVEL_ONCE, _LEVEL_EACH = 6, 1



# --------------------------------------------------------------------------- zip writing


def _rezip(data: bytes, replace: Mapping[str, bytes] | None = None) -> bytes:
    """Rewrite a zip with fixed dates (python-docx stamps the clock), replacing some entries."""
    replace = replace or {}
    return write_zip(ZipEntry.deflate(name, replace[name], _LEVEL_ONCE) if name in replace else entry
                      for name, entry in raw_entries(data))


# --------------------------------------------------------------------------- compiled parts


@dataclass
class _Part:
    """One part that holds tags: its patched source (for messages) and compiled template."""

    member: str  # zip member name, e.g. word/header1.xml
    kind: str  # "body", "hdrftr", "footnotes" or "property"
    label: str  # where it is, for a person: 正文, 页眉, 页脚, 脚注, 文档属性（标题）
    source: str
    template: Template
    prop: str = ""  # for kind "property": the core property's name


@dataclass(frozen=True)
class Rendered:
    """One rendered .docx: the whole file's bytes and the warnings about its values."""

    data: bytes
    warnings: list[Problem] = field(default_factory=list)
    #: True when the document went through docxtpl itself (it has images).
    slow: bool = False


#: Compiled templates by (sha256, name, variables, limits), most recent last: a template is
#: compiled once per process, however many commands run in it. A compiled template is never
#: changed after loading (a render's state is in context variables), so sharing it is safe.
_COMPILED: OrderedDict[tuple[object, ...], CompiledDocx] = OrderedDict()
_COMPILED_KEPT = 64
_COMPILED_LOCK = threading.Lock()


class CompiledDocx:
    """A Word template loaded, preprocessed and compiled once, for rendering many documents."""

    def __init__(self) -> None:  # use CompiledDocx.load
        self.name = ""
        self.known: list[str] = []
        self.max_seconds = MAX_SECONDS
        self.max_chars = MAX_CHARS
        self._source = b""
        self._env = make_environment()
        self._parts: list[_Part] = []
        self._by_member: dict[str, _Part] = {}
        self._props: list[_Part] = []
        self._plan: list[ZipEntry | str] = []  # static entry, or the member name to render
        self._core_member = ""
        self._core_xml = b""
        self._core_pieces: list[str] = []
        self._title = ""
        self._doc_prefix = b""
        self._doc_suffix = b""
        self._doc_ns: set[tuple[bytes, bytes]] = set()
        self._variables: set[str] = set()

    # ----------------------------------------------------------------- loading

    @classmethod
    def load(
        cls,
        path: Path | str,
        name: str | None = None,
        known: Iterable[str] | None = None,
        *,
        max_seconds: float = MAX_SECONDS,
        max_chars: int = MAX_CHARS,
    ) -> CompiledDocx:
        """Parse, preprocess and compile a template once; TemplateError on broken tags.

        ``name`` is how messages call the template (default: the file name); ``known`` are
        the variable names the caller provides, to suggest the nearest for a misspelt one.
        """
        path = Path(path)
        name = name or path.name
        try:
            source = path.read_bytes()
        except OSError as err:
            raise TemplateError(Problem(f"无法读取模板：{err.strerror or err}", Location(file=name))) from err
        return cls.from_bytes(source, name, known, max_seconds=max_seconds, max_chars=max_chars)

    @classmethod
    def from_bytes(
        cls,
        source: bytes,
        name: str,
        known: Iterable[str] | None = None,
        *,
        max_seconds: float = MAX_SECONDS,
        max_chars: int = MAX_CHARS,
    ) -> CompiledDocx:
        """As ``load``, from the bytes of a .docx; the same bytes, name and variables give the
        same compiled template, once per process (``check`` then ``build``, the web page's
        every generation, a test suite's thousand builds compile each template once)."""
        key = (hashlib.sha256(source).digest(), name, tuple(sorted(set(known or ()))), max_seconds, max_chars)
        with _COMPILED_LOCK:
            if (found := _COMPILED.get(key)) is not None:
                _COMPILED.move_to_end(key)
                return found
        self = cls._compile_bytes(source, name, known, max_seconds, max_chars)
        with _COMPILED_LOCK:
            _COMPILED[key] = self
            while len(_COMPILED) > _COMPILED_KEPT:
                _COMPILED.popitem(last=False)
        return self

    @classmethod
    def _compile_bytes(cls, source: bytes, name: str, known: Iterable[str] | None, max_seconds: float,
                       max_chars: int) -> CompiledDocx:
        self = cls()
        self.name = name
        self.known = sorted(set(known or ()))
        self.max_seconds = max_seconds
        self.max_chars = max_chars
        self._source = source
        if reason := template_oversize(source):
            raise TemplateError(Problem(reason, Location(file=name)))
        if problem := doctype_problem(source, name):
            raise TemplateError(problem)
        tpl = _OrderedTemplate(io.BytesIO(source))
        try:
            tpl.init_docx()
            document = tpl.docx
            document.core_properties  # noqa: B018 - creates the part if the template lacks it
            base = io.BytesIO()
            document.save(base)
        except Exception as err:  # noqa: BLE001 - any damage means the same thing to a person
            raise TemplateError(Problem(
                "不是有效的 Word 文档（.docx）；请在 Word/WPS 中另存为 .docx", Location(file=name))) from err

        package = document.part.package
        body_member = document.part.partname[1:]
        sources: list[tuple[str, str, str]] = [
            (body_member, "body", _PARA_SPLIT.sub(r"\n<w:p\1", tpl.patch_xml(tpl.get_xml())))]
        seen = {body_member}
        for rel in document.part.rels.values():
            if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
                continue
            part = rel.target_part
            member = part.partname[1:]
            if member in seen or not part.blob:
                continue
            seen.add(member)
            xml = tpl.patch_xml(tpl.get_part_xml(part))
            sources.append((member, "hdrftr", _PARA_SPLIT.sub(r"\n<w:p\1", xml)))
        for part in package.iter_parts():
            if part.content_type == _FOOTNOTES_CT and part.partname[1:] not in seen:
                blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
                xml = _PARA_SPLIT.sub(r"\n<w:p\1", tpl.patch_xml(blob))
                sources.append((part.partname[1:], "footnotes", xml))
                seen.add(part.partname[1:])
            if part.content_type == _CORE_CT:
                self._core_member = part.partname[1:]
                self._core_xml = part.blob

        for member, kind, xml in sources:
            label = _part_label(member, kind)
            self._parts.append(_Part(member, kind, label, xml, self._compile(xml, label)))
        props = document.core_properties
        for prop, label in _PROPERTY_NAMES.items():
            value = getattr(props, prop) or ""
            if _HAS_TAG.search(value):
                # Rendered as text, not XML: no escaping (docxtpl would escape into the title).
                src = "{% autoescape false %}" + value + "{% endautoescape %}"
                full = f"文档属性（{label}）"
                self._props.append(_Part("", "property", full, value, self._compile(src, full), prop))

        with zipfile.ZipFile(io.BytesIO(base.getvalue())) as archive:
            document_xml = archive.read(body_member)
        self._split_document(document_xml)
        self._build_plan(base.getvalue())
        self._prepare_core()
        return self

    def _compile(self, source: str, label: str) -> Template:
        if problem := self._nesting_problem(source, label):
            raise TemplateError(problem)
        try:
            ast = self._env.parse(source)
            for node in ast.find_all((nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends)):
                word = {nodes.Import: "import", nodes.FromImport: "from", nodes.Include: "include",
                        nodes.Extends: "extends"}[type(node)]
                raise TemplateError(Problem(
                    f"模板「{self.name}」{label}中的「{{% {word} … %}}」试图加载其他模板或文件，模板中不允许",
                    Location(file=self.name, sheet=label)))
            self._variables |= meta.find_undeclared_variables(ast)
            code = self._env.compile(ast)
            template = self._env.template_class.from_code(self._env, code, self._env.make_globals(None))
        except TemplateSyntaxError as err:
            raise TemplateError(self._syntax_problem(err, source, label)) from None
        except (RecursionError, SyntaxError, MemoryError):
            # Python's own limits on the generated code (``too many statically nested blocks``,
            # recursion while compiling): the pre-check's bounds, reached another way.
            raise TemplateError(Problem(
                f"模板嵌套过深：模板「{self.name}」{label}中的语句块或表达式套得太多层，无法编译；"
                f"请减少 {{% for %}}/{{% if %}} 的嵌套和一个标记中的过滤器、运算和括号",
                Location(file=self.name, sheet=label))) from None
        return template

    def _nesting_problem(self, source: str, label: str) -> Problem | None:
        """Nesting too deep for Jinja and Python to compile, found in the tag stream first.

        Jinja parses and compiles recursively and Python limits nested blocks to 20, so a
        template of deeply nested loops, or a tag with hundreds of filters, ends in
        RecursionError or SyntaxError; real forms nest three or four levels.
        """
        try:
            tokens = list(self._env.lex(source))
        except TemplateSyntaxError:
            return None  # parse reports it, with its place
        depth = brackets = chain = 0
        in_tag = block = False
        words: list[str] = []
        why = ""
        line = 1
        for lineno, kind, value in tokens:
            if kind in ("block_begin", "variable_begin"):
                in_tag, block, brackets, chain, words = True, kind == "block_begin", 0, 0, []
                continue
            if kind in ("block_end", "variable_end"):
                in_tag = False
                if not block or not words:
                    continue
                if words[0] in _OPENERS and not (words[0] == "set" and "=" in words):
                    depth += 1
                    if depth > MAX_BLOCK_DEPTH:
                        why, line = f"{{% for %}}/{{% if %}} 等语句块套了 {depth} 层（最多 {MAX_BLOCK_DEPTH} 层）", lineno
                        break
                elif words[0].startswith("end"):
                    depth = max(0, depth - 1)
                continue
            if not in_tag or kind == "whitespace":
                continue
            words.append(value if kind in ("name", "operator") else kind)
            if kind != "operator" and not (kind == "name" and value in _WORD_OPERATORS):
                continue
            if value in "([{":
                brackets += 1
                if brackets > MAX_BRACKETS:
                    why, line = f"有一个标记的括号套了超过 {MAX_BRACKETS} 层", lineno
                    break
            elif value in ")]}":
                brackets -= 1
            elif value in _CHAINS or value in _WORD_OPERATORS:
                chain += 1
                if chain > MAX_CHAIN:
                    why, line = f"有一个标记的过滤器、属性和运算超过 {MAX_CHAIN} 个", lineno
                    break
        if not why:
            return None
        text = _line_text(source.splitlines(), line)
        shown = f"（附近文字：“{_clip(text)}”）" if text else ""
        return Problem(
            f"模板嵌套过深：模板「{self.name}」{label}中{why}；请拆开写，或减少嵌套{shown}",
            Location(file=self.name, sheet=label))

    def _split_document(self, document_xml: bytes) -> None:
        """The document part around its body, so a render only serialises the body."""
        match = _BODY_START.search(document_xml)
        end = document_xml.rfind(b"</w:body>")
        if match is None or (end < 0 and not match.group(2)):
            raise TemplateError(Problem("模板的正文结构无法识别（缺少 w:body）", Location(file=self.name)))
        self._doc_prefix = document_xml[:match.start()]
        self._doc_suffix = document_xml[match.end():] if match.group(2) else document_xml[end + 9:]
        root = re.search(rb"<w:document\b[^>]*>", self._doc_prefix)
        self._doc_ns = {(m.group(1) or b"", m.group(2)) for m in _XMLNS.finditer(root.group(0))} if root else set()

    def _build_plan(self, base: bytes) -> None:
        """Which zip entries are copied as stored and which are rendered for each document."""
        static: dict[str, bytes] = {}
        for part in self._parts:
            if not _HAS_TAG.search(part.source):  # no tags: the same for every document
                static[part.member] = self._finish(part, self._run(part, {}, time.monotonic() + 60))
                part.template = None  # type: ignore[assignment]
        self._parts = [p for p in self._parts if p.template is not None]
        self._by_member = {p.member: p for p in self._parts}
        rendered = {p.member for p in self._parts} | {self._core_member}
        for name, entry in raw_entries(base):
            if name in rendered:
                self._plan.append(name)
            elif name in static:
                self._plan.append(ZipEntry.deflate(name, static[name], _LEVEL_ONCE))
            else:
                self._plan.append(entry)

    # ----------------------------------------------------------------- rendering

    def variables(self) -> set[str]:
        """Top-level variables the template uses without setting them (for lint)."""
        return set(self._variables)

    def render(
        self,
        context: Mapping[str, Any],
        *,
        modified: dt.datetime,
        title: str | None = None,
    ) -> Rendered:
        """One .docx from the context; TemplateError (located, in Chinese) if it cannot render.

        ``modified`` becomes the document's created and modified time and ``title`` its
        title property, so the same inputs always give the same bytes.
        """
        ctx = dict(context)
        found: list[Any] = []
        images: list[Any] = []
        token_found, token_images = FOUND.set(found), IMAGES.set(images)
        try:
            deadline = time.monotonic() + self.max_seconds
            texts = {p.member: self._run(p, ctx, deadline) for p in self._parts}
            properties = {p.prop: self._run(p, ctx, deadline) for p in self._props}
        finally:
            FOUND.reset(token_found)
            IMAGES.reset(token_images)
        warnings = self._warnings(found, ctx)
        if title is not None and ILLEGAL.search(title):
            warnings.append(Problem(f"文档标题中有 Word 文档不允许的控制字符（{_codes(title)}），已删除",
                                    Location(file=self.name), show_value(title), "warning"))
        if images:  # placed as "" above; docxtpl adds the pictures as parts
            return Rendered(self._render_slow(ctx, modified, title, properties), warnings, True)
        entries: list[ZipEntry] = []
        for item in self._plan:
            if isinstance(item, ZipEntry):
                entries.append(item)
            elif item == self._core_member:
                entries.append(ZipEntry.deflate(item, self._core(modified, title, properties), _LEVEL_EACH))
            else:
                entries.append(ZipEntry.deflate(item, self._finish(self._by_member[item], texts[item]), _LEVEL_EACH))
        return Rendered(write_zip(entries), warnings)

    def _run(self, part: _Part, ctx: dict[str, Any], deadline: float) -> str:
        """Jinja output of one part, stopped if it grows too large or takes too long."""
        chunks: list[str] = []
        size = 0
        stream = part.template.generate(ctx)
        token = BUDGET.set(Budget(deadline, self.max_seconds, self.max_chars, self.max_chars))
        try:
            while batch := list(islice(stream, 512)):  # checks per batch keep this loop in C
                chunks += batch
                size += sum(map(len, batch))
                if size > self.max_chars:
                    raise LimitError(f"生成的内容超过 {self.max_chars} 字，可能是循环次数太多")
                if time.monotonic() > deadline:
                    raise LimitError(f"生成一份文档超过 {self.max_seconds:g} 秒，可能是循环次数太多")
        except HouqinError:
            raise
        except MemoryError:
            raise TemplateError(Problem(
                f"模板「{self.name}」{part.label}无法生成：内容太大，内存不足，可能是循环次数太多",
                Location(file=self.name, sheet=part.label))) from None
        except RecursionError:
            raise TemplateError(Problem(
                f"模板「{self.name}」{part.label}无法生成：宏（macro）无休止地调用自己",
                Location(file=self.name, sheet=part.label))) from None
        except Exception as err:  # noqa: BLE001 - from the template's code: locate it
            if isinstance(err, JinjaTemplateError) or _template_line(err) is not None:
                raise TemplateError(self._render_problem(err, part, ctx)) from None
            raise
        finally:
            BUDGET.reset(token)
        return "".join(chunks)

    def _finish(self, part: _Part, text: str) -> bytes:
        """docxtpl's post-processing of rendered text (``render_xml_part``) to the part's bytes."""
        text = text.replace("\n<w:p>", "<w:p>").replace("\n<w:p ", "<w:p ")  # undo _PARA_SPLIT
        text = text.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if any(c in text for c in _LISTING_CHARS):
            text = DocxTemplate.resolve_listing(None, text)  # type: ignore[arg-type]
        data = text.encode("utf-8")
        try:
            if part.kind == "hdrftr":  # docxtpl: XmlPart.load(parse_xml) then python-docx saves
                return serialize_part_xml(parse_xml(data))
            tree = etree.fromstring(data, _strict_parser())
        except etree.XMLSyntaxError as err:
            raise TemplateError(self._xml_problem(err, part, text)) from None
        if part.kind == "footnotes":  # docxtpl stores the rendered text as is
            return data
        changed = False
        if _tables_need_fixing(tree):
            changed = True
            try:
                tree = DocxTemplate.fix_tables(None, text)  # type: ignore[arg-type]
            except (ValueError, TypeError, AttributeError) as err:
                raise TemplateError(Problem(
                    f"模板「{self.name}」{part.label}中的表格无法调整列数（{err}）：请检查表格的合并单元格和"
                    "{%tc %}、{% colspan %} 标记", Location(file=self.name, sheet=part.label))) from None
        for number, element in enumerate(tree.iter(_WP_DOCPR), 1001):  # docxtpl's fix_docpr_ids
            element.attrib["id"] = str(number)
            changed = True
        if part.kind == "body" and keep_closing_rows(tree):
            changed = True
        # Unchanged, the text just parsed is the body: serialising the tree again (as docxtpl
        # does) gives the same XML after canonicalisation, only slower.
        body = etree.tostring(tree, encoding="UTF-8", xml_declaration=False) if changed else data
        return self._doc_prefix + self._strip_body_ns(body) + self._doc_suffix

    def _strip_body_ns(self, body: bytes) -> bytes:
        """Drop namespace declarations the document element already makes (as lxml does)."""
        match = _BODY_START.match(body)
        if match is None or not match.group(1):
            return body
        kept = [m.group(0) for m in _XMLNS.finditer(match.group(1))
                if (m.group(1) or b"", m.group(2)) not in self._doc_ns]
        start = b"<w:body" + b"".join(b" " + k for k in kept) + (b"/>" if match.group(2) else b">")
        return start + body[match.end():]

    def _prepare_core(self) -> None:
        """core.xml as text with slots, so a render fills in strings instead of building XML."""
        element = parse_xml(self._core_xml)
        props = CoreProperties(element)
        self._title = props.title or ""
        slots = {prop: f"HOUQINSLOT{prop.upper()}X" for prop in {"title", *(p.prop for p in self._props)}}
        self._set_properties(props, _SLOT_TIME, None, slots)
        text = serialize_part_xml(element).decode("utf-8")
        text = text.replace(_SLOT_TIME.strftime(_W3CDTF), "HOUQINSLOTTIMEX")
        self._core_pieces = re.split(r"HOUQINSLOT([A-Z]+)X", text)  # odd items: slot names

    def _core(self, modified: dt.datetime, title: str | None, rendered: Mapping[str, str]) -> bytes:
        """docProps/core.xml with the rendered properties and fixed times, never the clock."""
        if modified.tzinfo is not None:
            modified = modified.astimezone(dt.UTC).replace(tzinfo=None)
        values = {"TIME": modified.strftime(_W3CDTF)}
        for prop, value in rendered.items():
            values[prop.upper()] = html.escape(value[:255], quote=False)
        if title is not None:
            values["TITLE"] = html.escape(ILLEGAL.sub("", title)[:255], quote=False)
        values.setdefault("TITLE", html.escape(self._title, quote=False))
        pieces = self._core_pieces
        return "".join(values[p] if i % 2 else p for i, p in enumerate(pieces)).encode("utf-8")

    @staticmethod
    def _set_properties(props: CoreProperties, modified: dt.datetime, title: str | None,
                        rendered: Mapping[str, str]) -> None:
        if modified.tzinfo is not None:
            modified = modified.astimezone(dt.UTC).replace(tzinfo=None)
        values = dict(rendered)
        if title is not None:
            values["title"] = ILLEGAL.sub("", title)
        for prop, value in values.items():
            setattr(props, prop, value[:255])
        props.created = modified
        props.modified = modified
        props.last_modified_by = MODIFIED_BY
        props.revision = 1

    def _render_slow(self, ctx: dict[str, Any], modified: dt.datetime, title: str | None,
                     properties: Mapping[str, str]) -> bytes:
        """docxtpl itself, for documents with images; then fixed properties and zip dates."""
        tpl = _OrderedTemplate(io.BytesIO(self._source))
        token = IMAGES.set(tpl)
        try:
            tpl.render(ctx, jinja_env=self._env, autoescape=True)
            keep_closing_rows(tpl.docx.element.body)
            self._set_properties(tpl.docx.core_properties, modified, title, properties)
            out = io.BytesIO()
            tpl.save(out)
        except HouqinError:
            raise
        except Exception as err:  # noqa: BLE001 - the fast pass rendered it; report, don't crash
            raise TemplateError(Problem(
                "插入图片时出错：有一张照片无法读取或不是 Word 能插入的格式（JPG、PNG、GIF、BMP）；"
                "请运行 houqin check 查看是哪一行的照片", Location(file=self.name))) from err
        finally:
            IMAGES.reset(token)
        return _rezip(out.getvalue())

    # ----------------------------------------------------------------- messages

    def _warnings(self, found: list[Any], ctx: Mapping[str, Any]) -> list[Problem]:
        problems: list[Problem] = []
        seen: set[tuple[str, str]] = set()
        for value in found:
            rich = isinstance(value, RichText | RichTextParagraph | Listing)
            raw, illegal = (value.xml, ILLEGAL_RICH) if rich else (value, ILLEGAL)
            path = _find_value(ctx, value) or "某个变量"
            cleaned = illegal.sub("", raw)
            if (path, cleaned) in seen:
                continue
            seen.add((path, cleaned))
            problems.append(Problem(
                f"「{path}」的值中有 Word 文档不允许的控制字符（{_codes(raw, illegal)}），已删除",
                Location(file=self.name), show_value(cleaned), "warning"))
        return problems

    def _available(self, ctx: Mapping[str, Any]) -> list[str]:
        return self.known or sorted(k for k in ctx if isinstance(k, str))

    def _render_problem(self, err: Exception, part: _Part, ctx: Mapping[str, Any]) -> Problem:
        line = _template_line(err)
        where = Location(file=self.name, sheet=part.label)
        tpl = f"模板「{self.name}」{part.label}"
        if isinstance(err, MissingValue):
            name = err.name or _quoted(str(err)) or "?"
            text = _nearby(part, line, name)
            if err.owner is missing:
                available = self._available(ctx)
                hint = "；模板需要它，但这份文档的数据中没有" if name in available else _suggest(name, available)
                return Problem(f"{tpl}中的变量「{name}」没有提供{text}{hint}", where, name)
            expr = _attribute_expr(text, name)
            keys = [str(k) for k in err.owner] if isinstance(err.owner, Mapping) else [
                a for a in dir(err.owner) if not a.startswith("_")]
            hint = _suggest(name, keys, "可用的有")
            return Problem(f"{tpl}中的「{expr}」没有提供：数据中没有「{name}」这一项{text}{hint}", where, name)
        if isinstance(err, LimitError):
            return Problem(f"{tpl}无法生成：{err}{_nearby(part, line, '')}", where)
        if isinstance(err, SecurityError):
            attr = _quoted(str(err)) or ""
            return Problem(
                f"{tpl}中的标记试图访问不允许的内容「{attr}」，已拒绝（模板只能使用提供的数据）"
                f"{_nearby(part, line, attr)}", where, attr)
        if isinstance(err, UndefinedError):
            return Problem(f"{tpl}中有没有提供的值：{err}{_nearby(part, line, '')}", where)
        return Problem(f"{tpl}中的标记无法计算（{_reason(err)}）{_nearby(part, line, '')}", where)

    def _syntax_problem(self, err: TemplateSyntaxError, source: str, label: str) -> Problem:
        where = Location(file=self.name, sheet=label)
        message = err.message or str(err)
        lines = source.splitlines()
        line = err.lineno
        if message.startswith("Unexpected end of template") or "innermost block" in message:
            opener = _unclosed_block(source)
            if opener:
                word, line = opener
                what = f"「{{% {word} %}}」没有对应的「{{% end{word} %}}」"
            else:
                what = "的语句标记 {% %} 没有正确结束或不成对"
            if message.startswith("Encountered unknown tag"):
                tag = _quoted(message) or ""
                what = f"有多余的「{{% {tag} %}}」，或前面的块没有结束：{what}"
        elif message.startswith("Encountered unknown tag"):
            tag = _quoted(message) or ""
            what = f"有不认识的标记「{{% {tag} %}}」"
            if tag in ("tr", "tc", "p", "r"):
                what += f"（「{{%{tag} … %}}」要放在{_TAG_PLACE[tag]}中，且与其他文字分开）"
        elif message.startswith("No filter named") or message.startswith("No test named"):
            what = f"用了不存在的过滤器「{_quoted(message)}」"
        else:
            what = f"的标记写法有误（{message}）"
        text = _line_text(lines, line) if line else ""
        shown = f"（附近文字：“{_clip(text)}”）" if text else ""
        return Problem(f"模板「{self.name}」{label}中{what}{shown}", where)

    def _xml_problem(self, err: etree.XMLSyntaxError, part: _Part, text: str) -> Problem:
        """Rendered XML that does not parse: a block tag that cuts across paragraphs or runs."""
        where = Location(file=self.name, sheet=part.label)
        return Problem(
            f"模板「{self.name}」{part.label}生成的内容不是有效的 Word 结构：某个 {{% if %}}/{{% for %}} "
            f"可能跨越了段落或表格单元格，跨段落时请用 {{%p … %}}，表格行用 {{%tr … %}}（{err}）", where)


_TAG_PLACE = {"tr": "表格行", "tc": "表格单元格", "p": "单独一段", "r": "一段文字"}


# --------------------------------------------------------------------------- helpers


def _part_label(member: str, kind: str) -> str:
    if kind == "body":
        return "正文"
    if kind == "footnotes":
        return "脚注"
    return "页眉" if "header" in member else "页脚"


#: lxml parsers must not be shared between threads.
_PARSERS = threading.local()


def cell_shading_in_order(xml: str) -> str:
    """Move the w:shd docxtpl's ``{% cellbg %}`` writes first in w:tcPr to where the schema has it.

    Word is strict about the order of a cell's properties (tcW, gridSpan, vMerge, tcBorders,
    shd, …); LibreOffice is not, so only a schema check sees it.
    """
    return _SHD_FIRST.sub(r"\1\3\2", xml)


class _OrderedTemplate(DocxTemplate):
    """docxtpl whose source patching (tags joined across runs, cellbg, …) keeps schema order."""

    def patch_xml(self, src_xml: str) -> str:
        return cell_shading_in_order(super().patch_xml(src_xml))


def _strict_parser() -> etree.XMLParser:
    parser = getattr(_PARSERS, "strict", None)
    if parser is None:
        parser = _PARSERS.strict = etree.XMLParser(resolve_entities=False, no_network=True)
    return parser


def _tables_need_fixing(tree: etree._Element) -> bool:
    """Whether docxtpl's fix_tables would change anything (it costs a second parse).

    It does only when a row has more cells than the grid has columns, or no row spans all
    of them (``{%tc %}`` loops, cells left out by ``{% if %}``). Walks children in C:
    lxml's ``find`` goes through Python.
    """
    for table in tree.iter(_TBL):
        grid = next(table.iterchildren(_TBLGRID), None)
        if grid is None or sum(1 for _ in table.iter(_TBL)) > 1:
            return True  # no grid, or nested tables: let docxtpl decide exactly as it would
        columns = sum(1 for _ in grid.iterchildren(_GRIDCOL))
        widest = spans = cells = total = 0
        for element in table.iter(_TR, _TC, _GRIDSPAN):  # one pass in document order
            tag = element.tag
            if tag == _TR:
                widest, spans, cells, total = max(widest, cells), max(spans, total), 0, 0
            elif tag == _TC:
                cells += 1
                total += 1
            else:
                try:
                    total += int(element.get(_VAL, "1")) - 1
                except ValueError:
                    return True  # docxtpl's fix_tables reports it
        widest, spans = max(widest, cells), max(spans, total)
        if widest > columns or spans < columns:
            return True
    return False


def _template_line(err: BaseException) -> int | None:
    """The template line (one paragraph each) where a render failed, from Jinja's traceback."""
    line = getattr(err, "lineno", None)
    for frame, lineno in traceback.walk_tb(err.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = lineno
    return line


def _line_text(lines: list[str], line: int) -> str:
    if not 0 < line <= len(lines):
        return ""
    return html.unescape(_XML_TAG.sub("", lines[line - 1])).strip()


#: A Chinese reason for the exceptions a template's expression can raise (never Python's English).
_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (ZeroDivisionError, "除数为零"),
    (OverflowError, "数太大，无法计算"),
    (RecursionError, "嵌套或重复调用太深"),
    (KeyError, "取的项在数据中不存在"),
    (IndexError, "取的序号超出了列表的长度"),
    (AttributeError, "取的属性在数据中不存在"),
    (TypeError, "值的类型不能这样计算，如把文字和数字相加、对空白的值计算或调用不能调用的值"),
    (ValueError, "值无法转换，如把文字当作数字"),
)


def _reason(err: BaseException) -> str:
    return next((text for kind, text in _REASONS if isinstance(err, kind)), "计算时出错")


def _nearby(part: _Part, line: int | None, name: str) -> str:
    """（附近文字：“…”）: the paragraph around the failing tag, as a person sees it in Word."""
    lines = part.source.splitlines() or [part.source]
    text = _line_text(lines, line) if line else ""
    if name and (not text or name not in text):
        pattern = re.compile(r"\{[{%][^}%]*\b" + re.escape(name) + r"\b")
        text = next((t for t in (_line_text(lines, i) for i in range(1, len(lines) + 1))
                     if pattern.search(t)), text)
    return f"（附近文字：“{_clip(text, name)}”）" if text else ""


def _clip(text: str, name: str = "", limit: int = 60) -> str:
    """At most ``limit`` characters, centred on ``name`` when the paragraph is long."""
    if len(text) <= limit:
        return text
    at = text.find(name) if name else -1
    start = max(0, min(at - limit // 2, len(text) - limit)) if at >= 0 else 0
    return ("…" if start else "") + text[start:start + limit] + ("…" if start + limit < len(text) else "")


def _suggest(name: str, available: list[str], listing: str = "可用的变量有") -> str:
    near = difflib.get_close_matches(name, available, n=1, cutoff=0.5)
    listed = "、".join(available[:30]) + ("等" if len(available) > 30 else "")
    if near:
        return f"；是否应为「{near[0]}」？{listing}：{listed}"
    return f"；{listing}：{listed}" if available else ""


def _attribute_expr(text: str, name: str) -> str:
    match = re.search(r"([A-Za-z_\u4e00-\u9fff][\w.\u4e00-\u9fff]*)\.\s*" + re.escape(name) + r"\b", text)
    return f"{match.group(1)}.{name}" if match else name


def _quoted(message: str) -> str | None:
    match = re.search(r"'([^']*)'", message)
    return match.group(1) if match else None


def _codes(text: str, illegal: re.Pattern[str] = ILLEGAL) -> str:
    return "、".join(sorted({f"U+{ord(c):04X}" for c in illegal.findall(text)}))


_BLOCKS = {"for", "if", "with", "macro", "call", "filter", "block", "raw", "autoescape"}
_BLOCK_TAG = re.compile(r"\{%-?\s*(?:(?:tr|tc|p|r)\s+)?(end)?(\w+)")


def _unclosed_block(source: str) -> tuple[str, int] | None:
    """The innermost block opened and never closed, and its line (for the message)."""
    stack: list[tuple[str, int]] = []
    for number, line in enumerate(source.splitlines(), 1):
        for match in _BLOCK_TAG.finditer(line):
            end, word = match.groups()
            if word not in _BLOCKS:
                continue
            if not end:
                stack.append((word, number))
            elif stack and stack[-1][0] == word:
                stack.pop()
    return stack[-1] if stack else None


def _find_value(ctx: Mapping[str, Any], target: Any, limit: int = 5000) -> str | None:
    """Where in the context a value came from (``rows[3].name``), to name it in a warning."""
    candidates = deque((str(k), v) for k, v in ctx.items())
    contained: str | None = None
    seen = 0
    while candidates and seen < limit:
        path, value = candidates.popleft()
        seen += 1
        if value is target or (isinstance(value, str) and value == target):
            return path
        if (contained is None and isinstance(value, str) and isinstance(target, str)
                and ILLEGAL.search(value) and value in target):
            contained = path
        if isinstance(value, Mapping):
            candidates += [(f"{path}.{k}", v) for k, v in value.items()]
        elif isinstance(value, list | tuple):
            candidates += [(f"{path}[{i}]", v) for i, v in enumerate(value)]
    return contained
