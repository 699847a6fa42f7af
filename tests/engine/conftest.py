"""Shared oracles for the engine tests.

Everything here is written independently of ``convviz.engine``: slow reference implementations in plain
Python loops that follow the PyTorch definitions, a central finite-difference helper, and hypothesis
strategies that draw valid convolution cases.  They are handed to the tests as session-scoped fixtures
(session scope keeps them usable inside ``@given`` tests).
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import assume
from hypothesis import strategies as st

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
# The np.pad mode that builds the same padded image as each engine padding mode.
NP_PAD_MODE = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


# --------------------------------------------------------------------------------------------------------
# argument normalisation (from the written contract, not from the engine)


def pair(value) -> tuple[int, int]:
    """An int or an (h, w) pair as an (h, w) tuple."""
    if isinstance(value, (int, np.integer)):
        return int(value), int(value)
    h, w = value
    return int(h), int(w)


def per_side_padding(padding, kernel, dilation) -> tuple[int, int, int, int]:
    """Any conv2d padding form as (top, bottom, left, right); 'same' puts the odd pad bottom/right."""
    if isinstance(padding, str):
        if padding == "valid":
            return 0, 0, 0, 0
        assert padding == "same", padding
        sides: list[int] = []
        for k, d in zip(pair(kernel), pair(dilation)):
            total = d * (k - 1)
            sides += [total // 2, total - total // 2]
        return tuple(sides)  # type: ignore[return-value]
    if isinstance(padding, (int, np.integer)):
        return (int(padding),) * 4  # type: ignore[return-value]
    if len(padding) == 2:
        return padding[0], padding[0], padding[1], padding[1]
    top, bottom, left, right = padding
    return top, bottom, left, right


def np_pad(plane: np.ndarray, sides, mode: str) -> np.ndarray:
    """Pad the last two axes of ``plane`` by (top, bottom, left, right) with np.pad."""
    top, bottom, left, right = sides
    widths = [(0, 0)] * (plane.ndim - 2) + [(top, bottom), (left, right)]
    return np.pad(plane, widths, mode=NP_PAD_MODE[mode])


def source_index(i: int, n: int, mode: str) -> int | None:
    """Which input row/column a (possibly out-of-range) padded coordinate reads; None for a zero pad."""
    if 0 <= i < n:
        return i
    if mode == "zeros":
        return None
    if mode == "replicate":
        return min(max(i, 0), n - 1)
    if mode == "circular":
        return i % n
    assert mode == "reflect"
    return -i if i < 0 else 2 * (n - 1) - i


def conv_output_size_ref(n: int, k: int, stride: int, pad_total: int, dilation: int) -> int:
    return (n + pad_total - dilation * (k - 1) - 1) // stride + 1


def pool_output_size_ref(n: int, k: int, stride: int, pad: int, dilation: int, ceil_mode: bool) -> int:
    """PyTorch's pooling_output_shape, including the 'last window starts inside' rule of ceil_mode."""
    numerator = n + 2 * pad - dilation * (k - 1) - 1 + (stride - 1 if ceil_mode else 0)
    out = numerator // stride + 1
    if ceil_mode and (out - 1) * stride >= n + pad:
        out -= 1
    return out


# --------------------------------------------------------------------------------------------------------
# naive reference implementations


def _as_nchw(x, weight):
    """Lift the 2-D and 3-D layouts to 4-D; return a function that undoes it on the result."""
    x = np.asarray(x, dtype=np.float64)
    weight = np.asarray(weight, dtype=np.float64)
    if x.ndim == 2:
        return x[None, None], weight[None, None], lambda out: out[0, 0]
    if x.ndim == 3:
        return x[None], weight, lambda out: out[0]
    return x, weight, lambda out: out


