"""Checking a Word template before anything renders with it.

People edit templates in Word and WPS, which split text into runs, turn quotes into
curly ones and let a brace go missing. Every tag problem is reported with the paragraph
(or table cell) text around it, so a person can find it with Ctrl+F.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
import zlib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import Location, Problem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PART_NAMES = {"word/document.xml": "正文"}
CURLY = "‘’“”"
_TAG = re.compile(r"\{[{%#]|[}%#]\}")
_VAR_START = re.compile(r"\{\{-?\s*([A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*)")
#: `x.__class__`, `x['_secret']`: reaching into Python internals, which the sandbox refuses.
_PRIVATE = re.compile(r"\.\s*_|\[\s*['\"‘“]_")
#: Loading other templates or files, which a form never needs.
_LOADING = re.compile(r"\{%-?\s*(?:import|include|extends|from)\b")
#: Names that only reach Python, files or the environment (all refused by the sandbox at render),
#: when called or looked into: ``open(…)``, ``os.environ``; a bare ``{{ open }}`` is a variable
#: (安全工作月报 has one: hazards still open).
_DANGEROUS = re.compile(
    r"(?<![.\w])(open|os|sys|environ|eval|exec|compile|__import__|__builtins__|globals|locals|getattr|"
    r"setattr|subprocess|lipsum|cycler|joiner|self|config|request)\s*[(.\[]")
#: ``range(10**9)``, ``'x' * 100000000``: a power, or a number of six digits or more that a
#: range or a repetition uses. A large number on its own is ordinary (``total > 100000``).
_HUGE = re.compile(r"\*\*|range\s*\([^)]*(?<![\w.])\d{6,}|\*\s*\(?\s*\d{6,}|(?<![\w.])\d{6,}\s*\)?\s*\*")
#: Tags that docxtpl moves out of their paragraph, row, cell or run.
_BLOCK_TAG = re.compile(r"\{%-?\s*(?:[prc]|tr|tc)?\s*(for|endfor|if|elif|else|endif|set|with|endwith)\b")


#: A document type declaration, in the encodings an XML part may have (UTF-8, UTF-16 LE/BE).
_DOCTYPE = [re.compile(word.encode(enc), re.IGNORECASE)
            for enc in ("utf-8", "utf-16-le", "utf-16-be") for word in ("<!DOCTYPE", "<!ENTITY")]
_CHUNK = 1024 * 1024


def _declares_doctype(handle: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a part holds `<!DOCTYPE` or `<!ENTITY`, read in chunks (a part may be large)."""
    tail = b""
    with handle.open(info) as part:
        while chunk := part.read(_CHUNK):
            data = tail + chunk
            if any(p.search(data) for p in _DOCTYPE):
                return True
            tail = data[-32:]
    return False


def doctype_problem(source: bytes | Path, name: str) -> Problem | None:
    """A template part that declares a DOCTYPE or ENTITY, refused before any parser sees it.

    Word, WPS and Excel never write one; an `<!ENTITY … SYSTEM "file:///…">` is an attempt to
    read a file of this computer into the document (XXE). A file that is not a zip is left
    to the reader, which says so in its own words; a bomb to ``template_oversize``.
    """
    try:
        handle = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError):
        return None
    with handle:
        for info in handle.infolist():
            if info.is_dir():
                continue
            try:
                found = _declares_doctype(handle, info)
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError, EOFError, zlib.error):
                return None  # damaged or encrypted: the reader reports it
            if found:
                return Problem(
                    f"模板中的「{info.filename}」含有 DOCTYPE/ENTITY 声明（可能试图读取本机的文件），已拒绝；"
                    "Word、WPS 和 Excel 保存的文件不会有这种内容，请在 Word/WPS/Excel 中打开后另存一份再用",
                    Location(file=name), info.filename)
    return None


@dataclass(frozen=True)
class Paragraph:
    part: str
    index: int
    text: str
    in_table: bool

    def where(self, template: str) -> Location:
        place = f"{self.part}{'表格中' if self.in_table else ''}第{self.index}段"
        return Location(file=template, sheet=place)


def _part_label(name: str) -> str:
    if name in PART_NAMES:
        return PART_NAMES[name]
    if "header" in name:
        return "页眉"
    if "footer" in name:
        return "页脚"
    return name


