"""The Convolution page's animation as data: one step per output pixel, in row-major order.

A timeline is built once per scene (the output map, the padded input, the kernel as applied) and hands
out steps on demand, so a 512x512 input costs one convolution, not a 12-million-product trace, when a
parameter changes."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from convviz.engine import conv2d, conv2d_trace
from convviz.scene.model import input_image, kernel_array
from convviz.scene.scenes import ConvScene

from .base import NoOutput, animates
from .window import AxisSize, WindowStep, filled_until


@lru_cache(maxsize=8)
def _padded(
    source: str, size: tuple[int, int], kernel_shape: tuple[int, int], stride, padding, dilation, mode: str
) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """The padded input and its (top, bottom, left, right) padding, shared by every timeline that
    differs only in the kernel's values: editing a weight does not pad a 512x512 input again."""
    kernel = np.zeros(kernel_shape, dtype=np.float32)
    trace = conv2d_trace(
        input_image(source, size), kernel, stride=stride, padding=padding, dilation=dilation,
        padding_mode=mode, steps=[],
    )  # fmt: skip
    trace.padded.setflags(write=False)
    return trace.padded, trace.sides


@animates(ConvScene)
class ConvTimeline:
    """The steps of one convolution scene."""

    def __init__(self, scene: ConvScene):
        self.scene = scene
        self.input = input_image(scene.input, scene.size)
        self._params = dict(
            stride=scene.stride,
            padding=scene.padding,
            dilation=scene.dilation,
            padding_mode=scene.padding_mode,
            flip=scene.flip,
        )
        kernel = kernel_array(scene.kernel)
        try:
            self.output = conv2d(self.input, kernel, **self._params)
        except ValueError as error:
            raise NoOutput(f"No output: {error}.") from None
        self.padded, self.sides = _padded(
            scene.input,
            scene.size,
            kernel.shape,
            scene.stride,
            scene.padding,
            scene.dilation,
            scene.padding_mode,
        )
        self.kernel = kernel[::-1, ::-1] if scene.flip else kernel
        self.count = self.output.size

    def step(self, index: int) -> WindowStep:
        index = min(max(index, 0), self.count - 1)
        # traced on the already padded input with no further padding: the same windows and products,
        # without padding a large input again for every step
        trace = conv2d_trace(
            self.padded,
            kernel_array(self.scene.kernel),
            stride=self.scene.stride,
            dilation=self.scene.dilation,
            flip=self.scene.flip,
            steps=[index],
        )
        window = trace.in_index[0].reshape(-1, 2)
        cell = tuple(int(v) for v in trace.out_index[0])
        return WindowStep(
            index=index,
            out_cell=cell,
            window=window,
            inputs=self.padded[window[:, 0], window[:, 1]].reshape(self.kernel.shape),
            weights=self.kernel,
            products=trace.products[0],
            reduction="sum",
            value=float(self.output[cell]),
        )

    def output_until(self, index: int) -> np.ndarray:
        """The output map as it stands after step `index`: later cells are NaN (not computed yet)."""
        return filled_until(self.output, index)

    def axis_sizes(self) -> tuple[AxisSize, AxisSize]:
        """The output-size formula's numbers for height and width."""
        top, bottom, left, right = self.sides
        return tuple(
            AxisSize(name, n, p, d, k, s, out)
            for name, n, p, d, k, s, out in zip(
                ("height", "width"),
                self.input.shape,
                (top + bottom, left + right),
                self.scene.dilation,
                self.kernel.shape,
                self.scene.stride,
                self.output.shape,
            )
        )
