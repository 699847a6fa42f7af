"""The formulas a view writes out, with the current numbers substituted, written the way the cells write
them (convviz.ui.numbers), so a student can redo each one with a calculator."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from convviz.timeline.conv import AxisSize, ConvStep
from convviz.ui.numbers import Number, format_number

MINUS = "\u2212"


def _number(number: Number, wrap_negative: bool = False) -> str:
    text = number.text.replace("-", MINUS)
    return f"({text})" if wrap_negative and text.startswith(MINUS) else text


def _adds_up(factors: list[tuple[Number, Number]], total: Number) -> bool:
    """Whether the written products, added as decimals, give exactly the written total; a sum with
    something not finite in it is not checked."""
    try:
        written = sum((Decimal(a.text) * Decimal(w.text) for a, w in factors), Decimal(0))
        return written == Decimal(total.text)
    except InvalidOperation:  # ∞, or an empty (NaN) cell
        return True


def sum_text(step: ConvStep, max_terms: int = 9) -> str:
    """y[i, j] = a·w + a·w + … = v, every input value times its weight. "=" only when the terms are
    written exactly and add up to the written total; otherwise "≈ v" and the reason (terms or total
    rounded), even where rounded terms happen to add up to a rounded total (4·0.111 and 4/9). A long
    sum keeps its first terms and its last around an ellipsis so the line stays readable."""
    factors = [
        (format_number(a), format_number(w))
        for a, w in zip(step.inputs.ravel().tolist(), step.weights.ravel().tolist(), strict=True)
    ]
    terms = [f"{_number(a, True)}·{_number(w, True)}" for a, w in factors]
    if len(terms) > max_terms:
        terms = [*terms[: max_terms - 2], "…", terms[-1]]
    total = format_number(step.value)
    i, j = step.out_cell
    left = f"y[{i}, {j}] = {' + '.join(terms)}"
    if _exact(factors) and _adds_up(factors, total):
        return f"{left} = {_number(total)}"
    return f"{left} ≈ {_number(total)} ({_why_not_exact(factors, total)})"


def _exact(factors: list[tuple[Number, Number]]) -> bool:
    return all(a.exact and w.exact for a, w in factors)


def _why_not_exact(factors: list[tuple[Number, Number]], total: Number) -> str:
    if not _exact(factors):
        return "terms rounded"
    return "total rounded" if not total.exact else "computed in float32"


def size_text(axis: AxisSize) -> str:
    """The output-size formula along one axis: ⌊(n + p − d·(k − 1) − 1) / s⌋ + 1 = out."""
    symbol = "H" if axis.name == "height" else "W"
    numerator = f"{axis.n} + {axis.padding} {MINUS} {axis.dilation}·({axis.kernel} {MINUS} 1) {MINUS} 1"
    return f"{symbol}' = ⌊({numerator}) / {axis.stride}⌋ + 1 = {axis.out}"
