"""conv2d forward: hand-worked numbers, scipy oracles, the loop reference and the input layouts."""

import numpy as np
import pytest
import scipy.signal
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from convviz.engine import conv2d

FAST = settings(max_examples=60, deadline=None)

X3 = np.arange(1.0, 10.0).reshape(3, 3)  # [[1,2,3],[4,5,6],[7,8,9]]
K2 = np.array([[1.0, 2.0], [3.0, 4.0]])


def dilate_kernel(kernel, dh, dw):
    """Insert dh-1 / dw-1 zeros between the taps: a dilated kernel is an ordinary sparse one."""
    kh, kw = kernel.shape
    out = np.zeros((dh * (kh - 1) + 1, dw * (kw - 1) + 1))
    out[::dh, ::dw] = kernel
    return out


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # out[i,j] = sum_ab x[i+a, j+b] k[a,b], e.g. 1*1 + 2*2 + 4*3 + 5*4 = 37
        ({}, [[37, 47], [67, 77]]),
        # kernel rotated to [[4,3],[2,1]]: 1*4 + 2*3 + 4*2 + 5*1 = 23
        ({"flip": True}, [[23, 33], [53, 63]]),
        # zero ring, stride 2: the corner windows see 1*4, 2*3+3*4, 4*2+7*4, and the full 5..9 block
        ({"padding": 1, "stride": 2}, [[4, 18], [36, 77]]),
        # 'same' with an even kernel pads only bottom/right: last column 3*1+6*3, 6*1+9*3, then 9*1
        ({"padding": "same"}, [[37, 47, 21], [67, 77, 33], [23, 26, 9]]),
        # dilation 2 on a 2x2 kernel reaches the corners: 1*1 + 3*2 + 7*3 + 9*4
        ({"dilation": 2}, [[64]]),
        # circular pad of 1, stride 2: windows [[9,7],[3,1]], [[8,9],[2,3]], [[6,4],[9,7]], [[5,6],[8,9]]
        ({"padding": 1, "stride": 2, "padding_mode": "circular"}, [[36, 44], [69, 77]]),
    ],
    ids=["plain", "flip", "pad1-stride2", "same-even", "dilation2", "circular"],
)
def test_hand_worked_3x3_by_2x2(kwargs, expected):
    """Small cases worked out on paper, so a shared misunderstanding with an oracle can't hide."""
    np.testing.assert_allclose(conv2d(X3, K2, **kwargs), np.array(expected, dtype=float))


@FAST
@given(data=st.data())
def test_matches_loop_reference(data, ref):
    """Every argument form, padding mode, groups, bias and flip against the plain-loop definition."""
    case = data.draw(ref.conv_cases())
    out = conv2d(case["x"], case["weight"], case["bias"], **case["params"])
    np.testing.assert_allclose(
        out, ref.conv2d(case["x"], case["weight"], case["bias"], **case["params"]), rtol=1e-10, atol=1e-10
    )


@FAST
@given(data=st.data(), mode=st.sampled_from(["zeros", "reflect", "replicate", "circular"]))
def test_padding_modes_match_scipy_on_np_pad(data, mode, ref):
    """Each padding mode equals scipy's 'valid' correlation of the np.pad-ed image (strided, dilated)."""
    kh, kw = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    dh, dw = data.draw(st.integers(1, 2)), data.draw(st.integers(1, 2))
    sh, sw = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    sides = tuple(data.draw(st.integers(0, 3)) for _ in range(4))
    height = data.draw(st.integers(max(sides) + 1, 9))
    width = data.draw(st.integers(max(sides) + 1, 9))
    kernel = dilate_kernel(np.arange(1.0, kh * kw + 1).reshape(kh, kw), dh, dw)
    assume(kernel.shape[0] <= height + sides[0] + sides[1] and kernel.shape[1] <= width + sides[2] + sides[3])
    rng = np.random.default_rng(data.draw(st.integers(0, 1000)))
    x = rng.standard_normal((height, width))
    padded = ref.np_pad(x, sides, mode)
    expected = scipy.signal.correlate2d(padded, kernel, mode="valid")[::sh, ::sw]
    out = conv2d(x, kernel[::dh, ::dw], stride=(sh, sw), padding=sides, dilation=(dh, dw), padding_mode=mode)
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize(("mode", "boundary"), [("zeros", "fill"), ("circular", "wrap")])
@pytest.mark.parametrize("flip", [False, True])
def test_same_matches_scipy_boundary(mode, boundary, flip):
    """With an odd kernel, 'same' + zeros/circular is scipy's mode='same' with boundary fill/wrap."""
    rng = np.random.default_rng(0)
    x, kernel = rng.standard_normal((7, 6)), rng.standard_normal((3, 5))
    scipy_op = scipy.signal.convolve2d if flip else scipy.signal.correlate2d
    expected = scipy_op(x, kernel, mode="same", boundary=boundary)
    out = conv2d(x, kernel, padding="same", padding_mode=mode, flip=flip)
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-10)


