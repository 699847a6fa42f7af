"""The Network page's input as channels: colour presets (red, green, blue maps drawn from the grayscale
presets, so each channel is a shape a student recognises), RGB `png:` data kept in colour, and every
other input as one grayscale channel, exactly as the other pages read it."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .images import decode_png_channels, encode_colour_png, resize_nearest
from .inputs import input_preset
from .model import input_image

if TYPE_CHECKING:  # scenes imports this module for the colour presets' names
    from .scenes import InputScene

# each colour preset: the grayscale presets (or their negatives, "1-name") that make its red, green, blue
_COLOUR = {
    "colour_shapes": ("circle", "square", "cross"),
    "colour_gradient": ("gradient", "1-gradient", "stripes"),
    "colour_checks": ("checkerboard", "1-checkerboard", "circle"),
}
COLOUR_PRESETS: tuple[str, ...] = tuple(_COLOUR)


def _channel(name: str, size: tuple[int, int]) -> np.ndarray:
    negative, _, base = name.rpartition("-")
    image = input_preset(base, size)
    return 1 - image if negative else image


def colour_preset(name: str, size: tuple[int, int]) -> np.ndarray:
    """The named colour preset as (3, H, W) float32 in [0, 1]."""
    try:
        parts = _COLOUR[name]
    except KeyError:
        raise ValueError(f"unknown colour preset {name!r}; known: {', '.join(COLOUR_PRESETS)}") from None
    return np.stack([_channel(part, size) for part in parts]).astype(np.float32)


@lru_cache(maxsize=32)
def input_channels(source: str, size: tuple[int, int]) -> np.ndarray:
    """The input of a Network scene as (C, H, W), read-only float32 at `size`: three channels for a colour
    preset or colour png: data (resized nearest-neighbour, as drawings are), else the one channel every
    other page shows."""
    if source in _COLOUR:
        image = colour_preset(source, size)
    elif source.startswith("png:") and (channels := decode_png_channels(source)).shape[0] == 3:
        image = np.stack([resize_nearest(channel, size) for channel in channels])
    else:
        image = input_image(source, size)[None].copy()
    image.setflags(write=False)
    return image


def with_colour_input(scene: InputScene, channels: np.ndarray) -> InputScene:
    """A loaded colour picture, (3, H, W) at 8-bit levels, becomes the input as RGB png: data at its own
    size (the colour counterpart of edits.with_drawn_input)."""
    return scene.replace(input=encode_colour_png(channels), size=tuple(int(n) for n in channels.shape[1:]))
