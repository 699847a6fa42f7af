"""The Backprop timeline against two oracles: the engine (`conv2d_backward`, the pool backward
functions, called here on the chain the test builds itself) and float64 loops written from the
definitions (backprop_oracle). Engine maps are compared exactly; the loops, which sum in float64 in
their own order, within 1e-5 (float32 rounding of sums of at most a few hundred terms of size <= 10)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from convviz.engine import (
    avg_pool2d_backward,
    conv2d,
    conv2d_backward,
    max_pool2d_backward,
)
from convviz.scene.model import input_image, kernel_array
from convviz.scene.scenes import DX_VIEWS, BackpropScene
from convviz.scene.upstream import Upstream
from convviz.timeline import NoOutput, timeline_for
from convviz.timeline.backprop import BackpropTimeline, upstream_values
from convviz.timeline.input_gradient import SPREAD_KINDS
from convviz.timeline.window import WindowStep

from .backprop_oracle import oracle
from .backprop_scenes import scene_of as _scene
from .backprop_scenes import scenes

CLOSE = dict(rtol=1e-5, atol=1e-5)


def _timeline(scene) -> BackpropTimeline:
    try:
        return timeline_for(scene)
    except NoOutput:
        assume(False)  # a scene with no output position is tested by name below


def _steps(timeline, label):
    return [s for s in map(timeline.step, range(timeline.count)) if s.phase == label]


def _engine_chain(scene, upstream):
    """The chain as the test builds it from the engine directly: (conv, grad at the pool's input,
    grad at the conv output, (grad_x, grad_w, grad_b))."""
    x, kernel = input_image(scene.input, scene.size), kernel_array(scene.kernel)
    params = dict(stride=scene.stride, padding=scene.padding, dilation=scene.dilation,
                  padding_mode=scene.padding_mode, flip=scene.flip)  # fmt: skip
    conv = conv2d(x, kernel, **params)
    activation = np.maximum(conv, 0) if scene.relu else conv
    pool = {"max": max_pool2d_backward, "avg": avg_pool2d_backward}.get(scene.pool)
    grad_a = pool(activation, upstream, scene.window, scene.pool_stride_size()) if pool else upstream
    grad_z = np.where(conv > 0, grad_a, 0) if scene.relu else grad_a
    return conv, grad_a, grad_z, conv2d_backward(x, kernel, grad_z, **params)


@settings(max_examples=150, deadline=None)
@given(scenes())
def test_every_map_equals_the_engine_and_the_loops(scene):
    timeline = _timeline(scene)
    conv, grad_a, grad_z, (grad_x, grad_w, grad_b) = _engine_chain(scene, timeline.upstream)
    for shown, engine in [(timeline.conv, conv), (timeline.grad_activation, grad_a),
                          (timeline.grad_conv, grad_z), (timeline.grad_input, grad_x),
                          (timeline.grad_weight, grad_w)]:  # fmt: skip
        np.testing.assert_array_equal(shown, engine)
    assert timeline.grad_bias == grad_b[0]
    loops = oracle(scene, timeline.upstream)
    for name in ("conv", "last", "grad_activation", "grad_conv", "grad_weight", "grad_input"):
        np.testing.assert_allclose(getattr(timeline, name), getattr(loops, name), **CLOSE, err_msg=name)
    np.testing.assert_allclose(timeline.grad_bias, loops.grad_bias, **CLOSE)
    last = timeline.step(timeline.count - 1)
    np.testing.assert_array_equal(last.result, grad_x)  # every view ends at the engine's dL/dX


@settings(max_examples=100, deadline=None)
@given(scenes())
def test_the_steps_of_each_phase_rebuild_its_map(scene):
    """What each step says travels (routes, stamps, products) adds up to the engine's map, and the
    running maps are the sums of the steps so far."""
    timeline = _timeline(scene)
    loops = oracle(scene, timeline.upstream)
    if scene.pool != "none":
        arrived = np.zeros(timeline.activation.shape)
        for step in _steps(timeline, f"{scene.pool} pool"):
            np.add.at(arrived, tuple(step.detail.targets.T), step.detail.shares)
            np.testing.assert_allclose(step.result, arrived, **CLOSE)
            assert step.detail.value == timeline.upstream[step.detail.out_cell]
        np.testing.assert_array_equal(step.result, timeline.grad_activation)
    if scene.relu:
        (relu,) = _steps(timeline, "ReLU")
        np.testing.assert_array_equal(relu.result, np.where(timeline.conv > 0, timeline.grad_activation, 0))
        np.testing.assert_array_equal(relu.detail.mask, timeline.conv > 0)
    weights = _steps(timeline, "dL/dW")
    assert [s.detail.out_cell for s in weights] == [
        divmod(k, timeline.kernel.shape[1]) for k in range(timeline.kernel.size)
    ]
    for step in weights:
        window = step.detail
        assert isinstance(window, WindowStep) and window.reduction == "sum"
        np.testing.assert_array_equal(window.inputs.ravel(), loops.padded[tuple(window.window.T)])
        np.testing.assert_allclose(window.products.sum(), window.value, **CLOSE)
        assert window.value == timeline.grad_weight[window.out_cell]
    np.testing.assert_array_equal(weights[-1].result, timeline.grad_weight)
    assert np.isnan(weights[0].result).sum() == timeline.kernel.size - 1
    (bias,) = _steps(timeline, "dL/db")
    np.testing.assert_allclose(bias.detail.value, timeline.grad_conv.sum(dtype=np.float64), **CLOSE)


def _dx_steps(scene):
    timeline = _timeline(scene)
    return timeline, [s for s in map(timeline.step, range(timeline.count)) if s.phase.startswith("dL/dX")]


@settings(max_examples=80, deadline=None)
@given(scenes(views=("scatter",)))
def test_scatter_stamps_add_up_to_dl_dx(scene):
    timeline, steps = _dx_steps(scene)
    loops = oracle(scene, timeline.upstream)
    canvas = np.zeros(loops.padded.shape)
    for step in steps:
        stamp = step.detail
        np.testing.assert_array_equal(stamp.values, timeline.applied * timeline.grad_conv[stamp.out_cell])
        np.add.at(canvas, tuple(stamp.window.T), stamp.values.ravel())
    np.testing.assert_allclose(canvas, loops.grad_padded, **CLOSE)
    np.testing.assert_array_equal(steps[-1].result, timeline.grad_input)
    assert len(steps) == timeline.conv.size


@settings(max_examples=80, deadline=None)
@given(scenes(views=("gather",)))
def test_gather_windows_read_the_spread_error_with_the_rotated_kernel(scene):
    timeline, steps = _dx_steps(scene)
    loops = oracle(scene, timeline.upstream)
    top, left = timeline.sides[0], timeline.sides[2]
    phase = timeline.phases[-1]
    spread, kinds = phase.spread
    assert (kinds == 0).sum() == timeline.conv.size and np.all(spread[kinds != 0] == 0)
    for step in steps:
        window, cell = step.detail.window, step.detail.window.out_cell
        np.testing.assert_array_equal(window.weights, timeline.applied[::-1, ::-1])
        np.testing.assert_allclose(window.products.sum(), window.value, **CLOSE)
        np.testing.assert_allclose(window.value, loops.grad_padded[cell[0] + top, cell[1] + left], **CLOSE)
        assert step.detail.folded == timeline.grad_input[cell]
        if scene.padding_mode == "zeros":
            assert window.value == step.detail.folded  # nothing to fold: the window gives dL/dX itself
        assert np.all(window.inputs[step.detail.kinds != 0] == 0)
    np.testing.assert_array_equal(steps[-1].result, timeline.grad_input)
    assert len(steps) == timeline.input.size and SPREAD_KINDS[1] == "inserted zero"


def test_gather_values_are_dl_dx_to_the_last_bit_on_a_large_input():
    """Where the engine sums in blocks, the windows' values still equal dL/dX bit for bit."""
    scene = BackpropScene(input="digit3", size=(200, 200), padding=(1, 1), stride=(2, 2), view="gather")
    timeline = timeline_for(scene.replace(grad=Upstream("random", seed=1)))
    ends = [timeline.step(timeline.count - timeline.input.size + k) for k in (0, 20_000, 39_999)]
    assert all(
        s.detail.window.value == s.detail.folded == s.result.reshape(-1)[k]
        for s, k in zip(ends, (0, 20_000, 39_999))
    )
    assert "folding" not in ends[1].words


