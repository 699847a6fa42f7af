"""The Convolution page's input side, driven as a teacher would: painting a worked example, resizing
the grid, loading and pasting pictures, and typing numbers the boxes cannot take."""

import os

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from convviz.scene.link import format_link, parse_link
from convviz.scene.model import input_image

LESSON = "convviz://conv?input=1,2,0,1,3;0,1,3,1,0;2,1,0,2,1;1,0,2,3,1;3,1,1,0,2&kernel=1,0,-1;1,0,-1;1,0,-1"
LESSON_VALUES = np.array(
    [[1, 2, 0, 1, 3], [0, 1, 3, 1, 0], [2, 1, 0, 2, 1], [1, 0, 2, 3, 1], [3, 1, 1, 0, 2]], np.float32
)


def _shown_input(tab) -> np.ndarray:
    return input_image(tab.scene.input, tab.scene.size)


def _paint(canvas, cell, drag, button=Qt.MouseButton.LeftButton) -> None:
    drag(canvas, [canvas.cell_rect(*cell).center().toPoint()], button=button)


def test_painting_one_cell_of_a_worked_example_keeps_the_others(open_tab, drag, typed):
    """'A sum of products' holds 0..3: one brush stroke used to flatten every value to 0..1."""
    tab = open_tab(LESSON)
    page = tab.page
    assert page.input_group.brush_value.maximum() == 3  # the brush works on the input's range
    assert page.input_group.canvas.value_range() == (0.0, 3.0)  # and so do the canvas colours
    typed(page.input_group.brush_value, "4")  # past the range: refused, said, the brush unchanged
    assert page.input_group.brush_value.value() == 1
    assert "4 is refused: the brush paints values from 0 to 3" in page.input_group.message.text()
    typed(page.input_group.brush_value, "2.5")
    _paint(page.input_group.canvas, (0, 2), drag)
    expected = LESSON_VALUES.copy()
    expected[0, 2] = 2.5
    np.testing.assert_array_equal(_shown_input(tab), expected)
    assert parse_link(format_link(tab.scene)) == tab.scene
    _paint(page.input_group.canvas, (4, 0), drag, button=Qt.MouseButton.RightButton)  # erasing is still to 0
    assert _shown_input(tab)[4, 0] == 0 and _shown_input(tab)[1, 2] == 3


def test_invert_on_a_worked_example_uses_its_range(open_tab):
    tab = open_tab(LESSON)
    invert = next(button for button in tab.page.findChildren(QPushButton) if button.text() == "Invert")
    QTest.mouseClick(invert, Qt.MouseButton.LeftButton)
    np.testing.assert_array_equal(_shown_input(tab), 3 - LESSON_VALUES)


def test_a_painted_value_is_stored_exactly(open_tab, drag, typed):
    """A painted 0.3 used to come back as 0.298 (8-bit PNG data), and the sums showed 0.3·5 = 1.49."""
    tab = open_tab("convviz://conv?input=digit3&size=28x28&kernel=box")
    page = tab.page
    assert page.input_group.brush_value.maximum() == 1  # a 0..1 picture keeps the 0..1 brush
    typed(page.input_group.brush_value, "0.3")
    _paint(page.input_group.canvas, (14, 14), drag)
    assert _shown_input(tab)[14, 14] == np.float32(0.3)
    reopened = parse_link(format_link(tab.scene))
    assert input_image(reopened.input, reopened.size)[14, 14] == np.float32(0.3)
    digit = input_image("digit3", (28, 28))
    untouched = np.ones((28, 28), bool)
    untouched[14, 14] = False
    np.testing.assert_array_equal(_shown_input(tab)[untouched], digit[untouched])  # not rounded to k/255


def test_resizing_the_grid_and_back_restores_the_drawing(open_tab, drag, typed):
    """5 -> 3 -> 5 used to blur and then destroy a drawing; now its cells stay sharp and come back."""
    tab = open_tab(LESSON)
    page = tab.page
    typed(page.input_group.grid_size.height_box, "3")
    typed(page.input_group.grid_size.width_box, "3")
    assert tab.scene.size == (3, 3)
    np.testing.assert_array_equal(page.input_group.canvas.image(), LESSON_VALUES[[0, 2, 4]][:, [0, 2, 4]])
    typed(page.input_group.grid_size.height_box, "5")
    typed(page.input_group.grid_size.width_box, "5")
    np.testing.assert_array_equal(page.input_group.canvas.image(), LESSON_VALUES)
    np.testing.assert_array_equal(_shown_input(tab), LESSON_VALUES)
    typed(page.input_group.grid_size.height_box, "10")
    typed(page.input_group.grid_size.width_box, "10")
    np.testing.assert_array_equal(
        page.input_group.canvas.image(), np.kron(LESSON_VALUES, np.ones((2, 2), np.float32))
    )
    # painting on the resized grid stores the drawing at that size
    _paint(page.input_group.canvas, (0, 0), drag)
    assert tab.scene.size == (10, 10) and _shown_input(tab)[0, 0] == page.input_group.brush_value.value()
    assert _shown_input(tab)[0, 1] == 1


