"""The inspection binder (issue #21, SPEC §5): the sample workspace with two attachments of
the office's own, filed into the four boxes with their covers, contents and spines; with
--pdf one PDF per box whose pages, bookmarks and 页码 agree.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import docx
import pytest
from helpers import copy_sample, docx_text, run_cli, tree_hash
from openpyxl import load_workbook
from pypdf import PdfReader, PdfWriter

from pipeline.kinds.binder.boxes import BOXES, BY_NAME
from pipeline.kinds.binder.template import SPINE_GAP, SPINE_MARGIN_LEFT, SPINE_WIDTHS

BOX_FILES = {"封面.docx", "卷内目录.docx", "卷内目录.xlsx", "脊背.docx"}
PLAN_PDF = "inputs/附件/安全工作/01 基本情况/校园平面图.pdf"
RULES_DOCX = "inputs/附件/安全工作/03 安全制度/安全管理制度汇编.docx"
CM = 72 / 2.54


def _attachments(ws: Path) -> Path:
    """A one-page PDF in 安全工作/01 基本情况 and a Word document in 03 安全制度."""
    (ws / PLAN_PDF).parent.mkdir(parents=True)
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with open(ws / PLAN_PDF, "wb") as handle:
        writer.write(handle)
    (ws / RULES_DOCX).parent.mkdir(parents=True)
    document = docx.Document()
    document.add_paragraph("学校安全管理制度汇编：门卫制度、消防安全制度、食品安全制度。")
    document.save(str(ws / RULES_DOCX))
    return ws


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return _attachments(copy_sample(tmp_path / "ws"))


def contents_rows(ws: Path, box: str) -> list[list[object]]:
    """The 卷内目录.xlsx's table rows: 序号, 类目, 题名, 日期或期间, 页数, 页码, 备注."""
    sheet = load_workbook(ws / "outputs" / "档案盒" / box / "卷内目录.xlsx").worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    start = next(i for i, r in enumerate(rows) if r[:3] == ["序号", "类目", "题名"]) + 1
    end = next(i for i, r in enumerate(rows) if i >= start and r[0] == "合计")
    return rows[start:end]


def by_category(rows: list[list[object]], box: str) -> dict[str, list[str]]:
    """Category → the titles listed under it (a category's name shows on its first row)."""
    found: dict[str, list[str]] = {c: [] for c in BY_NAME[box].categories}
    current = ""
    for row in rows:
        current = str(row[1] or current)
        found[current].append(str(row[2]))
    return found


