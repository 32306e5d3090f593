"""Photos named in 隐患排查 (issue #17): spaces kept in file names, every photo checked by `check`.

A photo Word cannot show (HEIC from an iPhone, WebP from a web page), a damaged file or an
absurdly large picture is a located error during `check` and before `build` writes anything.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from helpers import run_cli, write_xlsx
from PIL import Image as PILImage
from test_hazards import HEADER, ROWS, SETTINGS, tiny_png

SCREENSHOT = "屏幕截图 2022-03-15 103000.png"
WHERE = "隐患排查.xlsx › 隐患排查记录 › 第6行 › 隐患照片"


def workspace(tmp_path: Path, photo: str, files: dict[str, bytes]) -> Path:
    rows = [r[:] for r in ROWS]
    rows[3][-1] = photo  # row 6 of the sheet: title, header, then ROWS
    (tmp_path / "houqin.toml").write_text(SETTINGS, encoding="utf-8")
    write_xlsx(tmp_path / "inputs/隐患排查.xlsx", [["安全隐患排查记录"], HEADER, *rows], sheet="隐患排查记录")
    (tmp_path / "inputs/照片").mkdir()
    for name, data in files.items():
        (tmp_path / "inputs/照片" / name).write_bytes(data)
    return tmp_path


def jpeg(width: int = 64, height: int = 48) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def test_a_screenshot_name_with_spaces_is_one_photo_and_lists_split_on_marks(tmp_path: Path) -> None:
    ws = workspace(tmp_path, f"{SCREENSHOT}、围墙.png\n门卫 室.jpg", {
        SCREENSHOT: tiny_png(), "围墙.png": tiny_png(), "门卫 室.jpg": jpeg()})
    result = run_cli("check", "-w", ws)
    assert result.exit_code == 0, result.output
    result = run_cli("hazards", "-w", ws, "--period", "2022-03-1")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(ws / "outputs/安全隐患/2022年3月上半月 安全隐患排查整改表.docx"))
    assert len(document.inline_shapes) == 3


def heic() -> bytes:
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


def webp() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (8, 8)).save(out, "WEBP")
    return out.getvalue()


def huge_png() -> bytes:
    """A valid PNG header for a 10000×6000 picture (60 million pixels); the data is not needed."""
    big = tiny_png(10000, 6000)[:33]  # signature and IHDR only: the size check reads no further
    return big + tiny_png()[33:]


CONVERT = ("Word 文档只能插入 JPG、PNG、GIF、BMP 格式的照片；请把它另存为 JPG（如用“画图”或“照片”打开后另存为），"
           "并把表格中的文件名改成新的文件名")


def test_bad_photos_are_located_errors_in_check_and_build_writes_nothing(tmp_path: Path) -> None:
    truncated = jpeg(640, 480)[:900]
    files = {"a.heic": heic(), "b.webp": webp(), "c.jpg": truncated, "d.png": huge_png(),
             "e.jpg": b"not a picture at all", "f.png": b""}
    ws = workspace(tmp_path, "、".join(files), files)
    result = run_cli("check", "-w", ws)
    assert result.exit_code == 1, result.output
    expected = [
        f"照片「a.heic」是 HEIC 格式，{CONVERT}",
        f"照片「b.webp」是 WebP 格式，{CONVERT}",
        "照片「c.jpg」已损坏，无法读取（可能没有复制完整）；请重新复制或导出这张照片",
        "照片「d.png」的尺寸太大（10000×6000 像素，约 60 百万像素），超过 50 百万像素；请缩小后再使用",
        "照片「e.jpg」不是可识别的图片（可能已损坏，或是其他类型的文件）；可用的格式是 JPG、PNG、GIF、BMP，请重新导出这张照片",
        "照片「f.png」是空文件（0 字节）；请重新复制或导出这张照片",
    ]
    for message in expected:
        assert f"{WHERE}：{message}" in result.output, result.output
    assert "Traceback" not in result.output and "检查通过" not in result.output
    result = run_cli("build", "-w", ws)
    assert result.exit_code == 1
    assert f"{WHERE}：{expected[0]}" in result.output
    assert "插入图片时出错" not in result.output and "Traceback" not in result.output
    assert not (ws / "outputs").exists() or not any((ws / "outputs").rglob("*.docx"))


def test_a_photo_over_20_mb_is_refused_by_check(tmp_path: Path) -> None:
    data = jpeg()
    ws = workspace(tmp_path, "大.jpg", {"大.jpg": data + b"\x00" * (21 * 1024 * 1024)})
    result = run_cli("check", "-w", ws)
    assert result.exit_code == 1
    assert f"{WHERE}：照片「大.jpg」太大（21.0 MB），超过 20 MB；请压缩或缩小后再放入 inputs/照片/" in result.output


def test_a_missing_photo_is_a_located_error_in_check(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "无.png", {})
    result = run_cli("check", "-w", ws)
    assert result.exit_code == 1
    assert f"{WHERE}：找不到照片「无.png」，应放在 inputs/照片/ 中" in result.output


def test_check_names_no_kind_the_hazards_input_declares_its_photo_check() -> None:
    """`check` and `build` run the checks an input declares (``SheetSchema.files``); check.py
    imports no kind folder, only the registry (issue #18)."""
    import ast

    from pipeline.kinds.hazards.inputs import HAZARDS, check_photos

    source = (Path(__file__).resolve().parent.parent / "pipeline/check.py").read_text(encoding="utf-8")
    imported = [ast.unparse(n) for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom | ast.Import)]
    assert not [line for line in imported if "kinds." in line or line.startswith("from .kinds import")
                and line != "from .kinds import Options, commands"], imported
    assert HAZARDS.main.files is check_photos


def test_build_says_a_bad_photo_and_a_broken_template_at_once(tmp_path: Path) -> None:
    """The photo check runs with the template checks, before any kind plans: one run lists both."""
    ws = workspace(tmp_path, "无.png", {})
    broken = docx.Document()
    broken.add_paragraph("{{ school ")
    (ws / "templates").mkdir()
    broken.save(str(ws / "templates/整改通知书.docx"))
    result = run_cli("hazards", "-w", ws)
    assert result.exit_code == 1, result.output
    assert f"{WHERE}：找不到照片「无.png」，应放在 inputs/照片/ 中" in result.output
    assert "整改通知书.docx" in result.output, result.output
    assert not (ws / "outputs").exists() or not any((ws / "outputs").rglob("*.docx"))
