"""Benchmark: CompiledDocx against a naive docxtpl loop on a one-page 责任书-like form.

Not a test: run ``python bench/bench_render.py [--n 1000 10000] [--template PATH]``.
It prints, for each N, documents per second in one process and with a pool of worker
processes (each loading the template once), the peak memory of a process rendering N
documents (measured in a fresh child per N, so N=1,000 and N=10,000 compare fairly),
the naive docxtpl loop's docs/s (timed on a sample and extrapolated), the ratio, and
whether the canonicalised XML of both agrees on a sample of contexts.

Targets (issue 3, on a 2-core machine): ratio >= 20 in one process; >= 800 docs/s with
both cores; peak memory at 10,000 within 1.2x of 1,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import multiprocessing as mp
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import canonicalize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.shared import Pt  # noqa: E402
from docxtpl import DocxTemplate  # noqa: E402

from pipeline.render.word import CompiledDocx  # noqa: E402

MODIFIED = dt.datetime(2022, 2, 14, 8, 0, 0)
POSTS = ["保安", "保洁", "食堂", "校车驾驶员", "维修", "宿管"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"


# ------------------------------------------------------------------ inputs


def make_template(path: Path) -> Path:
    """A one-page 安全工作责任书-like form: title, ~6 variables, a 15-row {%tr %} table."""
    doc = Document()
    doc.styles["Normal"].font.size = Pt(12)
    doc.add_paragraph("安全工作责任书", style="Title")
    doc.add_paragraph("（{{ post }}岗位）")
    doc.add_paragraph("甲方：{{ school }}（校长：{{ principal }}）")
    doc.add_paragraph("乙方：{{ name }}（{{ department }}，工号{{ staff_id }}）")
    doc.add_paragraph("{{ preamble }}")
    doc.add_paragraph("一、乙方安全职责", style="Heading 1")
    table = doc.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["序号", "职责", "检查要求", "期限"], strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for r in rows %}"
    for cell, text in zip(table.rows[2].cells,
                          ["{{ loop.index }}", "{{ r.item }}", "{{ r.check }}", "{{ r.due }}"], strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("二、本责任书有效期为{{ period }}，一式两份，甲乙双方各执一份。")
    doc.add_paragraph("甲方（签章）：{{ school }}　　　　乙方（签字）：{{ name }}")
    doc.add_paragraph("签订日期：{{ date }}")
    doc.sections[0].header.paragraphs[0].text = "{{ school }} · 安全工作责任书"
    doc.sections[0].footer.paragraphs[0].text = "第 1 页"
    doc.save(path)
    return path


def make_context(i: int) -> dict[str, Any]:
    """Employee i's context; every 7th has ``& < > " '`` and every 11th newlines and tabs."""
    name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[(i * 13) % len(GIVEN)]
    post = POSTS[i % len(POSTS)]
    school = "第一实验小学" if i % 7 else "A&B <实验> \"学校\" 'X'"
    note = "按时巡查，做好记录" if i % 11 else "第一行\n第二行\t缩进"
    rows = [{"item": f"{post}职责第{k + 1}条：{note}", "check": "每日检查 & 记录" if k % 3 else "每周",
             "due": f"{k % 12 + 1}月"} for k in range(15)]
    return {
        "school": school, "principal": "王校长", "name": name, "post": post,
        "department": "后勤处", "staff_id": f"H{i:05d}",
        "preamble": "为认真贯彻“安全第一、预防为主、综合治理”的方针，落实“一岗双责”，签订本责任书。",
        "period": "2022年2月14日至2022年7月1日", "date": "2022年2月14日", "rows": rows,
        "duties": [r["item"] for r in rows[:5]], "accountability": ["纳入考核。", "追究责任。"],
    }


def contexts(start: int, stop: int, fill: frozenset[str]) -> Iterator[dict[str, Any]]:
    """Contexts generated one at a time (a list of 10,000 would itself dominate memory)."""
    for i in range(start, stop):
        ctx = make_context(i)
        for name in fill - ctx.keys():  # variables of a --template the generator doesn't know
            ctx[name] = f"{name}示例"
        yield ctx


# ------------------------------------------------------------------ fast path, in children

_COMPILED: CompiledDocx | None = None
_FILL: frozenset[str] = frozenset()


def _init_worker(template: str, fill: frozenset[str]) -> None:
    global _COMPILED, _FILL
    _COMPILED = CompiledDocx.load(Path(template))
    _FILL = fill


def _render_range(start: int, stop: int, out: str) -> int:
    assert _COMPILED is not None
    folder = Path(out)
    for i, ctx in enumerate(contexts(start, stop, _FILL), start):
        rendered = _COMPILED.render(ctx, modified=MODIFIED, title=f"安全工作责任书（{ctx['name']}）")
        (folder / f"{i:05d}.docx").write_bytes(rendered.data)
    return stop - start


def single_process(template: str, n: int, out: str, fill: frozenset[str]) -> dict[str, float]:
    """Runs in a fresh child: load once, render n documents to files, report speed and memory."""
    started = time.perf_counter()
    _init_worker(template, fill)
    loaded = time.perf_counter()
    _render_range(0, n, out)
    done = time.perf_counter()
    return {"load_s": loaded - started, "render_s": done - loaded, "peak_mb": peak_memory_mb()}


def peak_memory_mb() -> float:
    """This process's own peak RSS. Linux's ru_maxrss survives exec, so a spawned child
    would report its parent's size at fork; VmHWM belongs to the child's own image."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def pooled(template: str, n: int, out: str, workers: int, fill: frozenset[str]) -> float:
    """Wall seconds for n documents with a pool (including start-up and template loads)."""
    chunk = max(50, n // (workers * 20))
    started = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=_mp_context(), initializer=_init_worker,
                             initargs=(template, fill)) as pool:
        futures = [pool.submit(_render_range, s, min(s + chunk, n), out) for s in range(0, n, chunk)]
        assert sum(f.result() for f in futures) == n
    return time.perf_counter() - started


