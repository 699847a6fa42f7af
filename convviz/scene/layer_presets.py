"""Layer stacks worth teaching with, by name, in the `layers` grammar: from a first lesson to the real
networks whose receptive fields are published (google-research/receptive_field)."""

from __future__ import annotations

from convviz.engine import parse_layers

_VGG_BLOCK = "conv3p1"

# (name, stack); the real networks need inputs near their own 224x224 (engine.smallest_input says how big)
LAYER_PRESETS: tuple[tuple[str, str], ...] = (
    ("Three 3x3 convolutions", "conv3,conv3,conv3"),
    ("Small: conv, conv, pool, conv", "conv3,conv3,maxpool2,conv3"),
    ("Strided: conv s2, conv s2, conv", "conv3s2,conv3s2,conv3"),
    ("Pooling: conv, pool, conv, pool", "conv3p1,maxpool2,conv3p1,maxpool2"),
    # padded to keep each map's size, so both run on any input; the dilated one shows gridding
    ("Dilated: conv3 at dilations 1, 2, 4, 8", "conv3p1,conv3p2d2,conv3p4d4,conv3p8d8"),
    ("Undilated: four conv3", "conv3p1,conv3p1,conv3p1,conv3p1"),
    # without dilation 1 no layer fills the gaps: the input field is a lattice with holes
    ("Gridding: conv3 at dilations 2, 4, 8", "conv3p2d2,conv3p4d4,conv3p8d8"),
    ("ResNet-50 stem", "conv7s2p3,maxpool3s2p1"),
    # TF-slim's alexnet_v2, the network of the published 195/32/64: conv1 is unpadded (VALID);
    # torchvision's AlexNet pads conv1 by 2, which gives pool5 an effective padding of 66
    ("AlexNet (to pool5)", "conv11s4,maxpool3s2,conv5p2,maxpool3s2,conv3p1,conv3p1,conv3p1,maxpool3s2"),
    (
        "VGG-16 (to pool5)",
        ",".join(
            [_VGG_BLOCK] * 2
            + ["maxpool2"]
            + [_VGG_BLOCK] * 2
            + ["maxpool2"]
            + ([_VGG_BLOCK] * 3 + ["maxpool2"]) * 3
        ),
    ),
)


def layer_preset(name: str) -> str:
    """The grammar of preset `name`; KeyError names the presets there are."""
    presets = dict(LAYER_PRESETS)
    if name not in presets:
        raise KeyError(f"no layer preset {name!r}; presets: {', '.join(presets)}")
    return presets[name]


def preset_name(layers: str) -> str | None:
    """The name of the preset whose stack `layers` is (written either way), or None: a combo shows it."""
    specs = parse_layers(layers)
    return next((name for name, text in LAYER_PRESETS if parse_layers(text) == specs), None)
