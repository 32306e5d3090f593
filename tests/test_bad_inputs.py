"""The bad-input corpus: the good sample with one mistake each, as people really make them.

Every case is made here from the repository's sample workspace (one mutation of one file),
after a good build has filled outputs/. For each, `houqin build` must exit 1 with a located
Chinese message, print no traceback, and leave outputs/ byte for byte as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from helpers import copy_sample, run_cli, tree_hash
from msoffcrypto.format.ooxml import OOXMLFile

Mutation = Callable[[Path], None]
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Mutation
    message: str


# --------------------------------------------------------------------------- mutations


def cells(file: str, sheet: str | None = None, **values: object) -> Mutation:
    """Set cells (``A3="下周三"``) in one sheet of an input workbook."""

    def mutate(ws: Path) -> None:
        path = ws / "inputs" / file
        book = openpyxl.load_workbook(path)
        sh = book[sheet] if sheet else book.worksheets[0]
        for ref, value in values.items():
            sh[ref] = value
        book.save(path)

    return mutate


def with_sheet(file: str, change: Callable[[openpyxl.worksheet.worksheet.Worksheet], None],
               sheet: str | None = None) -> Mutation:
    def mutate(ws: Path) -> None:
        path = ws / "inputs" / file
        book = openpyxl.load_workbook(path)
        change(book[sheet] if sheet else book.worksheets[0])
        book.save(path)

    return mutate


def delete_column(file: str, column: int, sheet: str | None = None) -> Mutation:
    return with_sheet(file, lambda sh: sh.delete_cols(column), sheet)


def data_rows_removed(file: str, sheet: str | None = None) -> Mutation:
    return with_sheet(file, lambda sh: sh.delete_rows(3, sh.max_row), sheet)


def replace_bytes(file: str, make: Callable[[bytes], bytes], rename: str | None = None) -> Mutation:
    def mutate(ws: Path) -> None:
        path = ws / "inputs" / file
        data = make(path.read_bytes())
        path.unlink()
        (ws / "inputs" / (rename or file)).write_bytes(data)

    return mutate


def encrypted(data: bytes) -> bytes:
    """The workbook as Excel saves it with an opening password (a real encrypted package)."""
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("123456", out)
    return out.getvalue()


#: An OLE compound file header, as .xls and WPS .et files begin.
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def as_csv(file: str, encoding: str, bom: bytes = b"") -> Mutation:
    """The workbook's first sheet saved as CSV in an encoding houqin does not read."""

    def mutate(ws: Path) -> None:
        path = ws / "inputs" / file
        sheet = openpyxl.load_workbook(path).worksheets[0]
        lines = [",".join("" if v is None else str(v) for v in row) for row in sheet.iter_rows(values_only=True)]
        path.unlink()
        path.with_suffix(".csv").write_bytes(bom + "\r\n".join(lines).encode(encoding))

    return mutate


def csv_cells(file: str, edits: dict[tuple[int, int], str]) -> Mutation:
    """The workbook saved as CSV UTF-8 (as WPS does), with some cells changed: (row, column) → text."""

    def mutate(ws: Path) -> None:
        path = ws / "inputs" / file
        rows = [["" if v is None else str(v) for v in row]
                for row in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)]
        for (r, c), text in edits.items():
            rows[r - 1][c - 1] = text
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        path.unlink()
        path.with_suffix(".csv").write_text(out.getvalue(), encoding="utf-8-sig")

    return mutate


