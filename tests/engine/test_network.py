"""The network forward pass: shapes, LeNet's parameter and multiply-add counts by hand, every layer's
output against independent oracles (a float64 loop, scipy's correlate2d per channel pair), groups, the
flatten order and its index mapping."""

import re

import numpy as np
import pytest
import scipy.signal
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.engine import (
    flat_index,
    forward,
    layer_shapes,
    multiply_adds,
    parameter_count,
    parse_layers,
    unflat_index,
)

LENET = "conv5p2x6,relu,maxpool2,conv5x16,relu,maxpool2,flatten,linear120,relu,linear84,relu,linear10"


def random_weights(specs, input_shape, rng):
    shapes = [tuple(input_shape), *layer_shapes(specs, input_shape)]
    weights = []
    for spec, shape in zip(specs, shapes):
        if spec.kind == "conv":
            w = rng.normal(size=(spec.channels, shape[0] // spec.groups, spec.kernel, spec.kernel))
            weights.append((w, rng.normal(size=spec.channels)))
        elif spec.kind == "linear":
            weights.append((rng.normal(size=(spec.channels, shape[0])), rng.normal(size=spec.channels)))
        else:
            weights.append(None)
    return weights


def conv_loop(x, w, b, spec):
    """A float64 loop over output channels, positions, input channels of the group and taps."""
    c_in, height, width = x.shape
    p, s, d, k, g = spec.padding, spec.stride, spec.dilation, spec.kernel, spec.groups
    padded = np.pad(x.astype(np.float64), ((0, 0), (p, p), (p, p)))
    out_h = (height + 2 * p - d * (k - 1) - 1) // s + 1
    out_w = (width + 2 * p - d * (k - 1) - 1) // s + 1
    per_group_in, per_group_out = c_in // g, spec.channels // g
    out = np.zeros((spec.channels, out_h, out_w))
    for o in range(spec.channels):
        first = (o // per_group_out) * per_group_in
        for i in range(out_h):
            for j in range(out_w):
                total = b[o]
                for c in range(per_group_in):
                    for a in range(k):
                        for e in range(k):
                            total += w[o, c, a, e] * padded[first + c, i * s + a * d, j * s + e * d]
                out[o, i, j] = total
    return out


def test_lenet_shapes():
    shapes = layer_shapes(parse_layers(LENET), (1, 28, 28))
    assert shapes == [
        (6, 28, 28),
        (6, 28, 28),
        (6, 14, 14),
        (16, 10, 10),
        (16, 10, 10),
        (16, 5, 5),
        (400,),
        (120,),
        (120,),
        (84,),
        (84,),
        (10,),
    ]


def test_lenet_parameters_and_multiply_adds_by_hand():
    specs = parse_layers(LENET)
    ins = [(1, 28, 28), *layer_shapes(specs, (1, 28, 28))]
    params = [parameter_count(spec, shape) for spec, shape in zip(specs, ins)]
    macs = [multiply_adds(spec, shape) for spec, shape in zip(specs, ins)]
    # conv1: 6 x (1*5*5 + 1); conv2: 16 x (6*5*5 + 1); fc: 400*120+120, 120*84+84, 84*10+10
    assert params == [156, 0, 0, 2416, 0, 0, 0, 48120, 0, 10164, 0, 850]
    assert sum(params) == 61_706  # LeNet-5's published count
    # conv1: 28*28 cells x 6 x 25; conv2: 10*10 x 16 x 6*25; fc: N_in x N
    assert macs == [117_600, 0, 0, 240_000, 0, 0, 0, 48_000, 0, 10_080, 0, 840]


def test_grouped_and_depthwise_counts():
    (grouped,) = parse_layers("conv3p1x16g4")
    assert parameter_count(grouped, (8, 10, 10)) == 16 * (2 * 9 + 1)
    assert multiply_adds(grouped, (8, 10, 10)) == 100 * 16 * 2 * 9
    (depthwise,) = parse_layers("conv3x8g8")
    assert parameter_count(depthwise, (8, 6, 6)) == 8 * (9 + 1)


@pytest.mark.parametrize(
    ("stack", "shape", "words"),
    [
        ("conv3,conv5,conv5", (1, 8, 8), "layer 3 (conv5) gets a 2x2 map"),
        (
            "conv3x6g4",
            (4, 8, 8),
            "layer 1 (conv3x6g4) has 4 groups, which do not divide its 6 output channels",
        ),
        (
            "conv3x4g4",
            (3, 8, 8),
            "layer 1 (conv3x4g4) has 4 groups, which do not divide its 3 input channels",
        ),
        ("flatten,conv3", (1, 8, 8), "layer 2 (conv3) slides a window over a map, but gets a vector of 64"),
        ("conv3,linear10", (1, 8, 8), "layer 2 (linear10) gets a (1, 6, 6) map"),
    ],
)
def test_shapes_refuse_naming_the_layer(stack, shape, words):
    with pytest.raises(ValueError, match=re.escape(words)) as error:
        layer_shapes(parse_layers(stack), shape)
    if "linear" in words:
        assert "put flatten before it" in str(error.value)
    if "map," in words and "conv5" in words:
        assert "needs an input of at least 11 pixels a side" in str(error.value)


def test_every_layer_equals_a_float64_loop():
    specs = parse_layers("conv3p1x4,relu,maxpool2,conv3s2x6g2,avgpool2s1,relu,flatten,linear5,relu,linear3")
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 12, 12))
    weights = random_weights(specs, x.shape, rng)
    outputs = forward(x, specs, weights)
    h = x
    for spec, w, out in zip(specs, weights, outputs):
        if spec.kind == "conv":
            expected = conv_loop(h, *w, spec)
        elif spec.kind == "maxpool":
            c, hh, ww = h.shape
            expected = h[:, : hh // 2 * 2, : ww // 2 * 2].reshape(c, hh // 2, 2, ww // 2, 2).max(axis=(2, 4))
        elif spec.kind == "avgpool":  # 2x2 windows at stride 1
            expected = (h[:, :-1, :-1] + h[:, 1:, :-1] + h[:, :-1, 1:] + h[:, 1:, 1:]) / 4
        elif spec.kind == "relu":
            expected = np.where(h > 0, h, 0.0)
        elif spec.kind == "flatten":
            expected = np.array(
                [h[c, i, j] for c in range(h.shape[0]) for i in range(h.shape[1]) for j in range(h.shape[2])]
            )
        else:
            expected = np.array(
                [sum(w[0][n, m] * h[m] for m in range(h.shape[0])) + w[1][n] for n in range(spec.channels)]
            )
        np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-10)
        h = expected


def test_multi_channel_conv_is_the_sum_of_scipy_correlations_per_channel_pair():
    (spec,) = parse_layers("conv3x4")
    rng = np.random.default_rng(2)
    x = rng.normal(size=(3, 9, 9)).astype(np.float32)
    w, b = rng.normal(size=(4, 3, 3, 3)).astype(np.float32), rng.normal(size=4).astype(np.float32)
    (out,) = forward(x, [spec], [(w, b)])
    assert out.dtype == np.float32
    for o in range(4):
        expected = sum(scipy.signal.correlate2d(x[c], w[o, c], mode="valid") for c in range(3)) + b[o]
        np.testing.assert_allclose(out[o], expected, rtol=1e-5, atol=1e-5)


def test_groups_restrict_which_input_maps_are_read():
    """conv x4 g2 over 4 channels: outputs 0-1 read inputs 0-1 only; changing input 3 leaves them."""
    specs = parse_layers("conv3x4g2")
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4, 7, 7))
    weights = random_weights(specs, x.shape, rng)
    (before,) = forward(x, specs, weights)
    changed = x.copy()
    changed[3] += 10
    (after,) = forward(changed, specs, weights)
    np.testing.assert_array_equal(after[:2], before[:2])
    assert not np.allclose(after[2:], before[2:])


