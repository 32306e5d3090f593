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

    def find_input(self, stem: str) -> tuple[Path | None, list[Problem]]:
        """`inputs/<stem>.xlsx` (or .xls, .ods …) or `.csv`; two present, or only a .numbers, is a problem."""
        found = [self.inputs / f"{stem}{s}" for s in INPUT_SUFFIXES if (self.inputs / f"{stem}{s}").is_file()]
        if len(found) > 1:
            return None, [Problem(
                f"同时存在 {found[0].name} 和 {found[1].name}，不知道用哪一个；请删除或改名其中一个",
                Location(file=f"inputs/{stem}"))]
        if found:
            return found[0], []
        for suffix in WRONG_SUFFIXES:
            wrong = self.inputs / f"{stem}{suffix}"
            if wrong.is_file():
                return None, [Problem(
                    f"houqin 读取 .xlsx、.xls、.ods 或 .csv；请把 {wrong.name} “导出为” {stem}.xlsx",
                    Location(file=wrong.name))]
        return None, []
