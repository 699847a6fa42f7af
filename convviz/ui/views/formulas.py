"""The formulas a view writes out, with the current numbers substituted, written the way the cells write
them (convviz.ui.numbers), so a student can redo each one with a calculator."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import numpy as np

from convviz.timeline.window import AxisSize, WindowStep
from convviz.ui.numbers import Number, format_number, plain

MINUS = "\u2212"
MAX_SUM_DIGITS = 9  # an exact sum longer than this is written rounded (about float32's precision)
FLOAT32_SLACK = 4 * 2.0**-24  # float32 rounding allowed per term, relative to the sum of |products|


def number_text(number: Number, wrap_negative: bool = False) -> str:
    """A number as a formula writes it: a true minus sign, "NaN" for NaN (a cell leaves it empty)."""
    text = number.text.replace("-", MINUS) or "NaN"
    return f"({text})" if wrap_negative and text.startswith(MINUS) else text


def decimal_of(text: str) -> Decimal | None:
    """A written number as a Decimal, or None for one that is not finite (∞, or an empty cell)."""
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _written_sum(factors: list[tuple[Number, Number]]) -> Decimal | None:
    """The written products added as decimals, what a calculator gives; None if something in the sum
    is not a finite number."""
    numbers = [(decimal_of(a.text), decimal_of(w.text)) for a, w in factors]
    if any(a is None or w is None for a, w in numbers):
        return None
    return sum((a * w for a, w in numbers), Decimal(0))


def sum_text(step: WindowStep, max_terms: int = 9, name: str = "y") -> str:
    """y[i, j] = a·w + a·w + … = v, every input value times its weight. "=" only when the written terms
    add up to the written total and that total is the engine's value: the cell's text, or, when the cell
    had to round it, the sum with all its digits (0.3·0.0625 + 0.3·0.125 = 0.05625) if it is the engine's
    value but for float32 rounding. A rounded term may stand in an "=" only where the total is exact
    (0.156·0 + 1·1 = 1). Otherwise "≈ v" and why, even where rounded terms happen to add up to a rounded
    total (4·0.111 and 4/9). The check covers every term; a long sum writes its first terms and its last
    around an ellipsis so the line stays readable. `name` is the map the sum fills (dL/dW, dL/dX)."""
    factors = [
        (format_number(a), format_number(w))
        for a, w in zip(step.inputs.ravel().tolist(), step.weights.ravel().tolist(), strict=True)
    ]
    terms = [  # written out only for the terms shown: dL/dW's sum on a 64x64 input has 3844
        term if isinstance(term, str) else f"{number_text(term[0], True)}·{number_text(term[1], True)}"
        for term in shortened(factors, max_terms)
    ]
    i, j = step.out_cell
    left = f"{name}[{i}, {j}] = {' + '.join(terms)}"
    exact = all(a.exact and w.exact for a, w in factors)
    slack = FLOAT32_SLACK * step.products.size * float(np.abs(step.products).sum())
    return f"{left} {result_text(_written_sum(factors), exact, step.value, slack)}"


def listed_sum_text(
    index: int, out_cell: tuple[int, int], inputs: np.ndarray, weights: np.ndarray, value: float, name: str
) -> str:
    """sum_text of a sum that is no window on a map: a matrix row (or column) times a vector, the
    terms that are not 0 listed."""
    step = WindowStep(
        index=index, out_cell=out_cell, window=np.empty((0, 2), int), inputs=inputs, weights=weights,
        products=inputs * weights, reduction="sum", value=value,
    )  # fmt: skip
    return sum_text(step, name=name)


def shortened(terms: list[str], max_terms: int) -> list[str]:
    """A long list of terms as its first ones and its last around an ellipsis."""
    return [*terms[: max_terms - 2], "…", terms[-1]] if len(terms) > max_terms else terms


def result_text(written: Decimal | None, exact: bool, value: float, slack: float) -> str:
    """ "= v" or "≈ v (why)" for a formula whose written terms work out to `written` (None if one is not
    a finite number) and are all `exact`, and whose engine value is `value`: see sum_text. `slack` is
    how far from `value` float32 rounding may take an exact result."""
    total = format_number(value)
    shown = decimal_of(total.text)
    if written is None or shown is None or ((exact or total.exact) and written == shown):
        return f"= {number_text(total)}"
    if exact and _is_engine_value(written, value, slack):
        return f"= {number_text(Number(plain(written), True))}"
    reason = "terms rounded" if not exact else "total rounded" if not total.exact else "computed in float32"
    return f"≈ {number_text(total)} ({reason})"


def _is_engine_value(written: Decimal, value: float, slack: float) -> bool:
    """The exact result is short enough to write and is the engine's value but for float32 rounding (of
    each weight, input and product, and of the running sum: a few units of 2**-24 per term)."""
    if len(written.normalize().as_tuple().digits) > MAX_SUM_DIGITS:
        return False
    return abs(float(written) - value) <= slack


def size_text(axis: AxisSize, ceil: bool = False) -> str:
    """The output-size formula along one axis: ⌊(n + p − d·(k − 1) − 1) / s⌋ + 1 = out; in ceil mode
    ⌈…⌉, less the one window it would add that starts past the input's far edge, when it does."""
    symbol = "H" if axis.name == "height" else "W"
    numerator = f"{axis.n} + {axis.padding} {MINUS} {axis.dilation}·({axis.kernel} {MINUS} 1) {MINUS} 1"
    if not ceil:
        return f"{symbol}' = ⌊({numerator}) / {axis.stride}⌋ + 1 = {axis.out}"
    span = axis.n + axis.padding - axis.dilation * (axis.kernel - 1) - 1
    dropped = f" {MINUS} 1" if -(-span // axis.stride) + 1 > axis.out else ""
    return f"{symbol}' = ⌈({numerator}) / {axis.stride}⌉ + 1{dropped} = {axis.out}"