@settings(max_examples=80, deadline=None)
@given(scenes(views=("matrix",)))
def test_the_matrix_is_the_convolution_and_its_transpose_gives_dl_dx(scene):
    timeline, steps = _dx_steps(scene)
    loops = oracle(scene, timeline.upstream)
    matrix = timeline.phases[-1].matrix
    np.testing.assert_array_equal(matrix, loops.matrix)  # sums of a few small-integer weights: exact
    np.testing.assert_allclose(matrix @ timeline.input.ravel(), timeline.conv.ravel(), **CLOSE)
    for step in steps:
        column = step.detail
        np.testing.assert_array_equal(column.weights, matrix[:, column.column])
        np.testing.assert_allclose(column.products.sum(), column.value, **CLOSE)
    np.testing.assert_array_equal(steps[-1].result, timeline.grad_input)


@settings(max_examples=60, deadline=None)
@given(scenes())
def test_the_three_views_give_the_same_array(scene):
    assume(max(scene.size) <= 12)
    ends = []
    for view in DX_VIEWS:
        timeline, steps = _dx_steps(scene.replace(view=view))
        ends.append(steps[-1].result)
        assert steps[0].phase == f"dL/dX ({view})"
    np.testing.assert_array_equal(ends[0], ends[1])
    np.testing.assert_array_equal(ends[0], ends[2])


