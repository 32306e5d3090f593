"""A workspace folder (SPEC §1): settings, inputs/, templates/, outputs/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Location, Problem
from .settings import SETTINGS_FILE

#: Every format calamine reads (.et is WPS's own, a BIFF8 file like .xls), and CSV.
INPUT_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".et", ".ods", ".csv")
WRONG_SUFFIXES = (".numbers",)


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def inputs(self) -> Path:
        return self.root / "inputs"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def outputs(self) -> Path:
        return self.root / "outputs"

    @property
    def settings_file(self) -> Path:
        return self.root / SETTINGS_FILE

    def find_input(self, stem: str, aliases: tuple[str, ...] = ()) -> tuple[Path | None, list[Problem]]:
        """`inputs/<stem>.xlsx` or `.csv` (any case of the extension); both present, or only an
        .xls, is a problem; when neither is there, a file whose name is close (`<stem>(1).xlsx`,
        `<stem>.xlsx.xlsx`, `2022春<stem>表.xlsx`) is named in a warning."""
        files = sorted(p for p in self.inputs.iterdir() if p.is_file()) if self.inputs.is_dir() else []
        found = [p for s in INPUT_SUFFIXES for p in files if p.stem == stem and p.suffix.lower() == s]
        if len(found) > 1:
            return None, [Problem(
                f"同时存在 {found[0].name} 和 {found[1].name}，不知道用哪一个；请删除或改名其中一个",
                Location(file=f"inputs/{stem}"))]
        if found:
            return found[0], []
        for suffix in WRONG_SUFFIXES:
            for wrong in files:
                if wrong.stem == stem and wrong.suffix.lower() == suffix:
                    return None, [Problem(
                        f"houqin 读取 .xlsx、.xls、.ods 或 .csv；请把 {wrong.name} “导出为” {stem}.xlsx",
                        Location(file=wrong.name))]
        return None, [Problem(
            f"没有找到 inputs/{stem}.xlsx，但有「{near.name}」——是否应改名？", severity="warning")
            for near in self._near_misses(stem, aliases, files)]

    def _near_misses(self, stem: str, aliases: tuple[str, ...], files: list[Path]) -> list[Path]:
        """Spreadsheets in inputs/ whose name holds the input's name or an alias of it."""
        from .reading.inputs import known_stems

        names = [n for n in (stem, *aliases) if len(n) >= 2]
        taken = known_stems()
        near = []
        for path in files:
            if path.suffix.lower() not in INPUT_SUFFIXES + WRONG_SUFFIXES or path.name.startswith(("~$", ".")):
                continue
            inner = path.stem
            while Path(inner).suffix.lower() in INPUT_SUFFIXES + WRONG_SUFFIXES:
                inner = Path(inner).stem  # 隐患排查.xlsx.xlsx
            if path.stem in taken or (inner in taken and inner != stem):
                continue  # another input's own file
            if any(n in inner for n in names):
                near.append(path)
        return near
