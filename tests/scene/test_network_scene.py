"""NetworkScene and its link keys (layers, weights, edits, map), colour input, default weights, the
edit functions the page calls, and the presets."""

from __future__ import annotations

import base64
import io
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from convviz.engine import LayerSpec
from convviz.scene.codecs import LinkError
from convviz.scene.kernels import kernel_preset
from convviz.scene.link import format_link, parse_link
from convviz.scene.model import input_image
from convviz.scene.network_edits import (
    kernel_of,
    with_bias_edit,
    with_kernel_edit,
    with_network_changes,
)
from convviz.scene.network_fields import KernelEdit, MapRef, NetWeights
from convviz.scene.network_inputs import COLOUR_PRESETS, input_channels
from convviz.scene.network_model import scene_layer_weights
from convviz.scene.network_presets import LENET, NETWORK_PRESETS, TINY_VGG, network_preset
from convviz.scene.network_weights import DEFAULT_FILTERS, filter_kernel
from convviz.scene.scenes import OPEN_PAGES, PAGES, NetworkScene

PAGE = "convviz://network"


def opened(query: str) -> NetworkScene:
    return parse_link(f"{PAGE}?{query}", pages=PAGES)


def round_trips(scene: NetworkScene) -> None:
    assert parse_link(format_link(scene), pages=PAGES) == scene
    assert format_link(parse_link(format_link(scene), pages=PAGES)) == format_link(scene)


def rgb_png(pixels: np.ndarray) -> str:
    buffer = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8), "RGB").save(buffer, format="PNG")
    return "png:" + base64.urlsafe_b64encode(buffer.getvalue()).decode().rstrip("=")


def test_registered_open_and_the_default_is_lenet_on_a_digit():
    assert "network" in PAGES and "network" in OPEN_PAGES
    scene = NetworkScene()
    assert (scene.input, tuple(scene.size), scene.layers) == ("digit3", (28, 28), LENET)
    assert NetworkScene.link_keys() == ("input", "size", "layers", "weights", "edits", "map", "step")
    assert format_link(scene) == f"{PAGE}?input=digit3&size=28x28&layers={LENET}&weights=default&step=1"
    round_trips(scene)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("layers=conv3s1x4g1,relu,flatten,linear5", {"layers": "conv3x4,relu,flatten,linear5"}),
        ("weights=seed:7", {"weights": NetWeights(seed=7)}),
        ("map=4:15", {"map": MapRef(4, 15)}),
        ("input=colour_shapes&size=64x64", {"input": "colour_shapes", "size": (64, 64)}),
        (
            "edits=4.3.5:1,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,-2.5_1.2.b:0.5_1.2.0:"
            + ";".join(["0,0,0,0,0"] * 5),
            {
                "edits": (
                    KernelEdit(1, 2, 0, ((0.0,) * 5,) * 5),
                    KernelEdit(1, 2, None, ((0.5,),)),
                    KernelEdit(4, 3, 5, ((1.0,) + (0.0,) * 4, *((0.0,) * 5,) * 3, (0.0,) * 4 + (-2.5,))),
                )
            },  # sorted by layer, output, input, the bias after the kernels
        ),
        ("edits=8.119.399:0.25", {"edits": (KernelEdit(8, 119, 399, ((0.25,),)),)}),  # a linear weight
    ],
)
def test_link_round_trip(query, expected):
    scene = opened(query)
    assert scene == NetworkScene(**expected)
    round_trips(scene)