@settings(max_examples=100, deadline=None)
@given(scenes(), st.data())
def test_a_one_hot_gradient_routes_to_exactly_the_argmax(scene, data):
    scene = scene.replace(pool="max", window=scene.window if scene.pool != "none" else (2, 2))
    timeline = _timeline(scene.replace(grad=Upstream()))
    cell = (
        data.draw(st.integers(0, timeline.last.shape[0] - 1)),
        data.draw(st.integers(0, timeline.last.shape[1] - 1)),
    )
    timeline = _timeline(scene.replace(grad=Upstream("onehot", cell=cell)))
    window, stride = scene.window, scene.pool_stride_size()
    cells = [
        (cell[0] * stride[0] + u, cell[1] * stride[1] + v) for u in range(window[0]) for v in range(window[1])
    ]
    values = [timeline.activation[c] for c in cells]
    argmax = cells[int(np.argmax(values))]  # np.argmax: the first maximum, as PyTorch
    expected = np.zeros(timeline.activation.shape, dtype=np.float32)
    expected[argmax] = 1
    np.testing.assert_array_equal(timeline.grad_activation, expected)
    route = timeline.step(cell[0] * timeline.last.shape[1] + cell[1]).detail
    assert route.targets.tolist() == [list(argmax)] and route.shares.tolist() == [1.0]


