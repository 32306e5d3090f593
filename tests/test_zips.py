"""One deterministic zip writer (pipeline/zips.py) and one progress type (issue #18)."""

from __future__ import annotations

import ast
import io
import zipfile
from pathlib import Path

import pytest

from pipeline.zips import (
    ZipEntry,
    ZipTooLarge,
    ZipWriter,
    normalise_zip,
    package_parts,
    raw_entries,
    write_zip,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.joinpath("pipeline").rglob("*.py"), ROOT / "cli.py"])


def calls(path: Path) -> list[ast.Call]:
    return [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Call)]


def name_of(call: ast.Call) -> str:
    return ast.unparse(call.func).rpartition(".")[2]


def test_only_the_zip_module_writes_zip_entries() -> None:
    """No other module builds zip entries or writes a zip with zipfile, except the one place
    openpyxl must be handed a ZipFile to save into (its bytes are rewritten by normalise_zip)."""
    writers = []
    for path in SOURCES:
        for call in calls(path):
            mode = [a for a in call.args[1:2] if isinstance(a, ast.Constant)]
            if (name_of(call) == "ZipFile" and mode and mode[0].value != "r") or name_of(call) in ("ZipInfo", "writestr"):
                writers.append(path.relative_to(ROOT).as_posix())
    assert sorted(set(writers)) == ["pipeline/render/forms.py"]
    assert "normalise_zip(buffer.getvalue())" in (ROOT / "pipeline/render/forms.py").read_text(encoding="utf-8")


def test_the_progress_type_is_declared_once() -> None:
    declared = [path.relative_to(ROOT).as_posix() for path in SOURCES
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Assign) and any(ast.unparse(t) == "Progress" for t in node.targets)]
    assert declared == ["pipeline/progress.py"]


def test_the_same_entries_give_the_same_bytes_and_read_back() -> None:
    parts = {"word/document.xml": b"<w:document/>" * 50, "[Content_Types].xml": b"<Types/>",
             "media/照片.png": bytes(range(256)) * 4}
    first, second = package_parts(parts), package_parts(dict(reversed(parts.items())))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == ["[Content_Types].xml", "media/照片.png", "word/document.xml"]
        assert {n: archive.read(n) for n in archive.namelist()} == parts
        infos = archive.infolist()
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert [bool(i.flag_bits & 0x800) for i in infos] == [False, True, False]  # Chinese names flagged UTF-8
    assert normalise_zip(first) == first


def test_a_stored_entry_keeps_its_bytes_and_raw_entries_copy_without_inflating() -> None:
    out = io.BytesIO()
    writer = ZipWriter(out)
    writer.add(ZipEntry.stored("a.docx", b"PK already compressed"))
    writer.add(ZipEntry.deflate("b.txt", b"text " * 100, 1))
    writer.close()
    data = out.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert [i.compress_type for i in archive.infolist()] == [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]
        assert archive.read("a.docx") == b"PK already compressed"
    assert write_zip(entry for _, entry in raw_entries(data)) == data


def test_a_zip_past_four_gigabytes_is_refused_in_chinese() -> None:
    huge = ZipEntry(b"x", 0, zipfile.ZIP_STORED, 0, 0xFFFFFFFF, 0xFFFFFFFF, b"")
    with pytest.raises(ZipTooLarge, match="生成的文件超过 4 GB，无法保存"):
        ZipWriter(io.BytesIO()).add(huge)
