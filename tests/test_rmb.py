"""人民币大写 against conversions a 财务 office would write by hand."""

from decimal import Decimal

import pytest

from pipeline.render.rmb import rmb_upper

KNOWN = [
    ("0", "零元整"),
    ("0.5", "伍角"),
    ("0.05", "伍分"),
    ("0.55", "伍角伍分"),
    ("1", "壹元整"),
    ("10", "壹拾元整"),
    ("10.30", "壹拾元叁角"),
    ("15", "壹拾伍元整"),
    ("100.05", "壹佰元零伍分"),
    ("101", "壹佰零壹元整"),
    ("110", "壹佰壹拾元整"),
    ("1005", "壹仟零伍元整"),
    ("1010.10", "壹仟零壹拾元壹角"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    ("5160", "伍仟壹佰陆拾元整"),
    ("12800", "壹万贰仟捌佰元整"),
    ("76800", "柒万陆仟捌佰元整"),
    ("100500", "壹拾万零伍佰元整"),
    ("105000", "壹拾万伍仟元整"),
    ("114150", "壹拾壹万肆仟壹佰伍拾元整"),
    ("1000000", "壹佰万元整"),
    ("1000001", "壹佰万零壹元整"),
    ("10010000", "壹仟零壹万元整"),
    ("100000000", "壹亿元整"),
    ("100000500", "壹亿零伍佰元整"),
    ("120003400.09", "壹亿贰仟万叁仟肆佰元零玖分"),  # 万位 0, 千位 not: 零 optional (支付结算办法)
    ("20030000", "贰仟零叁万元整"),
    ("856000", "捌拾伍万陆仟元整"),
    ("2.999", "叁元整"),
]


@pytest.mark.parametrize(("amount", "words"), KNOWN)
def test_known_conversions(amount, words):
    assert rmb_upper(Decimal(amount)) == words


def test_ints_and_strings_are_accepted():
    assert rmb_upper(10) == rmb_upper("10.00") == "壹拾元整"


@pytest.mark.parametrize("bad", [Decimal("-0.01"), Decimal("-100"), Decimal("NaN"), Decimal("1e17")])
def test_negative_and_impossible_amounts_are_refused(bad):
    with pytest.raises(ValueError):
        rmb_upper(bad)
