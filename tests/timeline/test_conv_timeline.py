"""The Convolution page's animation as data, checked against a slow textbook convolution written here."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.scene.model import format_rows, input_image, kernel_array
from convviz.scene.scenes import ConvScene
from convviz.timeline import NoOutput
from convviz.timeline.conv import ConvTimeline

NP_PAD = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def _sides(scene: ConvScene, kernel_shape) -> tuple[int, int, int, int]:
    """(top, bottom, left, right); 'same' puts the odd pixel bottom/right, as PyTorch does."""
    if scene.padding == "same":
        sides = []
        for k, d in zip(kernel_shape, scene.dilation):
            total = d * (k - 1)
            sides += [total // 2, total - total // 2]
        return tuple(sides)
    ph, pw = scene.padding
    return ph, ph, pw, pw


def _reference(scene: ConvScene):
    """(padded input, kernel as applied, output) by the definition: a sum of products per output cell."""
    x = input_image(scene.input, scene.size).astype(np.float64)
    kernel = kernel_array(scene.kernel).astype(np.float64)
    applied = kernel[::-1, ::-1] if scene.flip else kernel
    top, bottom, left, right = _sides(scene, kernel.shape)
    padded = np.pad(x, ((top, bottom), (left, right)), mode=NP_PAD[scene.padding_mode])
    (kh, kw), (sh, sw), (dh, dw) = kernel.shape, scene.stride, scene.dilation
    oh = (padded.shape[0] - dh * (kh - 1) - 1) // sh + 1
    ow = (padded.shape[1] - dw * (kw - 1) - 1) // sw + 1
    out = np.zeros((oh, ow))
    for i in range(oh):
        for j in range(ow):
            for a in range(kh):
                for b in range(kw):
                    out[i, j] += padded[i * sh + a * dh, j * sw + b * dw] * applied[a, b]
    return padded, applied, out


SCENES = {
    "hand-3x3": ConvScene(input="1,2,3;4,5,6;7,8,9", size=(3, 3), kernel="1,0;0,-1"),
    "zeros-pad": ConvScene(
        input="1,2,0,3;0,1,4,1;2,2,1,0;5,0,1,3", size=(4, 4), kernel="sobel_x", padding=(1, 1)
    ),
    "reflect-stride": ConvScene(
        input="1,2,3,4,5;6,7,8,9,10;11,12,13,14,15;16,17,18,19,20",
        size=(4, 5),
        kernel="1,2,3;4,5,6",
        padding=(2, 1),
        padding_mode="reflect",
        stride=(2, 1),
    ),
    "replicate-dilation": ConvScene(
        input="3,1,4,1,5,9;2,6,5,3,5,8;9,7,9,3,2,3;8,4,6,2,6,4;3,3,8,3,2,7",
        size=(5, 6),
        kernel="laplacian",
        padding=(1, 2),
        padding_mode="replicate",
        dilation=(2, 2),
    ),
    "circular-same-flip": ConvScene(
        input="0,1,2;3,4,5;6,7,8;9,10,11",
        size=(4, 3),
        kernel="1,2,3;4,5,6;7,8,-9",
        padding="same",
        padding_mode="circular",
        flip=True,
    ),
    "same-dilated-2x1": ConvScene(
        input="gradient", size=(6, 7), kernel="emboss", padding="same", dilation=(2, 1)
    ),
    "flip-rows-kernel": ConvScene(
        input="1,0,2;0,3,0;4,0,5", size=(3, 3), kernel="1,2;3,4", flip=True, padding=(1, 0)
    ),
    "digit-per-axis": ConvScene(
        input="digit3", size=(12, 10), kernel="sobel_y", stride=(3, 2), dilation=(1, 2), padding=(1, 2)
    ),
}


@pytest.fixture(params=list(SCENES), scope="module")
def case(request):
    scene = SCENES[request.param]
    return ConvTimeline(scene), _reference(scene)


def test_count_is_the_output_size(case):
    timeline, (_, _, out) = case
    assert timeline.output.shape == out.shape
    assert timeline.count == out.size
    np.testing.assert_allclose(timeline.output, out, rtol=1e-6, atol=1e-5)


def test_padded_input_and_applied_kernel(case):
    """The view draws these: the padded grid around the input and the kernel as it is slid."""
    timeline, (padded, applied, _) = case
    np.testing.assert_allclose(timeline.padded, padded, rtol=1e-6)
    np.testing.assert_array_equal(timeline.kernel, applied)


def test_every_step(case):
    """Step i computes output cell divmod(i, W') from the window under the kernel taps."""
    timeline, (padded, applied, out) = case
    (kh, kw), (sh, sw), (dh, dw) = applied.shape, timeline.scene.stride, timeline.scene.dilation
    for index in range(timeline.count):
        step = timeline.step(index)
        i, j = divmod(index, out.shape[1])
        assert step.index == index and step.out_cell == (i, j)
        rows, cols = np.meshgrid(i * sh + dh * np.arange(kh), j * sw + dw * np.arange(kw), indexing="ij")
        np.testing.assert_array_equal(step.window, np.stack([rows.ravel(), cols.ravel()], axis=1))
        assert (step.window >= 0).all() and (step.window < padded.shape).all()
        np.testing.assert_allclose(step.inputs, padded[rows, cols], rtol=1e-6)
        np.testing.assert_array_equal(step.weights, applied)  # flipped for true convolution
        np.testing.assert_allclose(step.products, step.inputs * applied, rtol=1e-6)
        assert step.value == pytest.approx(out[i, j], rel=1e-6, abs=1e-5)
        assert step.value == pytest.approx(float(step.products.sum()), rel=1e-6, abs=1e-5)


def test_window_taps_are_spaced_by_the_dilation(case):
    timeline, (_, applied, _) = case
    window = timeline.step(timeline.count // 2).window.reshape(*applied.shape, 2)
    dh, dw = timeline.scene.dilation
    assert (np.diff(window[..., 0], axis=0) == dh).all() and (np.diff(window[..., 0], axis=1) == 0).all()
    assert (np.diff(window[..., 1], axis=1) == dw).all() and (np.diff(window[..., 1], axis=0) == 0).all()


def test_step_clamps_out_of_range_indices(case):
    """The player may ask one step too far either way: it gets the first or the last step."""
    timeline, _ = case
    assert timeline.step(-3).index == 0 and timeline.step(-3).out_cell == (0, 0)
    last = timeline.step(timeline.count + 5)
    assert last.index == timeline.count - 1
    assert last.out_cell == tuple(n - 1 for n in timeline.output.shape)


def test_output_until_fills_in_row_major_order(case):
    """After step i exactly the first i + 1 cells (row-major) are shown; the rest are NaN."""
    timeline, (_, _, out) = case
    for index in (-5, -1, 0, 1, timeline.count // 2, timeline.count - 1, timeline.count + 3):
        shown = timeline.output_until(index)
        assert shown.shape == out.shape
        done = min(max(index + 1, 0), timeline.count)
        flat = shown.reshape(-1)
        assert np.isfinite(flat[:done]).all() and np.isnan(flat[done:]).all()
        np.testing.assert_allclose(flat[:done], out.reshape(-1)[:done], rtol=1e-6, atol=1e-5)


def test_axis_sizes_satisfy_the_formula(case):
    """The page prints floor((n + p - d(k-1) - 1) / s) + 1 = out with these numbers: they must add up."""
    timeline, (padded, applied, out) = case
    sizes = timeline.axis_sizes()
    assert [a.name for a in sizes] == ["height", "width"]
    for axis, a in enumerate(sizes):
        assert a.n == timeline.input.shape[axis] and a.kernel == applied.shape[axis]
        assert a.padding == padded.shape[axis] - a.n
        assert (a.dilation, a.stride) == (timeline.scene.dilation[axis], timeline.scene.stride[axis])
        assert (a.n + a.padding - a.dilation * (a.kernel - 1) - 1) // a.stride + 1 == a.out == out.shape[axis]


def test_hand_worked_example():
    """x[i, j] - x[i+1, j+1] on 1..9 is -4 everywhere; step 1 is output (0, 1) over input 2, 3, 5, 6."""
    timeline = ConvTimeline(ConvScene(input="1,2,3;4,5,6;7,8,9", size=(3, 3), kernel="1,0;0,-1"))
    assert timeline.count == 4
    np.testing.assert_array_equal(timeline.output, [[-4, -4], [-4, -4]])
    step = timeline.step(1)
    assert step.out_cell == (0, 1)
    np.testing.assert_array_equal(step.window, [[0, 1], [0, 2], [1, 1], [1, 2]])
    np.testing.assert_array_equal(step.inputs, [[2, 3], [5, 6]])
    np.testing.assert_array_equal(step.products, [[2, 0], [0, -6]])
    assert step.value == -4


def test_hand_worked_true_convolution():
    """Flipped, the same kernel is [[-1, 0], [0, 1]]: every output is +4."""
    timeline = ConvTimeline(ConvScene(input="1,2,3;4,5,6;7,8,9", size=(3, 3), kernel="1,0;0,-1", flip=True))
    np.testing.assert_array_equal(timeline.output, [[4, 4], [4, 4]])
    np.testing.assert_array_equal(timeline.step(1).weights, [[-1, 0], [0, 1]])
    np.testing.assert_array_equal(timeline.step(1).products, [[-2, 0], [0, 6]])


@pytest.mark.parametrize(
    ("scene", "words"),
    [
        (
            ConvScene(input="1,2,3;4,5,6;7,8,9", size=(3, 3), kernel="1,1,1,1;1,1,1,1"),
            ["larger", "padded input"],
        ),
        (ConvScene(input="gradient", size=(3, 5), kernel="1,1", dilation=(1, 5)), ["larger"]),
        (
            ConvScene(input="1,2,3;4,5,6;7,8,9", size=(3, 3), padding=(3, 3), padding_mode="reflect"),
            ["reflect", "3"],
        ),
        (
            ConvScene(
                input="1,2,3;4,5,6;7,8,9", size=(3, 3), kernel="1", padding=(0, 4), padding_mode="circular"
            ),
            ["circular"],
        ),
        (ConvScene(padding="same", stride=(2, 2)), ["same", "stride"]),
    ],
)
def test_impossible_scenes_raise_no_output(scene, words):
    """The page shows why there is nothing to animate instead of crashing."""
    with pytest.raises(NoOutput) as caught:
        ConvTimeline(scene)
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert message.startswith("No output:")
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


@st.composite
def small_scenes(draw) -> ConvScene:
    """A valid scene with hand-sized integer grids, any padding mode, stride, dilation and flip."""
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    dh, dw = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    mode = draw(st.sampled_from(list(NP_PAD)))
    same = draw(st.booleans())
    if same:
        padding, (sh, sw) = "same", (1, 1)
        sides = [d * (k - 1) - d * (k - 1) // 2 for k, d in ((kh, dh), (kw, dw))]
    else:
        padding, (sh, sw) = (
            (draw(st.integers(0, 2)), draw(st.integers(0, 2))),
            (
                draw(st.integers(1, 3)),
                draw(st.integers(1, 3)),
            ),
        )
        sides = list(padding)
    spans = [dh * (kh - 1) + 1, dw * (kw - 1) + 1]
    # at least 3: the smallest grid an input may have
    low = [max(3, span - 2 * side, side + 1 if mode != "zeros" else 1) for span, side in zip(spans, sides)]
    height, width = draw(st.integers(low[0], low[0] + 4)), draw(st.integers(low[1], low[1] + 4))
    values = st.integers(-9, 9)
    x = np.array([[draw(values) for _ in range(width)] for _ in range(height)], np.float32)
    kernel = np.array([[draw(values) for _ in range(kw)] for _ in range(kh)], np.float32)
    return ConvScene(
        input=format_rows(x),
        size=x.shape,
        kernel=format_rows(kernel),
        stride=(sh, sw),
        padding=padding,
        dilation=(dh, dw),
        padding_mode=mode,
        flip=draw(st.booleans()),
    )


@settings(max_examples=60, deadline=None)
@given(small_scenes(), st.integers(0, 10**6))
def test_any_step_of_any_small_scene(scene, pick):
    """Integer grids make every product and sum exact: the step must match the definition exactly."""
    timeline = ConvTimeline(scene)
    padded, applied, out = _reference(scene)
    assert timeline.count == out.size
    np.testing.assert_array_equal(timeline.output, out)
    step = timeline.step(pick % timeline.count)
    i, j = step.out_cell
    assert divmod(step.index, out.shape[1]) == (i, j)
    np.testing.assert_array_equal(
        step.inputs, padded[step.window[:, 0], step.window[:, 1]].reshape(applied.shape)
    )
    np.testing.assert_array_equal(step.products, step.inputs * applied)
    assert step.value == out[i, j] == step.products.sum()
