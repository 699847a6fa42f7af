"""The formulas a view writes out, with the current numbers substituted."""

from __future__ import annotations

from convviz.timeline.conv import AxisSize, ConvStep
from convviz.ui.widgets.grid_view import format_value

MINUS = "\u2212"


def _number(value: float, wrap_negative: bool = False) -> str:
    text = format_value(value).replace("-", MINUS)
    return f"({text})" if wrap_negative and text.startswith(MINUS) else text


def sum_text(step: ConvStep, max_terms: int = 9) -> str:
    """y[i, j] = a·w + a·w + … = v, every input value times its weight; a long sum keeps its first terms
    and its last around an ellipsis so the line stays readable."""
    terms = [
        f"{_number(a, True)}·{_number(w, True)}"
        for a, w in zip(step.inputs.ravel(), step.weights.ravel(), strict=True)
    ]
    if len(terms) > max_terms:
        terms = [*terms[: max_terms - 2], "…", terms[-1]]
    i, j = step.out_cell
    return f"y[{i}, {j}] = {' + '.join(terms)} = {_number(step.value)}"


def size_text(axis: AxisSize) -> str:
    """The output-size formula along one axis: ⌊(n + p − d·(k − 1) − 1) / s⌋ + 1 = out."""
    symbol = "H" if axis.name == "height" else "W"
    numerator = f"{axis.n} + {axis.padding} {MINUS} {axis.dilation}·({axis.kernel} {MINUS} 1) {MINUS} 1"
    return f"{symbol}' = ⌊({numerator}) / {axis.stride}⌋ + 1 = {axis.out}"