def rezipped(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    """The same workbook with its parts changed as ``change(name, data)`` says."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, change(info.filename, src.read(info.filename)))
    return out.getvalue()


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
          + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)) + "]>")


def billion_laughs(data: bytes) -> bytes:
    """Every shared string replaced by an entity that expands to 10⁹ "lol"s (3 GB)."""

    def change(name: str, part: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            text = part.decode("utf-8").split("?>", 1)[-1]
            return (LAUGHS + text.replace("<v>", "<v>&lol9;", 1)).encode("utf-8")
        return part

    return rezipped(data, change)


def zip_bomb(data: bytes) -> bytes:
    """A first sheet padded with 600 MB of spaces: about 600 KB packed."""

    def change(name: str, part: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            head, tail = part.split(b"<sheetData>", 1)
            return head + b" " * (600 << 20) + b"<sheetData>" + tail
        return part

    return rezipped(data, change)


def settings_text(change: Callable[[str], str]) -> Mutation:
    def mutate(ws: Path) -> None:
        path = ws / "houqin.toml"
        path.write_text(change(path.read_text("utf-8")), "utf-8")

    return mutate


def long_roster(ws: Path) -> None:
    """值日安排 grown to 50,000 rows (the sample's rows repeated), the last one a stranger."""
    path = ws / "inputs/值日安排.xlsx"
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))
    header, data = rows[:2], rows[2:]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("值日安排")
    for row in header:
        sheet.append(row)
    for i in range(50_000 - 1):
        sheet.append(data[i % len(data)])
    last = list(data[0])
    last[3] = "王小二"
    sheet.append(last)
    book.save(path)


def both(*mutations: Mutation) -> Mutation:
    def mutate(ws: Path) -> None:
        for m in mutations:
            m(ws)

    return mutate


H, D, R, A, C, S = "隐患排查.xlsx", "演练记录.xlsx", "值日安排.xlsx", "固定资产.xlsx", "工作清单.xlsx", "员工考核.xlsx"
HS, DS, RS, AS, CS = "隐患排查.xlsx › 隐患排查记录", "演练记录.xlsx › 演练记录", "值日安排.xlsx › 值日安排", "固定资产.xlsx › 固定资产", "工作清单.xlsx › 工作清单"
STAFF, SCORES, INCIDENTS = "员工考核.xlsx › 员工名单", "员工考核.xlsx › 考核记录", "员工考核.xlsx › 安全事故"
DATE_HINT = "应为 2022-03-05 或 2022年3月5日"
NOT_IN_STAFF = "不在 员工考核.xlsx › 员工名单 中；请核对姓名或把此人加入员工名单"

