"""One generation at a time, in a background thread, with progress the page can poll.

A second request while one runs is refused (the page says so politely) rather than
queued: two batches writing the same outputs/ would fight over the manifest.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import HouqinError, Problem, describe_os_error, internal_error, write_error_log
from ..progress import PHASES


@dataclass
class Job:
    """What the page shows about the current or last generation."""

    label: str
    running: bool = True
    phase: str = "check"
    #: The phases this job goes through, shown as 第 2 步，共 3 步：转换 PDF.
    steps: tuple[str, ...] = ("检查表格和模板", "生成文档")
    finished: str = ""
    done: int = 0
    total: int = 0
    current: str = ""
    #: Set when it ended: the package's report, or the problems that stopped it.
    report: Any = None
    problems: list[Problem] = field(default_factory=list)
    failure: str = ""

    @property
    def step(self) -> str:
        """第 2 步，共 3 步：转换 PDF."""
        name = {"check": "检查表格和模板", **PHASES}.get(self.phase, self.phase)
        number = self.steps.index(name) + 1 if name in self.steps else 1
        return f"第 {number} 步，共 {len(self.steps)} 步：{name}"

    def as_json(self) -> dict[str, Any]:
        return {"running": self.running, "label": self.label, "phase": PHASES.get(self.phase, self.phase),
                "step": self.step,
                "done": self.done, "total": self.total, "current": self.current,
                "ok": not self.running and not self.problems and not self.failure}


class Busy(Exception):
    """A generation is already running."""


class Runner:
    """Holds the one job; ``start`` refuses while it runs."""

    def __init__(self, root: Path | None = None) -> None:
        #: The workspace: paths in messages are shown from it, a bug's log goes in its outputs/.
        self.root = root
        self._lock = threading.Lock()
        self.job: Job | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def start(self, label: str, work: Callable[[Callable[..., None]], Any], steps: tuple[str, ...] = ()) -> Job:
        """Run ``work(progress)`` in a thread; raises Busy when a job is running."""
        with self._lock:
            if self.running:
                raise Busy(self.job.label if self.job else "")
            job = Job(label, steps=steps) if steps else Job(label)
            self.job = job
            self._thread = threading.Thread(target=self._run, args=(job, work), daemon=True,
                                            name="houqin-generate")
            self._thread.start()
        return job

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self, job: Job, work: Callable[[Callable[..., None]], Any]) -> None:
        root = self.root
        def progress(*args: Any) -> None:
            # (phase, done, total, label), or the older (done, total, label).
            if len(args) == 4:
                job.phase, job.done, job.total, job.current = args
            else:
                job.phase = "render"
                job.done, job.total, job.current = args
        try:
            job.report = work(progress)
        except HouqinError as err:
            job.problems = err.problems
        except OSError as err:
            job.failure = describe_os_error(err, root)
        except Exception as err:  # noqa: BLE001 - the page says it in a line, the log keeps the rest
            job.failure = internal_error(err, write_error_log(root, err), root)
        finally:
            job.finished = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
            job.running = False
