"""One PDF conversion worker: a LibreOffice kept running, driven over UNO, fed one file at a time.

This file runs under a Python that can ``import uno`` (Debian's /usr/bin/python3 with
python3-uno; LibreOffice's own program/python on Windows and macOS), not under houqin's
environment, so it imports nothing but the standard library and uno. Starting LibreOffice
costs a second or two; keeping it running and loading documents into it costs about a
quarter of a second a document.

    python lo_worker.py SOFFICE PROFILE_DIR

It starts ``SOFFICE --headless --accept=pipe,...`` with its own profile, says
``{"ready": true}`` on stdout, then reads one JSON request a line on stdin,
``{"src": path, "dst": path, "filter": "writer_pdf_Export"}``, and answers each with one
line, ``{"ok": true}`` or ``{"ok": false, "error": "..."}``. End of input stops LibreOffice.
The parent kills the whole process group of a worker that hangs or dies.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

START_TIMEOUT = 60.0


def _props(**values: Any) -> tuple[Any, ...]:
    result = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        result.append(prop)
    return tuple(result)


def _start(soffice: str, profile: Path) -> tuple[subprocess.Popen[bytes], Any]:
    pipe = f"houqin{os.getpid()}"
    process = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
         "--norestore", "--nologo", "--nodefault", "--nolockcheck",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("LibreOffice did not start") from None
            time.sleep(0.1)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    return process, desktop


def _convert(desktop: Any, src: str, dst: str, filter_name: str) -> None:
    document = desktop.loadComponentFromURL(
        Path(src).resolve().as_uri(), "_blank", 0,
        _props(Hidden=True, ReadOnly=True, UpdateDocMode=0, MacroExecutionMode=0))
    if document is None:
        raise RuntimeError("LibreOffice could not open the file")
    try:
        document.storeToURL(Path(dst).resolve().as_uri(), _props(FilterName=filter_name))
    finally:
        document.close(True)


def _answer(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=True) + "\n")
    sys.stdout.flush()


def main() -> int:
    soffice, profile = sys.argv[1], Path(sys.argv[2])
    process, desktop = _start(soffice, profile)
    _answer({"ready": True})
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            try:
                _convert(desktop, request["src"], request["dst"], request["filter"])
                _answer({"ok": True})
            except Exception as err:  # noqa: BLE001 - any failure is reported for that file
                if process.poll() is not None or "Disposed" in type(err).__name__:
                    _answer({"ok": False, "crashed": True, "error": f"{type(err).__name__}: {err}"})
                    return 3  # LibreOffice is gone: the parent starts a fresh worker
                _answer({"ok": False, "error": f"{type(err).__name__}: {err}"})
    finally:
        with contextlib.suppress(Exception):  # it may already be gone
            desktop.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