def test_build_with_binder_files_every_box_with_the_attachments_in_their_categories(sample: Path) -> None:
    result = run_cli("build", "-w", sample, "--binder")
    assert result.exit_code == 0, result.output
    folder = sample / "outputs" / "档案盒"
    assert sorted(p.name for p in folder.iterdir()) == sorted(b.name for b in BOXES)
    for box in BOXES:
        assert {p.name for p in (folder / box.name).iterdir()} == BOX_FILES, box.name
    safety = by_category(contents_rows(sample, "安全工作"), "安全工作")
    assert safety["01 基本情况"] == ["校园平面图"]
    assert safety["03 安全制度"] == ["安全管理制度汇编"]
    for empty in ("04 上级来文", "08 专项整治"):
        assert safety[empty] == ["无"], empty
    assert "安全教育记录汇总" in safety["05 安全教育活动"]
    assert "公物检查台账" in safety["11 安全检查记载"]
    assert safety["12 安全工作会议记录"] != ["无"]  # the 专题会议 of the sample's meetings
    assert all(t.startswith("安全工作月报") for t in safety["10 报送资料"]) and len(safety["10 报送资料"]) == 6
    assert "隐患整改台账" in safety["09 事故隐患"]
    assert not any(t.startswith("安全工作月报") for t in safety["09 事故隐患"])
    assert "值日考勤统计" in safety["07 值班记录"]
    # a weekly 值日安排表 is filed once: its .docx, not the same form's .xlsx beside it
    weekly = [t for t in safety["07 值班记录"] if t.startswith("值日安排表")]
    assert len(weekly) == len(list((sample / "outputs" / "值日安排").glob("*值日安排表.docx")))
    assets = by_category(contents_rows(sample, "资产管理"), "资产管理")
    assert assets["01 资产台账"] == ["固定资产台账"] and assets["03 盘点"] == ["固定资产盘点表"]
    assert assets["04 报废"] == ["资产报废申请表"] and all(t.startswith("资产验收单") for t in assets["02 验收"])
    assert "维修台账" in assets["05 维修"] and "物品出入库台账" in assets["06 物品领用"]
    canteen = by_category(contents_rows(sample, "食堂管理"), "食堂管理")
    assert canteen["04 培训"] != ["无"] and canteen["05 其他"] == ["无"]  # meetings of the 食堂 alone
    team = by_category(contents_rows(sample, "后勤队伍"), "后勤队伍")
    # filed as an archivist files a term: 责任书, 计划, the records, then what tallies them, 总结
    organised = safety["02 组织管理"]
    assert organised[0].startswith("安全工作责任书") and organised[-1].endswith("后勤工作总结")
    assert organised[-2].endswith("后勤工作计划") and len(organised) == 2 + sum(
        t.startswith("安全工作责任书") for t in organised)
    assert team["01 考核"][-1] == "后勤员工考核汇总" and len(team["01 考核"]) > 2
    assert safety["07 值班记录"][-1] == "值日考勤统计" and safety["09 事故隐患"][-1] == "隐患整改台账"
    assert safety["05 安全教育活动"] == ["每月安全教育主题安排表", "安全教育记录汇总"]
    assert safety["11 安全检查记载"][-1] == "公物检查台账" and assets["05 维修"][-1] == "维修台账"
    assert canteen["01 进货查验"][-1] == "食堂台账汇总" and team["02 例会培训"][-1] == "培训台账"
    # the attachment's row: its page count and the 附件 mark
    plan_row = next(r for r in contents_rows(sample, "安全工作") if r[2] == "校园平面图")
    assert plan_row[0] == 1 and plan_row[4] == 1 and plan_row[6] == "附件"
    text = docx_text(folder / "安全工作" / "卷内目录.docx")
    assert "校园平面图" in text and "安全管理制度汇编" in text and text.count("无") >= 2  # 04 上级来文, 08 专项整治
    cover = docx_text(folder / "安全工作" / "封面.docx")
    assert "安 全 工 作" in cover and "长期" in cover and "HQ-2022-AQ" in cover and "2021—2022学年第二学期" in cover
    assert "10年" in docx_text(folder / "资产管理" / "封面.docx")
    spine = docx.Document(str(folder / "安全工作" / "脊背.docx"))
    vertical = spine.element.body.xpath(".//w:textDirection/@w:val")
    assert vertical and set(vertical) == {"tbRlV"}
    # the manifest says where each document is filed
    files = {f["path"]: f for f in json.loads((sample / "outputs" / "manifest.json").read_text("utf-8"))["files"]}
    assert files["安全隐患/月报/2022年3月 安全工作月报.docx"]["binder"] == ["安全工作", "10 报送资料"]
    assert files["安全隐患/隐患整改台账.xlsx"]["binder"] == ["安全工作", "09 事故隐患"]
    assert files["固定资产/资产盘点表.xlsx"]["binder"] == ["资产管理", "03 盘点"]
    assert "binder" not in files["目录.docx"]
    for path, entry in files.items():  # every place named is one of the table's
        if "binder" in entry:
            box, category = entry["binder"]
            assert category in BY_NAME[box].categories, path


def test_every_kind_declares_a_box_and_category_of_the_table() -> None:
    """A kind's documents are filed somewhere (SPEC §5: every document appears in one box);
    a misspelt category would leave them out of every box."""
    from pipeline.kinds import FILING, registry

    for name, kind in registry().items():
        if kind.plan is None:  # the 目录 and the binder itself: not filed in a box
            continue
        assert kind.binder is not None, name
        box, category = kind.binder
        assert box in BY_NAME and category in BY_NAME[box].categories, (name, kind.binder)
        assert kind.filing in FILING, (name, kind.filing)


@pytest.mark.slow  # builds the whole sample term and its boxes: seconds
def test_rerun_with_nothing_changed_rewrites_nothing(sample: Path) -> None:
    assert run_cli("build", "-w", sample, "--binder").exit_code == 0
    folder = sample / "outputs" / "档案盒"
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    result = run_cli("binder", "-w", sample)
    assert result.exit_code == 0, result.output
    assert "写入 0 个文件" in result.output
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()} == before


