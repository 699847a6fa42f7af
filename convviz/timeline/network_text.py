"""Sums written out so a student can check them with a calculator: every number to two decimals, with a
true minus sign, and "=" only when the shown terms add up to the shown result exactly; otherwise the
text says the terms are shown rounded."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np

DECIMALS = 2
ROUNDED = " (terms shown rounded)"


def shown(value: float) -> str:
    """A value as the sums write it: 2 decimals, "−" for minus, no "−0.00", "−∞" for padding of a max."""
    if np.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:.{DECIMALS}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "−")


def _decimal(value: float) -> Decimal:
    return Decimal(shown(value).replace("−", "-"))


def _equals(parts: Sequence[float], result: float, combine) -> str:
    """ " = result" when combining the shown parts gives the shown result, else "≈ result" with the note."""
    exact = combine([_decimal(part) for part in parts]) == _decimal(result)
    return f" = {shown(result)}" if exact else f" ≈ {shown(result)}{ROUNDED}"


def sum_text(partials: Sequence[float], bias: float, total: float) -> str:
    """ "(1.20) + (−0.35) + bias 0.10 = 0.95": each partial in brackets, then the bias."""
    terms = " + ".join(f"({shown(p)})" for p in partials)
    return f"{terms} + bias {shown(bias)}" + _equals([*partials, bias], total, sum)


def max_text(values: Sequence[float], result: float) -> str:
    """ "max(0.20, 0.80, −∞) = 0.80": the maximum of the shown values is always the shown maximum."""
    return f"max({', '.join(map(shown, values))}) = {shown(result)}"


def mean_text(values: Sequence[float], divisor: int, result: float) -> str:
    """ "(0.20 + 0.80 + 0.10 + 0.00) / 4 = 0.28"."""
    terms = " + ".join(map(shown, values))
    quantize = Decimal(1).scaleb(-DECIMALS)
    return f"({terms}) / {divisor}" + _equals(
        values, result, lambda parts: (sum(parts) / divisor).quantize(quantize)
    )


def relu_text(value: float, result: float) -> str:
    return f"max(0, {shown(value)}) = {shown(result)}"
