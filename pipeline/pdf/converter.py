"""Converting a batch to PDF fast: a pool of running LibreOffices, or parallel batch calls.

Measured on a 2-core VM (bench/bench_pdf.py): one ``soffice --convert-to pdf`` per file
costs about 1.4 s a document, mostly starting LibreOffice; one call given every file about
0.3 s. Kept running and driven over UNO, LibreOffice converts a document in about 0.25 s,
and one per core roughly halves that again.

Two routes, chosen by what the machine has:

- **pool** (preferred): one worker per core (fewer for a short batch), each a small
  stdlib+uno script (``lo_worker.py``) run under a Python that can ``import uno`` —
  Debian's /usr/bin/python3 with python3-uno, LibreOffice's own ``program/python`` on
  Windows and macOS — which starts its own LibreOffice with a private profile. Files are
  handed out one at a time; a worker that hangs past the per-file timeout or dies is killed
  with its LibreOffice, started afresh, and the file tried once more, then reported. A
  pool whose LibreOffice fails to start twice before converting anything is given up for
  the batch route.
- **batch** (no uno-capable Python, ``HOUQIN_PDF_ROUTE=batch``, or a broken pool): the
  files shared between one thread per core, each making ``soffice --convert-to pdf``
  calls of at most 200 files in turn with its own profile; files a call did not produce
  are tried once more in a fresh call, then reported.

Either way the creation date, /DocChecksum and /ID that LibreOffice stamps in every PDF are
replaced by fixed values (or a digest of the rest) of the same length (offsets stay valid). That is as deterministic as a PDF
from LibreOffice gets: the Type 1 subsets it makes of CFF fonts (Noto CJK) start with
random bytes, so callers convert again only when the source changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import os_reason
from ..progress import Progress

WORKER = Path(__file__).with_name("lo_worker.py")
START_TIMEOUT = 90.0
FILE_TIMEOUT = 120.0

FILTERS = {".docx": "writer_pdf_Export", ".doc": "writer_pdf_Export", ".odt": "writer_pdf_Export",
           ".xlsx": "calc_pdf_Export", ".xls": "calc_pdf_Export", ".ods": "calc_pdf_Export"}

#: Parts of the names of fonts that cover Chinese, as LibreOffice embeds them.
CJK_FONT_HINTS = ("cjk", "song", "hei", "kai", "fang", "ming", "ukai", "uming", "wenquanyi",
                  "simsun", "simhei", "gb2312", "gbk", "sc-", "yahei", "dengxian")


@dataclass(frozen=True)
class Job:
    src: Path
    dst: Path


@dataclass
class Outcome:
    """What a batch gave: the jobs converted, those that failed and why, and the route."""

    done: list[Job] = field(default_factory=list)
    failed: list[tuple[Job, str]] = field(default_factory=list)
    route: str = ""
    restarts: int = 0


class WorkerDied(Exception):
    """The worker or its LibreOffice hung, crashed or would not start."""


class StartFailed(WorkerDied):
    """LibreOffice (or the Python driving it) did not say it was ready."""


class _Stopped(Exception):
    """The batch was stopped (interrupted, or the pool found broken): leave the file unrecorded."""


# --- finding a Python that can drive LibreOffice -------------------------------------------

def _python_candidates(soffice: Path) -> list[Path]:
    program = soffice.resolve().parent
    found = []
    env = os.environ.get("HOUQIN_UNO_PYTHON")
    if env:
        found.append(Path(env))
    if sys.platform == "win32":
        found += [program / "python.exe"]
    elif sys.platform == "darwin":
        found += [program.parent / "Resources" / "python", program / "python"]
    else:
        found += [program / "python", Path("/usr/bin/python3"), Path("/usr/local/bin/python3")]
    found.append(Path(sys.executable))
    return found


@cache
def find_uno_python(soffice: Path) -> Path | None:
    """A Python that imports uno and so can drive this LibreOffice, or None."""
    for candidate in _python_candidates(soffice):
        if not candidate.is_file():
            continue
        try:
            result = subprocess.run([str(candidate), "-c", "import uno"], capture_output=True,
                                    timeout=30, check=False, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if result.returncode == 0:
            return candidate
    return None


def route_for(soffice: Path) -> str:
    """"pool" when a uno-capable Python is there, else "batch"; HOUQIN_PDF_ROUTE=batch forces it."""
    if os.environ.get("HOUQIN_PDF_ROUTE", "").lower() == "batch":
        return "batch"
    return "pool" if find_uno_python(soffice) else "batch"


# --- process groups: a hung LibreOffice goes with its worker ----------------------------------

def _group_kwargs() -> dict[str, object]:
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}  # type: ignore[attr-defined]
    return {"start_new_session": True}


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill a worker and every process it started (its LibreOffice), even hung ones."""
    if sys.platform == "win32":
        if process.poll() is None:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
    else:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    if process.stdin is not None:  # its stdout is closed by the thread reading it
        with contextlib.suppress(OSError):
            process.stdin.close()


