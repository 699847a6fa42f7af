"""Every limit of a scene's numbers, in one place: the link format checks them, the spin boxes take
their ranges from them (through the scene fields that carry them), and messages quote them."""

from __future__ import annotations

GRID = (3, 512)  # cells along each side of an input grid
KERNEL = (1, 9)  # cells along each side of a kernel
WINDOW = (1, 32)  # cells along each side of a pooling window
STRIDE = (1, 32)
PADDING = (0, 64)  # cells on each side
DILATION = (1, 32)
OUTPUT_PADDING = (0, max(STRIDE[1], DILATION[1]) - 1)  # below max(stride, dilation), as PyTorch requires
STEP = (1, 10**9)  # step=N of a link, counted from 1 as the player shows it
MATRIX_INPUT = 12  # cells along each side of the largest input whose convolution matrix is shown
GRADIENT_CHECK_INPUT = 16  # cells along each side of the largest input checked by finite differences
STACK = (1, 32)  # layers in a Receptive-field stack
CHANNELS = (1, 64)  # output channels (x) and groups (g) of one Network-page conv layer
FEATURES = (1, 1024)  # output features of one Network-page linear layer
EDITS = (0, 256)  # kernel edits a Network link may carry
NETWORK_VALUES = 4_000_000  # values in all of a Network scene's maps together (16 MB of float32)
NETWORK_PARAMETERS = 2_000_000  # weights and biases of a Network scene
