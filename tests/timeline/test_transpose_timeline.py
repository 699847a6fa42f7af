"""The Transposed timeline against independent oracles: a float64 scatter loop written from the
definition (out[i·s + a·d − p] += x[i]·w[a]), scipy's full convolution at stride 1, the adjoint identity
with the engine's conv2d, hand-worked numbers; and its three views against each other."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.signal import convolve2d

from convviz.engine import conv2d, conv_transpose2d
from convviz.scene.link import format_link, parse_link
from convviz.scene.model import input_image, kernel_array
from convviz.scene.scenes import PAGES, TRANSPOSE_VIEWS, TransposeScene
from convviz.timeline import NoOutput, timeline_for
from convviz.timeline.adjoint import BORDER, INSERTED, VALUE
from convviz.timeline.transpose import (
    OUTPUT_PADDING_ZERO,
    ZERO_KINDS,
    InputStamp,
    MatrixRow,
    ZerosWindow,
)
from convviz.timeline.window import WindowStep

from .transpose_scenes import scene_of, scenes, timeline_or_none, timelines

CLOSE = dict(rtol=1e-5, atol=1e-4)


def scatter_loop(x, w, stride, padding, output_padding, dilation) -> np.ndarray:
    """The definition, in float64: every input cell adds its value times each weight at i·s + a·d − p."""
    out_shape = [
        (n - 1) * s - 2 * p + d * (k - 1) + o + 1
        for n, k, s, p, o, d in zip(x.shape, w.shape, stride, padding, output_padding, dilation)
    ]
    out = np.zeros(out_shape)
    for (i, j), value in np.ndenumerate(x):
        for (a, b), weight in np.ndenumerate(w):
            r = i * stride[0] + a * dilation[0] - padding[0]
            c = j * stride[1] + b * dilation[1] - padding[1]
            if 0 <= r < out_shape[0] and 0 <= c < out_shape[1]:
                out[r, c] += float(value) * float(weight)
    return out


def _params(scene):
    return dict(
        stride=scene.stride,
        padding=scene.padding,
        output_padding=scene.output_padding,
        dilation=scene.dilation,
    )


@settings(max_examples=80, deadline=None)
@given(scenes(views=("scatter", "zeros")))
def test_the_output_is_the_engines_and_the_definitions(scene):
    x, w = input_image(scene.input, scene.size), kernel_array(scene.kernel)
    timeline = timeline_or_none(scene)
    if timeline is None:  # the padding crops the whole output: the definition agrees there is none
        sizes = [(n - 1) * s - 2 * p + d * (k - 1) + o + 1 for n, k, s, p, o, d in zip(
            x.shape, w.shape, scene.stride, scene.padding, scene.output_padding, scene.dilation)]  # fmt: skip
        assert min(sizes) < 1
        return
    assert np.array_equal(timeline.output, conv_transpose2d(x, w, **_params(scene)))
    np.testing.assert_allclose(timeline.output, scatter_loop(x, w, **_params(scene)), **CLOSE)


def test_a_hand_worked_case():
    """The default: input 1..9, kernel 1,2,1;2,4,2;1,2,1, stride 2 -> 7x7; output(2, 2) gathers four
    stamps: 1·1 (input(0,0), tap (2,2)) + 2·1 + 4·1 + 5·1 = 12; output(1, 1) only input(0,0)·4 = 4."""
    timeline = timeline_for(TransposeScene())
    assert timeline.output.shape == (7, 7)
    assert timeline.output[2, 2] == 12 and timeline.output[1, 1] == 4 and timeline.output[0, 0] == 1
    assert timeline.output[6, 6] == 9 and timeline.output[3, 3] == 20  # 9·1; 5·4


@settings(max_examples=40, deadline=None)
@given(
    rows=hnp.arrays(np.float32, st.tuples(st.integers(3, 6), st.integers(3, 6)), elements=st.integers(-3, 3)),
    kernel=hnp.arrays(
        np.float32, st.tuples(st.integers(1, 4), st.integers(1, 4)), elements=st.integers(-2, 2)
    ),
    padding=st.integers(0, 1),
)
def test_at_stride_1_it_is_scipys_full_convolution_cropped_by_the_padding(rows, kernel, padding):
    full = convolve2d(rows.astype(np.float64), kernel.astype(np.float64), mode="full")
    expected = full[padding : full.shape[0] - padding, padding : full.shape[1] - padding]
    if min(expected.shape) < 1:
        return
    timeline = timeline_for(scene_of(rows, kernel, stride=1, padding=padding))
    np.testing.assert_allclose(timeline.output, expected, **CLOSE)


@settings(max_examples=60, deadline=None)
@given(timelines(views=("scatter",)))
def test_scatter_stamps_add_up_to_the_output_step_by_step(timeline):
    built = np.zeros(timeline.output.shape)
    assert timeline.count == timeline.input.size
    for k in range(timeline.count):
        step = timeline.step(k)
        stamp = step.detail
        assert isinstance(stamp, InputStamp) and step.index == k and step.view == "scatter"
        assert stamp.input_cell == divmod(k, timeline.input.shape[1])
        assert np.array_equal(stamp.values, timeline.kernel * stamp.value)
        cells = stamp.window[stamp.inside.reshape(-1)]
        np.add.at(built, (cells[:, 0], cells[:, 1]), stamp.values[stamp.inside].astype(np.float64))
        np.testing.assert_allclose(step.result, built, **CLOSE)
        assert step.words.startswith("input({}, {}) = ".format(*stamp.input_cell))
    assert np.array_equal(step.result, timeline.output)


@settings(max_examples=60, deadline=None)
@given(timelines(views=("zeros",)))
def test_zeros_view_gathers_the_same_output_from_the_zero_inserted_input(timeline):
    scene = timeline.scene
    spread, kinds = timeline.view.spread
    rotated = timeline.kernel[::-1, ::-1]
    # the fractionally strided convolution: stride 1 over the spread input, the rotated kernel
    gathered = conv2d(spread, rotated, dilation=scene.dilation)
    np.testing.assert_allclose(gathered, timeline.output, **CLOSE)
    pad = [d * (k - 1) - p for d, k, p in zip(scene.dilation, timeline.kernel.shape, scene.padding)]
    if min(pad) >= 0:  # nothing cropped: every input cell is in the spread map, s − 1 zeros apart
        assert np.array_equal(spread[kinds == VALUE], timeline.input.reshape(-1))
        lattice = [(n - 1) * s + 1 for n, s in zip(timeline.input.shape, scene.stride)]
        assert (kinds == INSERTED).sum() == lattice[0] * lattice[1] - timeline.input.size
        zeros = (BORDER, OUTPUT_PADDING_ZERO)
        assert np.isin(kinds[: pad[0]], zeros).all() and np.isin(kinds[:, : pad[1]], zeros).all()
    assert (spread[kinds != VALUE] == 0).all()
    rows, cols = np.nonzero(kinds == OUTPUT_PADDING_ZERO)  # only in the bottom and right bands
    (o0, o1), (h, w) = scene.output_padding, kinds.shape
    assert ((rows >= h - o0) | (cols >= w - o1)).all()
    for k in range(timeline.count):
        step = timeline.step(k)
        detail = step.detail
        assert isinstance(detail, ZerosWindow) and isinstance(detail.window, WindowStep)
        window = detail.window
        assert window.out_cell == divmod(k, timeline.output.shape[1])
        assert np.array_equal(window.weights, rotated) and window.reduction == "sum"
        assert window.value == float(timeline.output[window.out_cell])
        np.testing.assert_allclose(window.products.sum(), window.value, **CLOSE)
        assert np.array_equal(detail.kinds.reshape(-1), kinds[window.window[:, 0], window.window[:, 1]])
        assert step.words.startswith("output(")


@settings(max_examples=40, deadline=None)
@given(timelines(views=("matrix",)))
def test_matrix_view_is_c_transposed_of_the_matching_convolution(timeline):
    scene = timeline.scene
    matrix = timeline.view.matrix
    assert matrix.shape == (timeline.output.size, timeline.input.size)
    np.testing.assert_allclose(matrix @ timeline.input.reshape(-1), timeline.output.reshape(-1), **CLOSE)
    # C, built independently from conv2d of one-hot output-sized maps: rows the convolution's outputs
    h, w = timeline.output.shape
    basis = np.eye(h * w, dtype=np.float32).reshape(h * w, h, w)
    conv = dict(stride=scene.stride, padding=scene.padding, dilation=scene.dilation)
    c = np.stack([conv2d(e, timeline.kernel, **conv).reshape(-1) for e in basis], axis=1)
    # the convolution's outputs past this page's input (output_padding ≥ stride) are the ones dropped
    (n0, n1), conv_shape = timeline.input.shape, conv2d(basis[0], timeline.kernel, **conv).shape
    kept = np.arange(c.shape[0]).reshape(conv_shape)[:n0, :n1].reshape(-1)
    np.testing.assert_allclose(matrix, c[kept].T, **CLOSE)
    step = timeline.step(timeline.count - 1)
    assert isinstance(step.detail, MatrixRow) and step.detail.row == timeline.count - 1
    assert np.array_equal(step.result, timeline.output)


def test_the_three_views_end_at_one_array():
    base = dict(stride=(2, 1), padding=(1, 0), output_padding=(1, 1), dilation=(1, 2))
    rows = np.arange(12, dtype=np.float32).reshape(3, 4) - 5
    results = [
        timeline_for(scene_of(rows, "1,-1,2;0,3,1", view=view, **base)).step(10**6).result
        for view in TRANSPOSE_VIEWS
    ]
    assert all(np.array_equal(result, results[0]) for result in results)


def test_the_matrix_view_is_capped_with_the_reason():
    with pytest.raises(
        NoOutput, match=r"at most 12x12 cells \(Cᵀ has a row per output cell\); this output is 13x13"
    ):
        timeline_for(scene_of(np.ones((6, 6)), stride=2, view="matrix"))
    assert timeline_for(scene_of(np.ones((5, 5)), stride=2, view="matrix")).count == 11 * 11


def test_a_padding_that_crops_the_whole_output_says_so():
    with pytest.raises(NoOutput, match="padding removes the whole output height"):
        timeline_for(scene_of(np.ones((3, 3)), stride=1, padding=3))


def test_words_name_the_input_and_the_output_with_numbers():
    scene = TransposeScene(padding=(1, 1))
    scatter = timeline_for(scene).step(0).words
    assert scatter == (
        "input(0, 0) = 1 stamps 1 × kernel onto output cells from (-1, -1); 5 of its 9 cells fall outside"
        " the output and are cropped."
    )
    zeros = timeline_for(scene.replace(view="zeros"))
    assert zeros.step(0).words == (
        "output(0, 0) = Σ rotated kernel × the zero-inserted input under it = 4; of its 9 taps,"
        " 3 inserted zeros, 5 padding zeros."  # row 0, column 0 padding; (1, 2), (2, 1), (2, 2) inserted
    )
    assert "1 zero inserted" in zeros.note and "padded by d(k−1) − p = 1" in zeros.note
    assert "stride 1/2" in zeros.note
    matrix = timeline_for(scene.replace(view="matrix")).step(0).words
    assert matrix == "output(0, 0) = row 0 of Cᵀ · input = 4: 1 input cell reaches it."
    assert ZERO_KINDS[OUTPUT_PADDING_ZERO] == "output_padding zero"


def test_zeros_note_says_when_the_padding_crops_the_spread_input():
    note = timeline_for(TransposeScene(view="zeros", padding=(3, 3))).note
    assert "cropped by 1 on each side" in note


def test_output_padding_zeros_are_marked_on_the_bottom_and_right():
    timeline = timeline_for(TransposeScene(view="zeros", output_padding=(1, 1)))
    _, kinds = timeline.view.spread
    assert (kinds[-1] == OUTPUT_PADDING_ZERO).all() and (kinds[:, -1] == OUTPUT_PADDING_ZERO).all()
    assert (kinds[0, :-1] == BORDER).all() and not (kinds[:-1, :-1] == OUTPUT_PADDING_ZERO).any()
    assert timeline.output.shape == (8, 8)


def test_steps_clamp_into_range_and_come_from_the_link():
    scene = parse_link(format_link(TransposeScene(view="zeros", step=5)), PAGES)
    timeline = timeline_for(scene)
    assert scene.step == 5 and timeline.count == 49
    assert timeline.step(-3).index == 0 and timeline.step(10**9).index == 48
    assert timeline.step(scene.step).detail.window.out_cell == (0, 5)


def test_counting_steps_needs_no_qt():
    code = (
        "import sys; from convviz.scene.scenes import TransposeScene;"
        " from convviz.timeline import timeline_for;"
        " print(timeline_for(TransposeScene(view='zeros')).count, 'PySide6' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["49", "False"]
