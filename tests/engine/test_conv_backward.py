"""conv2d_backward: central finite differences in float64, hand-worked gradients, padding-mode routing."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.engine import conv2d, conv2d_backward, conv_transpose2d

FAST = settings(max_examples=40, deadline=None)


@FAST
@given(data=st.data())
def test_gradients_match_finite_differences(data, ref):
    """grad_x, grad_weight and grad_bias of sum(conv2d(x, w, b) * g), every mode/stride/groups/flip."""
    case = data.draw(ref.conv_cases(max_groups=2, slack=3))
    x, weight, params = case["x"], case["weight"], case["params"]
    bias = np.zeros(weight.shape[0])
    grad_out = np.random.default_rng(0).standard_normal(conv2d(x, weight, **params).shape)

    def loss(x_, weight_, bias_):
        return np.sum(conv2d(x_, weight_, bias_, **params) * grad_out)

    grad_x, grad_weight, grad_bias = conv2d_backward(x, weight, grad_out, **params)
    assert grad_x.shape == x.shape and grad_weight.shape == weight.shape and grad_bias.shape == bias.shape
    np.testing.assert_allclose(
        grad_x, ref.numerical_grad(lambda v: loss(v, weight, bias), x), rtol=1e-6, atol=1e-7
    )
    np.testing.assert_allclose(
        grad_weight, ref.numerical_grad(lambda v: loss(x, v, bias), weight), rtol=1e-6, atol=1e-7
    )
    np.testing.assert_allclose(
        grad_bias, ref.numerical_grad(lambda v: loss(x, weight, v), bias), rtol=1e-6, atol=1e-7
    )


def test_hand_worked_gradients():
    """x = [[1..9]], k = [[1,2],[3,4]], grad_out = ones: grad_w are window sums, grad_x a full convolution."""
    x = np.arange(1.0, 10.0).reshape(3, 3)
    kernel = np.array([[1.0, 2.0], [3.0, 4.0]])
    grad_x, grad_weight, grad_bias = conv2d_backward(x, kernel, np.ones((2, 2)))
    # grad_w[a,b] = sum of x[a:a+2, b:b+2], e.g. 1+2+4+5 = 12
    np.testing.assert_allclose(grad_weight, [[12, 16], [24, 28]])
    # each pixel collects the taps of every window it is in: centre 1+2+3+4 = 10
    np.testing.assert_allclose(grad_x, [[1, 3, 2], [4, 10, 6], [3, 7, 4]])
    assert np.asarray(grad_bias).sum() == 4.0


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("zeros", [1, 1, 1]),  # out = [0, x0, x1, x2, 0]
        ("reflect", [1, 3, 1]),  # out = [x1, x0, x1, x2, x1]
        ("replicate", [2, 1, 2]),  # out = [x0, x0, x1, x2, x2]
        ("circular", [2, 1, 2]),  # out = [x2, x0, x1, x2, x0]
    ],
)
def test_gradient_flows_back_through_the_padding(mode, expected):
    """A 1x1 identity kernel over a padded row: grad_x counts how often each pixel was copied."""
    x = np.array([[10.0, 20.0, 30.0]])
    grad_out = np.ones((1, 5))
    grad_x, _, _ = conv2d_backward(x, np.ones((1, 1)), grad_out, padding=(0, 0, 1, 1), padding_mode=mode)
    np.testing.assert_array_equal(grad_x, [expected])


def test_two_dimensional_shortcut():
    """(H, W) input with a 2-D kernel: grad_x and grad_weight come back 2-D; grad_bias is grad_out's sum."""
    rng = np.random.default_rng(1)
    x, kernel = rng.standard_normal((6, 5)), rng.standard_normal((3, 2))
    grad_out = rng.standard_normal((3, 3))  # (6 + 2 - 3) // 2 + 1, (5 + 2 - 2) // 2 + 1
    grad_x, grad_weight, grad_bias = conv2d_backward(x, kernel, grad_out, stride=2, padding=1)
    assert grad_x.shape == (6, 5) and grad_weight.shape == (3, 2)
    np.testing.assert_allclose(np.asarray(grad_bias).sum(), grad_out.sum(), rtol=1e-12)
    full_x, full_w, _ = conv2d_backward(
        x[None, None], kernel[None, None], grad_out[None, None], stride=2, padding=1
    )
    np.testing.assert_allclose(grad_x, full_x[0, 0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(grad_weight, full_w[0, 0], rtol=1e-12, atol=1e-12)


def test_three_dimensional_layout():
    """(C, H, W) input: grad_x is (C, H, W), grad_weight keeps the 4-D weight shape."""
    rng = np.random.default_rng(2)
    x, weight = rng.standard_normal((2, 5, 5)), rng.standard_normal((3, 2, 3, 3))
    grad_out = rng.standard_normal((3, 3, 3))
    grad_x, grad_weight, grad_bias = conv2d_backward(x, weight, grad_out)
    full_x, full_w, full_b = conv2d_backward(x[None], weight, grad_out[None])
    np.testing.assert_allclose(grad_x, full_x[0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(grad_weight, full_w, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(grad_bias, full_b, rtol=1e-12, atol=1e-12)


@FAST
@given(data=st.data())
def test_input_gradient_is_the_transposed_convolution(data, ref):
    """With zero padding, grad_x is conv_transpose2d(grad_out, w), output_padding restoring H and W."""
    case = data.draw(ref.conv_cases(modes=("zeros",), padding_forms=("int", "pair"), flip=False))
    x, weight, params = case["x"], case["weight"], case["params"]
    grad_out = np.random.default_rng(3).standard_normal(conv2d(x, weight, **params).shape)
    grad_x, _, _ = conv2d_backward(x, weight, grad_out, **params)
    expected = conv_transpose2d(
        grad_out,
        weight,
        stride=params["stride"],
        padding=params["padding"],
        output_padding=ref.adjoint_output_padding(x.shape, weight.shape, params),
        dilation=params["dilation"],
        groups=params["groups"],
    )
    np.testing.assert_allclose(grad_x, expected, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("mode", ["zeros", "reflect"])
def test_large_input_gradients_by_linearity(mode):
    """conv2d is linear in x and in w, so for any direction v: <grad_x, v> = sum(conv2d(v, w) * g) exactly.

    Large enough for the engine's multi-threaded im2col / col2im path, where full finite differences
    would be too slow."""
    rng = np.random.default_rng(5)
    x, weight = rng.standard_normal((2, 16, 40, 40)), rng.standard_normal((16, 8, 3, 3))
    params = dict(padding=2, dilation=2, groups=2, padding_mode=mode)
    grad_out = rng.standard_normal(conv2d(x, weight, **params).shape)
    grad_x, grad_weight, grad_bias = conv2d_backward(x, weight, grad_out, **params)
    for _ in range(3):
        v, u = rng.standard_normal(x.shape), rng.standard_normal(weight.shape)
        along_x = np.sum(conv2d(v, weight, **params) * grad_out)
        along_w = np.sum(conv2d(x, u, **params) * grad_out)
        np.testing.assert_allclose(np.vdot(grad_x, v), along_x, rtol=1e-9)
        np.testing.assert_allclose(np.vdot(grad_weight, u), along_w, rtol=1e-9)
    np.testing.assert_allclose(grad_bias, grad_out.sum(axis=(0, 2, 3)), rtol=1e-12)


def test_float32_gradients_stay_float32():
    rng = np.random.default_rng(4)
    x, weight = rng.standard_normal((1, 2, 6, 6)), rng.standard_normal((2, 1, 3, 3))
    grad_out = rng.standard_normal((1, 2, 6, 6))
    grads32 = conv2d_backward(
        x.astype(np.float32),
        weight.astype(np.float32),
        grad_out.astype(np.float32),
        padding="same",
        groups=2,
        padding_mode="reflect",
    )
    grads64 = conv2d_backward(x, weight, grad_out, padding="same", groups=2, padding_mode="reflect")
    for g32, g64 in zip(grads32, grads64):
        assert g32.dtype == np.float32 and g64.dtype == np.float64
        np.testing.assert_allclose(g32, g64, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("dilation", [1, 2])
def test_blocked_columns_give_the_same_answer_as_one_block(monkeypatch, dilation):
    """Stride-1 convolutions walk the output in cache-sized blocks; block edges must not show."""
    from convviz.engine import _unfold

    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 4, 23, 19))
    w = rng.standard_normal((6, 2, 3, 3))
    g = rng.standard_normal(conv2d(x, w, padding=2, dilation=dilation, groups=2).shape)
    args = dict(padding=2, dilation=dilation, groups=2)
    monkeypatch.setattr(_unfold, "BLOCK_BYTES", 1 << 40)
    whole = conv2d(x, w, **args), *conv2d_backward(x, w, g, **args)
    monkeypatch.setattr(_unfold, "BLOCK_BYTES", 1)  # the smallest blocks: 256 positions each
    blocked = conv2d(x, w, **args), *conv2d_backward(x, w, g, **args)
    for one, many in zip(whole, blocked, strict=True):
        np.testing.assert_allclose(many, one, rtol=1e-12, atol=1e-12)
