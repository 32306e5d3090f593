"""The reader on real messy .xlsx and .csv files written here, as schools make them."""

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from pipeline.errors import InputError
from pipeline.kinds.hazards.inputs import HAZARDS
from pipeline.reading.loader import load_inputs
from pipeline.reading.records import ReadContext, read_table
from pipeline.reading.sheets import read_grids
from pipeline.settings import Settings

TERM = '[term]\nyear = "2021—2022"\nterm = 2\nstart = 2022-02-14\nend = 2022-07-01\n'


def workspace(tmp_path: Path, settings: str = TERM) -> Path:
    (tmp_path / "inputs").mkdir(parents=True, exist_ok=True)
    (tmp_path / "houqin.toml").write_text(settings, encoding="utf-8")
    return tmp_path


def errors_of(tmp_path: Path) -> list[str]:
    with pytest.raises(InputError) as err:
        load_inputs(tmp_path)
    return [str(p) for p in err.value.errors]


HAZARD_HEADER = ["排查时间", "隐患部位", "隐患类别", "隐患内容", "发现人", "责任人"]


def test_title_rows_merged_title_aliases_and_shuffled_columns(tmp_path):
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/隐患排查.xlsx", [
        ["薛家实验小学安全隐患排查记录"],
        ["填表人：朱志刚", None, None, "2022年3月"],
        [],
        ["责任人", "隐患内容", "排查时间", "隐患部位", "发现人", "隐患类别", "风险等级", "金额（元）"],
        ["谢丰", "消防栓门板损坏", "2022.3.5", "沛学楼三楼", "朱志刚", "消防", None, 5],
        [None] * 8,
        ["刘伟", "应急灯不亮", 44630, "善真楼一楼", "朱志刚", "用电安全", "较大", None],
        ["刘伟", "插座松动", "２０２２年３月１１日", "食堂", "周静", "用电", "较大隐患", None],
    ], sheet="三月", merges=["A1:H1"])
    inputs = load_inputs(ws)
    records = inputs.records("隐患排查")
    assert [r["检查日期"] for r in records] == [dt.date(2022, 3, 5), dt.date(2022, 3, 10), dt.date(2022, 3, 11)]
    assert [r["隐患类别"] for r in records] == ["消防", "用电", "用电"]
    assert [r["风险等级"] for r in records] == ["一般", "较大", "较大"]
    assert [r["整改状态"] for r in records] == ["未整改"] * 3
    assert [r.where.row for r in records] == [5, 7, 8]
    assert [str(w) for w in inputs.warnings] == ["隐患排查.xlsx › 三月 › 第4行 › 金额（元）：未识别的列「金额（元）」，已忽略"]


def test_merged_cells_in_the_data_fill_every_row(tmp_path):
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/隐患排查.xlsx", [
        HAZARD_HEADER,
        ["2022-03-05", "沛学楼一楼", "消防", "灭火器过期", "朱志刚", "谢丰"],
        [None, "沛学楼二楼", "消防", "灭火器过期", None, "谢丰"],
    ], merges=["A2:A3", "E2:E3"])
    records = load_inputs(ws).records("隐患排查")
    assert [r["检查日期"] for r in records] == [dt.date(2022, 3, 5)] * 2
    assert [r["排查人"] for r in records] == ["朱志刚"] * 2


def test_the_located_message_names_file_sheet_row_column_value_and_expectation(tmp_path):
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/隐患排查.xlsx", [
        ["安全隐患排查记录"],
        HAZARD_HEADER,
        ["2022-03-05", "沛学楼", "消防", "x", "朱志刚", "谢丰"],
        ["2022-03-06", "沛学楼", "消防", "x", "朱志刚", "谢丰"],
        ["2022-03-07", "沛学楼", "消防", "x", "朱志刚", "谢丰"],
        ["下周三", "沛学楼", "消防", "x", "朱志刚", "谢丰"],
        ["2022-02-30", "沛学楼", "火灾", "x", "朱志刚", None],
    ], sheet="隐患排查记录")
    assert errors_of(ws) == [
        "隐患排查.xlsx › 隐患排查记录 › 第6行 › 排查时间：无法识别的日期「下周三」，应为 2022-03-05 或 2022年3月5日",
        "隐患排查.xlsx › 隐患排查记录 › 第7行 › 排查时间：不存在的日期「2022-02-30」，应为 2022-03-05 或 2022年3月5日",
        "隐患排查.xlsx › 隐患排查记录 › 第7行 › 隐患类别：不是可选的值「火灾」，应为 "
        "校舍建筑、消防、用电、设施设备、食品卫生、交通校车、危化品实验室、安保监控、校园周边、其他",
        "隐患排查.xlsx › 隐患排查记录 › 第7行 › 责任人：必填，不能为空",
    ]


