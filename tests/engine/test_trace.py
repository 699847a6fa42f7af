"""conv2d_trace: the per-output record of which padded pixels meet which kernel taps."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.engine import conv2d, conv2d_trace

FAST = settings(max_examples=60, deadline=None)

X3 = np.arange(1.0, 10.0).reshape(3, 3)
K2 = np.array([[1.0, 2.0], [3.0, 4.0]])


def test_hand_worked_trace():
    """3x3 input, 2x2 kernel: four outputs in row-major order, each a 2x2 block of products."""
    trace = conv2d_trace(X3, K2)
    np.testing.assert_array_equal(trace.out_index, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(trace.in_index[1], [[[0, 1], [0, 2]], [[1, 1], [1, 2]]])
    np.testing.assert_array_equal(trace.products[0], [[1 * 1, 2 * 2], [4 * 3, 5 * 4]])
    np.testing.assert_array_equal(trace.values, [37, 47, 67, 77])


def test_hand_worked_flip_uses_rotated_kernel():
    """flip=True multiplies each tap position by the rotated kernel [[4,3],[2,1]]."""
    trace = conv2d_trace(X3, K2, flip=True)
    np.testing.assert_array_equal(trace.products[0], [[1 * 4, 2 * 3], [4 * 2, 5 * 1]])
    np.testing.assert_array_equal(trace.values, [23, 33, 53, 63])


def test_padding_coordinates_are_in_the_padded_image():
    """With padding 1 the first window starts at padded (0, 0), a zero cell, and reads x[0,0] at (1, 1)."""
    trace = conv2d_trace(X3, K2, padding=1, stride=2)
    np.testing.assert_array_equal(trace.in_index[0], [[[0, 0], [0, 1]], [[1, 0], [1, 1]]])
    np.testing.assert_array_equal(trace.products[0], [[0, 0], [0, 1 * 4]])
    np.testing.assert_array_equal(trace.values, [4, 18, 36, 77])


@st.composite
def trace_cases(draw):
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    dh, dw = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    mode = draw(st.sampled_from(["zeros", "reflect", "replicate", "circular"]))
    form = draw(st.sampled_from(["int", "pair", "sides", "same"]))
    stride = (1, 1) if form == "same" else (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    padding = {
        "int": lambda: draw(st.integers(0, 2)),
        "pair": lambda: (draw(st.integers(0, 2)), draw(st.integers(0, 2))),
        "sides": lambda: tuple(draw(st.integers(0, 2)) for _ in range(4)),
        "same": lambda: "same",
    }[form]()
    height = draw(st.integers(max(3, dh * (kh - 1) + 1), 7))
    width = draw(st.integers(max(3, dw * (kw - 1) + 1), 7))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x, kernel = rng.standard_normal((height, width)), rng.standard_normal((kh, kw))
    params = dict(
        stride=stride, padding=padding, dilation=(dh, dw), padding_mode=mode, flip=draw(st.booleans())
    )
    return x, kernel, params


@FAST
@given(case=trace_cases())
def test_trace_is_consistent_with_conv2d(case, ref):
    """Shapes, row-major order, window coordinates, products = padded pixel * applied tap, values = conv2d."""
    x, kernel, params = case
    (sh, sw), (dh, dw) = params["stride"], params["dilation"]
    kh, kw = kernel.shape
    out = conv2d(x, kernel, **params)
    trace = conv2d_trace(x, kernel, **params)
    count = out.size
    assert trace.out_index.shape == (count, 2)
    assert trace.in_index.shape == (count, kh, kw, 2)
    assert trace.products.shape == (count, kh, kw)
    assert trace.values.shape == (count,)
    np.testing.assert_array_equal(trace.out_index, list(np.ndindex(out.shape)))
    np.testing.assert_allclose(trace.values, out.ravel(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(trace.products.sum(axis=(1, 2)), trace.values, rtol=1e-10, atol=1e-10)

    taps = np.stack(np.meshgrid(np.arange(kh) * dh, np.arange(kw) * dw, indexing="ij"), axis=-1)
    expected_in = trace.out_index[:, None, None, :] * np.array([sh, sw]) + taps[None]
    np.testing.assert_array_equal(trace.in_index, expected_in)

    sides = ref.per_side_padding(params["padding"], kernel.shape, params["dilation"])
    padded = ref.np_pad(x, sides, params["padding_mode"])
    applied = kernel[::-1, ::-1] if params["flip"] else kernel
    pixels = padded[trace.in_index[..., 0], trace.in_index[..., 1]]
    np.testing.assert_allclose(trace.products, pixels * applied, rtol=1e-12, atol=1e-12)
    if hasattr(trace, "padded"):
        np.testing.assert_array_equal(trace.padded, padded)
    if hasattr(trace, "kernel"):
        np.testing.assert_array_equal(trace.kernel, applied)


@pytest.mark.parametrize("bad", [{"stride": 0}, {"padding": -1}, {"dilation": 0}])
def test_trace_validates_like_conv2d(bad):
    with pytest.raises(ValueError, match="(?i)" + next(iter(bad))):
        conv2d_trace(X3, K2, **bad)


@FAST
@given(case=trace_cases(), data=st.data())
def test_a_subset_of_steps_is_the_same_rows_of_the_full_trace(case, data):
    """An animation fetches one step at a time; each must equal that row of the full trace."""
    x, kernel, params = case
    full = conv2d_trace(x, kernel, **params)
    steps = data.draw(st.lists(st.integers(0, len(full) - 1), max_size=5))
    part = conv2d_trace(x, kernel, steps=steps, **params)
    assert part.output_shape == full.output_shape
    np.testing.assert_array_equal(part.out_index, full.out_index[steps].reshape(-1, 2))
    np.testing.assert_array_equal(part.in_index, full.in_index[steps])
    np.testing.assert_array_equal(part.products, full.products[steps])
    np.testing.assert_allclose(part.values, full.values[steps], rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(part.padded, full.padded)


def test_subset_trace_still_refuses_a_kernel_larger_than_the_input():
    with pytest.raises(ValueError, match="(?i)kernel"):
        conv2d_trace(X3, np.ones((5, 5)), steps=[0])


@pytest.mark.parametrize("steps", [slice(2, 7, 2), [-1, 0], np.array([3]), []])
def test_steps_index_like_numpy(steps):
    full = conv2d_trace(np.arange(30.0).reshape(5, 6), K2)
    part = conv2d_trace(np.arange(30.0).reshape(5, 6), K2, steps=steps)
    np.testing.assert_array_equal(part.out_index, full.out_index[steps].reshape(-1, 2))


def test_a_step_beyond_the_output_is_an_index_error():
    with pytest.raises(IndexError, match="steps"):
        conv2d_trace(X3, K2, steps=[4])