def test_edits_survive_as_a_url_query():
    """The edit separator and the rows' characters are kept as they are: no percent-encoding."""
    scene = with_bias_edit(with_kernel_edit(NetworkScene(), 1, 0, 0, np.eye(5)), 4, 1, -0.5)
    link = format_link(scene)
    assert "edits=1.0.0:1,0,0,0,0;0,1,0,0,0;0,0,1,0,0;0,0,0,1,0;0,0,0,0,1_4.1.b:-0.5&" in link
    assert "%" not in link


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("layers=conv3,dense4", r"layers: layer 2 \('dense4'\) is not conv<k>"),
        ("layers=maxpool2x4", r"layer 1 \('maxpool2x4'\): maxpool has no option x"),
        ("weights=random", "weights must be default or seed:N"),
        ("map=4", "map must be LAYER:CHANNEL"),
        ("map=13:0", r"map 13:0 is of layer 13, but the stack has 12 layers"),
        ("map=4:16", r"map 4:16: layer 4 \(conv5x16\) has 16 channels \(0 to 15\)"),
        ("map=8:120", r"map 8:120: layer 8 \(linear120\) has 120 features"),
        ("edits=1.0:1", "edit '1.0:1' is not LAYER.OUT.IN:ROWS"),
        ("edits=1.0.0:1,x", "edit 1.0.0's values are not numbers"),
        ("edits=1.0.0:1,2;3", "edit 1.0.0's rows must be finite numbers, every row as long"),
        ("edits=1.0.0:inf", "edit 1.0.0's rows must be finite"),
        ("edits=1.0.b:1,2", "edit 1.0.b is a bias, one number"),
        ("edits=1.0.b:1_1.0.b:2", "edit 1.0.b is given twice"),
        ("edits=2.0.0:1", r"edit 2.0.0 is for layer 2 \(relu\), which has no weights"),
        ("edits=13.0.0:1", "edit 13.0.0 is for layer 13, but the stack has 12 layers"),
        ("edits=1.6.0:1", r"edit 1.6.0: layer 1 \(conv5p2x6\) has 6 output channels \(0 to 5\)"),
        ("edits=4.0.6:1", r"edit 4.0.6: layer 4 \(conv5x16\) has 6 input channels per group \(0 to 5\)"),
        ("edits=1.0.0:1,0;0,1", r"edit 1.0.0 gives 2x2 values, but a kernel of layer 1 \(conv5p2x6\) is 5x5"),
        ("edits=8.0.400:1", r"edit 8.0.400: layer 8 \(linear120\) has 400 input features"),
        ("edits=8.0.1:1,2", r"edit 8.0.1 gives 1x2 values, but a weight of layer 8"),
    ],
)
def test_bad_values_are_refused_by_name(query, words):
    with pytest.raises(LinkError, match=words):
        opened(query)


def test_a_stack_that_cannot_run_is_the_timelines_to_refuse():
    """The link opens (the page says why in place); its edits wait to be checked against a runnable stack."""
    scene = opened("layers=conv5,conv5&size=6x6&edits=1.0.0:" + ";".join(["1,1,1,1,1"] * 5))
    assert scene.layers == "conv5,conv5"


items = st.one_of(
    st.builds(
        lambda k, s, p, d, groups, per: LayerSpec("conv", k, s, p, d, groups * per, groups),
        st.integers(1, 7), st.integers(1, 3), st.integers(0, 3), st.integers(1, 3),
        st.integers(1, 4), st.integers(1, 4),
    ),
    st.builds(lambda kind, k, s: LayerSpec(kind, k, s), st.sampled_from(["maxpool", "avgpool"]),
              st.integers(1, 4), st.integers(1, 4)),
    st.sampled_from([LayerSpec("relu", 1, 1), LayerSpec("flatten", 1, 1)]),
    st.builds(lambda n: LayerSpec("linear", 1, 1, channels=n), st.integers(1, 1024)),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(items, min_size=1, max_size=10))
def test_any_stack_round_trips(specs):
    round_trips(NetworkScene(layers=",".join(map(str, specs)), size=(16, 16)))


# ------------------------------------------------------------------------------------------ colour input


def test_colour_presets_and_rgb_png_keep_three_channels():
    for name in COLOUR_PRESETS:
        image = input_channels(name, (20, 24))
        assert image.shape == (3, 20, 24) and image.dtype == np.float32
        assert 0 <= image.min() and image.max() <= 1
        assert not np.array_equal(image[0], image[1])  # the channels differ
    pixels = np.zeros((4, 6, 3))
    pixels[..., 0], pixels[1, 2] = 255, (0, 51, 102)
    source = rgb_png(pixels)
    channels = input_channels(source, (4, 6))
    np.testing.assert_array_equal(channels, np.moveaxis(pixels, -1, 0).astype(np.float32) / 255)
    assert input_channels(source, (8, 12)).shape == (3, 8, 12)  # resized nearest, as drawings are
    assert input_image(source, (4, 6)).ndim == 2  # every other page still reads it grayscale
    round_trips(NetworkScene(input=source, size=(4, 6), layers="conv3x2"))


