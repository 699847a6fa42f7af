"""The scene model: rows text, and the arrays a scene's input and kernel stand for."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from convviz.scene.images import encode_png
from convviz.scene.inputs import INPUT_PRESETS
from convviz.scene.kernels import KERNEL_PRESETS
from convviz.scene.model import format_rows, input_image, is_rows, kernel_array, parse_rows
from convviz.scene.scenes import ConvScene

FLOAT32_GRIDS = hnp.arrays(
    np.float32,
    st.tuples(st.integers(1, 9), st.integers(1, 9)),
    elements=st.floats(width=32, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=200, deadline=None)
@given(FLOAT32_GRIDS)
def test_rows_round_trip_float32_exactly(array):
    """A kernel typed, linked and reopened keeps every bit of every weight (the sign of zero too)."""
    back = parse_rows(format_rows(array), "kernel", (1, 9))
    assert back.dtype == np.float32
    assert back.shape == array.shape
    assert np.array_equal(back.view(np.uint32), array.view(np.uint32))


@pytest.mark.parametrize(
    ("values", "text"),
    [
        ([[1, 0, -1], [2, 0, -2]], "1,0,-1;2,0,-2"),
        ([[0.1, 0.25, -2.5]], "0.1,0.25,-2.5"),
        ([[1 / 9]], "0.11111111"),
        ([[1e-3], [100]], "0.001;100"),
    ],
)
def test_format_rows_is_short(values, text):
    """The shortest text that reads back exactly: no trailing '.0', no float64 noise."""
    assert format_rows(np.array(values, dtype=np.float32)) == text


@pytest.mark.parametrize(
    ("text", "what", "words"),
    [
        ("blur", "kernel", ["unknown kernel preset", "'blur'", "sobel_x"]),
        ("blob", "input", ["unknown input preset", "'blob'", "digit3"]),
        ("1,2;3", "kernel", ["same number"]),
        ("1,,2", "kernel", ["numbers"]),
        ("1;two", "kernel", ["numbers"]),
        ("1,inf", "kernel", ["finite"]),
        ("1e39", "kernel", ["finite"]),  # overflows float32
        (";".join(["0"] * 10), "kernel", ["10x1", "each side may have 1 to 9 values"]),
        (
            "1,2;3,4",
            "input",
            ["the input rows are 2x2", "each side may have 3 to 512 values"],
        ),  # smaller than the least grid
        ("1,2,3;4,5,6", "input", ["2x3", "3 to 512"]),
        ("x" * 5000, "input", ["(5,000 characters)"]),  # a long value is not echoed whole
    ],
)
def test_parse_rows_rejects(text, what, words):
    """Bad rows raise ValueError saying what is wrong."""
    with pytest.raises(ValueError) as caught, np.errstate(over="ignore"):
        parse_rows(text, what, (3, 512) if what == "input" else (1, 9))
    for word in words:
        assert word in str(caught.value)
    assert len(str(caught.value)) < 300  # the value echoed is cut, the presets listed whole


def test_is_rows():
    """Presets and png data are names; anything else is rows."""
    assert not any(is_rows(name) for name in INPUT_PRESETS + KERNEL_PRESETS)
    assert not is_rows(encode_png(np.zeros((3, 3))))
    assert is_rows("1,2;3,4")


@pytest.mark.parametrize("size", [(3, 3), (5, 8), (28, 28), (40, 17)])
@pytest.mark.parametrize("name", INPUT_PRESETS)
def test_input_presets_draw_at_any_size(name, size):
    """Every preset is a float32 picture in [0, 1] of exactly the requested grid, never a blank one."""
    image = input_image(name, size)
    assert image.dtype == np.float32
    assert image.shape == size
    assert image.min() >= 0 and image.max() <= 1
    assert image.max() - image.min() > 0.2


def test_digit_presets_differ():
    """Ten different digits, not one drawing ten times."""
    digits = {d: input_image(f"digit{d}", (28, 28)) for d in range(10)}
    for a, b in itertools.combinations(digits, 2):
        assert np.abs(digits[a] - digits[b]).mean() > 0.03, (a, b)


@pytest.mark.parametrize(
    "make",
    [
        lambda: input_image("digit3", (12, 12)),
        lambda: input_image("1,2,3;4,5,6;7,8,9", (3, 3)),
        lambda: input_image(encode_png(np.eye(6)), (6, 6)),
        lambda: kernel_array("sobel_x"),
        lambda: kernel_array("1,2;3,4"),
    ],
)
def test_results_are_read_only(make):
    """The arrays are cached and shared: an in-place edit must fail rather than corrupt other pages."""
    array = make()
    with pytest.raises(ValueError, match="read-only"):
        array[0, 0] = 42
    assert make()[0, 0] != 42


def test_rows_input_is_shown_at_the_scene_size_nearest_neighbour():
    """Rows keep their numbers; at another size each cell repeats the row value under its centre."""
    rows = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]], np.float32)
    np.testing.assert_array_equal(input_image("1,2,3;4,5,6;7,8,9", (3, 3)), rows)
    np.testing.assert_array_equal(input_image("1,2,3;4,5,6;7,8,9", (6, 3)), np.repeat(rows, 2, axis=0))
    assert input_image("1,2,3;4,5,6;7,8,9", (6, 3)).dtype == np.float32


@pytest.mark.parametrize("size", [(6, 6), (3, 4), (20, 30), (7, 50)])
def test_png_input_is_shown_at_the_scene_size_with_its_own_values(size):
    """A drawn or loaded picture is shown on the scene's grid, whatever size it was drawn at, with
    the values it holds (nearest-neighbour: sharp cells, nothing blended)."""
    picture = np.random.default_rng(2).random((6, 6)).astype(np.float32)
    image = input_image(encode_png(picture), size)
    assert image.shape == size
    assert image.dtype == np.float32
    assert set(image.ravel()) <= set(picture.ravel())
    if size == (6, 6):
        np.testing.assert_array_equal(image, picture)


def test_kernel_array_of_presets_and_rows():
    """Kernel presets are their 3x3 weights, rows are what they say."""
    np.testing.assert_array_equal(kernel_array("sobel_x"), [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    np.testing.assert_array_equal(kernel_array("0.5;-2"), np.array([[0.5], [-2]], np.float32))
    with pytest.raises(ValueError, match="1 to 9"):
        kernel_array(";".join(["1"] * 10))


def test_scene_is_frozen_and_replace_makes_a_new_one():
    """Edits make new scenes; the old one (in history) never changes."""
    scene = ConvScene()
    changed = scene.replace(stride=(2, 2))
    assert scene.stride == (1, 1) and changed.stride == (2, 2)
    with pytest.raises(AttributeError):
        scene.stride = (3, 3)