def conv2d_ref(
    x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros", flip=False
):
    """Cross-correlation (or true convolution when flip) by the textbook sum, one output at a time."""
    x, weight, restore = _as_nchw(x, weight)
    if flip:
        weight = weight[:, :, ::-1, ::-1]
    n_batch, _, height, width = x.shape
    c_out, c_in_g, kh, kw = weight.shape
    sh, sw = pair(stride)
    dh, dw = pair(dilation)
    top, bottom, left, right = per_side_padding(padding, (kh, kw), (dh, dw))
    out_h = conv_output_size_ref(height, kh, sh, top + bottom, dh)
    out_w = conv_output_size_ref(width, kw, sw, left + right, dw)
    out = np.zeros((n_batch, c_out, out_h, out_w))
    out_per_group = c_out // groups
    for n in range(n_batch):
        for co in range(c_out):
            group = co // out_per_group
            for i in range(out_h):
                for j in range(out_w):
                    acc = 0.0 if bias is None else float(np.ravel(bias)[co])
                    for c in range(c_in_g):
                        ci = group * c_in_g + c
                        for a in range(kh):
                            r = source_index(i * sh - top + a * dh, height, padding_mode)
                            if r is None:
                                continue
                            for b in range(kw):
                                q = source_index(j * sw - left + b * dw, width, padding_mode)
                                if q is not None:
                                    acc += x[n, ci, r, q] * weight[co, c, a, b]
                    out[n, co, i, j] = acc
    return restore(out)


