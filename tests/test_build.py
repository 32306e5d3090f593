"""`houqin build`: every kind the inputs allow, all or nothing, and nothing rewritten needlessly."""

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers import copy_sample, docx_text, run_cli, tree_hash

from pipeline.kinds import registry
from pipeline.kinds.catalogue.catalogue import Item, numbered
from pipeline.pdf.soffice import INSTALL_HINT

ROOT = Path(__file__).resolve().parent.parent


run = run_cli


def sample(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    return tmp_path


@pytest.mark.slow
def test_build_writes_every_kind_and_a_second_build_rewrites_nothing(tmp_path):
    ws = sample(tmp_path)
    result = run("build", "-w", ws)
    assert result.exit_code == 0, result.output
    kinds = {entry["kind"] for entry in json.loads((ws / "outputs/manifest.json").read_text("utf-8"))["files"]}
    assert kinds == {name for name, kind in registry().items() if kind.plan or kind.after_build}
    assert "生成文档 " in result.output and "用时" in result.output  # log lines when not a terminal
    before = tree_hash(ws / "outputs")
    result = run("build", "-w", ws)
    assert result.exit_code == 0
    assert "写入 0 个文件" in result.output
    assert tree_hash(ws / "outputs") == before


@pytest.mark.slow
def test_a_missing_input_skips_its_kinds_with_one_line(tmp_path):
    ws = sample(tmp_path)
    (ws / "inputs/固定资产.xlsx").unlink()
    result = run("build", "-w", ws)
    assert result.exit_code == 0, result.output
    assert "跳过固定资产：缺少 inputs/固定资产.xlsx" in result.output.splitlines()
    assert not (ws / "outputs/固定资产").exists()


def test_a_bad_input_writes_nothing_at_all(tmp_path):
    ws = sample(tmp_path)
    book = openpyxl.load_workbook(ws / "inputs/演练记录.xlsx")
    book.active["A3"] = "下周三"
    book.save(ws / "inputs/演练记录.xlsx")
    result = run("build", "-w", ws)
    assert result.exit_code == 1
    assert "演练记录.xlsx › 演练记录 › 第3行 › 演练日期：无法识别的日期「下周三」" in result.output
    assert tree_hash(ws / "outputs") == {}


@pytest.mark.slow
def test_quiet_build_says_nothing(tmp_path):
    ws = sample(tmp_path)
    result = run("build", "-w", ws, "-q")
    assert result.exit_code == 0
    assert result.output == ""


def manifest_paths(outputs: Path) -> list[str]:
    return [e["path"] for e in json.loads((outputs / "manifest.json").read_text("utf-8"))["files"]]


def test_build_pdf_zip_makes_the_whole_inspection_package(tmp_path, soffice, poppler):
    ws = copy_sample(tmp_path / "ws")
    result = run("build", "-w", ws, "--pdf", "--zip")
    assert result.exit_code == 0, result.output
    assert "转换 PDF " in result.output
    outputs = ws / "outputs"
    listed = manifest_paths(outputs)
    kinds = {e["kind"] for e in json.loads((outputs / "manifest.json").read_text("utf-8"))["files"]}
    assert kinds == {name for name, kind in registry().items() if kind.plan or kind.after_build}

    # 目录: every document once (not the PDFs, not itself), grouped by family, numbered
    documents = sorted(p for p in listed if not p.endswith(".pdf") and not p.startswith("目录."))
    sheet = openpyxl.load_workbook(outputs / "目录.xlsx").active
    rows = [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert sorted(r[5] for r in rows) == documents
    assert rows[0][:2] == (1, "HQ-2022-01-001")
    assert all(r[6] >= 1 for r in rows if r[5].endswith(".docx"))  # pages from the PDFs
    text = docx_text(outputs / "目录.docx")
    assert "后勤工作检查材料目录" in text and "HQ-2022-01-001" in text and "一、安全隐患排查" in text

    # one PDF per .docx, each with its Chinese text and an embedded CJK font
    word = sorted(p for p in listed if p.endswith(".docx"))
    pdfs = sorted(p for p in listed if p.endswith(".pdf"))
    assert {p.removesuffix(".docx") for p in word} <= {p.removesuffix(".pdf") for p in pdfs}
    assert "固定资产/固定资产台账.pdf" in pdfs and "员工考核/考核汇总.pdf" in pdfs  # printed ledgers
    for pdf in pdfs:
        text = "".join(subprocess.run([poppler[0], str(outputs / pdf), "-"], capture_output=True, text=True,
                                      check=True).stdout.split())
        assert "薛家实验小学" in text, pdf
        fonts = subprocess.run([poppler[1], str(outputs / pdf)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert any("CJK" in line and line.split()[-5] == "yes" for line in fonts), (pdf, fonts)

    # the zip: every listed file once, names in UTF-8 with the flag Windows Explorer reads
    archive = outputs / "常州市新北区薛家实验小学_2021—2022学年第二学期_检查材料.zip"
    with zipfile.ZipFile(archive) as z:
        infos = z.infolist()
    assert sorted(i.filename for i in infos) == sorted(listed)
    assert all(i.flag_bits & 0x800 for i in infos)
    for info in infos:
        assert info.orig_filename.encode("utf-8").decode("utf-8") == info.filename

    # a second build with nothing changed rewrites nothing: documents, PDFs, 目录, zip
    before = tree_hash(outputs)
    times = {p: p.stat().st_mtime_ns for p in outputs.rglob("*") if p.is_file()}
    again = run("build", "-w", ws, "--pdf", "--zip")
    assert again.exit_code == 0, again.output
    assert "写入 0 个文件" in again.output and "PDF：都是最新的" in again.output
    assert tree_hash(outputs) == before
    assert {p: p.stat().st_mtime_ns for p in outputs.rglob("*") if p.is_file()} == times
    # nor does one without --pdf: the 目录 keeps the page counts of PDFs that are still current
    assert "写入 0 个文件" in run("build", "-w", ws).output
    assert tree_hash(outputs) == before


def test_a_bad_input_with_pdf_and_zip_writes_nothing(tmp_path):
    ws = sample(tmp_path)
    book = openpyxl.load_workbook(ws / "inputs/隐患排查.xlsx")
    book.active["A3"] = "昨天"
    book.save(ws / "inputs/隐患排查.xlsx")
    result = run("build", "-w", ws, "--pdf", "--zip")
    assert result.exit_code == 1
    assert "未写入任何文件" in result.output
    assert tree_hash(ws / "outputs") == {}


def test_without_libreoffice_build_pdf_says_how_to_install_it(tmp_path, monkeypatch):
    ws = sample(tmp_path)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("HOUQIN_SOFFICE", str(tmp_path / "nowhere" / "soffice"))
    monkeypatch.setenv("PATH", str(empty))
    result = run("build", "-w", ws, "--pdf")
    assert result.exit_code == 1
    assert f"错误：{INSTALL_HINT}" in result.output
    assert tree_hash(ws / "outputs") == {}


def test_archive_numbers_run_within_each_family():
    items = [Item("a.docx", "安全隐患排查", "甲", ""), Item("b.docx", "应急演练", "乙", ""),
             Item("c.docx", "安全隐患排查", "丙", "")]
    assert [(code, item.path) for _, _, _, code, item in numbered(items, 2022)] == [
        ("HQ-2022-01-001", "a.docx"), ("HQ-2022-01-002", "c.docx"), ("HQ-2022-02-001", "b.docx")]


@pytest.mark.slow
def test_two_rendering_processes_write_the_same_bytes_as_one(tmp_path, monkeypatch):
    trees = []
    for processes in ("1", "2"):
        ws = copy_sample(tmp_path / processes)
        monkeypatch.setenv("HOUQIN_RENDER_PROCESSES", processes)
        assert run("build", "-w", ws, "-q").exit_code == 0
        trees.append(tree_hash(ws / "outputs"))
    assert trees[0] == trees[1]
    assert len(trees[0]) > 100


def test_without_a_chinese_font_build_pdf_says_how_to_install_one(tmp_path, monkeypatch, soffice):
    import sys

    import pytest

    from pipeline.pdf.soffice import FONT_HINT

    if sys.platform in ("win32", "darwin"):
        pytest.skip("Windows and macOS always have a Chinese font")
    ws = sample(tmp_path)
    conf = tmp_path / "no-fonts.conf"
    conf.write_text('<?xml version="1.0"?><fontconfig><cachedir>' + str(tmp_path / "cache")
                    + "</cachedir></fontconfig>", "utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    result = run("build", "-w", ws, "--pdf")
    assert result.exit_code == 1
    assert f"错误：{FONT_HINT}" in result.output
    assert tree_hash(ws / "outputs") == {}
