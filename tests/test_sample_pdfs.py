"""The whole sample term, built and converted to PDF: every Word document of every family.

This is what the office prints before an inspection, so each PDF must carry its Chinese
text and an embedded CJK font. One LibreOffice process converts the lot.
"""

import subprocess
from pathlib import Path

from helpers import copy_sample, run_cli

from pipeline.pdf import convert


def test_every_sample_document_converts_with_chinese_text(tmp_path, soffice, poppler):
    ws = copy_sample(tmp_path / "ws")
    result = run_cli("build", "-w", ws, "-q")
    assert result.exit_code == 0, result.output
    documents = sorted((ws / "outputs").rglob("*.docx"))
    families = {p.relative_to(ws / "outputs").parts[0] for p in documents}
    assert {"安全隐患", "应急演练", "值日安排", "固定资产", "安全工作责任书"} <= families
    flat = tmp_path / "flat"
    flat.mkdir()
    copies = []
    for i, path in enumerate(documents):
        copy = flat / f"{i:04d}.docx"
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    pdfs = convert(copies, tmp_path / "pdf")
    assert len(pdfs) == len(documents)
    for pdf, source in zip(pdfs, documents, strict=True):
        text = "".join(subprocess.run([poppler[0], str(pdf), "-"], capture_output=True, text=True,
                                      check=True).stdout.split())
        assert "常州市新北区薛家实验小学" in text, source
    sample_fonts = subprocess.run([poppler[1], str(pdfs[0])], capture_output=True, text=True, check=True).stdout
    assert "CJK" in sample_fonts


def test_half_month_forms_cover_the_term(tmp_path):
    ws = copy_sample(tmp_path / "ws")
    assert run_cli("hazards", "-w", ws, "-q").exit_code == 0
    forms = sorted(Path(p).name for p in (ws / "outputs/安全隐患").glob("*排查整改表.docx"))
    months = [f"2022年{m}月{h}半月" for m in range(2, 7) for h in "上下"] + ["2022年7月上半月"]
    assert [f.split(" ")[0] for f in forms] == sorted(months)
