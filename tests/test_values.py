"""The value parsers on the forms people type, and properties over arbitrary input."""

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import ParseError
from pipeline.reading.values import (
    format_date,
    format_duration,
    format_money,
    parse_date,
    parse_duration,
    parse_int,
    parse_measure,
    parse_money,
    parse_month,
    parse_when,
    spelling_key,
    split_names,
)

FULL_WIDTH = str.maketrans("0123456789-./", "０１２３４５６７８９－．／")


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2022, 3, 5), dt.datetime(2022, 3, 5, 8, 30), 44625, 44625.0, "44625",
        "2022-3-5", "2022-03-05", "2022/03/05", "2022/3/5", "2022.3.5", "2022年3月5日",
        "2022年03月05日", "２０２２年３月５日", "２０２２－０３－０５", " 2022.3.5 ", "2022-03-05 08:30:00",
        "20220305", "2022年3月5号",
    ],
)
def test_every_listed_date_form_reads_as_the_same_day(value):
    assert parse_date(value) == dt.date(2022, 3, 5)


@pytest.mark.parametrize(
    ("value", "reason"),
    [("2022-02-30", "不存在的日期"), ("下周三", "无法识别的日期"), ("2022-13-01", "不存在的日期"),
     (True, "无法识别的日期"), ("", "无法识别的日期"), (-5, "不是有效的 Excel 日期序号")],
)
def test_bad_dates_say_why(value, reason):
    with pytest.raises(ParseError) as err:
        parse_date(value)
    assert err.value.reason == reason
    assert "2022年3月5日" in err.value.expected


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("2分15秒", 135), ("2:15", 135), ("135秒", 135), ("135", 135), (135, 135), (135.0, 135),
     ("1分58秒", 118), ("1:58", 118), ("2分", 120), ("２分１５秒", 135), ("2′15″", 135),
     ("0:02:15", 135), (dt.time(2, 15), 135), (dt.time(0, 2, 15), 135), ("58秒", 58)],
)
def test_durations(value, seconds):
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["两分钟", "2:75", "-3", "", "abc"])
def test_bad_durations(value):
    with pytest.raises(ParseError):
        parse_duration(value)


@pytest.mark.parametrize(
    ("value", "amount"),
    [("1,280.50", "1280.50"), ("￥1280", "1280.00"), ("1280元", "1280.00"), (1280.5, "1280.50"),
     ("１２８０", "1280.00"), ("1.2万", "12000.00"), (0.1 + 0.2, "0.30"), ("12.345", "12.35")],
)
def test_money(value, amount):
    assert parse_money(value) == Decimal(amount)


def test_counts_accept_units_and_refuse_fractions():
    assert parse_int("36人") == 36
    assert parse_int("３６") == 36
    with pytest.raises(ParseError):
        parse_int("36.5")


def test_months_with_and_without_year():
    year_of = {m: 2022 for m in range(1, 13)}
    assert parse_month("2022-03") == (2022, 3)
    assert parse_month("2022年3月") == (2022, 3)
    assert parse_month("3月", year_of) == (2022, 3)
    assert parse_month(3, year_of) == (2022, 3)
    with pytest.raises(ParseError):
        parse_month("3月")
    with pytest.raises(ParseError):
        parse_month("13月", year_of)


def test_checklist_times_kept_as_written():
    assert parse_when("7~8月") == ("7~8月", 7, 8)
    assert parse_when("7-8月") == ("7-8月", 7, 8)
    assert parse_when("3月上旬") == ("3月上旬", 3, 3)
    assert parse_when(dt.date(2022, 3, 5)) == ("2022年3月5日", 3, 3)


def test_names_split_on_every_separator():
    assert split_names("周静、朱志刚，刘伟,谢丰 王佳佳；刘刚") == ["周静", "朱志刚", "刘伟", "谢丰", "王佳佳", "刘刚"]
    assert split_names(None) == []


def test_official_formats():
    assert format_date(dt.date(2022, 3, 5)) == "2022年3月5日"
    assert format_duration(135) == "2分15秒"
    assert format_duration(118) == "1分58秒"
    assert format_duration(58) == "58秒"
    assert format_money(Decimal("76800")) == "76,800.00"


# --- properties ---------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31))


@given(dates, st.sampled_from(["{y}-{m}-{d}", "{y}/{m:02d}/{d:02d}", "{y}.{m}.{d}", "{y}年{m}月{d}日"]),
       st.booleans())
def test_written_dates_round_trip(day, form, full_width):
    text = form.format(y=day.year, m=day.month, d=day.day)
    if full_width:
        text = text.translate(FULL_WIDTH)
    assert parse_date(text) == day
    assert parse_date(format_date(day)) == day


@given(dates)
def test_excel_serials_round_trip(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(serial) == day
    assert parse_date(float(serial)) == day


@given(st.integers(min_value=0, max_value=5999))
def test_durations_round_trip(seconds):
    assert parse_duration(format_duration(seconds)) == seconds
    minutes, secs = divmod(seconds, 60)
    assert parse_duration(f"{minutes}:{secs:02d}") == seconds
    assert parse_duration(f"{seconds}秒") == seconds


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_money_round_trips(amount):
    assert parse_money(format_money(amount)) == amount
    assert parse_money(str(amount)) == amount


ANY_CELL = st.one_of(
    st.none(), st.text(), st.integers(), st.floats(allow_nan=True), st.booleans(),
    st.dates(), st.datetimes(), st.times(), st.decimals(),
)


@given(ANY_CELL)
def test_parsers_never_raise_anything_but_parse_error(value):
    for parser in (parse_date, parse_duration, parse_money, parse_int, parse_month, parse_when):
        with contextlib.suppress(ParseError):
            parser(value)


GRAMS = {"克": 1, "g": 1, "kg": 1000, "千克": 1000, "公斤": 1000}


@pytest.mark.parametrize("value", ["150克", "0.15kg", "１５０克", "150 g", "0.15公斤", "0.15千克", "0.15ＫＧ", "150", 150])
def test_a_measure_is_read_in_the_columns_unit(value):
    assert parse_measure(value, GRAMS) == Decimal(150)


def test_a_measure_in_an_undeclared_unit_names_the_accepted_units():
    with pytest.raises(ParseError) as err:
        parse_measure("3两", GRAMS)
    assert (err.value.reason, err.value.expected) == ("无法识别的单位", "数字，可带单位 克、g、kg、千克、公斤，如 150 或 150克")
    with pytest.raises(ParseError) as err:
        parse_measure("克", GRAMS)
    assert err.value.reason == "无法识别的数字"


def test_one_spelling_key_for_a_class_typed_several_ways():
    assert {spelling_key(s) for s in ("三(2)班", "三（2）班", "三（２）班", "三 (2) 班", "三\u3000(2)班")} == {"三(2)班"}