def test_overlapping_max_windows_add_what_arrives_at_one_cell():
    rows = [[0, 0, 0, 0], [0, 9, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    timeline = timeline_for(_scene(rows, "1", relu=False, pool="max", window=2, pool_stride=1))
    routed = _steps(timeline, "max pool")
    reach = [routed[i] for i in (0, 1, 3, 4)]  # the 3x3 pooled map's windows that hold the 9
    assert [tuple(s.detail.targets[0]) for s in reach] == [(1, 1)] * 4
    assert [s.result[1, 1] for s in reach] == [1, 2, 3, 4]
    assert "added to what 1 earlier window sent there" in reach[1].words
    assert "added to what 3 earlier windows sent there" in reach[3].words and "added" not in reach[0].words
    assert "first maximum" in timeline.phase_notes()[0]


def test_ties_go_to_the_first_maximum_in_row_major_window_order():
    timeline = timeline_for(
        _scene([[1, 7, 7], [7, 2, 0], [0, 0, 7]], "1", relu=False, pool="max", window=2, pool_stride=1)
    )
    assert [tuple(s.detail.targets[0]) for s in _steps(timeline, "max pool")] == [
        (0, 1),
        (0, 1),
        (1, 0),
        (2, 2),
    ]


def test_average_pooling_splits_each_value_over_its_window():
    timeline = timeline_for(
        _scene(np.arange(16).reshape(4, 4), "1", pool="avg", window=2, grad=Upstream("random", seed=4))
    )
    step = _steps(timeline, "avg pool")[0]
    assert len(step.detail.targets) == 4 and np.all(step.detail.shares == np.float32(step.detail.value) / 4)
    assert "split over the 4 cells" in step.words


def test_relu_blocks_where_the_forward_input_was_at_most_zero():
    timeline = timeline_for(
        _scene([[1, 0, -1], [2, 0, -2], [3, 0, -3]], "1", grad=Upstream("random", seed=2))
    )
    (step,) = _steps(timeline, "ReLU")
    np.testing.assert_array_equal(step.detail.mask, [[True, False, False]] * 3)
    np.testing.assert_array_equal(step.result[:, 1:], 0)  # ReLU'(0) = 0, as PyTorch
    assert (
        "6 of 9 cells blocked, 3 of them at exactly 0" in step.words
        and "ReLU'(0) = 0" in timeline.phase_notes()[0]
    )


def test_phases_run_in_order_and_steps_clamp():
    timeline = timeline_for(BackpropScene(pool="max", view="gather"))
    assert timeline.phase_labels() == ("max pool", "ReLU", "dL/dW", "dL/db", "dL/dX (gather)")
    assert timeline.count == sum(p.count for p in timeline.phases) == 9 + 1 + 9 + 1 + 64
    assert [timeline.step(i).phase for i in (0, 8, 9, 10, 18, 19, 20)] == [
        "max pool", "max pool", "ReLU", "dL/dW", "dL/dW", "dL/db", "dL/dX (gather)",
    ]  # fmt: skip
    assert timeline.step(-5).index == 0 and timeline.step(10**9).index == timeline.count - 1
    assert timeline.step(10**9).phase_index == 63
    assert all(timeline.step(i).words for i in range(timeline.count))


def test_the_default_scene_is_a_short_first_lesson():
    timeline = timeline_for(BackpropScene())
    assert timeline.phase_labels() == ("ReLU", "dL/dW", "dL/db", "dL/dX (scatter)")
    assert 2 <= timeline.count <= 60 and timeline.input.shape == (8, 8)
    assert (
        0 < timeline.relu_mask.sum() < timeline.relu_mask.size
    )  # the edge kernel's negative half is blocked


def test_stride_two_drops_the_last_row_and_says_why():
    timeline = timeline_for(_scene(np.arange(1, 65).reshape(8, 8), "1,1,1;1,1,1;1,1,1", stride=2, relu=False))
    np.testing.assert_array_equal(timeline.grad_input[7], 0)
    np.testing.assert_array_equal(timeline.grad_input[:, 7], 0)
    assert np.all(timeline.grad_input[:7, :7] != 0)
    notes = timeline.coverage_notes
    assert (
        len(notes) == 2
        and notes[0].startswith("Input row 7 lies past the last window")
        and "floor" in notes[0]
    )
    assert notes[1].startswith("Input column 7 lies")
    assert (
        "dilated by the stride 2x2: stride − 1 zeros inserted"
        in timeline_for(timeline.scene.replace(view="gather")).phase_notes()[-1]
    )
    assert "at stride 1 no zeros are inserted" in timeline_for(BackpropScene(view="gather")).phase_notes()[-1]


def test_cells_between_strided_windows_say_why():
    timeline = timeline_for(_scene(np.ones((7, 7)), "1", stride=3, relu=False))
    assert timeline.coverage_notes[0].startswith(
        "Input rows 1, 2, 4, 5 lie between the cells the windows read"
    )
    assert timeline_for(BackpropScene()).coverage_notes == ()


def test_reflect_padding_folds_the_padding_gradient_back():
    scene = _scene(np.arange(16).reshape(4, 4), "1,2;3,4", padding=1, padding_mode="reflect", relu=False)
    timeline = timeline_for(scene.replace(view="gather"))
    loops = oracle(scene, timeline.upstream)
    np.testing.assert_allclose(timeline.grad_input, loops.grad_input, **CLOSE)
    corner = timeline.step(timeline.count - timeline.input.size + 1)  # input cell (0, 1) has copies
    assert "folding back the padding cells that copy it" in corner.words
    assert "reflect padding" in timeline.phase_notes()[-1]
    assert "folded back" in timeline_for(scene).phase_notes()[-1]


def test_upstream_gradients():
    np.testing.assert_array_equal(upstream_values(Upstream(), (2, 3)), np.ones((2, 3)))
    onehot = upstream_values(Upstream("onehot", cell=(1, 2)), (2, 3))
    assert onehot.dtype == np.float32 and onehot.sum() == 1 and onehot[1, 2] == 1
    first, again = (upstream_values(Upstream("random", seed=7), (5, 5)) for _ in range(2))
    np.testing.assert_array_equal(first, again)
    assert first.dtype == np.float32 and np.all(np.abs(first) <= 1)
    np.testing.assert_array_equal(first, np.round(first, 1).astype(np.float32))
    assert not np.array_equal(first, upstream_values(Upstream("random", seed=8), (5, 5)))
    assert not np.any(np.signbit(first) & (first == 0))  # no -0 shown


@pytest.mark.parametrize(
    ("scene", "words"),
    [
        (BackpropScene(grad=Upstream("onehot", cell=(6, 0))), ["one-hot at (6, 0)", "6x6", "rows 0 to 5"]),
        (BackpropScene(pool="max", grad=Upstream("onehot", cell=(0, 3))), ["3x3", "columns 0 to 2"]),
        (BackpropScene(size=(13, 13), view="matrix"), ["at most 12x12", "13x13", "scatter or"]),
        (
            BackpropScene(kernel="1,1,1,1,1,1,1,1,1", size=(8, 8)),
            ["No output", "larger than the padded input"],
        ),
        (BackpropScene(pool="max", window=(7, 7)), ["pooling cannot run on the ReLU's output"]),
    ],
)
def test_no_output_names_the_reason(scene, words):
    with pytest.raises(NoOutput) as caught:
        timeline_for(scene)
    for word in words:
        assert word in str(caught.value)


def test_counting_steps_needs_no_qt():
    code = (
        "import sys; from convviz.timeline import timeline_for;"
        " from convviz.scene.scenes import BackpropScene;"
        " print(timeline_for(BackpropScene(pool='avg')).count,"
        " any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == [str(timeline_for(BackpropScene(pool="avg")).count), "False"]
