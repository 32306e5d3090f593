"""The committed templates/ and sample workspace are what tools/ generates, byte for byte.

templates/*.docx come from tools/make_templates.py (the builders in each kind folder's template.py),
houqin.toml and inputs/ from tools/make_samples.py. A builder changed without regenerating,
or a generated file edited by hand, fails here (issue #18).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from pipeline.render.official import document_bytes

ROOT = Path(__file__).resolve().parent.parent


def tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"houqin_tools_{name}", ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_templates_are_what_the_builders_make() -> None:
    built = tool("make_templates").builders()
    assert built, "no template builders found"
    committed = {p.name for p in (ROOT / "templates").glob("*.docx")}
    assert committed == set(built), "templates/ and the kind folders' template.py name different templates"
    stale = [name for name, (title, build) in sorted(built.items())
             if (ROOT / "templates" / name).read_bytes() != document_bytes(build(), title)]
    assert not stale, f"run `python tools/make_templates.py` and commit: {stale}"


def test_committed_sample_workspace_is_what_make_samples_writes(tmp_path: Path, capsys) -> None:
    samples = tool("make_samples")
    samples.ROOT = tmp_path  # writes houqin.toml and inputs/ here instead of the repository
    samples.main()
    capsys.readouterr()
    generated = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert "houqin.toml" in generated and len(generated) >= 7
    stale = [name for name in generated if (ROOT / name).read_bytes() != (tmp_path / name).read_bytes()]
    assert not stale, f"run `python tools/make_samples.py` and commit: {stale}"
