"""Edits as scene-to-scene functions: what each control of the Convolution page does to a scene."""

import numpy as np
import pytest

from convviz.scene.edits import (
    resample_values,
    with_drawn_input,
    with_grid_size,
    with_kernel_values,
    with_normalized_kernel,
    with_random_kernel,
)
from convviz.scene.images import quantize
from convviz.scene.model import Scene, input_image, kernel_array


def test_a_drawing_becomes_png_data_at_its_own_size_and_keeps_the_step():
    image = quantize(np.random.default_rng(0).random((5, 7)))
    scene = with_drawn_input(Scene(step=4), image)
    assert scene.input.startswith("png:") and scene.size == (5, 7) and scene.step == 4
    np.testing.assert_array_equal(input_image(scene.input, scene.size), image)


def test_a_preset_is_redrawn_at_the_new_size():
    scene = with_grid_size(Scene(input="digit3", size=(28, 28)), (10, 12))
    assert scene.input == "digit3" and scene.size == (10, 12)
    assert input_image(scene.input, scene.size).shape == (10, 12)


def test_a_drawing_is_resampled_and_stored_at_the_new_size():
    drawing = with_drawn_input(Scene(), np.tile(np.linspace(0, 1, 8), (8, 1)))
    bigger = with_grid_size(drawing, (16, 16))
    image = input_image(bigger.input, bigger.size)
    assert bigger.size == (16, 16) and image.shape == (16, 16)
    assert image[0, 0] < image[0, -1]  # the ramp survives


def test_rows_keep_values_outside_zero_to_one_when_resampled():
    scene = Scene(input="-2,0,2;-2,0,2;-2,0,2", size=(3, 3))
    resized = with_grid_size(scene, (6, 6))
    values = input_image(resized.input, resized.size)
    assert values.shape == (6, 6)
    assert values.min() == pytest.approx(-2, abs=0.05) and values.max() == pytest.approx(2, abs=0.05)


def test_resampling_a_constant_keeps_it():
    np.testing.assert_array_equal(resample_values(np.full((3, 3), 5.0), (4, 4)), np.full((4, 4), 5.0))


def test_an_unchanged_size_is_the_same_scene_and_a_bad_one_is_refused():
    scene = Scene()
    assert with_grid_size(scene, scene.size) is scene
    with pytest.raises(ValueError, match="grid"):
        with_grid_size(scene, (2, 28))


def test_kernel_values_are_written_as_rows_that_read_back_exactly():
    kernel = np.array([[0.1, -0.25], [1 / 3, 2]], dtype=np.float32)
    scene = with_kernel_values(Scene(), kernel)
    np.testing.assert_array_equal(kernel_array(scene.kernel), kernel)


def test_normalizing_a_box_of_ones_makes_it_average():
    scene = with_normalized_kernel(with_kernel_values(Scene(), np.ones((3, 3))))
    np.testing.assert_allclose(kernel_array(scene.kernel), np.full((3, 3), 1 / 9), rtol=1e-6)


def test_a_random_kernel_keeps_the_shape():
    scene = with_random_kernel(with_kernel_values(Scene(), np.zeros((2, 5))), np.random.default_rng(3))
    kernel = kernel_array(scene.kernel)
    assert kernel.shape == (2, 5) and np.abs(kernel).max() <= 1 and kernel.any()
