"""Real files for tests: workbooks written with openpyxl the way people make them."""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    sheet: str = "Sheet1",
    merges: Sequence[str] = (),
    more_sheets: dict[str, Sequence[Sequence[Any]]] | None = None,
) -> Path:
    """An .xlsx whose first sheet holds ``rows`` from A1, with merged ranges as given."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for ref in merges:
        ws.merge_cells(ref)
    for name, extra in (more_sheets or {}).items():
        other = book.create_sheet(name)
        for row in extra:
            other.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    settle(path)
    return path


def settle(path: Path) -> None:
    """Give the saved workbook fixed created/modified times and fixed zip entry times: openpyxl stamps
    both with the clock, so two workspaces written a second apart would hold different inputs
    and a byte-identical-rebuild test would compare two different sources."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info.filename, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2022-01-01T00:00:00Z", data)
            zout.writestr(zipfile.ZipInfo(name, (2022, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def run_cli(*args: Any) -> Any:
    """The command line as a person types it, through Click's CliRunner (exit code and text)."""
    from click.testing import CliRunner

    import cli

    return CliRunner().invoke(cli.cli, [str(a) for a in args], catch_exceptions=False)


def docx_text(path: Path) -> str:
    """All visible text of a .docx: header, paragraphs and table cells, one per line."""
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.sections[0].header.paragraphs] + [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def copy_sample(target: Path) -> Path:
    """A copy of the repository's sample workspace (settings and inputs/)."""
    import shutil

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "inputs", target / "inputs")
    shutil.copy(root / "houqin.toml", target / "houqin.toml")
    return target


def tree_hash(folder: Path) -> dict[str, str]:
    """Every file under a folder and its sha256, to prove a command wrote nothing."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


#: A spring term of a test school, for tests that build their own inputs.
TERM_SETTINGS = """
[school]
name = "测试实验小学"
[term]
year = "2021—2022"
term = 2
start = 2022-02-14
end = 2022-06-30
[people]
filler = "朱志刚"
logistics_head = "周静"
"""


def check_cli(ws: Path, code: int = 0) -> Any:
    """`houqin check` on a workspace: the exit code expected, never a traceback."""
    result = run_cli("check", "-w", ws)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def lines(result: Any, prefix: str) -> list[str]:
    """The output's lines that start with ``prefix`` (错误： or 警告：), the prefix taken off."""
    return [line.removeprefix(prefix) for line in result.output.splitlines() if line.startswith(prefix)]
