"""Build the default Word templates in templates/ with the official styles.

Each kind folder's ``template.py`` (``pipeline/kinds/<name>/template.py``) declares
``TEMPLATES = {file name: (title, build)}`` where ``build()`` returns a python-docx Document
made with :mod:`pipeline.render.official`.
Run after changing a layout: `python tools/make_templates.py`. The output is deterministic,
so an unchanged template gives an unchanged file. People edit exported copies in Word/WPS;
these are only the starting point.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.kinds import folders, part  # noqa: E402
from pipeline.outputs.writer import atomic_write  # noqa: E402
from pipeline.render.official import document_bytes  # noqa: E402


def builders() -> dict:
    """Every kind folder's templates, file name → (title, build), in folder order."""
    found = {}
    for folder in folders():
        module = part(folder, "template")
        if module is not None:
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
