"""The Notepad narrative: headings become 一、（一）1.（1）, restarting under each parent."""

import pytest

from pipeline.render import narrative
from pipeline.render.narrative import chinese_number, parse


def texts(blocks):
    return [(b.level, b.text) for b in blocks]


def test_levels_get_official_numbers_restarting_under_each_parent():
    blocks = parse("# 问题诊断\n## 人\n正文一\n## 物\n### 细节\n#### 小点\n#### 小点二\n### 细节二\n"
                   "# 工作目标\n## 目标\n### 第一\n")
    assert texts(blocks) == [
        (1, "一、问题诊断"), (2, "（一）人"), (0, "正文一"), (2, "（二）物"), (3, "1.细节"),
        (4, "（1）小点"), (4, "（2）小点二"), (3, "2.细节二"), (1, "二、工作目标"), (2, "（一）目标"),
        (3, "1.第一"),
    ]
    assert [b.style for b in blocks[:5]] == ["Heading 1", "Heading 2", "正文", "Heading 2", "Heading 3"]


def test_numbers_the_author_typed_are_kept_and_lists_stay_paragraphs():
    blocks = parse("# 一、已编号\n## （一）也编号\n### 1.三级\n### 2、三级\n1.建机制\n2．守规范\n# 下一个\n")
    assert texts(blocks) == [
        (1, "一、已编号"), (2, "（一）也编号"), (3, "1.三级"), (3, "2、三级"), (0, "1.建机制"),
        (0, "2．守规范"), (1, "二、下一个"),
    ]


def test_seed_style_bracketed_headings_blank_lines_and_bom():
    blocks = parse("\ufeff【问题诊断】\n\n  第一段  \n\u3000\n【工作目标】\n#\n")
    assert texts(blocks) == [(1, "一、问题诊断"), (0, "第一段"), (1, "二、工作目标")]


def test_chinese_numbers_and_next_heading():
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 35)] == ["一", "九", "十", "十一", "二十", "三十五"]
    assert narrative.next_heading(parse("# 甲\n# 乙\n## 丙"), "数据概览") == "三、数据概览"
    assert narrative.next_heading([], "数据概览") == "一、数据概览"


def test_missing_file_is_a_warning_and_gbk_is_read(tmp_path):
    blocks, problems = narrative.read(tmp_path / "学期计划.md")
    assert blocks == [] and problems and not problems[0].is_error and "学期计划.md" in problems[0].message
    (tmp_path / "学期总结.md").write_bytes("# 回顾\n正文".encode("gbk"))
    blocks, problems = narrative.read(tmp_path / "学期总结.md")
    assert texts(blocks) == [(1, "一、回顾"), (0, "正文")] and problems == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_notepad_unicode_is_read(tmp_path, encoding):
    """Notepad's "Unicode" is UTF-16 with a BOM and CRLF; the page accepts it, so it is read too."""
    data = ("\ufeff# 回顾\r\n正文一\r\n## 细节\r\n").encode(encoding)
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    (tmp_path / "学期总结.md").write_bytes(data)
    blocks, problems = narrative.read(tmp_path / "学期总结.md")
    assert texts(blocks) == [(1, "一、回顾"), (0, "正文一"), (2, "（一）细节")] and problems == []


def test_binary_is_a_warning_not_text(tmp_path):
    (tmp_path / "学期计划.md").write_bytes("# 计划".encode("utf-16-le"))  # no BOM: NULs between letters
    blocks, problems = narrative.read(tmp_path / "学期计划.md")
    assert blocks == [] and [p.message for p in problems] == ["inputs/学期计划.md 无法识别编码，请用记事本另存为 UTF-8"]
