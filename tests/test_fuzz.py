"""Fuzzing: arbitrary cell values through every input reader and every document kind.

The only outcomes allowed are records (then valid documents) or located errors: a
HouqinError whose every error names at least the file. Anything else — a traceback from a
check, a planner or a renderer — is a bug. Example counts keep the whole file well under a
minute; the README's reliability section states how many examples run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.errors import HouqinError
from pipeline.kinds import Options, commands, registry
from pipeline.reading.inputs import ALL_INPUTS, CHECKS
from pipeline.reading.loader import load_inputs
from pipeline.reading.records import ReadContext, read_table
from pipeline.reading.schema import SheetSchema
from pipeline.reading.sheets import Grid
from pipeline.render.templates import resolve
from pipeline.render.word import CompiledDocx
from pipeline.settings import load_settings

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
#: Examples per reader (8 sheets) and for the whole-workspace property; the README quotes these.
READER_EXAMPLES = 120
KIND_EXAMPLES = 25

TEXT = st.text(max_size=40)
CELLS = st.one_of(
    st.none(),
    TEXT,
    st.text(alphabet="0123456789-/.年月日:：分秒元,，+ ", max_size=14),  # looks almost like a value
    st.sampled_from(["2022-02-30", "2022-13-01", "0000-01-01", "9999-12-31", "3月5日", "=SUM(A1)", "NaN",
                     "1e308", "-0", "１２３", "2分15秒", "2:15", "是", "否", "", " ", "\u3000", "{{ 7*7 }}",
                     "<w:p>&amp;", "../../x", "CON", "😀" * 3, "隐" * 40_000]),
    st.integers(-10**15, 10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.dates(), st.datetimes(), st.times(), st.booleans(),
)


def sheets() -> Iterator[tuple[str, SheetSchema]]:
    for schema in ALL_INPUTS:
        for sheet in schema.sheets:
            yield schema.stem, sheet


SHEETS = list(sheets())
SAMPLE_SETTINGS = load_settings(ROOT)[0]


@pytest.mark.parametrize(("stem", "sheet"), SHEETS, ids=[f"{s}-{t.name}" for s, t in SHEETS])
def test_any_cells_through_each_reader_give_records_or_located_problems(stem: str, sheet: SheetSchema) -> None:
    header = [c.name for c in sheet.columns]
    ctx = ReadContext(SAMPLE_SETTINGS, SAMPLE_SETTINGS.term.year_of_month())
    check = CHECKS.get((stem, sheet.name))

    @settings(max_examples=READER_EXAMPLES, deadline=None, database=None)
    @given(st.lists(st.lists(CELLS, min_size=len(header), max_size=len(header)), min_size=1, max_size=5))
    def read(rows: list[list[Any]]) -> None:
        grid = Grid(f"{stem}.xlsx", sheet.name, [["标题", None], header, *rows])
        table, problems = read_table(grid, sheet, ctx)
        if table is not None and check is not None:
            problems += check(table.records, SAMPLE_SETTINGS)  # checks see the rows with errors too
        for problem in problems:
            assert problem.location.file == f"{stem}.xlsx"
            assert problem.location.sheet == sheet.name
            assert problem.location.row is not None and 2 <= problem.location.row <= len(rows) + 2
            assert problem.message
        if table is not None:
            assert len(table.records) <= len(rows)

    read()


# --------------------------------------------------------------------------- whole workspace


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


@pytest.fixture(scope="module")
def small_term(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[str]]]:
    """The sample cut to six rows a sheet (all staff kept), as CSV text cells: file → rows."""
    files: dict[str, list[list[str]]] = {}
    for path in sorted((ROOT / "inputs").glob("*.xlsx")):
        for ws in openpyxl.load_workbook(path).worksheets:
            rows = [["" if v is None else (f"{v:%Y-%m-%d}" if isinstance(v, dt.datetime) else str(v)) for v in row]
                    for row in ws.iter_rows(values_only=True)]
            name = path.stem if ws.title in ("员工名单",) or path.stem != "员工考核" else ws.title
            files[f"{name}.csv"] = rows if ws.title == "员工名单" else rows[:8]
    return files


@pytest.fixture(scope="module")
def compiled() -> dict[str, CompiledDocx]:
    out = {}
    for kind in registry().values():
        for name, fields in kind.templates.items():
            if name.endswith(".docx"):
                path, _ = resolve(ROOT, name, dict(fields))
                out[name] = CompiledDocx.load(path, name=name, known=fields)
    return out


def _valid_package(data: bytes, name: str) -> None:
    """A .docx/.xlsx that is a whole zip whose XML parts all parse."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None, name
        for member in archive.namelist():
            if member.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(member))


EDIT = st.tuples(st.integers(0, 6), st.integers(2, 9), st.integers(0, 19), st.one_of(TEXT, CELLS.map(str)))


@settings(max_examples=KIND_EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(EDIT, min_size=1, max_size=3))
def test_any_cells_through_every_kind_give_documents_or_located_errors(
        small_term: dict[str, list[list[str]]], compiled: dict[str, CompiledDocx],
        edits: list[tuple[int, int, int, str]]) -> None:
    files = {name: [list(r) for r in rows] for name, rows in small_term.items()}
    names = sorted(files)
    for which, row, col, text in edits:
        rows = files[names[which % len(names)]]
        r = row % len(rows)
        if r >= 2 and rows[r]:
            rows[r][col % len(rows[r])] = text
    with tempfile.TemporaryDirectory() as folder:
        ws = Path(folder)
        (ws / "inputs").mkdir()
        shutil.copy(ROOT / "houqin.toml", ws)
        for name, rows in files.items():
            (ws / "inputs" / name).write_text(_csv(rows), encoding="utf-8")
        try:
            inputs = load_inputs(ws)
        except HouqinError as err:
            assert err.errors
            assert all(p.location.file for p in err.errors), [str(p) for p in err.errors]
            event("refused with located errors")
            return
        event("documents rendered")
        for kind in commands().values():
            try:
                planned = kind.plan(inputs, Options())
            except HouqinError as err:
                assert all(p.location.file for p in err.errors), [str(p) for p in err.errors]
                continue
            for doc in planned:
                if doc.build is not None:
                    data = doc.build()
                else:
                    data = compiled[doc.template].render(doc.context, modified=doc.modified, title=doc.title).data
                _valid_package(data, doc.path)

