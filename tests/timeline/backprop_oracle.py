"""An independent oracle for the Backprop timeline: the forward chain and its gradients written from
their definitions as float64 loops over cells (padding through NumPy's own pad modes), sharing nothing
with the engine but the scene's input and kernel arrays."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from convviz.scene.model import input_image, kernel_array
from convviz.scene.scenes import BackpropScene

NUMPY_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def sides_of(scene: BackpropScene, kernel_shape) -> tuple[int, int, int, int]:
    """(top, bottom, left, right): PyTorch's "same" puts the odd cell at the bottom / right."""
    if scene.padding == "same":
        totals = [d * (k - 1) for d, k in zip(scene.dilation, kernel_shape)]
        return (totals[0] // 2, totals[0] - totals[0] // 2, totals[1] // 2, totals[1] - totals[1] // 2)
    return (scene.padding[0],) * 2 + (scene.padding[1],) * 2


def sources(shape, sides, mode) -> np.ndarray:
    """For each padded cell, the flat index of the input cell it holds (-1: a zero)."""
    top, bottom, left, right = sides
    index = np.arange(shape[0] * shape[1]).reshape(shape)
    widths = ((top, bottom), (left, right))
    if mode == "zeros":
        return np.pad(index, widths, constant_values=-1)
    return np.pad(index, widths, mode=NUMPY_MODES[mode])


def oracle(scene: BackpropScene, upstream: np.ndarray) -> SimpleNamespace:
    x = input_image(scene.input, scene.size).astype(np.float64)
    kernel = kernel_array(scene.kernel).astype(np.float64)
    applied = kernel[::-1, ::-1] if scene.flip else kernel
    (kh, kw), (s0, s1), (d0, d1) = applied.shape, scene.stride, scene.dilation
    src = sources(x.shape, sides_of(scene, applied.shape), scene.padding_mode)
    padded = np.where(src >= 0, x.reshape(-1)[np.maximum(src, 0)], 0.0)
    oh, ow = (padded.shape[0] - d0 * (kh - 1) - 1) // s0 + 1, (padded.shape[1] - d1 * (kw - 1) - 1) // s1 + 1
    taps = [(a, b) for a in range(kh) for b in range(kw)]
    outs = [(i, j) for i in range(oh) for j in range(ow)]

    def tap_cell(i, j, a, b):
        return i * s0 + a * d0, j * s1 + b * d1

    conv = np.zeros((oh, ow))
    for i, j in outs:
        conv[i, j] = sum(padded[tap_cell(i, j, a, b)] * applied[a, b] for a, b in taps)
    activation = np.maximum(conv, 0) if scene.relu else conv
    grad_activation = np.asarray(upstream, dtype=np.float64)
    last = activation
    if scene.pool != "none":
        (q0, q1), (t0, t1) = scene.window, scene.pool_stride_size()
        ph, pw = (oh - q0) // t0 + 1, (ow - q1) // t1 + 1
        last, grad_activation = np.zeros((ph, pw)), np.zeros((oh, ow))
        for r in range(ph):
            for c in range(pw):
                cells = [(r * t0 + u, c * t1 + v) for u in range(q0) for v in range(q1)]
                if scene.pool == "max":
                    best = cells[0]
                    for cell in cells[1:]:
                        if activation[cell] > activation[best]:  # ties keep the first maximum
                            best = cell
                    last[r, c] = activation[best]
                    grad_activation[best] += upstream[r, c]
                else:
                    last[r, c] = np.mean([activation[cell] for cell in cells])
                    for cell in cells:
                        grad_activation[cell] += upstream[r, c] / len(cells)
    grad_conv = np.where(conv > 0, grad_activation, 0.0) if scene.relu else grad_activation
    grad_applied = np.zeros(applied.shape)
    grad_padded = np.zeros(padded.shape)
    matrix = np.zeros((oh * ow, x.size))
    for p, (i, j) in enumerate(outs):
        for a, b in taps:
            cell = tap_cell(i, j, a, b)
            grad_applied[a, b] += padded[cell] * grad_conv[i, j]
            grad_padded[cell] += applied[a, b] * grad_conv[i, j]
            if src[cell] >= 0:
                matrix[p, src[cell]] += applied[a, b]
    grad_input = np.zeros(x.size)
    np.add.at(grad_input, src[src >= 0], grad_padded[src >= 0])
    return SimpleNamespace(
        padded=padded, sources=src, conv=conv, activation=activation, last=last,
        grad_activation=grad_activation, grad_conv=grad_conv,
        grad_weight=grad_applied[::-1, ::-1] if scene.flip else grad_applied,
        grad_bias=grad_conv.sum(), grad_padded=grad_padded, grad_input=grad_input.reshape(x.shape),
        matrix=matrix,
    )  # fmt: skip