def _mp_context() -> Any:
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


# ------------------------------------------------------------------ naive docxtpl and XML check


def naive(template: Path, sample: int, out: Path, fill: frozenset[str]) -> float:
    """docs/s of ``DocxTemplate(path).render(ctx); save()`` on the first ``sample`` contexts."""
    started = time.perf_counter()
    for i, ctx in enumerate(contexts(0, sample, fill)):
        tpl = DocxTemplate(template)
        tpl.render(ctx, autoescape=True)  # without autoescape, '&' in data corrupts the file
        tpl.save(out / f"{i:05d}.docx")
    return sample / (time.perf_counter() - started)


def compare(template: Path, naive_out: Path, count: int, fill: frozenset[str]) -> tuple[int, int, list[str]]:
    """Every part but core.xml, ours against the naive loop's files: equal bytes or equal XML
    after canonicalisation (parts that differ in bytes are canonicalised; most are identical)."""
    compiled = CompiledDocx.load(template)
    equal = 0
    differences: list[str] = []
    for i, ctx in enumerate(contexts(0, count, fill)):
        ours = zipfile.ZipFile(io.BytesIO(compiled.render(ctx, modified=MODIFIED).data))
        theirs = zipfile.ZipFile(naive_out / f"{i:05d}.docx")
        same = ours.namelist() == theirs.namelist()
        for name in theirs.namelist():
            mine, other = ours.read(name), theirs.read(name)
            if name == "docProps/core.xml" or mine == other:  # core.xml: fixed times on purpose
                continue
            if not name.endswith((".xml", ".rels")) or canonicalize(mine.decode()) != canonicalize(other.decode()):
                same = False
                differences.append(f"context {i}: {name}")
        equal += same
    return equal, count, differences


