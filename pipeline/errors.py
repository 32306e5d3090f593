"""Located problems and the typed errors that carry them.

Every layer that knows a location (file, sheet, row, column) attaches it here, so the
CLI can print one Chinese line per problem without knowing where it came from.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
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


class TemplateError(HouqinError):
    """A template cannot be used as it is: exit status 1, with the place in the template."""


class InputError(HouqinError):
    """The user's inputs or settings are wrong: exit status 1, nothing written."""


class WorkspaceError(HouqinError):
    """The workspace itself is unusable (missing, or would be overwritten)."""


class UsageError(HouqinError):
    """The command asked for something that cannot be (a --period outside the term): the
    command line's usage error, exit status 2, nothing written."""


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


#: Windows' own codes for "another program has this file open" (ERROR_SHARING_VIOLATION,
#: ERROR_LOCK_VIOLATION): the only PermissionErrors that mean Excel/WPS holds the file.
_SHARING_VIOLATIONS = (32, 33)
#: The file an unexpected error's traceback is written to, for a bug report.
ERROR_LOG = ".houqin-error.log"


def shown_path(filename: object, root: Path | None = None) -> str:
    """A path as the person knows it: relative to the workspace when inside it, POSIX slashes."""
    if isinstance(filename, bytes):
        filename = os.fsdecode(filename)
    if not isinstance(filename, (str, os.PathLike)) or not str(filename):
        return ""
    path = Path(filename)
    if root is not None:
        with contextlib.suppress(OSError, ValueError):
            base = root.resolve()
            full = path if path.is_absolute() else Path.cwd() / path
            full = full.parent.resolve() / full.name
            if full == base:
                return base.name or base.as_posix()
            if full.is_relative_to(base):
                return full.relative_to(base).as_posix()
    return str(path)  # outside the workspace: as the system writes it (backslashes on Windows)


def _first_file(path: Path) -> Path | None:
    """The first component of ``path`` that exists and is not a folder (why ENOTDIR came)."""
    for parent in [*reversed(path.parents), path]:
        if parent.exists() and not parent.is_dir():
            return parent
    return None


#: Windows' ERROR_WRITE_PROTECT (a write-protected USB stick), which Python maps to EACCES.
_WRITE_PROTECT = 19
#: Name start of houqin's temporary files (output.TEMP_PREFIX; output imports this module).
_TEMP = ".~houqin-"


def _path_of(err: OSError) -> Path | None:
    """The file an error is about: of a rename (``os.replace(tmp, target)``) the target,
    not houqin's temporary file."""
    paths = [Path(os.fsdecode(p)) for p in (err.filename, getattr(err, "filename2", None))
             if isinstance(p, (str, bytes, os.PathLike)) and str(p)]
    return next((p for p in paths if not p.name.startswith(_TEMP)), paths[0] if paths else None)


def is_sharing_violation(err: OSError) -> bool:
    """Excel/WPS/Word holds the file: Windows' sharing or lock violation, or a permission
    refusal on Windows for a file that exists (a folder refusal is a real permission one)."""
    if getattr(err, "winerror", None) in _SHARING_VIOLATIONS:
        return True
    path = _path_of(err)
    if os.name == "nt" and isinstance(err, PermissionError) and path is not None:
        with contextlib.suppress(OSError, TypeError, ValueError):
            return path.is_file()
    return False


_REASONS = {
    errno.ENOENT: "找不到文件或文件夹", errno.EACCES: "没有权限", errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘空间不足", errno.EROFS: "磁盘是只读的", errno.ENAMETOOLONG: "文件名或路径太长",
    errno.ENOTDIR: "路径中有一项不是文件夹", errno.EISDIR: "这是一个文件夹", errno.EEXIST: "已经存在",
    errno.EADDRINUSE: "端口已被占用", errno.EADDRNOTAVAIL: "本机没有这个地址", errno.EIO: "磁盘读写出错",
    errno.EMFILE: "打开的文件太多", errno.ENOEXEC: "不是可以运行的程序",
}


def os_reason(err: OSError) -> str:
    """A few Chinese words for what the system refused, where a message quotes the reason
    (never the system's own English text)."""
    if is_sharing_violation(err):
        return "文件正被其他程序打开"
    return _REASONS.get(err.errno or -1, f"系统错误代码 {err.errno}" if err.errno is not None else "系统错误")