def test_missing_required_column_and_duplicate_header(tmp_path):
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/隐患排查.xlsx", [
        ["检查日期", "日期", "检查部位", "隐患类别", "隐患描述", "排查人"],
        ["2022-03-05", "2022-03-05", "沛学楼", "消防", "x", "朱志刚"],
    ], sheet="记录")
    assert errors_of(ws) == [
        "隐患排查.xlsx › 记录 › 第1行 › 日期：重复的列：「日期」与「检查日期」都表示 检查日期，请删除或改名其中一列",
        "隐患排查.xlsx › 记录 › 第1行：缺少必填列「整改责任人」（也可写作 责任人）",
    ]


def test_header_must_be_within_ten_rows(tmp_path):
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/隐患排查.xlsx", [["说明"]] * 10 + [HAZARD_HEADER], sheet="记录")
    assert errors_of(ws) == [
        "隐患排查.xlsx › 记录：前10行中没有找到表头；表头应包含 检查日期、检查部位、隐患类别、隐患描述、排查人、整改责任人 等列"
    ]


def test_formula_without_cached_value_says_open_and_save(tmp_path):
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/固定资产.xlsx", [
        ["资产编号", "资产名称", "数量", "单价", "金额"],
        ["XJ-001", "空调", 2, 3000, "=C2*D2"],
    ])
    assert errors_of(ws) == [
        "固定资产.xlsx › Sheet1 › 第2行 › 金额：公式没有计算结果（文件可能由程序生成、从未在 Excel 中打开）；"
        "请在 Excel/WPS 中打开该文件并保存一次"
    ]


def test_formula_with_cached_value_is_read(tmp_path):
    """A workbook saved by Excel keeps both the formula and its value; the value is used."""
    ws = workspace(tmp_path)
    path = write_xlsx(ws / "inputs/固定资产.xlsx", [
        ["资产编号", "资产名称", "数量", "单价", "金额"],
        ["XJ-001", "空调", 2, 3000, "=C2*D2"],
    ])
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("<f>C2*D2</f><v></v>", "<f>C2*D2</f><v>6000</v>").replace(
        "<f>C2*D2</f><v />", "<f>C2*D2</f><v>6000</v>").encode()
    assert b"<v>6000</v>" in parts["xl/worksheets/sheet1.xml"]
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    assert load_inputs(ws).records("固定资产")[0]["金额"] == Decimal("6000.00")


def test_gbk_csv_with_shuffled_columns(tmp_path):
    ws = workspace(tmp_path)
    text = "姓名,日期,岗位,到岗情况\n王秀英,2022/3/7,门卫,到岗\n陈美玲,2022年3月8日,楼层值日,请假\n"
    (ws / "inputs/值日安排.csv").write_bytes(text.encode("gbk"))
    records = load_inputs(ws).records("值日安排")
    assert [(r["姓名"], r["日期"], r["到岗情况"]) for r in records] == [
        ("王秀英", dt.date(2022, 3, 7), "到岗"), ("陈美玲", dt.date(2022, 3, 8), "请假")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_encodings(tmp_path, encoding):
    ws = workspace(tmp_path)
    text = "日期\t岗位\t姓名\n2022-03-07\t护学岗\t王秀英\n"
    (ws / "inputs/值日安排.csv").write_bytes(text.encode(encoding))
    assert load_inputs(ws).records("值日安排")[0]["姓名"] == "王秀英"


def test_both_xlsx_and_csv_is_an_error(tmp_path):
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/演练记录.xlsx", [["演练日期", "演练名称", "总指挥"]])
    (ws / "inputs/演练记录.csv").write_text("演练日期,演练名称,总指挥\n", encoding="utf-8")
    assert errors_of(ws) == [
        "inputs/演练记录：同时存在 演练记录.xlsx 和 演练记录.csv，不知道用哪一个；请删除或改名其中一个"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello, not a workbook", "不是 Excel 工作簿（.xlsx）；如果是 CSV 文本，请把扩展名改为 .csv"),
        (b"", "文件是空的（0 字节），请重新保存或重新复制该文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
         "这是旧版 Excel（.xls）或 WPS（.et）格式的文件，但无法读取（可能已损坏）；请在 Excel/WPS 中打开并“另存为” Excel 工作簿（.xlsx）"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"),
         "工作簿设有打开密码，houqin 无法读取；请在 Excel/WPS 中取消密码后另存为 .xlsx"),
    ],
)
def test_files_that_are_not_workbooks(tmp_path, content, message):
    ws = workspace(tmp_path)
    (ws / "inputs/固定资产.xlsx").write_bytes(content)
    assert errors_of(ws) == [f"固定资产.xlsx：{message}"]


