"""Bad arguments raise ValueError naming the parameter; boundary cases that are legal still work."""

import numpy as np
import pytest

from convviz.engine import (
    avg_pool2d,
    conv2d,
    conv2d_backward,
    conv_transpose2d,
    max_pool2d,
)

X = np.zeros((1, 4, 5, 5))
W = np.zeros((2, 4, 3, 3))


@pytest.mark.parametrize(
    ("x", "weight", "kwargs", "match"),
    [
        (X, np.zeros((2, 4, 7, 7)), {}, "kernel"),
        (X, W, {"dilation": 3}, "kernel"),  # dilated kernel 7 > 5
        (X, np.zeros((2, 4, 6, 3)), {"padding": (0, 0, 1, 2)}, "kernel"),  # fits the width, not the height
        (X, W, {"stride": 0}, "stride"),
        (X, W, {"stride": -1}, "stride"),
        (X, W, {"stride": (1, 0)}, "stride"),
        (X, W, {"dilation": 0}, "dilation"),
        (X, W, {"dilation": (1, -2)}, "dilation"),
        (X, W, {"padding": -1}, "padding"),
        (X, W, {"padding": (0, -1)}, "padding"),
        (X, W, {"padding": (0, 0, -1, 0)}, "padding"),
        (X, W, {"padding": "full"}, "padding"),
        (X, np.zeros((2, 2, 3, 3)), {"groups": 3}, "groups"),  # 4 input channels do not split in 3
        (X, np.zeros((3, 2, 3, 3)), {"groups": 2}, "groups"),  # 3 output channels do not split in 2
        (X, W, {"groups": 0}, "groups"),
        (X, W, {"padding": "same", "stride": 2}, "same"),
        (X, W, {"padding": 5, "padding_mode": "reflect"}, "reflect"),  # reflect needs pad < size
        (X, W, {"padding": (0, 0, 0, 5), "padding_mode": "reflect"}, "reflect"),
        (X, W, {"padding_mode": "mirror"}, "padding_mode"),
        (X, np.zeros((2, 3, 3, 3)), {}, "channel"),
        (X, np.zeros((2, 1, 3, 3)), {"groups": 2}, "channel"),  # 2 groups of 1 != 4 input channels
        (np.zeros((5, 5)), W, {}, "kernel|weight|dim|channel"),  # 2-D input needs a 2-D kernel
    ],
)
def test_conv2d_rejects(x, weight, kwargs, match):
    with pytest.raises(ValueError, match=f"(?i){match}"):
        conv2d(x, weight, **kwargs)


def test_reflect_padding_limit_is_size_minus_one():
    """PyTorch reflect accepts pad == size - 1 and refuses pad == size."""
    x, kernel = np.arange(9.0).reshape(3, 3), np.ones((1, 1))
    np.testing.assert_array_equal(
        conv2d(x, kernel, padding=2, padding_mode="reflect"), np.pad(x, 2, mode="reflect")
    )
    with pytest.raises(ValueError, match="(?i)reflect"):
        conv2d(x, kernel, padding=3, padding_mode="reflect")


def test_kernel_equal_to_padded_input_is_fine():
    """A kernel exactly as big as the padded input gives a single output."""
    assert conv2d(X, np.zeros((2, 4, 7, 7)), padding=1).shape == (1, 2, 1, 1)
    assert conv2d(X, W, dilation=2).shape == (1, 2, 1, 1)


def test_error_message_names_the_limit():
    """The message says how big the kernel is and how big the padded input is."""
    with pytest.raises(ValueError, match=r"(?i)kernel.*7.*5|kernel.*5.*7"):
        conv2d(X, W, dilation=3)


def test_backward_validates_like_forward():
    with pytest.raises(ValueError, match="(?i)stride"):
        conv2d_backward(X, W, np.zeros((1, 2, 3, 3)), stride=0)
    with pytest.raises(ValueError, match="(?i)channel"):
        conv2d_backward(X, np.zeros((2, 3, 3, 3)), np.zeros((1, 2, 3, 3)))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"stride": 2, "output_padding": 2}, "output_padding"),  # not < stride 2 nor dilation 1
        ({"output_padding": 1}, "output_padding"),  # stride 1, dilation 1: no room
        ({"stride": 0}, "stride"),
        ({"dilation": 0}, "dilation"),
        ({"padding": -1}, "padding"),
        ({"output_padding": -1}, "output_padding"),
        ({"groups": 3}, "groups"),
    ],
)
def test_conv_transpose2d_rejects(kwargs, match):
    x, weight = np.zeros((1, 2, 3, 3)), np.zeros((2, 2, 3, 3))
    with pytest.raises(ValueError, match=f"(?i){match}"):
        conv_transpose2d(x, weight, **kwargs)


def test_conv_transpose2d_rejects_channel_mismatch():
    with pytest.raises(ValueError, match="(?i)channel"):
        conv_transpose2d(np.zeros((1, 3, 3, 3)), np.zeros((2, 2, 3, 3)))


@pytest.mark.parametrize("pool", [max_pool2d, avg_pool2d])
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"kernel_size": 3, "padding": 2}, "padding"),  # more than half the kernel
        ({"kernel_size": (2, 4), "padding": (1, 3)}, "padding"),
        ({"kernel_size": 2, "padding": -1}, "padding"),
        ({"kernel_size": 2, "stride": 0}, "stride"),
        ({"kernel_size": 0}, "kernel"),
        ({"kernel_size": 7}, "kernel"),  # larger than the 5x5 input
    ],
)
def test_pools_reject(pool, kwargs, match):
    with pytest.raises(ValueError, match=f"(?i){match}"):
        pool(np.zeros((1, 1, 5, 5)), **kwargs)


def test_max_pool_rejects_bad_dilation():
    with pytest.raises(ValueError, match="(?i)dilation"):
        max_pool2d(np.zeros((1, 1, 5, 5)), 2, dilation=0)


def test_pool_padding_of_exactly_half_the_kernel_is_allowed():
    assert max_pool2d(np.zeros((4, 4)), 2, padding=1).shape == (3, 3)
    assert avg_pool2d(np.zeros((4, 4)), 3, stride=1, padding=1).shape == (4, 4)