@pytest.mark.slow  # builds the whole sample term and its boxes: seconds
def test_settings_choose_the_retention(sample: Path) -> None:
    settings = sample / "houqin.toml"
    text = settings.read_text("utf-8").replace('safety_retention = "长期"', 'safety_retention = "永久"')
    settings.write_text(text.replace('retention = "10年"', 'retention = "30年"'), encoding="utf-8")
    assert run_cli("build", "-w", sample, "--binder").exit_code == 0
    assert "永久" in docx_text(sample / "outputs" / "档案盒" / "安全工作" / "封面.docx")
    assert "30年" in docx_text(sample / "outputs" / "档案盒" / "后勤队伍" / "封面.docx")


@pytest.mark.slow  # builds the whole sample term and its boxes: seconds
def test_an_older_manifest_without_binder_places_still_files_by_kind(sample: Path) -> None:
    assert run_cli("build", "-w", sample).exit_code == 0
    manifest = sample / "outputs" / "manifest.json"
    data = json.loads(manifest.read_text("utf-8"))
    for entry in data["files"]:
        entry.pop("binder", None)
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("binder", "-w", sample)
    assert result.exit_code == 0, result.output
    safety = by_category(contents_rows(sample, "安全工作"), "安全工作")
    assert "隐患整改台账" in safety["09 事故隐患"] and safety["03 安全制度"] == ["安全管理制度汇编"]


@pytest.mark.slow  # builds the whole sample term and its boxes: seconds
def test_an_unreadable_attachment_is_a_located_error_and_nothing_is_written(sample: Path) -> None:
    broken = sample / "inputs" / "附件" / "安全工作" / "04 上级来文" / "区教育局通知.pdf"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n")  # cut short
    result = run_cli("build", "-w", sample, "--binder")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "错误：inputs/附件/安全工作/04 上级来文/区教育局通知.pdf：无法读取这个 PDF 附件（已损坏或不完整）；"
        "请重新扫描或导出为 PDF 后再放入",
        "共 1 处错误，未写入任何文件。请修改后重试。",
    ]
    assert tree_hash(sample / "outputs") == {}
    assert run_cli("build", "-w", sample).exit_code == 0
    before = tree_hash(sample / "outputs")
    result = run_cli("binder", "-w", sample)
    assert result.exit_code == 1 and "区教育局通知.pdf：无法读取这个 PDF 附件" in result.output
    assert tree_hash(sample / "outputs") == before


def test_binder_before_any_build_says_to_build_first(sample: Path) -> None:
    result = run_cli("binder", "-w", sample)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "错误：outputs/manifest.json：还没有生成任何文档，无法装盒；请先运行 houqin build（或各类文档的命令）",
        "共 1 处错误，未写入任何文件。请修改后重试。",
    ]
    assert not (sample / "outputs").exists()


def test_attachments_outside_a_category_are_errors_naming_the_categories(sample: Path) -> None:
    wrong = sample / "inputs" / "附件" / "安全工作" / "制度" / "a.png"
    wrong.parent.mkdir(parents=True)
    wrong.write_bytes(b"")
    result = run_cli("binder", "-w", sample)
    assert result.exit_code == 1
    assert ("错误：inputs/附件/安全工作/制度：「安全工作」盒中没有这个类目；附件应放在类目文件夹里：01 基本情况、"
            in result.output)


