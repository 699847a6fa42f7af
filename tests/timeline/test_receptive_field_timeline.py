"""The Receptive-field timeline: published numbers, hand-worked stacks, the field growing one layer a
step, warnings, the effective receptive field against independent oracles, and NoOutput messages."""

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from convviz.engine import (
    avg_pool2d,
    avg_pool2d_backward,
    conv2d,
    conv2d_backward,
    influence_masks,
    max_pool2d,
    max_pool2d_backward,
    parse_layers,
    receptive_field_box,
)
from convviz.scene.field_probe import ErfWeights, Unit
from convviz.scene.layer_presets import layer_preset
from convviz.scene.model import input_image
from convviz.scene.scenes import ReceptiveFieldScene
from convviz.timeline import NoOutput, timeline_for
from convviz.timeline.effective_field import layer_weights


def timeline(**fields):
    return timeline_for(ReceptiveFieldScene(**fields))


# google-research/receptive_field's table: (layer index from 1, size, jump, effective padding)
VGG16_PUBLISHED = {
    "conv1_1": (1, 3, 1, 1),
    "pool1": (3, 6, 2, 2),
    "pool2": (6, 16, 4, 6),
    "pool3": (10, 44, 8, 18),
    "pool4": (14, 100, 16, 42),
    "pool5": (18, 212, 32, 90),
}


@pytest.mark.parametrize("name", VGG16_PUBLISHED)
def test_vgg16_table_matches_the_published_numbers(name):
    layer, size, jump, padding = VGG16_PUBLISHED[name]
    row = timeline(layers=layer_preset("VGG-16 (to pool5)"), size=(224, 224)).table[layer - 1]
    assert (row.layer, row.size, row.jump, row.padding) == (layer, size, jump, padding)


def test_alexnet_pool5_matches_the_published_numbers():
    """195/32/64 is TF-slim's alexnet_v2 (conv1 unpadded); torchvision's conv1 padding 2 gives 66."""
    last = timeline(layers=layer_preset("AlexNet (to pool5)"), size=(224, 224)).table[-1]
    assert (last.size, last.jump, last.padding, last.map) == (195, 32, 64, (5, 5))
    torchvision = timeline(
        layers="conv11s4p2,maxpool3s2,conv5p2,maxpool3s2,conv3p1,conv3p1,conv3p1,maxpool3s2", size=(224, 224)
    )
    assert (torchvision.table[-1].size, torchvision.table[-1].padding) == (195, 66)


def test_hand_worked_table():
    """conv3p1 -> maxpool2 -> conv3d2 over 16x16: r 3, 4, 12; j 1, 2, 2; first -1 throughout."""
    t = timeline(layers="conv3p1,maxpool2,conv3d2", size=(16, 16))
    assert [(r.item, r.map, r.size, r.jump, r.start, r.padding) for r in t.table] == [
        ("conv3p1", (16, 16), 3, 1, 0.0, 1),
        ("maxpool2", (8, 8), 4, 2, 0.5, 1),
        ("conv3d2", (4, 4), 12, 2, 4.5, 1),
    ]
    assert t.maps == ((16, 16), (16, 16), (8, 8), (4, 4))


def test_the_default_unit_is_the_centre_of_the_last_layer():
    t = timeline()  # conv3,conv3,maxpool2,conv3 over 28x28: the last map is 10x10
    assert t.unit == Unit(4, 4, 4) and t.count == 5


def test_the_field_grows_one_layer_a_step():
    scene = ReceptiveFieldScene(layers="conv3s2p1,conv3d2,maxpool2", size=(20, 20), unit=Unit(3, 1, 2))
    t = timeline_for(scene)
    specs = parse_layers(scene.layers)
    masks = influence_masks(specs, scene.size, (1, 2))
    assert t.count == 4
    for index in range(t.count):
        step = t.step(index)
        assert step.layer == 3 - index
        np.testing.assert_array_equal(step.mask, masks[step.layer])
        expected_box = (1, 2, 1, 2) if index == 0 else receptive_field_box(specs[step.layer :], (1, 2))
        assert step.box == expected_box
    assert (t.step(99).index, t.step(99).layer, t.step(-5).index, t.step(-5).layer) == (3, 0, 0, 3)  # clamped
    assert t.step(0).words == "The unit: row 1, column 2 of layer 3 (maxpool2)."
    assert t.step(3).words.startswith(f"{int(masks[0].sum())} cells of the input (20x20) can influence")


def test_a_unit_of_a_middle_layer_walks_down_from_its_own_layer():
    t = timeline(layers="conv3,conv3,conv3", size=(9, 9), unit=Unit(2, 0, 0))
    assert t.count == 3 and [t.step(i).layer for i in range(3)] == [2, 1, 0]
    assert t.step(2).box == (0, 0, 4, 4)


def test_holes_and_padding_are_said_in_words():
    words = timeline(layers="conv3d2,conv3d2", size=(12, 12), unit=Unit(2, 0, 0)).step(2).words
    assert "25 cells of the input (12x12)" in words and "9x9 box" in words
    assert "56 of the box's 81 cells inside the map are holes it never reads" in words
    padded = timeline(layers="conv3p1", size=(5, 5), unit=Unit(1, 0, 0)).step(1).words
    assert "rows -1 to 1" in padded and "part of the box lies in padding" in padded


def test_warnings_for_misaligned_and_off_centre_fields():
    t = timeline(layers="conv3,maxpool2", size=(9, 9))
    assert t.warnings == (
        "Layer 2 (maxpool2): each field is 4 pixels wide, an even number, so its centre falls between two"
        " input pixels (start 1.5).",
        "Layer 2 (maxpool2): along the height and width the fields reach exactly to the edge on the top and"
        " left and 1 pixel short of the edge on the bottom and right: the padding is not centred on the"
        " input.",
    )
    assert timeline(layers="conv3p1,conv3p1", size=(8, 8)).warnings == ()
    between = [w for w in timeline(layers="conv2,conv2,conv2", size=(9, 9)).warnings if "between" in w]
    assert [w[:16] for w in between] == ["Layer 1 (conv2):", "Layer 3 (conv2):"]  # sizes 2, 3, 4
    (wide,) = timeline(layers="conv2s2", size=(8, 9)).warnings[1:]
    assert "along the width" in wide and "1 pixel short of the edge on the right" in wide


def test_no_output_says_at_which_layer_and_why():
    with pytest.raises(
        NoOutput, match=r"layer 4 \(conv3\) gets a 2x2 map, 2x2 padded, smaller than its window"
    ):
        timeline(layers="conv3,conv3,maxpool2,conv3", size=(8, 8))
    with pytest.raises(NoOutput, match=r"unit 2:5,0 is outside layer 2 \(maxpool2\), whose map is 3x3"):
        timeline(layers="conv3,maxpool2", size=(8, 8), unit=Unit(2, 5, 0))
    with pytest.raises(NoOutput, match="names layer 3, but the stack has 2 layers"):
        timeline(layers="conv3,maxpool2", size=(8, 8), unit=Unit(3, 0, 0))
    with pytest.raises(NoOutput, match=r"layer 2 \('pool2'\)"):
        timeline(layers="conv3,pool2")


# --------------------------------------------------------------------------------------- effective field


def test_uniform_erf_of_two_3x3_convs_is_the_triangle_with_its_moments():
    """1/9 box twice: the 1,2,3,2,1 triangle; variance (4+2+0+2+4)/9 per axis."""
    t = timeline(layers="conv3,conv3", size=(9, 9), erf=ErfWeights("uniform"))
    tri = np.array([1, 2, 3, 2, 1]) / 9
    expected = np.zeros((9, 9))
    expected[2:7, 2:7] = np.outer(tri, tri)
    np.testing.assert_allclose(t.erf.gradient, expected)
    assert t.erf.centre == pytest.approx((4.0, 4.0))
    assert t.erf.sigma == pytest.approx((np.sqrt(12 / 9),) * 2)
    assert t.erf.theoretical == (5, 5) and t.erf.ratio == pytest.approx((4 * np.sqrt(12 / 9) / 5,) * 2)


@pytest.mark.parametrize("erf", [ErfWeights("uniform"), ErfWeights("random", seed=3)])
def test_erf_equals_the_unit_of_each_one_hot_input_for_a_linear_stack(erf):
    """Without max pooling the stack is linear: d unit / d pixel p is the unit's value on the one-hot
    image e_p, computed by the engine's forward pass."""
    layers = "conv3s2p1,avgpool2,conv3d2"
    specs, size, unit = parse_layers(layers), (24, 20), Unit(3, 1, 0)
    t = timeline(layers=layers, size=size, unit=unit, erf=erf)
    weights = layer_weights(tuple(specs), erf)
    expected = np.zeros(size)
    for pixel in np.ndindex(*size):
        x = np.zeros(size)
        x[pixel] = 1.0
        for spec, w in zip(specs, weights):
            if spec.kind == "conv":
                x = conv2d(x, w, stride=spec.stride, padding=spec.padding, dilation=spec.dilation)
            else:
                x = x.reshape(x.shape[0] // 2, 2, -1, 2).mean(axis=(1, 3))  # avgpool2 by hand
        expected[pixel] = abs(x[unit.row, unit.col])
    np.testing.assert_allclose(t.erf.gradient, expected, atol=1e-12)
    assert not (t.erf.gradient[~t.masks[0]]).any()


def test_erf_routes_max_pooling_through_the_maxima_of_the_input():
    """Finite differences on the scene's input: nudging a pixel changes the unit by gradient x nudge."""
    scene = ReceptiveFieldScene(
        input="digit3", size=(16, 16), layers="conv3,maxpool2,conv3", erf=ErfWeights("uniform")
    )
    t = timeline_for(scene)
    image = input_image(scene.input, scene.size).astype(np.float64)
    w = np.full((3, 3), 1 / 9)

    def unit(x):
        return conv2d(max_pool2d(conv2d(x, w), 2), w)[t.unit.row, t.unit.col]

    eps = 1e-7
    numeric = np.zeros(scene.size)
    for pixel in np.ndindex(*scene.size):
        x = image.copy()
        x[pixel] += eps
        numeric[pixel] = abs(unit(x) - unit(image)) / eps
    np.testing.assert_allclose(t.erf.gradient, numeric, atol=1e-6)
    assert t.erf.gradient.sum() > 0 and (t.erf.gradient[t.masks[0]] == 0).any()  # routing skips cells


def test_the_erf_is_far_smaller_than_a_deep_theoretical_field():
    t = timeline(layers=",".join(["conv3p1"] * 20), size=(64, 64), erf=ErfWeights("uniform"))
    assert t.erf.theoretical == (41, 41) and max(t.erf.ratio) < 0.6
    assert "of the theoretical field's 41 x 41" in t.erf.words


def test_no_erf_unless_asked_and_a_unit_seeing_only_padding_has_a_zero_gradient():
    assert timeline().erf is None
    t = timeline(layers="conv1p3", size=(4, 4), unit=Unit(1, 0, 0), erf=ErfWeights("uniform"))
    assert not t.masks[0].any() and t.erf.sigma is None
    assert t.erf.words == "The unit's gradient is zero: every path from the unit ends in padding."


def full_backward(scene, unit):
    """The plain chain rule over whole maps with the engine's forward and backward functions."""
    specs = parse_layers(scene.layers)[: unit.layer]
    weights = layer_weights(tuple(specs), scene.erf)
    maps = [input_image(scene.input, scene.size).astype(np.float64)]
    for spec, w in zip(specs, weights):
        args = (spec.kernel, spec.stride, spec.padding)
        if spec.kind == "conv":
            maps.append(conv2d(maps[-1], w, stride=spec.stride, padding=spec.padding, dilation=spec.dilation))
        elif spec.kind == "maxpool":
            maps.append(max_pool2d(maps[-1], *args, spec.dilation))
        else:
            maps.append(avg_pool2d(maps[-1], *args))
    grad = np.zeros(maps[-1].shape)
    grad[unit.row, unit.col] = 1.0
    for spec, w, x in zip(reversed(specs), reversed(weights), reversed(maps[:-1])):
        args = (spec.kernel, spec.stride, spec.padding)
        if spec.kind == "conv":
            grad = conv2d_backward(x, w, grad, spec.stride, spec.padding, spec.dilation)[0]
        elif spec.kind == "maxpool":
            grad = max_pool2d_backward(x, grad, *args, spec.dilation)
        else:
            grad = avg_pool2d_backward(x, grad, *args)
    return np.abs(grad)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_the_erf_equals_the_chain_rule_over_whole_maps(data):
    """The timeline runs each layer's backward pass on the window the unit's gradient reaches; over the
    whole maps, with the padding left to the engine, the numbers are the same (borders included)."""
    items = []
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["conv", "maxpool", "avgpool"]))
        k = data.draw(st.integers(1, 4))
        p = data.draw(st.integers(0, 2 if kind == "conv" else k // 2))
        d = 1 if kind == "avgpool" else data.draw(st.integers(1, 2))
        items.append(f"{kind}{k}s{data.draw(st.integers(1, 3))}p{p}d{d}")
    erf = data.draw(st.sampled_from([ErfWeights("uniform"), ErfWeights("random", seed=7)]))
    size = (data.draw(st.integers(6, 24)), data.draw(st.integers(6, 24)))
    scene = ReceptiveFieldScene(input="circle", size=size, layers=",".join(items), erf=erf)
    try:
        first = timeline_for(scene)
    except NoOutput:
        event("no output")
        return  # the maps vanish, or a pooling window falls wholly in padding
    layer = data.draw(st.integers(1, len(first.specs)))
    height, width = first.maps[layer]
    unit = Unit(layer, data.draw(st.integers(0, height - 1)), data.draw(st.integers(0, width - 1)))
    gradient = timeline_for(scene.replace(unit=unit)).erf.gradient
    np.testing.assert_allclose(gradient, full_backward(scene, unit), rtol=1e-12, atol=1e-15)
