"""Networks worth teaching with, by name: each a stack in the `layers` grammar with the input it is made
for (the Network page opens a preset on its own input and size)."""

from __future__ import annotations

from typing import NamedTuple


class NetworkPreset(NamedTuple):
    name: str
    layers: str
    input: str
    size: tuple[int, int]


# LeNet-5 (LeCun et al. 1998) with ReLU and max pooling, as it is taught: 61,706 parameters
LENET = "conv5p2x6,relu,maxpool2,conv5x16,relu,maxpool2,flatten,linear120,relu,linear84,relu,linear10"
# CNN Explainer's Tiny VGG (Wang et al. 2020), on 64x64 colour input
TINY_VGG = "conv3x10,relu,conv3x10,relu,maxpool2,conv3x10,relu,conv3x10,relu,maxpool2,flatten,linear10"
# MobileNet's block: a depthwise 3x3 (one kernel per channel, g = x) then a pointwise 1x1 mixing channels
DEPTHWISE_SEPARABLE = "conv3p1x8,relu,conv3p1x8g8,relu,conv1x16,relu"

NETWORK_PRESETS: tuple[NetworkPreset, ...] = (
    NetworkPreset("LeNet-style (28x28 digits)", LENET, "digit3", (28, 28)),
    NetworkPreset("Tiny-VGG-like (64x64 colour)", TINY_VGG, "colour_shapes", (64, 64)),
    NetworkPreset("Depthwise-separable block (colour)", DEPTHWISE_SEPARABLE, "colour_shapes", (32, 32)),
)


def network_preset(name: str) -> NetworkPreset:
    try:
        return next(preset for preset in NETWORK_PRESETS if preset.name == name)
    except StopIteration:
        known = ", ".join(preset.name for preset in NETWORK_PRESETS)
        raise ValueError(f"unknown network preset {name!r}; known: {known}") from None