# --- the pool ------------------------------------------------------------------------------------

class Worker:
    """One lo_worker.py process and its LibreOffice; restartable."""

    def __init__(self, python: Path, soffice: Path, workdir: Path, env: dict[str, str], index: int,
                 stop: threading.Event | None = None):
        self.python, self.soffice, self.workdir, self.env, self.index = python, soffice, workdir, env, index
        #: Set when the pool stops: no LibreOffice starts after it (so none outlives close()).
        self.stop = stop or threading.Event()
        self.generation = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.lines: queue.Queue[bytes] = queue.Queue()
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:  # against kill() from the thread stopping the pool
            if self.stop.is_set():
                raise WorkerDied("转换已停止")
            self.generation += 1
            profile = self.workdir / f"profile-{self.index}-{self.generation}"
            self.lines = lines = queue.Queue()
            try:
                self.process = process = subprocess.Popen(
                    [str(self.python), str(WORKER), str(self.soffice), str(profile)],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                    env=self.env, **_group_kwargs())  # type: ignore[call-overload]
            except OSError as err:
                raise StartFailed(f"无法启动转换进程（{os_reason(err)}）") from None
        threading.Thread(target=self._read, args=(process, lines), daemon=True).start()
        try:
            reply = self._reply(START_TIMEOUT)
        except WorkerDied as err:
            raise StartFailed(str(err)) from None
        if not reply.get("ready"):
            raise StartFailed("LibreOffice 未能启动")

    @staticmethod
    def _read(process: subprocess.Popen[bytes], lines: queue.Queue[bytes]) -> None:
        assert process.stdout is not None
        with process.stdout:
            for line in process.stdout:
                lines.put(line)
        lines.put(b"")  # end of output: the worker is gone

    def _reply(self, timeout: float) -> dict[str, object]:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise WorkerDied(f"LibreOffice 超过 {timeout:.0f} 秒没有响应") from None
        if not line:
            raise WorkerDied("LibreOffice 意外退出")
        try:
            reply = json.loads(line)
        except ValueError:
            raise WorkerDied("LibreOffice 的回应无法识别") from None
        if reply.get("crashed"):
            raise WorkerDied("LibreOffice 崩溃")
        return dict(reply)

    def convert(self, job: Job, timeout: float) -> str | None:
        """None on success, or the reason the file could not be converted (worker still fine)."""
        process = self.process
        if process is None or process.poll() is not None:
            self.start()
            process = self.process
        if process is None or process.stdin is None:
            raise WorkerDied("LibreOffice 意外退出")  # killed meanwhile by the thread stopping the pool
        request = {"src": str(job.src), "dst": str(job.dst), "filter": FILTERS[job.src.suffix.lower()]}
        try:
            process.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            process.stdin.flush()
        except (OSError, ValueError):  # ValueError: its stdin closed by close()
            raise WorkerDied("LibreOffice 意外退出") from None
        reply = self._reply(timeout)
        return None if reply.get("ok") else str(reply.get("error", "转换失败"))

    def pids(self) -> list[int]:
        """The worker and, where /proc tells, every process of its group (its LibreOffice): for tests."""
        if self.process is None:
            return []
        if not Path("/proc").is_dir():
            return [self.process.pid]
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.getpgid(int(entry.name)) == self.process.pid:
                        pids.append(int(entry.name))
                except (ProcessLookupError, PermissionError):
                    continue
        return sorted(pids)

    def kill(self) -> None:
        with self._lock:
            process, self.process = self.process, None
        if process is not None:
            _kill_group(process)

    def close(self) -> None:
        with self._lock:
            process = self.process
        if process is None:
            return
        try:
            assert process.stdin is not None
            process.stdin.close()
            process.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