def describe_os_error(err: OSError, root: Path | None = None) -> str:
    """What the operating system refused, in Chinese: which file or folder, and what to do.

    ``root`` is the workspace, so paths inside it are shown as `outputs/…`. Never the
    system's own (English) text.
    """
    path = _path_of(err)
    folder = shown_path(path.parent, root) if path is not None else ""
    if path is not None and path.name.startswith(_TEMP):
        path = path.parent  # the temporary file of an atomic write: its folder is what matters
    name = shown_path(path, root) if path is not None else ""
    code = errno.EROFS if getattr(err, "winerror", None) == _WRITE_PROTECT else err.errno
    if is_sharing_violation(err):
        return file_in_use(path)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        where = f"文件夹「{folder}」所在的磁盘" if folder else "磁盘"
        return (f"磁盘空间不足：{where}已满" + (f"，无法写入「{name}」" if name else "") +
                "。请删除不需要的文件（或清空回收站）腾出空间后重试；已有的文件都是完整的，没有写了一半的文件。")
    if code == errno.EROFS:
        if path is not None and not path.is_dir():
            name = folder  # the folder is read-only, not this one file
        return (f"「{name or '这个文件夹'}」在只读的磁盘上（如写保护的 U 盘、光盘或只读的网络共享），无法写入。"
                "请把工作区复制到可以写入的文件夹（如“文档”或 D 盘）后重试。")
    if code in (errno.EACCES, errno.EPERM):
        return (f"没有权限读写「{name or '这个文件或文件夹'}」。请在它的“属性 › 安全”中给自己写入权限，"
                "或把工作区复制到自己的文件夹（如“文档”）后重试。")
    if code == errno.ENAMETOOLONG:
        return ("文件名或路径太长" + (f"：「{name}」" if name else "") +
                "。请把工作区放到路径更短的文件夹（如 D:\\后勤），或缩短表格中用作文件名的文字（如检查部位、姓名）。")
    if code in (errno.ENOTDIR, errno.EEXIST):
        blocker = _first_file(path) if path is not None else None
        shown = shown_path(blocker, root) if blocker is not None else name
        return (f"「{shown or '路径中的一项'}」应是一个文件夹，但现在是一个文件；"
                "请把这个文件改名或移走后重试。")
    if code == errno.EISDIR:
        return f"「{name or '这个文件'}」应是一个文件，但现在是一个文件夹；请把这个文件夹改名或移走后重试。"
    if code == errno.ENOENT:
        return f"找不到「{name or '文件'}」：它可能刚被移走或删除；请确认它在原处后重试。"
    if code in (errno.EMFILE, errno.ENFILE):
        return "同时打开的文件太多，系统拒绝再打开；请关闭一些程序后重试。"
    if code == errno.EIO:
        return (f"读写「{name or '文件'}」时磁盘出错；请检查磁盘、U 盘或网络共享是否连接正常，"
                "把工作区复制到本机硬盘后重试。")
    number = f"（系统错误代码 {code}）" if code is not None else ""
    return f"无法读写「{name or '文件'}」{number}；请确认这个文件和它所在的文件夹都能正常打开后重试。"


def _summary(err: BaseException) -> str:
    """Where in houqin an unexpected error came from, in one line, without its English text."""
    import traceback

    frames = traceback.extract_tb(err.__traceback__)
    ours = [f for f in frames if "pipeline" in Path(f.filename).parts or Path(f.filename).name == "cli.py"]
    frame = (ours or frames or [None])[-1]
    where = f"（{Path(frame.filename).name} 第 {frame.lineno} 行）" if frame is not None else ""
    if isinstance(err, MemoryError):
        return f"内存不足{where}；请关闭其他程序后重试，并检查表格中是否有远在右下角的内容或格式"
    if isinstance(err, RecursionError):
        return f"内容嵌套太深，无法处理{where}；请检查模板或设置中层层嵌套的部分"
    return f"出现了意外的程序错误{where}"


def write_error_log(root: Path | None, err: BaseException, notes: Iterable[str] = ()) -> Path | None:
    """The full traceback, for a bug report: `outputs/.houqin-error.log`, else the workspace
    folder, else the temporary folder; None when none of them can be written."""
    import datetime as dt
    import tempfile
    import traceback

    text = "".join([
        f"houqin {__import__('pipeline').__version__} 内部错误 {dt.datetime.now().isoformat(timespec='seconds')}\n",
        f"python {sys.version.split()[0]} on {sys.platform}\n",
        *traceback.format_exception(err),
        *(f"warning: {note}\n" for note in notes),
    ])
    candidates = [root / "outputs", root] if root is not None else []
    if root is not None and root.is_dir() and not os.path.lexists(root / "outputs"):
        with contextlib.suppress(OSError):
            (root / "outputs").mkdir()
    for folder in [*candidates, Path(tempfile.gettempdir())]:
        if not folder.is_dir() or folder.is_symlink():
            continue
        target = folder / ERROR_LOG
        try:
            target.write_text(text, encoding="utf-8")
        except OSError:
            continue
        return target
    return None


def internal_error(err: BaseException, log: Path | None, root: Path | None = None) -> str:
    """The one message for a bug in houqin: what happened in a line, where the details are."""
    if log is not None:
        shown = shown_path(log, root)
        where = f"工作区的 {shown}" if not Path(shown).is_absolute() else str(log)
        told = f"详细信息已写入 {where}，请把这个文件发给 houqin 的维护者。"
    else:
        told = ""
    return f"houqin 内部错误：{_summary(err)}。{told}已写入的文件都是完整的，没有写了一半的文件。"
