"""The two layer-stack codecs: the Receptive-field page's refuses channels, groups, relu, flatten and
linear by name; the Network page's takes them within its limits."""

import re

import pytest

from convviz.scene.codecs import LAYERS, NETWORK_LAYERS, LinkError
from convviz.scene.limits import CHANNELS, FEATURES


@pytest.mark.parametrize("item", ["conv3x8", "conv3x4g2", "relu", "flatten", "linear10"])
def test_the_receptive_field_stack_refuses_network_items_by_name(item):
    with pytest.raises(LinkError, match=re.escape(f"layers: layer 2 ({item}) is not for this page")) as error:
        LAYERS.parse(f"conv3,{item}", "layers")
    assert "stacks conv, maxpool and avgpool only" in str(error.value)


def test_the_receptive_field_stack_keeps_its_items():
    assert LAYERS.parse("conv3s1p1,maxpool2s2,conv3d2", "layers") == "conv3p1,maxpool2,conv3d2"


def test_the_network_stack_takes_every_kind_canonically():
    text = "conv5p2x6,relu,maxpool2s2,conv5g1x16,relu,flatten,linear120"
    assert NETWORK_LAYERS.parse(text, "layers") == "conv5p2x6,relu,maxpool2,conv5x16,relu,flatten,linear120"


@pytest.mark.parametrize(
    ("stack", "words"),
    [
        (
            f"conv3x{CHANNELS[1] + 1}",
            f"layer 1 (conv3x{CHANNELS[1] + 1}) has output channels (x) {CHANNELS[1] + 1}",
        ),
        (
            f"relu,linear{FEATURES[1] + 1}",
            f"layer 2 (linear{FEATURES[1] + 1}) has {FEATURES[1] + 1} output features",
        ),
        ("conv3x6g4", "layer 1 (conv3x6g4) has 6 output channels in 4 groups"),
        ("conv33x2", "layer 1 (conv33x2) has kernel 33"),
        ("conv3,linear", "layer 2 ('linear') needs a number"),
    ],
)
def test_the_network_stack_refuses_by_name(stack, words):
    with pytest.raises(LinkError, match=re.escape(f"layers: {words}")):
        NETWORK_LAYERS.parse(stack, "layers")
