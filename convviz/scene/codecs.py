"""How each kind of scene field reads from and writes to its link text, with the limits it checks.

A scene field names its codec in its metadata (`link_field`), so the link format, the page registry and
the spin boxes' ranges all come from the scene classes. Parsing is strict: a bad value raises LinkError
with a sentence naming the key and what it may be."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from convviz.engine import parse_layers
from convviz.engine.layers import SPATIAL_KINDS, LayerSpec

from .field_probe import ErfWeights, Unit
from .images import float32_text
from .limits import CHANNELS, DILATION, EDITS, FEATURES, GRID, PADDING, STACK, STEP, STRIDE, WINDOW
from .messages import shortened
from .network_fields import KernelEdit, MapRef, NetWeights
from .upstream import Upstream


def echo(text: str) -> str:
    """A value of the link quoted in a message, cut to a readable length."""
    return repr(shortened(text))


class LinkError(ValueError):
    """A link that cannot be opened: `problems` lists every part that is wrong, one sentence each;
    the message joins them."""

    def __init__(self, problems: str | list[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class Codec:
    """`parse(text, key)` gives the field's value (or raises LinkError naming `key`); `format(value)` its
    canonical text. `limits` (low, high) bound each number of the value, for spin boxes and messages;
    `words` are the fixed words it may be (a choice's options, padding's "same")."""

    parse: Callable[[str, str], object]
    format: Callable[[object], str]
    limits: tuple[int, int] | None = None
    words: tuple[str, ...] = ()


def link_field(codec: Codec, default):
    """A scene field carried by links under its own name."""
    return dataclasses.field(default=default, metadata={"codec": codec})


def int_in(text: str, key: str, low: int, high: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise LinkError(f"{key} must be a whole number, got {echo(text)}") from None
    if not low <= value <= high:
        raise LinkError(f"{key} must be from {low} to {high}, got {value}")
    return value


def _parse_pair(text: str, key: str, low: int, high: int) -> tuple[int, int]:
    parts = text.lower().split("x")
    if len(parts) not in (1, 2):
        raise LinkError(f"{key} must be a number or HxW, got {echo(text)}")
    values = [int_in(part, key, low, high) for part in parts]
    return (values[0], values[-1])


def format_pair(value) -> str:
    return str(value[0]) if value[0] == value[1] else f"{value[0]}x{value[1]}"


def pair(limits: tuple[int, int], word: str | None = None) -> Codec:
    """An int for both axes, or HxW; with `word`, that word too (padding=same, window=global)."""

    def parse(text: str, key: str):
        if word is not None and text == word:
            return word
        return _parse_pair(text, key, *limits)

    def format(value) -> str:
        return value if isinstance(value, str) else format_pair(value)

    return Codec(parse, format, limits, (word,) if word is not None else ())


def size(limits: tuple[int, int]) -> Codec:
    """A grid size: read like a pair, always written HxW."""
    return Codec(
        lambda text, key: _parse_pair(text, key, *limits), lambda value: f"{value[0]}x{value[1]}", limits
    )


def choice(options: tuple[str, ...]) -> Codec:
    def parse(text: str, key: str) -> str:
        if text not in options:
            raise LinkError(f"{key} must be one of {', '.join(options)}; got {echo(text)}")
        return text

    return Codec(parse, str, words=options)


def _parse_flag(text: str, key: str) -> bool:
    if text not in ("0", "1"):
        raise LinkError(f"{key} must be 0 or 1, got {echo(text)}")
    return text == "1"


FLAG = Codec(_parse_flag, lambda value: "1" if value else "0")


def _parse_step(text: str, key: str) -> int:
    """step=N is the step the player shows as N; the scene holds its 0-based index."""
    if text.lstrip("+-").isdigit() and int(text) == 0:
        raise LinkError(f"{key} counts from 1 ({key}=1 is the first step), got 0")
    return int_in(text, key, *STEP) - 1


STEP_INDEX = Codec(_parse_step, lambda index: str(index + 1), STEP)


def source(canonical: Callable[[str], str], limits: tuple[int, int]) -> Codec:
    """A preset name, rows, or png: data, checked (and rows made canonical) by resolving it once;
    `limits` bound each side of its grid."""

    def parse(text: str, key: str) -> str:
        try:
            return canonical(text)
        except ValueError as error:
            raise LinkError(f"{key}: {error}") from None

    return Codec(parse, str, limits)


SEED = (0, 2**31 - 1)  # what a spin box can hold


def _parse_upstream(text: str, key: str) -> Upstream:
    kind, colon, rest = text.partition(":")
    if kind == "ones" and not colon:
        return Upstream()
    if kind == "random" and colon:
        return Upstream("random", seed=int_in(rest, key, *SEED))
    if kind == "onehot" and colon and rest.count(",") == 1:
        row, col = (int_in(part, key, 0, GRID[1] - 1) for part in rest.split(","))
        return Upstream("onehot", cell=(row, col))
    raise LinkError(f"{key} must be ones, random:SEED or onehot:ROW,COLUMN (from 0), got {echo(text)}")


def _format_upstream(value: Upstream) -> str:
    if value.kind == "random":
        return f"random:{value.seed}"
    if value.kind == "onehot":
        return f"onehot:{value.cell[0]},{value.cell[1]}"
    return value.kind


# its words: each kind's first value, as the link writes it (every word of a codec is a value it reads)
UPSTREAM = Codec(_parse_upstream, _format_upstream, SEED, ("ones", "random:0", "onehot:0,0"))


def layer_stack(item_problem: Callable[[LayerSpec], str | None]) -> Codec:
    """A layer stack in the grammar, checked item by item (`item_problem` says in words why one layer
    cannot be on the page, or None) and written canonically (defaults left out)."""

    def parse(text: str, key: str) -> str:
        try:
            specs = parse_layers(text)
        except ValueError as error:
            raise LinkError(f"{key}: {error}") from None
        if not STACK[0] <= len(specs) <= STACK[1]:
            raise LinkError(f"{key} may hold {STACK[0]} to {STACK[1]} layers, got {len(specs)}")
        for position, spec in enumerate(specs, start=1):
            problem = item_problem(spec)
            if problem:
                raise LinkError(f"{key}: layer {position} ({spec}) {problem}")
        return ",".join(map(str, specs))

    return Codec(parse, str, STACK)


def _window_problem(spec: LayerSpec) -> str | None:
    """Why one conv or pooling layer's window cannot be shown, in words, or None."""
    for name, value, (low, high) in (
        ("kernel", spec.kernel, WINDOW),
        ("stride", spec.stride, STRIDE),
        ("padding", spec.padding, PADDING),
        ("dilation", spec.dilation, DILATION),
    ):
        if not low <= value <= high:
            return f"has {name} {value}; it may be from {low} to {high}"
    if spec.kind == "avgpool" and spec.dilation != 1:
        return "is average pooling, which has no dilation"
    if spec.kind != "conv" and 2 * spec.padding > spec.kernel:
        return f"pads {spec.padding} on each side, more than half its {spec.kernel}-wide window"
    return None


