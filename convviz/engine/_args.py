"""Argument normalisation shared by the engine: every public function checks its inputs here, so the
error messages name the parameter and the limit the same way everywhere."""

from __future__ import annotations

import numbers

import numpy as np

AXES = ("height", "width")


def as_int(value, name: str) -> int:
    """A plain int from an int-like value; bools and floats are refused, not silently truncated."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    return int(value)


def pair(value, name: str) -> tuple[int, int]:
    """(height, width) from an int or a 2-sequence of ints."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value), int(value)
    try:
        items = tuple(value)
    except TypeError:
        raise TypeError(f"{name} must be an int or a (height, width) pair, got {value!r}") from None
    if len(items) != 2:
        raise ValueError(f"{name} must be an int or a (height, width) pair, got {len(items)} values")
    return as_int(items[0], name), as_int(items[1], name)


def positive(value, name: str) -> int:
    v = as_int(value, name)
    if v < 1:
        raise ValueError(f"{name} must be at least 1, got {v}")
    return v


def non_negative(value, name: str) -> int:
    v = as_int(value, name)
    if v < 0:
        raise ValueError(f"{name} must not be negative, got {v}")
    return v


def positive_pair(value, name: str) -> tuple[int, int]:
    result = pair(value, name)
    for axis, v in zip(AXES, result):
        if v < 1:
            raise ValueError(f"{name} must be at least 1, got {v} for the {axis}")
    return result


def non_negative_pair(value, name: str) -> tuple[int, int]:
    result = pair(value, name)
    for axis, v in zip(AXES, result):
        if v < 0:
            raise ValueError(f"{name} must not be negative, got {v} for the {axis}")
    return result


def conv_padding(padding, kernel: tuple[int, int], stride: tuple[int, int], dilation: tuple[int, int]):
    """(top, bottom, left, right) from int, (pH, pW), (top, bottom, left, right), "valid" or "same".

    "same" splits the total d*(k-1) as PyTorch does: the odd pixel goes to the bottom / right."""
    if isinstance(padding, str):
        if padding == "valid":
            return 0, 0, 0, 0
        if padding == "same":
            if stride != (1, 1):
                raise ValueError(f'padding="same" needs stride 1, got stride {stride[0]}x{stride[1]}')
            sides = []
            for k, d in zip(kernel, dilation):
                total = d * (k - 1)
                sides += [total // 2, total - total // 2]
            return tuple(sides)
        raise ValueError(f'padding must be an int, a tuple, "valid" or "same", got {padding!r}')
    if isinstance(padding, numbers.Integral) and not isinstance(padding, bool):
        sides = (int(padding),) * 4
    else:
        try:
            items = tuple(padding)
        except TypeError:
            raise TypeError(f"padding must be an int, a tuple or a string, got {padding!r}") from None
        if len(items) == 2:
            sides = (items[0], items[0], items[1], items[1])
        elif len(items) == 4:
            sides = items
        else:
            raise ValueError(
                "padding must have 2 (height, width) or 4 (top, bottom, left, right) values,"
                f" got {len(items)}"
            )
        sides = tuple(as_int(v, "padding") for v in sides)
    for side, v in zip(("top", "bottom", "left", "right"), sides):
        if v < 0:
            raise ValueError(f"padding must not be negative, got {v} on the {side}")
    return sides


def float_array(x, name: str) -> np.ndarray:
    """A floating array: float32/float64 kept, anything else promoted to float64."""
    arr = np.asarray(x)
    if arr.dtype.kind == "f":
        return arr
    if arr.dtype.kind in "biu":
        return arr.astype(np.float64)
    raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")


def check_window_fits(padded: tuple[int, int], span: tuple[int, int], what: str = "dilated kernel") -> None:
    """Refuse a window larger than the (padded) input: there would be no output position."""
    for axis, n, k in zip(AXES, padded, span):
        if k > n:
            raise ValueError(
                f"{what} {axis} ({k}) is larger than the padded input {axis} ({n}): no output position"
            )
