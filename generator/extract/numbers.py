"""Parse the numerals used in Chinese news text into Python numbers.

Handles Arabic digits (incl. full-width digits and decimals), Chinese numerals
(两, 十余, 二十, 一百二十三), 万/亿 multipliers (2346万 -> 23460000) and ranges
(3-6). Parsing is kept separate from figure extraction so it can be tested alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Full-width digits and dot appear in some pages; values are parsed after this
# translation but the article text itself is never rewritten.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_SECTIONS = {"万": 10_000, "亿": 100_000_000}
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000, "千": 1000, "百": 100}

# One numeral token: Arabic (with optional thousands separators and decimals) or Chinese.
# An ASCII comma is a thousands separator only between digit groups (1–3 digits, then
# groups of exactly three: 3,468 / 1,204,000); elsewhere it separates clauses
# (2024年以来,广州…), so a comma followed by more or fewer than three digits is not one.
THOUSANDS = r"(?<![0-9０-９])[0-9]{1,3}(?:,[0-9]{3})+(?![0-9０-９])"
ARABIC = rf"(?:{THOUSANDS}|[0-9０-９]+)(?:[.．][0-9０-９]+)?"
# A comma inside a number (3,468): not a clause break.
THOUSANDS_COMMA = (
    r"(?:(?<=(?<![0-9])[0-9])|(?<=(?<![0-9])[0-9]{2})|(?<=(?<![0-9])[0-9]{3})|(?<=[0-9],[0-9]{3}))"
    r",(?=[0-9]{3}(?![0-9０-９]))"
)
# A clause-separating comma: any comma but a thousands separator.
CLAUSE_COMMA = rf"，|(?!{THOUSANDS_COMMA}),"
# A decimal written out (零点五, 三点五) ends in 点 and its digits.
CHINESE = (
    r"[零〇一二两三四五六七八九十百千]+(?:万[零〇一二两三四五六七八九十百千]*)?"
    r"(?:点[零〇一二三四五六七八九]+)?|万"
)
# A decimal written out on its own: the before of a change (从零点八提高到一点一).
CHINESE_DECIMAL = r"[零〇一二两三四五六七八九十]+点[零〇一二三四五六七八九]+"
# What multiplies a numeral written in digits: 2346万, 1.7亿, 2千万, 5千 (a Chinese numeral
# takes 千 and 百 into itself: 三千万).
MULTIPLIER = r"(?:[千百]?[万亿]|(?<=[0-9０-９])千(?![0-9０-９]))"
# A percentage written out: 百分之三十五, 百分之12.5.
PERCENT_WORDS = "百分之"
# A share written as a fraction: 三分之一, 四分之三, 一半 (a half).
FRACTION = r"[一二三四五六七八九十]{1,2}分之[一二三四五六七八九十]{1,2}|一半"
NUMERAL_RE = re.compile(rf"(?P<ar>{ARABIC})|(?P<cn>{CHINESE})")
# "3-6", "3～6", "3至6": the second part of a range.
RANGE_SEP = r"[-－~～—–至到]"


@dataclass(frozen=True)
class ParsedNumber:
    """A numeral with its multiplier applied; `high` is set for ranges (3-6 -> 3, high 6)."""

    value: float | int
    high: float | int | None = None


def _tidy(value: float) -> float | int:
    """Return an int when the value is integral, so 23.32万 -> 233200 (not 233200.00000000003)."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


def parse_arabic(text: str) -> float | int:
    """'2346' -> 2346, '23.32' -> 23.32, '１２' -> 12, '1,000' -> 1000."""
    clean = text.translate(_FULLWIDTH).replace(",", "")
    return _tidy(float(clean)) if "." in clean else int(clean)


def parse_chinese(text: str) -> int | float | None:
    """'四' -> 4, '十' -> 10, '二十' -> 20, '十二' -> 12, '一百二十三' -> 123, '两' -> 2,
    '三万' -> 30000, '一万二千' -> 12000, '万' -> 10000 (as in 近万人次), '零点五' -> 0.5,
    '三点五万' -> 35000; None if malformed."""
    if not text:
        return None
    if "点" in text:
        whole, _, rest = text.partition("点")
        digits = [CN_DIGITS.get(ch) for ch in rest.rstrip("万亿")]
        if not digits or None in digits:
            return None
        head = parse_chinese(whole) if whole else 0
        if head is None:
            return None
        value = float(f"{head}.{''.join(map(str, digits))}")
        tail = rest[len(digits):]
        for ch in tail:
            value *= CN_SECTIONS[ch]
        return _tidy(value)
    grand, total, current = 0, 0, 0
    for ch in text:  # numerals are a few characters long; a loop here is cheap
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
        elif ch in CN_SECTIONS:
            grand += ((total + current) or 1) * CN_SECTIONS[ch]
            total, current = 0, 0
        else:
            return None
    return grand + total + current


@lru_cache(maxsize=4096)
def parse_numeral(text: str) -> float | int | None:
    """Parse one numeral token, Arabic or Chinese (cached: the same numerals recur)."""
    text = text.strip().removeprefix(PERCENT_WORDS)
    if not text:
        return None
    if re.fullmatch(ARABIC, text):
        return parse_arabic(text)
    return parse_chinese(text)


def apply_multiplier(value: float | int, multiplier: str | None) -> float | int:
    """2346 with 万 -> 23460000; 1.7 with 亿 -> 170000000."""
    if not multiplier:
        return value
    factor = 1
    for ch in multiplier:
        factor *= MULTIPLIERS.get(ch, 1)
    return _tidy(value * factor)


_QUANTITY_RE = re.compile(
    rf"^(?P<n1>{ARABIC}|{CHINESE})(?:{RANGE_SEP}(?P<n2>{ARABIC}|{CHINESE}))?"
    rf"(?P<approx>余|多)?(?P<mult>{MULTIPLIER})?"
)


def parse_quantity(text: str) -> ParsedNumber | None:
    """Parse the numeric head of a quantity: '2346万' -> 23460000, '3-6' -> 3..6, '十余' -> 10,
    '2千万' -> 20000000, '百分之三十五' -> 35.

    The unit and any qualifier words are left to the caller; '余'/'多' between the
    numeral and 万 (1700余万) are skipped over.
    """
    text = text.strip()
    text = text.removeprefix(PERCENT_WORDS) if text.startswith(PERCENT_WORDS) and len(text) > len(PERCENT_WORDS) else text
    m = _QUANTITY_RE.match(text)
    if not m:
        return None
    low = parse_numeral(m.group("n1"))
    if low is None:
        return None
    low = apply_multiplier(low, m.group("mult"))
    high = None
    if m.group("n2"):
        high = parse_numeral(m.group("n2"))
        if high is not None:
            high = apply_multiplier(high, m.group("mult"))
    return ParsedNumber(low, high)


def parse_fraction(text: str) -> float | int | None:
    """A fraction as a percent, to one decimal: '三分之一' -> 33.3, '四分之三' -> 75, '一半' -> 50."""
    if text == "一半":
        return 50
    denominator, _, numerator = text.partition("分之")
    top, bottom = parse_chinese(numerator), parse_chinese(denominator)
    if not top or not bottom or top >= bottom:
        return None
    return _tidy(round(100 * top / bottom, 1))
