"""物品领用: the stock rule (below zero on its date, never received), the monthly 登记表, the
出入库台账's formulas and the 期末盘库表, recomputed by LibreOffice; page budgets; rebuilds."""

import subprocess
from fnmatch import fnmatch
from pathlib import Path

import docx
import openpyxl
from helpers import TERM_SETTINGS, copy_sample, docx_text, run_cli, tree_hash, write_xlsx

run = run_cli
FILE = "物品领用.xlsx"
RECEIPT_HEADER = ["日期", "物品名称", "规格", "单位", "数量", "单价", "供货单位", "经手人"]
REQUISITION_HEADER = ["日期", "领用部门", "物品名称", "规格", "数量", "领用人", "用途", "以旧换新"]
OPENING_HEADER = ["物品名称", "规格", "单位", "数量", "单价"]
PAPER = ("A4复印纸", "70g")
RECEIPTS = [
    ["2022-03-10", *PAPER, "包", 10, 22, "晨光文具", "刘刚"],
    ["2022-03-01", "拖把", "1.2m", "把", 4, 25, "三江清洁", "刘刚"],
]
REQUISITIONS = [  # rows 3.. of the sheet (a title row, then the header)
    ["2022-03-05", "三年级组", *PAPER, 4, "杨洁", "试卷印制", "否"],       # row 3: 5 → 1
    ["2022-03-08", "四年级组", *PAPER, 3, "黄丽", "试卷印制", "否"],       # row 4: only 1 on 3月8日
    ["2022-03-10", "五年级组", *PAPER, 8, "朱红", "试卷印制", "否"],       # row 5: the receipt of the day counts
    ["2022-03-14", "保洁组", "拖把", "1.2m", 1, "陈桂芳", "走廊保洁", "是"],  # row 6
    ["2022-04-06", "保洁组", "拖把", "1.2m", 2, "周秀英", "楼梯保洁", "是"],  # row 7
]
OPENING = [[*PAPER, "包", 5, 22]]


def workspace(tmp_path: Path, receipts=RECEIPTS, requisitions=REQUISITIONS, opening=OPENING) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "houqin.toml").write_text(TERM_SETTINGS, encoding="utf-8")
    write_xlsx(tmp_path / "inputs" / FILE, [["物品入库登记"], RECEIPT_HEADER, *receipts], sheet="入库",
               more_sheets={"领用": [["物品领用登记"], REQUISITION_HEADER, *requisitions],
                            "期初": [OPENING_HEADER, *opening]})
    return tmp_path


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("错误：物品领用.xlsx")]


def test_a_requisition_taking_stock_below_zero_is_located_with_the_stock_on_its_date(tmp_path):
    ws = workspace(tmp_path)
    result = run("supplies", "-w", ws)
    assert result.exit_code == 1, result.output
    assert errors(result.output) == [
        "错误：物品领用.xlsx › 领用 › 第4行 › 数量：领用「A4复印纸（70g）」3包后库存将为负数：2022年3月8日库存只有1包；"
        "请核对领用数量，或补记此前的入库"]
    assert not (ws / "outputs").exists()  # nothing written


def test_every_such_row_at_once_and_a_row_that_fits_is_not_blamed_for_an_earlier_one(tmp_path):
    rows = [*REQUISITIONS, ["2022-03-02", "保洁组", "拖把", "1.2m", 5, "陈桂芳", "走廊保洁", "是"]]
    result = run("check", "-w", workspace(tmp_path, requisitions=rows))
    assert result.exit_code == 1
    found = errors(result.output)
    assert len(found) == 2, result.output
    assert "第4行 › 数量" in found[0] and "2022年3月8日库存只有1包" in found[0]
    # 拖把: 4 received on 3月1日; 5 on 3月2日 is too many, the 1 and 2 after it still fit (4 → 3 → 1)
    assert "第8行 › 数量" in found[1] and "2022年3月2日库存只有4把" in found[1]


def test_an_item_never_received_and_not_in_opening_stock_is_an_error(tmp_path):
    rows = [*REQUISITIONS[:1], ["2022-03-07", "综合管理中心", "订书机", "", 1, "刘刚", "文印室", "否"],
            ["2022-03-09", "二年级组", "A4复印纸", "80g", 1, "王芳", "试卷印制", "否"]]
    result = run("supplies", "-w", workspace(tmp_path, requisitions=rows))
    assert result.exit_code == 1
    assert errors(result.output) == [
        "错误：物品领用.xlsx › 领用 › 第4行 › 物品名称：领用的「订书机」既不在期初，也从未入库（2022年3月7日库存为 0）",
        "错误：物品领用.xlsx › 领用 › 第5行 › 物品名称：领用的「A4复印纸（80g）」既不在期初，也从未入库（2022年3月9日库存为 0）"
        "；入库或期初中有规格为「70g」的同名物品，请核对规格"]


