"""Page images of the sample term for the README's 纸面 section: one document of every family.

Builds the repository's sample workspace with ``houqin build --pdf --binder`` in a temporary folder
(or takes an existing build with ``--from``), then renders the chosen document of each family
with ``pdftoppm -r 50 -png`` into docs/pages/ — every page of a document of one or two pages,
the first page of a longer one — and rewrites the README's table that links them. Run after a
layout change and commit docs/pages/ and README.md.

    python tools/make_page_images.py [--from WORKSPACE_ALREADY_BUILT_WITH_PDF]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "pages"
RESOLUTION = 50

README = ROOT / "README.md"
#: The README's table of families sits between these lines; this script rewrites it.
TABLE_START, TABLE_END = "<!-- pages:start -->", "<!-- pages:end -->"


def build(workspace: Path) -> None:
    """The sample (settings and inputs/) built with PDFs into ``workspace``."""
    shutil.copytree(ROOT / "inputs", workspace / "inputs")
    shutil.copy(ROOT / "houqin.toml", workspace / "houqin.toml")
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "build", "-w", str(workspace), "--pdf", "--binder", "-q"],
                   check=True)


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return next(int(line.split()[1]) for line in info.splitlines() if line.startswith("Pages:"))


def shrink(png: Path) -> None:
    """16 colours are plenty for black text, rules and the odd red mark: a quarter of the bytes."""
    from PIL import Image  # Pillow comes with matplotlib, a dependency of houqin

    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=16)
    small.save(png, "PNG", optimize=True)


def render(outputs: Path, target: Path) -> list[str]:
    """The PNGs of every family; returns the README table's rows."""
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.png"):
        if not old.name.startswith("web-"):  # the page's screenshots come from the browser tests
            old.unlink()
    pdfs = sorted(p.relative_to(outputs).as_posix() for p in outputs.rglob("*.pdf"))
    rows = []
    sys.path.insert(0, str(ROOT))
    from pipeline.kinds import papers  # the kinds declare their budgets and images

    for _, paper in papers():
        if not paper.image:
            continue
        family, budget, pattern, name = paper.label, paper.budget, paper.sample or paper.pattern, paper.image
        found = next((p for p in pdfs if fnmatch(p, pattern)), None)
        if found is None:
            raise SystemExit(f"no PDF matches {pattern} ({family}) under {outputs}")
        pdf = outputs / found
        pages = page_count(pdf)
        shown = range(1, pages + 1) if pages <= 2 else range(1, 2)
        for page in shown:
            stem = target / f"{name}-{page}"
            subprocess.run(["pdftoppm", "-r", str(RESOLUTION), "-png", "-f", str(page), "-l", str(page),
                            "-singlefile", str(pdf), str(stem)], check=True)
            shrink(stem.with_suffix(".png"))
        links = " · ".join(f"[第 {page} 页](docs/pages/{name}-{page}.png)" for page in shown)
        rows.append(f"| {family} | {budget} | {links}（共 {pages} 页） |")
    return rows


def write_table(rows: list[str]) -> None:
    """The README's 纸面 table, between its markers, with the pages just rendered."""
    text = README.read_text(encoding="utf-8")
    start, end = text.index(TABLE_START), text.index(TABLE_END)
    table = ["| 文档 | 页数预算 | 示例文档（两页以内的全部页，更长的第 1 页） |", "|---|---|---|", *rows]
    README.write_text(text[:start + len(TABLE_START)] + "\n" + "\n".join(table) + "\n" + text[end:],
                      encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="built", type=Path, help="a workspace already built with --pdf")
    args = parser.parse_args()
    if args.built:
        rows = render(args.built / "outputs", TARGET)
    else:
        with tempfile.TemporaryDirectory(prefix="houqin-pages-") as tmp:
            workspace = Path(tmp) / "sample"
            build(workspace)
            rows = render(workspace / "outputs", TARGET)
    write_table(rows)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
