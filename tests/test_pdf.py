"""The PDF converter: both routes, a crashed or hung LibreOffice restarted, PDFs read back."""

import os
import signal
import subprocess
from pathlib import Path

import pytest
from helpers import copy_sample, run_cli

from pipeline.pdf.converter import (
    Job,
    Pool,
    convert_jobs,
    find_uno_python,
    has_embedded_cjk_font,
    page_count,
    settle,
)
from pipeline.pdf.soffice import converter_env


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[Path]:
    """A few real documents from the sample: letters (.docx) and a printed ledger (.xlsx)."""
    ws = copy_sample(tmp_path_factory.mktemp("pdf") / "ws")
    assert run_cli("letters", "-w", ws, "-q").exit_code == 0
    assert run_cli("drills", "-w", ws, "-q").exit_code == 0
    letters = sorted((ws / "outputs/安全工作责任书").glob("*.docx"))[:4]
    return [*letters, ws / "outputs/应急演练/应急演练台账.xlsx"]


@pytest.fixture
def uno_python(soffice) -> Path:
    found = find_uno_python(Path(soffice))
    if found is None:
        message = "no Python with uno (Debian: python3-uno); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def text_of(pdf: Path, pdftotext: str) -> str:
    out = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(out.split())


@pytest.mark.parametrize("route", ["pool", "batch"])
def test_both_routes_convert_word_and_excel_with_chinese(route, documents, tmp_path, soffice, poppler, request):
    if route == "pool":
        request.getfixturevalue("uno_python")
    jobs = [Job(d, tmp_path / f"{i}.pdf") for i, d in enumerate(documents)]
    outcome = convert_jobs(Path(soffice), jobs, converter_env(tmp_path), route=route, workers=2)
    assert outcome.route == route
    assert outcome.failed == []
    assert sorted(outcome.done, key=jobs.index) == jobs
    for job in jobs:
        data = job.dst.read_bytes()
        assert has_embedded_cjk_font(data), job.src.name
        assert page_count(data) >= 1
        assert "薛家实验小学" in text_of(job.dst, poppler[0]), job.src.name
    assert "应急演练台账" in text_of(jobs[-1].dst, poppler[0])


def test_the_batch_route_is_forced_by_the_environment(monkeypatch, soffice):
    from pipeline.pdf.converter import route_for

    monkeypatch.setenv("HOUQIN_PDF_ROUTE", "batch")
    assert route_for(Path(soffice)) == "batch"


def _group(pool: Pool) -> list[int]:
    worker = pool.workers[0]
    assert worker.process is not None
    return [pid for pid in worker.pids() if pid != worker.process.pid]


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the worker's LibreOffice through /proc")
@pytest.mark.parametrize("fault", ["crash", "hang"])
def test_a_crashed_or_hung_libreoffice_is_restarted_and_the_file_retried(fault, documents, tmp_path, soffice,
                                                                         uno_python):
    jobs = [Job(d, tmp_path / f"{i}.pdf") for i, d in enumerate(documents[:3])]
    struck: list[int] = []
    with Pool(Path(soffice), 1, converter_env(tmp_path), tmp_path / "work", timeout=8) as pool:

        def strike(phase, done, total, label):
            if done == 1 and not struck:
                struck.extend(_group(pool))
                for pid in struck:  # LibreOffice itself, not the worker script
                    os.kill(pid, signal.SIGKILL if fault == "crash" else signal.SIGSTOP)

        outcome = pool.convert(jobs, strike)
    assert struck
    assert outcome.failed == []
    assert len(outcome.done) == 3
    assert outcome.restarts >= 1
    assert all(j.dst.stat().st_size > 1000 for j in jobs)


def test_a_file_libreoffice_cannot_open_is_reported_and_the_rest_converted(documents, tmp_path, soffice,
                                                                            uno_python):
    bad = tmp_path / "已删除.docx"  # gone between planning and converting
    with Pool(Path(soffice), 1, converter_env(tmp_path), tmp_path / "work", timeout=60) as pool:
        outcome = pool.convert([Job(bad, tmp_path / "bad.pdf"), Job(documents[0], tmp_path / "good.pdf")])
    assert outcome.done == [Job(documents[0], tmp_path / "good.pdf")]
    assert [job.src for job, _ in outcome.failed] == [bad]
    assert outcome.restarts == 0


def test_settle_fixes_the_clock_and_id_without_moving_offsets():
    one = b"%PDF-1.6\n<</CreationDate(D:20261123162053Z')>>\ntrailer <</ID [ <AB12><CD34> ]>>\n"
    two = b"%PDF-1.6\n<</CreationDate(D:20250101000000Z')>>\ntrailer <</ID [ <9F00><1234> ]>>\n"
    assert settle(one) == settle(two)
    assert len(settle(one)) == len(one)
    assert b"D:20000101080000" in settle(one)


def test_settle_makes_the_doc_checksum_a_digest_of_the_content():
    """LibreOffice's /DocChecksum differs between conversions of the same document."""
    one = b"%PDF-1.6\n1 0 obj (text) endobj\ntrailer <</ID [ <AB12><AB12> ]\n/DocChecksum /D5F568EC>>\n"
    two = one.replace(b"D5F568EC", b"C46543F0").replace(b"AB12", b"9F00")
    assert settle(one) == settle(two) and len(settle(one)) == len(one)
    assert settle(one) != settle(one.replace(b"(text)", b"(more)"))


