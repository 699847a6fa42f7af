"""The Transposed-convolution scene: its link keys, the conv_arithmetic defaults, per-side padding with
no "same", and output_padding refused past PyTorch's rule (below max(stride, dilation))."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.scene import limits
from convviz.scene.codecs import LinkError
from convviz.scene.link import format_link, parse_link
from convviz.scene.model import input_image, kernel_array
from convviz.scene.scenes import OPEN_PAGES, PAGES, ConvScene, TransposeScene


def _transpose(text: str) -> TransposeScene:
    return parse_link("convviz://transpose?" + text, pages=PAGES)


def test_link_keys_follow_the_design():
    assert TransposeScene.link_keys() == (
        "input", "size", "kernel", "stride", "padding", "output_padding", "dilation", "view", "step",
    )  # fmt: skip
    assert TransposeScene.codec("kernel") is ConvScene.codec("kernel")
    assert TransposeScene.limits("output_padding") == limits.OUTPUT_PADDING == (0, 31)
    assert TransposeScene.limits("padding") == limits.PADDING


def test_the_page_is_open():
    assert "transpose" in PAGES and "transpose" in OPEN_PAGES
    assert parse_link("convviz://transpose") == TransposeScene()


def test_the_default_is_the_conv_arithmetic_picture():
    scene = TransposeScene()
    assert input_image(scene.input, scene.size).shape == (3, 3) and tuple(scene.size) == (3, 3)
    assert kernel_array(scene.kernel).shape == (3, 3)
    assert scene.stride == (2, 2) and scene.padding == (0, 0) and scene.output_padding == (0, 0)
    assert scene.view == "scatter"
    assert format_link(scene) == (
        "convviz://transpose?input=1,2,3;4,5,6;7,8,9&kernel=1,2,1;2,4,2;1,2,1&stride=2&padding=0"
        "&output_padding=0&dilation=1&view=scatter&step=1"
    )
    assert _transpose("") == scene


def test_keys_left_out_take_their_defaults_and_values_round_trip():
    scene = _transpose("input=digit3&size=6x5&stride=3x2&padding=1x0&output_padding=2x1&view=zeros&step=4")
    assert scene.size == (6, 5) and scene.stride == (3, 2) and scene.padding == (1, 0)
    assert scene.output_padding == (2, 1) and scene.view == "zeros" and scene.step == 3
    assert scene.kernel == TransposeScene().kernel
    assert parse_link(format_link(scene), PAGES) == scene


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("output_padding=2", r"output_padding \(2\) must be smaller than the stride \(2\) or the dilation"),
        ("stride=1&output_padding=1", r"stride \(1\) or the dilation \(1\) in height"),
        ("stride=1x3&output_padding=0x3", r"in width, as PyTorch requires"),
        ("padding=same", "padding must be a whole number"),
        ("view=gather", "view must be one of scatter, zeros, matrix"),
        ("output_padding=-1", "output_padding must be from 0 to 31"),
    ],
)
def test_bad_values_are_refused_with_the_rule(query, message):
    with pytest.raises(LinkError, match=message):
        _transpose(query)


def test_output_padding_below_the_dilation_is_allowed_at_stride_1():
    """PyTorch's rule is max(stride, dilation): dilation 3 allows output_padding 2 at stride 1."""
    scene = _transpose("stride=1&dilation=3&output_padding=2")
    assert scene.output_padding == (2, 2)
    with pytest.raises(ValueError, match="output_padding"):
        scene.replace(dilation=(1, 1))  # the edit that breaks the rule is refused, not clamped


@settings(max_examples=60, deadline=None)
@given(
    stride=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    dilation=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    data=st.data(),
)
def test_every_allowed_output_padding_round_trips(stride, dilation, data):
    output_padding = tuple(data.draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    scene = TransposeScene(stride=stride, dilation=dilation, output_padding=output_padding)
    assert parse_link(format_link(scene), PAGES) == scene
