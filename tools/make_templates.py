"""Build the default Word templates in templates/ with the official styles.

Each module in tools/template_builders/ declares ``TEMPLATES = {file name: (title, build)}``
where ``build()`` returns a python-docx Document made with :mod:`pipeline.official`.
Run after changing a layout: `python tools/make_templates.py`. The output is deterministic,
so an unchanged template gives an unchanged file. People edit exported copies in Word/WPS;
these are only the starting point.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.official import document_bytes  # noqa: E402
from pipeline.output import atomic_write  # noqa: E402


def builders() -> dict:
    found = {}
    for path in sorted((ROOT / "tools/template_builders").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"template_builders.{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found.update(module.TEMPLATES)
    return found


def main() -> None:
    out = ROOT / "templates"
    out.mkdir(exist_ok=True)
    wanted = set(sys.argv[1:])
    for name, (title, build) in builders().items():
        if wanted and name not in wanted:
            continue
        atomic_write(out / name, document_bytes(build(), title))
        print(f"templates/{name}")


if __name__ == "__main__":
    main()
