"""The NumPy engine: convolution, pooling, gradients, receptive fields and animation traces.

PyTorch semantics, (N, C, H, W) layout, no Qt and nothing else of convviz: usable from a notebook
like `torch.nn.functional`."""

from .conv import conv2d, conv2d_backward, conv_transpose2d
from .layers import LAYER_KINDS, SPATIAL_KINDS, LayerSpec, parse_layers
from .network import flat_index, forward, layer_shapes, multiply_adds, parameter_count, unflat_index
from .padding import PADDING_MODES
from .pooling import avg_pool2d, avg_pool2d_backward, max_pool2d, max_pool2d_backward
from .receptive_field import (
    ReceptiveField,
    influence_masks,
    layer_map_sizes,
    receptive_field,
    receptive_field_box,
    smallest_input,
)
from .shapes import conv_output_size, conv_transpose_output_size
from .trace import ConvTrace, conv2d_trace

__all__ = [
    "unflat_index",
    "parameter_count",
    "multiply_adds",
    "layer_shapes",
    "forward",
    "flat_index",
    "LAYER_KINDS",
    "PADDING_MODES",
    "SPATIAL_KINDS",
    "ConvTrace",
    "LayerSpec",
    "ReceptiveField",
    "avg_pool2d",
    "avg_pool2d_backward",
    "conv2d",
    "conv2d_backward",
    "conv2d_trace",
    "conv_output_size",
    "conv_transpose2d",
    "conv_transpose_output_size",
    "influence_masks",
    "layer_map_sizes",
    "max_pool2d",
    "max_pool2d_backward",
    "parse_layers",
    "receptive_field",
    "receptive_field_box",
    "smallest_input",
]
