"""The lists whose last row closes them (counts and signatures): on paper, no page holds only
the repeated header and that closing row, whatever the number of rows. The built-in
templates are rendered with the sample term's own context for one month, its list made
every length around a page break, and each PDF page is read back (a tester's find: a month
of 13 repairs left page 2 with the summary and the signatures alone)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from helpers import copy_sample

from pipeline.kinds import Options, registry
from pipeline.reading.loader import load_inputs
from pipeline.render.templates import builtin_path
from pipeline.render.word import CompiledDocx

#: (kind, a word of the document's path, the list in its context, the field that is marked,
#: the words of its closing row, the row counts tried: across the first page break).
FORMS = [
    ("repairs", "维修登记表", "items", "content", "登记人", range(6, 22)),
    ("supplies", "物品领用登记表", "rows", "purpose", "经办人", range(8, 24)),
    ("meetings", "签到表", "people", "name", "记录人", range(10, 26)),
]


@pytest.fixture(scope="module")
def sample_inputs(tmp_path_factory: pytest.TempPathFactory):
    return load_inputs(copy_sample(tmp_path_factory.mktemp("closing") / "ws"))


@pytest.mark.parametrize(("kind", "needle", "key", "field", "closing", "counts"), FORMS,
                         ids=[f[0] for f in FORMS])
def test_no_page_holds_only_the_header_and_the_closing_row(
        sample_inputs, tmp_path: Path, soffice: str, poppler: tuple[str, str],
        kind: str, needle: str, key: str, field: str, closing: str, counts: range) -> None:
    planned = next(p for p in registry()[kind].plan(sample_inputs, Options()) if needle in p.path and p.template)
    compiled = CompiledDocx.load(builtin_path(planned.template))
    sources = []
    for n in counts:
        rows = [dict(planned.context[key][i % len(planned.context[key])]) for i in range(n)]
        for i, row in enumerate(rows):
            row[field] = f"第{i:02d}条"
        path = tmp_path / f"n{n}.docx"
        path.write_bytes(compiled.render({**planned.context, key: rows},
                                         modified=dt.datetime(2022, 3, 1)).data)
        sources.append(str(path))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *sources],
                   check=True, capture_output=True, timeout=900)
    broke = 0
    for n in counts:
        text = subprocess.run([poppler[0], str(tmp_path / "pdf" / f"n{n}.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        pages = ["".join(page.split()) for page in text.split("\f") if page.strip()]
        for number, page in enumerate(pages, 1):
            rows_here = sum(f"第{i:02d}条" in page for i in range(n))
            assert rows_here >= (2 if number == len(pages) and number > 1 else 1), (kind, n, number, page)
        assert closing in pages[-1] and all(closing not in p for p in pages[:-1]), (kind, n)
        broke += len(pages) > 1
    assert broke  # the counts did cross a page break
