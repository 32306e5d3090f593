"""The error boundary: whatever goes wrong, a Chinese message naming the file and what to do,
exit 1 (or 0 where houqin recovers), never a traceback, and nothing written before the failure."""

from __future__ import annotations

import errno
import io
import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import copy_sample, run_cli, tree_hash

import cli
from pipeline.errors import ERROR_LOG
from pipeline.outputs.package import pack_checked
from pipeline.outputs.writer import JOURNAL, MANIFEST, RETIRED, sha256

#: Words of Python's own error texts that must never reach a user.
ENGLISH = re.compile(r"Traceback|Error\b|Errno|No space|Read-only|Permission denied|File exists|"
                     r"Is a directory|Not a directory|boom|UserWarning|openpyxl|site-packages")


def said(result: Any) -> str:
    text = result.output
    assert not ENGLISH.search(text), text
    return text


def staff_only(root: Path, school: str | None = None) -> Path:
    """A workspace with the sample settings and only the staff workbook (letters, appraisal)."""
    copy_sample(root)
    for path in (root / "inputs").iterdir():
        if path.name != "员工考核.xlsx":
            path.unlink()
    if school is not None:
        settings = root / "houqin.toml"
        text = settings.read_text("utf-8").replace('name = "常州市新北区薛家实验小学"', f'name = "{school}"')
        settings.write_text(text, "utf-8")
    return root


def edit_sheet(path: Path, sheet: str, change: Any) -> None:
    book = openpyxl.load_workbook(path)
    change(book[sheet])
    book.save(path)


# ---- names: long data never crashes, and is shortened the same way every run ----------------


def test_a_long_检查部位_gives_short_stable_distinct_notice_names(tmp_path: Path) -> None:
    ws = copy_sample(tmp_path / "ws")
    long_place = "沛学楼三楼东侧靠近楼梯口的消防栓箱及其周边区域包括走廊尽头的应急照明灯和疏散指示标志以及相邻的配电箱和弱电井门锁旁边的储物间与楼梯间的窗户护栏以及屋顶检修口和避雷带"

    def lengthen(sheet: Any) -> None:
        for row in range(3, sheet.max_row + 1):
            if sheet.cell(row, 4).value:
                sheet.cell(row, 4).value = f"{long_place}{row}"  # differ only at the very end
    edit_sheet(ws / "inputs" / "隐患排查.xlsx", "隐患排查记录", lengthen)
    assert len(long_place) >= 80 and len(long_place.encode("utf-8")) > 240
    result = run_cli("hazards", "-w", ws, "-q")
    assert result.exit_code == 0, said(result)
    notices = sorted((ws / "outputs" / "安全隐患" / "整改通知书").glob("*.docx"))
    assert len(notices) >= 3
    assert all(len(p.name.encode("utf-8")) <= 120 for p in notices)
    assert len({p.name.casefold() for p in notices}) == len(notices)
    assert all("~" in p.name for p in notices)
    names = [p.name for p in notices]
    assert run_cli("hazards", "-w", ws, "-q").exit_code == 0
    assert sorted(p.name for p in (ws / "outputs" / "安全隐患" / "整改通知书").glob("*.docx")) == names


def page_client(ws: Path) -> Any:
    """A test client posting as the page itself does in a browser (with its Origin)."""
    from pipeline.web.app import create_app

    client = create_app(ws).test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    return client


def test_a_long_school_name_gives_a_zip_name_within_limits(tmp_path: Path) -> None:
    school = "常州市新北区薛家实验小学教育集团" * 3 + "第一分校"  # 52 characters (the most is 60), 156 bytes
    ws = staff_only(tmp_path / "ws", school)
    result = run_cli("build", "--zip", "-w", ws)
    assert result.exit_code == 0, said(result)
    zips = list((ws / "outputs").glob("*.zip"))
    assert len(zips) == 1 and len(zips[0].name.encode("utf-8")) <= 120
    assert zips[0].name.startswith("常州市新北区") and zips[0].name.endswith(".zip")
    assert f"已打包：outputs/{zips[0].name}" in said(result)


