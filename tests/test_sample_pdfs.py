"""The whole sample term, built and converted to PDF: every Word document of every family.

This is what the office prints before an inspection, so each PDF must carry its Chinese
text and an embedded CJK font. The session's one `build --pdf` of the sample converts the lot.
"""

import subprocess
from pathlib import Path

from helpers import copy_sample, run_cli


def test_every_sample_document_converts_with_chinese_text(sample_pdf_build, poppler):
    """Uses the session's `build --pdf` of the sample (shared with test_layout.py)."""
    outputs = sample_pdf_build / "outputs"
    documents = sorted(outputs.rglob("*.docx"))
    families = {p.relative_to(outputs).parts[0] for p in documents}
    assert {"安全隐患", "应急演练", "值日安排", "固定资产", "安全工作责任书"} <= families
    missing = [str(p.relative_to(outputs)) for p in documents if not p.with_suffix(".pdf").is_file()]
    assert not missing
    for source in documents:
        pdf = source.with_suffix(".pdf")
        text = "".join(subprocess.run([poppler[0], str(pdf), "-"], capture_output=True, text=True,
                                      check=True).stdout.split())
        assert "常州市新北区薛家实验小学" in text, source
    sample_fonts = subprocess.run([poppler[1], str(documents[0].with_suffix(".pdf"))], capture_output=True,
                                  text=True, check=True).stdout
    assert "CJK" in sample_fonts


def test_half_month_forms_cover_the_term(tmp_path):
    ws = copy_sample(tmp_path / "ws")
    assert run_cli("hazards", "-w", ws, "-q").exit_code == 0
    forms = sorted(Path(p).name for p in (ws / "outputs/安全隐患").glob("*排查整改表.docx"))
    months = [f"2022年{m}月{h}半月" for m in range(2, 7) for h in "上下"] + ["2022年7月上半月"]
    assert [f.split(" ")[0] for f in forms] == sorted(months)
