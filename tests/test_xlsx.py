"""The Excel helper, checked on real files read back with openpyxl."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Border, Font, PatternFill, Side

from pipeline.render.forms import (
    XlsxTemplateError,
    check_template,
    fill_template,
    template_placeholders,
)
from pipeline.render.workbook import (
    Col,
    Sheet,
    add_chart,
    display_width,
    safe_sheet_names,
    write_workbook,
)

ROOT = Path(__file__).resolve().parent.parent
CREATED = datetime(2022, 3, 15, 8, 0, 0)
TRICKY = ["=1+1", "+1", "-1x", "@a"]


def load(data: bytes, **kw: object) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), **kw)


def asset_sheet(**kw: object) -> Sheet:
    columns = [
        Col("序号", kind="int"),
        Col("资产名称"),
        Col("存放地点"),
        Col("数量", kind="int", total="sum"),
        Col("金额（元）", kind="money", total="sum"),
        Col("购置日期", kind="date"),
        Col("备注", total="count"),
    ]
    rows = [
        [1, "台式计算机", "实验楼三楼东侧储藏室", 12, Decimal("45600.00"), date(2021, 9, 1), "=1+1"],
        [2, "投影仪", "教学楼", 3, Decimal("8999.90"), date(2022, 1, 5), "+1"],
        [3, "课桌椅（套）", "教学楼", 40, 12800.5, date(2020, 8, 20), None],
        [4, "空调", "办公楼", 5, 0.1, date(2019, 6, 30), "-1x"],
        [5, "灭火器", "各楼层", 60, 0.2, date(2022, 2, 14), "@a"],
    ]
    base: dict[str, object] = dict(
        name="固定资产", title="固定资产台账", columns=columns, rows=rows,
        subtitle="学校：薛家实验小学    期间：2021—2022学年第二学期",
        footer_rows=[["盘点人：", "审核人：", "日期："]],
    )
    base.update(kw)
    return Sheet(**base)  # type: ignore[arg-type]


# -- generated workbooks --------------------------------------------------------------


def test_layout_title_header_freeze_and_print_setup() -> None:
    ws = load(write_workbook([asset_sheet()], created=CREATED))["固定资产"]
    assert "A1:G1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].value == "固定资产台账"
    assert ws["A1"].font.b and ws["A1"].font.sz == 16
    assert ws["A1"].alignment.horizontal == "center"
    assert ws["A2"].value.startswith("学校：")
    assert [c.value for c in ws[3]] == ["序号", "资产名称", "存放地点", "数量", "金额（元）", "购置日期", "备注"]
    assert ws["B3"].font.b and ws["B3"].border.bottom.style == "thin"
    assert ws["B4"].font.name == "宋体" and ws["B4"].border.left.style == "thin"
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (1, None) and ws.page_setup.fitToHeight == 0
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_values_keep_their_types_and_formats() -> None:
    ws = load(write_workbook([asset_sheet()], created=CREATED))["固定资产"]
    assert ws["E4"].value == 45600 and ws["E4"].number_format == "#,##0.00"
    assert ws["E5"].data_type == "n"
    assert ws["F4"].value == datetime(2021, 9, 1) and ws["F4"].number_format == 'yyyy"年"m"月"d"日"'
    assert ws["A4"].value == 1 and ws["A4"].data_type == "n"


def test_totals_are_formulas_over_exactly_the_data_rows_with_cached_values() -> None:
    sheet = asset_sheet()
    data = write_workbook([sheet], created=CREATED)
    ws = load(data)["固定资产"]
    cached = load(data, data_only=True)["固定资产"]
    # title, subtitle, header → data rows 4..8, totals row 9
    assert ws["A9"].value == "合计"
    assert ws["D9"].value == "=SUM(D4:D8)"
    assert ws["E9"].value == "=SUM(E4:E8)"
    assert ws["G9"].value == "=COUNTA(G4:G8)"
    assert ws["C9"].value is None
    assert cached["D9"].value == sum(r[3] for r in sheet.rows)
    money = sum(Decimal(str(r[4])) for r in sheet.rows)
    assert money == Decimal("67400.70")
    assert cached["E9"].value == pytest.approx(float(money), abs=1e-9)
    assert cached["G9"].value == 4


def test_average_and_no_rows() -> None:
    cols = [Col("姓名"), Col("得分", kind="number", total="average")]
    data = write_workbook(
        [Sheet("考核", "考核", cols, [["甲", 90], ["乙", 81], ["丙", None]]),
         Sheet("空", "空表", cols, [])],
        created=CREATED,
    )
    book, cached = load(data), load(data, data_only=True)
    assert book["考核"]["B6"].value == "=AVERAGE(B3:B5)"
    assert cached["考核"]["B6"].value == pytest.approx(85.5)
    assert book["空"]["A3"].value == "合计"  # no data rows: the totals row directly under the header
    assert book["空"].freeze_panes == "A3"


def test_text_that_looks_like_a_formula_stays_text() -> None:
    rows = [[t, t] for t in TRICKY] + [["=SUM(A1:A2)", "x" * 20000]]
    data = write_workbook(
        [Sheet("文本", "=标题", [Col("甲"), Col("乙", wrap=True)], rows, subtitle="+86 139",
               footer_rows=[["=签字", "-5 天"]])],
        created=CREATED,
    )
    ws = load(data)["文本"]
    for offset, text in enumerate(TRICKY):
        cell = ws.cell(row=4 + offset, column=1)
        assert cell.data_type == "s" and cell.value == text
    assert ws["A8"].data_type == "s" and ws["A8"].value == "=SUM(A1:A2)"
    assert ws["B8"].value == "x" * 20000
    assert ws["A1"].data_type == "s" and ws["A1"].value == "=标题"
    assert ws["A2"].value == "+86 139"
    assert ws["A10"].data_type == "s" and ws["A10"].value == "=签字"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>1+1</f>" not in sheet_xml and "<f>" not in sheet_xml


def test_column_widths_fit_chinese_text() -> None:
    assert display_width("实验楼三楼东侧储藏室") == 20
    assert display_width("ZC-001") == 6
    assert display_width("第一行\n长一些的第二行") == 14
    ws = load(write_workbook([asset_sheet()], created=CREATED))["固定资产"]
    assert ws.column_dimensions["C"].width == pytest.approx(22, abs=1)
    assert ws.column_dimensions["A"].width == pytest.approx(6, abs=1)  # "序号" and 1..5: the minimum
    long = Sheet("长", "长", [Col("内容"), Col("说明", wrap=True)], [["字" * 200, "字" * 200]])
    ws = load(write_workbook([long], created=CREATED))["长"]
    assert ws.column_dimensions["A"].width == pytest.approx(50, abs=1)
    assert ws.column_dimensions["B"].width == pytest.approx(30, abs=1)
    assert ws["B3"].alignment.wrap_text
    assert ws.row_dimensions[3].height >= 14 * 15  # 400 display units over ~26 per line
    assert ws.row_dimensions[2].height is None  # the header fits on one line


def test_footer_rows_sit_below_the_totals_and_spread_across() -> None:
    ws = load(write_workbook([asset_sheet()], created=CREATED))["固定资产"]
    # totals on row 9, blank row 10, signatures on row 11 spread over 7 columns: A-B, C-E, F-G
    assert [ws.cell(row=11, column=c).value for c in (1, 3, 6)] == ["盘点人：", "审核人：", "日期："]
    assert {"A11:B11", "C11:E11", "F11:G11"} <= {str(r) for r in ws.merged_cells.ranges}
    assert ws["A11"].border.left.style is None


def test_highlighted_rows_get_a_fill() -> None:
    sheet = asset_sheet(highlight=lambda row: row[1] == "空调")
    ws = load(write_workbook([sheet], created=CREATED))["固定资产"]
    assert ws["B7"].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws["E7"].number_format == "#,##0.00"  # the highlight keeps the column's format
    assert ws["B6"].fill.fill_type is None
    flags = Sheet("标", "标", [Col("甲")], [["a"], ["b"]], highlight=[None, "ok"])
    ws = load(write_workbook([flags], created=CREATED))["标"]
    assert ws["A4"].fill.fgColor.rgb.endswith("C6EFCE")
    with pytest.raises(ValueError):
        write_workbook([Sheet("标", "标", [Col("甲")], [["a"]], highlight=["红色"])], created=CREATED)


def test_same_inputs_give_identical_bytes_even_across_processes() -> None:
    first = write_workbook([asset_sheet()], created=CREATED, title="台账")
    assert first == write_workbook([asset_sheet()], created=CREATED, title="台账")
    assert first != write_workbook([asset_sheet()], created=datetime(2022, 3, 16), title="台账")
    script = (
        "import sys, hashlib, tests.test_xlsx as t\n"
        "from pipeline.render.workbook import write_workbook\n"
        "data = write_workbook([t.asset_sheet()], created=t.CREATED, title='台账')\n"
        "sys.stdout.write(hashlib.sha256(data).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    import hashlib
    assert out == hashlib.sha256(first).hexdigest()
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2022-03-15T08:00:00Z" in archive.read("docProps/core.xml")


@pytest.mark.slow
def test_ten_thousand_rows_by_fifteen_columns() -> None:
    columns = [Col(f"列{i}", kind="money" if i % 5 == 4 else "text",
                   total="sum" if i % 5 == 4 else None) for i in range(15)]
    rows = [[Decimal(r) / 100 if c % 5 == 4 else f"第{r}行第{c}列" for c in range(15)]
            for r in range(10_000)]
    data = write_workbook([Sheet("大表", "大表", columns, rows)], created=CREATED)
    ws = load(data, read_only=True)["大表"]
    last = next(ws.iter_rows(min_row=10_002, max_row=10_003, values_only=True))
    assert last[0] == "第9999行第0列" and last[14] == pytest.approx(99.99)


def test_sheet_names_are_made_valid_and_unique() -> None:
    assert safe_sheet_names(["2022/3月", "2022/3月", "x" * 40, "", "a:b"]) == [
        "2022_3月", "2022_3月(2)", "x" * 31, "Sheet4", "a_b"]


def test_extra_hook_gets_the_layout_and_can_add_a_chart() -> None:
    seen = {}

    def extra(ws, book, layout) -> None:  # type: ignore[no-untyped-def]
        seen["range"] = layout.data_range("用时（秒）")
        seen["totals"] = layout.totals_row
        add_chart(book, ws, layout, category="日期", values=["用时（秒）"], lines=["目标（秒）"],
                  title="疏散用时", y_title="秒")

    cols = [Col("日期", kind="date"), Col("用时（秒）", kind="int"), Col("目标（秒）", kind="int")]
    rows = [[date(2022, 3, d), 100 + d, 120] for d in (1, 8, 15)]
    data = write_workbook([Sheet("演练", "应急演练台账", cols, rows, extra=extra)], created=CREATED)
    assert seen == {"range": "B3:B5", "totals": None}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert "<c:barChart>" in chart and "<c:lineChart>" in chart
    assert "演练!$B$3:$B$5" in chart and "演练!$C$3:$C$5" in chart and "演练!$A$3:$A$5" in chart


# -- filling a user's template ----------------------------------------------------------

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def make_template(path: Path) -> Path:
    """A district form: merged title, header, one list row, totals, signatures."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "整改表"
    ws["A1"] = "{{ school }}安全隐患排查整改表"
    ws.merge_cells("A1:E1")
    ws["A1"].font = Font(name="黑体", size=16, bold=True)
    ws["A2"] = "学校：{{ school }}"
    ws["D2"] = "期间：{{ period }}"
    for col, text in enumerate(["序号", "编号", "隐患内容", "", "整改期限"], 1):
        ws.cell(row=3, column=col, value=text or None).border = BOX
    ws.merge_cells("C3:D3")
    values = ["{{ hazards.序号 }}", "{{ hazards.编号 }}", "{{ hazards.内容 }}", None,
              "{{ hazards.期限 }}"]
    for col, text in enumerate(values, 1):
        cell = ws.cell(row=4, column=col, value=text)
        cell.border = BOX
        cell.fill = PatternFill("solid", fgColor="FFF2CC")
    ws.merge_cells("C4:D4")
    ws.row_dimensions[4].height = 24
    ws["A5"] = "合计"
    ws["B5"] = "=COUNTA(B4:B4)"
    ws["A7"] = "排查人：{{ people.filler }}"
    ws["A7"].font = Font(name="宋体", bold=True)
    ws.merge_cells("A7:B7")
    ws["D7"] = "学校负责人："
    ws.row_dimensions[7].height = 30
    ws.print_area = "A1:E7"
    ws.print_title_rows = "3:3"
    book.save(path)
    return path


