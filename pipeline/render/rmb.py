"""人民币大写: an amount in the capital numerals used on forms signed for money.

The usual rules (as banks and 财务 offices write them):

* digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 within a group of four, groups 万 and 亿;
  ``壹拾`` keeps its 壹 (10 → 壹拾元整);
* zeros inside the number become one 零 (1005 → 壹仟零伍元整), also across a group
  boundary (100,500 → 壹拾万零伍佰元整); trailing zeros are not read;
* 元 then 角 and 分; ``整`` only when there are no 角 and 分 (10 → 壹拾元整, 10.30 →
  壹拾元叁角); a missing 角 before 分 is read 零 (100.05 → 壹佰元零伍分), and with
  no 元 at all only the 角/分 are written (0.5 → 伍角); 0 → 零元整.

Amounts are rounded to the cent (half up, like ``format_money``); negative amounts are
refused.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")
CENT = Decimal("0.01")
LIMIT = Decimal(10) ** 16


def _group(value: int) -> str:
    """0 < value < 10000, without leading zeros; inner zeros as one 零, trailing ones dropped."""
    text = ""
    zero = False
    for place in range(3, -1, -1):
        digit = value // 10**place % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS[digit] + PLACES[place]
    return text


def _integer(value: int) -> str:
    groups = []
    while value:
        groups.append(value % 10000)
        value //= 10000
    text = ""
    gap = False  # a zero to read before the next non-zero group
    for index in range(len(groups) - 1, -1, -1):
        g = groups[index]
        if g == 0:
            gap = bool(text)
            continue
        if text and (gap or g < 1000):
            text += "零"
        text += _group(g) + GROUPS[index]
        gap = False
    return text


def rmb_upper(amount: Decimal | int | str) -> str:
    """`76800` → ``柒万陆仟捌佰元整``; `100.05` → ``壹佰元零伍分``."""
    value = Decimal(amount) if not isinstance(amount, Decimal) else amount
    if not value.is_finite():
        raise ValueError(f"金额不是有限数：{amount}")
    if value < 0:
        raise ValueError(f"金额不能为负数：{amount}")
    cents = int(value.quantize(CENT, rounding=ROUND_HALF_UP) * 100)
    if cents >= LIMIT * 100:
        raise ValueError(f"金额过大：{amount}")
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    if yuan == 0 and rest == 0:
        return "零元整"
    text = _integer(yuan) + "元" if yuan else ""
    if rest == 0:
        return text + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    return text
