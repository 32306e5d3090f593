"""houqin 命令行：解析参数、调用 pipeline，并把结果和错误变成中文消息与退出码。

This is the only place that prints or exits: exit 0 on success, 1 on bad input (all
problems listed, nothing written), on what the system refused (a full disk, a read-only
folder: named, with what to do) and on a bug in houqin (one line; the traceback goes to
outputs/.houqin-error.log), 2 on usage errors (Click's own, and a --period outside the
term), 130 on Ctrl-C. Every command goes through ``handles_errors``.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any

import click

from pipeline import __version__
from pipeline.errors import HouqinError, Problem

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _echo_problems(problems: list[Problem], quiet: bool = False) -> None:
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    for problem in errors:
        click.echo(f"错误：{problem}", err=True)
    if not quiet:
        for problem in warnings:
            click.echo(f"警告：{problem}", err=True)


def _fail(err: HouqinError, quiet: bool) -> None:
    from pipeline.errors import UsageError

    if isinstance(err, UsageError):  # the command line asked for what cannot be: Click's status
        for problem in err.problems:
            click.echo(f"用法错误：{problem}", err=True)
        sys.exit(2)
    _echo_problems(err.problems, quiet)
    count = len(err.errors) or len(err.problems)
    if err.document:
        click.echo(f"出错的文档：outputs/{err.document}", err=True)
    if err.written:
        click.echo(f"共 {count} 处错误；出错前已写入 {err.written} 个完整的文件，其余未生成。请修改后重试。", err=True)
    else:
        click.echo(f"共 {count} 处错误，未写入任何文件。请修改后重试。", err=True)
    sys.exit(1)


def _root(func: Callable[..., Any], kwargs: dict[str, Any]) -> Path:
    """The workspace a command works in (`init`: the one it makes): where paths in messages
    are shown from, and where an unexpected error's log goes."""
    key = "directory" if func.__name__ == "init" else "workspace"
    found = kwargs.get(key)
    return found if isinstance(found, Path) else Path(".")


@contextmanager
def _library_logs(seen: deque[str]) -> Iterator[None]:
    """Libraries' log records (English, e.g. a font or image library's warning) are kept for
    the error log instead of reaching the terminal through logging's last-resort handler."""
    import logging

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(f"{record.levelname} {record.name}: {record.getMessage()}")

    handler, root = Keep(logging.WARNING), logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)


def handles_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """The one error boundary: every exception becomes a Chinese message and exit status 1.

    The package's typed errors list their problems; an operating-system refusal names the
    file or folder and what to do; anything else is a bug: `houqin 内部错误` in one line,
    the traceback in outputs/.houqin-error.log. Libraries' warnings (openpyxl's English
    UserWarnings) never reach the terminal: they go to that log if there is one.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import warnings

        from pipeline.errors import describe_os_error, internal_error, write_error_log

        quiet = bool(kwargs.get("quiet"))
        root = _root(func, kwargs)
        seen: deque[str] = deque(maxlen=50)
        with warnings.catch_warnings(), _library_logs(seen):
            warnings.simplefilter("default")

            def keep(message: Any, category: Any, filename: str, lineno: int, *_: Any, **__: Any) -> None:
                seen.append(f"{category.__name__}: {message} ({filename}:{lineno})")

            warnings.showwarning = keep
            try:
                return func(*args, **kwargs)
            except HouqinError as err:
                _fail(err, quiet)
            except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
                raise
            except KeyboardInterrupt:
                click.echo("已中断；outputs/ 中没有留下写了一半的文件。", err=True)
                sys.exit(130)
            except OSError as err:
                click.echo(f"错误：{describe_os_error(err, root)}", err=True)
                sys.exit(1)
            except Exception as err:  # noqa: BLE001 - a bug: one Chinese line, the rest in the log
                log = write_error_log(root, err, seen)
                click.echo(internal_error(err, log, root), err=True)
                sys.exit(1)

    return wrapper


def workspace_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "-w", "--workspace", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
        show_default="当前文件夹", help="工作区文件夹（含 houqin.toml 与 inputs/）。")(func)


def quiet_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("-q", "--quiet", is_flag=True, help="只输出错误，供脚本使用。")(func)


#: Arguments as a person would name them in a usage error.
ARGUMENT_NAMES = {"directory": "文件夹", "path": "模板文件的路径", "name": "模板名称"}


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _param_hint(err: click.BadParameter) -> str:
    """`--port`, `PATH`: the option's long name or the argument's, without Click's quotes."""
    param = err.param
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    if param is not None:
        return f"参数 {param.human_readable_name}"
    hint = err.param_hint
    if isinstance(hint, str):
        return hint.strip("'\"")
    return "参数" if hint is None else " / ".join(h.strip("'\"") for h in hint)


