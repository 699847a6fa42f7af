"""The layer-stack grammar of links: "conv3p1,maxpool2s2,conv3d2" for the Receptive-field page, and with
channels, groups, relu, flatten and linear layers for the Network page: "conv5p2x6,relu,flatten,linear10"."""

from __future__ import annotations

import re
from dataclasses import dataclass

LAYER_KINDS = ("conv", "maxpool", "avgpool", "relu", "flatten", "linear")
SPATIAL_KINDS = ("conv", "maxpool", "avgpool")  # the kinds with a sliding window
_OPTIONS = {"conv": "spdxg", "maxpool": "spd", "avgpool": "spd", "linear": "", "relu": "", "flatten": ""}
_ITEM = re.compile(r"([a-z]+)(\d*)((?:[a-z]\d+)*)")
_OPTION = re.compile(r"([a-z])(\d+)")
_SHAPE = (
    "conv<k>, maxpool<k>, avgpool<k> (followed by optional s<stride>, p<padding>, d<dilation>,"
    " and for conv x<output channels>, g<groups>), relu, flatten or linear<features>"
)


@dataclass(frozen=True)
class LayerSpec:
    """One square layer: kind, kernel size, stride, padding per side, dilation, output channels (a linear
    layer's output features), groups. relu, flatten and linear have kernel 1 and stride 1."""

    kind: str
    kernel: int
    stride: int
    padding: int = 0
    dilation: int = 1
    channels: int = 1
    groups: int = 1

    @property
    def span(self) -> int:
        """The dilated kernel's extent, d*(k-1)+1: what the receptive-field recurrences use for k."""
        return self.dilation * (self.kernel - 1) + 1

    def __str__(self) -> str:
        """The grammar item, writing only what differs from the defaults (in the order k, s, p, d, x, g),
        so links stay short."""
        if self.kind in ("relu", "flatten"):
            return self.kind
        if self.kind == "linear":
            return f"linear{self.channels}"
        text = f"{self.kind}{self.kernel}"
        if self.stride != (1 if self.kind == "conv" else self.kernel):
            text += f"s{self.stride}"
        if self.padding:
            text += f"p{self.padding}"
        if self.dilation != 1:
            text += f"d{self.dilation}"
        if self.channels != 1:
            text += f"x{self.channels}"
        if self.groups != 1:
            text += f"g{self.groups}"
        return text


def parse_layers(text: str) -> list[LayerSpec]:
    """Parse a comma-separated layer list; a bad item raises ValueError naming it and its position."""
    if not isinstance(text, str):
        raise TypeError(f"layers must be a string like 'conv3p1,maxpool2s2', got {text!r}")
    items = [item.strip() for item in text.split(",")]
    if items == [""]:
        raise ValueError("layers is empty: give at least one layer, e.g. 'conv3'")
    return [_parse_item(item, position) for position, item in enumerate(items, start=1)]


def _parse_item(item: str, position: int) -> LayerSpec:
    match = _ITEM.fullmatch(item)
    kind = match.group(1) if match else None
    if kind not in _OPTIONS:
        raise ValueError(f"layer {position} ({item!r}) is not {_SHAPE}")
    number, rest = match.group(2), match.group(3)
    where = f"layer {position} ({item!r})"
    if kind in ("relu", "flatten"):
        if number or rest:
            raise ValueError(f"{where}: {kind} takes no number and no options; write just '{kind}'")
        return LayerSpec(kind, 1, 1)
    if not number:
        raise ValueError(f"{where} needs a number after {kind}, e.g. '{kind}3'")
    options: dict[str, int] = {}
    for letter, value in _OPTION.findall(rest):
        if letter not in _OPTIONS[kind]:
            allowed = ", ".join(_OPTIONS[kind]) or "none"
            raise ValueError(f"{where}: {kind} has no option {letter} (its options: {allowed})")
        if letter in options:
            raise ValueError(f"{where} gives {letter} twice")
        options[letter] = int(value)
    if kind == "linear":
        if int(number) < 1:
            raise ValueError(f"{where}: a linear layer needs at least 1 output feature")
        return LayerSpec("linear", 1, 1, channels=int(number))
    kernel = int(number)
    spec = LayerSpec(
        kind,
        kernel,
        options.get("s", 1 if kind == "conv" else kernel),
        options.get("p", 0),
        options.get("d", 1),
        options.get("x", 1),
        options.get("g", 1),
    )
    if spec.kernel < 1 or spec.stride < 1 or spec.dilation < 1:
        raise ValueError(f"{where}: kernel, stride and dilation must be at least 1")
    if spec.channels < 1 or spec.groups < 1:
        raise ValueError(f"{where}: output channels (x) and groups (g) must be at least 1")
    return spec