def test_received_only_after_the_requisition_is_below_zero_on_its_date(tmp_path):
    rows = [["2022-02-28", "保洁组", "拖把", "1.2m", 1, "陈桂芳", "走廊保洁", "是"]]
    result = run("supplies", "-w", workspace(tmp_path, requisitions=rows))
    assert result.exit_code == 1
    assert "第3行 › 数量：领用「拖把（1.2m）」1把后库存将为负数：2022年2月28日库存只有0把" in result.output


def good(tmp_path: Path) -> Path:
    return workspace(tmp_path, requisitions=[REQUISITIONS[0], REQUISITIONS[2], *REQUISITIONS[3:]])


def test_monthly_register_lists_each_requisition_with_a_blank_signature_column(tmp_path):
    ws = good(tmp_path)
    result = run("supplies", "-w", ws)
    assert result.exit_code == 0, result.output
    folder = ws / "outputs/物品领用/物品领用登记表"
    assert sorted(p.name for p in folder.iterdir()) == ["2022年3月 物品领用登记表.docx", "2022年4月 物品领用登记表.docx"]
    march = folder / "2022年3月 物品领用登记表.docx"
    text = docx_text(march)
    assert "2022年3月" in text and "本月共领用 3 次，其中以旧换新 1 次（交回旧物后领用）。" in text
    assert "领用最多的是A4复印纸（70g）12包。" in text and "日期：2022年3月14日" in text
    tables = docx.Document(str(march)).tables
    header = [c.text for c in tables[0].rows[0].cells]
    assert header[-2:] == ["领用人", "领用人签名"]
    rows = [[c.text for c in row.cells] for row in tables[0].rows][1:-1]
    assert [r[1] for r in rows] == ["3月5日", "3月10日", "3月14日"]
    assert rows[2][3:9] == ["拖把", "1.2m", "1把", "走廊保洁", "☑", "陈桂芳"]
    assert all(r[-1] == "" for r in rows)  # signed by hand
    # the count and the signatures close the table, in its last row (one cell across)
    assert tables[0].rows[-1].cells[0].text.split("\n")[-1] == "经办人：朱志刚\t审核人：周静\t日期：2022年3月14日"


def test_ledger_balances_are_formulas_over_its_detail_sheets(tmp_path):
    ws = good(tmp_path)
    assert run("supplies", "-w", ws).exit_code == 0
    book = openpyxl.load_workbook(ws / "outputs/物品领用/物品出入库台账.xlsx")
    assert book.sheetnames == ["出入库汇总", "入库明细", "领用明细"]
    sheet = book["出入库汇总"]
    header = [c.value for c in sheet[3]]
    assert header[:8] == ["序号", "物品名称", "规格", "单位", "期初数量", "本期入库", "本期领用", "期末结存"]
    assert [sheet.cell(4, i).value for i in (2, 3, 5)] == ["A4复印纸", "70g", 5]
    assert sheet["F4"].value == "=SUMIF('入库明细'!$C$4:$C$5,K4,'入库明细'!$E$4:$E$5)"
    assert sheet["G4"].value == "=SUMIF('领用明细'!$D$4:$D$7,K4,'领用明细'!$F$4:$F$7)"
    assert sheet["H4"].value == "=E4+F4-G4" and sheet["H5"].value == "=E5+F5-G5"
    assert sheet["J4"].value == '=IF(I4="","",H4*I4)'
    assert sheet["K4"].value == "A4复印纸（70g）" and sheet.column_dimensions["K"].hidden
    assert book["入库明细"]["G4"].value == '=IF(F4="","",E4*F4)'


