"""固定资产 end to end: register, acceptance forms, inventory and disposal, read back from real files."""

import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from helpers import run_cli, tree_hash, write_xlsx

from pipeline.kinds.assets.plan import years_in_use
from pipeline.render.rmb import rmb_upper

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["资产编号", "资产名称", "资产分类", "规格型号", "计量单位", "数量", "单价", "金额", "取得方式",
          "取得日期", "使用部门", "存放地点", "保管人", "使用状况", "验收日期", "验收人", "盘点数量", "备注"]
D = dt.datetime
BOUGHT = D(2021, 9, 1)
ACCEPTED = D(2021, 9, 5)


def asset(asset_id, name, category="通用设备", quantity=1, price=1000, *, acquired=BOUGHT,
          department="信息中心", place="机房", keeper="王芳", state="在用", accepted=ACCEPTED,
          acceptor="朱志刚", counted="same", remarks=None, amount=None, model="X1", unit="台"):
    counted = quantity if counted == "same" else counted
    return [asset_id, name, category, model, unit, quantity, price, amount, "新购", acquired, department,
            place, keeper, state, accepted, acceptor, counted, remarks]


ROWS = [
    asset("A-001", "台式电脑", quantity=20, price=4300, counted=19, remarks="1台借出未归还"),
    asset("A-002", "投影仪", quantity=3, price=3200, state="待报废", acquired=D(2014, 8, 15),
          remarks="灯泡老化、亮度不足"),
    asset("A-003", "办公桌椅", "家具、用具、装具及动植物", quantity=20, price=1150, counted=21,
          department="综合管理中心", place="办公室"),
    asset("A-004", "文件柜", "家具、用具、装具及动植物", quantity=5, price=980, department="综合管理中心",
          place="办公室"),
    asset("A-005", "电子琴", "专用设备", quantity=10, price=1280, department="教学管理中心", place="音乐教室",
          counted=None),
    asset("A-006", "笔记本电脑", quantity=2, price=5200, state="闲置", place="仓库"),
    asset("B-001", "交互式一体机", quantity=6, price=12800, acquired=D(2022, 3, 8), accepted=None,
          acceptor=None, state="待验收", keeper="刘刚"),
    asset("B-002", "笔记本电脑", quantity=6, price=5600.50, acquired=D(2022, 3, 8), accepted=None,
          acceptor=None, state="待验收", keeper="刘刚"),
    asset("B-003", "会议桌", "家具、用具、装具及动植物", price=8600, acquired=D(2022, 3, 1),
          accepted=D(2022, 3, 20), acceptor="刘刚", keeper="刘刚", department="综合管理中心"),
]
TOML = """[school]
name = "测试小学"
[term]
year = "2021—2022"
term = 2
start = 2022-02-14
end = 2022-07-01
"""


run = run_cli


def workspace(tmp_path: Path, rows=ROWS) -> Path:
    write_xlsx(tmp_path / "inputs/固定资产.xlsx", [HEADER, *rows], sheet="固定资产")
    (tmp_path / "houqin.toml").write_text(TOML, encoding="utf-8")
    return tmp_path


def built(tmp_path: Path, *args) -> Path:
    ws = workspace(tmp_path)
    result = run("assets", "-w", ws, *args)
    assert result.exit_code == 0, result.output
    return ws / "outputs/固定资产"


def table_texts(path: Path) -> list[list[str]]:
    document = docx.Document(str(path))
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def all_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += ["\t".join(row) for row in table_texts(path)]
    return "\n".join(parts)


def header_row(ws, first: str = "资产编号") -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == first:
            return row[0].row
    raise AssertionError(f"no header in {ws.title}")


