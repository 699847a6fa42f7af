"""conv_transpose2d: scatter reference, scipy zero-insertion oracle, and the adjoint identity with conv2d."""

import numpy as np
import pytest
import scipy.signal
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from convviz.engine import conv2d, conv_transpose2d, conv_transpose_output_size

FAST = settings(max_examples=60, deadline=None)

X2 = np.array([[1.0, 2.0], [3.0, 4.0]])
ONES2 = np.ones((2, 2))


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # overlapping stamps of the all-ones kernel add up: centre 1+2+3+4
        ({}, [[1, 3, 2], [4, 10, 6], [3, 7, 4]]),
        # stride 2 places the stamps side by side
        ({"stride": 2}, [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]),
        # padding 1 crops one row/column from every side of the stride-2 result
        ({"stride": 2, "padding": 1}, [[1, 2], [3, 4]]),
        # output_padding adds a row/column at the bottom/right that no stamp reaches
        (
            {"stride": 2, "output_padding": 1},
            [[1, 1, 2, 2, 0], [1, 1, 2, 2, 0], [3, 3, 4, 4, 0], [3, 3, 4, 4, 0], [0, 0, 0, 0, 0]],
        ),
        # dilation 2 spreads each stamp over the corners of a 3x3 block
        ({"dilation": 2}, [[1, 2, 1, 2], [3, 4, 3, 4], [1, 2, 1, 2], [3, 4, 3, 4]]),
    ],
    ids=["plain", "stride2", "stride2-pad1", "output-padding", "dilation2"],
)
def test_hand_worked_2x2(kwargs, expected):
    np.testing.assert_allclose(conv_transpose2d(X2, ONES2, **kwargs), np.array(expected, dtype=float))


@st.composite
def transpose_cases(draw):
    """A valid conv_transpose2d case (4-D): x, weight (C_in, C_out/groups, kH, kW), bias and kwargs."""
    groups = draw(st.integers(1, 3))
    c_in, c_out_g = groups * draw(st.integers(1, 2)), draw(st.integers(1, 2))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    dh, dw = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    ph, pw = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    oph = draw(st.integers(0, max(sh, dh) - 1))
    opw = draw(st.integers(0, max(sw, dw) - 1))
    height, width = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    assume((height - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1 >= 1)
    assume((width - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1 >= 1)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal((draw(st.integers(1, 2)), c_in, height, width))
    weight = rng.standard_normal((c_in, c_out_g, kh, kw))
    bias = rng.standard_normal(c_out_g * groups) if draw(st.booleans()) else None
    params = dict(
        stride=(sh, sw), padding=(ph, pw), output_padding=(oph, opw), dilation=(dh, dw), groups=groups
    )
    return dict(x=x, weight=weight, bias=bias, params=params)


@FAST
@given(case=transpose_cases())
def test_matches_scatter_reference(case, ref):
    """Every stride/padding/output_padding/dilation/groups/bias combination against the scatter loops."""
    out = conv_transpose2d(case["x"], case["weight"], case["bias"], **case["params"])
    expected = ref.conv_transpose2d(case["x"], case["weight"], case["bias"], **case["params"])
    assert out.shape == expected.shape
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-10)


@FAST
@given(case=transpose_cases())
def test_output_shape_matches_formula(case):
    x, weight, p = case["x"], case["weight"], case["params"]
    out = conv_transpose2d(x, weight, **p)
    expected = [
        conv_transpose_output_size(
            x.shape[2 + a],
            weight.shape[2 + a],
            p["stride"][a],
            p["padding"][a],
            p["output_padding"][a],
            p["dilation"][a],
        )
        for a in (0, 1)
    ]
    assert out.shape == (x.shape[0], weight.shape[1] * p["groups"], *expected)


@FAST
@given(data=st.data())
def test_single_channel_is_zero_insertion_then_full_convolution(data):
    """Insert s-1 zeros between pixels, fully convolve with the dilated kernel, crop p, add output_padding."""
    s, d, k = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)), data.draw(st.integers(1, 4))
    p, n = data.draw(st.integers(0, 2)), data.draw(st.integers(1, 5))
    op = data.draw(st.integers(0, max(s, d) - 1))
    size = (n - 1) * s - 2 * p + d * (k - 1) + op + 1
    assume(size >= 1)
    rng = np.random.default_rng(data.draw(st.integers(0, 1000)))
    x, kernel = rng.standard_normal((n, n + 1)), rng.standard_normal((k, k))
    upsampled = np.zeros(((n - 1) * s + 1, n * s + 1))
    upsampled[::s, ::s] = x
    dilated = np.zeros((d * (k - 1) + 1,) * 2)
    dilated[::d, ::d] = kernel
    full = np.pad(scipy.signal.convolve2d(upsampled, dilated, mode="full"), ((0, op), (0, op)))
    width = n * s - 2 * p + d * (k - 1) + op + 1
    expected = full[p : p + size, p : p + width]
    out = conv_transpose2d(x, kernel, stride=s, padding=p, output_padding=op, dilation=d)
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-10)


