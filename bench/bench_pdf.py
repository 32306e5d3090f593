"""PDF conversion of 50 documents, three ways in the same run (plus the fallback route).

    .venv/bin/python bench/bench_pdf.py            # 50 documents from the sample build
    .venv/bin/python bench/bench_pdf.py --n 20

1. the persistent converter houqin uses (a pool of running LibreOffices over UNO, one per
   core), wall time including starting them;
2. one ``soffice --convert-to pdf`` per file, the naive loop;
3. one ``soffice --convert-to pdf`` call given every file;
and, for information, houqin's fallback route (one batch call per core).

Every way gets the same fresh copies of the same documents, the same font mapping and a
fresh profile. Exits 1 unless (1) is at least 8× faster than (2) and 1.5× faster than (3).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from helpers import copy_sample, run_cli  # noqa: E402

from pipeline.pdf.converter import Job, convert_jobs, find_uno_python, pool_size  # noqa: E402
from pipeline.pdf.soffice import converter_env, require_converter  # noqa: E402

PER_FILE_TARGET = 8.0
SINGLE_CALL_TARGET = 1.5


def sample_documents(work: Path, n: int) -> list[Path]:
    """``n`` Word documents of every family from the sample build, spread evenly."""
    ws = copy_sample(work / "ws")
    result = run_cli("build", "-w", ws, "-q")
    if result.exit_code != 0:
        raise SystemExit(result.output)
    documents = sorted((ws / "outputs").rglob("*.docx"))
    if len(documents) < n:
        raise SystemExit(f"the sample has only {len(documents)} documents")
    step = len(documents) / n
    return [documents[int(i * step)] for i in range(n)]


def staged(documents: list[Path], folder: Path) -> list[Path]:
    folder.mkdir(parents=True)
    copies = []
    for i, doc in enumerate(documents):
        copy = folder / f"{i:03d}.docx"
        shutil.copyfile(doc, copy)
        copies.append(copy)
    return copies


def soffice_command(soffice: Path, profile: Path, outdir: Path, files: list[Path]) -> list[str]:
    return [str(soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--nologo", "--nodefault", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]


def count_pdfs(folder: Path) -> int:
    return len(list(folder.glob("*.pdf")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    args = parser.parse_args()
    soffice = require_converter()
    print(f"LibreOffice: {soffice}; uno Python: {find_uno_python(soffice)}; cores: {os.cpu_count()}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="houqin-bench-") as tmp:
        work = Path(tmp)
        documents = sample_documents(work, args.n)
        env = converter_env(work)
        n = len(documents)
        seconds: dict[str, float] = {}

        files = staged(documents, work / "pool-in")
        jobs = [Job(f, work / "pool-out" / f"{f.stem}.pdf") for f in files]
        (work / "pool-out").mkdir()
        start = time.perf_counter()
        outcome = convert_jobs(soffice, jobs, env, route="pool")
        seconds["pool"] = time.perf_counter() - start
        assert outcome.route == "pool" and not outcome.failed, outcome
        print(f"persistent converter ({pool_size(n)} LibreOffices): {seconds['pool']:.1f} s, "
              f"{seconds['pool'] / n:.3f} s/doc")

        files = staged(documents, work / "one-in")
        start = time.perf_counter()
        for i, f in enumerate(files):
            subprocess.run(soffice_command(soffice, work / f"one-profile-{i}", work / "one-out", [f]),
                           env=env, capture_output=True, check=False)
        seconds["per_file"] = time.perf_counter() - start
        assert count_pdfs(work / "one-out") == n
        print(f"one soffice per file: {seconds['per_file']:.1f} s, {seconds['per_file'] / n:.3f} s/doc")

        files = staged(documents, work / "all-in")
        start = time.perf_counter()
        subprocess.run(soffice_command(soffice, work / "all-profile", work / "all-out", files),
                       env=env, capture_output=True, check=False)
        seconds["single_call"] = time.perf_counter() - start
        assert count_pdfs(work / "all-out") == n
        print(f"one soffice call, all files: {seconds['single_call']:.1f} s, "
              f"{seconds['single_call'] / n:.3f} s/doc")

        files = staged(documents, work / "batch-in")
        jobs = [Job(f, work / "batch-out" / f"{f.stem}.pdf") for f in files]
        start = time.perf_counter()
        outcome = convert_jobs(soffice, jobs, env, route="batch")
        seconds["batch"] = time.perf_counter() - start
        assert not outcome.failed
        print(f"fallback, one batch call per core: {seconds['batch']:.1f} s, {seconds['batch'] / n:.3f} s/doc")

    per_file = seconds["per_file"] / seconds["pool"]
    single = seconds["single_call"] / seconds["pool"]
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"persistent converter vs one soffice per file: {per_file:.1f}x (target >= {PER_FILE_TARGET}x)")
    print(f"persistent converter vs one call with all files: {single:.2f}x (target >= {SINGLE_CALL_TARGET}x)")
    ok = per_file >= PER_FILE_TARGET and single >= SINGLE_CALL_TARGET
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