def test_flatten_follows_c_h_w_order_and_the_index_maps_both_ways():
    x = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4)
    (flat,) = forward(x, parse_layers("flatten"), [None])
    np.testing.assert_array_equal(flat, x.reshape(-1))
    assert flat_index(1, 2, 3, (2, 3, 4)) == 23 == int(flat[23])
    assert unflat_index(13, (2, 3, 4)) == (1, 0, 1)
    with pytest.raises(ValueError, match=r"cell \(2, 0, 0\) is outside the \(2, 3, 4\) map"):
        flat_index(2, 0, 0, (2, 3, 4))
    with pytest.raises(ValueError, match="index 24 is outside the 24 flattened features"):
        unflat_index(24, (2, 3, 4))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 6), st.integers(0, 200))
def test_flat_index_round_trips(channels, height, width, seed):
    index = seed % (channels * height * width)
    cell = unflat_index(index, (channels, height, width))
    assert flat_index(*cell, (channels, height, width)) == index


def test_wrong_weights_are_refused_by_layer():
    specs = parse_layers("conv3x2,flatten,linear4")
    with pytest.raises(ValueError, match=re.escape("conv3x2 takes weights of shapes ((2, 1, 3, 3), (2,))")):
        forward(np.zeros((1, 5, 5)), specs, [(np.zeros((2, 1, 2, 2)), np.zeros(2)), None, None])
    with pytest.raises(ValueError, match="one entry per layer"):
        forward(np.zeros((1, 5, 5)), specs, [None])
