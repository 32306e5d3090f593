"""Blank input workbooks people fill in by hand, and ``houqin init``'s new workspace.

A workbook made here has a title row, the header, a comment on each header cell saying
what goes in the column, and drop-down lists for enumerated columns, so a person who
never read the spec still fills it in correctly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .errors import Location, Problem, WorkspaceError
from .outputs.writer import atomic_write
from .reading.inputs import ALL_INPUTS
from .reading.records import ReadContext, choices_of
from .reading.schema import Column, InputSchema, SheetSchema
from .reading.untouched import SAMPLE_KEYWORDS
from .render.forms import save_openpyxl
from .render.narrative import chinese_number
from .settings import KIND_SECTIONS, Settings
from .workspace import Workspace

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
FIXED_TIME = dt.datetime(2022, 2, 14, 8, 0, 0)
DATA_ROWS_WITH_CHECKS = 2000

KIND_NOTES = {
    "date": "日期，如 2022-03-05 或 2022年3月5日",
    "month": "月份，如 2022-03 或 3月",
    "duration": "时长，如 2分15秒、2:15 或 135秒",
    "money": "金额（元），如 1280 或 1280.50",
    "int": "整数",
    "number": "数字",
    "names": "多人用 、 分隔",
    "bool": "是 / 否",
}


def settings_text() -> str:
    """The commented houqin.toml of `init`: [school], [term] and [people] from the package
    data, then each kind folder's own section as it declares it (defaults, comments)."""
    base = resources.files("pipeline").joinpath("data/houqin.toml").read_text(encoding="utf-8")
    return base + "".join("\n" + section.toml for section in KIND_SECTIONS)


def column_note(col: Column, ctx: ReadContext) -> str:
    parts = ["必填。" if col.required else "选填。"]
    if col.note:
        parts.append(col.note)
    elif col.kind in KIND_NOTES:
        parts.append(KIND_NOTES[col.kind])
    if col.kind == "enum":
        parts.append("可选：" + "、".join(choices_of(col, ctx)))
    if col.aliases:
        parts.append("表头也可写作：" + "、".join(col.aliases))
    return "\n".join(parts)


def _cell_value(col: Column, value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return "、".join(value)
    if col.kind == "month" and isinstance(value, tuple):
        return f"{value[0]}-{value[1]:02d}"
    return value


def fill_sheet(ws: Any, sheet: SheetSchema, rows: Sequence[Mapping[str, Any]], title: str, ctx: ReadContext) -> None:
    cols = sheet.columns
    ws.title = sheet.name
    ws.cell(1, 1, title).font = Font(name="黑体", size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(cols))
    ws.row_dimensions[1].height = 30
    for c, col in enumerate(cols, 1):
        cell = ws.cell(2, c, col.name)
        cell.font = Font(name="宋体", bold=True)
        cell.fill = REQUIRED_FILL if col.required else HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        comment = Comment(column_note(col, ctx), "houqin")
        comment.width, comment.height = 240, 120
        cell.comment = comment
        ws.column_dimensions[get_column_letter(c)].width = col.width
        letter = get_column_letter(c)
        span = f"{letter}3:{letter}{DATA_ROWS_WITH_CHECKS}"
        if col.kind == "enum":
            listed = ",".join(choices_of(col, ctx))
            if len(listed) <= 250:  # Excel's limit for an inline list
                dv = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True,
                                    showErrorMessage=True, errorTitle="请从下拉列表选择",
                                    error="可选：" + "、".join(choices_of(col, ctx)))
                ws.add_data_validation(dv)
                dv.add(span)
        if col.kind == "date":
            for r in range(3, 3 + max(len(rows), 1)):
                ws.cell(r, c).number_format = "yyyy-mm-dd"
    for r, row in enumerate(rows, 3):
        for c, col in enumerate(cols, 1):
            value = _cell_value(col, row.get(col.name))
            cell = ws.cell(r, c, value)
            cell.border = BORDER
            if isinstance(value, str) and value[:1] in "=+-@":
                cell.data_type = "s"
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            if col.kind == "money":
                cell.number_format = "#,##0.00"
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"


