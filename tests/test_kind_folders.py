"""One kind, one folder (issue #18): every input is named only inside the folder that owns it.

A kind's input contract, its checks, its samples, its help and its templates live in
``pipeline/kinds/<name>/``; the loader, settings, init, the sample generator and the rest
iterate the registry. So adding a form is adding a folder, and no source file outside that
folder names the form's input file (as a string: the stem itself, `<stem>.xlsx`,
`<stem>.csv` or `inputs/<stem>`).
"""

from __future__ import annotations

import ast
from pathlib import Path

from pipeline.kinds import commands, folders, part, registry
from pipeline.reading.inputs import ALL_INPUTS, OWNER

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.joinpath("pipeline").rglob("*.py"), ROOT / "cli.py", *ROOT.joinpath("tools").rglob("*.py")])
#: The registry module may name what it collects (today it names nothing).
REGISTRY = ROOT / "pipeline" / "kinds" / "__init__.py"


def strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def mentions(text: str, stem: str) -> bool:
    return text == stem or any(f in text for f in (f"{stem}.xlsx", f"{stem}.csv", f"inputs/{stem}"))


def test_each_input_is_named_only_inside_its_own_folder() -> None:
    assert {s.stem for s in ALL_INPUTS} >= {"隐患排查", "演练记录", "值日安排", "固定资产", "工作清单", "员工考核"}
    found: dict[str, set[str]] = {}
    for path in SOURCES:
        texts = strings(path)
        for schema in ALL_INPUTS:
            if any(mentions(t, schema.stem) for t in texts):
                found.setdefault(schema.stem, set()).add(path.relative_to(ROOT).as_posix())
    outside = {
        stem: sorted(p for p in paths
                     if not p.startswith(f"pipeline/kinds/{OWNER[stem]}/") and ROOT / p != REGISTRY)
        for stem, paths in found.items()
    }
    assert {stem: paths for stem, paths in outside.items() if paths} == {}


def test_every_input_has_one_owner_folder_with_its_samples() -> None:
    for schema in ALL_INPUTS:
        folder = OWNER[schema.stem]
        samples = part(folder, "samples")
        assert samples is not None, folder
        assert schema.stem in samples.INIT, schema.stem


def test_kind_folders_do_not_import_each_other() -> None:
    """Shared facts go through the inputs or the figures layer: a kind may read another's
    input contract (``<folder>.inputs``, to name the input it reads) but never its plan."""
    kinds = {folder for folder in folders() if part(folder, "plan") is not None}
    crossing = []
    for folder in kinds:
        for path in (ROOT / "pipeline" / "kinds" / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.level >= 2 and node.module:
                    target = node.module.split(".")[0] if node.level == 2 else None
                    inputs_only = node.module == f"{target}.inputs"
                    if target in kinds and target != folder and not inputs_only:
                        crossing.append(f"{path.relative_to(ROOT).as_posix()} → {node.module}")
    assert crossing == []


def test_every_kind_is_a_folder_with_a_plan() -> None:
    """Its KIND in ``<folder>/plan.py``: a plan of the inputs (a command) or an after-build hook."""
    assert "catalogue" in registry() and "catalogue" not in commands()
    for name, kind in registry().items():
        hook = kind.plan or kind.after_build
        if hook is None:  # the binder: its own command files a build; it declares templates and budgets
            assert not kind.needs and kind.templates and kind.paper, name
            continue
        module = hook.__module__
        assert module.startswith("pipeline.kinds.") and module.endswith(".plan"), (name, module)


def test_no_module_outside_the_catalogue_folder_names_it() -> None:
    """The 目录 is a kind like the others (issue #18): build, templates, package, the web page
    and the page budgets find it through the registry (``Kind.after_build``)."""
    naming = []
    for path in [*SOURCES, *ROOT.joinpath("pipeline").rglob("*.html")]:
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("pipeline/kinds/catalogue/"):
            continue
        text = path.read_text(encoding="utf-8")
        if "catalogue" in text:
            naming.append(relative)
    assert naming == []


def test_each_kind_section_of_the_settings_file_is_its_declared_defaults() -> None:
    """init's houqin.toml is composed of the kind folders' sections; each parses to the
    defaults its dataclass declares, and names every field (none missing, none unknown)."""
    import dataclasses

    from pipeline.scaffold import settings_text
    from pipeline.settings import KIND_SECTIONS, parse_settings

    settings, problems = parse_settings(settings_text())
    assert [p for p in problems if p.is_error] == []
    assert {s.name for s in KIND_SECTIONS} >= {"hazards", "drills", "appraisal", "assets"}
    for section in KIND_SECTIONS:
        assert getattr(settings, section.name) == section.cls(), section.name
        declared = {line.split("=")[0].strip() for line in section.toml.splitlines()[1:] if "=" in line}
        assert declared == {f.name for f in dataclasses.fields(section.cls)}, section.name
        assert set(section.ranges) <= declared and {key for key, *_ in section.form} <= declared
