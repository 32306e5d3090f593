"""The first real kind, 安全工作责任书, end to end through the rendering core."""

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from helpers import docx_text, run_cli, tree_hash, write_xlsx

from pipeline.outputs.writer import MANIFEST

ROOT = Path(__file__).resolve().parent.parent
STAFF_HEADER = ["姓名", "工号", "岗位", "部门"]


run = run_cli


def staff_only(tmp_path: Path, rows) -> Path:
    """A workspace with nothing but 员工名单 and no settings file (SPEC §3: that is enough)."""
    write_xlsx(tmp_path / "inputs/员工考核.xlsx", [STAFF_HEADER, *rows], sheet="员工名单")
    return tmp_path


text_of = docx_text


def test_one_letter_per_employee_with_duties_by_post(tmp_path):
    ws = staff_only(tmp_path, [["王秀英", "HQ01", "保安", "安保"], ["陈美玲", "HQ02", "食堂厨师", "食堂"]])
    result = run("letters", "-w", ws)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (ws / "outputs/安全工作责任书").iterdir()) == ["王秀英.docx", "陈美玲.docx"]
    guard = text_of(ws / "outputs/安全工作责任书/王秀英.docx")
    assert "乙方：王秀英（保安，工号HQ01）" in guard
    assert "外来人员、车辆一律核实登记后方可进校" in guard
    cook = text_of(ws / "outputs/安全工作责任书/陈美玲.docx")
    assert "严把食材验收关" in cook and "外来人员" not in cook


def test_data_with_markup_characters_renders_exactly(tmp_path):
    ws = staff_only(tmp_path, [['A&B <C> "D" \'E\'', "", "保洁", "后勤&总务"]])
    assert run("letters", "-w", ws).exit_code == 0
    (letter,) = (ws / "outputs/安全工作责任书").iterdir()
    assert "乙方：A&B <C> \"D\" 'E'（保洁）" in text_of(letter)


def test_jinja_in_data_prints_literally(tmp_path):
    ws = staff_only(tmp_path, [["{{ 7*7 }}", "", "保安", ""]])
    assert run("letters", "-w", ws).exit_code == 0
    (letter,) = (ws / "outputs/安全工作责任书").iterdir()
    assert "乙方：{{ 7*7 }}（保安）" in text_of(letter)


def test_file_names_from_data_land_safely_inside_outputs(tmp_path):
    ws = staff_only(tmp_path, [["../../x", "", "保安", ""], ["CON", "", "保安", ""],
                               ["张伟", "HQ1", "保洁", ""], ["张伟", "HQ2", "维修", ""]])
    assert run("letters", "-w", ws).exit_code == 0
    names = sorted(p.relative_to(ws).as_posix() for p in ws.rglob("*.docx"))
    assert names == ["outputs/安全工作责任书/_CON.docx", "outputs/安全工作责任书/____x.docx",
                     "outputs/安全工作责任书/张伟（HQ1）.docx", "outputs/安全工作责任书/张伟（HQ2）.docx"]


def test_two_builds_give_byte_identical_files(tmp_path):
    rows = [["王秀英", "HQ01", "保安", "安保"]]
    a = staff_only(tmp_path / "a", rows)
    b = staff_only(tmp_path / "b", rows)
    assert run("letters", "-w", a).exit_code == 0
    assert run("letters", "-w", b).exit_code == 0
    assert tree_hash(a / "outputs") == tree_hash(b / "outputs")


def test_an_edited_output_is_kept_and_overwritten_with_force(tmp_path):
    ws = staff_only(tmp_path, [["王秀英", "HQ01", "保安", "安保"]])
    assert run("letters", "-w", ws).exit_code == 0
    letter = ws / "outputs/安全工作责任书/王秀英.docx"
    letter.write_bytes(letter.read_bytes() + b"edited")
    edited = letter.read_bytes()
    result = run("letters", "-w", ws)
    assert result.exit_code == 0
    assert "已保留（生成后被修改过，未覆盖；加 --force 可覆盖）：outputs/安全工作责任书/王秀英.docx" in result.output
    assert letter.read_bytes() == edited
    assert run("letters", "-w", ws, "--force").exit_code == 0
    assert letter.read_bytes() != edited
    docx.Document(str(letter))


