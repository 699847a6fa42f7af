"""How every number is written for a person: cell labels, colour keys, tooltips and formulas alike, so a
student can check any of them with a calculator.

A number is written exactly when its shortest decimal form is short (0.0625 stays 0.0625); otherwise it is
rounded to a few significant digits, half away from zero, applied to that decimal form, not to the binary
value behind it (to two decimals 2.675 is 2.68, as the person who typed it expects, though the float is
a hair below). float32 values, which the engine computes in, are read at float32 precision, so 0.3 is
0.3 and not 0.30000001.
"""

from __future__ import annotations

import functools
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

import numpy as np

# Together these keep every text below 1e10 within 7 characters ("-0.0625", "-123.45", "-1.23e6"), which a 3x3
# kernel's cells still show at the 24 px a lecture hall needs; longer texts would hide the values there.
EXACT_DIGITS = 5  # significant digits a number may have and still be written exactly...
EXACT_DECIMALS = 4  # ...and digits after the point (also the most a rounded number keeps)
ROUNDED_DIGITS = 3  # other numbers get this many significant digits, never rounding left of the point
SCIENTIFIC_FROM = 1e6  # from here on, 1.23e6: wider numbers would not fit a cell


class Number(NamedTuple):
    text: str  # "" for NaN (an empty cell)
    exact: bool  # the text is the value's own shortest decimal, not a rounding of it


def shortest_text(value: float) -> str:
    """The shortest decimal text that reads back as `value`, at float32 precision for a float32 value."""
    single = np.float32(value)
    if float(single) == value:
        return np.format_float_positional(single, unique=True, trim="-")
    return np.format_float_positional(value, unique=True, trim="-")


def shortest_decimal(value: float) -> Decimal:
    """shortest_text as a Decimal, to calculate with."""
    return Decimal(shortest_text(value))


def plain(number: Decimal) -> str:
    """Fixed-point text without trailing zeros, and never "-0"."""
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def round_half_away(number: Decimal, places: int) -> Decimal:
    """`number` rounded to `places` decimals, ties away from zero (0.625 -> 0.63, -0.625 -> -0.63)."""
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@functools.lru_cache(maxsize=65536)
def _format(value: float) -> Number:
    """Read off the digits of the shortest decimal text (cheaper than Decimal arithmetic, which only a
    rounding needs): a grid of new values formats every cell."""
    if math.isinf(value):
        return Number("∞" if value > 0 else "-∞", False)
    text = shortest_text(value)
    if abs(value) >= SCIENTIFIC_FROM:
        mantissa, exponent = f"{value:.{ROUNDED_DIGITS - 1}e}".split("e")
        short = f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"
        return Number(short, Decimal(short) == Decimal(text))
    whole, _, fraction = text.lstrip("-").partition(".")
    significant = len((whole + fraction).lstrip("0"))
    if not fraction or (significant <= EXACT_DIGITS and len(fraction) <= EXACT_DECIMALS):
        return Number(text, True)
    if whole != "0":
        leading = len(whole) - 1  # the power of ten of the leading digit
    else:
        leading = -(len(fraction) - len(fraction.lstrip("0")) + 1)
    places = min(EXACT_DECIMALS, max(0, ROUNDED_DIGITS - 1 - leading))
    return Number(plain(round_half_away(Decimal(text), places)), False)


def nudged(value: float, amount: Decimal) -> float:
    """`value` plus `amount`, added as decimals: a wheel notch of 0.1 takes 0.0625 to 0.1625, not to the
    0.16250000000000001 of binary floats or to a rounding of it."""
    return float(shortest_decimal(value) + amount)


def format_number(value: float) -> Number:
    """The text of `value` and whether it is exact; NaN is an empty cell, ""."""
    value = float(value)
    if math.isnan(value):
        return Number("", True)
    return _format(value + 0.0)  # + 0.0: -0.0 is 0


def format_value(value: float) -> str:
    """The text of `value`, the same wherever it appears: see the module's docstring for the rule."""
    return format_number(value).text
