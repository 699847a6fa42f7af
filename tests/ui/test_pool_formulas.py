"""The Pooling page's formulas against the engine: every number written is max_pool2d's or avg_pool2d's,
written as the cells write it, and "=" only where a calculator working from the written numbers gets
the written result (checked with Decimal, as sum_text is)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from convviz.engine import avg_pool2d, max_pool2d
from convviz.scene.model import format_rows
from convviz.scene.scenes import PoolScene
from convviz.timeline import pool as pool_module
from convviz.timeline.pool import MAX_RULE, PoolTimeline
from convviz.ui.numbers import format_value
from convviz.ui.views.formulas import MINUS, size_text
from convviz.ui.views.pool_formulas import pool_text, rule_text


def timeline_of(rows, **params) -> PoolTimeline:
    rows = np.asarray(rows, dtype=np.float32)
    pairs = {key: (value, value) if type(value) is int else value for key, value in params.items()}
    return PoolTimeline(PoolScene(input=format_rows(rows), size=rows.shape, **pairs))


def texts(timeline) -> list[str]:
    return [pool_text(timeline, timeline.step(i)) for i in range(timeline.count)]


def test_max_writes_the_window_and_the_first_maximum_it_takes():
    timeline = timeline_of([[1, 7, 0, 2], [7, 2, 3, 3], [0, 0, 0, 0]], window=2)
    assert texts(timeline) == ["y[0, 0] = max(1, 7, 7, 2) = 7", "y[0, 1] = max(0, 2, 3, 3) = 3"]
    np.testing.assert_array_equal(timeline.output, max_pool2d(timeline.input, 2))
    assert rule_text(timeline, timeline.step(0)) == MAX_RULE[0].upper() + MAX_RULE[1:] + "."


def test_max_over_padding_writes_minus_infinity_and_says_it_never_wins():
    timeline = timeline_of([[-1, -2, -2], [-3, -4, -4], [-5, -5, -5]], window=2, padding=1)
    first = timeline.step(0)
    assert pool_text(timeline, first) == f"y[0, 0] = max({MINUS}∞, {MINUS}∞, {MINUS}∞, {MINUS}1) = {MINUS}1"
    assert first.value == max_pool2d(timeline.input, 2, padding=1)[0, 0]
    assert rule_text(timeline, first).endswith(f"Padding holds {MINUS}∞: it never wins.")


def test_nan_wins_and_is_written(monkeypatch):
    x = np.array([[1, np.nan, 0], [4, 5, 0], [0, 0, 0]], dtype=np.float32)
    monkeypatch.setattr(pool_module, "input_image", lambda source, size: x)
    timeline = timeline_of(np.ones((3, 3)), window=2)
    assert np.isnan(max_pool2d(x, 2)[0, 0])
    assert pool_text(timeline, timeline.step(0)) == "y[0, 0] = max(1, NaN, 4, 5) = NaN"


def test_the_issue_example_average_with_ceil_mode_writes_the_last_divisor():
    """[1, 2, 3, 4, 5] with k = 2, s = 2, ceil: [1.5, 3.5, 5], the last window dividing by 1."""
    timeline = timeline_of([[1, 2, 3, 4, 5]] * 3, pool="avg", window=(1, 2), ceil=True)
    np.testing.assert_array_equal(timeline.output, [[1.5, 3.5, 5]] * 3)
    np.testing.assert_array_equal(timeline.output, avg_pool2d(timeline.input, (1, 2), ceil_mode=True))
    assert texts(timeline)[:3] == [
        "y[0, 0] = (1 + 2) / 2 = 1.5",
        "y[0, 1] = (3 + 4) / 2 = 3.5",
        "y[0, 2] = 5 / 1 = 5",
    ]
    assert rule_text(timeline, timeline.step(0)) == "n = 2: every cell of the window is in the input."
    assert rule_text(timeline, timeline.step(2)) == (
        "n = 1: the 1 cell past the edge that ceil mode reaches is never counted."
    )


@pytest.mark.parametrize(
    ("count_pad", "formula", "why"),
    [
        (
            True,
            "y[0, 0] = (0 + 0 + 0 + 1) / 4 = 0.25",
            "n = 4: count_include_pad counts the padding's 3 cells.",
        ),
        (
            False,
            "y[0, 0] = 1 / 1 = 1",
            "n = 1: only the input's cells are counted, not the padding's 3 cells.",
        ),
    ],
)
def test_an_average_over_padding_divides_by_what_count_pad_counts(count_pad, formula, why):
    rows = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    timeline = timeline_of(rows, pool="avg", window=2, padding=1, count_pad=count_pad)
    engine = avg_pool2d(timeline.input, 2, padding=1, count_include_pad=count_pad)
    assert pool_text(timeline, timeline.step(0)) == formula and float(engine[0, 0]) == timeline.step(0).value
    assert rule_text(timeline, timeline.step(0)) == why
    assert texts(timeline)[-1].endswith(f"= {format_value(engine[-1, -1])}")


def test_padding_and_cells_past_the_edge_are_told_apart():
    timeline = timeline_of(np.ones((4, 4)), pool="avg", window=3, stride=2, padding=1, ceil=True)
    last = timeline.step(timeline.count - 1)
    assert rule_text(timeline, last) == (
        "n = 4: count_include_pad counts the padding's 3 cells; the 5 cells past the edge that ceil mode"
        " reaches are never counted."
    )


@pytest.mark.parametrize(
    ("rows", "ending"),
    [
        ([[0.1, 0.2, 0.3, 0.4]], "= 0.25"),
        ([[1, 1, 0]], "≈ 0.667 (total rounded)"),  # 2 / 3
        ([[0.123456, 0.5, 0.5]], "≈ 0.374 (terms rounded)"),
        # the cell rounds it; the exact quotient is the engine's
        ([[0.1234, 0.1235, 0.1234, 0.1235]], "= 0.12345"),
    ],
)
def test_an_average_says_equals_only_when_the_written_numbers_give_the_written_result(rows, ending):
    timeline = timeline_of(rows * 3, pool="avg", window=(1, len(rows[0])))
    assert pool_text(timeline, timeline.step(0)).endswith(f" {ending}")


def written_numbers(text: str) -> tuple[list[Decimal], int, Decimal, str]:
    """The terms, divisor, result and sign of "y[i, j] = (a + b) / n = v"."""
    right = text.split(" = ", 1)[1]
    sign = "=" if " = " in right else "≈"
    terms, rest = right.rsplit(" / ", 1)
    divisor, result = rest.split(f" {sign} ")
    numbers = terms.strip("()").replace(MINUS, "-").replace("(", "").replace(")", "").split(" + ")
    return (
        [Decimal(n) for n in numbers],
        int(divisor),
        Decimal(result.split(" ")[0].replace(MINUS, "-")),
        sign,
    )


@settings(max_examples=150, deadline=None)
@given(
    hnp.arrays(np.float32, (3, 4), elements=st.sampled_from([-2.5, -0.1, 0.0, 0.3, 1.0, 0.125, 7.0, 0.33])),
    st.integers(1, 3),
    st.integers(0, 1),
    st.booleans(),
    st.booleans(),
)
def test_every_equals_sign_is_what_a_calculator_gets_from_the_written_numbers(
    rows, k, padding, ceil, count_pad
):
    if padding * 2 > k:
        return
    timeline = timeline_of(rows, pool="avg", window=k, padding=padding, ceil=ceil, count_pad=count_pad)
    engine = avg_pool2d(rows, k, padding=padding, ceil_mode=ceil, count_include_pad=count_pad)
    for i in range(timeline.count):
        step = timeline.step(i)
        assert step.value == engine[step.out_cell]
        terms, divisor, result, sign = written_numbers(pool_text(timeline, step))
        assert divisor == step.divisor == len(terms)
        if sign == "=":
            assert sum(terms, Decimal(0)) / divisor == result
        assert float(result) == pytest.approx(float(engine[step.out_cell]), rel=5e-3, abs=1e-4)


def test_global_pooling_writes_a_long_window_around_an_ellipsis():
    rows = np.arange(28 * 28, dtype=np.float32).reshape(28, 28) % 7
    timeline = timeline_of(rows, pool="avg", window="global")
    text = pool_text(timeline, timeline.step(0))
    assert text.startswith("y[0, 0] = (0 + 1 + 2 + 3 + 4 + 5 + 6 + … + ") and " / 784 " in text
    assert text.endswith(f"= {format_value(avg_pool2d(rows, (28, 28))[0, 0])}")
    maximum = timeline_of(rows, window="global")
    assert pool_text(maximum, maximum.step(0)).endswith(", …, 6) = 6")


def test_the_size_formula_rounds_up_in_ceil_mode_and_takes_off_a_dropped_window():
    kept = timeline_of(np.ones((5, 5)), window=2, ceil=True)
    assert (
        size_text(kept.axis_sizes()[0], ceil=True)
        == f"H' = ⌈(5 + 0 {MINUS} 1·(2 {MINUS} 1) {MINUS} 1) / 2⌉ + 1 = 3"
    )
    # n = 4, k = 2, s = 3, p = 1: ⌈4 / 3⌉ + 1 = 3, less the third window, which would start past the input
    dropped = timeline_of(np.ones((4, 4)), window=2, stride=3, padding=1, ceil=True)
    assert dropped.output.shape == max_pool2d(np.ones((4, 4)), 2, 3, 1, ceil_mode=True).shape == (2, 2)
    formula = size_text(dropped.axis_sizes()[1], ceil=True)
    assert formula == f"W' = ⌈(4 + 2 {MINUS} 1·(2 {MINUS} 1) {MINUS} 1) / 3⌉ + 1 {MINUS} 1 = 2"
    plain = timeline_of(np.ones((5, 5)), window=2)
    assert size_text(plain.axis_sizes()[0]) == f"H' = ⌊(5 + 0 {MINUS} 1·(2 {MINUS} 1) {MINUS} 1) / 2⌋ + 1 = 2"