def conv_transpose2d_ref(x, weight, bias=None, stride=1, padding=0, output_padding=0, dilation=1, groups=1):
    """Transposed convolution by its scatter definition: every input pixel stamps a scaled kernel."""
    x, weight, restore = _as_nchw(x, weight)
    n_batch, c_in, height, width = x.shape
    _, c_out_g, kh, kw = weight.shape
    sh, sw = pair(stride)
    ph, pw = pair(padding)
    oph, opw = pair(output_padding)
    dh, dw = pair(dilation)
    out_h = (height - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1
    out_w = (width - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1
    out = np.zeros((n_batch, c_out_g * groups, out_h, out_w))
    in_per_group = c_in // groups
    for n in range(n_batch):
        for ci in range(c_in):
            group = ci // in_per_group
            for i in range(height):
                for j in range(width):
                    for co in range(c_out_g):
                        for a in range(kh):
                            r = i * sh - ph + a * dh
                            if not 0 <= r < out_h:
                                continue
                            for b in range(kw):
                                q = j * sw - pw + b * dw
                                if 0 <= q < out_w:
                                    contribution = x[n, ci, i, j] * weight[ci, co, a, b]
                                    out[n, group * c_out_g + co, r, q] += contribution
    if bias is not None:
        out += np.asarray(bias, dtype=np.float64)[None, :, None, None]
    return restore(out)


def _pool_geometry(shape, kernel_size, stride, padding, dilation, ceil_mode):
    kh, kw = pair(kernel_size)
    sh, sw = pair(kernel_size if stride is None else stride)
    ph, pw = pair(padding)
    dh, dw = pair(dilation)
    height, width = shape[-2:]
    out_h = pool_output_size_ref(height, kh, sh, ph, dh, ceil_mode)
    out_w = pool_output_size_ref(width, kw, sw, pw, dw, ceil_mode)
    return (kh, kw), (sh, sw), (ph, pw), (dh, dw), (out_h, out_w)


def max_pool_ref(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Max pooling with implicit -inf padding; returns (out, flat indices), first maximum wins ties."""
    x = np.asarray(x, dtype=np.float64)
    height, width = x.shape[-2:]
    (kh, kw), (sh, sw), (ph, pw), (dh, dw), (out_h, out_w) = _pool_geometry(
        x.shape, kernel_size, stride, padding, dilation, ceil_mode
    )
    planes = x.reshape(-1, height, width)
    out = np.empty((len(planes), out_h, out_w))
    indices = np.empty((len(planes), out_h, out_w), dtype=np.int64)
    for p, plane in enumerate(planes):
        for i in range(out_h):
            for j in range(out_w):
                best, best_index = -math.inf, -1
                for a in range(kh):
                    r = i * sh - ph + a * dh
                    for b in range(kw):
                        q = j * sw - pw + b * dw
                        if 0 <= r < height and 0 <= q < width and (best_index < 0 or plane[r, q] > best):
                            best, best_index = plane[r, q], r * width + q
                out[p, i, j], indices[p, i, j] = best, best_index
    lead = x.shape[:-2]
    return out.reshape(*lead, out_h, out_w), indices.reshape(*lead, out_h, out_w)


def avg_pool_windows(shape, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """Yield ((i, j), rows, cols, divisor) for each output, following PyTorch's avg_pool2d loop."""
    height, width = shape[-2:]
    (kh, kw), (sh, sw), (ph, pw), _, (out_h, out_w) = _pool_geometry(
        shape, kernel_size, stride, padding, 1, ceil_mode
    )
    for i in range(out_h):
        h0 = i * sh - ph
        h1 = min(h0 + kh, height + ph)
        for j in range(out_w):
            w0 = j * sw - pw
            w1 = min(w0 + kw, width + pw)
            padded_area = (h1 - h0) * (w1 - w0)
            rows = range(max(h0, 0), min(h1, height))
            cols = range(max(w0, 0), min(w1, width))
            divisor = padded_area if count_include_pad else len(rows) * len(cols)
            yield (i, j), rows, cols, divisor


def avg_pool_ref(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """Average pooling: sum of the in-image cells of each window over PyTorch's divisor."""
    x = np.asarray(x, dtype=np.float64)
    height, width = x.shape[-2:]
    planes = x.reshape(-1, height, width)
    windows = list(avg_pool_windows(x.shape, kernel_size, stride, padding, ceil_mode, count_include_pad))
    out_h, out_w = windows[-1][0][0] + 1, windows[-1][0][1] + 1
    out = np.empty((len(planes), out_h, out_w))
    for p, plane in enumerate(planes):
        for (i, j), rows, cols, divisor in windows:
            out[p, i, j] = sum(plane[r, q] for r in rows for q in cols) / divisor
    return out.reshape(*x.shape[:-2], out_h, out_w)


def adjoint_output_padding(x_shape, weight_shape, params):
    """The conv_transpose2d output_padding that maps conv2d's output back to x's exact H, W."""
    strides, pads, dilations = pair(params["stride"]), pair(params["padding"]), pair(params["dilation"])
    return tuple(
        (n + 2 * p - d * (k - 1) - 1) % s
        for n, k, s, p, d in zip(x_shape[-2:], weight_shape[-2:], strides, pads, dilations)
    )


def numerical_grad(f, x, eps=1e-5):
    """Central finite differences of the scalar function f at x, in float64, one element at a time."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        f_plus = float(f(x))
        x[index] = original - eps
        f_minus = float(f(x))
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


# --------------------------------------------------------------------------------------------------------
# hypothesis strategies


@st.composite
def conv_cases(
    draw,
    modes=PADDING_MODES,
    padding_forms=("int", "pair", "sides", "valid", "same"),
    flip=True,
    max_batch=2,
    max_groups=3,
    max_kernel=3,
    max_dilation=2,
    max_stride=3,
    slack=4,
):
    """A valid conv2d case: dict with x, weight, bias and the keyword arguments (4-D layout).

    The input is at most ``slack`` rows/columns bigger than the smallest size that gives an output."""
    groups = draw(st.integers(1, max_groups))
    c_in_g, c_out_g = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    kh, kw = draw(st.integers(1, max_kernel)), draw(st.integers(1, max_kernel))
    dh, dw = draw(st.integers(1, max_dilation)), draw(st.integers(1, max_dilation))
    mode = draw(st.sampled_from(modes))
    form = draw(st.sampled_from(padding_forms))
    strides = st.integers(1, max_stride)
    sh, sw = (1, 1) if form == "same" else (draw(strides), draw(strides))
    if form == "int":
        padding = draw(st.integers(0, 2))
    elif form == "pair":
        padding = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    elif form == "sides":
        padding = tuple(draw(st.integers(0, 2)) for _ in range(4))
    else:
        padding = form
    top, bottom, left, right = per_side_padding(padding, (kh, kw), (dh, dw))
    # Big enough for one output, and (for reflect) wider than every pad.
    min_h = max(1, dh * (kh - 1) + 1 - top - bottom, max(top, bottom) + 1 if mode != "zeros" else 1)
    min_w = max(1, dw * (kw - 1) + 1 - left - right, max(left, right) + 1 if mode != "zeros" else 1)
    height, width = draw(st.integers(min_h, min_h + slack)), draw(st.integers(min_w, min_w + slack))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_batch = draw(st.integers(1, max_batch))
    x = rng.standard_normal((n_batch, c_in_g * groups, height, width))
    weight = rng.standard_normal((c_out_g * groups, c_in_g, kh, kw))
    bias = rng.standard_normal(c_out_g * groups) if draw(st.booleans()) else None
    as_int = draw(st.booleans())
    params = dict(
        stride=sh if as_int and sh == sw else (sh, sw),
        padding=padding,
        dilation=dh if as_int and dh == dw else (dh, dw),
        groups=groups,
        padding_mode=mode,
        flip=draw(st.booleans()) if flip else False,
    )
    return dict(x=x, weight=weight, bias=bias, params=params)


def _windows_touch_image(n, k, stride, pad, dilation, ceil_mode):
    """True when every pooling window along one axis has at least one tap inside the input."""
    out = pool_output_size_ref(n, k, stride, pad, dilation, ceil_mode)
    return all(any(0 <= o * stride - pad + t * dilation < n for t in range(k)) for o in range(out))


@st.composite
def pool_cases(draw, dilation=True, max_kernel=3, max_stride=3):
    """A valid pooling case: dict with x (4-D, distinct values) and kernel/stride/padding/... kwargs."""
    kh, kw = draw(st.integers(1, max_kernel)), draw(st.integers(1, max_kernel))
    kernel_size = kh if kh == kw and draw(st.booleans()) else (kh, kw)
    stride = draw(
        st.one_of(
            st.none(),
            st.integers(1, max_stride),
            st.tuples(st.integers(1, max_stride), st.integers(1, max_stride)),
        )
    )
    ph, pw = draw(st.integers(0, kh // 2)), draw(st.integers(0, kw // 2))
    dh, dw = (draw(st.integers(1, 2)), draw(st.integers(1, 2))) if dilation else (1, 1)
    height = draw(st.integers(max(1, dh * (kh - 1) + 1 - 2 * ph), 8))
    width = draw(st.integers(max(1, dw * (kw - 1) + 1 - 2 * pw), 8))
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 2)), height, width)
    stride_h, stride_w = pair(kernel_size if stride is None else stride)
    ceil_mode = draw(st.booleans())
    # A dilated window can fall entirely into the padding (no in-image tap): an edge case of its own.
    assume(_windows_touch_image(height, kh, stride_h, ph, dh, ceil_mode))
    assume(_windows_touch_image(width, kw, stride_w, pw, dw, ceil_mode))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    # Distinct values a unit apart: max pooling is then locally linear for finite differences.
    x = rng.permutation(math.prod(shape)).reshape(shape).astype(np.float64) - math.prod(shape) / 2
    params = dict(
        kernel_size=kernel_size, stride=stride, padding=ph if ph == pw else (ph, pw), ceil_mode=ceil_mode
    )
    if dilation:
        params["dilation"] = dh if dh == dw else (dh, dw)
    return dict(x=x, params=params)


# --------------------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="session")
def ref():
    """The reference implementations and helpers, as one namespace."""
    return SimpleNamespace(
        conv2d=conv2d_ref,
        conv_transpose2d=conv_transpose2d_ref,
        max_pool=max_pool_ref,
        avg_pool=avg_pool_ref,
        avg_pool_windows=avg_pool_windows,
        numerical_grad=numerical_grad,
        per_side_padding=per_side_padding,
        np_pad=np_pad,
        pair=pair,
        adjoint_output_padding=adjoint_output_padding,
        conv_output_size=conv_output_size_ref,
        conv_cases=conv_cases,
        pool_cases=pool_cases,
    )