def test_truncated_workbook(tmp_path):
    ws = workspace(tmp_path)
    good = write_xlsx(tmp_path / "good.xlsx", [["资产编号", "资产名称"], ["1", "空调"]])
    data = good.read_bytes()
    (ws / "inputs/固定资产.xlsx").write_bytes(data[: len(data) // 2])
    assert errors_of(ws) == ["固定资产.xlsx：文件已损坏（可能没有复制完整），请在 Excel/WPS 中打开并重新保存"]


def test_empty_sheet_and_header_only(tmp_path):
    ws = workspace(tmp_path)
    Workbook().save(ws / "inputs/固定资产.xlsx")
    write_xlsx(ws / "inputs/演练记录.xlsx", [["演练日期", "演练名称", "总指挥"]], sheet="演练")
    with pytest.raises(InputError) as err:
        load_inputs(ws)
    assert [str(p) for p in err.value.problems] == [
        "演练记录.xlsx › 演练 › 第1行：只有表头，没有数据行",
        "固定资产.xlsx › Sheet：工作表是空的，没有表头也没有数据",
    ]
    assert [p.severity for p in err.value.problems] == ["warning", "error"]


def test_assets_amount_mismatch_negative_and_duplicate_ids(tmp_path):
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/固定资产.xlsx", [
        ["资产编号", "资产名称", "数量", "单价（元）", "金额（元）"],
        ["XJ-001", "空调", 2, "3,000", 6000],
        ["XJ-002", "电脑", 3, 4500, 13000],
        ["XJ-001", "投影仪", -1, 5000, None],
        ["XJ-003", "课桌椅", 50, None, "12500元"],
    ], sheet="资产")
    assert errors_of(ws) == [
        "固定资产.xlsx › 资产 › 第4行 › 数量：不能小于0「-1」，应为 不小于 0 的数",
        "固定资产.xlsx › 资产 › 第4行 › 资产编号：资产编号「XJ-001」重复，与第2行相同",
        "固定资产.xlsx › 资产 › 第3行 › 金额（元）：金额「13000.00」与 数量×单价（3×4500.00=13500.00）不符",
    ]



def test_ids_typed_in_full_width_or_with_a_space_are_still_duplicates(tmp_path):
    """WPS's full-width input mode, a stray space or no Caps Lock make `ＸＪ－００１`, `XJ -001`,
    `xj-010`: each would pass as a new 资产编号 and the asset would be counted twice."""
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/固定资产.xlsx", [
        ["资产编号", "资产名称", "数量", "单价（元）", "金额（元）"],
        ["XJ-001", "空调", 2, 3000, 6000],
        ["ＸＪ－００１", "空调", 2, 3000, 6000],
        ["XJ -001", "空调", 2, 3000, 6000],
        ["XJ-010", "电脑", 1, 4500, 4500],
        ["xj-010", "电脑", 1, 4500, 4500],  # without Caps Lock
    ], sheet="资产")
    assert errors_of(ws) == [
        "固定资产.xlsx › 资产 › 第3行 › 资产编号：资产编号「ＸＪ－００１」重复，与第2行相同",
        "固定资产.xlsx › 资产 › 第4行 › 资产编号：资产编号「XJ -001」重复，与第2行相同",
        "固定资产.xlsx › 资产 › 第6行 › 资产编号：资产编号「xj-010」重复，与第5行相同",
    ]