def test_grayscale_inputs_are_one_channel_as_on_the_other_pages():
    for source in ("digit3", "0,1,0;1,0,1;0,1,0"):
        np.testing.assert_array_equal(input_channels(source, (5, 5))[0], input_image(source, (5, 5)))


def test_unknown_input_is_refused():
    with pytest.raises(LinkError, match="unknown input preset 'colour_nope'"):
        opened("input=colour_nope")


# ------------------------------------------------------------------------------------------ weights


def test_default_first_layer_holds_the_classic_filters_over_each_input_channel():
    scene = NetworkScene(input="colour_shapes", size=(64, 64), layers=TINY_VGG)
    w, b = scene_layer_weights(scene, 1)
    assert w.shape == (10, 3, 3, 3) and not b.any()
    for out in range(10):
        name = DEFAULT_FILTERS[out % len(DEFAULT_FILTERS)]
        for channel in range(3):
            np.testing.assert_allclose(w[out, channel], kernel_preset(name) / 3, rtol=1e-6)


def test_filters_at_any_size_are_the_presets_at_three():
    for name in DEFAULT_FILTERS:
        np.testing.assert_array_equal(filter_kernel(name, 3), kernel_preset(name))
        assert filter_kernel(name, 5).shape == (5, 5)
    assert np.abs(filter_kernel("sobel_x", 5)).sum() == pytest.approx(8)  # as strong as the 3x3 one
    assert filter_kernel("box", 5).sum() == pytest.approx(1)


def test_deeper_layers_are_seeded_he_scale_and_seed_makes_every_layer_random():
    scene = NetworkScene()
    w, b = scene_layer_weights(scene, 8)  # linear120 over 400 features
    assert w.shape == (120, 400) and not b.any()
    assert np.std(w) == pytest.approx(np.sqrt(2 / 400), rel=0.05)
    np.testing.assert_array_equal(w, scene_layer_weights(NetworkScene(), 8)[0])  # deterministic
    seeded = NetworkScene(weights=NetWeights(seed=5))
    first = scene_layer_weights(seeded, 1)[0]
    assert not np.array_equal(first, scene_layer_weights(scene, 1)[0])
    np.testing.assert_array_equal(first, scene_layer_weights(NetworkScene(weights=NetWeights(seed=5)), 1)[0])
    assert not np.array_equal(scene_layer_weights(seeded, 8)[0], w)


# ------------------------------------------------------------------------------------------ edits


def test_a_kernel_edit_changes_that_kernel_only_and_reads_back():
    scene = NetworkScene()
    before = scene_layer_weights(scene, 4)[0].copy()
    rows = np.arange(25, dtype=np.float32).reshape(5, 5) / 10
    edited = with_kernel_edit(scene, 4, 3, 2, rows)
    kernels, bias = kernel_of(edited, 4, 3)
    np.testing.assert_array_equal(kernels[2], rows)
    after = scene_layer_weights(edited, 4)[0]
    changed = np.argwhere((after != before).any(axis=(2, 3)))
    assert changed.tolist() == [[3, 2]]
    assert kernel_of(with_bias_edit(edited, 4, 3, 1.5), 4, 3)[1] == 1.5
    round_trips(edited)


def test_an_edit_back_to_the_weight_it_replaced_leaves_the_link():
    scene = NetworkScene()
    edited = with_kernel_edit(scene, 1, 0, 0, np.zeros((5, 5)))
    assert len(edited.edits) == 1
    restored = with_kernel_edit(edited, 1, 0, 0, kernel_of(scene, 1, 0)[0][0])
    assert restored.edits == () and restored == scene
    assert with_bias_edit(scene, 1, 0, 0.0) == scene


def test_a_linear_weight_is_edited_one_value_at_a_time():
    edited = with_kernel_edit(NetworkScene(), 12, 9, 83, 0.75)
    assert kernel_of(edited, 12, 9)[0][83] == 0.75


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (
            lambda s: with_kernel_edit(s, 2, 0, 0, [[1]]),
            r"edit 2.0.0 is for layer 2 \(relu\), which has no weights",
        ),
        (lambda s: with_kernel_edit(s, 1, 0, 0, np.ones((3, 3))), "edit 1.0.0 gives 3x3 values"),
        (lambda s: with_kernel_edit(s, 1, 0, 0, [[np.nan] * 5] * 5), "finite"),
        (lambda s: with_bias_edit(s, 1, 7, 1.0), r"edit 1.7.b: layer 1 \(conv5p2x6\) has 6 output channels"),
        (lambda s: kernel_of(s, 3, 0), r"layer 3 \(maxpool2\) has no weights"),
    ],
)
def test_edits_that_do_not_fit_are_refused_by_name(call, words):
    with pytest.raises(ValueError, match=words):
        call(NetworkScene())


