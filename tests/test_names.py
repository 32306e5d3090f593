"""File names from data: counted in UTF-8 bytes as file systems count, safe on Windows,
shortened with a stable hash, and the whole planned set checked before the first write."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import WorkspaceError
from pipeline.outputs.writer import (
    SAFE_NAME_BYTES,
    name_problem,
    preflight,
    safe_filename,
    unique_names,
)


def size(name: str) -> int:
    return len(name.encode("utf-8"))


@pytest.mark.parametrize("chars", [38, 39, 40, 80, 85, 86, 200])
def test_chinese_names_are_cut_in_bytes_not_characters(chars: int) -> None:
    name = safe_filename("隐" * chars + ".docx")
    assert name.endswith(".docx") and size(name) <= SAFE_NAME_BYTES
    if size("隐" * chars + ".docx") <= SAFE_NAME_BYTES:
        assert name == "隐" * chars + ".docx"
    else:
        assert name.startswith("隐" * 30) and name[-14:-5].startswith("~")


def test_a_short_name_is_left_as_typed() -> None:
    assert safe_filename("2022-03-15 北校门护栏.docx") == "2022-03-15 北校门护栏.docx"


def test_shortened_names_are_stable_and_distinct() -> None:
    base = "教学楼三楼东侧走廊尽头的消防栓箱及其周边区域包括应急照明灯和疏散指示标志" * 2
    first, second = safe_filename(f"1 {base}甲.docx"), safe_filename(f"1 {base}乙.docx")
    assert first != second
    assert first == safe_filename(f"1 {base}甲.docx")
    assert first.split("~")[0] == second.split("~")[0]  # the same readable beginning


def test_a_name_without_an_extension_is_cut_too() -> None:
    name = safe_filename("很" * 100)
    assert size(name) <= SAFE_NAME_BYTES and "~" in name


def test_a_cut_never_splits_a_character_or_ends_in_a_dot_or_space() -> None:
    for filler in ("a", "很", "😀", "é"):
        for n in range(30, 130, 7):
            name = safe_filename(filler * n + ". .docx")
            name.encode("utf-8").decode("utf-8")
            assert size(name) <= SAFE_NAME_BYTES and name_problem(name) == ""
            if "~" in name:
                assert not name.split("~")[0].endswith((".", " "))


@pytest.mark.parametrize("name", ["CON.docx", "con", "Nul.xlsx", "COM1.docx", "lpt9", "AUX .docx", "PRN.tar.docx", "COM¹.docx",
                                  "conin$.docx"])
def test_windows_device_names_are_never_produced(name: str) -> None:
    assert name_problem(safe_filename(name)) == ""


def test_duplicates_stay_distinct_ignoring_case_and_within_the_limit() -> None:
    long = safe_filename("很" * 100 + ".docx")
    names = unique_names([long, long, "Zhang.docx", "zhang.docx"])
    assert names[0] == long and names[1] != long and names[1].endswith("（2）.docx")
    assert size(names[1]) <= SAFE_NAME_BYTES
    assert names[3] == "zhang（2）.docx"
    assert len({n.casefold() for n in names}) == 4


@pytest.mark.parametrize(("part", "reason"), [
    ("很" * 86 + ".docx", "文件名太长（263 字节，最多 255 字节，约 85 个汉字）"),
    ("a:b.docx", "文件名中有 Windows 不允许的字符"),
    ("CON.docx", "文件名是 Windows 保留的设备名"),
    ("lpt1", "文件名是 Windows 保留的设备名"),
    ("名单.", "文件名以句点或空格结尾"),
    ("名单 ", "文件名以句点或空格结尾"),
])
def test_a_component_no_system_accepts_is_named(part: str, reason: str) -> None:
    assert name_problem(part).startswith(reason)


def test_good_names_pass() -> None:
    for part in ("安全隐患", "2022-03-1 安全隐患排查整改表.docx", "很" * 85, "CONSOLE.docx", "con1.docx"):
        assert name_problem(part) == ""


def test_the_whole_planned_set_is_checked_at_once_before_anything_is_written(tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    (outputs / "安全隐患").write_text("not a folder", "utf-8")
    (outputs / "目录.docx").mkdir()
    paths = [
        "安全工作责任书/张伟.docx",
        "安全工作责任书/" + "很" * 90 + ".docx",
        "安全工作责任书/CON.docx",
        "安全隐患/2022-03-1 安全隐患排查整改表.docx",
        "目录.docx",
        "Letters/A.docx",
        "letters/a.docx",
        "../escape.docx",
    ]
    with pytest.raises(WorkspaceError) as raised:
        preflight(outputs, paths)
    found = {p.location.file: p.message for p in raised.value.problems}
    assert found["outputs/安全工作责任书/" + "很" * 90 + ".docx"].startswith("文件名太长（275 字节")
    assert found["outputs/安全工作责任书/CON.docx"].startswith("文件名是 Windows 保留的设备名")
    assert found["outputs/安全隐患"] == "这里应是一个文件夹，但现在是一个文件；请把这个文件改名或移走后重试"
    assert found["outputs/目录.docx"] == "这里应是一个文件，但现在是一个文件夹；请把这个文件夹改名或移走后重试"
    assert found["outputs/letters/a.docx"] == "与「outputs/Letters/A.docx」只差大小写，Windows 上是同一个文件"
    assert found["../escape.docx"] == "输出路径不安全：../escape.docx"
    assert "outputs/安全工作责任书/张伟.docx" not in found
    assert sorted(p.name for p in outputs.iterdir()) == ["安全隐患", "目录.docx"]


def test_a_link_inside_the_workspace_is_fine_one_leading_out_is_not(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    outputs = root / "outputs"
    outputs.mkdir(parents=True)
    (root / "存档").mkdir()
    (outputs / "安全工作责任书").symlink_to(root / "存档", target_is_directory=True)
    preflight(outputs, ["安全工作责任书/张伟.docx"])
    (tmp_path / "外面").mkdir()
    (outputs / "应急演练").symlink_to(tmp_path / "外面", target_is_directory=True)
    (outputs / "目录.docx").symlink_to(tmp_path / "外面" / "目录.docx")
    with pytest.raises(WorkspaceError) as raised:
        preflight(outputs, ["安全工作责任书/张伟.docx", "应急演练/a.docx", "应急演练/b.docx", "目录.docx"])
    assert [p.location.file for p in raised.value.problems] == ["outputs/应急演练", "outputs/目录.docx"]
    assert all("指向工作区以外" in p.message for p in raised.value.problems)


def test_the_writer_itself_refuses_a_link_made_after_the_check(tmp_path: Path) -> None:
    from pipeline.outputs.writer import Artifact, OutputWriter

    outputs = tmp_path / "ws" / "outputs"
    outputs.mkdir(parents=True)
    outside = tmp_path / "外面"
    outside.mkdir()
    (outputs / "安全工作责任书").symlink_to(outside, target_is_directory=True)
    with OutputWriter(outputs) as writer:
        assert writer.write(Artifact("应急演练/a.docx", b"fine", kind="drills", title="t")) == "written"
        with pytest.raises(WorkspaceError) as raised:
            writer.write(Artifact("安全工作责任书/新/张伟.docx", b"x", kind="letters", title="t"))
    assert raised.value.problems[0].location.file == "outputs/安全工作责任书"
    assert list(outside.iterdir()) == []


def test_a_whole_path_too_long_for_windows_is_said_before_writing(tmp_path: Path) -> None:
    outputs = tmp_path / ("很深的文件夹" * 10) / "outputs"
    outputs.mkdir(parents=True)
    short, long = "安全工作责任书/张伟.docx", "安全工作责任书/" + "很" * 60 + ".docx"
    from pipeline.outputs.writer import _path_length

    limit = _path_length(outputs / short) + 10  # characters on Windows, bytes elsewhere
    preflight(outputs, [short], max_path=limit)
    with pytest.raises(WorkspaceError) as raised:
        preflight(outputs, [short, long], max_path=limit)
    [problem] = raised.value.problems
    assert problem.location.file == f"outputs/{long}"
    assert problem.message.startswith("完整路径太长（") and "路径更短的文件夹" in problem.message