def test_flip_is_true_convolution():
    """flip=True rotates the kernel 180 degrees: scipy.signal.convolve2d, not correlate2d."""
    rng = np.random.default_rng(1)
    x, kernel = rng.standard_normal((8, 9)), rng.standard_normal((3, 4))
    np.testing.assert_allclose(
        conv2d(x, kernel, flip=True), scipy.signal.convolve2d(x, kernel, mode="valid"), rtol=1e-10, atol=1e-10
    )
    np.testing.assert_allclose(
        conv2d(x, kernel), scipy.signal.correlate2d(x, kernel, mode="valid"), rtol=1e-10, atol=1e-10
    )


@pytest.mark.parametrize("kernel", [(1, 1), (3, 3), (2, 2), (4, 3), (2, 5)])
@pytest.mark.parametrize("dilation", [1, 2, (3, 1)])
@pytest.mark.parametrize("mode", ["zeros", "replicate"])
def test_same_keeps_shape_and_splits_like_pytorch(kernel, dilation, mode, ref):
    """'same' keeps H, W; an odd total pad puts the extra row/column at the bottom/right."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 3, 9, 8))
    weight = rng.standard_normal((4, 3, *kernel))
    out = conv2d(x, weight, padding="same", dilation=dilation, padding_mode=mode)
    assert out.shape == (2, 4, 9, 8)
    sides = ref.per_side_padding("same", kernel, dilation)
    expected = ref.conv2d(x, weight, padding=sides, dilation=dilation, padding_mode=mode)
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-10)


def test_valid_is_no_padding():
    rng = np.random.default_rng(3)
    x, weight = rng.standard_normal((1, 2, 6, 5)), rng.standard_normal((3, 2, 3, 2))
    np.testing.assert_array_equal(conv2d(x, weight, padding="valid"), conv2d(x, weight, padding=0))


@pytest.mark.parametrize("sides", [(0, 2, 1, 0), (3, 0, 0, 1), (1, 2, 3, 0)])
@pytest.mark.parametrize("mode", ["zeros", "reflect", "replicate", "circular"])
def test_asymmetric_per_side_padding(sides, mode, ref):
    """(top, bottom, left, right) pads each side independently: compare with np.pad + scipy."""
    rng = np.random.default_rng(4)
    x, kernel = rng.standard_normal((5, 6)), rng.standard_normal((2, 3))
    expected = scipy.signal.correlate2d(ref.np_pad(x, sides, mode), kernel, mode="valid")
    out = conv2d(x, kernel, padding=sides, padding_mode=mode)
    assert out.shape == (5 + sides[0] + sides[1] - 1, 6 + sides[2] + sides[3] - 2)
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-10)


def test_layouts_2d_3d_4d_agree():
    """(H,W) with a 2-D kernel, (C,H,W) and (N,C,H,W) are the same computation, returned in kind."""
    rng = np.random.default_rng(5)
    x4, w4 = rng.standard_normal((1, 3, 7, 6)), rng.standard_normal((2, 3, 3, 3))
    out4 = conv2d(x4, w4, padding=1, stride=2)
    out3 = conv2d(x4[0], w4, padding=1, stride=2)
    assert out4.shape == (1, 2, 4, 3) and out3.shape == (2, 4, 3)
    np.testing.assert_allclose(out3, out4[0], rtol=1e-12, atol=1e-12)
    out2 = conv2d(x4[0, 0], w4[0, 0], padding=1, stride=2)
    assert out2.shape == (4, 3)
    np.testing.assert_allclose(
        out2, conv2d(x4[:, :1], w4[:1, :1], padding=1, stride=2)[0, 0], rtol=1e-12, atol=1e-12
    )


@pytest.mark.parametrize(
    ("c_in", "c_out", "groups"),
    [(4, 6, 2), (6, 3, 3), (3, 3, 3), (3, 6, 3), (4, 4, 1)],
    ids=["2groups", "3groups", "depthwise", "depthwise-x2", "dense"],
)
def test_groups_equal_per_group_split(c_in, c_out, groups, ref):
    """Grouped conv is independent convs on channel slices, concatenated (depthwise included)."""
    rng = np.random.default_rng(6)
    x = rng.standard_normal((2, c_in, 6, 7))
    weight = rng.standard_normal((c_out, c_in // groups, 3, 2))
    out = conv2d(x, weight, groups=groups, padding=1)
    ci, co = c_in // groups, c_out // groups
    parts = [
        ref.conv2d(x[:, g * ci : (g + 1) * ci], weight[g * co : (g + 1) * co], padding=1)
        for g in range(groups)
    ]
    np.testing.assert_allclose(out, np.concatenate(parts, axis=1), rtol=1e-10, atol=1e-10)


def test_bias_adds_per_output_channel():
    rng = np.random.default_rng(7)
    x, weight, bias = rng.standard_normal((2, 3, 5, 5)), rng.standard_normal((4, 3, 3, 3)), np.arange(4.0)
    np.testing.assert_allclose(
        conv2d(x, weight, bias), conv2d(x, weight) + bias[None, :, None, None], rtol=1e-12, atol=1e-12
    )


@pytest.mark.parametrize("mode", ["zeros", "reflect", "replicate", "circular"])
def test_float32_stays_float32_and_is_accurate(mode, ref):
    """float32 in gives float32 out, close to the float64 reference; float64 stays float64."""
    rng = np.random.default_rng(8)
    x, weight, bias = rng.standard_normal((2, 4, 9, 8)), rng.standard_normal((6, 2, 3, 3)), np.arange(6.0)
    kwargs = dict(padding=2, dilation=2, groups=2, padding_mode=mode)
    out32 = conv2d(x.astype(np.float32), weight.astype(np.float32), bias.astype(np.float32), **kwargs)
    assert out32.dtype == np.float32
    expected = ref.conv2d(x, weight, bias, **kwargs)
    np.testing.assert_allclose(out32, expected, rtol=1e-4, atol=1e-4)
    assert conv2d(x, weight, bias, **kwargs).dtype == np.float64


@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_nan_and_inf_propagate_only_where_windows_touch(value):
    """A non-finite pixel poisons exactly the outputs whose (dilated) window covers it, nothing else."""
    rng = np.random.default_rng(9)
    x = np.zeros((7, 8))
    x[3, 5] = value
    kernel = rng.uniform(0.5, 1.5, (3, 2))  # strictly positive: inf * tap stays +inf, never 0 * inf
    out = conv2d(x, kernel, padding=1, dilation=(1, 2))
    touched = np.zeros(out.shape, dtype=bool)
    for i, j in np.ndindex(out.shape):
        rows = {i - 1 + a for a in range(3)}
        cols = {j - 1 + 2 * b for b in range(2)}
        touched[i, j] = 3 in rows and 5 in cols
    assert touched.any() and not touched.all()
    if np.isnan(value):
        np.testing.assert_array_equal(np.isnan(out), touched)
    else:
        np.testing.assert_array_equal(np.isposinf(out), touched)
        assert np.isfinite(out[~touched]).all()


def test_large_input_matches_scipy(ref):
    """Big enough (> 2**18 im2col elements) for the engine to split work across threads: still exact."""
    rng = np.random.default_rng(11)
    x, weight = rng.standard_normal((2, 16, 40, 40)), rng.standard_normal((16, 8, 3, 3))
    out = conv2d(x, weight, padding=1, dilation=2, groups=2, padding_mode="circular")
    padded = ref.np_pad(x, (1, 1, 1, 1), "circular")
    expected = np.zeros((2, 16, 38, 38))
    for n, co, c in np.ndindex(2, 16, 8):
        source = padded[n, (co // 8) * 8 + c]
        expected[n, co] += scipy.signal.correlate2d(source, dilate_kernel(weight[co, c], 2, 2), mode="valid")
    np.testing.assert_allclose(out, expected, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize(
    ("batch", "channels", "kernel", "dilation", "flip"),
    [
        (1, 1, (7, 7), (1, 1), False),
        (2, 3, (3, 5), (2, 1), True),
        (3, 2, (1, 4), (1, 3), False),
        (1, 1, (6, 1), (4, 1), False),
    ],
)
def test_depthwise_stride_1_over_many_blocks_matches_scipy(batch, channels, kernel, dilation, flip):
    """Per-channel filters at stride 1 go through width columns in blocks of output positions, each
    kernel row's sums shifted into place: inputs long enough for several blocks and images per call,
    so every block and image boundary is crossed."""
    rng = np.random.default_rng(12)
    x = rng.standard_normal((batch, channels, 230, 190))
    weight = rng.standard_normal((channels, 1, *kernel))
    out = conv2d(x, weight, padding=(3, 2), dilation=dilation, groups=channels, flip=flip)
    padded = np.pad(x, ((0, 0), (0, 0), (3, 3), (2, 2)))
    correlate = scipy.signal.convolve2d if flip else scipy.signal.correlate2d
    expected = np.empty_like(out)
    for n, c in np.ndindex(batch, channels):
        expected[n, c] = correlate(padded[n, c], dilate_kernel(weight[c, 0], *dilation), mode="valid")
    np.testing.assert_allclose(out, expected, rtol=1e-9, atol=1e-9)


def test_input_arrays_are_not_modified():
    rng = np.random.default_rng(10)
    x, weight = rng.standard_normal((1, 2, 5, 5)), rng.standard_normal((2, 2, 3, 3))
    x_copy, weight_copy = x.copy(), weight.copy()
    conv2d(x, weight, padding=2, padding_mode="reflect", flip=True)
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(weight, weight_copy)
