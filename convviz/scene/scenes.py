"""The scene of each page, as a frozen dataclass whose fields carry their link codecs and limits."""

from __future__ import annotations

from dataclasses import dataclass

from convviz.engine import PADDING_MODES

from . import codecs, limits
from .base import SCENES, PageScene
from .codecs import link_field
from .field_probe import ErfWeights, Unit
from .model import format_rows, input_image, is_rows, kernel_array, rows_shape
from .network_fields import KernelEdit, MapRef, NetWeights
from .network_inputs import COLOUR_PRESETS
from .network_model import fit_problems
from .network_presets import LENET
from .upstream import Upstream

Pair = tuple[int, int]


def _canonical_input(text: str) -> str:
    if is_rows(text):
        return format_rows(input_image(text, rows_shape(text)))
    input_image(text, (limits.GRID[0],) * 2)  # a bad preset name or png: data raises
    return text


def _canonical_kernel(text: str) -> str:
    kernel = kernel_array(text)
    return text if not is_rows(text) else format_rows(kernel)


@dataclass(frozen=True, kw_only=True)
class StartScene(PageScene, page="start"):
    """The start page: the lessons. Nothing to animate, so its link carries no key."""

    step: int = 0


INPUT = codecs.source(_canonical_input, limits.GRID)
SIZE = codecs.size(limits.GRID)


@dataclass(frozen=True, kw_only=True)
class InputScene(PageScene):
    """The input every sliding-window page starts from: a preset, rows or png: data, shown at `size`."""

    input: str = link_field(INPUT, "digit3")
    size: Pair = link_field(SIZE, (28, 28))

    def implied(self, name: str):
        return rows_shape(self.input) if name == "size" and is_rows(self.input) else None


@dataclass(frozen=True, kw_only=True)
class ConvFields(InputScene):
    """A convolution's parameters, declared once for every page that convolves (Convolution, Backprop)."""

    kernel: str = link_field(codecs.source(_canonical_kernel, limits.KERNEL), "sobel_x")
    stride: Pair = link_field(codecs.pair(limits.STRIDE), (1, 1))
    padding: Pair | str = link_field(codecs.pair(limits.PADDING, word="same"), (0, 0))
    dilation: Pair = link_field(codecs.pair(limits.DILATION), (1, 1))
    padding_mode: str = link_field(codecs.choice(PADDING_MODES), "zeros")
    flip: bool = link_field(codecs.FLAG, False)


@dataclass(frozen=True, kw_only=True)
class ConvScene(ConvFields, page="conv"):
    """One convolution, animated over its output pixels."""


POOL_KINDS = ("max", "avg")


@dataclass(frozen=True, kw_only=True)
class PoolScene(InputScene, page="pool"):
    """Max or average pooling. `window` "global" covers the whole input; `stride` None is the window.
    Dilation applies to max pooling only, count_pad (count_include_pad) to average pooling only."""

    pool: str = link_field(codecs.choice(POOL_KINDS), "max")
    window: Pair | str = link_field(codecs.pair(limits.WINDOW, word="global"), (2, 2))
    stride: Pair | None = link_field(codecs.pair(limits.STRIDE), None)
    padding: Pair = link_field(codecs.pair(limits.PADDING), (0, 0))
    dilation: Pair = link_field(codecs.pair(limits.DILATION), (1, 1))
    ceil: bool = link_field(codecs.FLAG, False)
    count_pad: bool = link_field(codecs.FLAG, True)

    def inapplicable(self) -> dict[str, str]:
        if self.pool == "max":
            return {"count_pad": "count_pad applies to average pooling only (pool=avg)"}
        return {"dilation": "dilation applies to max pooling only (pool=max)"}

    def kernel_size(self) -> Pair:
        """The window in cells: a global window is the whole input grid."""
        return tuple(self.size) if self.window == "global" else tuple(self.window)

    def stride_size(self) -> Pair:
        return self.kernel_size() if self.stride is None else tuple(self.stride)


BACKPROP_POOLS = ("none", *POOL_KINDS)
DX_VIEWS = ("scatter", "gather", "matrix")