# ------------------------------------------------------------------ main


def default_tmp() -> Path | None:
    """RAM-backed /dev/shm when there: on a small VM, writes to disk vary 10x from run to run."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="batch sizes")
    parser.add_argument("--template", type=Path, help="a .docx template (default: generated)")
    parser.add_argument("--naive-sample", type=int, default=300, help="contexts timed for docxtpl")
    parser.add_argument("--workers", type=int, default=2, help="processes for the pooled run")
    parser.add_argument("--tmp", type=Path, default=default_tmp(),
                        help="folder for the rendered files (default: /dev/shm if there, so the "
                             "numbers measure rendering, not this machine's disk)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench_render_", dir=args.tmp))
    try:
        template = args.template or make_template(work / "安全工作责任书.docx")
        compiled = CompiledDocx.load(template)
        fill = frozenset(compiled.variables() - make_context(0).keys())
        print(f"template: {template if args.template else '(generated) 安全工作责任书-like form'}; "
              f"variables: {', '.join(sorted(compiled.variables()))}")
        print(f"machine: {platform.python_implementation()} {platform.python_version()}, "
              f"{os.cpu_count()} CPUs; files written under {work.parent}\n")

        naive_out = work / "naive"
        naive_out.mkdir()
        naive_rate = naive(template, args.naive_sample, naive_out, fill)
        equal, total, differences = compare(template, naive_out, args.naive_sample, fill)
        print(f"naive docxtpl loop: {naive_rate:.1f} docs/s (timed on {args.naive_sample} documents)")
        print(f"XML comparison (canonicalised, all parts but core.xml): {equal}/{total} documents equal")
        for line in differences[:10]:
            print(f"  differs: {line}")

        results: dict[int, dict[str, float]] = {}
        for n in args.n:
            out = work / f"fast_{n}"
            out.mkdir()
            with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as child:
                one = child.submit(single_process, str(template), n, str(out), fill).result()
            shutil.rmtree(out)
            out.mkdir()
            seconds = pooled(str(template), n, str(out), args.workers, fill)
            written = len(list(out.iterdir()))
            shutil.rmtree(out)
            assert written == n, f"{written} files for {n} documents"
            results[n] = {**one, "rate": n / one["render_s"], "pool_rate": n / seconds}
            r = results[n]
            print(f"\nN = {n:,}")
            print(f"  CompiledDocx, 1 process : {r['rate']:7.0f} docs/s  (load {r['load_s'] * 1000:.0f} ms, "
                  f"render {r['render_s']:.2f} s)  ratio to naive {r['rate'] / naive_rate:5.1f}x")
            print(f"  CompiledDocx, {args.workers} processes: {r['pool_rate']:7.0f} docs/s  "
                  f"(wall time incl. pool start and loads: {seconds:.2f} s)")
            print(f"  peak memory (peak RSS of the 1-process child): {r['peak_mb']:.1f} MB")

        print("\nTargets")
        rates = [r["rate"] / naive_rate for r in results.values()]
        pools = [r["pool_rate"] for r in results.values()]
        verdicts = [("ratio >= 20 in one process", min(rates) >= 20, f"{min(rates):.1f}x (lowest)"),
                    (f">= 800 docs/s with {args.workers} processes", min(pools) >= 800,
                     f"{min(pools):.0f} docs/s (lowest)"),
                    ("XML equal to docxtpl", equal == total, f"{equal}/{total}")]
        if 1000 in results and 10000 in results:
            growth = results[10000]["peak_mb"] / results[1000]["peak_mb"]
            verdicts.append(("peak memory at 10,000 <= 1.2x at 1,000", growth <= 1.2, f"{growth:.3f}x"))
        for label, ok, value in verdicts:
            print(f"  [{'ok' if ok else 'MISSED'}] {label}: {value}")
        return 0 if all(ok for _, ok, _ in verdicts) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
