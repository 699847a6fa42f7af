"""parse_layers, receptive_field and receptive_field_box: published numbers, hand derivations, brute force."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.engine import (
    conv2d_backward,
    conv_output_size,
    parse_layers,
    receptive_field,
    receptive_field_box,
)

FAST = settings(max_examples=60, deadline=None)

VGG16 = ",".join(
    ["conv3p1"] * 2
    + ["maxpool2s2"]
    + ["conv3p1"] * 2
    + ["maxpool2s2"]
    + (["conv3p1"] * 3 + ["maxpool2s2"]) * 3
)
# torchvision's AlexNet features: conv11 s4 p2, pool3 s2, conv5 p2, pool3 s2, 3 x conv3 p1, pool3 s2
ALEXNET = "conv11s4p2,maxpool3s2,conv5p2,maxpool3s2,conv3p1,conv3p1,conv3p1,maxpool3s2"
RESNET_STEM = "conv7s2p3,maxpool3s2p1"


def spec_tuple(spec):
    return spec.kind, spec.kernel, spec.stride, spec.padding, spec.dilation


# -------------------------------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("conv3", ("conv", 3, 1, 0, 1)),
        ("maxpool2", ("maxpool", 2, 2, 0, 1)),  # pool stride defaults to the kernel
        ("avgpool3s1p1", ("avgpool", 3, 1, 1, 1)),
        ("conv7s2p3", ("conv", 7, 2, 3, 1)),
        ("conv3s2p1d2", ("conv", 3, 2, 1, 2)),
        ("conv3d2", ("conv", 3, 1, 0, 2)),
        ("maxpool3p1", ("maxpool", 3, 3, 1, 1)),
        ("conv11s4", ("conv", 11, 4, 0, 1)),  # several digits
        ("conv3d12", ("conv", 3, 1, 0, 12)),
    ],
)
def test_parse_one_item(text, expected):
    (spec,) = parse_layers(text)
    assert spec_tuple(spec) == expected


def test_parse_list_and_whitespace():
    """Items keep their order; spaces around the commas are ignored."""
    specs = parse_layers(" conv3p1 ,maxpool2s2,  conv3d2 ")
    expected = [("conv", 3, 1, 1, 1), ("maxpool", 2, 2, 0, 1), ("conv", 3, 1, 0, 2)]
    assert [spec_tuple(s) for s in specs] == expected
    assert [spec_tuple(s) for s in parse_layers("conv3p1,maxpool2s2,conv3d2")] == expected


@pytest.mark.parametrize(
    "bad", ["conv", "pool2", "conv3x", "maxpool2s", "conv-3", "conv3 p1", "fc4", "3con", "conv3s2s3"]
)
def test_parse_rejects_bad_items_by_name(bad):
    """The error quotes the offending item, so a user can find it in a long list."""
    with pytest.raises(ValueError, match="(?i)" + re.escape(bad)):
        parse_layers(f"conv3p1,{bad},maxpool2")


@pytest.mark.parametrize("bad", ["conv0", "conv3s0", "maxpool0"])
def test_parse_rejects_zero_kernel_or_stride(bad):
    with pytest.raises(ValueError, match=rf"(?i){bad}|kernel|stride"):
        parse_layers(bad)


# -------------------------------------------------------------------------------------------------- records


def test_hand_derived_small_network():
    """conv3p1 -> maxpool2s2 -> conv3d2, following r += (k_eff-1) j, j *= s, start += ((k_eff-1)/2 - p) j."""
    records = receptive_field("conv3p1,maxpool2s2,conv3d2")
    assert [r.size for r in records] == [3, 4, 12]
    assert [r.jump for r in records] == [1, 2, 2]
    assert [r.start for r in records] == pytest.approx([0.0, 0.5, 4.5])


@pytest.mark.parametrize(
    ("layers", "size", "jump", "start"),
    [
        (VGG16, 212, 32, 15.5),  # published: VGG-16 pool5 sees 212 pixels with stride 32
        (ALEXNET, 195, 32, 31.0),  # 11 +2*4 +4*8 +2*8 +6*16 +2*16; start 3 +1*4 +1*8 +1*16
        (RESNET_STEM, 11, 4, 0.0),  # 7 + 2*2
        ("conv3,conv3,conv3", 7, 1, 3.0),  # three 3x3 convs see as far as one 7x7
        ("conv3d1,conv3d2,conv3d4", 15, 1, 7.0),  # WaveNet-style doubling dilations
    ],
    ids=["vgg16", "alexnet", "resnet-stem", "three-3x3", "dilated-stack"],
)
def test_known_networks(layers, size, jump, start):
    last = receptive_field(layers)[-1]
    assert (last.size, last.jump) == (size, jump)
    assert last.start == pytest.approx(start)


def test_one_record_per_layer_and_accepts_specs():
    specs = parse_layers(VGG16)
    from_specs, from_text = receptive_field(specs), receptive_field(VGG16)
    assert len(from_specs) == len(from_text) == 18
    assert [(r.size, r.jump, r.start) for r in from_specs] == [(r.size, r.jump, r.start) for r in from_text]


@pytest.mark.parametrize(
    ("layers", "unit", "box"),
    [
        ("conv3p1,maxpool2s2,conv3d2", (0, 0), (-1, -1, 10, 10)),  # reads pool units 0, 2, 4: rows -1..10
        ("conv3p1,maxpool2s2,conv3d2", (1, 2), (1, 3, 12, 14)),  # one unit down = 2 rows, right 2 = 4 columns
        (VGG16, (0, 0), (-90, -90, 121, 121)),  # 15.5 - 211/2 = -90
        (VGG16, (2, 1), (-26, -58, 185, 153)),
        ("conv3", (4, 0), (4, 0, 6, 2)),
    ],
)
def test_box_hand_worked(layers, unit, box):
    result = receptive_field_box(layers, unit)
    assert all(isinstance(v, int | np.integer) for v in result), "box corners are whole pixels"
    assert tuple(result) == box


# ------------------------------------------------------------------------------------------------ brute force


@st.composite
def networks(draw):
    """A random layer string with explicit or default s/p/d suffixes."""
    items = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["conv", "maxpool", "avgpool"]))
        k = draw(st.integers(1, 5))
        item = f"{kind}{k}"
        if draw(st.booleans()):
            item += f"s{draw(st.integers(1, 3))}"
        if draw(st.booleans()):
            item += f"p{draw(st.integers(0, 3 if kind == 'conv' else k // 2))}"
        if kind != "avgpool" and draw(st.booleans()):
            item += f"d{draw(st.integers(1, 3))}"
        items.append(item)
    return ",".join(items)


def dependency_span(specs, unit):
    """Min and max input coordinate that unit (in 1-D) of the last layer reads, on an unbounded plane.

    Propagates the full set of positions layer by layer, so padding cells count as real pixels."""
    positions = {unit}
    for spec in reversed(specs):
        taps = [t * spec.dilation - spec.padding for t in range(spec.kernel)]
        positions = {o * spec.stride + tap for o in positions for tap in taps}
    return min(positions), max(positions)


@FAST
@given(layers=networks(), i=st.integers(0, 4), j=st.integers(0, 4))
def test_box_and_records_match_dependency_propagation(layers, i, j):
    """Each record's size/jump/start and unit (i, j)'s box equal the spans of brute-force dependencies."""
    specs = parse_layers(layers)
    records = receptive_field(specs)
    for depth, record in enumerate(records, start=1):
        lo0, hi0 = dependency_span(specs[:depth], 0)
        lo1, _ = dependency_span(specs[:depth], 1)
        assert record.size == hi0 - lo0 + 1
        assert record.jump == lo1 - lo0
        assert record.start == pytest.approx((lo0 + hi0) / 2)
    top, bottom = dependency_span(specs, i)
    left, right = dependency_span(specs, j)
    assert tuple(int(v) for v in receptive_field_box(specs, (i, j))) == (top, left, bottom, right)


@pytest.mark.parametrize(
    "layers",
    [
        "conv3p1,maxpool2s2,conv3d2",
        "conv7s2p3,maxpool3s2p1,conv3p1",
        "conv5s2p2,avgpool3s2p1,conv3d3",
        "conv3,conv3s2,maxpool3d2,conv1",
    ],
)
def test_box_matches_gradient_support_on_a_real_image(layers):
    """Push a one-hot gradient back through all-ones kernels with the engine's conv2d_backward.

    An all-ones kernel with a layer's geometry reads the same pixels as the layer (pools included), and
    positive gradients cannot cancel, so the nonzero support of grad_x is exactly the set of input pixels
    the unit depends on.  Units whose box lies inside the image must match it exactly; at the border the
    support must lie inside the clipped box (with dilation or stride the clipped edge may fall in a gap).
    """
    specs = parse_layers(layers)
    size = 40
    shapes = [size]
    for spec in specs:
        shapes.append(conv_output_size(shapes[-1], spec.kernel, spec.stride, 2 * spec.padding, spec.dilation))
    interior = 0
    for i in range(shapes[-1]):
        for j in (0, shapes[-1] // 2, shapes[-1] - 1):
            grad = np.zeros((shapes[-1], shapes[-1]))
            grad[i, j] = 1.0
            for spec, n in zip(reversed(specs), reversed(shapes[:-1])):
                ones = np.ones((spec.kernel, spec.kernel))
                grad = conv2d_backward(
                    np.zeros((n, n)),
                    ones,
                    grad,
                    stride=spec.stride,
                    padding=spec.padding,
                    dilation=spec.dilation,
                )[0]
            rows, cols = np.nonzero(grad > 0)
            top, left, bottom, right = (int(v) for v in receptive_field_box(specs, (i, j)))
            clipped = (max(top, 0), max(left, 0), min(bottom, size - 1), min(right, size - 1))
            if clipped == (top, left, bottom, right):
                interior += 1
                assert (rows.min(), cols.min(), rows.max(), cols.max()) == (top, left, bottom, right)
            elif rows.size:
                assert clipped[0] <= rows.min() and rows.max() <= clipped[2]
                assert clipped[1] <= cols.min() and cols.max() <= clipped[3]
    assert interior > 0
