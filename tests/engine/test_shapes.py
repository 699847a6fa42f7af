"""Output-size formulas, by hand and against the shapes the operators actually produce."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from convviz.engine import conv2d, conv_output_size, conv_transpose_output_size, max_pool2d

FAST = settings(max_examples=60, deadline=None)


@pytest.mark.parametrize(
    ("n", "k", "stride", "padding", "dilation", "expected"),
    [
        (5, 3, 2, 2, 1, 3),  # floor((5 + 2 - 2 - 1) / 2) + 1 = 2 + 1
        (8, 2, 1, 0, 1, 7),  # a 2-wide window slides to 7 places
        (8, 2, 2, 0, 1, 4),  # doubling the stride halves the output ...
        (8, 2, 4, 0, 1, 2),  # ... and again
        (7, 3, 1, 2, 1, 7),  # total padding k-1 keeps the size ("same")
        (7, 3, 1, 4, 2, 7),  # dilated 'same': effective kernel 5, total pad 4
        (7, 3, 1, 0, 3, 1),  # effective kernel 7 fills the input exactly
        (10, 3, 3, 1, 1, 3),  # floor((10 + 1 - 3) / 3) + 1 = 2 + 1; the padding is a total, not per side
        (1, 1, 5, 0, 1, 1),
    ],
)
def test_conv_output_size_by_hand(n, k, stride, padding, dilation, expected):
    assert conv_output_size(n, k, stride, padding, dilation) == expected
    assert conv_output_size(n, k, stride=stride, padding=padding, dilation=dilation) == expected


def test_conv_output_size_defaults():
    assert conv_output_size(5, 3) == 3


@pytest.mark.parametrize(
    ("n", "k", "stride", "padding", "output_padding", "dilation", "expected"),
    [
        (3, 3, 2, 1, 1, 1, 6),  # (3-1)*2 - 2*1 + 2 + 1 + 1: the usual x2 upsampling
        (4, 4, 2, 1, 0, 1, 8),  # DCGAN's kernel 4 / stride 2 / padding 1 doubles
        (5, 3, 1, 0, 0, 1, 7),  # stride 1, no padding: the full convolution
        (2, 2, 3, 0, 0, 2, 6),  # (2-1)*3 + 2*(2-1) + 1
        (1, 1, 1, 0, 0, 1, 1),
    ],
)
def test_conv_transpose_output_size_by_hand(n, k, stride, padding, output_padding, dilation, expected):
    assert conv_transpose_output_size(n, k, stride, padding, output_padding, dilation) == expected


@FAST
@given(
    n=st.integers(1, 40),
    k=st.integers(1, 7),
    stride=st.integers(1, 5),
    padding=st.integers(0, 4),
    dilation=st.integers(1, 3),
    output_padding=st.integers(0, 4),
)
def test_transpose_size_inverts_conv_size(n, k, stride, padding, dilation, output_padding):
    """conv (total pad 2p) undoes conv_transpose (pad p) whenever output_padding < stride."""
    assume(output_padding < stride)
    size = conv_transpose_output_size(n, k, stride, padding, output_padding, dilation)
    assume(size >= 1)
    assert conv_output_size(size, k, stride, 2 * padding, dilation) == n


@FAST
@given(data=st.data())
def test_conv2d_shape_matches_formula(data, ref):
    """The shape conv2d returns is conv_output_size with the total (top + bottom) padding."""
    case = data.draw(ref.conv_cases(max_groups=1, max_batch=1, slack=12))
    x, weight, p = case["x"], case["weight"], case["params"]
    top, bottom, left, right = ref.per_side_padding(p["padding"], weight.shape[2:], p["dilation"])
    (sh, sw), (dh, dw) = ref.pair(p["stride"]), ref.pair(p["dilation"])
    expected = (
        conv_output_size(x.shape[2], weight.shape[2], sh, top + bottom, dh),
        conv_output_size(x.shape[3], weight.shape[3], sw, left + right, dw),
    )
    assert conv2d(x, weight, **p).shape[2:] == expected
    assert expected == (
        ref.conv_output_size(x.shape[2], weight.shape[2], sh, top + bottom, dh),
        ref.conv_output_size(x.shape[3], weight.shape[3], sw, left + right, dw),
    )


@FAST
@given(data=st.data())
def test_floor_mode_pool_shape_is_the_conv_formula(data, ref):
    """Without ceil_mode, pooling uses the conv formula with padding 2p (and stride defaulting to k)."""
    case = data.draw(ref.pool_cases())
    x, p = case["x"], dict(case["params"], ceil_mode=False)
    (kh, kw), (ph, pw), (dh, dw) = ref.pair(p["kernel_size"]), ref.pair(p["padding"]), ref.pair(p["dilation"])
    sh, sw = ref.pair(p["kernel_size"] if p["stride"] is None else p["stride"])
    expected = (
        conv_output_size(x.shape[2], kh, sh, 2 * ph, dh),
        conv_output_size(x.shape[3], kw, sw, 2 * pw, dw),
    )
    assert max_pool2d(x, **p).shape[2:] == expected


def test_sizes_are_integers():
    """Sizes feed straight into np.zeros and range(): integers, never floats from a true division."""
    assert isinstance(conv_output_size(np.int64(9), 3, 2, 2), int | np.integer)
    assert isinstance(conv_transpose_output_size(3, 3, 2, 1, 1), int | np.integer)