class Pool:
    """Running LibreOffices, one per worker, fed from one queue of files.

    The pool stops — no file handed out, no LibreOffice started — when ``convert`` is
    interrupted (Ctrl-C) or fails, and when it is found broken: two starts failed before
    any file was converted. A LibreOffice (or uno Python) that hangs on start-up would
    otherwise cost two start timeouts for every file before the batch route took over.
    """

    #: Failed starts, with nothing converted yet, after which the pool is given up.
    BROKEN_AFTER = 2

    def __init__(self, soffice: Path, size: int, env: dict[str, str], workdir: Path,
                 timeout: float = FILE_TIMEOUT, python: Path | None = None):
        python = python or find_uno_python(soffice)
        if python is None:
            raise WorkerDied("没有可以驱动 LibreOffice 的 Python（uno）")
        self.timeout = timeout
        self._stop = threading.Event()
        self.workers = [Worker(python, soffice, workdir, env, i, self._stop) for i in range(max(1, size))]
        self.restarts = 0
        self.broken = False
        self._converted = 0
        self._failed_starts = 0
        self._lock = threading.Lock()
        self._starting: list[threading.Thread] = []
        self._threads: list[threading.Thread] = []

    def _start_failed(self) -> None:
        with self._lock:
            if self._converted:
                return
            self._failed_starts += 1
            if self._failed_starts < self.BROKEN_AFTER or self.broken:
                return
            self.broken = True
            self._stop.set()
        for worker in self.workers:  # a start still waiting ends now
            worker.kill()

    def warm_up(self) -> None:
        """Start every LibreOffice now, in the background, so start-up overlaps other work
        (a build renders its documents meanwhile); a worker that fails here starts again
        when it gets its first file."""

        def start(worker: Worker) -> None:
            try:
                worker.start()
            except StartFailed:
                worker.kill()
                self._start_failed()
            except (WorkerDied, OSError):
                worker.kill()

        self._starting = [threading.Thread(target=start, args=(w,), daemon=True) for w in self.workers]
        for thread in self._starting:
            thread.start()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every LibreOffice; when a batch or a start is still running (interrupted),
        kill them rather than wait, and return only once no thread can start another."""
        self._stop.set()
        busy = [t for t in (*self._starting, *self._threads) if t.is_alive()]
        if busy:
            for worker in self.workers:
                worker.kill()
            for thread in busy:
                thread.join()
        for worker in self.workers:
            worker.close()

    def convert(self, jobs: Sequence[Job], progress: Progress | None = None) -> Outcome:
        """Every job converted or failed; raises WorkerDied when the pool is broken."""
        try:
            for thread in self._starting:
                thread.join()
        except BaseException:
            self._stop.set()
            raise
        self._starting = []
        if self.broken:
            raise WorkerDied("LibreOffice 未能启动")
        outcome = Outcome(route="pool")
        self.restarts = 0
        pending: queue.Queue[Job] = queue.Queue()
        for job in jobs:
            pending.put(job)
        total = len(jobs)
        errors: list[BaseException] = []

        def record(job: Job, error: str | None) -> None:
            with self._lock:
                if error is None:
                    outcome.done.append(job)
                    self._converted += 1
                else:
                    outcome.failed.append((job, error))
                if progress and not self._stop.is_set():
                    progress("pdf", len(outcome.done) + len(outcome.failed), total, job.src.name)

        def run(worker: Worker) -> None:
            try:
                while not self._stop.is_set():
                    try:
                        job = pending.get_nowait()
                    except queue.Empty:
                        return
                    record(job, self._one(worker, job))
            except _Stopped:
                return
            except BaseException as err:  # noqa: BLE001 - re-raised in the calling thread
                errors.append(err)
                self._stop.set()

        self._threads = threads = [threading.Thread(target=run, args=(w,), daemon=True) for w in self.workers]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        except BaseException:  # Ctrl-C: no file more; close() kills what is running
            self._stop.set()
            raise
        if errors:
            raise errors[0]
        if self.broken:
            raise WorkerDied("LibreOffice 未能启动")
        outcome.restarts = self.restarts
        return outcome

    def _one(self, worker: Worker, job: Job) -> str | None:
        """Convert one file; a hung or dead worker is restarted and the file tried once more."""
        reason = ""
        for _attempt in range(2):
            try:
                return worker.convert(job, self.timeout)
            except WorkerDied as err:
                if isinstance(err, StartFailed):
                    self._start_failed()
                if self._stop.is_set():
                    raise _Stopped from None
                reason = str(err)
                worker.kill()
                with self._lock:
                    self.restarts += 1
        return reason


def pool_size(files: int) -> int:
    """One worker per core, but only as many as pay for their start-up (about 4 files each)."""
    return max(1, min(os.cpu_count() or 1, files // 4))


# --- the batch route ------------------------------------------------------------------------

#: Files in one soffice call, and the characters their paths may take: Windows refuses a
#: command line over 32,767 characters, and a large term has a few thousand documents.
BATCH_FILES = 200
BATCH_CHARS = 20_000


def batch_calls(files: Sequence[Path], calls: int) -> list[list[list[Path]]]:
    """The files shared between ``calls`` threads, each share cut into the soffice calls
    that thread makes one after another (at most BATCH_FILES files, BATCH_CHARS characters)."""
    shares = []
    for share in (list(files[i::calls]) for i in range(max(1, calls))):
        runs: list[list[Path]] = []
        run: list[Path] = []
        chars = 0
        for path in share:
            size = len(str(path)) + 3  # quotes and a space
            if run and (len(run) >= BATCH_FILES or chars + size > BATCH_CHARS):
                runs.append(run)
                run, chars = [], 0
            run.append(path)
            chars += size
        if run:
            runs.append(run)
        shares.append(runs)
    return [runs for runs in shares if runs]


class _Calls:
    """The soffice calls running, so an interrupted batch kills them and starts no more."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[bytes]] = set()

    def start(self, command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        with self._lock:
            if self.stop.is_set():
                raise _Stopped
            process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, **_group_kwargs())  # type: ignore[call-overload]
            self._running.add(process)
            return process

    def done(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._running.discard(process)

    def kill_all(self) -> None:
        with self._lock:
            self.stop.set()
            running = list(self._running)
        for process in running:
            _kill_group(process)


def _batch_call(soffice: Path, files: Sequence[Path], outdir: Path, profile: Path, env: dict[str, str],
                timeout: float, calls: _Calls) -> str | None:
    """One soffice call; None, or why none of its files can have been converted."""
    command = [str(soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(outdir),
               *(str(f) for f in files)]
    try:
        process = calls.start(command, env)
    except OSError as err:
        return f"无法启动 LibreOffice（{os_reason(err)}）"
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        return f"LibreOffice 超过 {timeout:.0f} 秒没有完成"
    finally:
        calls.done(process)
    return None


def convert_batch(soffice: Path, jobs: Sequence[Job], env: dict[str, str], workdir: Path,
                  calls: int, timeout: float = FILE_TIMEOUT, progress: Progress | None = None) -> Outcome:
    """Parallel ``soffice --convert-to pdf`` calls, one thread per core, each thread making
    its calls one after another with its own profile; files a call did not produce are
    tried once more, then reported. Progress counts failed files as well as converted ones."""
    outcome = Outcome(route="batch")
    total = len(jobs)
    lock = threading.Lock()
    running = _Calls()

    def record(job: Job, error: str | None) -> None:  # with the lock held
        if error is None:
            outcome.done.append(job)
        else:
            outcome.failed.append((job, error))
        if progress and not running.stop.is_set():
            progress("pdf", len(outcome.done) + len(outcome.failed), total, job.src.name)

    stage = workdir / "stage"
    stage.mkdir(parents=True, exist_ok=True)
    staged: dict[Path, Job] = {}
    for i, job in enumerate(jobs):
        copy = stage / f"{i:05d}{job.src.suffix.lower()}"
        try:
            shutil.copyfile(job.src, copy)
        except OSError as err:
            record(job, f"无法读取此文件（{os_reason(err)}）")
            continue
        staged[copy] = job

    def work(runs: list[list[Path]], outdir: Path, profile: Path, last: bool, missed: list[Path],
             errors: list[BaseException]) -> None:
        try:
            for files in runs:
                if running.stop.is_set():
                    return
                error = _batch_call(soffice, files, outdir, profile, env, timeout * len(files), running)
                with lock:
                    for copy in files:
                        pdf = outdir / f"{copy.stem}.pdf"
                        job = staged[copy]
                        if pdf.is_file() and pdf.stat().st_size:
                            job.dst.parent.mkdir(parents=True, exist_ok=True)
                            shutil.move(str(pdf), job.dst)
                            record(job, None)
                        elif last:
                            record(job, error or "LibreOffice 未能转换此文件")
                        else:
                            missed.append(copy)
        except _Stopped:
            return
        except BaseException as err:  # noqa: BLE001 - re-raised in the calling thread
            errors.append(err)
            running.kill_all()

    remaining = list(staged)
    for attempt in range(2):
        if not remaining:
            break
        missed: list[Path] = []
        errors: list[BaseException] = []
        outdir = workdir / f"out-{attempt}"
        threads = [threading.Thread(target=work, args=(
            runs, outdir, workdir / f"profile-b{attempt}-{n}", attempt == 1, missed, errors), daemon=True)
            for n, runs in enumerate(batch_calls(remaining, calls))]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        except BaseException:  # Ctrl-C: LibreOffice runs in its own session and goes on without this
            running.kill_all()
            for thread in threads:
                if thread.is_alive():
                    thread.join()
            raise
        if errors:
            raise errors[0]
        if missed:
            outcome.restarts += 1
        remaining = missed
    return outcome


# --- the whole batch ------------------------------------------------------------------------

class Converter:
    """The converter for one build: its pool (or batch route) lives across several batches.

    A build converts the documents, then its 目录 once the page counts are known; the
    running LibreOffices serve both. Use as a context manager.
    """

    def __init__(self, soffice: Path, env: dict[str, str], *, route: str | None = None,
                 timeout: float = FILE_TIMEOUT, workers: int | None = None):
        self.soffice, self.env, self.timeout, self.workers = soffice, env, timeout, workers
        self.route = route or route_for(soffice)
        # Emptied by close() only after every LibreOffice has stopped; on Windows one just
        # killed may hold a file a moment longer, which must not fail the build.
        self._work = tempfile.TemporaryDirectory(prefix="houqin-lo-", ignore_cleanup_errors=True)
        self.workdir = Path(self._work.name)
        # LibreOffice's own temporary files (lu*.tmp), left behind when it is killed, go
        # with the work folder too.
        temp = self.workdir / "tmp"
        temp.mkdir()
        self.env = {**env, "TMPDIR": str(temp), "TMP": str(temp), "TEMP": str(temp)}
        self.pool: Pool | None = None
        self.restarts = 0

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every LibreOffice, then remove the work folder (profiles, batches' PDFs)."""
        self._drop_pool()
        # A LibreOffice killed a moment ago (a grandchild: waiting for its launcher does not
        # wait for it) may finish one last write while the folder is removed; try again briefly.
        for _ in range(25):
            shutil.rmtree(self.workdir, ignore_errors=True)
            if not self.workdir.exists():
                break
            time.sleep(0.2)
        self._work.cleanup()

    def _drop_pool(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def jobdir(self) -> Path:
        """A fresh folder for a batch's PDFs, inside the work folder: LibreOffice writes
        there, so it goes with close(), after LibreOffice has stopped."""
        return Path(tempfile.mkdtemp(prefix="pdf-", dir=self.workdir))

    def warm_up(self, size: int | None = None) -> None:
        """Start the pool's LibreOffices in the background before the files are known."""
        if self.route == "pool" and self.pool is None:
            try:
                self.pool = Pool(self.soffice, size or self.workers or os.cpu_count() or 1, self.env,
                                 self.workdir, self.timeout)
            except WorkerDied:
                self.route = "batch"
                return
            self.pool.warm_up()

    def convert(self, jobs: Sequence[Job], progress: Progress | None = None) -> Outcome:
        """Convert every job, then fix each PDF's clock and /ID (see ``settle``)."""
        if not jobs:
            return Outcome(route=self.route)
        size = self.workers or pool_size(len(jobs))
        outcome: Outcome | None = None
        if self.route == "pool":
            try:
                if self.pool is None:
                    self.pool = Pool(self.soffice, size, self.env, self.workdir, self.timeout)
                outcome = self.pool.convert(jobs, progress)
            except WorkerDied:
                self.route = "batch"  # uno is there but LibreOffice would not start under it
            if outcome is not None and outcome.failed and not outcome.done:
                outcome, self.route = None, "batch"  # the pool converted nothing: it is the pool
            if self.route == "batch":
                self._drop_pool()
        if outcome is None:
            outcome = convert_batch(self.soffice, jobs, self.env, self.workdir / f"batch-{id(jobs)}", size,
                                    self.timeout, progress)
        self.restarts += outcome.restarts
        for job in outcome.done:
            job.dst.write_bytes(settle(job.dst.read_bytes()))
        return outcome


def convert_jobs(soffice: Path, jobs: Sequence[Job], env: dict[str, str], *,
                 progress: Progress | None = None, timeout: float = FILE_TIMEOUT,
                 route: str | None = None, workers: int | None = None) -> Outcome:
    """One batch by the best route there is (see Converter)."""
    with Converter(soffice, env, route=route, timeout=timeout, workers=workers) as converter:
        return converter.convert(jobs, progress)


# --- reading PDFs back ------------------------------------------------------------------------

_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\((D:[^)]*)\)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def settle(data: bytes) -> bytes:
    """The PDF with LibreOffice's clock, /DocChecksum and random /ID replaced, same length, offsets intact."""

    def fixed_date(match: re.Match[bytes]) -> bytes:
        stamp = match.group(2)
        fixed = (b"D:20000101080000" + b"Z" * len(stamp))[:len(stamp)]
        return match.group(0).replace(stamp, fixed)

    data = _DATE.sub(fixed_date, data)
    # LibreOffice's /DocChecksum and /ID change from one conversion to the next even when
    # every other byte is the same: both become a digest of the rest, so equal content
    # gives equal files.
    spans = [m.span(1) for m in _CHECKSUM.finditer(data)]
    match = _ID.search(data)
    if match:
        spans += [match.span(1), match.span(2)]
    if spans:
        spans.sort()
        rest, last = bytearray(), 0
        for start, end in spans:
            rest += data[last:start]
            last = end
        rest += data[last:]
        digest = hashlib.md5(bytes(rest), usedforsecurity=False).hexdigest().upper().encode() * 4
        out, last = bytearray(), 0
        for start, end in spans:
            out += data[last:start] + digest[:end - start]
            last = end
        data = bytes(out + data[last:])
    return data


def page_count(data: bytes) -> int:
    """Pages of a PDF LibreOffice wrote (its page objects are not in compressed streams)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))


def font_names(data: bytes) -> list[str]:
    names = re.findall(rb"/(?:BaseFont|FontName)\s*/([^\s/\[\]<>()]+)", data)
    return sorted({n.decode("latin-1") for n in names})


def has_embedded_cjk_font(data: bytes) -> bool:
    """True when an embedded (subset) font's name says it covers Chinese."""
    if b"/FontFile" not in data:
        return False
    for name in font_names(data):
        plain = re.sub(r"#([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), name)
        if any(h in plain.lower() for h in CJK_FONT_HINTS) or any(ord(c) > 127 for c in plain):
            return True
    return False