# --- with --pdf ---------------------------------------------------------------------------


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page number from 1) of every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def _pdf_pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def test_box_pdfs_add_up_are_bookmarked_and_numbered(tmp_path: Path, soffice: Path) -> None:
    ws = _attachments(copy_sample(tmp_path / "ws"))
    assert run_cli("build", "-w", ws).exit_code == 0
    result = run_cli("binder", "-w", ws, "--pdf", "-q")
    assert result.exit_code == 0, result.output
    outputs = ws / "outputs"
    box_pdf = outputs / "档案盒" / "安全工作" / "安全工作档案盒.pdf"
    reader = PdfReader(box_pdf)
    marks = _outline(reader)
    top = [(title, page) for depth, title, page in marks if depth == 0]
    assert top[:2] == [("封面", 1), ("卷内目录", 2)]
    names = [title for title, _ in top[2:]]
    assert names == [c if any(t == c for t, _ in top) else f"{c}（无）" for c in BY_NAME["安全工作"].categories]
    assert "04 上级来文（无）" in names and "03 安全制度" in names
    # the sum of its parts: cover, contents, each document's own PDF, the attachments
    first_document = dict(top)["01 基本情况"]
    front = first_document - 1
    rows = contents_rows(ws, "安全工作")
    documents = [r for r in rows if r[0] is not None]
    parts = 0
    for row in documents:
        if row[6] == "附件":
            continue
        parts += int(row[4])
    attachments = _pdf_pages(ws / PLAN_PDF) + next(int(r[4]) for r in documents if r[2] == "安全管理制度汇编")
    own_pdfs = sum(_pdf_pages(p) for p in outputs.rglob("*.pdf")
                   if "档案盒" not in p.parts and p.name != "目录.pdf" and _filed_in(ws, p, "安全工作"))
    assert parts == own_pdfs
    assert len(reader.pages) == front + parts + attachments
    # the 页码 column is where each document's bookmark points
    documents_marks = [(title, page) for depth, title, page in marks if depth == 1]
    assert len(documents_marks) == len(documents)
    for row, (title, page) in zip(documents, documents_marks, strict=True):
        assert title.startswith(str(row[2])), (row, title)
        first, _, last = str(row[5]).partition("-")
        assert int(first) == page, (row, page)
        assert int(last or first) - int(first) + 1 == int(row[4])
    assert int(str(documents[-1][5]).partition("-")[2] or documents[-1][5]) == len(reader.pages)
    # each page after the cover carries its box page number, top right, as the 页码 count it
    for number in (2, front + 1, len(reader.pages)):
        page = reader.pages[number - 1]
        assert re.search(rf"(?m)^{number}$", page.extract_text()), number
    # the Word contents say the same page ranges
    assert f"{documents[0][5]}" in docx_text(outputs / "档案盒" / "安全工作" / "卷内目录.docx")
    # every box has its PDF, the empty canteen box too (cover and contents saying 无)
    for box in BOXES:
        assert (outputs / "档案盒" / box.name / f"{box.name}档案盒.pdf").is_file()
        assert _pdf_pages(outputs / "档案盒" / box.name / "脊背.pdf") == 1
        assert _pdf_pages(outputs / "档案盒" / box.name / "封面.pdf") == 1
    assert _pdf_pages(outputs / "档案盒" / "安全工作" / "卷内目录.pdf") == front - 1
    _spine_labels_fit(outputs / "档案盒" / "安全工作" / "脊背.pdf")
    # the page offers each box PDF for download
    client = _client(ws)
    section = client.get("/").get_data(as_text=True).split('<section id="binder">')[1].split("</section>")[0]
    link = re.search(r'id="box-pdf-1" href="([^"]+)"', section).group(1)
    download = client.get(link)
    assert download.status_code == 200 and download.data == box_pdf.read_bytes()

    # nothing changed: nothing rewritten, no LibreOffice needed
    before = {p: p.stat().st_mtime_ns for p in (outputs / "档案盒").rglob("*") if p.is_file()}
    result = run_cli("binder", "-w", ws, "--pdf")
    assert result.exit_code == 0 and "写入 0 个文件" in result.output, result.output
    assert {p: p.stat().st_mtime_ns for p in (outputs / "档案盒").rglob("*") if p.is_file()} == before

    # one box's attachment added: only that box is made again
    photo = ws / "inputs" / "附件" / "资产管理" / "05 维修" / "维修照片.png"
    photo.parent.mkdir(parents=True)
    from PIL import Image

    Image.new("RGB", (800, 600), "white").save(photo)
    result = run_cli("binder", "-w", ws, "--pdf")
    assert result.exit_code == 0, result.output
    changed = {p.relative_to(outputs / "档案盒").parts[0] for p, t in before.items()
               if p.stat().st_mtime_ns != t}
    assert changed == {"资产管理"}
    # a changed document (a drill renamed): its box only, with the new title in it
    book = load_workbook(ws / "inputs" / "演练记录.xlsx")
    sheet = book.worksheets[0]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "地震应急避险与疏散演练")
    cell.value = "地震应急避险与疏散演练（补记）"
    book.save(ws / "inputs" / "演练记录.xlsx")
    assert run_cli("build", "-w", ws, "-q").exit_code == 0
    before = {p: p.stat().st_mtime_ns for p in (outputs / "档案盒").rglob("*") if p.is_file()}
    result = run_cli("binder", "-w", ws, "--pdf")
    assert result.exit_code == 0, result.output
    changed = {p.relative_to(outputs / "档案盒").parts[0] for p, t in before.items() if p.stat().st_mtime_ns != t}
    assert changed == {"安全工作"}
    assert any("（补记）" in t for _, t, _ in _outline(PdfReader(box_pdf)))

    assets = PdfReader(outputs / "档案盒" / "资产管理" / "资产管理档案盒.pdf")
    marks = _outline(assets)
    assert "05 维修" in [t for d, t, _ in marks if d == 0]
    photo_page = assets.pages[dict((t, p) for d, t, p in marks if d == 1)["维修照片"] - 1]
    box = photo_page.mediabox  # a wide picture on an A4 page turned to landscape
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def _filed_in(ws: Path, pdf: Path, box: str) -> bool:
    """Whether a document PDF (build's) is of a document filed in ``box`` (by the manifest)."""
    files = json.loads((ws / "outputs" / "manifest.json").read_text("utf-8"))["files"]
    source = next((f["inputs"][0] for f in files if f["path"] == pdf.relative_to(ws / "outputs").as_posix()), None)
    entry = next((f for f in files if f["path"] == source), None)
    return entry is not None and entry.get("binder", [None])[0] == box