def test_manifest_records_each_letter(tmp_path):
    import json

    ws = staff_only(tmp_path, [["王秀英", "HQ01", "保安", "安保"]])
    run("letters", "-w", ws)
    (entry,) = json.loads((ws / "outputs" / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert entry["path"] == "安全工作责任书/王秀英.docx"
    assert entry["kind"] == "letters"
    assert entry["title"] == "安全工作责任书（王秀英）"
    assert entry["inputs"] == ["inputs/员工考核.xlsx"]


def test_missing_staff_list_is_a_located_error(tmp_path):
    (tmp_path / "inputs").mkdir()
    result = run("letters", "-w", tmp_path)
    assert result.exit_code == 1
    assert "错误：inputs/员工考核.xlsx（工作表「员工名单」）：缺少输入，无法生成安全工作责任书" in result.output


def test_a_user_template_with_an_unknown_variable_stops_before_writing(tmp_path):
    ws = staff_only(tmp_path, [["王秀英", "HQ01", "保安", "安保"]])
    (ws / "templates").mkdir()
    template = ws / "templates/安全工作责任书.docx"
    document = docx.Document()
    document.add_paragraph("乙方：{{ nmae }}")
    document.save(str(template))
    result = run("letters", "-w", ws)
    assert result.exit_code == 1
    assert "「nmae」" in result.output and "「name」" in result.output and "乙方：{{ nmae }}" in result.output
    assert not (ws / "outputs").exists() or tree_hash(ws / "outputs") == {}


def test_sample_workspace_letters(tmp_path):
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "houqin.toml", tmp_path)
    result = run("letters", "-w", tmp_path)
    assert result.exit_code == 0, result.output
    letters = list((tmp_path / "outputs/安全工作责任书").glob("*.docx"))
    assert len(letters) == 36
    text = text_of(tmp_path / "outputs/安全工作责任书" / letters[0].name)
    assert "常州市新北区薛家实验小学" in text
    assert "本责任书有效期为2022年2月14日至2022年7月1日" in text


def test_letters_convert_to_pdf_with_chinese_text_and_an_embedded_cjk_font(tmp_path, soffice, poppler):
    from pipeline.pdf.soffice import convert

    ws = staff_only(tmp_path, [["王秀英", "HQ01", "保安", "安保"]])
    assert run("letters", "-w", ws).exit_code == 0
    (pdf,) = convert([ws / "outputs/安全工作责任书/王秀英.docx"], tmp_path / "pdf")
    text = subprocess.run([poppler[0], str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    assert "安全工作责任书" in compact and "乙方：王秀英" in compact and "—1—" in compact
    fonts = subprocess.run([poppler[1], str(pdf)], capture_output=True, text=True, check=True).stdout
    assert any("CJK" in line and " yes " in line for line in fonts.splitlines()[2:]), fonts


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml"])
def test_letter_packages_are_clean_zip(tmp_path, part):
    ws = staff_only(tmp_path, [["王秀英", "HQ01", "保安", "安保"]])
    run("letters", "-w", ws)
    with zipfile.ZipFile(ws / "outputs/安全工作责任书/王秀英.docx") as archive:
        assert archive.testzip() is None
        assert part in archive.namelist()


# ---------------------------------------------------------------------------- the principal's letter (#15)

PEOPLE = """[school]
name = "测试实验小学"
[term]
year = "2021—2022"
term = 2
start = 2022-02-14
end = 2022-07-01
[people]
principal = "吴建华"
{deputy}
"""


def signature_cells(path: Path) -> list[list[str]]:
    table = docx.Document(str(path)).tables[-1]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_principals_letter_is_signed_by_the_deputy_and_others_by_the_principal(tmp_path):
    ws = staff_only(tmp_path, [["吴建华", "XJ001", "行政", "校长室"], ["王秀英", "HQ01", "保安", "安保"]])
    (ws / "houqin.toml").write_text(PEOPLE.format(deputy='deputy = "周静"'), encoding="utf-8")
    result = run("letters", "-w", ws)
    assert result.exit_code == 0, result.output
    assert "员工考核.xlsx › 员工名单 › 第2行 › 姓名：吴建华是校长（甲方负责人），不能与自己签订责任书；" \
           "其安全工作责任书由分管领导周静代表甲方签字" in result.output
    own = signature_cells(ws / "outputs/安全工作责任书/吴建华.docx")
    assert own[1][0] == "负责人（签字）：周静"
    assert "乙方：吴建华" in text_of(ws / "outputs/安全工作责任书/吴建华.docx")
    other = signature_cells(ws / "outputs/安全工作责任书/王秀英.docx")
    assert other[0] == ["甲方（盖章）：", "乙方（签字）："]
    assert other[1][0] == "负责人（签字）：吴建华" and other[2] == ["2022年2月14日", "2022年2月14日"]


def test_without_a_deputy_the_principals_letter_is_skipped_with_a_note(tmp_path):
    ws = staff_only(tmp_path, [["吴建华", "XJ001", "行政", "校长室"], ["王秀英", "HQ01", "保安", "安保"]])
    (ws / "houqin.toml").write_text(PEOPLE.format(deputy=""), encoding="utf-8")
    result = run("letters", "-w", ws)
    assert result.exit_code == 0, result.output
    assert "吴建华是校长（甲方负责人），不能与自己签订责任书，未生成其安全工作责任书；" \
           "如需生成，请在 houqin.toml 的 [people] 中填写分管领导 deputy" in result.output
    assert sorted(p.name for p in (ws / "outputs/安全工作责任书").iterdir()) == ["王秀英.docx"]


def test_the_signature_block_is_at_body_size(tmp_path):
    from docx.shared import Pt

    ws = staff_only(tmp_path, [["王秀英", "HQ01", "保安", "安保"]])
    assert run("letters", "-w", ws).exit_code == 0
    document = docx.Document(str(ws / "outputs/安全工作责任书/王秀英.docx"))
    body = next(p for p in document.paragraphs if p.text.startswith("为认真贯彻"))
    for row in document.tables[-1].rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                style = paragraph.style
                size = style.font.size or style.base_style.font.size
                assert size == Pt(16), (paragraph.text, size)
    body_style = body.style
    assert (body_style.font.size or body_style.base_style.font.size) == Pt(16)