def _bad_value(message: str) -> str:
    """A Chinese reason for the value errors of Click's own types (English in Click)."""
    import re

    patterns = (
        (r"'?(.*?)'? is not a valid integer", lambda m: f"「{m[1]}」不是整数"),
        (r"'?(.*?)'? is not a valid float", lambda m: f"「{m[1]}」不是数"),
        (r"(.*?) is not in the range (-?\d+)<=x<=(-?\d+)", lambda m: f"「{m[1]}」应为 {m[2]} 到 {m[3]} 之间的整数"),
        (r"(.*?) is not in the range x?>=(-?\d+)", lambda m: f"「{m[1]}」应不小于 {m[2]}"),
        (r"(.*?) is not in the range x?<=(-?\d+)", lambda m: f"「{m[1]}」应不大于 {m[2]}"),
        (r"(?:Path|File|Directory) '(.*)' does not exist", lambda m: f"找不到「{m[1]}」；请检查路径"),
        (r"File '(.*)' is a directory", lambda m: f"「{m[1]}」是文件夹，这里应为文件"),
        (r"Directory '(.*)' is a file", lambda m: f"「{m[1]}」是文件，这里应为文件夹"),
        (r"(?:Path|File|Directory) '(.*)' is not (?:readable|writable)", lambda m: f"没有权限读写「{m[1]}」"),
        (r"'(.*)' is not one of (.*)\.", lambda m: "「" + m[1] + "」不是可选的值，应为 " + m[2].replace("'", "")),
    )
    for pattern, render in patterns:
        if match := re.match(pattern, message):
            return render(match)
    return message if _has_chinese(message) else "值无效"


def _usage_message(err: click.UsageError) -> str:
    """Click's usage error in Chinese: an unknown option or command (with the nearest one),
    a missing argument, a bad value, an option missing or given a value."""
    import difflib
    import re

    message = err.message
    if isinstance(err, click.NoSuchOption):
        near = err.possibilities or []
        hint = f"；是否应为「{'」或「'.join(near)}」？" if near else ""
        return f"没有「{err.option_name}」这个选项{hint}"
    unknown = getattr(err, "command_name", None) or (
        m[1] if (m := re.match(r"No such command '(.*)'", message)) else None)
    if unknown is not None:
        group = err.ctx.command if err.ctx else None
        names = group.list_commands(err.ctx) if isinstance(group, click.Group) and err.ctx else []
        near = difflib.get_close_matches(unknown, names, n=2)
        hint = f"；是否应为「{'」或「'.join(near)}」？" if near else ""
        return f"没有「{unknown}」这个命令{hint}"
    if isinstance(err, click.MissingParameter):
        param = err.param
        if isinstance(param, click.Argument):
            what = ARGUMENT_NAMES.get(param.name or "", "")
            return f"缺少参数 {param.human_readable_name}" + (f"（{what}）" if what else "")
        return f"缺少选项 {_param_hint(err)}"
    if isinstance(err, click.BadParameter):
        return f"{_param_hint(err)}：{_bad_value(message)}"
    if match := re.match(r"Option '(.*)' requires an argument", message):
        return f"选项 {match[1]} 后面缺少值"
    if match := re.match(r"Option '(.*)' requires (\d+) arguments", message):
        return f"选项 {match[1]} 后面应有 {match[2]} 个值"
    if match := re.match(r"Option '(.*)' does not take a value", message):
        return f"选项 {match[1]} 不带值，只写 {match[1]} 即可"
    if match := re.match(r"Got unexpected extra arguments? \((.*)\)", message):
        return f"多余的参数「{match[1]}」；带空格的路径请加英文引号，如 \"D:\\后勤 资料\""
    return message if _has_chinese(message) else "命令行有误"


