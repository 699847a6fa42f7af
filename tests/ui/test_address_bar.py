"""The address bar as a person uses it: a bad link's problems under the toolbar until Escape or the
next navigation, and links of any length shown, pasted and copied whole."""

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolBar

from convviz.scene.images import encode_png
from convviz.scene.link import format_link, parse_link
from convviz.scene.scenes import ConvScene
from convviz.ui.address_bar import shortened_link
from convviz.ui.theme import DEFAULT
from convviz.ui.window import START

SMALL = "convviz://conv?input=0,1,0;1,1,1;0,1,0&kernel=1,0;0,-1&step=1"
BAD = "convviz://conv?strid=2&kernel=blur&flip=2&step=0"


def type_link(window, link):
    window.address.focus()
    window.address.edit.clear()
    QTest.keyClicks(window.address.edit, link)
    QTest.keyClick(window.address.edit, Qt.Key.Key_Return)


def test_a_bad_link_lists_every_problem_under_the_toolbar_in_the_error_colour(qtbot, make_window):
    window = make_window(parse_link(SMALL))
    toolbar = window.findChild(QToolBar)
    height = toolbar.height()
    type_link(window, BAD)
    strip = window.address.error
    qtbot.waitUntil(strip.isVisible)
    lines = strip.text().splitlines()
    assert len(lines) == 5 and "4 problems" in lines[0]
    for words, line in zip(["strid", "blur", "flip", "counts from 1"], lines[1:]):
        assert words in line
    assert toolbar.height() == height  # the toolbar keeps its size
    top = strip.mapTo(window, QPoint(0, 0)).y()
    assert top >= toolbar.mapTo(window, QPoint(0, 0)).y() + toolbar.height()
    assert strip.width() > window.width() * 0.9  # across the window, not squeezed into the toolbar
    picture = window.grab().toImage()
    corner = strip.mapTo(window, QPoint(strip.width() - 3, strip.height() - 3))
    assert picture.pixelColor(corner * window.devicePixelRatioF()) == QColor(DEFAULT.error)
    assert window.current_tab().scene == parse_link(SMALL)


def test_escape_brings_back_the_current_link_and_clears_the_error(qtbot, make_window):
    window = make_window(parse_link(SMALL))
    type_link(window, BAD)
    assert window.address.error.isVisible()
    QTest.keyClick(window.address.edit, Qt.Key.Key_Escape)
    assert not window.address.error.isVisible()
    assert window.address.edit.text() == format_link(parse_link(SMALL))


def test_the_error_stays_while_the_link_is_corrected(qtbot, make_window):
    window = make_window(parse_link(SMALL))
    type_link(window, BAD)
    QTest.keyClick(window.address.edit, Qt.Key.Key_Backspace)
    assert window.address.error.isVisible()


def test_navigating_clears_the_error(qtbot, make_window, press):
    window = make_window(START)
    type_link(window, SMALL)
    for navigate in [
        lambda: type_link(window, SMALL.replace("step=1", "step=2")),  # a good link
        lambda: press(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier),  # back
        lambda: press(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier),  # another tab
        lambda: QTest.mouseClick(window.current_tab().page.cards[0], Qt.MouseButton.LeftButton),  # a lesson
    ]:
        type_link(window, BAD)
        assert window.address.error.isVisible()
        navigate()
        assert not window.address.error.isVisible(), navigate
        assert window.address.edit.text() == window.current_tab().link()


def test_the_error_names_a_huge_value_without_repeating_it(qtbot, make_window):
    window = make_window(parse_link(SMALL))
    window.open_link("convviz://conv?flip=" + "1" * 300_000)
    assert "300,000 characters" in window.address.error.text()
    assert len(window.address.error.text()) < 200


def test_link_text_is_shown_as_text_not_html(qtbot, make_window):
    window = make_window(parse_link(SMALL))
    window.open_link("convviz://conv?<b>bold</b>=1")
    assert "<b>bold</b>" in window.address.error.label.text()
    assert window.address.error.label.textFormat() == Qt.TextFormat.PlainText


def _drawing() -> ConvScene:
    picture = np.random.default_rng(3).random((256, 256))
    return ConvScene(input=encode_png(picture), size=(256, 256))


def test_a_long_link_is_shown_and_copied_whole(qtbot, make_window):
    """Longer than QLineEdit's default limit of 32,767 characters. Not being edited, the bar shows it
    shortened (painting 300,000 characters takes 40 ms); focused, it holds all of it."""
    scene = _drawing()
    link = format_link(scene)
    assert len(link) > 40_000
    window = make_window(scene)
    assert window.address.edit.text() == shortened_link(link)
    assert "characters)" in window.address.edit.text() and "&kernel=" in window.address.edit.text()
    window.copy_link()
    assert QGuiApplication.clipboard().text() == link
    QGuiApplication.clipboard().clear()
    window.address.focus()  # Ctrl+L
    qtbot.waitUntil(window.address.edit.hasFocus)  # offscreen, the window becomes active a moment later
    assert window.address.edit.text() == link
    QTest.keyClick(window.address.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.address.edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == link
    window.current_tab().page.setFocus()
    qtbot.waitUntil(lambda: window.address.edit.text() == shortened_link(link))


def test_a_long_link_pasted_and_submitted_round_trips(qtbot, make_window):
    link = format_link(_drawing())
    window = make_window(START)
    QGuiApplication.clipboard().setText(link)
    window.address.focus()
    QTest.keyClick(window.address.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.address.edit.text() == link
    QTest.keyClick(window.address.edit, Qt.Key.Key_Return)
    assert not window.address.error.isVisible()
    assert window.current_tab().scene == parse_link(link)
    assert window.address.link() == link


def test_an_error_cleared_while_presenting_leaves_no_empty_band(qtbot, make_window):
    window = make_window(parse_link(SMALL))
    type_link(window, BAD)
    window.presenter.enter()
    assert not window.address.error.isVisible()
    window.open_scene(START)  # a navigation while presenting
    window.presenter.leave()
    assert not window.address.error.isVisible()


def test_a_long_link_settling_does_not_overwrite_what_is_being_typed(qtbot, make_window):
    """A scene change just before the first key (playback, say) must not replace the typed text when
    its long link is shown a moment later."""
    window = make_window(_drawing())
    window.address.focus()
    qtbot.waitUntil(window.address.edit.hasFocus)
    window.current_tab().page.parameters.flip.toggle()  # the scene changes while the bar has the focus
    window.address.edit.selectAll()
    QTest.keyClicks(window.address.edit, "convviz://start")
    qtbot.wait(400)  # past the long link's settling delay
    assert window.address.edit.text() == "convviz://start"