def test_typing_past_the_grid_limit_is_refused_and_says_so(open_tab, typed):
    """Typing 600 used to give 60 silently (QSpinBox drops the digit that does not fit)."""
    tab = open_tab("convviz://conv?input=digit3&size=28x28")
    page = tab.page
    typed(page.input_group.grid_size.height_box, "600")
    assert tab.scene.size == (28, 28) and page.input_group.grid_size.value() == (28, 28)
    assert not page.input_group.message.isHidden()
    assert (
        "grid sides are 3 to 512 cells" in page.input_group.message.text()
        and page.input_group.message.is_problem()
    )
    assert "600" in page.input_group.message.text()
    typed(page.input_group.grid_size.height_box, "1")  # below the least is refused too
    assert tab.scene.size == (28, 28) and "grid sides are 3 to 512" in page.input_group.message.text()
    typed(page.input_group.grid_size.height_box, "20")
    assert tab.scene.size == (20, 28) and page.input_group.message.isHidden()


@pytest.mark.parametrize(
    ("editor", "text", "words"),
    [("stride", "99", "a stride is 1 to 32"), ("padding", "65", "0 to 64"), ("dilation", "40", "1 to 32")],
)
def test_typing_past_a_parameter_limit_is_refused_and_says_so(open_tab, editor, text, words, typed):
    tab = open_tab("convviz://conv?input=digit3&size=28x28")
    before = tab.scene
    pair = getattr(tab.page.parameters, editor)
    typed(pair.width_box, text)
    assert tab.scene == before
    message = tab.page.parameters.message
    assert not message.isHidden() and words in message.text() and text in message.text()
    typed(pair.width_box, "2")
    assert tab.scene != before and message.isHidden()


def _save_rgba(path, height, width):
    """A dark stroke on a transparent background, `height` x `width` pixels."""
    rgba = np.zeros((height, width, 4), np.uint8)
    rgba[height // 2 - 1 : height // 2 + 1, :, 3] = 255  # an opaque black bar across the middle
    Image.fromarray(rgba, "RGBA").save(path)
    return path


def test_loading_an_image_keeps_its_aspect_ratio_and_reads_transparency_as_paper(open_tab, tmp_path):
    tab = open_tab("convviz://conv?input=digit3&size=28x28")
    page = tab.page
    assert page.input_group.load_file(_save_rgba(tmp_path / "wide.png", 30, 40))
    assert tab.scene.size == (21, 28)  # the longer side takes the grid's, the shape is kept
    image = _shown_input(tab)
    assert image[0, 0] == 1 and image.min() < 0.5  # transparent is white, the bar dark
    assert not page.input_group.message.isHidden() and not page.input_group.message.is_problem()  # a note
    text = page.input_group.message.text()
    assert "wide.png (40 × 30 pixels) fills 21 rows × 28 columns" in text and "shape kept" in text


def test_a_pasted_image_keeps_its_aspect_ratio_and_transparency_is_white(open_tab, tmp_path):
    tab = open_tab("convviz://conv?input=digit3&size=12x12")
    picture = QImage(str(_save_rgba(tmp_path / "tall.png", 40, 20)))
    QGuiApplication.clipboard().setImage(picture)
    tab.page.view.setFocus()
    QTest.keySequence(tab.page.view, "Ctrl+V")
    assert tab.scene.size == (12, 6)
    image = _shown_input(tab)
    assert image[0, 0] == 1 and image.min() < 0.9  # the bar, area-averaged into its cells
    assert "pasted" in tab.page.input_group.message.text()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_named_as_an_image_is_refused_at_once(open_tab, tmp_path):
    tab = open_tab("convviz://conv?input=digit3&size=28x28")
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    before = tab.scene
    assert not tab.page.input_group.load_file(fifo)
    assert tab.scene == before and "not a regular file" in tab.page.input_group.message.text()
