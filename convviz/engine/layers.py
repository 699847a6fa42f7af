"""The layer-stack grammar of links and the Receptive-field page: "conv3p1,maxpool2s2,conv3d2"."""

from __future__ import annotations

import re
from dataclasses import dataclass

LAYER_KINDS = ("conv", "maxpool", "avgpool")
_ITEM = re.compile(r"(conv|maxpool|avgpool)(\d+)((?:[spd]\d+)*)")
_OPTION = re.compile(r"([spd])(\d+)")


@dataclass(frozen=True)
class LayerSpec:
    """One square layer: kind, kernel size, stride, padding per side, dilation."""

    kind: str
    kernel: int
    stride: int
    padding: int = 0
    dilation: int = 1

    @property
    def span(self) -> int:
        """The dilated kernel's extent, d*(k-1)+1: what the receptive-field recurrences use for k."""
        return self.dilation * (self.kernel - 1) + 1

    def __str__(self) -> str:
        """The grammar item, writing only what differs from the defaults, so links stay short."""
        text = f"{self.kind}{self.kernel}"
        if self.stride != (1 if self.kind == "conv" else self.kernel):
            text += f"s{self.stride}"
        if self.padding:
            text += f"p{self.padding}"
        if self.dilation != 1:
            text += f"d{self.dilation}"
        return text


def parse_layers(text: str) -> list[LayerSpec]:
    """Parse a comma-separated layer list; a bad item raises ValueError naming it."""
    if not isinstance(text, str):
        raise TypeError(f"layers must be a string like 'conv3p1,maxpool2s2', got {text!r}")
    items = [item.strip() for item in text.split(",")]
    if items == [""]:
        raise ValueError("layers is empty: give at least one layer, e.g. 'conv3'")
    return [_parse_item(item, position) for position, item in enumerate(items, start=1)]


def _parse_item(item: str, position: int) -> LayerSpec:
    match = _ITEM.fullmatch(item)
    if not match:
        raise ValueError(
            f"layer {position} ({item!r}) is not conv<k>, maxpool<k> or avgpool<k>"
            " followed by optional s<stride>, p<padding>, d<dilation>"
        )
    kind, kernel = match.group(1), int(match.group(2))
    options: dict[str, int] = {}
    for letter, value in _OPTION.findall(match.group(3)):
        if letter in options:
            raise ValueError(f"layer {position} ({item!r}) gives {letter} twice")
        options[letter] = int(value)
    spec = LayerSpec(
        kind,
        kernel,
        options.get("s", 1 if kind == "conv" else kernel),
        options.get("p", 0),
        options.get("d", 1),
    )
    if spec.kernel < 1 or spec.stride < 1 or spec.dilation < 1:
        raise ValueError(f"layer {position} ({item!r}): kernel, stride and dilation must be at least 1")
    return spec