def write_input_workbook(
    schema: InputSchema,
    rows: Mapping[str, Sequence[Mapping[str, Any]]],
    path: Path,
    settings: Settings | None = None,
    example: bool = False,
) -> None:
    """One input workbook: a sheet per sheet schema, with ``rows[sheet name]`` as data.

    Rows map column names to values (dates, numbers, text, lists of names). An ``example``
    (init's) is marked in its properties, so that check and build name its example rows
    until they are deleted (reading/untouched.py).
    """
    ctx = ReadContext(settings or Settings())
    book = Workbook()
    book.remove(book.active)
    for sheet in schema.sheets:
        ws = book.create_sheet(sheet.name)
        title = schema.title if len(schema.sheets) == 1 else f"{schema.title}：{sheet.name}"
        fill_sheet(ws, sheet, rows.get(sheet.name, ()), title, ctx)
    book.properties.creator = "houqin"
    if example:
        book.properties.keywords = SAMPLE_KEYWORDS
    atomic_write(path, save_openpyxl(book, FIXED_TIME))


def init_workspace(root: Path) -> list[Path]:
    """A ready workspace with settings, sample inputs and empty templates/ and outputs/.

    Refuses to touch a folder that already holds a settings file or inputs: a person's
    filled-in workbooks must never be replaced by blank ones.
    """
    from .examples import EXAMPLES

    ws = Workspace(root)
    existing = [p for p in (ws.settings_file, ws.inputs) if p.exists() and (p.is_file() or any(p.iterdir()))]
    if existing:
        raise WorkspaceError(Problem(
            f"这里已经是一个工作区（已有 {'、'.join(p.name for p in existing)}），为免覆盖，未做任何改动；"
            "请换一个空文件夹", Location(file=str(root))))
    written: list[Path] = []
    for folder in (ws.inputs, ws.templates, ws.outputs):
        folder.mkdir(parents=True, exist_ok=True)
    ws.settings_file.write_text(settings_text(), encoding="utf-8")
    written.append(ws.settings_file)
    for schema in ALL_INPUTS:
        path = ws.inputs / f"{schema.stem}.xlsx"
        write_input_workbook(schema, EXAMPLES.get(schema.stem, {}), path, example=schema.stem in EXAMPLES)
        written.append(path)
    guide = root / "使用说明.txt"
    guide.write_text(GUIDE, encoding="utf-8")
    written.append(guide)
    for name, text in NARRATIVES.items():
        path = ws.inputs / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


NARRATIVES = {
    "学期计划.md": """# 问题诊断
## 人
后勤管理者还需要在“勤”字上更下功夫：脚步勤，善于走下去管理；眼要勤，善于发现问题，尤其是安全隐患。
## 物
各室固定资产的登记与录入还没有完全到位，有些资产在闲置中。

# 工作目标
建机制，化常态，守护校园安全。

# 实施策略
## 校园安全抓实抓细
严格落实“日巡视制”“月检查制”“专项问题集中检查制”，确保安全隐患第一时间发现，第一时间处理。
""",
    "学期总结.md": """# 工作目标回顾
加强制度执行，规范师生行为，确保校园安全。

# 实施成效反思
## 校园安全常抓不懈
落实后勤管理“日巡视制”“月检查制”“专项问题集中检查制”，每月两次上报安全隐患排查表。
""",
}

STEMS = "、".join(schema.stem for schema in ALL_INPUTS)
GUIDE = f"""houqin 工作区使用说明

1. houqin.toml：学校、学期、签字人等设置，用记事本打开修改。
2. inputs/ 文件夹：{chinese_number(len(ALL_INPUTS))}张台账表格（{STEMS}），
   表头上的批注说明了每一列怎么填，带下拉箭头的列请从列表中选择。
3. inputs/学期计划.md、学期总结.md：计划和总结的正文，用记事本编辑。
   以 # 开头的行是一级标题（自动编为“一、”），## 是二级（“（一）”），### 是三级（“1.”），
   #### 是四级（“（1）”）；标题前不用自己写编号。其余每一行是一个段落。
4. 在这个文件夹里运行 houqin check 检查表格，再运行 houqin build 生成全部文档，结果在 outputs/ 中。
"""
