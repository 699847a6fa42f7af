"""The Network page's animation as data: the forward pass (every map, shape, parameter and multiply-add
count), and for the chosen map one step per output value in row-major order (a vector's map is one
feature: one step). A conv step carries each input channel's window, kernel slice and partial sum, the
bias and the total written out; a linear step its dot product grouped by the channel of the flattened
map (or by ten features); pooling its window; relu max(0, x); flatten the cell an element comes from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convviz.engine import max_pool2d, unflat_index
from convviz.engine.layers import SPATIAL_KINDS, LayerSpec
from convviz.engine.network import Shape, multiply_adds, parameter_count
from convviz.scene.limits import NETWORK_PARAMETERS, NETWORK_VALUES
from convviz.scene.network_model import default_map, scene_layer_weights, scene_shapes, stack_specs
from convviz.scene.scenes import NetworkScene

from .base import NoOutput, animates
from .network_pass import network_maps
from .network_text import max_text, mean_text, relu_text, shown, sum_text
from .window import WindowStep, filled_until, window_cells

FEATURES_PER_GROUP = 10  # a linear layer's terms are grouped by ten when its input is no flattened map


def shape_text(shape: Shape) -> str:
    """(1, 28, 28), and a vector as Python writes a 1-tuple: (400,)."""
    return f"({shape[0]},)" if len(shape) == 1 else f"({', '.join(map(str, shape))})"


@dataclass(frozen=True)
class LayerFacts:
    """One layer of the pass: its number (from 1), spec, input and output shapes, and what it costs."""

    layer: int
    spec: LayerSpec
    in_shape: Shape
    out_shape: Shape
    parameters: int
    multiply_adds: int

    @property
    def edge(self) -> str:
        """The shape change written on the edge into the layer's maps: "(1, 28, 28) → (6, 28, 28)"."""
        return f"{shape_text(self.in_shape)} → {shape_text(self.out_shape)}"


def costs(spec: LayerSpec, in_shape: Shape) -> tuple[int, int]:
    """(parameters, multiply-adds) of one layer over an input of `in_shape`."""
    return parameter_count(spec, in_shape), multiply_adds(spec, in_shape)


@dataclass(frozen=True)
class FeatureGroup:
    """Consecutive input features of a linear layer, summed: `label` names them ("channel 3" of the
    flattened map, or "features 0–9"), `features` their indices, `partial` their weighted sum."""

    label: str
    features: range
    partial: float


@dataclass(frozen=True)
class NetworkStep:
    """One value of the chosen map and what makes it. `value` is the engine's map value; `text` the
    computation written out (its rounded terms add up to what it shows, or it says so).

    conv: `terms`, one WindowStep per input channel the group reads (`channels`), cells on that
    channel's padded map, its kernel slice, products and `value` the channel's partial sum; `bias`, and
    `total` = the partials + bias in float64. linear: `groups`, `bias`, `total`. pooling: `window` on the
    chosen channel's padded map (max: padding -inf, the chosen cell; avg: divisor). relu: `source` the
    input cell (c, row, col) or (feature,). flatten: `source` the (c, row, col) the element comes from."""

    index: int
    kind: str
    out_cell: tuple[int, int] | None  # the value's (row, col) in the chosen map; None for a vector
    value: float
    text: str
    channels: tuple[int, ...] = ()
    terms: tuple[WindowStep, ...] = ()
    groups: tuple[FeatureGroup, ...] = ()
    bias: float | None = None
    total: float | None = None
    window: WindowStep | None = None
    source: tuple[int, ...] | None = None


