"""The Pooling page driven as a person would, through the real tab: the pooling controls make the
scenes they say, the input tools work as on the Convolution page, the player keys move the window,
and what is counted and shown equals max_pool2d / avg_pool2d."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from convviz.engine import avg_pool2d, max_pool2d
from convviz.scene.model import input_image
from convviz.scene.scenes import PoolScene
from convviz.ui.pages.pool_page import PoolPage
from convviz.ui.theme import HIGH_CONTRAST

ROWS = "1,5,2,0;3,4,8,1;0,2,6,7;9,1,3,2"
FOUR = (4, 4)  # a rows input is shown at its own size
SCENE = PoolScene(input=ROWS, size=FOUR)


@pytest.fixture
def pool_tab(open_tab):
    """A tab showing a pooling scene: its links wait for the page to be opened to them."""
    return lambda scene=SCENE: open_tab(scene)


def _click(button):
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _engine_output(scene: PoolScene) -> np.ndarray:
    image = input_image(scene.input, scene.size)
    if scene.pool == "max":
        return max_pool2d(
            image, scene.kernel_size(), scene.stride_size(), scene.padding, scene.dilation, scene.ceil
        )
    return avg_pool2d(
        image, scene.kernel_size(), scene.stride_size(), scene.padding, scene.ceil, scene.count_pad
    )


def _assert_shows_the_engine(tab):
    page, expected = tab.page, _engine_output(tab.scene)
    assert page.player.model.count == expected.size
    page.player.model.last()
    np.testing.assert_array_equal(page.view.output.values(), expected)


def test_the_page_opens_on_a_pooling_scene_with_its_title(pool_tab):
    tab = pool_tab()
    assert isinstance(tab.page, PoolPage)
    assert tab.title() == "Max pooling · 2x2"
    _assert_shows_the_engine(tab)


def test_average_then_global_then_ceil_through_the_controls(pool_tab, typed):
    tab = pool_tab(PoolScene(input=ROWS, size=FOUR, dilation=(2, 2), window=(2, 2)))
    pooling = tab.page.pooling
    _click(pooling.kind_buttons["avg"])
    assert tab.scene == PoolScene(input=ROWS, size=FOUR, pool="avg")  # dilation reset in the same edit
    assert tab.title() == "Average pooling · 2x2"
    _assert_shows_the_engine(tab)
    _click(pooling.whole)
    assert tab.scene.window == "global" and tab.title() == "Average pooling · global"
    _assert_shows_the_engine(tab)
    np.testing.assert_allclose(tab.page.view.output.values(), [[input_image(ROWS, (4, 4)).mean()]], rtol=1e-6)
    _click(pooling.whole)
    typed(pooling.window.height_box, "3")
    _click(pooling.ceil)
    assert tab.scene == PoolScene(input=ROWS, size=FOUR, pool="avg", window=(3, 2), ceil=True)
    _assert_shows_the_engine(tab)
    assert len(tab.history.entries) == 6  # one entry an edit


def test_overlapping_windows_with_an_explicit_stride(pool_tab, typed):
    tab = pool_tab(PoolScene(input=ROWS, size=FOUR, window=(3, 3)))
    pooling = tab.page.pooling
    _click(pooling.stride_is_window)
    typed(pooling.stride.height_box, "1")
    typed(pooling.stride.width_box, "1")
    assert tab.scene.stride == (1, 1)
    _assert_shows_the_engine(tab)  # 2 x 2 windows of 3 x 3 over a 4 x 4 input


def test_padding_past_half_the_window_is_refused_and_said(pool_tab, typed):
    tab = pool_tab()
    before = tab.scene
    typed(tab.page.pooling.padding.height_box, "2")
    assert tab.scene == before and len(tab.history.entries) == 1
    assert "at most half its size" in tab.page.pooling.message.text()
    assert tab.page.player.model.count == 4


def test_a_smaller_window_under_a_large_padding_says_why_there_is_no_output(pool_tab, typed):
    """Shrinking the window is the user's choice and goes through; the view says why nothing comes out."""
    tab = pool_tab(PoolScene(input=ROWS, size=FOUR, window=(4, 4), padding=(2, 2)))
    typed(tab.page.pooling.window.height_box, "2")
    assert tab.scene.window == (2, 4) and tab.page.player.model.count == 0
    problem = tab.page.view.problem
    assert problem.isVisible() and "No output" in problem.text() and "at most half" in problem.text()
    typed(tab.page.pooling.padding.height_box, "1")  # the user lowers the padding: output again
    assert not problem.isVisible()
    _assert_shows_the_engine(tab)


def test_painting_a_cell_changes_the_input_and_the_output(pool_tab, drag):
    tab = pool_tab(PoolScene(input="0,0,0,0;0,0,0,0;0,0,0,0;0,0,0,0", size=FOUR))
    canvas = tab.page.input_group.canvas
    drag(canvas, [canvas.cell_rect(3, 2).center().toPoint()])
    image = input_image(tab.scene.input, tab.scene.size)
    assert image[3, 2] == 1 and image.sum() == 1
    _assert_shows_the_engine(tab)
    assert tab.page.view.output.values()[1, 1] == 1


def test_presenting_hides_the_controls_and_puts_them_back(pool_tab):
    tab = pool_tab()
    tab.set_presenting(True)
    assert tab.page.side_panel.isHidden() and tab.page.player.isHidden()
    tab.set_presenting(False)
    assert tab.page.side_panel.isVisible() and tab.page.player.isVisible()


def test_a_loaded_picture_becomes_the_input_and_is_said(pool_tab, tmp_path):
    from PIL import Image

    path = tmp_path / "ramp.png"
    Image.fromarray(np.tile(np.arange(0, 256, 32, dtype=np.uint8), (6, 1))).save(path)
    tab = pool_tab()
    assert tab.page.input_group.load_file(path)
    image = input_image(tab.scene.input, tab.scene.size)
    assert image.shape == (3, 4) and image[0, 0] < image[0, -1]  # 8x6 fitted to the grid's 4 cells
    assert "ramp.png (8 × 6 pixels)" in tab.page.input_group.message.text()
    _assert_shows_the_engine(tab)


def test_a_theme_reaches_the_view_the_player_and_every_group(pool_tab):
    tab = pool_tab()
    tab.set_theme(HIGH_CONTRAST)
    page = tab.page
    assert page.input_group.canvas.cells.theme() is HIGH_CONTRAST
    page.pooling.padding.height_box.setValue(
        2
    )  # past half the 2x2 window: refused in the theme's error colour
    assert QColor(HIGH_CONTRAST.error).name() in page.pooling.message.styleSheet().lower()
