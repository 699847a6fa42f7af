"""influence_masks and layer_map_sizes against an independent oracle: the non-zero pattern of the
engine's gradient of one unit, pushed back through positive weights, where nothing can cancel."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.engine import (
    avg_pool2d_backward,
    conv2d_backward,
    influence_masks,
    layer_map_sizes,
    parse_layers,
    receptive_field_box,
    smallest_input,
)

DILATED_AND_STRIDED = [
    "conv3,conv3d2,conv3d4,conv3d8",  # gridding: the input mask is a lattice with holes
    "conv3s2p1,conv3d2,maxpool2",
    "conv5s2p2,avgpool3s2p1,conv3d3",
    "conv3d3p2,maxpool3s2d2,conv2s2",
    "conv7s2p3,maxpool3s2p1,conv3p1",
]


def gradient_support(specs, size, unit):
    """Non-zero cells of d unit / d map for every map, from the engine's backward pass: all-ones kernels
    for conv and max pooling (a max pool reads every cell of its window), avg_pool2d_backward as is."""
    sizes = layer_map_sizes(specs, size)
    grad = np.zeros(sizes[-1])
    grad[unit] = 1.0
    support = [grad != 0]
    for spec, shape in zip(reversed(specs), reversed(sizes[:-1])):
        x = np.zeros(shape)
        if spec.kind == "avgpool":
            grad = avg_pool2d_backward(x, grad, spec.kernel, spec.stride, spec.padding)
        else:
            ones = np.ones((spec.kernel, spec.kernel))
            grad = conv2d_backward(x, ones, grad, spec.stride, spec.padding, spec.dilation)[0]
        support.append(grad > 0)
    return support[::-1]


@pytest.mark.parametrize("layers", DILATED_AND_STRIDED)
def test_masks_equal_the_gradient_support_for_every_unit(layers):
    specs = parse_layers(layers)
    size = (37, 41)
    height, width = layer_map_sizes(specs, size)[-1]
    for unit in np.ndindex(height, width):
        masks = influence_masks(specs, size, unit)
        for mask, support in zip(masks, gradient_support(specs, size, unit), strict=True):
            np.testing.assert_array_equal(mask, support)


def test_dilation_leaves_holes_in_the_input_mask():
    """Gridding: with dilations 1, 2, 4, 8 the 31x31 field has every cell; with dilation 2 twice only
    every other row and column of the 9x9 box."""
    (mask, *_) = influence_masks("conv3d2,conv3d2", (12, 12), (0, 0))
    assert mask.sum() == 25 and mask[:9, :9].sum() == 25
    np.testing.assert_array_equal(np.flatnonzero(mask[0]), [0, 2, 4, 6, 8])
    (full, *_) = influence_masks("conv3,conv3d2,conv3d4,conv3d8", (40, 40), (0, 0))
    assert full.sum() == 31 * 31 and full[:31, :31].all()


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_masks_equal_the_gradient_support_on_random_stacks(data):
    items = []
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["conv", "maxpool", "avgpool"]))
        k = data.draw(st.integers(1, 4))
        s = data.draw(st.integers(1, 3))
        p = data.draw(st.integers(0, 2 if kind == "conv" else k // 2))
        d = 1 if kind == "avgpool" else data.draw(st.integers(1, 3))
        items.append(f"{kind}{k}s{s}p{p}d{d}")
    specs = parse_layers(",".join(items))
    size = (data.draw(st.integers(8, 30)), data.draw(st.integers(8, 30)))
    try:
        height, width = layer_map_sizes(specs, size)[-1]
    except ValueError:
        return  # the maps vanish: tested by its message below
    unit = (data.draw(st.integers(0, height - 1)), data.draw(st.integers(0, width - 1)))
    for mask, support in zip(influence_masks(specs, size, unit), gradient_support(specs, size, unit)):
        np.testing.assert_array_equal(mask, support)
    top, left, bottom, right = receptive_field_box(specs, unit)
    rows, cols = np.nonzero(influence_masks(specs, size, unit)[0])
    if rows.size:  # clipped and with holes, the set still lies in the unclipped box
        assert top <= rows.min() and rows.max() <= bottom and left <= cols.min() and cols.max() <= right


def test_map_sizes_hand_worked():
    assert layer_map_sizes("conv3,conv3,maxpool2,conv3", (28, 28)) == [
        (28, 28),
        (26, 26),
        (24, 24),
        (12, 12),
        (10, 10),
    ]
    assert layer_map_sizes("conv7s2p3,maxpool3s2p1", (224, 224)) == [(224, 224), (112, 112), (56, 56)]
    assert layer_map_sizes("conv3d2", (9, 5)) == [(9, 5), (5, 1)]


def test_a_vanishing_map_names_its_layer_and_why():
    message = (
        r"layer 3 \(conv3d2\) gets a 2x2 map, 2x2 padded, smaller than its window's span of 5"
        r" \(d\(k-1\)\+1 = 2\*2\+1\): it has no output position; this stack needs an input of at least"
        r" 12 pixels a side"
    )
    with pytest.raises(ValueError, match=message):
        layer_map_sizes("conv3,maxpool2,conv3d2", (6, 6))


def test_a_unit_outside_the_map_is_refused():
    with pytest.raises(ValueError, match=r"unit \(4, 0\) is outside the last layer's 4x4 map"):
        influence_masks("conv3", (6, 6), (4, 0))


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_smallest_input_is_the_threshold_where_maps_vanish(data):
    items = []
    for _ in range(data.draw(st.integers(1, 5))):
        kind = data.draw(st.sampled_from(["conv", "maxpool"]))
        k = data.draw(st.integers(1, 5))
        p = data.draw(st.integers(0, 3 if kind == "conv" else k // 2))
        items.append(f"{kind}{k}s{data.draw(st.integers(1, 3))}p{p}d{data.draw(st.integers(1, 3))}")
    specs = parse_layers(",".join(items))
    n = smallest_input(specs)
    assert min(layer_map_sizes(specs, (n, n + 3))[-1]) >= 1
    if n > 1:
        with pytest.raises(ValueError, match=f"needs an input of at least {n} pixels a side"):
            layer_map_sizes(specs, (n - 1, n + 3))


def test_smallest_input_hand_worked():
    """VGG-16's five 2x2 pools need 32 pixels; three unpadded 3x3 convs need 7."""
    assert smallest_input("conv3,conv3,conv3") == 7
    assert smallest_input("conv3p1,maxpool2," * 4 + "conv3p1,maxpool2") == 32
    assert smallest_input("conv3p1") == 1