def test_pdf_readers_on_a_tiny_pdf():
    data = (b"<</Type/Pages/Count 2/Kids[3 0 R 4 0 R]>> <</Type/Page>> <</Type /Page>> "
            b"<</Type/FontDescriptor/FontName/BAAAAA+NotoSerifCJKsc-Regular/FontFile2 5 0 R>>")
    assert page_count(data) == 2
    assert has_embedded_cjk_font(data)
    assert not has_embedded_cjk_font(data.replace(b"NotoSerifCJKsc", b"DejaVuSerif"))


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for a broken Python")
def test_a_pool_that_cannot_start_falls_back_to_batch_calls(documents, tmp_path, soffice, monkeypatch):
    from pipeline.pdf.converter import Converter

    broken = tmp_path / "python"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setattr("pipeline.pdf.converter.find_uno_python", lambda _soffice: broken)
    jobs = [Job(documents[0], tmp_path / "0.pdf")]
    with Converter(Path(soffice), converter_env(tmp_path), route="pool", timeout=30) as converter:
        outcome = converter.convert(jobs)
    assert outcome.route == "batch"
    assert outcome.done == jobs and outcome.failed == []
    assert has_embedded_cjk_font(jobs[0].dst.read_bytes())


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for a hanging Python")
def test_a_pool_whose_libreoffice_hangs_on_start_up_is_given_up_after_two_starts(documents, tmp_path, soffice,
                                                                                   monkeypatch):
    """Not two start timeouts for every file (hours for a term) before the batch route takes over."""
    from pipeline.pdf.converter import Converter

    starts = tmp_path / "starts"
    hung = tmp_path / "python"
    hung.write_text(f"#!/bin/sh\necho start >> '{starts}'\nexec sleep 600\n")
    hung.chmod(0o755)
    monkeypatch.setattr("pipeline.pdf.converter.find_uno_python", lambda _soffice: hung)
    monkeypatch.setattr("pipeline.pdf.converter.START_TIMEOUT", 1.0)
    jobs = [Job(documents[i % 2], tmp_path / f"{i}.pdf") for i in range(6)]
    seen: list[tuple[int, int]] = []
    with Converter(Path(soffice), converter_env(tmp_path), route="pool", workers=2, timeout=30) as converter:
        outcome = converter.convert(jobs, lambda _phase, done, total, _label: seen.append((done, total)))
    assert outcome.route == "batch"
    assert sorted(outcome.done, key=jobs.index) == jobs and outcome.failed == []
    assert len(starts.read_text().split()) <= 3  # two failed, and at most the other worker's second
    assert seen[-1] == (6, 6) and all(total == 6 for _, total in seen)


def test_batch_calls_stay_under_windows_command_line_limit():
    """A term of 3,000 documents: several calls per core, none over 200 files or 20,000 characters."""
    from pipeline.pdf.converter import batch_calls

    files = [Path(f"C:/Users/后勤/AppData/Local/Temp/houqin-lo-x/batch-1/stage/{i:05d}.docx") for i in range(3000)]
    shares = batch_calls(files, 2)
    assert len(shares) == 2
    calls = [run for runs in shares for run in runs]
    assert sorted(f for run in calls for f in run) == sorted(files)
    assert all(len(run) <= 200 for run in calls) and len(calls) == 16
    long = [Path("D:/" + "很长的文件夹名" * 30 + f"/{i:05d}.docx") for i in range(300)]
    assert all(sum(len(str(f)) + 3 for f in run) <= 20_000 for run in batch_calls(long, 1)[0])
    assert batch_calls(files[:1], 2) == [[files[:1]]]


def test_the_batch_route_without_a_startable_soffice_reports_each_file(documents, tmp_path, monkeypatch):
    """Not an "Exception in thread" traceback on the console; progress still reaches the total."""
    from pipeline.pdf.converter import convert_batch

    raised: list[object] = []
    monkeypatch.setattr("threading.excepthook", raised.append)
    seen: list[tuple[int, int]] = []
    jobs = [Job(d, tmp_path / f"{i}.pdf") for i, d in enumerate(documents[:3])]
    outcome = convert_batch(tmp_path / "没有这个程序" / "soffice", jobs, dict(os.environ), tmp_path / "work", 2,
                            progress=lambda _phase, done, total, _label: seen.append((done, total)))
    assert raised == []
    assert outcome.done == [] and [job for job, _ in outcome.failed] == jobs
    assert all(reason.startswith("无法启动 LibreOffice（") for _, reason in outcome.failed)
    assert sorted(seen) == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.skipif(os.name == "nt", reason="a shell script counts the soffice calls")
def test_the_batch_route_counts_a_failed_file_and_makes_several_calls_in_turn(documents, tmp_path, soffice,
                                                                              monkeypatch):
    """The progress bar reaches the total with a file LibreOffice cannot read; with two files
    a call, three files take two calls (and the bad one a third, retried)."""
    from pipeline.pdf.converter import convert_batch

    monkeypatch.setattr("pipeline.pdf.converter.BATCH_FILES", 2)
    calls = tmp_path / "calls"
    counted = tmp_path / "soffice"  # the real soffice, each call noted
    counted.write_text(f"#!/bin/sh\necho call >> '{calls}'\nexec '{Path(soffice).resolve()}' \"$@\"\n")
    counted.chmod(0o755)
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"PK\x03\x04not a document")
    jobs = [Job(documents[0], tmp_path / "0.pdf"), Job(bad, tmp_path / "bad.pdf"), Job(documents[-1], tmp_path / "2.pdf")]
    seen: list[tuple[int, int]] = []
    outcome = convert_batch(counted, jobs, converter_env(tmp_path), tmp_path / "work", 1,
                            progress=lambda _phase, done, total, _label: seen.append((done, total)))
    assert len(calls.read_text().split()) == 3
    assert sorted(outcome.done, key=jobs.index) == [jobs[0], jobs[2]]
    assert outcome.failed == [(jobs[1], "LibreOffice 未能转换此文件")]
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert has_embedded_cjk_font(jobs[2].dst.read_bytes())