def _field_item_problem(spec: LayerSpec) -> str | None:
    """The Receptive-field page follows one map through the stack: single-channel windows only."""
    single = spec.kind in SPATIAL_KINDS and spec.channels == 1 and spec.groups == 1
    if not single:
        return (
            "is not for this page: the Receptive-field page stacks conv, maxpool and avgpool only,"
            " one channel each (no x or g); channels, relu, flatten and linear are on the Network page"
        )
    return _window_problem(spec)


def _network_item_problem(spec: LayerSpec) -> str | None:
    """The Network page takes every kind, within the limits its maps and kernels can be shown at."""
    if spec.kind == "linear" and not FEATURES[0] <= spec.channels <= FEATURES[1]:
        return f"has {spec.channels} output features; it may have from {FEATURES[0]} to {FEATURES[1]}"
    if spec.kind not in SPATIAL_KINDS:
        return None
    for name, value in (("output channels (x)", spec.channels), ("groups (g)", spec.groups)):
        if not CHANNELS[0] <= value <= CHANNELS[1]:
            return f"has {name} {value}; it may be from {CHANNELS[0]} to {CHANNELS[1]}"
    if spec.channels % spec.groups:
        return (
            f"has {spec.channels} output channels in {spec.groups} groups: the groups must divide the"
            " output channels"
        )
    return _window_problem(spec)


LAYERS = layer_stack(_field_item_problem)
NETWORK_LAYERS = layer_stack(_network_item_problem)


def _parse_unit(text: str, key: str) -> Unit:
    layer, colon, cell = text.partition(":")
    if not colon or cell.count(",") != 1:
        raise LinkError(
            f"{key} must be LAYER:ROW,COLUMN (layer from 1, row and column from 0), got {echo(text)}"
        )
    row, col = (int_in(part, key, 0, GRID[1] - 1) for part in cell.split(","))
    return Unit(int_in(layer, key, *STACK), row, col)


UNIT = Codec(_parse_unit, lambda unit: f"{unit.layer}:{unit.row},{unit.col}", STACK, ("1:0,0",))


