"""Crash safety: `houqin build` killed (SIGKILL) or interrupted (Ctrl-C) part-way through a batch.

After a kill every file in outputs/ is complete — it opens, and its bytes are what houqin
recorded for it (manifest.json or the write journal) and what an uninterrupted build writes —
or it is absent; the next build completes and leaves exactly the uninterrupted build's files.
POSIX only: Windows has no SIGKILL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import openpyxl
import pytest
from helpers import copy_sample, tree_hash

from pipeline.outputs.writer import JOURNAL, MANIFEST, TEMP_PREFIX

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and SIGINT as POSIX sends them"),
              pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
#: Fractions of the batch at which the build is killed, and the render processes it runs
#: with (None: its own choice, one for a batch this size; 2: the forked renderers of a
#: large term, killed with it).
KILL_POINTS = ((0.1, None), (0.4, 2), (0.8, None))
EXTRA_STAFF = 200


def large_workspace(target: Path) -> Path:
    """The sample with 200 more staff: a batch of a few hundred documents, a few seconds long."""
    ws = copy_sample(target)
    path = ws / "inputs/员工考核.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["员工名单"]
    for i in range(EXTRA_STAFF):
        sheet.append([f"员工{i:03d}", f"C{i:03d}", ("保安", "保洁", "食堂", "维修")[i % 4], "综合管理中心",
                      dt.datetime(2020, 9, 1), "13900000000"])
    book.save(path)
    return ws


def start_build(ws: Path, processes: int | None = None) -> subprocess.Popen[str]:
    """``houqin build`` in its own process group (as a terminal runs it), with ``processes``
    render processes if given."""
    env = dict(os.environ)
    if processes:
        env["HOUQIN_RENDER_PROCESSES"] = str(processes)
    return subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "build", "-w", str(ws)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)


def wait_for_writes(process: subprocess.Popen[str], ws: Path, count: int) -> None:
    """Until the build has journalled ``count`` writes (it journals each just before writing)."""
    journal = ws / "outputs" / JOURNAL
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if journal.exists() and journal.read_bytes().count(b"\n") >= count:
            return
        assert process.poll() is None, "the build ended before the kill point"
        time.sleep(0.002)
    raise AssertionError("the build did not reach the kill point")


def group_gone(group: int, wait: float = 30.0) -> bool:
    """Whether every process of the build's process group (its render processes) has ended."""

    def members() -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.getpgid(int(entry.name)) == group:
                        found.append(int(entry.name))
                except OSError:
                    continue
        return found

    deadline = time.monotonic() + wait
    while members():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def recorded(outputs: Path) -> dict[str, set[str]]:
    """What houqin itself knows it wrote: manifest.json and the journal, path → sha256s."""
    known: dict[str, set[str]] = {}
    manifest = outputs / MANIFEST
    if manifest.exists():
        for item in json.loads(manifest.read_text("utf-8"))["files"]:
            known.setdefault(item["path"], set()).add(item["sha256"])
    journal = outputs / JOURNAL
    if journal.exists():
        for line in journal.read_text("utf-8").splitlines():
            try:
                item = json.loads(line)
            except ValueError:
                continue  # the line being written when the process died
            known.setdefault(item["path"], set()).add(item["sha256"])
    return known


