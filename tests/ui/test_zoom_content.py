"""Ctrl+plus zooms the Convolution view's content as a browser's zoom does: its titles, formulas, colour
keys and cell labels grow with the zoom (they used to shrink as the side panel took the width), and
only in the window: an export or a lesson thumbnail made meanwhile is as it was."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtTest import QTest

from convviz.export.frames import FrameSource
from convviz.scene.link import parse_link
from convviz.ui.pages.start_page import thumbnail
from convviz.ui.theme import DEFAULT
from convviz.ui.widgets.grid_painter import GridPainter

LINK = "convviz://conv?input=digit3&size=8x8&kernel=sobel_x"
CTRL = Qt.KeyboardModifier.ControlModifier


def text_sizes(view) -> dict[str, int]:
    """The pixel sizes of what a person reads in the picture: a formula, a map's title, a colour key's
    numbers and the kernel's cell values."""
    input_panel = view._panels[0]
    return {
        "formula": view.sum.font().pixelSize(),
        "title": input_panel.title.font().pixelSize(),
        "key": input_panel.key._px,
        "kernel label": view.kernel.label_px(),
    }


def conv_window(qtbot, make_window):
    window = make_window(parse_link(LINK))
    window.resize(1920, 1080)
    qtbot.wait(30)
    return window, window.current_tab().page.view


def zoom(qtbot, press, window, key, times=1):
    for _ in range(times):
        press(window, key, CTRL)
    qtbot.wait(30)


def test_ctrl_plus_enlarges_the_views_text_ctrl_minus_shrinks_it_ctrl_0_restores_it(
    qtbot, make_window, press
):
    window, view = conv_window(qtbot, make_window)
    actual = text_sizes(view)
    zoom(qtbot, press, window, Qt.Key.Key_Equal, 2)  # 125%
    assert window.statusBar().currentMessage() == "Zoom 125%"
    larger = text_sizes(view)
    assert all(larger[name] > pixels for name, pixels in actual.items()), (actual, larger)
    assert larger["formula"] >= actual["formula"] * 1.2 and larger["title"] >= actual["title"] * 1.2
    zoom(qtbot, press, window, Qt.Key.Key_0)
    assert text_sizes(view) == actual
    zoom(qtbot, press, window, Qt.Key.Key_Minus, 2)  # 80%
    smaller = text_sizes(view)
    assert all(smaller[name] < pixels for name, pixels in actual.items()), (actual, smaller)
    assert smaller["formula"] <= actual["formula"] * 0.85 and smaller["title"] <= actual["title"] * 0.85
    zoom(qtbot, press, window, Qt.Key.Key_0)
    assert text_sizes(view) == actual


def test_a_tab_opened_while_zoomed_shows_its_picture_at_the_zoom(qtbot, make_window, press):
    window, view = conv_window(qtbot, make_window)
    zoom(qtbot, press, window, Qt.Key.Key_Equal, 2)
    zoomed = text_sizes(view)
    press(window, Qt.Key.Key_T, CTRL)
    window.address.focus()
    window.address.edit.clear()
    QTest.keyClicks(window.address.edit, LINK)
    QTest.keyClick(window.address.edit, Qt.Key.Key_Return)
    qtbot.wait(30)
    new_view = window.current_tab().page.view
    assert new_view is not view
    assert text_sizes(new_view) == zoomed


def test_exports_and_thumbnails_ignore_the_windows_zoom(qtbot, make_window, press):
    scene = parse_link(LINK)

    def exported() -> np.ndarray:
        source = FrameSource(scene, (1280, 720), DEFAULT)
        try:
            return next(source.frames([scene.step]))
        finally:
            source.close()

    window, view = conv_window(qtbot, make_window)
    frame, card, actual = exported(), thumbnail(scene, DEFAULT).toImage(), text_sizes(view)
    zoom(qtbot, press, window, Qt.Key.Key_Equal, 3)
    assert text_sizes(view)["formula"] > actual["formula"]  # the window did zoom
    assert np.array_equal(exported(), frame)
    assert thumbnail(scene, DEFAULT).toImage() == card


def test_zoomed_cell_labels_still_fit_their_cells():
    """Short values grow with the zoom; long ones already fill the cell's width and stay."""
    painter = GridPainter(DEFAULT, lambda base: None)
    painter.set_labels("on")
    painter.set_values(np.array([[1.0, -2.0]], np.float32))
    assert painter.label_px(60, zoom=1.5) > painter.label_px(60)
    painter.set_values(np.array([[0.4375, 0.28125]], np.float32))
    widest = painter.label_data()[-1]
    assert painter.label_px(60, zoom=2.5) == painter.label_px(60) <= 0.8 * 60 / widest


def test_presenting_a_zoomed_window_takes_the_larger_zoom_not_the_product(qtbot, make_window, press):
    """Presenting enlarges text 1.5 times; a window zoomed to 200% presents at 200%, not 300%, which
    would leave the maps no room (presenting fills the screen: sizes are compared presenting)."""
    window, view = conv_window(qtbot, make_window)
    press(window, Qt.Key.Key_F5)
    qtbot.wait(50)
    presenting = text_sizes(view)["title"]
    press(window, Qt.Key.Key_Escape)
    qtbot.wait(50)
    zoom(qtbot, press, window, Qt.Key.Key_Equal, 2)  # 125%: less than presenting's own enlargement
    press(window, Qt.Key.Key_F5)
    qtbot.wait(50)
    assert text_sizes(view)["title"] == presenting
    press(window, Qt.Key.Key_Escape)
    zoom(qtbot, press, window, Qt.Key.Key_Equal, 3)  # 200%
    assert window.statusBar().currentMessage() == "Zoom 200%"
    press(window, Qt.Key.Key_F5)
    qtbot.wait(50)
    assert text_sizes(view)["title"] == pytest.approx(presenting * 2 / 1.5, abs=2)


def test_the_formulas_stay_whole_at_the_largest_zoom_presenting(qtbot, make_window, press):
    """The formulas have two lines (the sizes one): past presenting's enlargement a 3x3 kernel's sum
    would need a third, so they grow no further, while titles and keys go on growing."""
    window, view = conv_window(qtbot, make_window)
    zoom(qtbot, press, window, Qt.Key.Key_Equal, 9)
    press(window, Qt.Key.Key_F5)
    qtbot.wait(50)
    for caption in (view.sum, view.sizes):
        room = caption.rect().adjusted(2, 0, -2, 0)
        needed = QFontMetricsF(caption.font()).boundingRect(room, Qt.TextFlag.TextWordWrap, caption.text())
        assert needed.height() <= caption.rect().height(), caption.text()
