"""The Pooling page's timeline against the engine: every step's value is max_pool2d / avg_pool2d's, the
chosen cell is the engine's argmax, and each average's divisor is the one PyTorch divides by."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from convviz.engine import avg_pool2d, max_pool2d
from convviz.scene.model import format_rows, input_image
from convviz.scene.scenes import PoolScene
from convviz.timeline import NoOutput, timeline_for
from convviz.timeline import pool as pool_module
from convviz.timeline.pool import MAX_RULE, PoolTimeline


def _scene(rows, **params) -> PoolScene:
    """A pooling scene of `rows`; a single number stands for both axes, as in links."""
    rows = np.asarray(rows, dtype=np.float32)
    pairs = {key: (value, value) if type(value) is int else value for key, value in params.items()}
    return PoolScene(input=format_rows(rows), size=rows.shape, **pairs)


def _engine(scene: PoolScene) -> np.ndarray:
    x = input_image(scene.input, scene.size)
    if scene.pool == "max":
        return max_pool2d(
            x, scene.kernel_size(), scene.stride_size(), scene.padding, scene.dilation, scene.ceil
        )
    return avg_pool2d(x, scene.kernel_size(), scene.stride_size(), scene.padding, scene.ceil, scene.count_pad)


def _values(timeline) -> np.ndarray:
    steps = [timeline.step(i) for i in range(timeline.count)]
    return np.array([s.value for s in steps], dtype=np.float32).reshape(timeline.output.shape)


def test_timeline_for_finds_the_pool_timeline():
    assert isinstance(timeline_for(PoolScene()), PoolTimeline)


def test_the_issue_example_average_with_ceil_mode():
    """[1,2,3,4,5] with k=2 s=2 ceil: the last window covers 5 and a cell past the edge, never counted."""
    rows = [[1, 2, 3, 4, 5]] * 3
    timeline = timeline_for(_scene(rows, pool="avg", window=(1, 2), stride=(1, 2), ceil=True))
    np.testing.assert_array_equal(timeline.output[0], [1.5, 3.5, 5])
    last = timeline.step(2)
    assert (last.reduction, last.divisor, last.value) == ("mean", 1, 5.0)
    assert last.inputs.tolist() == [[5, 0]] and timeline.past_edge == (0, 1)
    assert [timeline.step(i).divisor for i in range(3)] == [2, 2, 1]


def test_steps_go_row_major_over_the_output():
    timeline = timeline_for(_scene(np.arange(16).reshape(4, 4), window=2))
    assert [timeline.step(i).out_cell for i in range(4)] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert timeline.step(99).index == 3 and timeline.step(-5).index == 0  # clamped
    np.testing.assert_array_equal(timeline.step(3).window, [[2, 2], [2, 3], [3, 2], [3, 3]])
    assert timeline.step(3).weights is None and timeline.step(3).products is None


def test_ties_choose_the_first_maximum_in_row_major_window_order():
    timeline = timeline_for(_scene([[1, 7, 7], [7, 2, 0], [0, 0, 7]], window=2, stride=1))
    assert timeline.step(0).chosen == (0, 1)  # 7 at (0, 1) before the 7 at (1, 0)
    assert timeline.step(1).chosen == (0, 1)
    assert timeline.step(3).chosen == (2, 2)
    assert "first maximum" in MAX_RULE and "NaN" in MAX_RULE


def test_nan_wins_a_max_window(monkeypatch):
    """Links only carry finite inputs, so a NaN map is handed to the timeline where it reads its input."""
    x = np.array([[1, np.nan, 3, 9], [4, 5, 6, 9], [7, 8, 9, np.nan]], dtype=np.float32)
    monkeypatch.setattr(pool_module, "input_image", lambda source, size: x)
    timeline = timeline_for(_scene(np.ones((3, 4)), window=2, stride=1))
    np.testing.assert_array_equal(_values(timeline), max_pool2d(x, 2, 1))
    assert timeline.step(0).chosen == (0, 1) and np.isnan(timeline.step(0).value)
    assert timeline.step(1).chosen == (0, 1)  # NaN beats the 6 and the 5
    assert timeline.step(5).chosen == (2, 3) and np.isnan(timeline.step(5).value)


def test_padding_holds_minus_infinity_for_max_and_zero_for_average():
    rows = -np.ones((3, 3))
    maximum = timeline_for(_scene(rows, window=3, stride=1, padding=1))
    assert maximum.padded[0, 0] == -np.inf and maximum.sides == (1, 1, 1, 1)
    assert maximum.step(0).value == -1 and maximum.step(0).chosen == (1, 1)  # never a padded cell
    average = timeline_for(_scene(rows, pool="avg", window=3, stride=1, padding=1))
    assert average.padded[0, 0] == 0
    assert average.step(0).divisor == 9 and average.step(0).value == pytest.approx(-4 / 9)
    excluded = timeline_for(_scene(rows, pool="avg", window=3, stride=1, padding=1, count_pad=False))
    assert excluded.step(0).divisor == 4 and excluded.step(0).value == -1


def test_global_pooling_is_one_window_over_the_whole_input():
    rows = np.arange(12, dtype=np.float32).reshape(3, 4)
    timeline = timeline_for(_scene(rows, pool="avg", window="global"))
    assert timeline.count == 1 and timeline.step(0).inputs.shape == (3, 4)
    assert timeline.step(0).value == pytest.approx(5.5) and timeline.step(0).divisor == 12


@pytest.mark.parametrize(
    ("params", "words"),
    [
        (dict(window=3, padding=2), ["No output", "padding (2)", "half"]),
        (dict(window=7), ["No output", "larger than the padded input"]),
        (dict(window=3, dilation=3), ["No output", "dilation 3"]),
    ],
)
def test_parameters_with_no_output_say_why(params, words):
    with pytest.raises(NoOutput) as caught:
        timeline_for(_scene(np.ones((5, 5)), **params))
    for word in words:
        assert word in str(caught.value)


def test_ceil_mode_says_which_windows_it_kept_and_dropped():
    kept = timeline_for(_scene(np.ones((5, 5)), window=2, ceil=True))
    assert kept.output.shape == (3, 3)
    assert all("keeps one more window" in note and "4 to 5" in note for note in kept.ceil_notes())
    # n=4, k=2, s=3, p=1: rounding up would add a third window starting at 5, past the input: dropped
    dropped = timeline_for(_scene(np.ones((4, 4)), window=2, stride=3, padding=1, ceil=True))
    assert dropped.output.shape == (2, 2) == max_pool2d(np.ones((4, 4)), 2, 3, 1, ceil_mode=True).shape
    assert "5 to 6" in dropped.ceil_notes()[0]
    assert all("dropped" in note and "start inside the input or the left padding" in note
               for note in dropped.ceil_notes())  # fmt: skip
    exact = timeline_for(_scene(np.ones((4, 4)), window=2, ceil=True))
    assert all("fit exactly" in note for note in exact.ceil_notes())
    assert timeline_for(_scene(np.ones((5, 5)), window=2)).ceil_notes() == ()


def test_size_formula_numbers_use_both_sides_of_padding():
    timeline = timeline_for(_scene(np.ones((7, 9)), window=(3, 2), stride=2, padding=1))
    height, width = timeline.axis_sizes()
    assert (height.n, height.padding, height.kernel, height.stride, height.out) == (7, 2, 3, 2, 4)
    assert (width.n, width.padding, width.kernel, width.stride, width.out) == (9, 2, 2, 2, 5)


def test_output_fills_in_step_by_step():
    timeline = timeline_for(_scene(np.arange(16).reshape(4, 4), window=2))
    shown = timeline.output_until(1)
    assert shown[0].tolist() == [5, 7] and np.isnan(shown[1]).all()


@st.composite
def pool_cases(draw):
    shape = (draw(st.integers(3, 9)), draw(st.integers(3, 9)))
    rows = draw(hnp.arrays(np.float32, shape, elements=st.sampled_from([-2.0, -0.5, 0.0, 1.0, 1.0, 3.25])))
    kind = draw(st.sampled_from(["max", "avg"]))
    window = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    return rows, dict(
        pool=kind,
        window=window,
        stride=draw(st.one_of(st.none(), st.tuples(st.integers(1, 3), st.integers(1, 3)))),
        padding=(draw(st.integers(0, window[0] // 2)), draw(st.integers(0, window[1] // 2))),
        dilation=(draw(st.integers(1, 2)), draw(st.integers(1, 2))) if kind == "max" else (1, 1),
        ceil=draw(st.booleans()),
        count_pad=draw(st.booleans()) if kind == "avg" else True,
    )


@settings(max_examples=200, deadline=None)
@given(pool_cases())
def test_every_step_equals_the_engine(case):
    """Values, chosen cells and divisors over random inputs with ties, padding, dilation and ceil mode."""
    rows, params = case
    scene = _scene(rows, **params)
    try:
        expected = _engine(scene)
    except ValueError:
        with pytest.raises(NoOutput):
            timeline_for(scene)
        return
    timeline = timeline_for(scene)
    np.testing.assert_array_equal(_values(timeline), expected)
    if scene.pool == "max":
        _, indices = max_pool2d(rows, scene.kernel_size(), scene.stride_size(), scene.padding, scene.dilation,
                                scene.ceil, return_indices=True)  # fmt: skip
    top, _, left, _ = timeline.sides
    for i in range(timeline.count):
        step = timeline.step(i)
        cells = {tuple(c) for c in step.window.tolist()}
        if scene.pool == "max":
            row, col = divmod(int(indices[step.out_cell]), rows.shape[1])
            assert step.chosen == (row + top, col + left) and step.chosen in cells
            assert timeline.padded[step.chosen] == step.value
        else:
            assert float(step.inputs.sum(dtype=np.float64)) / step.divisor == pytest.approx(
                step.value, rel=1e-6
            )


def test_the_cells_an_average_counts_are_those_it_divides_by():
    """count_pad on: the input and its padding; off: the input only; never the cells past the padding
    that ceil mode's last windows reach. Max reads every cell."""
    rows = np.arange(16, dtype=np.float32).reshape(4, 4)
    counting = timeline_for(_scene(rows, pool="avg", window=3, stride=2, padding=1, ceil=True))
    assert counting.padded.shape == (7, 7) and counting.past_edge == (1, 1)
    assert (
        counting.counted[:6, :6].all() and not counting.counted[6].any() and not counting.counted[:, 6].any()
    )
    excluding = timeline_for(
        _scene(rows, pool="avg", window=3, stride=2, padding=1, ceil=True, count_pad=False)
    )
    np.testing.assert_array_equal(excluding.counted, np.pad(np.ones((4, 4), bool), ((1, 2), (1, 2))))
    for timeline in (counting, excluding):
        for i in range(timeline.count):
            step = timeline.step(i)
            assert step.divisor == timeline.counted[step.window[:, 0], step.window[:, 1]].sum()
    assert timeline_for(_scene(rows, window=3, stride=2, padding=1, ceil=True)).counted.all()


def test_cell_kinds_tell_the_input_the_padding_and_the_cells_past_the_edge_apart():
    timeline = timeline_for(_scene(np.ones((4, 4)), pool="avg", window=3, stride=2, padding=1, ceil=True))
    inside, past = timeline.cell_kinds(np.array([[1, 1], [0, 3], [5, 2], [6, 2], [2, 6], [4, 4]]))
    assert inside.tolist() == [True, False, False, False, False, True]
    assert past.tolist() == [False, False, False, True, True, False]  # (0, 3) and (5, 2): padding
