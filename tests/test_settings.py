"""houqin.toml: defaults, unknown keys as warnings with the nearest key, wrong types as errors."""

import datetime as dt
import re

from pipeline.scaffold import settings_text
from pipeline.settings import Settings, parse_settings


def messages(text):
    return [(p.severity, str(p)) for p in parse_settings(text)[1]]


def test_empty_file_gives_all_defaults():
    settings, problems = parse_settings("")
    assert problems == []
    assert settings.drills.target_seconds == 120
    assert settings.appraisal.items["安全责任"] == 20
    assert settings.hazards.half_month_split == 15
    assert settings.term_given is False


def test_the_commented_sample_is_valid_and_complete():
    settings, problems = parse_settings(settings_text())
    assert problems == []
    assert settings.school.name == "常州市新北区薛家实验小学"
    assert settings.term.label == "2021—2022学年第二学期"
    assert settings.term.start == dt.date(2022, 2, 14)
    assert settings.people.filler == "朱志刚"


def test_unknown_keys_warn_with_the_nearest_known_key():
    assert messages('[school]\nnmae = "x"\n[drill]\ntarget_seconds = 100\n') == [
        ("warning", "houqin.toml › 第2行 › [school] nmae：未知的设置项「nmae」，已忽略，是否应为「name」？"),
        ("warning", "houqin.toml › 第3行 › [drill]：未知的设置节 [drill]，已忽略，是否应为「drills」？"),
    ]


def test_wrong_types_are_errors_naming_key_and_type():
    assert messages('[drills]\ntarget_seconds = "两分钟"\n[term]\nstart = "下周一"\n') == [
        ("error", "houqin.toml › 第2行 › [drills] target_seconds：应为整数（如 15），实际为「两分钟」"),
        ("error", "houqin.toml › 第4行 › [term] start：应为日期（如 2022-02-14，不加引号），实际为「下周一」"),
    ]


def test_bad_toml_is_located():
    assert messages('[school]\nname = 常州市\n') == [
        ("error", "houqin.toml › 第2行：第8列附近不是有效的 TOML 格式：这里的值无法识别（常见原因：文字没有加英文双引号、"
                  "少了 ] 或 =、用了中文标点）"),
    ]


def test_school_year_forms_and_term_dates_follow_from_the_year():
    settings, problems = parse_settings('[term]\nyear = "2021-2022"\nterm = 1\n')
    assert problems == []
    assert settings.term.year == "2021—2022"
    assert (settings.term.start, settings.term.end) == (dt.date(2021, 9, 1), dt.date(2022, 1, 31))
    assert settings.term.year_of_month()[10] == 2021
    assert settings.term.year_of_month()[1] == 2022


def test_rules_that_contradict_each_other():
    assert messages('[appraisal]\ngrades = { 优秀 = 70, 合格 = 80 }\nexcellent_quota = 20\n') == [
        ("error", "houqin.toml › 第2行 › [appraisal] grades：等次分数线应从高到低：优秀 > 合格 > 基本合格，"
                  "实际为 优秀 = 70，合格 = 80"),
        ("error", "houqin.toml › 第3行 › [appraisal] excellent_quota：优秀比例（0.2 表示 20%）应大于 0、不超过 1，"
                  "实际为「20」；如：excellent_quota = 0.2"),
    ]


def test_defaults_are_independent_objects():
    a, b = Settings(), Settings()
    assert a.hazards.categories is not b.hazards.categories


def test_toml_mistakes_are_said_in_chinese():
    assert messages('[school]\nname = "常州\n[term]\n[term]\n') == [
        ("error", "houqin.toml › 第2行：第11列附近不是有效的 TOML 格式：文字缺少结尾的英文双引号（常见原因：文字没有加英文双引号、"
                  "少了 ] 或 =、用了中文标点）"),
    ]
    assert messages("[term]\nstart = 2022-02-14\nstart = 2022-02-15\n")[0][1].startswith(
        "houqin.toml › 第3行：不是有效的 TOML 格式：同一个设置项写了两次")
    for text in ("[term\n", "a = [1, 2\n", "a = 1 2\n", "a = { b = 1\n", "a\n", "a = 2022-13-45\n", "=1\n"):
        message = messages(text)[0][1]
        said = message.replace("TOML", "").split("：", 1)[1]
        assert "不是有效的 TOML 格式：" in message and not re.search("[A-Za-z]{4}", said), message