def _spine_labels_fit(pdf: Path) -> None:
    """Each label's words lie within its column: 3, 4 and 6 cm from the left margin, a gap between."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(a), float(b), w) for a, b, w in
             re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', xml)]
    columns, left = [], SPINE_MARGIN_LEFT
    for width in SPINE_WIDTHS:
        columns.append((left * CM, (left + width) * CM))
        left += width + SPINE_GAP
    placed: dict[int, list[str]] = {i: [] for i in range(len(columns))}
    for x_min, x_max, word in words:
        if "标签" in word or "cm" in word or word in ("3", "4", "6", "盒", "盒各一条，沿虚线剪下，贴于盒脊"):
            continue  # the sheet's heading and the captions under the labels
        inside = [i for i, (lo, hi) in enumerate(columns) if lo - 2 <= x_min and x_max <= hi + 2]
        assert inside, f"「{word}」({x_min:.0f}–{x_max:.0f} pt) is in no label {columns}"
        placed[inside[0]].append(word)
    for i, found in placed.items():
        text = "".join(found)
        assert "安全工作" in text or all(c in text for c in "安全工作"), (SPINE_WIDTHS[i], text)
        assert "HQ-2022-AQ" in text, (SPINE_WIDTHS[i], text)


# --- the web page ----------------------------------------------------------------------------


def _client(ws: Path, origin: str = "http://localhost"):
    from pipeline.web import create_app

    client = create_app(ws).test_client()
    client.environ_base["HTTP_ORIGIN"] = origin
    return client


@pytest.mark.slow  # builds the whole sample term and its boxes: seconds
def test_the_page_makes_the_binder_and_lists_the_boxes(sample: Path) -> None:
    refused = _client(sample, "http://evil.example").post("/generate", data={"kind": "all", "binder": "1"})
    assert refused.status_code == 403 and tree_hash(sample / "outputs") == {}
    client = _client(sample)
    page = client.get("/").get_data(as_text=True)
    assert 'id="no-boxes"' in page and 'name="binder"' in page
    client.post("/generate", data={"kind": "all", "binder": "1"})
    client.application.extensions["houqin"].wait(120)
    page = client.get("/").get_data(as_text=True)
    section = page.split('<section id="binder">')[1].split("</section>")[0]
    assert [re.sub(r"（\d+ 件）", "", s) for s in re.findall(r"<summary>([^<]*)</summary>", section)] == [
        b.name for b in BOXES]
    assert "03 安全制度：1 件" in section and "04 上级来文：<span class=\"hint\">无</span>" in section
    assert "box-pdf-" not in section  # no PDF asked for: no download
    assert (sample / "outputs" / "档案盒" / "安全工作" / "卷内目录.xlsx").is_file()


def test_a_category_folder_is_found_as_people_type_its_name() -> None:
    """`01基本情况`, `1.基本情况`, `基本情况` are the same folder; another number is not (a
    clerk's finding: `01基本情况` was an error while `基本情况` was taken)."""
    from pipeline.kinds.binder.boxes import find_category

    safety = BY_NAME["安全工作"]
    found = {name: find_category(safety, name)
             for name in ("01 基本情况", "01基本情况", "1.基本情况", "01-基本情况", "基本情况", " 基本情况 ", "04 基本情况")}
    assert found == {**{name: "01 基本情况" for name in list(found)[:-1]}, "04 基本情况": None}
