"""DrawingCanvas: strokes paint exactly the cells under the pointer's path, one history entry each."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from convviz.ui.widgets import DrawingCanvas

RIGHT = Qt.MouseButton.RightButton


@pytest.fixture
def canvas(shown):
    return shown(DrawingCanvas(shape=(10, 10)))


def at(canvas, i, j):
    return canvas.cell_rect(i, j).center().toPoint()


def painted(canvas) -> set[tuple[int, int]]:
    return {(int(i), int(j)) for i, j in zip(*np.nonzero(canvas.image()))}


def test_a_stroke_paints_exactly_the_cells_it_crosses(canvas, qtbot, drag):
    changed, finished = [], []
    canvas.stroke_changed.connect(changed.append)
    canvas.stroke_finished.connect(finished.append)
    drag(canvas, [at(canvas, 2, 1), at(canvas, 2, 7)])  # one fast jump: the cells between are filled in
    assert painted(canvas) == {(2, j) for j in range(1, 8)}
    assert len(finished) == 1
    np.testing.assert_array_equal(finished[0], canvas.image())
    assert changed  # the page saw the stroke while it was drawn


def test_fast_diagonal_drag_leaves_no_gaps(canvas, drag):
    drag(canvas, [at(canvas, 0, 0), at(canvas, 9, 9), at(canvas, 9, 0)])
    assert painted(canvas) == {(k, k) for k in range(10)} | {(9, j) for j in range(10)}


def test_right_button_erases(canvas, drag):
    canvas.set_image(np.ones((10, 10)))
    finished = []
    canvas.stroke_finished.connect(finished.append)
    drag(canvas, [at(canvas, 4, 0), at(canvas, 4, 9)], button=RIGHT)
    image = canvas.image()
    assert (image[4] == 0).all() and (np.delete(image, 4, axis=0) == 1).all()
    assert len(finished) == 1


def test_brush_size_and_value(canvas, drag):
    canvas.set_brush_size(3)
    canvas.set_brush_value(0.5)
    drag(canvas, [at(canvas, 5, 5)])
    assert painted(canvas) == {(5, 5), (4, 5), (6, 5), (5, 4), (5, 6)}  # a 3-cell disc is a plus
    assert canvas.image()[5, 5] == np.float32(0.5)
    canvas.set_brush_size(100)
    assert canvas.brush_size() == DrawingCanvas.MAX_BRUSH


def test_a_stroke_may_leave_the_canvas_and_come_back(canvas, drag):
    outside = at(canvas, 3, 0) - (at(canvas, 3, 1) - at(canvas, 3, 0)) * 3
    drag(canvas, [at(canvas, 3, 2), outside, at(canvas, 6, 2)])
    assert {(3, 0), (3, 1), (3, 2), (6, 2)} <= painted(canvas)


def test_a_stroke_that_changes_nothing_adds_no_history(canvas, drag):
    canvas.set_image(np.ones((10, 10)))
    finished = []
    canvas.stroke_finished.connect(finished.append)
    drag(canvas, [at(canvas, 1, 1), at(canvas, 1, 3)])
    assert finished == []


def test_set_image_copies_keeps_values_exactly_and_emits_nothing(canvas, drag):
    finished = []
    canvas.stroke_finished.connect(finished.append)
    source = np.full((10, 10), 0.2)
    source[0, 0] = 7.0
    canvas.set_image(source)
    drag(canvas, [at(canvas, 5, 5)])
    assert source[5, 5] == 0.2 and source[0, 0] == 7.0  # the caller's array is never painted on
    image = canvas.image()
    assert image.dtype == np.float32
    assert image[0, 0] == 7.0 and image[1, 1] == np.float32(0.2)  # neither clipped nor rounded
    assert len(finished) == 1  # the stroke, not set_image
    with pytest.raises(ValueError, match="2-D"):
        canvas.set_image(np.zeros(4))


LESSON = np.array(
    [[1, 2, 0, 1, 3], [0, 1, 3, 1, 0], [2, 1, 0, 2, 1], [1, 0, 2, 3, 1], [3, 1, 1, 0, 2]], np.float32
)


def test_painting_one_cell_of_a_worked_example_keeps_every_other_value(shown, drag):
    """'A sum of products' holds 0..3: one stroke used to flatten it all to 0..1."""
    canvas = shown(DrawingCanvas(shape=(5, 5)))
    canvas.set_image(LESSON)
    assert canvas.data_range() == (0.0, 3.0) and canvas.value_range() == (0.0, 3.0)  # colours span 0..3
    canvas.set_brush_value(2.5)
    finished = []
    canvas.stroke_finished.connect(finished.append)
    drag(canvas, [at(canvas, 0, 2)])
    expected = LESSON.copy()
    expected[0, 2] = 2.5
    np.testing.assert_array_equal(finished[-1], expected)
    drag(canvas, [at(canvas, 4, 0)], button=RIGHT)  # the right button still erases to 0
    assert canvas.image()[4, 0] == 0


def test_invert_works_on_the_inputs_own_range(shown):
    canvas = shown(DrawingCanvas(shape=(5, 5)))
    canvas.set_image(LESSON)
    canvas.invert()
    np.testing.assert_array_equal(canvas.image(), 3 - LESSON)
    canvas.set_image(LESSON - 2)  # -2..1
    canvas.invert()
    np.testing.assert_array_equal(canvas.image(), -1 - (LESSON - 2))


def test_random_values_are_readable_and_within_the_range(shown):
    canvas = shown(DrawingCanvas(shape=(5, 5)))
    canvas.set_image(LESSON)
    canvas.randomize(np.random.default_rng(4))
    image = canvas.image().astype(np.float64)
    assert image.min() >= 0 and image.max() <= 3 and image.max() > 1  # over 0..3, not 0..1
    np.testing.assert_array_equal(image, np.round(image, 2).astype(np.float32))  # two decimals


def test_random_values_over_a_wide_range_are_few_and_round(shown):
    """Over 0..1000 two decimals would be 100,001 values; whole tens keep them readable (and few)."""
    canvas = shown(DrawingCanvas(shape=(64, 64)))
    canvas.set_image(np.array([[0, 1000]] * 32 * 64, np.float32).reshape(64, 64))
    canvas.randomize(np.random.default_rng(5))
    image = canvas.image()
    assert image.min() >= 0 and image.max() <= 1000
    np.testing.assert_array_equal(image % 10, 0)
    assert len(np.unique(image)) <= 101


def test_clear_invert_randomize_each_emit_once(canvas):
    finished = []
    canvas.stroke_finished.connect(finished.append)
    canvas.set_image(np.eye(10))
    canvas.invert()
    np.testing.assert_array_equal(canvas.image(), 1 - np.eye(10))
    canvas.clear()
    assert not canvas.image().any()
    canvas.clear()  # already blank: no new history entry
    canvas.randomize(np.random.default_rng(0))
    assert len(finished) == 3
    assert 0 < canvas.image().mean() < 1
    np.testing.assert_array_equal(finished[-1], canvas.image())
