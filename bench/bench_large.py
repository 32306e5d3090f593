"""Benchmark: a large term through `houqin build`, at 1× and 2× the size.

Not a test: run ``python bench/bench_large.py [--scale 1 2] [--keep DIR]``.
At 1× the workspace holds 5,000 hazards, 2,000 staff and 20,000 assets (with the sample's
drills, roster, checklist, scores and narrative). Each size is made in one child process and
built in another (``cli.py build -q``), so the parent stays small and the child's peak RSS
(``ru_maxrss`` from ``wait4``) is the build's own. It prints, per size, the files written,
wall time and peak RSS, and per step of the build (reading, planning, writing) where the
time went.

Targets (issue 10): the 2× build takes at most 2.3× the time of the 1× build (no quadratic
slow-down), and its peak RSS is at most 2.3× too (memory grows with the data, never with
its square). Exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HAZARDS, STAFF, ASSETS = 5_000, 2_000, 20_000
RATIO = 2.3

MAKE = r'''
import datetime as dt, shutil, sys
from pathlib import Path
import openpyxl

root, target, scale = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
hazards, staff, assets = (int(n * scale) for n in (HAZARDS, STAFF, ASSETS))
shutil.copytree(root / "inputs", target / "inputs")
shutil.copy(root / "houqin.toml", target / "houqin.toml")


def rows_of(name, sheet=None):
    book = openpyxl.load_workbook(target / "inputs" / name)
    ws = book[sheet] if sheet else book.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def save(name, sheets):
    book = openpyxl.Workbook(write_only=True)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(target / "inputs" / name)


# Hazards: the sample's rows cycled, each moved to a day of the term with its dates.
rows = rows_of("隐患排查.xlsx")
head, data = rows[:2], rows[2:]
start, days = dt.datetime(2022, 2, 14), 130
out = []
for i in range(hazards):
    row = list(data[i % len(data)])
    shift = start + dt.timedelta(days=i * days // hazards) - row[0]
    row = [v + shift if isinstance(v, dt.datetime) else v for v in row]
    row[3] = f"{row[3]}（{i + 1}）"
    out.append(row)
save("隐患排查.xlsx", {"隐患排查记录": head + out})

# Assets: the sample's rows cycled under new numbers.
rows = rows_of("固定资产.xlsx")
head, data = rows[:2], rows[2:]
out = []
for i in range(assets):
    row = list(data[i % len(data)])
    row[0] = f"B-{i + 1:06d}"
    out.append(row)
save("固定资产.xlsx", {"固定资产": head + out})

# Staff: the sample's people (their scores, incidents and duties stay) and new ones.
book = openpyxl.load_workbook(target / "inputs" / "员工考核.xlsx")
sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
posts = ["保安", "保洁", "食堂", "校车驾驶员", "维修", "宿管"]
people = sheets["员工名单"]
for i in range(staff - (len(people) - 2)):
    people.append([f"员工{i + 1:05d}", f"N{i + 1:05d}", posts[i % len(posts)], "综合管理中心",
                   dt.datetime(2018, 9, 1), "13900000000"])
save("员工考核.xlsx", sheets)
'''

MAKE = MAKE.replace("HAZARDS", str(HAZARDS)).replace("STAFF", str(STAFF)).replace("ASSETS", str(ASSETS))

BUILD = r'''
import sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from pipeline import generate as g
if len(sys.argv) > 3:  # --imap-chunksize: an experiment on how the render pool hands out work
    import multiprocessing.pool as mpp
    _imap, _size = mpp.Pool.imap, int(sys.argv[3])
    mpp.Pool.imap = lambda self, func, items, chunksize=1: _imap(self, func, items, _size)
from pipeline.kinds import registry

marks = {}
load, write = g.load_inputs, g.OutputWriter

def timed_load(*args, **kwargs):
    t = time.perf_counter(); result = load(*args, **kwargs); marks["read"] = time.perf_counter() - t
    marks["plan_start"] = time.perf_counter()
    return result

class TimedWriter(write):
    def __init__(self, *args, **kwargs):
        marks["plan"] = time.perf_counter() - marks.pop("plan_start")
        marks["write_start"] = time.perf_counter()
        super().__init__(*args, **kwargs)

g.load_inputs, g.OutputWriter = timed_load, TimedWriter
report = g.generate(Path(sys.argv[2]), list(registry()), skip_missing=True)
marks["write"] = time.perf_counter() - marks.pop("write_start")
print(len(report.written.written), *(f"{marks[k]:.2f}" for k in ("read", "plan", "write")))
'''


def run_child(args: list[str], processes: int | None = None) -> tuple[str, float, float]:
    """Run a Python child; its stdout, wall seconds and peak RSS in MB (from wait4)."""
    env = dict(os.environ)
    if processes:
        env["HOUQIN_RENDER_PROCESSES"] = str(processes)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env)
    out = process.stdout.read() if process.stdout else b""
    err = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if process.returncode:
        sys.exit(f"child failed ({process.returncode}):\n{err.decode()}")
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return out.decode(), elapsed, peak


def measure(scale: float, folder: Path, processes: int | None, chunksize: int | None) -> dict[str, float]:
    ws = folder / f"x{scale:g}"
    made = 0.0
    if not (ws / "inputs").is_dir():
        _, made, _ = run_child(["-c", MAKE, str(ROOT), str(ws), str(scale)])
    shutil.rmtree(ws / "outputs", ignore_errors=True)
    extra = [str(chunksize)] if chunksize else []
    out, elapsed, peak = run_child(["-c", BUILD, str(ROOT), str(ws), *extra], processes)
    files, read, plan, write = out.split()
    print(f"  {scale:g}x: {int(HAZARDS * scale):,} hazards, {int(STAFF * scale):,} staff, "
          f"{int(ASSETS * scale):,} assets (made in {made:.1f} s)")
    print(f"      {int(files):,} files in {elapsed:.1f} s  (read {read} s, plan {plan} s, write {write} s)"
          f"   peak RSS {peak:.0f} MB")
    return {"time": elapsed, "rss": peak, "files": float(files)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--keep", type=Path, help="keep the workspaces in this folder (and reuse them)")
    parser.add_argument("--processes", type=int, help="render processes (HOUQIN_RENDER_PROCESSES; default: "
                        "as houqin decides)")
    parser.add_argument("--imap-chunksize", type=int, help="experiment: documents per task handed to a render "
                        "process (houqin's own choice otherwise)")
    args = parser.parse_args()
    print(f"houqin large-term build — {platform.python_version()}, {os.cpu_count()} cores, "
          f"render processes: {args.processes or 'default'}")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="houqin-large-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        results = {s: measure(s, folder, args.processes, args.imap_chunksize) for s in args.scale}
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    if 1.0 not in results or 2.0 not in results:
        return 0
    one, two = results[1.0], results[2.0]
    ok = True
    print("\nTargets")
    for what in ("time", "rss"):
        ratio = two[what] / one[what]
        good = ratio <= RATIO
        ok &= good
        print(f"  [{'ok' if good else 'MISSED'}] {what} at 2x <= {RATIO}x of 1x: {ratio:.2f}x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