CONTEXT = {
    "school": "薛家实验小学",
    "period": "2022年3月上半月",
    "people": {"filler": "朱志刚"},
    "hazards": [
        {"编号": "=1+1", "内容": "+1 楼梯扶手松动", "期限": date(2022, 3, 20)},
        {"编号": "-1x", "内容": "@a 配电箱未上锁", "期限": date(2022, 3, 31)},
        {"编号": "Y-003", "内容": "灭火器过期", "期限": None},
    ],
}


def test_fill_repeats_the_list_row_and_moves_what_is_below(tmp_path: Path) -> None:
    data = fill_template(make_template(tmp_path / "区县报表.xlsx"), CONTEXT, created=CREATED)
    ws = load(data)["整改表"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].value == "薛家实验小学安全隐患排查整改表" and "A1:E1" in merged
    assert ws["A1"].font.b and ws["A1"].font.sz == 16
    assert ws["A2"].value == "学校：薛家实验小学" and ws["D2"].value == "期间：2022年3月上半月"
    assert [ws.cell(row=r, column=1).value for r in (4, 5, 6)] == [1, 2, 3]
    assert [ws.cell(row=r, column=2).value for r in (4, 5, 6)] == ["=1+1", "-1x", "Y-003"]
    assert {"C4:D4", "C5:D5", "C6:D6", "C3:D3"} <= merged
    for r in (4, 5, 6):
        assert ws.cell(row=r, column=3).border.left.style == "thin"
        assert ws.cell(row=r, column=5).fill.fgColor.rgb.endswith("FFF2CC")
        assert ws.row_dimensions[r].height == 24
    assert ws["E4"].value == datetime(2022, 3, 20) and ws["E4"].number_format == 'yyyy"年"m"月"d"日"'
    assert ws.column_dimensions["E"].width >= 15  # widened so the date does not show ####
    assert ws["E6"].value is None
    # totals row moved and its range grew over the copies
    assert ws["A7"].value == "合计" and ws["B7"].value == "=COUNTA(B4:B6)"
    # signature row moved two rows down with its style, height and merge
    assert ws["A9"].value == "排查人：朱志刚" and ws["A9"].font.b
    assert "A9:B9" in merged and "A7:B7" not in merged
    assert ws["D9"].value == "学校负责人："
    assert ws.row_dimensions[9].height == 30
    assert ws.print_area == "'整改表'!$A$1:$E$9"
    assert ws.print_title_rows == "$3:$3"