@dataclass(frozen=True, kw_only=True)
class BackpropScene(ConvFields, page="backprop"):
    """The error flowing back through conv, an optional ReLU and an optional pooling. `grad` is dL/dY of
    the last map; `view` how dL/dX is shown. The defaults are a first lesson: a small square, an edge
    kernel whose negative half ReLU blocks."""

    input: str = link_field(INPUT, "square")  # redeclared for their defaults: they keep their place
    size: Pair = link_field(SIZE, (8, 8))
    relu: bool = link_field(codecs.FLAG, True)
    pool: str = link_field(codecs.choice(BACKPROP_POOLS), "none")
    window: Pair = link_field(codecs.pair(limits.WINDOW), (2, 2))
    pool_stride: Pair | None = link_field(codecs.pair(limits.STRIDE), None)
    grad: Upstream = link_field(codecs.UPSTREAM, Upstream())
    view: str = link_field(codecs.choice(DX_VIEWS), "scatter")

    def inapplicable(self) -> dict[str, str]:
        if self.pool != "none":
            return {}
        why = "applies to pooling only (pool=max or pool=avg)"
        return {"window": f"window {why}", "pool_stride": f"pool_stride {why}"}

    def pool_stride_size(self) -> Pair:
        return tuple(self.window) if self.pool_stride is None else tuple(self.pool_stride)


@dataclass(frozen=True, kw_only=True)
class ReceptiveFieldScene(InputScene, page="receptive-field"):
    """How far each unit of a layer stack sees. `unit` None is the centre unit of the last layer (the
    link then leaves `unit` out); a unit outside its map is the timeline's to refuse, with the reason,
    as only it knows the maps' sizes. `erf` none skips the effective receptive field."""

    layers: str = link_field(codecs.LAYERS, "conv3,conv3,maxpool2,conv3")
    unit: Unit | None = link_field(codecs.UNIT, None)
    erf: ErfWeights = link_field(codecs.ERF, ErfWeights())


TRANSPOSE_VIEWS = ("scatter", "zeros", "matrix")


@dataclass(frozen=True, kw_only=True)
class TransposeScene(InputScene, page="transpose"):
    """A transposed convolution, the map-growing one. By default the conv_arithmetic picture: a small
    input, a 3x3 kernel, stride 2. `padding` is per side (it crops the output, so "same" means nothing
    here); `output_padding` adds rows and columns on the bottom and right only, and PyTorch allows it
    only below max(stride, dilation) per axis: a larger one is refused with that rule."""

    input: str = link_field(INPUT, "1,2,3;4,5,6;7,8,9")  # redeclared for their defaults
    size: Pair = link_field(SIZE, (3, 3))
    kernel: str = link_field(ConvFields.codec("kernel"), "1,2,1;2,4,2;1,2,1")
    stride: Pair = link_field(codecs.pair(limits.STRIDE), (2, 2))
    padding: Pair = link_field(codecs.pair(limits.PADDING), (0, 0))
    output_padding: Pair = link_field(codecs.pair(limits.OUTPUT_PADDING), (0, 0))
    dilation: Pair = link_field(codecs.pair(limits.DILATION), (1, 1))
    view: str = link_field(codecs.choice(TRANSPOSE_VIEWS), "scatter")

    def __post_init__(self):
        super().__post_init__()
        wrong = [
            f"output_padding ({op}) must be smaller than the stride ({s}) or the dilation ({d}) in {axis},"
            " as PyTorch requires"
            for axis, op, s, d in zip(("height", "width"), self.output_padding, self.stride, self.dilation)
            if op >= max(s, d)
        ]
        if wrong:
            raise ValueError("; ".join(wrong))


def _canonical_network_input(text: str) -> str:
    return text if text in COLOUR_PRESETS else _canonical_input(text)


@dataclass(frozen=True, kw_only=True)
class NetworkScene(InputScene, page="network"):
    """A small CNN on the user's input, grayscale or colour: `layers` in the extended grammar, `weights`
    how the weights are made, `edits` the user's kernel values over them, `map` the feature map shown
    (None: channel 0 of the first conv layer). Edits and a map that do not fit the network are refused
    by name; a stack that cannot run on the input is the timeline's to refuse, with the reason."""

    input: str = link_field(codecs.source(_canonical_network_input, limits.GRID), "digit3")
    size: Pair = link_field(SIZE, (28, 28))
    layers: str = link_field(codecs.NETWORK_LAYERS, LENET)
    weights: NetWeights = link_field(codecs.WEIGHTS, NetWeights())
    edits: tuple[KernelEdit, ...] = link_field(codecs.EDITS_CODEC, ())
    map: MapRef | None = link_field(codecs.MAP, None)

    def __post_init__(self):
        super().__post_init__()
        problems = fit_problems(self)
        if problems:
            raise ValueError("; ".join(problems))

    def implied(self, name: str):
        """No edits is what a link without `edits` means (an empty value would not parse)."""
        return () if name == "edits" else super().implied(name)


PAGES = tuple(SCENES)  # every page a link may name
OPEN_PAGES = tuple(name for name, scene in SCENES.items() if scene.has_page)  # those the window can show
