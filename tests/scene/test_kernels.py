"""Kernel presets are the textbook filters, and the helpers keep kernels readable and comparable."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.scene.kernels import (
    KERNEL_PRESETS,
    KERNEL_TITLES,
    kernel_preset,
    normalization,
    normalized,
    random_kernel,
)
from convviz.scene.model import format_rows

ZERO_SUM = ("sobel_x", "sobel_y", "prewitt_x", "prewitt_y", "laplacian", "outline")


@pytest.mark.parametrize("name", KERNEL_PRESETS)
def test_every_preset_is_3x3_float32_with_a_title(name):
    kernel = kernel_preset(name)
    assert kernel.shape == (3, 3) and kernel.dtype == np.float32
    assert KERNEL_TITLES[name]


def test_the_presets_named_in_the_design_exist():
    """Links may use these names; losing one breaks every link that uses it."""
    named = "identity box gaussian sharpen sobel_x sobel_y prewitt_x prewitt_y laplacian emboss outline"
    assert set(named.split()) <= set(KERNEL_PRESETS)


def test_known_values():
    """Spot checks against the textbook definitions."""
    np.testing.assert_array_equal(kernel_preset("sobel_x"), [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    np.testing.assert_array_equal(kernel_preset("sobel_y"), kernel_preset("sobel_x").T)
    np.testing.assert_array_equal(kernel_preset("prewitt_y"), kernel_preset("prewitt_x").T)
    np.testing.assert_array_equal(kernel_preset("laplacian"), [[0, 1, 0], [1, -4, 1], [0, 1, 0]])
    np.testing.assert_array_equal(kernel_preset("identity"), [[0, 0, 0], [0, 1, 0], [0, 0, 0]])
    gaussian = kernel_preset("gaussian")
    np.testing.assert_allclose(gaussian, np.outer([1, 2, 1], [1, 2, 1]) / 16)
    np.testing.assert_allclose(kernel_preset("box"), np.full((3, 3), 1 / 9))


@pytest.mark.parametrize(
    ("name", "total"),
    [("box", 1), ("gaussian", 1), ("identity", 1), ("sharpen", 1), ("emboss", 1)]
    + [(name, 0) for name in ZERO_SUM],
)
def test_preset_sums(name, total):
    """Blurs and sharpen keep brightness (sum 1); edge detectors ignore flat regions (sum 0)."""
    assert kernel_preset(name).sum() == pytest.approx(total, abs=1e-6)


def test_kernel_preset_is_a_fresh_copy_and_refuses_unknown_names():
    kernel_preset("sobel_x")[1, 1] = 99
    assert kernel_preset("sobel_x")[1, 1] == 0
    with pytest.raises(ValueError, match="unknown kernel preset 'blur'"):
        kernel_preset("blur")


@pytest.mark.parametrize("name", KERNEL_PRESETS)
def test_normalized_presets(name):
    """Sum-1 for kernels with a non-zero sum, |.|-sum 1 for zero-sum ones; the shape of the weights stays."""
    kernel = kernel_preset(name)
    scaled = normalized(kernel)
    assert scaled.dtype == np.float32
    if name in ZERO_SUM:
        assert np.abs(scaled).sum() == pytest.approx(1, abs=1e-6)
        assert scaled.sum() == pytest.approx(0, abs=1e-6)
    else:
        assert scaled.sum() == pytest.approx(1, abs=1e-6)
    ratio = scaled[kernel != 0] / kernel[kernel != 0]  # one common scale factor
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-6)
    np.testing.assert_array_equal(kernel, kernel_preset(name))  # the argument is left alone


@pytest.mark.parametrize(
    ("kernel", "expected"),
    [
        ([[2, 2], [2, 2]], [[0.25, 0.25], [0.25, 0.25]]),
        ([[-1, -1], [-1, -1]], [[0.25, 0.25], [0.25, 0.25]]),  # a negative sum is divided out too
        ([[1, -1]], [[0.5, -0.5]]),
        ([[0, 0], [0, 0]], [[0, 0], [0, 0]]),  # nothing to scale
    ],
)
def test_normalized_by_hand(kernel, expected):
    np.testing.assert_allclose(normalized(np.array(kernel, np.float32)), expected)


def test_a_sum_that_is_zero_but_for_float32_rounding_counts_as_zero():
    """0.1 + 0.6 - 0.7 is 6e-8 in float32: dividing by that would make weights of ten million."""
    kernel = np.array([[0.1, 0.6, -0.7]], np.float32)
    assert kernel.sum() != 0
    assert normalization(kernel) == ("absolute sum", pytest.approx(1.4))
    np.testing.assert_allclose(normalized(kernel), [[1 / 14, 6 / 14, -7 / 14]], rtol=1e-6)
    assert normalization(np.array([[1, 3]], np.float32)) == ("sum", 4)
    assert normalization(np.zeros((2, 2), np.float32)) is None


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 9), st.integers(1, 9))
def test_random_kernel_is_short_and_bounded(seed, height, width):
    """Random weights in [-1, 1] with at most one decimal: readable in a cell and short in a link."""
    kernel = random_kernel((height, width), np.random.default_rng(seed))
    assert kernel.shape == (height, width) and kernel.dtype == np.float32
    assert kernel.min() >= -1 and kernel.max() <= 1
    for value in format_rows(kernel).replace(";", ",").split(","):
        assert len(value.partition(".")[2]) <= 1, value


def test_random_kernel_follows_the_generator():
    """Same seed, same kernel (a lesson can be replayed); different seeds differ."""
    first = random_kernel((5, 5), np.random.default_rng(1))
    np.testing.assert_array_equal(first, random_kernel((5, 5), np.random.default_rng(1)))
    assert not np.array_equal(first, random_kernel((5, 5), np.random.default_rng(2)))