def records_of(ws, first: str = "资产编号") -> list[dict]:
    top = header_row(ws, first)
    names = [c.value for c in ws[top]]
    return [dict(zip(names, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=top + 1)]


# ---------------------------------------------------------------------------- inventory


def test_counted_19_of_20_is_a_loss_of_one_at_its_price(tmp_path):
    out = built(tmp_path)
    ws = openpyxl.load_workbook(out / "资产盘点表.xlsx", data_only=True)["资产盘点表"]
    rows = {r["资产编号"]: r for r in records_of(ws) if r["资产编号"]}
    pc = rows["A-001"]
    assert (pc["账面数量"], pc["盘点数量"], pc["盘亏数量"], pc["盘盈数量"]) == (20, 19, 1, 0)
    assert Decimal(str(pc["盘亏金额"])) == Decimal("4300.00")
    assert pc["账面金额"] == 86000
    assert pc["差异原因"] == "1台借出未归还"
    chairs = rows["A-003"]
    assert (chairs["盘盈数量"], chairs["盘亏数量"], chairs["盘盈金额"]) == (1, 0, 1150)
    assert rows["A-005"]["盘点数量"] is None and rows["A-005"]["差异原因"] == "未盘点"
    assert rows["A-004"]["差异原因"] is None  # counted, no difference


def test_inventory_totals_are_formulas_and_it_has_signature_rows(tmp_path):
    out = built(tmp_path)
    ws = openpyxl.load_workbook(out / "资产盘点表.xlsx")["资产盘点表"]
    top = header_row(ws)
    headers = [c.value for c in ws[top]]
    total_row = next(r for r in ws.iter_rows(min_row=top + 1) if r[0].value == "合计")
    loss = total_row[headers.index("盘亏金额")].value
    letter = openpyxl.utils.get_column_letter(headers.index("盘亏金额") + 1)
    assert loss == f"=SUM({letter}{top + 1}:{letter}{total_row[0].row - 1})"
    texts = [c.value for row in ws.iter_rows(min_row=total_row[0].row + 1) for c in row if c.value]
    assert {"盘点人：", "审核人：", "负责人："} <= set(texts)


# ---------------------------------------------------------------------------- register


def test_category_totals_are_formulas_over_the_register_equal_to_a_hand_sum(tmp_path):
    out = built(tmp_path)
    path = out / "固定资产台账.xlsx"
    formulas = openpyxl.load_workbook(path)["分类汇总"]
    values = openpyxl.load_workbook(path, data_only=True)["分类汇总"]
    register = openpyxl.load_workbook(path)["固定资产台账"]
    top = header_row(register)
    last = top + len(ROWS)
    assert register.cell(last, 1).value == ROWS[-1][0] and register.cell(last + 1, 1).value == "合计"

    hand: dict[str, list] = {}
    for row in ROWS:
        entry = hand.setdefault(row[2], [0, 0, Decimal(0)])
        entry[0] += 1
        entry[1] += row[5]
        entry[2] += Decimal(str(row[6])) * row[5]
    head = header_row(formulas, "资产分类")
    seen = {}
    for r in range(head + 1, head + 1 + len(hand)):
        category = formulas.cell(r, 1).value
        assert formulas.cell(r, 2).value == f"=COUNTIF('固定资产台账'!$C${top + 1}:$C${last},A{r})"
        assert formulas.cell(r, 3).value == f"=SUMIF('固定资产台账'!$C${top + 1}:$C${last},A{r},'固定资产台账'!$F${top + 1}:$F${last})"
        assert formulas.cell(r, 4).value == f"=SUMIF('固定资产台账'!$C${top + 1}:$C${last},A{r},'固定资产台账'!$H${top + 1}:$H${last})"
        seen[category] = [values.cell(r, 2).value, values.cell(r, 3).value, Decimal(str(values.cell(r, 4).value))]
    assert seen == hand
    total_row = head + 1 + len(hand)
    assert formulas.cell(total_row, 1).value == "合计"
    assert formulas.cell(total_row, 4).value == f"=SUM(D{head + 1}:D{total_row - 1})"
    assert Decimal(str(values.cell(total_row, 4).value)) == sum(v[2] for v in hand.values())


def test_sheets_by_department_and_location_have_subtotal_formulas(tmp_path):
    out = built(tmp_path)
    book = openpyxl.load_workbook(out / "固定资产台账.xlsx")
    assert book.sheetnames == ["固定资产台账", "分类汇总", "按使用部门", "按存放地点", "闲置资产", "待报废", "低值易耗品"]
    values = openpyxl.load_workbook(out / "固定资产台账.xlsx", data_only=True)["按使用部门"]
    ws = book["按使用部门"]
    top = header_row(ws)
    subtotals = {ws.cell(r, 2).value: r for r in range(top + 1, ws.max_row + 1)
                 if str(ws.cell(r, 2).value or "").startswith(("小计", "合计"))}
    r = subtotals["小计：信息中心（5项）"]
    assert re.fullmatch(r"=SUBTOTAL\(9,H\d+:H\d+\)", ws.cell(r, 8).value)
    assert values.cell(r, 8).value == 20 * 4300 + 3 * 3200 + 2 * 5200 + 6 * 12800 + 6 * 5600.50
    grand = subtotals["合计"]
    assert ws.cell(grand, 8).value == f"=SUBTOTAL(9,H{top + 1}:H{grand - 1})"
    assert values.cell(grand, 8).value == pytest.approx(sum(row[5] * row[6] for row in ROWS))
    assert any(str(c.value).startswith("小计：机房") for c in book["按存放地点"]["B"])


def test_idle_scrap_and_low_value_lists_and_the_warnings(tmp_path):
    ws = workspace(tmp_path)
    result = run("assets", "-w", ws)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(ws / "outputs/固定资产/固定资产台账.xlsx")
    ids = {name: [r["资产编号"] for r in records_of(book[name]) if r["资产编号"] not in (None, "合计")]
           for name in ("闲置资产", "待报废", "低值易耗品")}
    # 文件柜 980 < 1000; 电子琴 1280 < 1500 for 专用设备; 办公桌椅 1150 is a fixed asset
    assert ids == {"闲置资产": ["A-006"], "待报废": ["A-002"], "低值易耗品": ["A-004", "A-005"]}
    assert "A-004 文件柜、A-005 电子琴共 2 项单价低于固定资产标准" in result.output
    assert "「B-003 会议桌」的验收人与保管人（使用人）是同一人（刘刚）" in result.output


# ---------------------------------------------------------------------------- acceptance


def test_one_acceptance_form_per_date_and_department_with_total_in_capitals(tmp_path):
    out = built(tmp_path)
    forms = sorted(p.name for p in (out / "资产验收单").iterdir())
    assert forms == ["2022-03-01 综合管理中心.docx", "2022-03-08 信息中心.docx"]
    rows = table_texts(out / "资产验收单/2022-03-08 信息中心.docx")
    items = [r for r in rows if r[1] in ("B-001", "B-002")]
    assert [r[4] for r in items] == ["6台", "6台"]
    assert [r[5] for r in items] == ["12,800.00", "5,600.50"]
    assert [r[6] for r in items] == ["76,800.00", "33,603.00"]
    total = next(r for r in rows if r[0] == "合计")
    figures = Decimal(total[-1].replace(",", ""))
    assert figures == Decimal("76800.00") + Decimal("33603.00")
    capitals = next(r for r in rows if r[0] == "合计金额（大写）")[-1]
    assert capitals == "人民币" + rmb_upper(figures) == "人民币壹拾壹万零肆佰零叁元整"
    text = all_text(out / "资产验收单/2022-03-08 信息中心.docx")
    assert "验收人（签字）：" in text and "保管人（签字）：刘刚" in text and "采购人（签字）：" in text
    assert "验收人不得由采购人或使用人（保管人）兼任" in text


def test_period_selects_acceptances_in_it(tmp_path):
    out = built(tmp_path, "--period", "2022-03-2")
    # 会议桌 accepted 3月20日 is in the second half of March; the 待验收 batch of 3月8日 always shows
    assert sorted(p.name for p in (out / "资产验收单").iterdir()) == [
        "2022-03-01 综合管理中心.docx", "2022-03-08 信息中心.docx"]
    ws2 = tmp_path / "b"
    ws2.mkdir()
    out2 = built(ws2, "--period", "2022-03-1")
    assert sorted(p.name for p in (out2 / "资产验收单").iterdir()) == ["2022-03-08 信息中心.docx"]
    ws3 = tmp_path / "c"
    ws3.mkdir()
    out3 = built(ws3, "--period", "2022-02")  # bought in March: not yet to accept in February
    assert not (out3 / "资产验收单").exists()


def test_a_bad_period_is_an_input_error(tmp_path):
    """The one period grammar's message, as `houqin hazards` gives it (pipeline/periods.py)."""
    ws = workspace(tmp_path)
    result = run("assets", "-w", ws, "--period", "三月")
    assert result.exit_code == 1
    assert result.output == (
        "错误：--period：无法识别的期间「三月」，应为 2022-03-1（上半月）、2022-03-2（下半月）、2022-03 或 202203"
        "（整月），也可写 2022年3月上半月\n共 1 处错误，未写入任何文件。请修改后重试。\n")
    assert not (ws / "outputs").exists()
    result = run("assets", "-w", ws, "--period", "2022-13")
    assert result.exit_code == 1
    assert "--period：无法识别的期间「2022-13」，月份应为 1–12" in result.output


@pytest.mark.parametrize("period", ["2022年3月下半月", "2022-03-2", "2022.03.2", "2022年3月-2"])
def test_the_period_is_written_as_for_every_command(tmp_path, period):
    """`houqin assets` accepts what `houqin hazards` accepts: the same half-month, the same forms."""
    out = built(tmp_path, "--period", period)
    assert sorted(p.name for p in (out / "资产验收单").iterdir()) == [
        "2022-03-01 综合管理中心.docx", "2022-03-08 信息中心.docx"]


@pytest.mark.parametrize("period", ["202203", "2022年3月", "2022-3"])
def test_a_whole_month_in_any_form_takes_the_whole_month(tmp_path, period):
    out = built(tmp_path, "--period", period)
    assert sorted(p.name for p in (out / "资产验收单").iterdir()) == [
        "2022-03-01 综合管理中心.docx", "2022-03-08 信息中心.docx"]
    register = openpyxl.load_workbook(out / "固定资产台账.xlsx").worksheets[0]
    assert "2022年3月" in str(register.cell(2, 1).value), register.cell(2, 1).value


def test_a_period_outside_the_term_is_refused_before_anything_is_written(tmp_path):
    ws = workspace(tmp_path)
    result = run("assets", "-w", ws, "--period", "202209")
    assert result.exit_code == 2, result.output
    assert "期间「2022年9月」（2022年9月1日至2022年9月30日）不在本学期" in result.output
    assert not (ws / "outputs").exists()


# ---------------------------------------------------------------------------- disposal


def test_disposal_form_lists_items_years_reason_and_total_in_capitals(tmp_path):
    out = built(tmp_path)
    rows = table_texts(out / "资产报废申请表.docx")
    item = next(r for r in rows if r[1] == "A-002")
    assert item[2] == "投影仪（X1）" and item[3] == "3台" and item[4] == "9,600.00"
    assert item[5] == years_in_use(dt.date(2014, 8, 15), dt.date(2022, 7, 1)) == "7年10个月"
    assert item[6] == "灯泡老化、亮度不足"
    assert next(r for r in rows if r[0] == "原值合计（大写）")[-1] == "人民币玖仟陆佰元整"
    text = all_text(out / "资产报废申请表.docx")
    assert "主管部门审批意见" in text and "学校意见" in text and "申请日期：2022年7月1日" in text


# ---------------------------------------------------------------------------- whole runs


def test_two_builds_are_byte_identical(tmp_path):
    a, b = built(tmp_path / "a"), built(tmp_path / "b")
    assert tree_hash(a) == tree_hash(b)


def test_sample_workspace_assets(tmp_path):
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    result = run("assets", "-w", tmp_path)
    assert result.exit_code == 0, result.output
    out = tmp_path / "outputs/固定资产"
    assert (out / "固定资产台账.xlsx").is_file() and (out / "资产盘点表.xlsx").is_file()
    assert (out / "资产报废申请表.docx").is_file()
    forms = sorted(p.name for p in (out / "资产验收单").iterdir())
    assert "2022-03-24 食堂.docx" in forms and "2022-03-28 综合管理中心.docx" in forms
    rows = table_texts(out / "资产验收单/2022-03-24 食堂.docx")
    total = Decimal(next(r for r in rows if r[0] == "合计")[-1].replace(",", ""))
    assert total == Decimal("5200") + Decimal("2600") + Decimal("7800")
    inventory = openpyxl.load_workbook(out / "资产盘点表.xlsx", data_only=True)["资产盘点表"]
    cameras = next(r for r in records_of(inventory) if r["资产编号"] == "XJ-2016-004")
    assert (cameras["盘亏数量"], cameras["盘亏金额"]) == (1, 680)


def test_acceptance_form_converts_to_pdf_with_its_chinese_text(tmp_path, soffice, poppler):
    from pipeline.pdf.soffice import convert

    out = built(tmp_path)
    (pdf,) = convert([out / "资产验收单/2022-03-08 信息中心.docx"], tmp_path / "pdf")
    text = subprocess.run([poppler[0], str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    assert "固定资产验收单" in compact and "交互式一体机" in compact
    assert "人民币壹拾壹万零肆佰零叁元整" in compact and "—1—" in compact


# ---------------------------------------------------------------------------- totals that add up (#15)


def _formula_range(formula: str) -> tuple[int, int]:
    match = re.fullmatch(r"=(?:SUBTOTAL\(9,|SUM\()([A-Z]+)(\d+):\1(\d+)\)", formula)
    assert match, formula
    return int(match[2]), int(match[3])


def test_every_register_sheet_has_one_grand_total_over_its_data_rows_equal_to_the_input_sum(tmp_path):
    out = built(tmp_path)
    book = openpyxl.load_workbook(out / "固定资产台账.xlsx")
    cached = openpyxl.load_workbook(out / "固定资产台账.xlsx", data_only=True)
    everything = (sum(row[5] for row in ROWS), sum(Decimal(str(row[5] * row[6])) for row in ROWS))
    for name in ("固定资产台账", "按使用部门", "按存放地点"):
        ws = book[name]
        top = header_row(ws)
        grand = [r for r in range(top + 1, ws.max_row + 1)
                 if "合计" in [ws.cell(r, c).value for c in range(1, 3)]]
        assert len(grand) == 1, (name, grand)  # no generic 合计 beside the subtotals
        (g,) = grand
        for column, expected in zip(("F", "H"), everything, strict=True):
            formula = ws[f"{column}{g}"].value
            assert _formula_range(formula) == (top + 1, g - 1), (name, formula)
            if name != "固定资产台账":
                assert formula.startswith("=SUBTOTAL(9,")  # skips the 小计 rows in its range
            assert Decimal(str(cached[name][f"{column}{g}"].value)) == expected, name


def test_grouped_subtotals_add_up_to_the_grand_total_and_each_covers_its_group(tmp_path):
    out = built(tmp_path)
    ws = openpyxl.load_workbook(out / "固定资产台账.xlsx")["按使用部门"]
    top = header_row(ws)
    rows = list(ws.iter_rows(min_row=top + 1, values_only=True))
    subtotal_rows = [top + 1 + i for i, r in enumerate(rows) if str(r[1] or "").startswith("小计")]
    covered = []
    for r in subtotal_rows:
        lo, hi = _formula_range(ws[f"H{r}"].value)
        assert hi == r - 1
        covered += range(lo, hi + 1)
    data = [top + 1 + i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith(("A-", "B-"))]
    assert sorted(covered) == data  # every asset in exactly one 小计


def test_notes_under_the_tables_say_the_register_includes_scrapped_assets_and_the_inventory_not(tmp_path):
    rows = [*ROWS, asset("C-001", "复印机", quantity=1, price=9000, state="已报废", counted=None)]
    ws = workspace(tmp_path, rows)
    assert run("assets", "-w", ws).exit_code == 0
    out = ws / "outputs/固定资产"
    register = openpyxl.load_workbook(out / "固定资产台账.xlsx")
    for name in ("固定资产台账", "按使用部门", "按存放地点", "分类汇总"):
        texts = [c.value for row in register[name].iter_rows() for c in row if isinstance(c.value, str)]
        (note,) = [t for t in texts if t.startswith("注：合计含已报废资产 1 项（数量 1台，金额 9,000.00 元")]
        # only a sheet that shows the 已报废 rows grey points at grey rows (#15)
        assert ("灰色行" in note) == (name != "分类汇总"), (name, note)
    inventory = openpyxl.load_workbook(out / "资产盘点表.xlsx", data_only=True)["资产盘点表"]
    texts = [c.value for row in inventory.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("注：已报废资产 1 项（数量 1台，金额 9,000.00 元）已不在账面") for t in texts)
    assert "C-001" not in [r["资产编号"] for r in records_of(inventory)]
    total = next(r for r in records_of(inventory) if r["资产编号"] == "合计")
    assert total["账面数量"] == sum(row[5] for row in ROWS)  # 已报废 left out of 账面


def test_without_scrapped_assets_there_is_no_note(tmp_path):
    out = built(tmp_path)
    ws = openpyxl.load_workbook(out / "固定资产台账.xlsx")["固定资产台账"]
    assert not any(str(c.value).startswith("注：") for row in ws.iter_rows() for c in row if c.value)


@pytest.mark.libreoffice
def test_sample_register_totals_recomputed_by_libreoffice_equal_the_input_sum(tmp_path, soffice):
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    assert run("assets", "-w", tmp_path).exit_code == 0
    source = openpyxl.load_workbook(ROOT / "inputs/固定资产.xlsx").worksheets[0]
    table = list(source.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(table) if r and "资产编号" in r)
    names = table[top]
    assets = [dict(zip(names, r, strict=False)) for r in table[top + 1:] if r and r[0]]
    per_unit: dict[str, int] = {}
    for a in assets:
        per_unit[a["计量单位"]] = per_unit.get(a["计量单位"], 0) + a["数量"]
    amount = sum(Decimal(str(a["金额"])) for a in assets)
    assert (sum(per_unit.values()), amount) == (4358, Decimal("3093820"))  # the sample's real figures
    assert per_unit["册"] == 3200  # books: 4358 would add 3,200册 to 台/套/具 (#15)
    recalculated = tmp_path / "recalc"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "xlsx", "--outdir", str(recalculated),
                    str(tmp_path / "outputs/固定资产/固定资产台账.xlsx")], check=True, capture_output=True,
                   timeout=180)
    book = openpyxl.load_workbook(recalculated / "固定资产台账.xlsx", data_only=True)
    for name in ("固定资产台账", "按使用部门", "按存放地点"):
        ws = book[name]
        (g,) = [r for r in range(1, ws.max_row + 1) if "合计" in (ws.cell(r, 1).value, ws.cell(r, 2).value)]
        # unlike units are not summed: no 数量 in the 合计 row, the note gives it per unit
        assert ws.cell(g, 6).value is None and Decimal(str(ws.cell(g, 8).value)) == amount, name
        notes = [str(ws.cell(r, 1).value) for r in range(g + 1, ws.max_row + 1) if ws.cell(r, 1).value]
        (note,) = [n for n in notes if n.startswith("注：不同计量单位的数量不相加")]
        assert all(f"{q:,}{unit}" in note for unit, q in per_unit.items()), (name, note)


# ---------------------------------------------------------------------------- forms on one page (#15)


def test_acceptance_numbers_run_per_year_and_do_not_depend_on_the_period(tmp_path):
    out = built(tmp_path)
    numbers = {}
    for form in sorted((out / "资产验收单").iterdir()):
        rows = table_texts(form)
        numbers[form.name] = next(r[1] for r in rows if r[0] == "验收单号")
    # every batch of the data is numbered by date within its year: 2021-09-01 信息中心 is
    # YS-2021-001, 2021-09-01 综合管理中心 YS-2021-002 …; 2022: 3月1日 first, 3月8日 second
    assert numbers == {"2022-03-01 综合管理中心.docx": "YS-2022-001", "2022-03-08 信息中心.docx": "YS-2022-002"}
    other = tmp_path / "p"
    other.mkdir()
    out2 = built(other, "--period", "2022-03-1")  # only the 3月8日 batch: it keeps its number
    (form,) = (out2 / "资产验收单").iterdir()
    assert next(r[1] for r in table_texts(form) if r[0] == "验收单号") == "YS-2022-002"


def _ten_items(tmp_path: Path) -> Path:
    """Ten items in one acceptance and ten for disposal, at the sample's text lengths."""
    models = ["联想 ThinkPad E14", "联想 启天M4500", "海康威视 DS-2CD3T46", "联想 ThinkPad T14s", "惠普 M405dn",
              "希沃 MC86FEA", "戴尔 OptiPlex 7090", "爱普生 CB-X05", "格力 KFR-35GW", "华为 MateBook 14"]
    names = ["笔记本电脑", "台式电脑", "监控摄像头", "笔记本电脑", "激光打印机", "交互式一体机", "台式电脑",
             "投影仪", "挂式空调", "笔记本电脑"]
    reasons = ["使用已满9年，频繁卡纸，配件停产无法维修", "压缩机损坏，维修费用超过原值50%",
               "灯泡老化、亮度不足，已由一体机替代", "使用年限已满，主板老化，运行缓慢"]
    rows = []
    for i in range(10):
        rows.append(asset(f"XJ-2022-{i + 11:03d}", names[i], quantity=i + 1, price=4300 + 100 * i,
                          acquired=D(2022, 3, 8), accepted=None, acceptor=None, state="待验收", keeper="刘刚",
                          department="综合管理中心", place="善真楼三楼信息中心机房", model=models[i]))
        rows.append(asset(f"XJ-2014-{i + 1:03d}", names[i], quantity=i + 2, price=3200, state="待报废",
                          acquired=D(2014, 8, 15), remarks=reasons[i % 4], model=models[i]))
    ws = workspace(tmp_path, rows)
    (ws / "houqin.toml").write_text(TOML.replace('"测试小学"', '"常州市新北区薛家实验小学"')
                                    + '[people]\nfiller = "朱志刚"\n', encoding="utf-8")
    result = run("assets", "-w", ws)
    assert result.exit_code == 0, result.output
    return ws / "outputs/固定资产"


@pytest.mark.libreoffice
def test_disposal_and_acceptance_with_ten_items_are_one_page_each(tmp_path, soffice, poppler):
    from pipeline.pdf.soffice import convert

    out = _ten_items(tmp_path)
    acceptance = out / "资产验收单/2022-03-08 综合管理中心.docx"
    items = [r for r in table_texts(acceptance) if r[1].startswith("XJ-2022-")]
    assert len(items) == 10
    # a model number's hyphens do not break a line (U+2011), so DS-/2CD3T46 cannot happen
    assert items[2][3] == "海康威视 DS\u20112CD3T46"
    pdfs = convert([out / "资产报废申请表.docx", acceptance], tmp_path / "pdf")
    pdfinfo = shutil.which("pdfinfo") or pytest.skip("pdfinfo (poppler) is not installed")
    wholes = {"资产报废申请表.pdf": ("ThinkPad", "XJ-2014-001", "XJ-2014-010", "MateBook", "OptiPlex"),
              "2022-03-08 综合管理中心.pdf": ("ThinkPad", "XJ-2022-011", "XJ-2022-020", "MateBook", "OptiPlex",
                                             "DS-2CD3T46", "KFR-35GW", "交互式一体机", "序号")}
    for pdf in pdfs:
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Pages:\s+1$", info, re.M), (pdf.name, info)
        text = subprocess.run([poppler[0], "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        words = text.split()
        # model numbers and asset numbers whole on one line, never ThinkPa / d
        for whole in wholes[pdf.name]:
            assert whole in words or any(whole in w for w in words), (pdf.name, whole)
    disposal = subprocess.run([poppler[0], str(pdfs[0]), "-"], capture_output=True, text=True).stdout
    assert "主管部门审批意见" in "".join(disposal.split())  # the approval on the page of the list
