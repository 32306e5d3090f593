"""One generation at a time, in a background thread, with progress the page can poll.

A second request while one runs is refused (the page says so politely) rather than
queued: two batches writing the same outputs/ would fight over the manifest.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import HouqinError, Problem, file_in_use
from ..generate import PHASES

log = logging.getLogger(__name__)


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

    def __init__(self) -> None:
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

    @staticmethod
    def _run(job: Job, work: Callable[[Callable[..., None]], Any]) -> None:
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
        except PermissionError as err:
            job.failure = file_in_use(err.filename)
        except Exception as err:  # noqa: BLE001 - the page must say something, the log keeps the rest
            log.exception("generation failed")
            job.failure = f"生成时出现程序错误（{type(err).__name__}: {err}）；outputs/ 中没有写了一半的文件。"
        finally:
            job.finished = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
            job.running = False