def test_a_stack_change_moves_edits_with_their_layer_and_names_those_it_drops():
    scene = with_bias_edit(with_kernel_edit(NetworkScene(), 4, 1, 0, np.ones((5, 5))), 1, 2, 0.5)
    scene = scene.replace(map=MapRef(4, 1))
    refit = with_network_changes(scene, layers="relu," + LENET)  # a layer inserted before every one
    assert [edit.name for edit in refit.scene.edits] == ["2.2.b", "5.1.0"]
    assert refit.scene.map == MapRef(5, 1) and refit.note is None
    np.testing.assert_array_equal(kernel_of(refit.scene, 5, 1)[0][0], np.ones((5, 5)))
    smaller = with_network_changes(scene, layers=LENET.replace("conv5x16", "conv5x1"))
    assert [edit.name for edit in smaller.scene.edits] == ["1.2.b"]
    assert smaller.note == (
        "Dropped 1 kernel edit that no longer fit: 4.1.0."
        " Map 4:1 is no longer in the network; showing the default map."
    )
    gone = with_network_changes(scene, layers="conv3x8")
    assert gone.scene.edits == () and "Dropped 2 kernel edits that no longer fit: 1.2.b, 4.1.0." in gone.note


def test_an_input_change_keeps_edits_that_still_fit():
    scene = with_kernel_edit(NetworkScene(), 1, 0, 0, np.ones((5, 5)))
    coloured = with_network_changes(scene, input="colour_shapes")
    assert coloured.scene.edits == scene.edits and coloured.note is None
    assert scene_layer_weights(coloured.scene, 1)[0].shape == (6, 3, 5, 5)


# ------------------------------------------------------------------------------------------ presets


def test_presets_open_on_their_own_input():
    assert [preset.name for preset in NETWORK_PRESETS] == [
        "LeNet-style (28x28 digits)", "Tiny-VGG-like (64x64 colour)", "Depthwise-separable block (colour)",
    ]  # fmt: skip
    for preset in NETWORK_PRESETS:
        scene = NetworkScene(input=preset.input, size=preset.size, layers=preset.layers)
        assert scene.layers == preset.layers  # canonical already
        round_trips(scene)
    assert network_preset("Tiny-VGG-like (64x64 colour)").input in COLOUR_PRESETS
    with pytest.raises(ValueError, match=re.escape("unknown network preset 'VGG'")):
        network_preset("VGG")


values = st.floats(-100, 100, allow_nan=False, width=32)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.tuples(
                st.just(1), st.integers(0, 5), st.integers(0, 0), st.lists(values, min_size=25, max_size=25)
            ),
            st.tuples(
                st.just(4), st.integers(0, 15), st.integers(0, 5), st.lists(values, min_size=25, max_size=25)
            ),
            st.tuples(
                st.just(12), st.integers(0, 9), st.integers(0, 83), st.lists(values, min_size=1, max_size=1)
            ),
            st.tuples(
                st.sampled_from([1, 4, 8]),
                st.integers(0, 5),
                st.none(),
                st.lists(values, min_size=1, max_size=1),
            ),
        ),
        max_size=6,
    )
)
def test_any_edits_round_trip_and_read_back(edits):
    scene = NetworkScene()
    for layer, out, inp, numbers in edits:
        if inp is None:
            scene = with_bias_edit(scene, layer, out, numbers[0])
        else:
            scene = with_kernel_edit(
                scene, layer, out, inp, np.reshape(numbers, (5, 5) if layer != 12 else (1, 1))
            )
    round_trips(scene)
    for layer, out, inp, numbers in edits[-1:]:
        kernels, bias = kernel_of(scene, layer, out)
        got = np.atleast_1d(bias if inp is None else kernels[inp])
        np.testing.assert_array_equal(got.reshape(-1), np.float32(numbers))
