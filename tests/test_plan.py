"""学期工作计划: numbered narrative, then the checklist exactly as the workbook says (seed 001)."""

import re
from pathlib import Path

import docx
from docx.oxml.ns import qn
from helpers import copy_sample, run_cli, write_xlsx

SETTINGS = """
[school]
name = "测试实验小学"
[term]
year = "2021—2022"
term = 2
start = 2022-02-14
end = 2022-07-01
"""
#: Seed 001's appendix, cell for cell.
SEED_TABLE = [
    ("2月", "统筹安排后勤人员（含保安）月例会", "周静、朱志刚"),
    ("2月", "统筹安排本学期4次安全演练", "谢丰、刘伟"),
    ("2月", "统筹安排每月安全教育主题、内容及形式", "谢丰、刘伟以及年级组长"),
    ("3月", "完成新增固定资产的验收", "朱志刚以及验收组成员"),
    ("3月", "成立食堂、厕所、教工之家、母婴室环境文化布置项目组，完成设计稿", "周静、谢丰、王佳佳"),
    ("4月", "食堂、厕所环境文化布置完工", "周静、谢丰、王佳佳及美术团队"),
    ("4月", "固定资产全部录入系统", "刘刚"),
    ("5月", "对学校已有的安全、卫生健康、心理健康管理和教育制度以及各项应急预案进行重新梳理修订", "周静、朱志刚"),
    ("5月", "沛学楼完成清扫", "谢丰"),
    ("6月", "组织后勤员工进行年度工作述职，评选金牌员工", "周静、朱志刚、陶向明、谢丰、刘伟"),
    ("6月", "学校绿化改造出方案", "谢丰、刘伟"),
    ("7~8月", "教工之家、母婴室文化建设完工", "周静、谢丰、王佳佳"),
]
OUT = "outputs/2021—2022学年第二学期后勤工作计划.docx"
NARRATIVE = "# 问题诊断\n## 人\n后勤管理者还需要在“勤”字上更下功夫。\n## 物\n### 资产\n固定资产登记未到位。\n# 工作目标\n1.建机制\n"


def workspace(tmp_path: Path, narrative: str | None = NARRATIVE) -> Path:
    (tmp_path / "houqin.toml").write_text(SETTINGS, encoding="utf-8")
    rows = [["后勤保障组创建“新优质”学校学期工作清单", None, None], ["时间", "事项", "责任人"],
            *[list(r) for r in SEED_TABLE], [None, None, None], [None, None, None], [None, None, None]]
    write_xlsx(tmp_path / "inputs/工作清单.xlsx", rows, sheet="工作清单", merges=["A1:C1"])
    if narrative is not None:
        (tmp_path / "inputs/学期计划.md").write_text(narrative, encoding="utf-8")
    return tmp_path


def east_asia_font(paragraph) -> str:
    """The eastAsia font the paragraph's style gives (walking up to its base styles)."""
    style = paragraph.style
    while style is not None:
        rpr = style.element.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
        style = style.base_style
    return ""


def test_seed_checklist_comes_out_cell_for_cell(tmp_path):
    ws = workspace(tmp_path)
    result = run_cli("plan", "-w", ws)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(ws / OUT))
    (table,) = document.tables
    rows = [tuple(c.text.replace("\n", "") for c in row.cells) for row in table.rows]
    assert rows[0] == ("时间", "事项", "责任人")
    assert rows[1:] == SEED_TABLE  # (long lists of names on several lines, see below)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "2021—2022学年第二学期后勤工作计划"
    assert "附件：后勤保障组学期工作清单" in texts


def test_three_heading_levels_get_numbers_and_fonts(tmp_path):
    ws = workspace(tmp_path)
    assert run_cli("plan", "-w", ws).exit_code == 0
    paragraphs = docx.Document(str(ws / OUT)).paragraphs
    found = {p.text: p for p in paragraphs}
    expected = {"一、问题诊断": ("Heading 1", "黑体"), "（一）人": ("Heading 2", "楷体_GB2312"),
                "（二）物": ("Heading 2", "楷体_GB2312"), "1.资产": ("Heading 3", "仿宋_GB2312"),
                "二、工作目标": ("Heading 1", "黑体"),
                "后勤管理者还需要在“勤”字上更下功夫。": ("正文", "仿宋_GB2312"),
                "1.建机制": ("正文", "仿宋_GB2312")}
    for text, (style, font) in expected.items():
        assert text in found, text
        assert found[text].style.name == style and east_asia_font(found[text]) == font, text
    body = found["固定资产登记未到位。"].style
    assert body.paragraph_format.first_line_indent is not None
    assert body.paragraph_format.line_spacing.pt == 28
    assert not any(re.match(r"^\{%", p.text) for p in paragraphs)


def test_without_the_narrative_the_plan_still_renders_and_warns(tmp_path):
    from pipeline.kinds import Options
    from pipeline.kinds.plan.plan import warnings
    from pipeline.reading.loader import load_inputs

    ws = workspace(tmp_path, narrative=None)
    result = run_cli("plan", "-w", ws)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(ws / OUT))
    assert [p.text for p in document.paragraphs if p.style.name.startswith("Heading")] == ["附件"]
    assert len(document.tables[0].rows) == 13
    assert any("学期计划.md" in p.message for p in warnings(load_inputs(ws), Options()))


def test_sample_workspace_plan(tmp_path):
    ws = copy_sample(tmp_path)
    result = run_cli("plan", "-w", ws)
    assert result.exit_code == 0, result.output
    assert (ws / OUT).is_file()


def test_the_plan_is_signed_before_its_appendix(tmp_path):
    ws = workspace(tmp_path)
    assert run_cli("plan", "-w", ws).exit_code == 0
    document = docx.Document(str(ws / OUT))
    order = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if text:
                order.append(text)
        elif tag == "tbl":
            order.append("<table>")
    last_body = order.index("1.建机制")
    line = order.index("附件：后勤保障组学期工作清单")
    school, date = order.index("测试实验小学"), order.index("2022年2月14日")
    annex = order.index("附件")
    assert last_body < line < school < date < annex < order.index("<table>")
    assert order[annex + 1] == "后勤保障组学期工作清单"
    signed = [p for p in document.paragraphs if p.text in ("测试实验小学", "2022年2月14日")]
    assert [p.style.name for p in signed] == ["落款", "落款"]


def test_names_in_the_appendix_break_only_between_names(tmp_path):
    ws = workspace(tmp_path)
    assert run_cli("plan", "-w", ws).exit_code == 0
    (table,) = docx.Document(str(ws / OUT)).tables
    cells = {row.cells[1].text: row.cells[2].text for row in table.rows[1:]}
    five = cells["组织后勤员工进行年度工作述职，评选金牌员工"]
    assert five == "周静、朱志刚、\n陶向明、谢丰、\n刘伟"
    for text in cells.values():
        lines = text.split("\n")
        # 8 characters fit the 4 cm column; only one entry alone (朱志刚以及验收组成员) is longer
        assert all(len(line) <= 8 or "、" not in line.rstrip("、") for line in lines), text
        assert all(line.endswith("、") for line in lines[:-1]), text
    assert cells["沛学楼完成清扫"] == "谢丰"
