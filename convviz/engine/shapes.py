"""Output-size formulas, the ones printed on the Convolution page with the numbers substituted."""

from __future__ import annotations

from ._args import as_int, non_negative, positive


def conv_output_size(n: int, k: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """floor((n + p_total - d*(k-1) - 1) / s) + 1, with `padding` the total over both sides.

    Returns 0 or less when the dilated kernel does not fit, so callers can say why instead of crashing."""
    n, k = as_int(n, "n"), positive(k, "kernel size")
    stride, dilation = positive(stride, "stride"), positive(dilation, "dilation")
    padding = non_negative(padding, "padding")
    return (n + padding - dilation * (k - 1) - 1) // stride + 1


def conv_transpose_output_size(
    n: int, k: int, stride: int = 1, padding: int = 0, output_padding: int = 0, dilation: int = 1
) -> int:
    """(n-1)*s - 2p + d*(k-1) + output_padding + 1, with `padding` per side as in PyTorch."""
    n, k = as_int(n, "n"), positive(k, "kernel size")
    stride, dilation = positive(stride, "stride"), positive(dilation, "dilation")
    padding, output_padding = non_negative(padding, "padding"), non_negative(output_padding, "output_padding")
    return (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