class ChineseUsageError(click.UsageError):
    """A usage error said in Chinese, with where to find the command's help; exit status 2."""

    def __init__(self, message: str, ctx: click.Context | None, command_path: str) -> None:
        super().__init__(message, ctx)
        self.command_path = command_path

    def show(self, file: Any = None) -> None:
        click.echo(f"用法错误：{self.message}", err=True)
        click.echo(f"请运行「{self.command_path} --help」查看用法。", err=True)


def _chinese(err: click.UsageError, command_path: str) -> click.UsageError:
    """``command_path`` is the command being parsed, for an error Click raised without a context."""
    if isinstance(err, ChineseUsageError | click.exceptions.NoArgsIsHelpError):
        return err  # already said, or the group's help shown when it is run without a command
    return ChineseUsageError(_usage_message(err), err.ctx, err.ctx.command_path if err.ctx else command_path)


class HouqinCommand(click.Command):
    """Click's command whose parsing errors (an unknown option, a missing value) are Chinese."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as err:
            path = " ".join(p for p in (parent.command_path if parent else "", info_name or "houqin") if p)
            raise _chinese(err, path) from None


class HouqinGroup(HouqinCommand, click.Group):
    """Click's group whose usage errors (parsing, an unknown command, a bad value) are
    Chinese. Click raises them from make_context, resolve_command and invoke only; --help
    is untouched."""

    command_class = HouqinCommand
    group_class = type  # `templates` is a HouqinGroup too

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as err:
            raise _chinese(err, ctx.command_path) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as err:
            raise _chinese(err, ctx.command_path) from None


@click.group("houqin", cls=HouqinGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="houqin")
def cli() -> None:
    """houqin（后勤）：把后勤处的台账表格一键生成正式的 Word / Excel 文档。

    \b
    示例：
      houqin init 我的学校       新建一个工作区（含设置文件和示例表格）
      houqin check               检查 inputs/ 中的表格，列出全部问题
      houqin check -w 我的学校   检查指定工作区
    """


@cli.command(context_settings=CONTEXT)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@quiet_option
@handles_errors
def init(directory: Path, quiet: bool) -> None:
    """新建工作区：设置文件 houqin.toml、每种台账一张带说明和下拉列表的示例表格。

    已有工作区（有 houqin.toml 或 inputs/ 中有文件）时不做任何改动。

    \b
    示例：
      houqin init 薛家实验小学
    """
    from pipeline.scaffold import init_workspace

    written = init_workspace(directory)
    if not quiet:
        click.echo(f"已新建工作区 {directory}：")
        for path in written:
            click.echo(f"  {path.relative_to(directory).as_posix()}")
        click.echo("下一步：在 Excel/WPS 中填写 inputs/ 下的表格，然后运行 houqin check。")


@cli.command(context_settings=CONTEXT)
@workspace_option
@quiet_option
@handles_errors
def check(workspace: Path, quiet: bool) -> None:
    """检查设置和 inputs/ 中的全部表格，一次列出所有问题；不写任何文件。

    每个问题都写明文件、工作表、行号和列名。有错误时退出码为 1。

    \b
    示例：
      houqin check
      houqin check -w D:\\后勤\\2022春
    """
    from pipeline.check import check_workspace

    report = check_workspace(workspace)
    _echo_problems(report.inputs.warnings, quiet)
    if quiet:
        return
    for count in report.counts:
        click.echo(f"{count.file} › {count.sheet}：{count.rows} 行")
    for stem in report.missing:
        click.echo(f"{stem}：未提供（inputs/{stem}.xlsx），相关文档将跳过")
    term = report.inputs.settings.term
    if term.year:
        click.echo(f"学期：{term.label}（{term.describe_span()}）")
    warned = len(report.inputs.warnings)
    click.echo("检查通过。" + (f"（{warned} 条警告）" if warned else ""))


def force_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--force", is_flag=True, help="覆盖生成后被人修改过的文件（默认保留并列出）。")(func)


def _progress(quiet: bool) -> Callable[[str, int, int, str], None] | None:
    """The package's progress callback: a bar with counts and ETA on a terminal, a log line
    every tenth of the batch otherwise, nothing with --quiet."""
    if quiet:
        return None
    import time

    from pipeline.progress import PHASES

    tty = sys.stderr.isatty()
    started: dict[str, float] = {}

    def show(phase: str, done: int, total: int, label: str) -> None:
        now = time.monotonic()
        begun = started.setdefault(f"{phase}:{total}", now)
        name = PHASES.get(phase, phase)
        if tty:
            if done < total and now - started.get("drawn", 0.0) < 0.1:
                return  # at most ten redraws a second
            started["drawn"] = now
            width = 30
            filled = width * done // max(total, 1)
            left = (now - begun) / done * (total - done) if done else 0.0
            eta = f"  剩余约 {left:.0f} 秒" if done < total and now - begun > 1 else ""
            click.echo(f"\r{name} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{eta}\033[K",
                       nl=done == total, err=True)
        elif done == total or done * 10 // max(total, 1) != (done - 1) * 10 // max(total, 1):
            click.echo(f"{name} {done}/{total}", err=True)

    return show


def _generate(
    workspace: Path, kinds: list[str], quiet: bool, force: bool, skip_missing: bool = False, **options: Any
) -> None:
    """Run kinds through the package and say what was written, kept and skipped."""
    from pipeline.generate import generate
    from pipeline.kinds import Options

    report = generate(workspace, kinds, Options(**options), force=force, skip_missing=skip_missing,
                      progress=_progress(quiet))
    _echo_problems(report.warnings, quiet)
    written = report.written
    for path in written.kept:
        click.echo(f"已保留（生成后被修改过，未覆盖；加 --force 可覆盖）：outputs/{path}", err=True)
    if quiet:
        return
    for kind, reason in report.skipped:
        click.echo(f"跳过{kind}：缺少 {reason}")
    click.echo(
        f"完成：写入 {len(written.written)} 个文件，未变化 {len(written.unchanged)} 个，"
        f"保留 {len(written.kept)} 个；输出在 {(workspace / 'outputs').as_posix()}/")


OPTION_DECLS: dict[str, Callable[[Callable[..., Any]], Callable[..., Any]]] = {
    "period": click.option("--period", help="期间，如 2022-03-1（上半月）、2022-03-2（下半月）、2022-03（整月）。"),
    "date": click.option("--date", "date_text", help="报告日期，如 2022-03-15（默认：期间的最后一天）。"),
    "year": click.option("--year", "year_text",
                         help="年度 2022，或学年 2021—2022（两个学期）；默认：houqin.toml 的本学期。"),
}


def _year_option(text: str | None) -> int | str | None:
    """`2022` (a calendar year) or `2021—2022` / `2021-2022` (a school year)."""
    if text is None:
        return None
    import re
    import unicodedata

    plain = unicodedata.normalize("NFKC", text).strip()
    if re.fullmatch(r"\d{4}", plain):
        return int(plain)
    match = re.fullmatch(r"(\d{4})\s*[—–\-~～至]+\s*(\d{4})(?:学年)?", plain)
    if match and int(match[2]) == int(match[1]) + 1:
        return f"{match[1]}—{match[2]}"
    raise click.BadParameter(f"无法识别的年度「{text}」，应为 2022 或 2021—2022", param_hint="--year")


def _date_option(text: str | None) -> Any:
    if text is None:
        return None
    from pipeline.errors import ParseError
    from pipeline.reading.values import parse_date

    try:
        return parse_date(text)
    except ParseError as err:
        raise click.BadParameter(f"无法识别的日期「{text}」，应为 {err.expected}", param_hint="--date") from None


def _kind_command(name: str, help_text: str, options: tuple[str, ...]) -> None:
    """One command per document kind, made from the registry: the kind module says it all."""

    @handles_errors
    def command(workspace: Path, quiet: bool, force: bool, **values: Any) -> None:
        if "date_text" in values:
            values["date"] = _date_option(values.pop("date_text"))
        if "year_text" in values:
            values["year"] = _year_option(values.pop("year_text"))
        _generate(workspace, [name], quiet, force, **values)

    for option in reversed(options):
        command = OPTION_DECLS[option](command)
    command = force_option(quiet_option(workspace_option(command)))
    cli.command(name, help=help_text, context_settings=CONTEXT)(command)


def _register_kinds() -> None:
    from pipeline.kinds import commands

    for kind in commands().values():
        _kind_command(kind.name, kind.help, kind.options)


class _KindCommands(dict):  # type: ignore[type-arg]
    """The top group's commands, the document kinds added on first need.

    Importing every kind brings python-docx, docxtpl, Jinja and XlsxWriter: a good part of
    a second before `houqin check` reads anything, which needs none of them. A command that
    is already here (check, build, init …) is found without them; listing the commands
    (--help), an unknown name or a kind's own command adds them first.
    """

    loaded = False

    def _load(self) -> None:
        if not self.loaded:
            self.loaded = True
            _register_kinds()

    def get(self, key: Any, default: Any = None) -> Any:
        if not dict.__contains__(self, key):
            self._load()
        return dict.get(self, key, default)

    def __getitem__(self, key: Any) -> Any:
        if not dict.__contains__(self, key):
            self._load()
        return dict.__getitem__(self, key)

    def __contains__(self, key: object) -> bool:
        if not dict.__contains__(self, key):
            self._load()
        return dict.__contains__(self, key)

    def __iter__(self) -> Any:
        self._load()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._load()
        return dict.__len__(self)

    def keys(self) -> Any:
        self._load()
        return dict.keys(self)

    def items(self) -> Any:
        self._load()
        return dict.items(self)

    def values(self) -> Any:
        self._load()
        return dict.values(self)


cli.commands = _KindCommands(cli.commands)


@cli.command(context_settings=CONTEXT)
@workspace_option
@quiet_option
@force_option
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 把每个 Word 文档和台账转换为 PDF。")
@click.option("--zip", "pack_zip", is_flag=True, help="把全部文件打包为 outputs/<学校>_<学期>_检查材料.zip。")
@click.option("--binder", "with_binder", is_flag=True, help="同时装档案盒（见 houqin binder）。")
@handles_errors
def build(workspace: Path, quiet: bool, force: bool, pdf: bool, pack_zip: bool, with_binder: bool) -> None:
    """生成输入表格所能生成的全部文档和目录（检查前准备材料时用）。

    缺少某张表格时跳过相应文档并说明；任何表格有错误时一个文件也不写。

    目录（目录.docx、目录.xlsx）按类别列出每个文件的档号、题名、期间和页数；
    再运行一次时，没有变化的文件（包括 PDF 和压缩包）不会重写。

    \b
    示例：
      houqin build
      houqin build --pdf --zip
      houqin build --binder --pdf
      houqin build -w D:\\后勤\\2022春 --force
    """
    from pipeline.build import build as build_all

    report = build_all(workspace, force=force, pdf=pdf, pack_zip=pack_zip, progress=_progress(quiet),
                       binder=with_binder)
    generated = report.generated
    _echo_problems(generated.warnings, quiet)
    for path in report.kept:
        click.echo(f"已保留（生成后被修改过，未覆盖；加 --force 可覆盖）：outputs/{path}", err=True)
    for problem in report.pdf_failed:
        click.echo(f"错误：{problem}", err=True)
    for problem in report.zip_skipped:
        click.echo(f"未打包：{problem}", err=True)
    if not quiet:
        for kind, reason in generated.skipped:
            click.echo(f"跳过{kind}：缺少 {reason}")
        if pdf:
            route = "常驻 LibreOffice" if report.pdf_route == "pool" else "LibreOffice 批量转换"
            click.echo(f"PDF：转换 {report.converted} 个（{route}）" if report.converted
                       else "PDF：都是最新的，无需转换")
        if report.zip_path is not None:
            click.echo(f"已打包：{report.zip_path.relative_to(workspace).as_posix()}")
        click.echo(
            f"完成：写入 {len(report.written)} 个文件，未变化 {len(report.unchanged)} 个，"
            f"保留 {len(report.kept)} 个，跳过 {len(generated.skipped)} 类；用时 {report.seconds:.1f} 秒；"
            f"输出在 {(workspace / 'outputs').as_posix()}/")
    if report.binder is not None:
        _binder_report(workspace, report.binder, quiet)
    if report.pdf_failed:
        click.echo(f"{len(report.pdf_failed)} 个文件未能转换为 PDF，其余文件已生成。", err=True)
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@workspace_option
@quiet_option
@force_option
@click.option("--pdf", is_flag=True, help="同时为每个档案盒生成一份按顺序合并、带书签的 PDF（需要 LibreOffice）。")
@handles_errors
def binder(workspace: Path, quiet: bool, force: bool, pdf: bool) -> None:
    """把最近一次生成的全部文档和 inputs/附件/ 中学校自备的材料按档案盒和类目装盒。

    每个档案盒（安全工作、食堂管理、资产管理、后勤队伍）写入 outputs/档案盒/<盒名>/：
    封面、卷内目录（Word 和 Excel）和脊背标签（3、4、6 cm 盒）。自备材料（PDF、JPG/PNG、
    Word）放在 inputs/附件/<盒名>/<类目>/ 中，如 inputs/附件/安全工作/01 基本情况/。
    加 --pdf 时每盒一份 PDF，卷内目录填上页码；没有变化的档案盒不会重做。

    \b
    示例：
      houqin build
      houqin binder
      houqin binder --pdf
    """
    from pipeline.kinds.binder.make import make_binder

    _binder_report(workspace, make_binder(workspace, pdf=pdf, force=force, progress=_progress(quiet)), quiet)


def _binder_report(workspace: Path, report: Any, quiet: bool) -> None:
    """What the binder wrote, per box; exit 1 when a file could not be converted."""
    _echo_problems(report.warnings, quiet)
    for path in report.written.kept:
        click.echo(f"已保留（生成后被修改过，未覆盖；加 --force 可覆盖）：outputs/{path}", err=True)
    for problem in report.pdf_failed:
        click.echo(f"错误：{problem}", err=True)
    if not quiet:
        click.echo("档案盒：" + "，".join(f"{box} {count} 件" for box, count in report.boxes.items()))
        written = report.written
        click.echo(f"装盒完成：写入 {len(written.written)} 个文件，未变化 {len(written.unchanged)} 个，"
                   f"保留 {len(written.kept)} 个；输出在 {(workspace / 'outputs' / '档案盒').as_posix()}/")
    if report.pdf_failed:
        sys.exit(1)


@cli.group(context_settings=CONTEXT)
def templates() -> None:
    """模板：列出内置模板、导出后在 Word/WPS 中修改、检查修改后的模板。

    把修改后的模板放进工作区的 templates/ 文件夹（文件名不变），就会代替内置模板；
    使用前会先检查。

    \b
    示例：
      houqin templates list
      houqin templates export 安全工作责任书 templates
      houqin templates lint templates/安全工作责任书.docx
    """


@templates.command("list", context_settings=CONTEXT)
@workspace_option
@handles_errors
def templates_list(workspace: Path) -> None:
    """列出内置模板，以及工作区中代替它们的模板。

    \b
    示例：
      houqin templates list
    """
    from pipeline.render.templates import list_templates, near_misses

    _echo_problems(near_misses(workspace))
    for info in list_templates(workspace):
        if info.override:
            where = f"使用工作区的 templates/{info.name}"
        elif info.is_form:
            where = "可选：区县自己的表格放在 templates/ 中即用，否则由 houqin 排版"
        else:
            where = "使用内置模板"
        click.echo(f"{info.name}\t{info.kind}\t{info.description}\t（{where}）")


@templates.command("export", context_settings=CONTEXT)
@click.argument("name")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("templates"))
@handles_errors
def templates_export(name: str, directory: Path) -> None:
    """把内置模板复制出来修改（不会覆盖已有文件）。

    \b
    示例：
      houqin templates export 安全工作责任书 templates
    """
    from pipeline.render.templates import export_template

    target = export_template(name, directory)
    click.echo(f"已导出：{target.as_posix()}。在 Word/WPS 中修改后，放在工作区的 templates/ 中即可使用。")


@templates.command("lint", context_settings=CONTEXT)
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@handles_errors
def templates_lint(path: Path) -> None:
    """检查模板：未知变量（并提示最接近的名称）、不成对或写错的标记、中文引号。

    有错误时退出码为 1。

    \b
    示例：
      houqin templates lint templates/安全工作责任书.docx
    """
    from pipeline.errors import InputError
    from pipeline.render.templates import lint_template, template_variables

    problems = lint_template(path)
    if any(p.is_error for p in problems):
        raise InputError(problems)
    _echo_problems(problems)
    click.echo(f"模板检查通过：{path.name}")
    fields = template_variables(path.name)
    if fields:
        click.echo("可用的变量：" + "、".join(f"{k}（{v}）" for k, v in fields.items()))


@cli.command(context_settings=CONTEXT)
@workspace_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址。默认只有本机能打开；设为其他地址（如 0.0.0.0）时需要网址中的访问口令。")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="端口；默认端口被占用时自动换一个空闲端口。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
@handles_errors
def serve(workspace: Path, host: str, port: int, no_browser: bool) -> None:
    """打开本机网页：上传表格、检查、生成文档、下载，不用命令行。

    网页做的事与各个命令相同。关闭这个窗口（或按 Ctrl-C）即停止。

    \b
    示例：
      houqin serve
      houqin serve -w D:\\后勤\\2022春
      houqin serve --host 0.0.0.0 --no-browser
    """
    import webbrowser

    from pipeline.web.server import serve as start

    try:
        served = start(workspace, host, port)
    except OSError as err:
        from pipeline.errors import os_reason

        click.echo(f"错误：无法在 {host}:{port} 上启动网页（{os_reason(err)}）；请用 --port 换一个端口。", err=True)
        sys.exit(1)
    click.echo(f"houqin 网页已启动：{served.url}")
    if served.token:
        click.echo(f"访问口令：{served.token}（其他电脑请打开上面带口令的完整网址）")
    click.echo("关闭这个窗口或按 Ctrl-C 停止。")
    if not no_browser:
        webbrowser.open(served.url)
    try:
        served.serve_forever()
    except KeyboardInterrupt:
        click.echo("网页已停止。")
    finally:
        served.shutdown()


def main() -> None:
    cli(prog_name="houqin")


if __name__ == "__main__":
    main()
