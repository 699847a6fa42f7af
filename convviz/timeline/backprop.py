"""The Backprop page's animation as data: the forward chain (input -> conv -> optional ReLU -> optional
pooling), the upstream gradient dL/dY of the last map, and the backward pass as labelled phases (through
the pooling, through the ReLU, dL/dW, dL/db, dL/dX in the scene's view), one timeline whose steps run
through all of them. Every map is the engine's (`conv2d_backward`, the pool backward functions)."""

from __future__ import annotations

import dataclasses
from functools import cached_property

import numpy as np

from convviz.engine import (
    avg_pool2d,
    avg_pool2d_backward,
    conv2d,
    conv2d_backward,
    conv2d_trace,
    max_pool2d,
    max_pool2d_backward,
)
from convviz.scene.model import input_image, kernel_array
from convviz.scene.scenes import BackpropScene
from convviz.scene.upstream import Upstream

from .backprop_phases import BackpropStep, BiasGradient, PoolRouting, ReluMask, WeightGradient
from .base import NoOutput, animates
from .input_gradient import DX_PHASES, coverage_notes


def upstream_values(upstream: Upstream, shape: tuple[int, int]) -> np.ndarray:
    """dL/dY of a map of `shape`, float32. Random values are `np.random.default_rng(seed)`'s uniform on
    [-1, 1], rounded to one decimal so that they read at a glance and their sums can be followed."""
    if upstream.kind == "random":
        values = np.round(np.random.default_rng(upstream.seed).uniform(-1.0, 1.0, shape), 1)
        return (values + 0.0).astype(np.float32)  # + 0.0: no -0 shown
    if upstream.kind == "onehot":
        (row, col), (h, w) = upstream.cell, shape
        if not (row < h and col < w):
            raise NoOutput(
                f"No output: dL/dY is one-hot at ({row}, {col}), outside the last map, which is {h}x{w}"
                f" (rows 0 to {h - 1}, columns 0 to {w - 1})."
            )
        values = np.zeros(shape, dtype=np.float32)
        values[row, col] = 1
        return values
    return np.ones(shape, dtype=np.float32)