def paragraphs(path: Path) -> Iterator[Paragraph]:
    """Every paragraph's visible text in the body, headers and footers, in order."""
    with zipfile.ZipFile(path) as archive:
        names = ["word/document.xml"] + sorted(
            n for n in archive.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
        for name in names:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
            root = etree.fromstring(archive.read(name), parser)
            for i, p in enumerate(root.iter(f"{W}p"), 1):
                text = "".join(t.text or "" for t in p.iter(f"{W}t"))
                in_table = any(a.tag == f"{W}tc" for a in p.iterancestors())
                yield Paragraph(_part_label(name), i, text, in_table)


def context_text(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: A tag typed with a Chinese input method: `｛｛ post ｝｝`, `｛％ if … ％｝`, or half of one so.
_WIDE_TAG = re.compile(r"[{｛][{｛%％].*?[}｝%％][}｝]|｛｛|｝｝|｛％|％｝")
_HALF_WIDTH = str.maketrans({"｛": "{", "｝": "}", "％": "%", "\u3000": " "})
#: `{{ “preamble” }}`: the whole tag one quoted text, which prints the text, not the variable.
_QUOTED_ONLY = re.compile(r"\{\{-?\s*[“‘\"']\s*([^“”‘’\"']*?)\s*[”’\"']\s*-?\}\}")


def _wide_tags(template: str, para: Paragraph) -> list[Problem]:
    """Full-width braces print literally in every document; Word/WPS users type them by accident."""
    problems = []
    for match in _WIDE_TAG.finditer(para.text):
        tag = match.group()
        if set(tag) & set("｛｝％"):
            problems.append(Problem(
                f"「{tag}」用了全角括号，应为半角 {tag.translate(_HALF_WIDTH)}", para.where(template), tag))
    return problems


def _quoted_tag(tag: str, known: Collection[str]) -> str | None:
    """Why `{{ “preamble” }}` is a mistake: the quotes make the name text printed as it is."""
    match = _QUOTED_ONLY.fullmatch(tag)
    if not match or not any(q in tag for q in CURLY):
        return None
    word = match.group(1)
    said = (f"标记「{tag}」中的中文引号（Word 自动替换）让「{word}」成了固定文字，每份文档都会原样印出「{word}」")
    if word in known:
        return f"{said}；要印出变量「{word}」，应为 {{{{ {word} }}}}"
    return f"{said}；要印出变量请去掉引号，固定文字请直接写在模板中"


def lint_tags(template: str, items: Iterable[Paragraph], known: Collection[str] = ()) -> list[Problem]:
    """Problems a person can see in the text: unbalanced braces, curly quotes, blocks left open.

    ``known`` are the variable names the document provides, for what a quoted name meant.
    """
    problems: list[Problem] = []
    stack: list[tuple[str, Paragraph]] = []
    for para in items:
        text = para.text
        if not re.search(r"[{}｛｝]", text):
            continue
        where = para.where(template)
        problems.extend(_wide_tags(template, para))
        shown = f"（附近文字：“{context_text(text)}”）"
        opens = len(re.findall(r"\{\{", text)), len(re.findall(r"\{%", text))
        closes = len(re.findall(r"\}\}", text)), len(re.findall(r"%\}", text))
        if opens[0] != closes[0]:
            problems.append(Problem(f"变量标记 {{{{ }}}} 不成对：少了一个 {'}}' if opens[0] > closes[0] else '{{'}{shown}", where))
        if opens[1] != closes[1]:
            problems.append(Problem(f"语句标记 {{% %}} 不成对{shown}", where))
        if re.search(r"\{\s+\{|\}\s+\}|\{\s+%|%\s+\}", text):
            problems.append(Problem(f"标记中间多了空格（应写成 {{{{ 和 }}}}，{{% 和 %}}）{shown}", where))
        for tag in re.findall(r"\{[{%].*?[}%]\}", text):
            if _PRIVATE.search(tag):
                problems.append(Problem(
                    f"标记「{context_text(tag, 40)}」访问了以下划线开头的内部属性，模板中不允许{shown}", where))
            if m := _DANGEROUS.search(tag):
                problems.append(Problem(
                    f"标记「{context_text(tag, 40)}」使用了「{m.group(1)}」，试图运行代码、读取文件或环境，"
                    f"模板中不允许{shown}", where))
            if _HUGE.search(tag):
                problems.append(Problem(
                    f"标记「{context_text(tag, 40)}」中有乘方或很大的数，可能让文档无休止地变大或循环{shown}",
                    where))
            if _LOADING.search(tag):
                problems.append(Problem(
                    f"标记「{context_text(tag, 40)}」试图加载其他模板或文件，模板中不允许{shown}", where))
            if reason := _quoted_tag(tag, known):
                problems.append(Problem(f"{reason}{shown}", where))
            elif any(q in tag for q in CURLY):
                problems.append(Problem(
                    f"标记「{tag}」中有中文引号（Word 自动替换），已按英文引号处理{shown}", where,
                    severity="warning"))
        for match in _BLOCK_TAG.finditer(text):
            word = match.group(1)
            if word in ("for", "if", "with"):
                stack.append((word, para))
            elif word.startswith("end"):
                opener = word[3:]
                if stack and stack[-1][0] == opener:
                    stack.pop()
                else:
                    problems.append(Problem(f"多余的 {{% {word} %}}：前面没有对应的 {{% {opener} %}}{shown}", where))
    for word, para in stack:
        problems.append(Problem(
            f"{{% {word} %}} 没有对应的 {{% end{word} %}}（附近文字：“{context_text(para.text)}”）",
            para.where(template)))
    return problems


def lint_variables(
    template: str, used: Iterable[str], known: dict[str, str], items: Iterable[Paragraph]
) -> list[Problem]:
    """Variables the template uses that the document kind does not provide."""
    problems = []
    texts = list(items)
    names = sorted(known)
    for name in sorted(set(used) - set(known)):
        near = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
        hint = f"，是否应为「{near[0]}」（{known[near[0]]}）？" if near else f"；可用的有：{'、'.join(names)}"
        para = next((p for p in texts if re.search(r"\b" + re.escape(name) + r"\b", p.text)), None)
        where = para.where(template) if para else Location(file=template)
        around = f"（附近文字：“{context_text(para.text)}”）" if para else ""
        problems.append(Problem(f"模板中的变量「{name}」没有对应的数据{hint}{around}", where, name))
    return problems