def assert_complete_or_absent(outputs: Path, reference: dict[str, str]) -> int:
    """Every document present opens and is byte for byte what houqin recorded; returns how many."""
    known = recorded(outputs)
    documents = 0
    for path in sorted(outputs.rglob("*")):
        if not path.is_file() or path.name in (MANIFEST, JOURNAL):
            continue
        rel = path.relative_to(outputs).as_posix()
        if path.name.startswith(TEMP_PREFIX):
            continue  # cut short with the process; never under a document's name, removed by the next build
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest in known.get(rel, set()), f"{rel} is not what houqin recorded"
        assert digest == reference[rel], f"{rel} differs from an uninterrupted build"
        if path.suffix == ".docx":
            docx.Document(str(path))
        elif path.suffix == ".xlsx":
            openpyxl.load_workbook(path)
        documents += 1
    return documents


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The large workspace (inputs only) and the files an uninterrupted build writes."""
    ws = large_workspace(tmp_path_factory.mktemp("reference"))
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "build", "-q", "-w", str(ws)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    files = tree_hash(ws / "outputs")
    shutil.rmtree(ws / "outputs")
    return ws, files


@pytest.mark.parametrize(("point", "processes"), KILL_POINTS,
                         ids=[f"{p:.0%}" + (f"-{n}-renderers" if n else "") for p, n in KILL_POINTS])
def test_sigkill_leaves_complete_files_or_none_and_the_next_build_completes(
        point: float, processes: int | None, reference: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    source, files = reference
    ws = tmp_path / "ws"
    shutil.copytree(source, ws)
    total = len(files) - 1  # all but manifest.json
    process = start_build(ws, processes)
    wait_for_writes(process, ws, int(total * point))
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    if processes and Path("/proc").is_dir():
        assert group_gone(process.pid), "a render process outlived the killed build"
    present = assert_complete_or_absent(ws / "outputs", files)
    assert int(total * point) - 1 <= present < total

    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "build", "-w", str(ws)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "保留 0 个" in done.stdout  # its own files from the killed run are recognised, not kept as edits
    assert tree_hash(ws / "outputs") == files


@pytest.mark.parametrize("processes", [1, 2], ids=["1-renderer", "2-renderers"])
def test_ctrl_c_stops_cleanly_with_a_message(
        processes: int, reference: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """Ctrl-C in a terminal signals the whole process group, renderers included."""
    source, files = reference
    ws = tmp_path / "ws"
    shutil.copytree(source, ws)
    process = start_build(ws, processes)
    wait_for_writes(process, ws, (len(files) - 1) // 3)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "已中断；outputs/ 中没有留下写了一半的文件。" in err
    assert "Traceback" not in err
    outputs = ws / "outputs"
    assert not [p for p in outputs.rglob(f"{TEMP_PREFIX}*")]
    assert not (outputs / JOURNAL).exists()  # folded into manifest.json on the way out
    present = assert_complete_or_absent(outputs, files)
    assert 0 < present < len(files) - 1
    assert recorded(outputs).keys() == {p for p in tree_hash(outputs) if p != MANIFEST}


@pytest.mark.parametrize("route", ["pool", "batch"])
def test_ctrl_c_while_converting_to_pdf_stops_libreoffice_and_leaves_no_temporary_folders(
        route: str, tmp_path: Path, soffice: str) -> None:
    """LibreOffice runs in its own session (Ctrl-C does not reach it): the build stops
    it before it removes the folders it writes into."""
    import threading

    ws = copy_sample(tmp_path / "ws")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "HOUQIN_PDF_ROUTE": route}
    process = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "build", "--pdf", "-w", str(ws)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               start_new_session=True)
    assert process.stderr is not None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stderr or ()), daemon=True)
    reader.start()

    def begun() -> bool:
        """LibreOffice has begun writing PDFs (its folders change under the walk)."""
        try:
            return next(temp.rglob("*.pdf"), None) is not None
        except OSError:
            return False

    deadline = time.monotonic() + 120
    while not begun():
        assert process.poll() is None and time.monotonic() < deadline, "".join(lines)
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=60)
    reader.join(timeout=10)
    err = "".join(lines)
    assert process.returncode == 130, err
    assert "已中断；outputs/ 中没有留下写了一半的文件。" in err
    assert "Traceback" not in err and "Exception" not in err
    assert sorted(p.name for p in temp.iterdir()) == []  # houqin-pdf-*, houqin-lo-*, LibreOffice's lu*.tmp
    if Path("/proc").is_dir():  # every LibreOffice has its profile under TMPDIR
        running = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and str(temp).encode() in (entry / "cmdline").read_bytes():
                    running.append(entry.name)
            except OSError:
                continue
        assert running == [], "a LibreOffice outlived the interrupted build"