def test_filled_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    book["整改表"]["E2"] = "{{ note }}"
    book.save(path)
    data = fill_template(path, {**CONTEXT, "note": "=1+1"}, created=CREATED)
    ws = load(data)["整改表"]
    for cell, text in ((ws["B4"], "=1+1"), (ws["B5"], "-1x"), (ws["C4"], "+1 楼梯扶手松动"),
                       (ws["C5"], "@a 配电箱未上锁"), (ws["E2"], "=1+1")):
        assert cell.data_type == "s" and cell.value == text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>1+1</f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_fill_is_byte_identical(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.xlsx")
    first = fill_template(path, CONTEXT, created=CREATED)
    assert first == fill_template(path, CONTEXT, created=CREATED)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2022-03-15T08:00:00Z") == 2  # created and modified


def test_empty_list_keeps_one_blank_row(tmp_path: Path) -> None:
    data = fill_template(make_template(tmp_path / "t.xlsx"), {**CONTEXT, "hazards": []},
                         created=CREATED)
    ws = load(data)["整改表"]
    assert [ws.cell(row=4, column=c).value for c in range(1, 6)] == [None] * 5
    assert ws["A5"].value == "合计" and ws["A7"].value == "排查人：朱志刚"
    assert ws["B4"].border.left.style == "thin"


def test_unknown_placeholder_is_located(tmp_path: Path) -> None:
    path = make_template(tmp_path / "区县报表.xlsx")
    book = openpyxl.load_workbook(path)
    book["整改表"]["B2"] = "{{ schol }}"
    book["整改表"]["E4"] = "{{ hazards.期线 }}"
    book.save(path)
    with pytest.raises(XlsxTemplateError) as info:
        fill_template(path, CONTEXT, created=CREATED)
    problems = info.value.problems
    assert [p.location.column for p in problems] == ["B2", "E4"]
    assert str(problems[0]).startswith("区县报表.xlsx › 整改表 › B2：模板中的「{{ schol }}」没有对应的数据")
    assert "school" in problems[0].message and "hazards.期限" in problems[1].message
    assert check_template(path, CONTEXT) == problems


def test_broken_and_mixed_placeholders_are_reported(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    book["整改表"]["B2"] = "{{ school"
    book["整改表"]["E4"] = "{{ rows.x }}"
    book.save(path)
    problems = check_template(path, {**CONTEXT, "rows": [{"x": 1}]})
    assert len(problems) == 2
    assert "不完整" in problems[0].message and problems[0].location.column == "B2"
    assert "两个列表" in problems[1].message and problems[1].location.row == 4


def test_placeholders_listed_for_lint_and_full_width_braces(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    book["整改表"]["E2"] = "｛｛ period ｝｝"
    book.save(path)
    found = template_placeholders(path)
    assert ("整改表", "A1", "school") in found and ("整改表", "E4", "hazards.期限") in found
    assert ("整改表", "E2", "period") in found
    ws = load(fill_template(path, CONTEXT, created=CREATED))["整改表"]
    assert ws["E2"].value == "2022年3月上半月"


def test_whole_cell_values_keep_their_type(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    for row, name in enumerate(["n", "d", "m", "when", "none", "text"], 1):
        ws.cell(row=row, column=1, value=f"{{{{ {name} }}}}")
        ws.cell(row=row, column=2, value=f"值：{{{{ {name} }}}}")
    path = tmp_path / "t.xlsx"
    book.save(path)
    context = {"n": 12, "d": date(2022, 3, 15), "m": Decimal("12800.50"),
               "when": datetime(2022, 3, 15, 14, 30), "none": None, "text": "0012"}
    ws = load(fill_template(path, context, created=CREATED)).active
    assert [ws.cell(row=r, column=1).value for r in range(1, 7)] == [
        12, datetime(2022, 3, 15), 12800.5, datetime(2022, 3, 15, 14, 30), None, "0012"]
    assert ws["A6"].data_type == "s"
    assert [ws.cell(row=r, column=2).value for r in range(1, 7)] == [
        "值：12", "值：2022年3月15日", "值：12800.50", "值：2022年3月15日 14:30", "值：", "值：0012"]


def test_a_file_that_is_not_a_workbook_is_a_template_error(tmp_path: Path) -> None:
    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(XlsxTemplateError) as info:
        fill_template(path, CONTEXT, created=CREATED)
    assert info.value.problems[0].location.file == "坏.xlsx"


def test_formulas_validations_and_vertical_merges_follow_the_copies(tmp_path: Path) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "清单"
    ws.append(["名称", "数量", "两倍", None, "说明"])
    ws.append(["{{ items.name }}", "{{ items.qty }}", "=B2*2"])
    ws.append(["合计", "=SUM(B2:B2)", "=SUM(C2:C2)"])
    ws.append(["签字："])
    ws.merge_cells("E1:E3")
    dv = DataValidation(type="list", formula1='"1,2,3"')
    dv.add("B2")
    ws.add_data_validation(dv)
    ws.conditional_formatting.add("B2", CellIsRule(operator="greaterThan", formula=["2"],
                                                   fill=PatternFill("solid", fgColor="FFC7CE")))
    book.create_sheet("汇总")["A1"] = "=清单!C3+'清单'!B3"
    path = tmp_path / "清单.xlsx"
    book.save(path)
    items = [{"name": n, "qty": q} for n, q in (("甲", 1), ("乙", 2), ("丙", 3))]
    filled = load(fill_template(path, {"items": items}, created=CREATED))
    ws = filled["清单"]
    assert [ws.cell(row=r, column=3).value for r in (2, 3, 4)] == ["=B2*2", "=B3*2", "=B4*2"]
    assert ws["B5"].value == "=SUM(B2:B4)" and ws["C5"].value == "=SUM(C2:C4)"
    assert ws["A6"].value == "签字："
    assert "E1:E5" in {str(r) for r in ws.merged_cells.ranges}
    assert str(ws.data_validations.dataValidation[0].sqref) == "B2:B4"
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["B2:B4"]
    assert filled["汇总"]["A1"].value == "=清单!C5+'清单'!B5"
    assert filled.calculation.fullCalcOnLoad


def test_average_label_puts_averages_on_their_own_row_below_the_sums() -> None:
    cols = [Col("序号", kind="int"), Col("人数", kind="int", total="sum"),
            Col("用时", kind="int", total="average"), Col("名称", total="count")]
    rows = [[1, 30, 120, "甲"], [2, 40, 90, "乙"], [3, 50, None, "丙"]]
    seen = {}

    def extra(ws, book, layout):
        seen.update(totals=layout.totals_row, average=layout.average_row, next=layout.next_row)

    data = write_workbook([Sheet("演练", "演练", cols, rows, average_label="平均", extra=extra)],
                          created=CREATED)
    ws, cached = load(data)["演练"], load(data, data_only=True)["演练"]
    # header on row 2, data 3..5, 合计 on 6 (sum and count only), 平均 on 7 (averages only)
    assert [ws.cell(6, c).value for c in range(1, 5)] == ["合计", "=SUM(B3:B5)", None, "=COUNTA(D3:D5)"]
    assert [ws.cell(7, c).value for c in range(1, 5)] == ["平均", None, "=AVERAGE(C3:C5)", None]
    assert cached["C7"].value == pytest.approx(105)
    assert seen == {"totals": 5, "average": 6, "next": 7}
    only = write_workbook([Sheet("均", "均", cols[:1] + cols[2:3], [[1, 60], [2, 80]], average_label="平均")],
                          created=CREATED)
    ws = load(only)["均"]
    assert (ws["A5"].value, ws["B5"].value, ws["A6"].value) == ("平均", "=AVERAGE(B3:B4)", None)


def test_notes_sit_under_the_totals_across_the_table_and_above_the_footer() -> None:
    cols = [Col("名称"), Col("数量", kind="int", total="sum"), Col("金额", kind="money", total="sum")]
    data = write_workbook([Sheet("表", "表", cols, [["甲", 1, 10.5]], notes=["注：合计含已报废资产 1 项。"],
                                 footer_rows=[["制表：", "审核："]])], created=CREATED)
    ws = load(data)["表"]
    assert ws["A4"].value == "合计" and ws["A5"].value == "注：合计含已报废资产 1 项。"
    assert "A5:C5" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A7"].value == "制表："  # one blank row, then the footer
