"""Control groups a page lists in its side panel: each shows a scene and emits edits of it, so pages
that share a control (the input, a stride) share its code."""

from .backprop_group import BackpropGroup
from .base import ControlGroup
from .conv_parameters import ConvParameters
from .gradient_check_group import GradientCheckGroup
from .input_group import InputGroup
from .kernel_group import KernelGroup
from .network_group import NetworkGroup, NetworkInputGroup, NetworkStackGroup
from .pooling_group import PoolingGroup
from .receptive_field_group import FieldGroup, FieldStackGroup
from .transpose_group import TransposeParameters, UndoneConvolutionGroup

__all__ = [
    "BackpropGroup",
    "ControlGroup",
    "ConvParameters",
    "GradientCheckGroup",
    "InputGroup",
    "KernelGroup",
    "NetworkGroup",
    "NetworkInputGroup",
    "NetworkStackGroup",
    "PoolingGroup",
    "FieldGroup",
    "FieldStackGroup",
    "TransposeParameters",
    "UndoneConvolutionGroup",
]
