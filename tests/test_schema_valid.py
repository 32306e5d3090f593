"""Schema validity (issue #15): Word is strict about OOXML where LibreOffice is not.

Every built-in template and every .docx/.xlsx of the sample build goes through openxml-audit
(a pure-Python validator of the ECMA-376 schemas and the Open XML SDK's semantic checks) and
must give zero errors. Out-of-order children (``w:shd`` before ``w:tcW`` in ``w:tcPr``) or
``w:cantSplit w:val="true"`` open in LibreOffice and make Word report a damaged file.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openxml_audit import OpenXmlValidator, ValidationError, ValidationSeverity

from pipeline.render import official
from pipeline.render.word import CompiledDocx

ROOT = Path(__file__).resolve().parent.parent

#: Findings that are not ours to fix, as (file name pattern, part, start of the description),
#: each with the reason. Empty: every finding so far was ours and is fixed.
ALLOWED: list[tuple[str, str, str]] = []


def findings(path: Path, validator: OpenXmlValidator) -> list[str]:
    """The validator's errors for one file, as `file › part › element: description`."""
    result = validator.validate(str(path))
    return [f"{path.name} › {e.part_uri} › {e.path}: {e.description}" for e in result.errors
            if e.severity == ValidationSeverity.ERROR and not _allowed(path, e)]


def _allowed(path: Path, error: ValidationError) -> bool:
    return any(path.match(pattern) and error.part_uri.endswith(part) and error.description.startswith(text)
               for pattern, part, text in ALLOWED)


def all_findings(paths: Iterable[Path]) -> tuple[int, list[str]]:
    validator = OpenXmlValidator(max_errors=0)
    checked, found = 0, []
    for path in paths:
        checked += 1
        found += findings(path, validator)
    return checked, found


@pytest.mark.slow  # the validator over every template: seconds
def test_every_builtin_template_is_schema_valid() -> None:
    checked, found = all_findings(sorted((ROOT / "templates").glob("*.docx")))
    assert checked >= 10
    assert not found, f"{len(found)} 处不符合 OOXML 架构：\n" + "\n".join(found[:200])


@pytest.mark.slow
@pytest.mark.libreoffice
def test_every_document_of_the_sample_build_is_schema_valid(sample_pdf_build: Path) -> None:
    outputs = sample_pdf_build / "outputs"
    documents = sorted([*outputs.rglob("*.docx"), *outputs.rglob("*.xlsx")])
    checked, found = all_findings(documents)
    assert checked >= 100
    assert not found, f"{len(found)} 处不符合 OOXML 架构：\n" + "\n".join(found[:200])


# ---------------------------------------------------------------- the check sees what we fixed


def _table_document(tmp_path: Path, name: str, damage: bool) -> Path:
    """A one-table document whose row is kept whole, its cell shaded; damaged the old way or not."""
    document = docx.Document()
    official.drop_unused_parts(document)  # python-docx's stale stylesWithEffects, as houqin does
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).width = official.Cm(3)
    row = table.rows[0]
    if damage:
        trpr = row._tr.get_or_add_trPr()
        el = OxmlElement("w:cantSplit")
        el.set(qn("w:val"), "true")
        trpr.append(el)
        tcpr = table.cell(0, 0)._tc.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:fill"), "FF0000")
        tcpr.insert(0, shd)
    else:
        official.cant_split(row)
        official.repeat_header(row)
        table.cell(0, 0).text = "{% cellbg color %}合计"
    path = tmp_path / name
    document.save(str(path))
    return path


def test_the_validator_flags_true_on_off_values_and_shading_before_the_width(tmp_path: Path) -> None:
    found = findings(_table_document(tmp_path, "bad.docx", damage=True), OpenXmlValidator())
    assert any("cantSplit" in f and "'true'" in f for f in found), found
    assert any("tcW" in f for f in found), found


def test_our_rows_and_cellbg_cells_are_written_in_schema_order(tmp_path: Path) -> None:
    template = _table_document(tmp_path, "good.docx", damage=False)
    rendered = tmp_path / "rendered.docx"
    rendered.write_bytes(CompiledDocx.load(template).render({"color": "FF0000"}, modified=official.FIXED_TIME).data)
    assert findings(template, OpenXmlValidator()) == []
    assert findings(rendered, OpenXmlValidator()) == []
    cell = docx.Document(io.BytesIO(rendered.read_bytes())).tables[0].cell(0, 0)
    children = [c.tag.rsplit("}", 1)[1] for c in cell._tc.tcPr]
    assert children.index("tcW") < children.index("shd"), children
    trpr = docx.Document(str(template)).tables[0].rows[0]._tr.trPr
    assert [(c.tag.rsplit("}", 1)[1], dict(c.attrib)) for c in trpr] == [("cantSplit", {}), ("tblHeader", {})]