def _parse_erf(text: str, key: str) -> ErfWeights:
    kind, colon, rest = text.partition(":")
    if kind in ("none", "uniform") and not colon:
        return ErfWeights(kind)
    if kind == "random" and colon:
        return ErfWeights("random", seed=int_in(rest, key, *SEED))
    raise LinkError(f"{key} must be none, uniform or random:SEED, got {echo(text)}")


def _format_erf(value: ErfWeights) -> str:
    return f"random:{value.seed}" if value.kind == "random" else value.kind


ERF = Codec(_parse_erf, _format_erf, SEED, ("none", "uniform", "random:0"))


def _parse_weights(text: str, key: str) -> NetWeights:
    kind, colon, rest = text.partition(":")
    if kind == "default" and not colon:
        return NetWeights()
    if kind == "seed" and colon:
        return NetWeights(seed=int_in(rest, key, *SEED))
    raise LinkError(f"{key} must be default or seed:N, got {echo(text)}")


WEIGHTS = Codec(
    _parse_weights,
    lambda value: "default" if value.seed is None else f"seed:{value.seed}",
    SEED,
    ("default", "seed:0"),
)

EDIT_SEPARATOR = "_"  # between edits: unreserved in URLs, so links keep it as it is


def _parse_edit(text: str, key: str) -> KernelEdit:
    """One edit, LAYER.OUT.IN:ROWS (a kernel slice, rows like 0,1,0;1,-4,1;0,1,0) or LAYER.OUT.b:VALUE."""
    where, colon, rows = text.partition(":")
    parts = where.split(".")
    if not colon or len(parts) != 3 or not rows:
        raise LinkError(
            f"{key}: edit {echo(text)} is not LAYER.OUT.IN:ROWS or LAYER.OUT.b:VALUE"
            " (layer from 1, channels from 0), e.g. 1.0.0:0,1,0;1,-4,1;0,1,0"
        )
    layer = int_in(parts[0], f"{key}: the layer of edit {echo(where)}", *STACK)
    out = int_in(parts[1], f"{key}: the output of edit {echo(where)}", 0, FEATURES[1] - 1)
    inp = None if parts[2] == "b" else int_in(parts[2], f"{key}: the input of edit {echo(where)}", 0, 10**6)
    try:
        values = tuple(tuple(_float32(value) for value in row.split(",")) for row in rows.split(";"))
    except ValueError:
        raise LinkError(
            f"{key}: edit {where}'s values are not numbers (',' between, ';' between rows)"
        ) from None
    if len({len(row) for row in values}) != 1 or not all(map(_finite, values)):
        raise LinkError(f"{key}: edit {where}'s rows must be finite numbers, every row as long")
    if inp is None and (len(values), len(values[0])) != (1, 1):
        raise LinkError(f"{key}: edit {where} is a bias, one number")
    return KernelEdit(layer, out, inp, values)


def _float32(text: str) -> float:
    """A weight as the network holds it (float32), so an edit read from a link equals the one made."""
    with np.errstate(over="ignore"):
        return float(np.float32(float(text)))


def _finite(row: tuple[float, ...]) -> bool:
    return all(map(math.isfinite, row))


def _parse_edits(text: str, key: str) -> tuple[KernelEdit, ...]:
    """The user's kernel edits, sorted by where they go (layer, output, input, bias last); whether they
    fit the stack is the scene's to check, as only it knows the channels."""
    edits = [_parse_edit(item, key) for item in text.split(EDIT_SEPARATOR)]
    if len(edits) > EDITS[1]:
        raise LinkError(f"{key} may hold at most {EDITS[1]} edits, got {len(edits)}")
    names = [edit.name for edit in edits]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise LinkError(f"{key}: edit {', '.join(twice)} is given twice")
    return tuple(sorted(edits, key=lambda edit: edit.slot))


def format_edit(edit: KernelEdit) -> str:
    rows = ";".join(",".join(float32_text(value) for value in row) for row in edit.rows)
    return f"{edit.name}:{rows}"


def _format_edits(edits: tuple[KernelEdit, ...]) -> str:
    return EDIT_SEPARATOR.join(map(format_edit, edits))


EDITS_CODEC = Codec(_parse_edits, _format_edits, EDITS, ("1.0.b:1",))  # its word: a bias edit


def _parse_map(text: str, key: str) -> MapRef:
    layer, colon, channel = text.partition(":")
    if not colon:
        raise LinkError(f"{key} must be LAYER:CHANNEL (layer from 1, channel from 0), got {echo(text)}")
    return MapRef(int_in(layer, key, *STACK), int_in(channel, key, 0, FEATURES[1] - 1))


MAP = Codec(_parse_map, lambda ref: f"{ref.layer}:{ref.channel}", STACK, ("1:0",))
