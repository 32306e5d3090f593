"""Writing outputs: safe names, atomic writes, the manifest and edit protection."""

import json
import os
import time

import pytest

from pipeline.errors import WorkspaceError
from pipeline.outputs.writer import (
    JOURNAL,
    MANIFEST,
    TEMP_PREFIX,
    Artifact,
    OutputWriter,
    safe_filename,
    sha256,
    unique_names,
)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../x.docx", "____x.docx"),
        ("CON.docx", "_CON.docx"),
        ("con", "_con"),
        ("LPT1.xlsx", "_LPT1.xlsx"),
        ('a<b>c:d"e/f\\g|h?i*j.docx', "a_b_c_d_e_f_g_h_i_j.docx"),
        ("张伟 .docx", "张伟 .docx"),
        ("  王秀英.  ", "王秀英"),
        ("...", "未命名"),
        ("", "未命名"),
        ("tab\there\n.docx", "tab_here_.docx"),
    ],
)
def test_names_from_data_are_safe_on_windows(name, safe):
    assert safe_filename(name) == safe


def test_over_long_names_are_cut_in_bytes_keeping_the_extension_and_a_hash():
    name = safe_filename("很" * 300 + ".docx")
    assert name.endswith(".docx") and len(name.encode("utf-8")) <= 120
    assert name == safe_filename("很" * 300 + ".docx")  # stable from run to run
    assert name.startswith("很" * 30) and "~" in name
    other = safe_filename("很" * 299 + "长.docx")  # differs only past the cut
    assert other != name and len(other.encode("utf-8")) <= 120


def test_names_that_collide_become_distinct_in_order():
    assert unique_names(["张伟.docx", "王芳.docx", "张伟.docx", "张伟.docx"]) == [
        "张伟.docx", "王芳.docx", "张伟（2）.docx", "张伟（3）.docx"]


def artifact(path="a/b.docx", data=b"one"):
    return Artifact(path, data, kind="letters", title="标题", period="2022春", inputs=("inputs/x.xlsx",))


def test_manifest_lists_every_file_with_its_hash(tmp_path):
    with OutputWriter(tmp_path) as writer:
        assert writer.write(artifact()) == "written"
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["files"] == [{
        "path": "a/b.docx", "kind": "letters", "title": "标题", "period": "2022春",
        "inputs": ["inputs/x.xlsx"], "sha256": sha256(b"one")}]
    assert not (tmp_path / JOURNAL).exists()
    assert (tmp_path / "a/b.docx").read_bytes() == b"one"
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["b.docx"]


def test_unchanged_files_are_not_rewritten(tmp_path):
    with OutputWriter(tmp_path) as writer:
        writer.write(artifact())
    before = (tmp_path / "a/b.docx").stat().st_mtime_ns
    with OutputWriter(tmp_path) as writer:
        assert writer.write(artifact()) == "unchanged"
    assert (tmp_path / "a/b.docx").stat().st_mtime_ns == before


def test_an_edited_file_is_kept_unless_forced(tmp_path):
    with OutputWriter(tmp_path) as writer:
        writer.write(artifact(data=b"one"))
    (tmp_path / "a/b.docx").write_bytes(b"edited by a person")
    with OutputWriter(tmp_path) as writer:
        assert writer.write(artifact(data=b"two")) == "kept"
    assert writer.report.kept == ["a/b.docx"]
    assert (tmp_path / "a/b.docx").read_bytes() == b"edited by a person"
    with OutputWriter(tmp_path, force=True) as writer:
        assert writer.write(artifact(data=b"two")) == "written"
    assert (tmp_path / "a/b.docx").read_bytes() == b"two"


def test_a_newer_houqin_version_of_the_file_is_replaced(tmp_path):
    with OutputWriter(tmp_path) as writer:
        writer.write(artifact(data=b"one"))
    with OutputWriter(tmp_path) as writer:
        assert writer.write(artifact(data=b"two")) == "written"


def test_a_file_houqin_never_wrote_is_kept(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/b.docx").write_bytes(b"a person's own file")
    with OutputWriter(tmp_path) as writer:
        assert writer.write(artifact()) == "kept"


def test_a_killed_batch_is_recognised_from_the_journal(tmp_path):
    """The manifest is written at the end; the journal says what a killed batch wrote."""
    writer = OutputWriter(tmp_path)
    writer.write(artifact(data=b"one"))
    writer._journal.close()  # killed here: no manifest, only the journal
    assert not (tmp_path / MANIFEST).exists()
    with OutputWriter(tmp_path) as again:
        assert again.write(artifact(data=b"two")) == "written"
    assert not (tmp_path / JOURNAL).exists()


@pytest.mark.parametrize("path", ["../x.docx", "/etc/x", "a/../../x", "a\\..\\x"])
def test_paths_outside_outputs_are_refused(tmp_path, path):
    with OutputWriter(tmp_path) as writer, pytest.raises(WorkspaceError):
        writer.write(artifact(path=path))


def test_reading_the_manifest_never_touches_a_batch_that_is_writing(tmp_path):
    """The web page reads the manifest while a build writes: its temp files must survive,
    and only a batch's own end clears debris older than the batch."""
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    debris = outputs / f"{TEMP_PREFIX}killed.tmp"
    debris.write_bytes(b"half")
    os.utime(debris, (time.time() - 60, time.time() - 60))
    with OutputWriter(outputs) as writer:
        writing = outputs / f"{TEMP_PREFIX}writing.tmp"  # another batch, mid-write
        writing.write_bytes(b"half")
        OutputWriter(outputs)  # a reader
        assert debris.exists() and writing.exists()
        writer.write(Artifact("a.docx", b"x", kind="k", title="t"))
    assert not debris.exists()
    assert writing.exists()