# ---- the operating system refuses: Chinese, the path, what to do, nothing half-written -----


def test_disk_full_names_the_folder_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = staff_only(tmp_path / "ws")
    assert run_cli("letters", "-w", ws, "-q").exit_code == 0
    for path in (ws / "outputs" / "安全工作责任书").glob("*.docx"):
        path.unlink()  # every letter must be written again
    before = tree_hash(ws / "outputs")
    real_replace = os.replace

    def full(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if "outputs" in str(dst):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full)
    result = run_cli("letters", "-w", ws)
    assert result.exit_code == 1
    text = said(result)
    assert "磁盘空间不足：文件夹「outputs/安全工作责任书」所在的磁盘已满" in text
    assert "请删除不需要的文件" in text
    after = tree_hash(ws / "outputs")
    # The journal says which write was under way; the next run compacts it into the manifest.
    assert after.pop(JOURNAL, None) is not None
    assert after == before
    assert not list((ws / "outputs").rglob(".~houqin-*"))


def test_outputs_that_is_a_file_is_said_before_anything_is_written(tmp_path: Path) -> None:
    ws = staff_only(tmp_path / "ws")
    (ws / "outputs").write_text("一个叫 outputs 的文件", "utf-8")
    result = run_cli("letters", "-w", ws)
    assert result.exit_code == 1
    assert "错误：outputs：这里应是存放生成文档的文件夹，但现在是一个文件；请把这个文件改名或移走后重试" in said(result)
    assert (ws / "outputs").read_text("utf-8") == "一个叫 outputs 的文件"
    assert sorted(p.name for p in ws.iterdir()) == ["houqin.toml", "inputs", "outputs"]


def test_a_sub_folder_that_is_a_file_is_said_before_anything_is_written(tmp_path: Path) -> None:
    ws = staff_only(tmp_path / "ws")
    (ws / "outputs").mkdir()
    (ws / "outputs" / "员工考核").write_bytes(b"x")
    result = run_cli("build", "-w", ws)
    assert result.exit_code == 1
    assert "错误：outputs/员工考核：这里应是一个文件夹，但现在是一个文件；请把这个文件改名或移走后重试" in said(result)
    assert tree_hash(ws / "outputs") == {"员工考核": sha256(b"x")}


def test_a_manifest_that_is_a_folder_stops_before_any_file_is_written(tmp_path: Path) -> None:
    ws = staff_only(tmp_path / "ws")
    (ws / "outputs" / MANIFEST).mkdir(parents=True)
    result = run_cli("build", "-w", ws)
    assert result.exit_code == 1
    text = said(result)
    assert "错误：outputs/manifest.json：这里应是 houqin 的记录文件，但现在是一个文件夹；请把这个文件夹改名或移走后重试" in text
    assert "未写入任何文件" in text
    assert [p.relative_to(ws / "outputs").as_posix() for p in (ws / "outputs").rglob("*")] == [MANIFEST]


