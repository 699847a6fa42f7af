"""The Pooling page's formulas with the current numbers, written as the cells write them, so a student can
redo each: the max of the window, or the average of the cells it counts and why it counts that many."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from convviz.timeline.pool import MAX_RULE, PoolTimeline
from convviz.timeline.window import WindowStep
from convviz.ui.numbers import format_number

from .formulas import FLOAT32_SLACK, MINUS, decimal_of, number_text, result_text, shortened

MAX_TERMS = 9  # a longer window (global pooling) writes its first terms and its last around "…"


def pool_text(timeline: PoolTimeline, step: WindowStep, max_terms: int = MAX_TERMS) -> str:
    """y[i, j] = max(a, b, c, d) = v, or y[i, j] = (a + b + c + d) / n = v over the cells the average
    counts (so n is the number of terms), with sum_text's "=" or "≈ v (why)"."""
    i, j = step.out_cell
    if step.reduction == "max":
        terms = [number_text(format_number(v)) for v in step.inputs.ravel().tolist()]
        value = number_text(format_number(step.value))
        return f"y[{i}, {j}] = max({', '.join(shortened(terms, max_terms))}) = {value}"
    counted = timeline.counted[step.window[:, 0], step.window[:, 1]]
    numbers = [format_number(v) for v in step.inputs.ravel()[counted].tolist()]
    terms = shortened([number_text(n, True) for n in numbers], max_terms)
    written = _written_mean(numbers, step.divisor)
    exact = all(n.exact for n in numbers)
    inputs = step.inputs.ravel()[counted].astype(np.float64)
    slack = FLOAT32_SLACK * max(len(numbers), 1) * float(np.abs(inputs).sum()) / step.divisor
    total = " + ".join(terms) if len(terms) == 1 else f"({' + '.join(terms)})"
    return f"y[{i}, {j}] = {total} / {step.divisor} {result_text(written, exact, step.value, slack)}"


def _written_mean(numbers, divisor: int) -> Decimal | None:
    """The written terms added and divided as decimals, what a calculator gives; None if one is not a
    finite number."""
    values = [decimal_of(n.text) for n in numbers]
    if any(v is None for v in values):
        return None
    return sum(values, Decimal(0)) / divisor


def rule_text(timeline: PoolTimeline, step: WindowStep) -> str:
    """In words, the rule behind this step's number: which cell max takes, or why the average divides
    by n."""
    if step.reduction == "max":
        rule = MAX_RULE[0].upper() + MAX_RULE[1:] + "."
        return f"{rule} Padding holds {MINUS}∞: it never wins." if any(timeline.sides) else rule
    inside, past = timeline.cell_kinds(step.window)
    padding, beyond, n = int((~inside & ~past).sum()), int(past.sum()), step.divisor
    if padding and timeline.scene.count_pad:
        why = [f"count_include_pad counts the padding's {_cells(padding)}"]
    elif padding:
        why = [f"only the input's cells are counted, not the padding's {_cells(padding)}"]
    elif not beyond:
        why = ["every cell of the window is in the input"]
    else:
        why = []
    if beyond:
        are = "is" if beyond == 1 else "are"
        why.append(f"the {_cells(beyond)} past the edge that ceil mode reaches {are} never counted")
    return f"n = {n}: {'; '.join(why)}."


def _cells(count: int) -> str:
    return f"{count} cell" if count == 1 else f"{count} cells"