@animates(BackpropScene)
class BackpropTimeline:
    """The forward maps, the gradients, and the steps of one Backprop scene."""

    def __init__(self, scene: BackpropScene):
        self.scene = scene
        self.input = input_image(scene.input, scene.size)
        self.kernel = kernel_array(scene.kernel)  # as the user wrote it
        self.applied = self.kernel[::-1, ::-1] if scene.flip else self.kernel  # as it slides
        self.stride, self.dilation = tuple(scene.stride), tuple(scene.dilation)
        self.conv_params = dict(
            stride=scene.stride, padding=scene.padding, dilation=scene.dilation,
            padding_mode=scene.padding_mode, flip=scene.flip,
        )  # fmt: skip
        self.conv, self.activation, self.pooled = self.forward(self.input, self.kernel)
        trace = conv2d_trace(self.input, self.kernel, **self.conv_params, steps=[])
        self.padded, self.sides = trace.padded, trace.sides
        self.last = self.activation if self.pooled is None else self.pooled
        self.upstream = upstream_values(scene.grad, self.last.shape)
        self.grad_activation = self.pool_backward(self.upstream)
        self.relu_mask = self.conv > 0 if scene.relu else None  # ReLU'(0) = 0, as PyTorch
        self.grad_conv = (
            np.where(self.relu_mask, self.grad_activation, np.float32(0))
            if scene.relu
            else self.grad_activation
        )
        self.grad_input, self.grad_weight, grad_bias = self.conv_backward(self.grad_conv)
        self.grad_bias = float(grad_bias[0])
        for shown in (self.conv, self.activation, self.last, self.upstream, self.grad_activation):
            shown.setflags(write=False)  # the maps every step hands out: a view cannot change them
        for shown in (self.grad_conv, self.grad_input, self.grad_weight):
            shown.setflags(write=False)
        self.phases = self._phases()
        self.starts = tuple(np.cumsum([0] + [phase.count for phase in self.phases])[:-1].tolist())
        self.count = sum(phase.count for phase in self.phases)

    def forward(self, x: np.ndarray, kernel: np.ndarray):
        """(conv, activation, pooled) of this scene's chain for input `x` and `kernel`, in their dtype, or
        batched along the engine's N and C axes (the gradient check runs every nudge at once); pooled is
        None without pooling and activation the conv output without ReLU."""
        try:
            conv = conv2d(x, kernel, **self.conv_params)
        except ValueError as error:
            raise NoOutput(f"No output: {error}.") from None
        activation = np.maximum(conv, conv.dtype.type(0)) if self.scene.relu else conv
        if self.scene.pool == "none":
            return conv, activation, None
        pool = max_pool2d if self.scene.pool == "max" else avg_pool2d
        try:
            return conv, activation, pool(activation, *self.pool_shape)
        except ValueError as error:
            into = self.pool_input_name
            raise NoOutput(f"No output: the pooling cannot run on the {into}: {error}.") from None

    @property
    def pool_shape(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """The pooling's (window, stride)."""
        return tuple(self.scene.window), self.scene.pool_stride_size()

    @cached_property
    def pool_index(self) -> np.ndarray:
        """Max pooling's argmax of every pooled cell, a flat index into the pooling's input."""
        return max_pool2d(self.activation, *self.pool_shape, return_indices=True)[1]

    def pool_backward(self, upstream: np.ndarray) -> np.ndarray:
        """The gradient at the pooling's input for `upstream` at its output (the engine's); without
        pooling, `upstream` itself."""
        if self.scene.pool == "max":
            return max_pool2d_backward(self.activation, upstream, *self.pool_shape)
        if self.scene.pool == "avg":
            return avg_pool2d_backward(self.activation, upstream, *self.pool_shape)
        return upstream

    def conv_backward(self, grad_conv: np.ndarray):
        """(dL/dX, dL/dW, dL/db) for `grad_conv` at the convolution's output, the engine's."""
        return conv2d_backward(self.input, self.kernel, grad_conv, **self.conv_params)

    @property
    def pool_input_name(self) -> str:
        """What the learner calls the map the pooling reads."""
        return "ReLU's output" if self.scene.relu else "convolution's output"

    def gradient_name(self, which: str) -> str:
        """dL/dY is the last map's gradient; dL/dA the ReLU output's, dL/dZ the convolution output's."""
        last = "pool" if self.pooled is not None else "relu" if self.scene.relu else "conv"
        return "dL/dY" if which == last else {"relu": "dL/dA", "conv": "dL/dZ", "pool": "dL/dY"}[which]

    def _phases(self) -> list:
        phases = []
        if self.pooled is not None:
            phases.append(PoolRouting(self))
        if self.scene.relu:
            phases.append(ReluMask(self))
        phases += [WeightGradient(self), BiasGradient(self)]
        phases.append(DX_PHASES[self.scene.view](self))
        return phases

    def step(self, index: int) -> BackpropStep:
        index = min(max(index, 0), self.count - 1)
        number = int(np.searchsorted(self.starts, index, side="right")) - 1
        phase = self.phases[number]
        step = phase.step(index - self.starts[number])
        return dataclasses.replace(step, index=index)

    def phase_labels(self) -> tuple[str, ...]:
        return tuple(phase.label for phase in self.phases)

    def phase_notes(self) -> tuple[str, ...]:
        """What each phase says once (the tie rule, what dL/dW is a correlation of, why cells get 0)."""
        return tuple(phase.note for phase in self.phases)

    @cached_property
    def coverage_notes(self) -> tuple[str, ...]:
        """Why input cells that no window covers get a zero gradient, one sentence per axis that has
        them; empty when every input cell is under some window."""
        return coverage_notes(self)