def test_a_read_only_outputs_folder_is_called_read_only_not_open_in_excel(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, which chmod cannot stop: the file system's EROFS is simulated at
    the two calls that create files in outputs/ (the journal and each document)."""
    ws = staff_only(tmp_path / "ws")
    (ws / "outputs").mkdir()
    outputs = str(ws / "outputs")
    real_io_open, real_os_open = io.open, os.open

    def refuse(path: Any) -> None:
        if str(path).startswith(outputs):
            raise OSError(errno.EROFS, "Read-only file system", str(path))

    def io_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+"):
            refuse(file)
        return real_io_open(file, mode, *args, **kwargs)

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT:
            refuse(path)
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(io, "open", io_open)
    monkeypatch.setattr(os, "open", os_open)
    result = run_cli("letters", "-w", ws)
    assert result.exit_code == 1
    text = said(result)
    assert "错误：「outputs」在只读的磁盘上" in text and "请把工作区复制到可以写入的文件夹" in text
    assert "Excel" not in text
    assert tree_hash(ws / "outputs") == {}


def test_permission_refused_on_a_folder_is_not_a_file_open_in_excel(tmp_path: Path) -> None:
    from pipeline.errors import describe_os_error

    message = describe_os_error(PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "outputs")),
                                tmp_path)
    assert message.startswith("没有权限读写「outputs」") and "Excel" not in message
    locked = PermissionError(errno.EACCES, "The process cannot access the file", str(tmp_path / "outputs" / "a.docx"))
    locked.winerror = 32  # Windows' sharing violation: Excel/WPS holds the file
    assert describe_os_error(locked, tmp_path) == \
        "无法写入或读取「a.docx」：文件可能正在 Excel/WPS/Word 中打开，请关闭后重试。"


def test_a_name_too_long_for_the_file_system_is_said_in_chinese(tmp_path: Path) -> None:
    from pipeline.errors import describe_os_error

    message = describe_os_error(OSError(errno.ENAMETOOLONG, "File name too long",
                                        str(tmp_path / "outputs" / ("很" * 90 + ".docx"))), tmp_path)
    assert message.startswith("文件名或路径太长：「outputs/很很") and "路径更短的文件夹" in message


# ---- never outside the workspace ------------------------------------------------------------


def test_a_linked_sub_folder_leading_outside_is_refused_and_nothing_written(tmp_path: Path) -> None:
    ws = staff_only(tmp_path / "ws")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (ws / "outputs").mkdir()
    (ws / "outputs" / "安全工作责任书").symlink_to(outside, target_is_directory=True)
    result = run_cli("letters", "-w", ws)
    assert result.exit_code == 1
    text = said(result)
    assert "错误：outputs/安全工作责任书：这是指向工作区以外" in text
    assert "houqin 不会往工作区以外写文件。请删除这个链接（或换成普通文件夹）后重试" in text
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in (ws / "outputs").iterdir()) == ["安全工作责任书"]


def test_outputs_itself_linked_outside_is_refused(tmp_path: Path) -> None:
    ws = staff_only(tmp_path / "ws")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (ws / "outputs").symlink_to(outside, target_is_directory=True)
    result = run_cli("build", "--zip", "-w", ws)
    assert result.exit_code == 1
    assert "错误：outputs：这是指向工作区以外" in said(result)
    assert list(outside.iterdir()) == []


def test_the_zip_skips_a_link_and_a_file_changed_since_it_was_generated(tmp_path: Path) -> None:
    ws = staff_only(tmp_path / "ws")
    assert run_cli("letters", "-w", ws, "-q").exit_code == 0
    outputs = ws / "outputs"
    letters = sorted((outputs / "安全工作责任书").glob("*.docx"))
    linked, tampered = letters[0], letters[1]
    secret = tmp_path / "secret.docx"
    secret.write_bytes(linked.read_bytes())  # same bytes as recorded: only the link gives it away
    linked.unlink()
    linked.symlink_to(secret)
    tampered.write_bytes(tampered.read_bytes() + b"changed")
    packed = pack_checked(ws)
    with zipfile.ZipFile(packed.path) as archive:
        names = archive.namelist()
    rel = [p.relative_to(outputs).as_posix() for p in letters]
    assert names == rel[2:]
    skipped = {p.location.file: p.message for p in packed.skipped}
    assert skipped[f"outputs/{rel[0]}"] == "是一个链接（可能指向工作区以外），没有打包"
    assert skipped[f"outputs/{rel[1]}"].startswith("生成后被修改过（与 manifest.json 记录的不一致），没有打包")


# ---- every command, with a bug inside: one Chinese line, exit 1, the traceback in the log -----

#: command path → (arguments after it, the function it reaches that the bug is put in).
ENTRIES: dict[str, tuple[list[str], str]] = {
    "init": (["{ws}/新的"], "pipeline.scaffold.init_workspace"),
    "check": (["-w", "{ws}"], "pipeline.reading.loader.load_inputs"),
    "build": (["-w", "{ws}"], "pipeline.reading.loader.load_inputs"),
    "templates list": (["-w", "{ws}"], "pipeline.render.templates.list_templates"),
    "templates export": (["安全工作责任书", "{ws}/导出"], "pipeline.render.templates.export_template"),
    "templates lint": (["{ws}/houqin.toml"], "pipeline.render.templates.lint_template"),
    "serve": (["-w", "{ws}", "--no-browser"], "pipeline.web.server.serve"),
    "binder": (["-w", "{ws}"], "pipeline.kinds.binder.make.scan"),
}


def _commands(group: Any, prefix: str = "") -> list[str]:
    found = []
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            found += _commands(command, f"{prefix}{name} ")
        else:
            found.append(f"{prefix}{name}")
    return found


def _patch(monkeypatch: pytest.MonkeyPatch, dotted: str) -> None:
    import importlib

    module, name = dotted.rsplit(".", 1)

    def bug(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom: an internal bug")

    import pipeline.check
    import pipeline.generate  # imported before the bug goes in: they bind load_inputs by name

    monkeypatch.setattr(importlib.import_module(module), name, bug)
    if dotted == "pipeline.reading.loader.load_inputs":
        for user in (pipeline.generate, pipeline.check):
            monkeypatch.setattr(user, "load_inputs", bug)


@pytest.mark.parametrize("command", _commands(cli.cli))
def test_every_command_turns_a_bug_into_one_chinese_line_and_a_log(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    ws = staff_only(tmp_path / "ws")
    monkeypatch.chdir(ws)  # commands without -w work in the folder they are run in
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    args, target = ENTRIES.get(command, (["-w", "{ws}"], "pipeline.reading.loader.load_inputs"))
    _patch(monkeypatch, target)
    result = run_cli(*command.split(), *(a.replace("{ws}", str(ws)) for a in args))
    assert result.exit_code == 1
    text = said(result)
    assert text.startswith("houqin 内部错误：出现了意外的程序错误（")
    if command == "init":  # the folder it was to make is not there: the temporary folder
        log = tmp_path / "temp" / ERROR_LOG
        assert f"详细信息已写入 {log}，请把这个文件发给 houqin 的维护者。" in text
    else:
        log = ws / "outputs" / ERROR_LOG
        assert "详细信息已写入 工作区的 outputs/.houqin-error.log，请把这个文件发给 houqin 的维护者。" in text
    written = log.read_text("utf-8")
    assert "Traceback" in written and "RuntimeError: boom: an internal bug" in written


def test_every_command_of_the_cli_is_in_the_table() -> None:
    """A new command must say which function to break in the test above (or use load_inputs)."""
    kinds = {name for name in _commands(cli.cli) if name not in ENTRIES}
    from pipeline.kinds import commands

    assert kinds == set(commands())


def test_ctrl_c_still_exits_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.generate

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    ws = staff_only(tmp_path / "ws")
    monkeypatch.setattr(pipeline.generate, "load_inputs", interrupted)
    result = run_cli("letters", "-w", ws)
    assert result.exit_code == 130
    assert "已中断" in said(result)


# ---- library warnings are never printed ------------------------------------------------------


def _with_validation_extension(path: Path) -> None:
    """What Excel and WPS write for a list validation from another sheet: openpyxl warns
    `Data Validation extension is not supported and will be removed` when it reads it."""
    data = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b"</worksheet>", (
                    b'<extLst><ext xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
                    b'uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations count="0"/></ext>'
                    b"</extLst></worksheet>"))
            dst.writestr(info, part)
    path.write_bytes(out.getvalue())


@pytest.mark.parametrize("quiet", [True, False])
def test_openpyxl_warnings_are_never_printed(tmp_path: Path, quiet: bool) -> None:
    ws = staff_only(tmp_path / "ws")
    _with_validation_extension(ws / "inputs" / "员工考核.xlsx")
    import warnings

    with warnings.catch_warnings(record=True) as caught:  # the input really makes openpyxl warn
        warnings.simplefilter("always")
        openpyxl.load_workbook(ws / "inputs" / "员工考核.xlsx")
    assert any("extension is not supported" in str(w.message) for w in caught)
    # A real process: under pytest, warnings are pytest's to show, never the terminal's.
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(Path(cli.__file__)), "check", "-w", str(ws),
                           *(["-q"] if quiet else [])], capture_output=True, text=True, encoding="utf-8",
                          timeout=120, env={**os.environ, "PYTHONWARNINGS": "always"})
    assert done.returncode == 0, done.stderr
    assert not ENGLISH.search(done.stdout + done.stderr), done.stderr
    assert "extension" not in done.stderr
    if quiet:
        assert done.stdout == done.stderr == ""
    else:
        assert done.stdout.endswith("检查通过。（1 条警告）\n")  # the principal's letter (letters kind)


# ---- the package is the 目录: documents the inputs no longer produce move to 旧文件/ ------------


def _drop_person(ws: Path, name: str) -> None:
    def drop(sheet: Any) -> None:
        for row in range(sheet.max_row, 2, -1):
            if sheet.cell(row, 1).value == name:
                sheet.delete_rows(row)
    edit_sheet(ws / "inputs" / "员工考核.xlsx", "员工名单", drop)

    def drop_scores(sheet: Any) -> None:
        for row in range(sheet.max_row, 2, -1):
            if sheet.cell(row, 2).value == name:
                sheet.delete_rows(row)
    edit_sheet(ws / "inputs" / "员工考核.xlsx", "考核记录", drop_scores)
    edit_sheet(ws / "inputs" / "员工考核.xlsx", "安全事故", drop_scores)


def _manifest_paths(ws: Path) -> set[str]:
    return {item["path"] for item in json.loads((ws / "outputs" / MANIFEST).read_text("utf-8"))["files"]}


def test_a_letter_for_someone_who_left_moves_to_旧文件_and_leaves_the_manifest(tmp_path: Path) -> None:
    ws = copy_sample(tmp_path / "ws")
    assert run_cli("letters", "-w", ws, "-q").exit_code == 0
    letter = ws / "outputs" / "安全工作责任书" / "钱国平.docx"
    data = letter.read_bytes()
    _drop_person(ws, "钱国平")
    result = run_cli("letters", "-w", ws)
    assert result.exit_code == 0, said(result)
    assert ("警告：outputs/安全工作责任书/钱国平.docx：当前的表格不再生成这个文件，"
            "已移到 outputs/旧文件/安全工作责任书/钱国平.docx（没有删除）") in said(result)
    assert not letter.exists()
    assert (ws / "outputs" / RETIRED / "安全工作责任书" / "钱国平.docx").read_bytes() == data
    assert "安全工作责任书/钱国平.docx" not in _manifest_paths(ws)
    assert "安全工作责任书/顾建国.docx" in _manifest_paths(ws)


def test_one_family_never_moves_another_familys_documents(tmp_path: Path) -> None:
    ws = copy_sample(tmp_path / "ws")
    assert run_cli("letters", "-w", ws, "-q").exit_code == 0
    _drop_person(ws, "钱国平")
    result = run_cli("drills", "-w", ws, "-q")
    assert result.exit_code == 0, said(result)
    assert (ws / "outputs" / "安全工作责任书" / "钱国平.docx").is_file()
    assert "安全工作责任书/钱国平.docx" in _manifest_paths(ws)
    assert not (ws / "outputs" / RETIRED).exists()


def test_a_period_outside_the_term_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    ws = copy_sample(tmp_path / "ws")
    result = run_cli("hazards", "-w", ws, "--period", "2022-01-2")
    assert result.exit_code == 2
    assert said(result) == (
        "用法错误：--period：期间「2022年1月下半月」（2022年1月16日至2022年1月31日）不在本学期（2022年2月14日至2022年7月1日）内；"
        "请写本学期内的期间，如 2022-02-1，或先在 houqin.toml 的 [term] 中改学期\n")
    assert not (ws / "outputs").exists()


def test_forms_of_a_single_period_stay_until_a_full_run_no_longer_makes_them(tmp_path: Path) -> None:
    ws = copy_sample(tmp_path / "ws")
    settings = ws / "houqin.toml"
    real = settings.read_text("utf-8")
    settings.write_text(real.replace("start = 2022-02-14", "start = 2022-01-04"), "utf-8")  # a term set wrong
    result = run_cli("hazards", "-w", ws, "-q", "--period", "2022-01-2")
    assert result.exit_code == 0, said(result)
    made = {p for p in _manifest_paths(ws) if "2022-01" in p or "2022年1月" in p}
    assert made
    settings.write_text(real, "utf-8")  # put right again
    assert run_cli("hazards", "-w", ws, "-q", "--period", "2022-03-1").exit_code == 0
    assert made <= _manifest_paths(ws)  # a --period run retires nothing
    result = run_cli("hazards", "-w", ws)
    assert result.exit_code == 0, said(result)
    assert not made & _manifest_paths(ws)
    for path in made:
        assert (ws / "outputs" / RETIRED / path).is_file()
        assert f"outputs/{path}：当前的表格不再生成这个文件" in said(result)


def test_build_zip_packs_exactly_what_the_目录_lists(tmp_path: Path) -> None:
    ws = staff_only(tmp_path / "ws")
    assert run_cli("letters", "-w", ws, "-q").exit_code == 0
    _drop_person(ws, "钱国平")
    result = run_cli("build", "--zip", "-w", ws, "-q")
    assert result.exit_code == 0, said(result)
    zips = list((ws / "outputs").glob("*.zip"))
    with zipfile.ZipFile(zips[0]) as archive:
        packed = set(archive.namelist())
    listed = {str(row[5]) for row in openpyxl.load_workbook(ws / "outputs" / "目录.xlsx")["目录"].iter_rows(
        values_only=True) if row and isinstance(row[5], str) and row[5].endswith((".docx", ".xlsx"))}
    assert "安全工作责任书/钱国平.docx" not in packed
    assert packed == listed | {"目录.docx", "目录.xlsx"}


# ---- houqin serve: the same boundary on the page, and the zip made by POST, never in outputs/ --


def _page(response: Any) -> str:
    body = response.get_data(as_text=True)
    assert not ENGLISH.search(body), body
    return body


def test_a_bug_behind_a_page_action_is_one_chinese_line_and_a_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.check

    ws = staff_only(tmp_path / "ws")
    (ws / "outputs").mkdir()

    def bug(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom: an internal bug")

    monkeypatch.setattr(pipeline.check, "load_inputs", bug)
    client = page_client(ws)
    response = client.get("/check")
    assert response.status_code == 500
    assert "houqin 内部错误：出现了意外的程序错误（check.py 第" in _page(response)
    assert "详细信息已写入 工作区的 outputs/.houqin-error.log" in _page(response)
    assert "RuntimeError: boom" in (ws / "outputs" / ERROR_LOG).read_text("utf-8")


def test_a_bug_in_a_generation_is_said_on_the_page_and_logged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.generate

    ws = staff_only(tmp_path / "ws")

    def bug(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom: an internal bug")

    monkeypatch.setattr(pipeline.generate, "load_inputs", bug)
    client = page_client(ws)
    assert client.post("/generate", data={"kind": "letters"}).status_code == 302
    client.application.extensions["houqin"].wait(60)
    page = _page(client.get("/"))
    assert "houqin 内部错误：出现了意外的程序错误（generate.py 第" in page
    assert "RuntimeError: boom" in (ws / "outputs" / ERROR_LOG).read_text("utf-8")


def test_a_full_disk_on_upload_is_said_on_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    ws = staff_only(tmp_path / "ws")
    data = (ws / "inputs" / "员工考核.xlsx").read_bytes()
    before = tree_hash(ws)
    real_replace = os.replace

    def full(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if "inputs" in str(dst):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full)
    client = page_client(ws)
    response = client.post("/inputs/员工考核", data={"file": (io.BytesIO(data), "员工考核.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 500
    assert "磁盘空间不足：文件夹「inputs」所在的磁盘已满，无法写入「inputs/员工考核.xlsx」" in _page(response)
    assert tree_hash(ws) == before


def test_the_page_zip_is_posted_streamed_and_skips_links_and_changed_files(tmp_path: Path) -> None:
    from pipeline.outputs.package import default_name

    ws = staff_only(tmp_path / "ws")
    assert run_cli("letters", "-w", ws, "-q").exit_code == 0
    outputs = ws / "outputs"
    client = page_client(ws)
    before = tree_hash(outputs)
    assert client.get("/package").status_code == 405  # a GET changes nothing, and packs nothing
    response = client.post("/package")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert len(archive.namelist()) == len(list((outputs / "安全工作责任书").glob("*.docx")))
    assert tree_hash(outputs) == before and not (outputs / default_name(ws)).exists()

    letters = sorted((outputs / "安全工作责任书").glob("*.docx"))
    secret = tmp_path / "secret.docx"
    secret.write_bytes(letters[0].read_bytes())
    letters[0].unlink()
    letters[0].symlink_to(secret)
    letters[1].write_bytes(b"changed by someone")
    response = client.post("/package")
    assert response.status_code == 409
    page = _page(response)
    assert "下面 2 个文件不能放进压缩包" in page and "仍然下载（不含上面的文件）" in page
    rel = [p.relative_to(outputs).as_posix() for p in letters]
    assert f"outputs/{rel[0]}" in page and f"outputs/{rel[1]}" in page
    response = client.post("/package", data={"confirm": "1"})
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert archive.namelist() == rel[2:]


def test_build_zip_names_each_file_it_did_not_pack(tmp_path: Path) -> None:
    ws = staff_only(tmp_path / "ws")
    assert run_cli("build", "-w", ws, "-q").exit_code == 0
    edited = ws / "outputs" / "安全工作责任书" / "顾建国.docx"
    edited.write_bytes(edited.read_bytes() + b" ")  # a person changed it after it was generated
    result = run_cli("build", "--zip", "-w", ws, "-q")
    assert result.exit_code == 0
    text = said(result)
    assert "已保留（生成后被修改过，未覆盖；加 --force 可覆盖）：outputs/安全工作责任书/顾建国.docx" in text
    assert "未打包：outputs/安全工作责任书/顾建国.docx：生成后被修改过（与 manifest.json 记录的不一致），没有打包" in text
    with zipfile.ZipFile(next((ws / "outputs").glob("*.zip"))) as archive:
        names = archive.namelist()
    assert "安全工作责任书/顾建国.docx" not in names and "安全工作责任书/钱国平.docx" in names


def test_a_quoted_system_reason_is_chinese() -> None:
    from pipeline.errors import os_reason

    assert os_reason(OSError(errno.EADDRINUSE, "Address already in use")) == "端口已被占用"
    assert os_reason(FileNotFoundError(errno.ENOENT, "No such file or directory")) == "找不到文件或文件夹"
    assert os_reason(OSError(errno.ETIMEDOUT, "Connection timed out")) == f"系统错误代码 {errno.ETIMEDOUT}"


def test_a_failed_rename_is_about_its_target_not_the_temporary_file(tmp_path: Path) -> None:
    from pipeline.errors import describe_os_error

    folder = tmp_path / "outputs" / "安全隐患"
    tmp, target = str(folder / ".~houqin-123-4.tmp"), str(folder / "月报.docx")
    full = OSError(errno.ENOSPC, "No space left on device", tmp, None, target)
    assert describe_os_error(full, tmp_path).startswith(
        "磁盘空间不足：文件夹「outputs/安全隐患」所在的磁盘已满，无法写入「outputs/安全隐患/月报.docx」。")
    held = PermissionError(errno.EACCES, "Access is denied", tmp, None, target)
    held.winerror = 32
    assert describe_os_error(held, tmp_path).startswith("无法写入或读取「月报.docx」：文件可能正在 Excel/WPS/Word 中打开")
    protected = PermissionError(errno.EACCES, "The media is write protected", tmp)
    protected.winerror = 19  # a write-protected USB stick on Windows
    assert describe_os_error(protected, tmp_path).startswith("「outputs/安全隐患」在只读的磁盘上")
