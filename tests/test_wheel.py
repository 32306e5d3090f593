"""Installable (issue #18): a wheel installed into a fresh virtual environment, outside
the checkout, initialises a workspace and builds every document from it.

Slow (minutes: it installs houqin's dependencies from the package index), so marked
``slow``; CI runs it. The built-in templates and data must be package data for this to
pass: nothing of the checkout is reachable from the temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=1800)
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def test_wheel_installed_elsewhere_builds_every_document(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", "-q", "-w", dist, cwd=tmp_path)
    wheel = next(dist.glob("houqin-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    templates = sorted(p.name for p in (ROOT / "templates").glob("*.docx"))
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("pipeline/builtin_templates/")) == templates
    assert "pipeline/data/houqin.toml" in names

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    run(bin_dir / "python", "-m", "pip", "install", "-q", wheel, cwd=tmp_path)
    houqin = bin_dir / "houqin"
    run(houqin, "init", "ws", cwd=tmp_path)
    listed = run(houqin, "templates", "list", "-w", "ws", cwd=tmp_path).stdout
    assert "安全工作责任书.docx" in listed
    run(houqin, "build", "-q", "-w", "ws", cwd=tmp_path)

    outputs = tmp_path / "ws" / "outputs"
    manifest = json.loads((outputs / "manifest.json").read_text(encoding="utf-8"))
    kinds = {entry["kind"] for entry in manifest["files"]}
    documents = sorted(p.relative_to(outputs).as_posix() for p in outputs.rglob("*.docx"))
    assert "目录.docx" in documents
    for expected in ("安全工作责任书/", "应急演练/", "员工考核/", "值日安排/", "安全隐患/", "固定资产/"):
        assert any(d.startswith(expected) for d in documents), (expected, documents)
    assert any(d.endswith("后勤工作计划.docx") for d in documents)
    assert any(d.endswith("后勤工作总结.docx") for d in documents)
    assert kinds >= {"hazards", "drills", "roster", "assets", "plan", "summary", "appraisal", "letters"}