def test_people_must_be_in_the_staff_list(tmp_path):
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/员工考核.xlsx", [["姓名", "岗位"], ["王秀英", "保安"]], sheet="员工名单",
               more_sheets={"考核记录": [["月份", "姓名", "考核项目", "得分"], ["3月", "王秀英", "职业道德", 18],
                                        ["2022-03", "陈美玲", "职业道德", 19]]})
    write_xlsx(ws / "inputs/值日安排.xlsx", [["日期", "岗位", "姓名", "到岗情况", "替班人"],
                                          ["2022-03-07", "门卫", "王秀英", "替班", "张三"]])
    assert errors_of(ws) == [
        "员工考核.xlsx › 考核记录 › 第3行 › 姓名：「陈美玲」不在 员工考核.xlsx › 员工名单 中；请核对姓名或把此人加入员工名单",
        "值日安排.xlsx › Sheet1 › 第2行 › 替班人：「张三」不在 员工考核.xlsx › 员工名单 中；请核对姓名或把此人加入员工名单",
    ]


def test_scores_read_bare_months_in_the_terms_year(tmp_path):
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/员工考核.xlsx", [["姓名", "岗位"], ["王秀英", "保安"]], sheet="员工名单",
               more_sheets={"考核记录": [["月份", "姓名", "考核项目", "得分"], ["3月", "王秀英", "职业道德", 18]]})
    record = load_inputs(ws).records("员工考核", "考核记录")[0]
    assert record["月份"] == (2022, 3)
    assert record["满分"] == 20


def test_without_term_the_term_is_inferred_and_said(tmp_path):
    ws = workspace(tmp_path, settings="")
    write_xlsx(ws / "inputs/演练记录.xlsx", [["演练日期", "演练名称", "总指挥"],
                                          ["2022-03-10", "消防疏散演练", "周静"],
                                          ["2022-05-20", "地震避险演练", "周静"]])
    inputs = load_inputs(ws)
    assert inputs.settings.term.label == "2021—2022学年第二学期"
    assert [str(w) for w in inputs.warnings] == [
        "houqin.toml：未设置 [term]，已按数据中的日期推断为 2021—2022学年第二学期"
        "（2022年3月10日至2022年5月20日）；如不对，请在 houqin.toml 的 [term] 中填写"]


def test_dates_outside_the_term(tmp_path):
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/演练记录.xlsx", [["演练日期", "演练名称", "总指挥"],
                                          ["2022-09-10", "消防疏散演练", "周静"]])
    assert errors_of(ws) == [
        "演练记录.xlsx › Sheet1 › 第2行 › 演练日期：日期不在本学期（2022年2月14日至2022年7月1日）内；"
        "请核对日期或 houqin.toml 的 [term]"]


def test_durations_and_drill_warnings(tmp_path):
    ws = workspace(tmp_path)
    write_xlsx(ws / "inputs/演练记录.xlsx", [
        ["演练日期", "演练名称", "负责人", "应到人数", "参与人数", "疏散用时"],
        ["2022-03-10", "消防疏散演练", "周静", "1800人", 1810, "2分15秒"],
        ["2022-04-10", "地震避险演练", "周静", 1800, 1790, "1:58"],
    ])
    inputs = load_inputs(ws)
    assert [r["疏散用时"] for r in inputs.records("演练记录")] == [135, 118]
    assert [r["目标用时"] for r in inputs.records("演练记录")] == [120, 120]
    assert [str(w) for w in inputs.warnings] == [
        "演练记录.xlsx › Sheet1 › 第2行 › 参与人数：实到人数 1810 多于应到人数 1800，请核对"]


# --- properties: arbitrary cells through the reader -----------------------------------------

CELLS = st.one_of(
    st.none(), st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30), st.integers(-10**6, 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 3, 1)), st.booleans(),
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(CELLS, min_size=6, max_size=6), min_size=1, max_size=6))
def test_any_cells_give_records_or_located_problems(tmp_path, rows):
    path = write_xlsx(tmp_path / "隐患排查.xlsx", [HAZARD_HEADER, *rows])
    grid = read_grids(path)[0]
    table, problems = read_table(grid, HAZARDS.main, ReadContext(Settings()))
    assert table is not None
    for problem in problems:
        assert problem.location.file == "隐患排查.xlsx"
        assert problem.location.row is not None and problem.location.row >= 1
    bad_rows = {p.location.row for p in problems if p.is_error}
    for record in table.records:
        if record.where.row not in bad_rows:
            assert isinstance(record["检查日期"], dt.date)
