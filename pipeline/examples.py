"""A few example rows per input sheet, written into the workbooks of a new workspace by ``houqin init``.

Each kind folder's ``samples.py`` declares its own (``INIT``); this collects them.
"""

from __future__ import annotations

from .kinds import folders, part


def _collect() -> dict[str, dict[str, list[dict]]]:
    found: dict[str, dict[str, list[dict]]] = {}
    for folder in folders():
        module = part(folder, "samples")
        if module is not None:
            found.update(getattr(module, "INIT", {}))
    return found


EXAMPLES: dict[str, dict[str, list[dict]]] = _collect()
