"""Edits as scene-to-scene functions: what each control of the Convolution page does to a scene."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from convviz.scene.edits import (
    drawing_source,
    with_drawn_input,
    with_grid_size,
    with_kernel_values,
    with_normalized_kernel,
    with_random_kernel,
)
from convviz.scene.images import MAX_INDEXED_VALUES, quantize
from convviz.scene.link import format_link, parse_link
from convviz.scene.model import input_image, is_rows, kernel_array
from convviz.scene.scenes import ConvScene

LESSON = "1,2,0,1,3;0,1,3,1,0;2,1,0,2,1;1,0,2,3,1;3,1,1,0,2"  # "A sum of products"


def test_a_drawing_becomes_png_data_at_its_own_size_and_keeps_the_step():
    image = quantize(np.random.default_rng(0).random((5, 7)))
    scene = with_drawn_input(ConvScene(step=4), image)
    assert scene.input.startswith("png:") and scene.size == (5, 7) and scene.step == 4
    np.testing.assert_array_equal(input_image(scene.input, scene.size), image)


@pytest.mark.parametrize(
    "image",
    [
        np.full((28, 28), 0.3, np.float32),  # a painted 0.3 is 0.3, not 0.298
        np.where(np.eye(28, dtype=bool), np.float32(0.3), input_image("digit3", (28, 28))),  # over a preset
        np.random.default_rng(1).random((40, 30)).astype(np.float32),  # 1,200 distinct values
        np.random.default_rng(2).random((300, 300)).astype(np.float32) * 10 - 5,  # 65,536+: rows
        np.arange(-4, 5, dtype=np.float32).reshape(3, 3),  # beyond 0..1
    ],
    ids=["painted-0.3", "over-a-preset", "many-values", "too-many-for-png", "negative"],
)
def test_a_drawing_is_stored_exactly(image):
    """Whatever is painted or typed reads back bit for bit, through the link form it is stored in."""
    scene = with_drawn_input(ConvScene(), image)
    assert scene.size == image.shape
    np.testing.assert_array_equal(input_image(scene.input, scene.size), image)


def test_the_shorter_link_form_is_chosen():
    """Small integer grids stay readable rows; a large drawing of few values is compact png data."""
    lesson = input_image(LESSON, (5, 5))
    assert drawing_source(lesson) == LESSON
    big = np.zeros((512, 512), np.float32)
    big[100:200, 50:400] = 0.3
    source = drawing_source(big)
    assert source.startswith("png:") and len(source) < 2_000
    many = np.random.default_rng(3).random((300, 300)).astype(np.float32)
    assert len(np.unique(many)) > MAX_INDEXED_VALUES and is_rows(drawing_source(many))


def test_a_preset_is_redrawn_at_the_new_size():
    scene = with_grid_size(ConvScene(input="digit3", size=(28, 28)), (10, 12))
    assert scene.input == "digit3" and scene.size == (10, 12)
    assert input_image(scene.input, scene.size).shape == (10, 12)


@pytest.mark.parametrize("kind", ["png", "rows"])
def test_resizing_a_drawing_keeps_its_cells_sharp_and_going_back_restores_it(kind):
    """5 -> 3 -> 5 gives the drawing back exactly; on the way its cells take values it has (no blur)."""
    drawing = np.arange(25, dtype=np.float32).reshape(5, 5) / 10 - 1
    scene = ConvScene(input=drawing_source(drawing) if kind == "png" else LESSON, size=(5, 5))
    original = input_image(scene.input, scene.size)
    small = with_grid_size(scene, (3, 3))
    assert small.input == scene.input  # the drawing is kept, not re-encoded
    shown = input_image(small.input, small.size)
    assert shown.shape == (3, 3) and set(shown.ravel()) <= set(original.ravel())
    np.testing.assert_array_equal(shown, original[[0, 2, 4]][:, [0, 2, 4]])
    back = with_grid_size(small, (5, 5))
    np.testing.assert_array_equal(input_image(back.input, back.size), original)
    big = input_image(back.input, (10, 10))
    np.testing.assert_array_equal(big, np.repeat(np.repeat(original, 2, axis=0), 2, axis=1))


def test_an_unchanged_size_is_the_same_scene_and_a_bad_one_is_refused():
    scene = ConvScene()
    assert with_grid_size(scene, scene.size) is scene
    with pytest.raises(ValueError, match="grid"):
        with_grid_size(scene, (2, 28))


def test_kernel_values_are_written_as_rows_that_read_back_exactly():
    kernel = np.array([[0.1, -0.25], [1 / 3, 2]], dtype=np.float32)
    scene = with_kernel_values(ConvScene(), kernel)
    np.testing.assert_array_equal(kernel_array(scene.kernel), kernel)


def test_normalizing_a_box_of_ones_makes_it_average():
    scene = with_normalized_kernel(with_kernel_values(ConvScene(), np.ones((3, 3))))
    np.testing.assert_allclose(kernel_array(scene.kernel), np.full((3, 3), 1 / 9), rtol=1e-6)


def test_a_random_kernel_keeps_the_shape():
    scene = with_random_kernel(with_kernel_values(ConvScene(), np.zeros((2, 5))), np.random.default_rng(3))
    kernel = kernel_array(scene.kernel)
    assert kernel.shape == (2, 5) and np.abs(kernel).max() <= 1 and kernel.any()


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(
        np.float32,
        st.tuples(st.integers(3, 20), st.integers(3, 20)),
        elements=st.floats(-1000, 1000, width=32) | st.sampled_from([0.0, 0.3, 1.0]),
    )
)
def test_a_drawing_survives_its_link_bit_for_bit(drawing):
    """Whichever form is chosen, the link reopens the very values drawn."""
    scene = parse_link(format_link(with_drawn_input(ConvScene(), drawing)))
    np.testing.assert_array_equal(
        input_image(scene.input, scene.size).view(np.uint32), drawing.view(np.uint32)
    )
