"""PDF through LibreOffice: finding it on Linux, Windows and macOS, and fonts chosen on purpose.

The official fonts (仿宋_GB2312, 方正小标宋, 楷体_GB2312, 黑体) are rarely installed off
Windows. Rather than leave the substitute to LibreOffice's fall-back, a fontconfig file
made here maps each to a named free font: 仿宋/宋体/小标宋 → Noto Serif CJK SC,
黑体 → Noto Sans CJK SC, 楷体 → AR PL UKai CN (then the Noto fonts), and LibreOffice
runs with it. Where the official fonts are installed, fontconfig prefers them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..errors import HouqinError, Location, Problem
from ..progress import Progress
from .converter import FILE_TIMEOUT, Job, convert_jobs, has_embedded_cjk_font

WINDOWS_PLACES = [
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
]
MAC_PLACES = ["/Applications/LibreOffice.app/Contents/MacOS/soffice"]

#: Official font → free stand-ins, best first (after the official font itself).
STAND_INS = {
    "仿宋_GB2312": ["仿宋", "FangSong", "Noto Serif CJK SC", "AR PL UMing CN", "Noto Sans CJK SC"],
    "仿宋": ["FangSong", "Noto Serif CJK SC", "AR PL UMing CN", "Noto Sans CJK SC"],
    "方正小标宋简体": ["方正小标宋_GBK", "宋体", "SimSun", "Noto Serif CJK SC", "Noto Sans CJK SC"],
    "宋体": ["SimSun", "Noto Serif CJK SC", "AR PL UMing CN", "Noto Sans CJK SC"],
    "楷体_GB2312": ["楷体", "KaiTi", "AR PL UKai CN", "Noto Serif CJK SC", "Noto Sans CJK SC"],
    "楷体": ["KaiTi", "AR PL UKai CN", "Noto Serif CJK SC", "Noto Sans CJK SC"],
    "黑体": ["SimHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei"],
}
INSTALL_HINT = (
    "未找到 LibreOffice，无法转换为 PDF。请安装 LibreOffice（https://zh-cn.libreoffice.org/ 下载，"
    "或 Debian/Ubuntu：sudo apt install libreoffice-writer-nogui libreoffice-calc-nogui）后重试；"
    "也可以设置环境变量 HOUQIN_SOFFICE 指向 soffice 程序"
)
FONT_HINT = (
    "LibreOffice 找不到任何中文字体，PDF 中的中文会显示为方框。请安装中文字体："
    "Debian/Ubuntu 运行 sudo apt install fonts-noto-cjk fonts-arphic-ukai；Windows 自带的宋体、黑体即可"
)


class ConverterError(HouqinError):
    """LibreOffice is missing, has no CJK font, or failed on a file."""


def find_soffice() -> Path | None:
    """LibreOffice's soffice: $HOUQIN_SOFFICE, PATH, then its usual install places."""
    env = os.environ.get("HOUQIN_SOFFICE")
    if env and Path(env).is_file():
        return Path(env)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    places = WINDOWS_PLACES if sys.platform == "win32" else MAC_PLACES if sys.platform == "darwin" else []
    for place in places:
        if Path(place).is_file():
            return Path(place)
    return None


def fontconfig_text() -> str:
    aliases = []
    for family, stand_ins in STAND_INS.items():
        prefer = "".join(f"<family>{f}</family>" for f in [family, *stand_ins])
        aliases.append(f'  <alias binding="same"><family>{family}</family><prefer>{prefer}</prefer></alias>')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        + "\n".join(aliases) + "\n</fontconfig>\n"
    )


def converter_env(workdir: Path) -> dict[str, str]:
    """The environment LibreOffice runs in: our font mapping on systems that use fontconfig."""
    env = dict(os.environ)
    if sys.platform not in ("win32", "darwin"):
        conf = workdir / "houqin-fonts.conf"
        conf.write_text(fontconfig_text(), encoding="utf-8")
        env["FONTCONFIG_FILE"] = str(conf)
    return env


def cjk_font_available() -> bool:
    """Whether fontconfig knows a font that covers Chinese (always assumed on Windows/macOS)."""
    if sys.platform in ("win32", "darwin"):
        return True
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True  # cannot tell; the PDF check afterwards will
    result = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(result.stdout.strip())


def require_converter() -> Path:
    """LibreOffice's soffice, with a Chinese font it can use; raises the install hints otherwise.

    Checked before a build writes anything, so a missing LibreOffice or font stops the
    build cleanly rather than after the documents are written.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ConverterError(Problem(INSTALL_HINT))
    if not cjk_font_available():
        raise ConverterError(Problem(FONT_HINT))
    return soffice


def convert(files: Sequence[Path], outdir: Path, timeout: float = FILE_TIMEOUT,
            progress: Progress | None = None) -> list[Path]:
    """Convert files to ``outdir/<stem>.pdf`` (see pipeline.pdf.converter for how: a pool of
    running LibreOffices, or one batch call per core). Raises ConverterError naming the
    files that failed and the PDFs without an embedded Chinese font.
    """
    soffice = require_converter()
    outdir.mkdir(parents=True, exist_ok=True)
    jobs = [Job(Path(f), outdir / f"{Path(f).stem}.pdf") for f in files]
    with tempfile.TemporaryDirectory(prefix="houqin-fc-") as work:
        outcome = convert_jobs(soffice, jobs, converter_env(Path(work)), progress=progress, timeout=timeout)
    problems = [Problem(f"LibreOffice 未能转换此文件（{reason}）", Location(file=job.src.name))
                for job, reason in outcome.failed]
    problems += font_problems(outcome.done)
    if problems:
        raise ConverterError(problems)
    return [job.dst for job in jobs]


def font_problems(jobs: Sequence[Job]) -> list[Problem]:
    """PDFs without an embedded Chinese font: their Chinese would print as boxes elsewhere."""
    return [Problem("PDF 中没有嵌入中文字体，中文可能显示为方框。" + FONT_HINT, Location(file=job.dst.name))
            for job in jobs if not has_embedded_cjk_font(job.dst.read_bytes())]