CASES = [
    # 隐患排查
    Case("隐患-缺少必填列", delete_column(H, 6), f"{HS} › 第2行：缺少必填列「隐患描述」（也可写作 隐患内容、存在问题、隐患情况）"),
    Case("隐患-无法识别的日期", cells(H, A3="下周三"), f"{HS} › 第3行 › 检查日期：无法识别的日期「下周三」，{DATE_HINT}"),
    Case("隐患-不存在的日期", cells(H, A3="2022-02-30"), f"{HS} › 第3行 › 检查日期：不存在的日期「2022-02-30」"),
    Case("隐患-日期不在学期内", cells(H, A3=dt.datetime(2023, 9, 1)),
         f"{HS} › 第3行 › 检查日期：日期不在本学期（"),
    Case("隐患-类别不在列表中", cells(H, E3="天灾"), f"{HS} › 第3行 › 隐患类别：不是可选的值「天灾」，应为 校舍建筑、消防"),
    Case("隐患-风险等级未知", cells(H, G3="特大"), f"{HS} › 第3行 › 风险等级：不是可选的值「特大」，应为 一般、较大、重大"),
    Case("隐患-必填为空", cells(H, F3=None), f"{HS} › 第3行 › 隐患描述：必填，不能为空"),
    Case("隐患-完成早于检查", cells(H, M3=dt.datetime(2022, 2, 10)),
         f"{HS} › 第3行 › 完成日期：完成日期「2022-02-10」早于检查日期（2022-02-15）"),
    Case("隐患-表头在第10行以后", with_sheet(H, lambda sh: sh.insert_rows(1, 10)),
         f"{HS}：前10行中没有找到表头；表头应包含 检查日期、检查部位、隐患类别、隐患描述、排查人、整改责任人 等列"),
    Case("隐患-重复的列", cells(H, U2="排查日期"), f"{HS} › 第2行 › 排查日期：重复的列：「排查日期」与「检查日期」都表示 检查日期"),
    Case("隐患-空工作表", with_sheet(H, lambda sh: sh.delete_rows(1, sh.max_row)), f"{HS}：工作表是空的，没有表头也没有数据"),
    Case("隐患-十万字的单元格", cells(H, F3="隐" * 100_000),
         f"{HS} › 第3行 › 隐患描述：内容达到 Excel 单元格的上限（32767 字），可能已被截断「{'隐' * 40}…（共32767字）」"),
    Case("隐患-不是工作簿", replace_bytes(H, lambda _: "检查日期,检查部位\n".encode()),
         "隐患排查.xlsx：不是 Excel 工作簿（.xlsx）；如果是 CSV 文本，请把扩展名改为 .csv"),
    Case("隐患-文件不完整", replace_bytes(H, lambda b: b[: len(b) // 2]),
         "隐患排查.xlsx：文件已损坏（可能没有复制完整），请在 Excel/WPS 中打开并重新保存"),
    Case("隐患-设有密码", replace_bytes(H, encrypted),
         "隐患排查.xlsx：工作簿设有打开密码，houqin 无法读取；请在 Excel/WPS 中取消密码后另存为 .xlsx"),
    Case("隐患-十亿笑声", replace_bytes(H, billion_laughs),
         "隐患排查.xlsx：工作簿的 XML 中定义了实体（DOCTYPE/ENTITY），Excel/WPS 不会这样保存，疑似恶意构造的文件"),
    Case("隐患-压缩炸弹", replace_bytes(H, zip_bomb), "隐患排查.xlsx：文件解压后异常巨大（疑似压缩炸弹），已拒绝读取"),
    Case("隐患-空文件", replace_bytes(H, lambda _: b""), "隐患排查.xlsx：文件是空的（0 字节），请重新保存或重新复制该文件"),
    # 演练记录
    Case("演练-缺少总指挥列", delete_column(D, 7), f"{DS} › 第2行：缺少必填列「总指挥」（也可写作 负责人）"),
    Case("演练-无法识别的用时", cells(D, K3="两分钟半"), f"{DS} › 第3行 › 疏散用时：无法识别的时长「两分钟半」，应为 2分15秒、2:15、135秒 或 135"),
    Case("演练-人数不是数", cells(D, H3="一千八"), f"{DS} › 第3行 › 应到人数：无法识别的整数「一千八」"),
    Case("演练-负的人数", cells(D, I3=-5), f"{DS} › 第3行 › 实到人数：不能小于0「-5」，应为 不小于 0 的数"),
    Case("演练-类型未知", cells(D, C3="火星撞地球"), f"{DS} › 第3行 › 演练类型：不是可选的值「火星撞地球」"),
    Case("演练-日期不在学期内", cells(D, A4=dt.datetime(2021, 9, 30)), f"{DS} › 第4行 › 演练日期：日期不在本学期（"),
    Case("演练-xls另存", replace_bytes(D, lambda _: OLE, rename="演练记录.xls"),
         "演练记录.xls：这是旧版 Excel（.xls）或 WPS（.et）格式的文件，但无法读取（可能已损坏）；请在 Excel/WPS 中打开并“另存为” Excel 工作簿（.xlsx）"),
    Case("演练-et改名xlsx", replace_bytes(D, lambda _: OLE),
         "演练记录.xlsx：这是旧版 Excel（.xls）或 WPS（.et）格式的文件，但无法读取（可能已损坏）；请在 Excel/WPS 中打开并“另存为” Excel 工作簿（.xlsx）"),
    Case("演练-CSV编码", as_csv(D, "utf-16-le"),
         "演练记录.csv：CSV 文件的编码无法识别（应为 UTF-8 或 GBK）；请在 Excel/WPS 中另存为“CSV UTF-8”"),
    Case("演练-同时有xlsx和csv", lambda ws: (ws / "inputs/演练记录.csv").write_text("演练日期,演练名称,总指挥\n", "utf-8"),
         "inputs/演练记录：同时存在 演练记录.xlsx 和 演练记录.csv，不知道用哪一个；请删除或改名其中一个"),
    Case("演练-控制字符与表情", csv_cells(D, {(3, 11): "2分\x0715秒😀"}), "演练记录.csv › 演练记录 › 第3行 › 疏散用时：无法识别的时长「2分<U+0007>15秒😀」"),
    # 值日安排
    Case("值日-名单外的人", cells(R, D3="王小二"), f"{RS} › 第3行 › 姓名：「王小二」{NOT_IN_STAFF}"),
    Case("值日-替班无替班人", cells(R, E3="替班"), f"{RS} › 第3行 › 替班人：到岗情况为 替班，但没有填写替班人"),
    Case("值日-到岗情况未知", cells(R, E3="迟到"), f"{RS} › 第3行 › 到岗情况：不是可选的值「迟到」，应为 到岗、缺岗、请假、替班"),
    Case("值日-日期无法识别", cells(R, A3="周一"), f"{RS} › 第3行 › 日期：无法识别的日期「周一」"),
    Case("值日-五万行", long_roster, f"{RS} › 第50002行 › 姓名：「王小二」{NOT_IN_STAFF}"),
    # 固定资产
    Case("资产-金额不符", cells(A, H3=99999), f"{AS} › 第3行 › 金额：金额「99999.00」与 数量×单价（60×260.00=15600.00）不符"),
    Case("资产-编号重复", cells(A, A4="XJ-2010-001"), f"{AS} › 第4行 › 资产编号：资产编号「XJ-2010-001」重复，与第3行相同"),
    Case("资产-负的数量", cells(A, F3=-3), f"{AS} › 第3行 › 数量：不能小于0「-3」，应为 不小于 0 的数"),
    Case("资产-单价无法识别", cells(A, G3="三千元"), f"{AS} › 第3行 › 单价：无法识别的金额「三千元」"),
    Case("资产-月份13", cells(A, J3="2021-13-01"), f"{AS} › 第3行 › 取得日期：不存在的日期「2021-13-01」"),
    Case("资产-公式无缓存值", cells(A, G3="=1+1"),
         f"{AS} › 第3行 › 单价：公式没有计算结果（文件可能由程序生成、从未在 Excel 中打开）；请在 Excel/WPS 中打开该文件并保存一次"),
    # 工作清单
    Case("清单-时间无法识别", cells(C, A3="下学期"), f"{CS} › 第3行 › 时间：无法识别的时间「下学期」"),
    Case("清单-缺少责任人列", delete_column(C, 3), f"{CS} › 第2行：缺少必填列「责任人」（也可写作 负责人）"),
    Case("清单-完成情况未知", cells(C, D3="差不多"), f"{CS} › 第3行 › 完成情况：不是可选的值「差不多」，应为 已完成、进行中、未开始、推迟"),
    # 员工考核
    Case("考核-名单外的人", cells(S, "考核记录", B3="王小二"), f"{SCORES} › 第3行 › 姓名：「王小二」{NOT_IN_STAFF}"),
    Case("考核-超过满分", cells(S, "考核记录", D3=25), f"{SCORES} › 第3行 › 得分：超过满分的得分「25」，应为 0 到 20 之间的数"),
    Case("考核-项目未知", cells(S, "考核记录", C3="颜值"), f"{SCORES} › 第3行 › 考核项目：不是可选的值「颜值」，应为 职业道德、工作职责"),
    Case("考核-重复记录", cells(S, "考核记录", C4="职业道德"),
         f"{SCORES} › 第4行 › 月份：月份、姓名、考核项目「2022年2月 / 顾建国 / 职业道德」重复，与第3行相同"),
    Case("考核-月份无法识别", cells(S, "考核记录", A3="第三月"), f"{SCORES} › 第3行 › 月份：无法识别的月份「第三月」"),
    Case("考核-事故名单外", cells(S, "安全事故", B3="王小二"), f"{INCIDENTS} › 第3行 › 姓名：「王小二」{NOT_IN_STAFF}"),
    Case("考核-工号重复", cells(S, "员工名单", B4="XJ101"), f"{STAFF} › 第4行 › 工号：工号「XJ101」重复，与第3行相同"),
    Case("考核-名单只有表头", data_rows_removed(S, "员工名单"), f"{SCORES} › 第3行 › 姓名：「顾建国」{NOT_IN_STAFF}"),
    # renamed, and without its 岗位 column the sheet is not the staff list by its header either
    Case("考核-找不到名单工作表", with_sheet(S, lambda sh: (setattr(sh, "title", "Sheet9"), sh.delete_cols(3)), "员工名单"),
         "员工考核.xlsx：找不到工作表「员工名单」（现有：Sheet9、考核记录、安全事故）；请把员工名单的工作表改名为「员工名单」，"
         "或按月分成几张时（如「3月」「4月」或「员工名单3月」），给每张加上员工名单的表头（姓名、岗位 等列）"),
    # 设置 houqin.toml
    Case("设置-TOML语法", settings_text(lambda t: t.replace('name = "常州', 'name = 常州', 1)), "houqin.toml › 第5行：第8列附近不是有效的 TOML 格式"),
    Case("设置-类型错误", settings_text(lambda t: t.replace("term = 2 ", 'term = "二" ', 1)), "houqin.toml › 第11行 › [term] term：应为整数（如 15），实际为「二」"),
    Case("设置-开学晚于结束", settings_text(lambda t: t.replace("start = 2022-02-14", "start = 2022-08-14", 1)),
         "houqin.toml › 第13行 › [term] end：学期结束日期早于开始日期（start = 2022-08-14，end = 2022-07-01）"),
    Case("设置-编码", lambda ws: (ws / "houqin.toml").write_bytes(b"\xff\xfe\x00\xd8" * 10),
         "houqin.toml：文件编码无法识别，请用记事本“另存为”UTF-8 编码"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample workspace after a good build, so 'outputs/ unchanged' means something."""
    ws = copy_sample(tmp_path_factory.mktemp("built"))
    result = run_cli("build", "-q", "-w", ws)
    assert result.exit_code == 0, result.output
    return ws


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_with_a_located_message_and_outputs_untouched(
        case: Case, built: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(built, ws)
    before = tree_hash(ws / "outputs")
    assert before
    case.mutate(ws)
    result = run_cli("build", "-w", ws)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"错误：{case.message}" in result.output, result.output
    assert "未写入任何文件" in result.output
    assert tree_hash(ws / "outputs") == before


def test_the_corpus_covers_every_input_and_the_settings() -> None:
    ids = [c.id for c in CASES]
    assert len(set(ids)) == len(ids) >= 40
    assert {i.split("-")[0] for i in ids} == {"隐患", "演练", "值日", "资产", "清单", "考核", "设置"}


@pytest.mark.slow
@pytest.mark.parametrize("make", [billion_laughs, zip_bomb], ids=["十亿笑声", "压缩炸弹"])
def test_hostile_workbooks_are_refused_within_bounded_memory(make: Callable[[bytes], bytes], tmp_path: Path) -> None:
    """Read in a child process that reports its own peak memory (RSS): far below the 3 GB of
    the laughs or the 600 MB of the bomb."""
    path = tmp_path / "隐患排查.xlsx"
    path.write_bytes(make((ROOT / "inputs/隐患排查.xlsx").read_bytes()))
    script = textwrap.dedent(f"""
        import resource, sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from pipeline.errors import InputError
        from pipeline.reading.sheets import read_grids
        try:
            read_grids(Path({str(path)!r}))
        except InputError as err:
            print(err)
        status = Path("/proc/self/status")  # VmHWM: ru_maxrss would carry the parent's peak over exec
        if status.exists():
            print(next(int(l.split()[1]) for l in status.read_text().splitlines() if l.startswith("VmHWM")) // 1024)
        else:
            print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    message, peak_mb = done.stdout.strip().splitlines()
    assert message.startswith("隐患排查.xlsx："), done.stderr
    assert "已拒绝读取" in message
    assert int(peak_mb) < 150


def test_openpyxl_reads_through_defusedxml() -> None:
    """The second line of defence behind the DOCTYPE check: entity expansion disabled."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML
