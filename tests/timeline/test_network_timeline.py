"""The Network timeline: every map equals the engine's pass and independent oracles; a multi-channel
value is the sum of its shown per-channel terms plus the bias; groups restrict what a map reads; the
written sums add up; pooling, relu, flatten and linear steps; the prefix cache; refusals."""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pytest
import scipy.signal

from convviz.engine import flat_index, forward, max_pool2d
from convviz.scene.network_edits import with_kernel_edit
from convviz.scene.network_fields import MapRef
from convviz.scene.network_inputs import input_channels
from convviz.scene.network_model import scene_layer_weights, stack_specs
from convviz.scene.network_presets import DEPTHWISE_SEPARABLE, TINY_VGG
from convviz.scene.scenes import NetworkScene
from convviz.timeline import NoOutput, timeline_for
from convviz.timeline.network_text import ROUNDED, mean_text, shown, sum_text

TINY = NetworkScene(input="colour_shapes", size=(64, 64), layers=TINY_VGG)
DEPTHWISE = NetworkScene(input="colour_gradient", size=(16, 16), layers=DEPTHWISE_SEPARABLE)


def at(scene: NetworkScene, layer: int, channel: int):
    return timeline_for(scene.replace(map=MapRef(layer, channel)))


def engine_pass(scene: NetworkScene) -> list[np.ndarray]:
    specs = stack_specs(scene.layers)
    weights = [scene_layer_weights(scene, layer) for layer in range(1, len(specs) + 1)]
    return forward(input_channels(scene.input, tuple(scene.size)), specs, weights)


@pytest.mark.parametrize("scene", [NetworkScene(), TINY, DEPTHWISE])
def test_every_map_is_the_engines(scene):
    timeline = timeline_for(scene)
    assert len(timeline.maps) == len(timeline.specs) + 1
    np.testing.assert_array_equal(timeline.maps[0], input_channels(scene.input, tuple(scene.size)))
    for held, computed in zip(timeline.maps[1:], engine_pass(scene)):
        np.testing.assert_array_equal(held, computed)


def test_a_conv_map_is_scipys_correlation_summed_over_channels_plus_bias():
    scene = with_kernel_edit(TINY, 3, 4, 7, np.arange(9).reshape(3, 3) / 9)
    timeline = at(scene, 3, 4)
    x, (w, b) = timeline.maps[2].astype(np.float64), scene_layer_weights(scene, 3)
    expected = sum(scipy.signal.correlate2d(x[c], w[4, c], mode="valid") for c in range(10)) + b[4]
    np.testing.assert_allclose(timeline.out_map, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(("scene", "layer", "channel"), [(NetworkScene(), 4, 5), (TINY, 6, 3), (TINY, 1, 2)])
def test_each_value_is_its_shown_channel_terms_plus_bias(scene, layer, channel):
    timeline = at(scene, layer, channel)
    x = timeline.maps[layer - 1].astype(np.float64)
    k = timeline.spec.kernel
    for index in range(0, timeline.count, 7):
        step = timeline.step(index)
        assert step.channels == timeline.reads == tuple(range(x.shape[0]))
        assert len(step.terms) == x.shape[0]
        i, j = step.out_cell
        for channel_read, term in zip(step.channels, step.terms):  # each term: the window's correlation
            window = x[channel_read, i : i + k, j : j + k]  # no padding, stride 1 in these stacks
            np.testing.assert_allclose(term.inputs, window)
            np.testing.assert_array_equal(term.weights, timeline.kernels[channel_read])
            assert term.value == pytest.approx(float((window * term.weights).sum()), abs=1e-9)
        assert step.total == pytest.approx(sum(term.value for term in step.terms) + step.bias, abs=1e-12)
        assert step.total == pytest.approx(step.value, rel=1e-5, abs=1e-5)
        assert step.value == float(timeline.out_map[i, j])


def numbers_of(text: str) -> list[Decimal]:
    return [Decimal(n.replace("−", "-")) for n in re.findall(r"−?\d+\.\d+", text)]


@pytest.mark.parametrize(
    ("scene", "layer", "channel"), [(NetworkScene(), 4, 0), (TINY, 3, 9), (NetworkScene(), 10, 3)]
)
def test_the_written_sum_adds_up_or_says_it_is_rounded(scene, layer, channel):
    timeline = at(scene, layer, channel)
    for index in range(0, timeline.count, 5):
        step = timeline.step(index)
        *terms, total = numbers_of(step.text)
        assert len(terms) == len(step.terms or step.groups) + 1  # the partials and the bias
        assert total == Decimal(shown(step.total).replace("−", "-"))
        if sum(terms) == total:
            assert " = " in step.text and ROUNDED not in step.text
        else:
            assert step.text.endswith(ROUNDED) and " ≈ " in step.text


def test_sum_text_by_hand():
    assert sum_text([1.2, -0.35], 0.1, 0.95) == "(1.20) + (−0.35) + bias 0.10 = 0.95"
    assert (
        sum_text([0.333, 0.333, 0.333], 0.0, 0.999) == "(0.33) + (0.33) + (0.33) + bias 0.00 ≈ 1.00" + ROUNDED
    )
    assert sum_text([-0.001], 0.0, -0.001) == "(0.00) + bias 0.00 = 0.00"  # no −0.00
    assert mean_text([1.0, 0.0, 0.0, 0.0], 4, 0.25) == "(1.00 + 0.00 + 0.00 + 0.00) / 4 = 0.25"


def test_groups_restrict_which_maps_are_read():
    """Depthwise layer 3 (conv3p1x8g8): map c reads layer 2's channel c alone; editing layer 1's kernel
    for another channel changes that channel's maps and leaves map c as it was."""
    timeline = at(DEPTHWISE, 3, 5)
    assert timeline.reads == (5,) and timeline.kernels.shape == (1, 3, 3)
    assert timeline.step(0).channels == (5,) and len(timeline.step(0).terms) == 1
    edited = with_kernel_edit(DEPTHWISE, 1, 2, 0, np.full((3, 3), 0.7))
    after = at(edited, 3, 5)
    assert not np.array_equal(after.maps[2][2], timeline.maps[2][2])  # channel 2 changed
    np.testing.assert_array_equal(after.out_map, timeline.out_map)  # map 5 did not
    grouped = NetworkScene(input="colour_shapes", size=(10, 10), layers="conv3x4,conv3x6g2")
    assert at(grouped, 2, 1).reads == (0, 1) and at(grouped, 2, 4).reads == (2, 3)


def test_pooling_steps_are_the_window_and_the_engines_choice():
    timeline = at(NetworkScene(), 3, 2)  # maxpool2 over relu'd conv maps
    x = timeline.in_map[2]
    _, indices = max_pool2d(x, 2, 2, return_indices=True)
    for index in (0, 17, timeline.count - 1):
        step = timeline.step(index)
        i, j = step.out_cell
        np.testing.assert_array_equal(step.window.inputs, x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2])
        assert step.window.chosen == divmod(int(indices[i, j]), x.shape[1])
        assert step.value == float(step.window.inputs.max()) == float(timeline.out_map[i, j])
        assert step.text.startswith("max(") and step.text.endswith(f"= {shown(step.value)}")
    avg = at(NetworkScene(layers="conv3p1x2,avgpool2"), 2, 1).step(3)
    assert avg.window.divisor == 4 and avg.value == pytest.approx(float(avg.window.inputs.mean()), rel=1e-6)


def test_relu_flatten_and_linear_steps():
    scene = NetworkScene()
    relu = at(scene, 2, 0).step(250)
    assert relu.source == (0, *relu.out_cell)
    before = float(at(scene, 2, 0).in_map[relu.source])
    assert relu.value == max(0.0, before) and relu.text == f"max(0, {shown(before)}) = {shown(relu.value)}"
    flat = at(scene, 7, 123)
    step = flat.step(0)
    assert flat.count == 1 and step.source == (4, 4, 3)
    assert flat_index(*step.source, (16, 5, 5)) == 123 and step.value == float(flat.in_map[step.source])
    assert step.text == "element 123 = cell (4, 4, 3) of the (16, 5, 5) map: (4·5 + 4)·5 + 3 = 123"
    linear = at(scene, 8, 7)
    groups = linear.step(0).groups
    assert [g.label for g in groups] == [f"channel {c}" for c in range(16)]  # by the flattened map's channel
    assert all(len(g.features) == 25 for g in groups)
    assert linear.step(0).total == pytest.approx(linear.step(0).value, rel=1e-5, abs=1e-5)
    deeper = at(scene, 10, 0).step(0).groups  # its input is linear120 (through relu): tens
    assert [g.label for g in deeper][:2] == ["features 0–9", "features 10–19"] and len(deeper) == 12


def test_the_pass_holds_shapes_counts_and_edges():
    timeline = timeline_for(NetworkScene())
    assert timeline.facts[0].edge == "(1, 28, 28) → (6, 28, 28)"
    assert timeline.facts[6].edge == "(16, 5, 5) → (400,)"
    assert timeline.total_parameters == 61_706 and timeline.total_multiply_adds == 416_520
    assert timeline_for(TINY).total_parameters == 280 + 3 * 910 + 16_910  # CNN Explainer's Tiny VGG


def test_default_map_steps_and_clamping():
    timeline = timeline_for(NetworkScene())
    assert timeline.map == MapRef(1, 0) and timeline.count == 28 * 28
    assert timeline.step(-5).index == 0 and timeline.step(10**6).index == 783
    shown_map = timeline.output_until(29)
    assert np.isnan(shown_map.reshape(-1)[30:]).all()
    np.testing.assert_array_equal(shown_map.reshape(-1)[:30], timeline.out_map.reshape(-1)[:30])


def test_an_edit_recomputes_only_the_layers_from_it():
    before = timeline_for(NetworkScene())
    after = timeline_for(with_kernel_edit(NetworkScene(), 4, 0, 0, np.zeros((5, 5))))
    assert all(after.maps[i] is before.maps[i] for i in range(4))  # the cached prefix
    assert not np.array_equal(after.maps[4], before.maps[4])


@pytest.mark.parametrize(
    ("scene", "words"),
    [
        (NetworkScene(layers="conv5,conv5", size=(6, 6)), r"No output: layer 2 \(conv5\) gets a 2x2 map"),
        (
            NetworkScene(layers="conv3x4g2"),
            r"layer 1 \(conv3x4g2\) has 2 groups, which do not divide its 1 input",
        ),
        (NetworkScene(layers="conv3,linear4"), "put flatten before it"),
        (NetworkScene(layers="conv3x64,conv3x64", size=(512, 512)), "maps hold 33,"),
        (
            NetworkScene(layers="conv1x64,flatten,linear1024", size=(64, 64)),
            "parameters; the page holds at most",
        ),
    ],
)
def test_stacks_that_cannot_run_say_why(scene, words):
    with pytest.raises(NoOutput, match=words):
        timeline_for(scene)


def padded_oracle(x: np.ndarray, p: int, fill: float) -> np.ndarray:
    return np.pad(x.astype(np.float64), ((0, 0), (p, p), (p, p)), constant_values=fill)


def test_strided_padded_dilated_grouped_terms_read_the_right_cells():
    """conv3s2p1d2x4g2 over 4 channels: each term is its channel's window (stride 2, dilation 2, in the
    zero-padded map) times the kernel slice of its place in the group."""
    scene = NetworkScene(input="colour_checks", size=(13, 11), layers="conv3x4,conv3s2p1d2x4g2")
    timeline = at(scene, 2, 3)
    padded = padded_oracle(timeline.in_map, 1, 0.0)
    w, b = scene_layer_weights(scene, 2)
    assert timeline.reads == (2, 3)
    for index in range(timeline.count):
        step = timeline.step(index)
        i, j = step.out_cell
        for local, (channel, term) in enumerate(zip(step.channels, step.terms)):
            window = padded[channel, 2 * i : 2 * i + 5 : 2, 2 * j : 2 * j + 5 : 2]
            np.testing.assert_array_equal(term.inputs, window)
            assert term.value == pytest.approx(float((window * w[3, local]).sum()), abs=1e-9)
        assert step.total == pytest.approx(step.value, rel=1e-5, abs=1e-5)
        assert step.bias == float(b[3])


def test_padded_max_pooling_never_chooses_padding_and_marks_the_engines_cell():
    scene = NetworkScene(layers="conv3x2,maxpool3s2p1", size=(9, 9))
    timeline = at(scene, 2, 1)
    x = timeline.in_map[1]
    _, indices = max_pool2d(x, 3, 2, 1, return_indices=True)
    for index in range(timeline.count):
        step = timeline.step(index)
        row, col = divmod(int(indices[step.out_cell]), x.shape[1])
        assert step.window.chosen == (row + 1, col + 1)  # in the padded map's cells
        assert timeline.padded[1][step.window.chosen] == step.value
    assert "−∞" in timeline.step(0).text  # the corner window reaches into the padding


def test_relu_of_a_vector_is_one_feature():
    timeline = at(NetworkScene(), 9, 17)
    step = timeline.step(0)
    assert timeline.count == 1 and step.source == (17,) and step.out_cell is None
    assert step.value == max(0.0, float(timeline.in_map[17]))