@animates(NetworkScene)
class NetworkTimeline:
    """The pass and the steps of one Network scene; NoOutput says why a stack cannot run."""

    def __init__(self, scene: NetworkScene):
        self.scene = scene
        self.specs = stack_specs(scene.layers)
        try:
            self.shapes = scene_shapes(scene)  # the input's, then every layer's output shape
        except ValueError as error:
            raise NoOutput(f"No output: {error}.") from None
        self.facts = tuple(
            LayerFacts(layer, spec, *self.shapes[layer - 1 : layer + 1], *costs(spec, self.shapes[layer - 1]))
            for layer, spec in enumerate(self.specs, start=1)
        )
        self.total_parameters = sum(fact.parameters for fact in self.facts)
        self.total_multiply_adds = sum(fact.multiply_adds for fact in self.facts)
        self._check_size()
        self.maps = network_maps(scene)  # index 0 the input, i the output of layer i
        self.map = scene.map or default_map(self.specs)
        self.layer = self.map.layer
        self.spec = self.specs[self.layer - 1]
        self.in_map, self.out_map = self.maps[self.layer - 1], self.maps[self.layer][self.map.channel]
        self.weights = scene_layer_weights(scene, self.layer)
        self.kernels, self.bias, self.reads = self._what_makes_the_map()
        self.count = self.out_map.size if self.out_map.ndim == 2 else 1
        self.padded = self._padded_input()
        self._indices = None  # max pooling's choices on the chosen channel, found at its first step

    def _check_size(self) -> None:
        values = sum(int(np.prod(shape)) for shape in self.shapes)
        if values > NETWORK_VALUES:
            raise NoOutput(
                f"No output: this network's maps hold {values:,} values; the page computes at most"
                f" {NETWORK_VALUES:,}: use a smaller input or fewer channels."
            )
        if self.total_parameters > NETWORK_PARAMETERS:
            raise NoOutput(
                f"No output: this network has {self.total_parameters:,} parameters; the page holds at most"
                f" {NETWORK_PARAMETERS:,}: use fewer channels or features, or a smaller map before linear."
            )

    def _what_makes_the_map(self) -> tuple[np.ndarray | None, float | None, tuple[int, ...]]:
        """The chosen map's kernels (conv: (C_in/g, k, k); linear: its weight row), bias, and the input
        channels (linear: features) it reads: with groups, only its group's."""
        c = self.map.channel
        if self.spec.kind == "conv":
            w, b = self.weights
            per_in, per_out = w.shape[1], self.spec.channels // self.spec.groups
            first = c // per_out * per_in
            return w[c], float(b[c]), tuple(range(first, first + per_in))
        if self.spec.kind == "linear":
            w, b = self.weights
            return w[c], float(b[c]), tuple(range(w.shape[1]))
        return None, None, (c,) if self.in_map.ndim == 3 else ()

    def _padded_input(self) -> np.ndarray | None:
        """The layer's input with its padding as the layer reads it (0 for conv and average pooling, -inf
        for max pooling, where a padded cell never wins), for windows to index."""
        if self.spec.kind not in SPATIAL_KINDS:
            return None
        p = self.spec.padding
        fill = -np.inf if self.spec.kind == "maxpool" else 0.0
        padded = np.pad(self.in_map, ((0, 0), (p, p), (p, p)), constant_values=fill)
        padded.setflags(write=False)
        return padded

    def step(self, index: int) -> NetworkStep:
        index = min(max(index, 0), self.count - 1)
        value = self.out_map.reshape(-1)[index] if self.out_map.ndim == 2 else self.out_map
        cell = divmod(index, self.out_map.shape[1]) if self.out_map.ndim == 2 else None
        make = {"conv": self._conv, "linear": self._linear, "relu": self._relu, "flatten": self._flatten}
        return make.get(self.spec.kind, self._pool)(index, cell, float(value))

    def _window(self, cell: tuple[int, int]) -> np.ndarray:
        s, k, d = self.spec.stride, self.spec.kernel, self.spec.dilation
        return window_cells((cell[0] * s, cell[1] * s), (k, k), (d, d))

    def _conv(self, index: int, cell, value: float) -> NetworkStep:
        window, k = self._window(cell), self.spec.kernel
        terms = []
        for local, channel in enumerate(self.reads):
            inputs = self.padded[channel][window[:, 0], window[:, 1]].reshape(k, k)
            weights = self.kernels[local]
            products = inputs.astype(np.float64) * weights
            partial = float(products.sum())
            terms.append(WindowStep(index, cell, window, inputs, weights, products, "sum", partial))
        total = float(sum(term.value for term in terms) + self.bias)
        text = sum_text([term.value for term in terms], self.bias, total)
        terms = tuple(terms)
        return NetworkStep(index, "conv", cell, value, text, self.reads, terms, bias=self.bias, total=total)

    def _linear(self, index: int, cell, value: float) -> NetworkStep:
        x = self.in_map.astype(np.float64)
        groups = tuple(
            FeatureGroup(label, part, float(x[part.start : part.stop] @ self.kernels[part.start : part.stop]))
            for label, part in self.feature_groups()
        )
        total = float(sum(group.partial for group in groups) + self.bias)
        text = sum_text([group.partial for group in groups], self.bias, total)
        return NetworkStep(index, "linear", None, value, text, groups=groups, bias=self.bias, total=total)

    def flattened_from(self) -> Shape | None:
        """The (C, H, W) map the chosen layer's input vector is the flattening of (through relus), or None."""
        for layer in range(self.layer - 1, 0, -1):
            kind = self.specs[layer - 1].kind
            if kind == "flatten":
                return self.shapes[layer - 1] if len(self.shapes[layer - 1]) == 3 else None
            if kind != "relu":
                return None
        return None

    def feature_groups(self) -> tuple[tuple[str, range], ...]:
        """How a linear layer's input features are grouped in its written sum: by the channel of the
        flattened map they come from, else by ten."""
        n = self.in_map.shape[0]
        source = self.flattened_from()
        if source is not None:
            per = source[1] * source[2]
            return tuple((f"channel {c}", range(c * per, (c + 1) * per)) for c in range(source[0]))
        chunks = range(0, n, FEATURES_PER_GROUP)
        ranges = (range(a, min(a + FEATURES_PER_GROUP, n)) for a in chunks)
        return tuple((f"features {r.start}–{r.stop - 1}", r) for r in ranges)

    def _pool(self, index: int, cell, value: float) -> NetworkStep:
        channel, k = self.map.channel, self.spec.kernel
        window = self._window(cell)
        inputs = self.padded[channel][window[:, 0], window[:, 1]].reshape(k, k)
        if self.spec.kind == "maxpool":
            chosen = self._max_chosen(cell)
            step = WindowStep(index, cell, window, inputs, None, None, "max", value, chosen=chosen)
            text = max_text(inputs.reshape(-1).tolist(), value)
        else:
            step = WindowStep(index, cell, window, inputs, None, None, "mean", value, divisor=k * k)
            text = mean_text(inputs.reshape(-1).tolist(), k * k, value)
        return NetworkStep(index, self.spec.kind, cell, value, text, (channel,), window=step)

    def _max_chosen(self, cell: tuple[int, int]) -> tuple[int, int]:
        """The padded-map cell max pooling takes, as the engine chose it (ties: the first in row-major
        window order)."""
        if self._indices is None:
            spec = self.spec
            _, self._indices = max_pool2d(
                self.in_map[self.map.channel], spec.kernel, spec.stride, spec.padding, spec.dilation,
                return_indices=True,
            )  # fmt: skip
        row, col = divmod(int(self._indices[cell]), self.in_map.shape[2])
        return row + self.spec.padding, col + self.spec.padding

    def _relu(self, index: int, cell, value: float) -> NetworkStep:
        source = (self.map.channel, *cell) if cell is not None else (self.map.channel,)
        before = float(self.in_map[source])
        return NetworkStep(index, "relu", cell, value, relu_text(before, value), source=source)

    def _flatten(self, index: int, cell, value: float) -> NetworkStep:
        feature = self.map.channel
        if self.in_map.ndim == 1:
            text = f"element {feature} = {shown(value)}"
            return NetworkStep(index, "flatten", None, value, text, source=(feature,))
        c, h, w = unflat_index(feature, self.in_map.shape)
        _, height, width = self.in_map.shape
        text = (
            f"element {feature} = cell ({c}, {h}, {w}) of the {shape_text(self.in_map.shape)} map:"
            f" ({c}·{height} + {h})·{width} + {w} = {feature}"
        )
        return NetworkStep(index, "flatten", None, value, text, source=(c, h, w))

    def output_until(self, index: int) -> np.ndarray:
        """The chosen map as it stands after step `index`: later cells NaN (not computed yet)."""
        return filled_until(self.out_map, index)