@FAST
@given(data=st.data())
def test_adjoint_of_conv2d(data, ref):
    """<conv2d(x, w), y> == <x, conv_transpose2d(y, w)>: the transpose is conv2d's adjoint, groups too."""
    case = data.draw(ref.conv_cases(modes=("zeros",), padding_forms=("int", "pair"), flip=False))
    x, weight, params = case["x"], case["weight"], dict(case["params"])
    del params["padding_mode"], params["flip"]
    y_shape = conv2d(x, weight, **params).shape
    y = np.random.default_rng(data.draw(st.integers(0, 1000))).standard_normal(y_shape)
    output_padding = ref.adjoint_output_padding(x.shape, weight.shape, params)
    back = conv_transpose2d(y, weight, output_padding=output_padding, **params)
    assert back.shape == x.shape
    lhs = np.vdot(conv2d(x, weight, **params), y)
    rhs = np.vdot(x, back)
    np.testing.assert_allclose(lhs, rhs, rtol=1e-9, atol=1e-9)


def test_large_input_adjoint(ref):
    """The adjoint identity on arrays big enough for the engine's multi-threaded scatter path."""
    rng = np.random.default_rng(3)
    x, weight = rng.standard_normal((2, 16, 41, 40)), rng.standard_normal((16, 8, 3, 3))
    params = dict(stride=2, padding=1, dilation=2, groups=2)
    y = rng.standard_normal(conv2d(x, weight, **params).shape)
    output_padding = ref.adjoint_output_padding(x.shape, weight.shape, params)
    assert output_padding == (0, 1)  # (41 + 2 - 4 - 1) % 2, (40 + 2 - 4 - 1) % 2
    back = conv_transpose2d(y, weight, output_padding=output_padding, **params)
    assert back.shape == x.shape
    np.testing.assert_allclose(np.vdot(conv2d(x, weight, **params), y), np.vdot(x, back), rtol=1e-9)


def test_output_padding_may_use_dilation_headroom(ref):
    """PyTorch allows output_padding < max(stride, dilation): stride 1, dilation 2, output_padding 1."""
    rng = np.random.default_rng(0)
    x, weight = rng.standard_normal((1, 2, 3, 4)), rng.standard_normal((2, 3, 2, 2))
    out = conv_transpose2d(x, weight, output_padding=1, dilation=2)
    assert out.shape == (1, 3, 3 + 2 + 1, 4 + 2 + 1)
    np.testing.assert_allclose(
        out, ref.conv_transpose2d(x, weight, output_padding=1, dilation=2), rtol=1e-10, atol=1e-10
    )


def test_layouts_2d_3d_4d_agree():
    rng = np.random.default_rng(1)
    x4, w4 = rng.standard_normal((1, 2, 3, 4)), rng.standard_normal((2, 3, 3, 2))
    out4 = conv_transpose2d(x4, w4, stride=2, padding=1)
    np.testing.assert_allclose(
        conv_transpose2d(x4[0], w4, stride=2, padding=1), out4[0], rtol=1e-12, atol=1e-12
    )
    out2 = conv_transpose2d(x4[0, 0], w4[0, 0], stride=2, padding=1)
    assert out2.ndim == 2
    np.testing.assert_allclose(
        out2, conv_transpose2d(x4[:, :1], w4[:1, :1], stride=2, padding=1)[0, 0], rtol=1e-12, atol=1e-12
    )


def test_float32_stays_float32(ref):
    rng = np.random.default_rng(2)
    x, weight = rng.standard_normal((2, 4, 3, 3)), rng.standard_normal((4, 1, 3, 3))
    out = conv_transpose2d(x.astype(np.float32), weight.astype(np.float32), stride=2, groups=4)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, ref.conv_transpose2d(x, weight, stride=2, groups=4), rtol=1e-4, atol=1e-4)