def test_stocktake_leaves_the_count_blank_and_works_out_the_difference(tmp_path):
    ws = good(tmp_path)
    assert run("supplies", "-w", ws).exit_code == 0
    sheet = openpyxl.load_workbook(ws / "outputs/物品领用/期末盘库表.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:7] == ("序号", "物品名称", "规格", "单位", "账面数量", "实盘数量", "差异")
    assert rows[3][1:6] == ("A4复印纸", "70g", "包", 3, None)  # 5 + 10 − 4 − 8
    assert rows[4][1:6] == ("拖把", "1.2m", "把", 1, None)  # 4 − 1 − 2
    assert sheet["G4"].value == '=IF(F4="","",F4-E4)'
    footer = [c for row in rows for c in row if isinstance(c, str)]
    assert "盘点人：" in footer and "审核人：" in footer


def test_libreoffice_recomputes_the_balances_and_the_differences(tmp_path, soffice):
    from test_layout import recompute

    ws = good(tmp_path / "ws")
    assert run("supplies", "-w", ws).exit_code == 0
    ledger = ws / "outputs/物品领用/物品出入库台账.xlsx"
    stocktake = ws / "outputs/物品领用/期末盘库表.xlsx"
    filled = openpyxl.load_workbook(stocktake)  # the counts as the office writes them in
    filled.active["F4"], filled.active["F5"] = 2, 1
    counted = tmp_path / "counted.xlsx"
    filled.save(counted)
    # a receipt corrected by hand in the detail sheet moves the balance
    edited = openpyxl.load_workbook(ledger)
    detail = edited["入库明细"]
    (row,) = [r for r in range(4, 6) if detail.cell(r, 3).value == "A4复印纸（70g）"]
    detail.cell(row, 5).value = 12
    changed = tmp_path / "changed.xlsx"
    edited.save(changed)
    again = recompute([ledger, counted, changed], tmp_path / "lo")
    summary = openpyxl.load_workbook(again[ledger], data_only=True)["出入库汇总"]
    assert [[summary.cell(r, c).value for c in range(5, 11)] for r in (4, 5)] == [
        [5, 10, 12, 3, 22, 66], [0, 4, 3, 1, 25, 25]]
    assert summary.cell(6, 10).value == 91  # 合计 of 结存金额
    diff = openpyxl.load_workbook(again[counted], data_only=True).active
    assert (diff["G4"].value, diff["G5"].value, diff["G6"].value) == (-1, 0, None)
    moved = openpyxl.load_workbook(again[changed], data_only=True)["出入库汇总"]
    assert (moved["F4"].value, moved["H4"].value, moved["J4"].value) == (12, 5, 110)


def test_two_builds_are_byte_identical(tmp_path):
    one, two = good(tmp_path / "a"), good(tmp_path / "b")
    assert run("supplies", "-w", one, "-q").exit_code == 0
    assert run("supplies", "-w", two, "-q").exit_code == 0
    assert tree_hash(one / "outputs/物品领用") == tree_hash(two / "outputs/物品领用")
    assert len(tree_hash(one / "outputs/物品领用")) == 4


def test_sample_term_has_receipts_requisitions_trade_ins_and_opening_stock(tmp_path):
    from pipeline.reading.loader import load_inputs

    inputs = load_inputs(copy_sample(tmp_path / "ws"), only=["物品领用"])
    receipts, taken = inputs.records("物品领用", "入库"), inputs.records("物品领用", "领用")
    assert 25 <= len(receipts) <= 35 and 70 <= len(taken) <= 90
    assert inputs.records("物品领用", "期初") and sum(1 for r in taken if r["以旧换新"]) >= 5


def test_sample_documents_keep_their_page_budgets(tmp_path, soffice):
    from pipeline.kinds import registry

    ws = copy_sample(tmp_path / "ws")
    assert run("supplies", "-w", ws, "-q").exit_code == 0
    outputs = ws / "outputs"
    files = sorted(p for p in (outputs / "物品领用").rglob("*") if p.suffix in (".docx", ".xlsx"))
    pdfs = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(pdfs), *map(str, files)],
                   check=True, capture_output=True, timeout=600)
    papers = registry()["supplies"].paper
    over = []
    for file in files:
        rel = file.relative_to(outputs).with_suffix(".pdf").as_posix()
        budget = next(p for p in papers if fnmatch(rel, p.pattern))
        info = subprocess.run(["pdfinfo", str(pdfs / f"{file.stem}.pdf")], capture_output=True, text=True,
                              check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        last = subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), str(pdfs / f"{file.stem}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        if pages > budget.pages:
            over.append(f"{rel}: {pages} 页 > {budget.pages}")
        lines = [line for line in last.splitlines() if line.strip()]
        if file.suffix == ".docx" and len(lines) < 8:  # a row of the table, not the signatures alone
            over.append(f"{rel}: 最后一页只有 {lines}")
    assert not over, over


def test_a_row_with_an_unreadable_item_is_reported_once_and_units_that_differ_are_a_warning(tmp_path):
    receipts = [*RECEIPTS, ["2022-03-20", *PAPER, "箱", 2, 220, "晨光文具", "刘刚"]]
    rows = [*REQUISITIONS[:1], ["2022-03-07", "综合管理中心", None, "", 1, "刘刚", "文印室", "否"]]
    result = run("check", "-w", workspace(tmp_path, receipts=receipts, requisitions=rows))
    assert result.exit_code == 1
    assert errors(result.output) == ["错误：物品领用.xlsx › 领用 › 第4行 › 物品名称：必填，不能为空"]
    assert ("警告：物品领用.xlsx › 入库 › 第5行 › 单位：「A4复印纸（70g）」的单位「箱」与期初第2行的「包」不同，"
            "数量会被直接相加；请统一计量单位（如把箱换算成包）") in result.output


def test_two_receivers_separated_by_a_comma_are_printed_with_the_list_mark(tmp_path):
    rows = [REQUISITIONS[0], ["2022-03-10", "五年级组", *PAPER, 8, "杨洁，李娜", "试卷印制", "否"], *REQUISITIONS[3:]]
    ws = workspace(tmp_path, requisitions=rows)
    result = run("supplies", "-w", ws)
    assert result.exit_code == 0, result.output
    tables = docx.Document(str(ws / "outputs/物品领用/物品领用登记表/2022年3月 物品领用登记表.docx")).tables
    rows = [[c.text for c in row.cells] for row in tables[0].rows][1:-1]
    assert [r[-2] for r in rows] == ["杨洁", "杨洁、李娜", "陈桂芳"]
    detail = openpyxl.load_workbook(ws / "outputs/物品领用/物品出入库台账.xlsx")["领用明细"]
    assert [detail.cell(r, 7).value for r in (4, 5)] == ["杨洁", "杨洁、李娜"]


def test_a_spec_differing_only_in_spaces_is_the_same_item_named_as_first_typed(tmp_path):
    receipts = [["2022-03-01", "A4复印纸", "70g  500张/包", "包", 10, 22, "晨光文具", "刘刚"],
                ["2022-03-01", "拖把", "棉线1.2m", "把", 4, 25, "三江清洁", "刘刚"]]
    rows = [["2022-03-05", "三年级组", "A4复印纸", "70g 500张/包", 4, "杨洁", "试卷印制", "否"],
            ["2022-03-14", "保洁组", "拖把", "棉线 1.2m", 1, "陈桂芳", "走廊保洁", "是"],
            ["2022-03-15", "保洁组", "拖 把", "棉线１.２m", 3, "陈桂芳", "走廊保洁", "是"]]
    ws = workspace(tmp_path, receipts=receipts, requisitions=rows, opening=[])
    result = run("supplies", "-w", ws)
    assert result.exit_code == 0, result.output
    march = ws / "outputs/物品领用/物品领用登记表/2022年3月 物品领用登记表.docx"
    tables = docx.Document(str(march)).tables
    register = [[c.text for c in row.cells] for row in tables[0].rows][1:-1]
    assert [r[3:5] for r in register] == [["A4复印纸", "70g  500张/包"], ["拖把", "棉线1.2m"], ["拖把", "棉线1.2m"]]
    stock = openpyxl.load_workbook(ws / "outputs/物品领用/期末盘库表.xlsx").active
    rows = list(stock.iter_rows(values_only=True))
    assert [r[1:5] for r in rows[3:5]] == [("A4复印纸", "70g  500张/包", "包", 6), ("拖把", "棉线1.2m", "把", 0)]


def test_two_opening_rows_of_one_item_spelled_apart_are_an_error(tmp_path):
    opening = [[*PAPER, "包", 5, 22], ["A4复印纸", "70 g", "包", 2, 22]]
    result = run("check", "-w", workspace(tmp_path, opening=opening))
    assert ("错误：物品领用.xlsx › 期初 › 第3行 › 物品名称：物品名称、规格「A4复印纸 / 70 g」与第2行的「A4复印纸 / 70g」"
            "只差空格或全角半角，是同一种物品，期初中重复；请合并为一行") in result.output
