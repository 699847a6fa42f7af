"""The browser shell driven as a person would: address bar, back/forward, tabs, bookmarks, session."""

import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGroupBox, QScrollArea

from convviz.engine import conv2d
from convviz.scene.link import format_link, parse_link
from convviz.scene.scenes import ConvScene
from convviz.ui.address_bar import shortened_link
from convviz.ui.window import START

SMALL = "convviz://conv?input=0,1,0;1,1,1;0,1,0&kernel=1,0;0,-1&step=1"


def type_link(qtbot, window, link):
    window.address.focus()
    window.address.edit.clear()
    QTest.keyClicks(window.address.edit, link)
    QTest.keyClick(window.address.edit, Qt.Key.Key_Return)


def test_typed_link_opens_and_the_address_bar_round_trips(qtbot, make_window):
    window = make_window(START)
    type_link(qtbot, window, SMALL)
    tab = window.current_tab()
    assert tab.page.kind == "conv"
    assert tab.scene == parse_link(SMALL)
    assert window.address.edit.text() == format_link(parse_link(SMALL))
    assert window.address.error.isHidden()


@pytest.mark.parametrize(
    "link, named",
    [
        ("convviz://conv?strid=2", "strid"),
        ("convviz://conv?stride=zero", "stride"),
        ("convviz://nowhere", "nowhere"),
        ("https://example.org", "convviz://"),
    ],
)
def test_malformed_link_says_what_is_wrong_and_keeps_the_scene(qtbot, make_window, link, named):
    window = make_window(parse_link(SMALL))
    before = window.current_tab().scene
    type_link(qtbot, window, link)
    assert window.current_tab().scene == before
    assert not window.address.error.isHidden()
    assert named in window.address.error.text()


def test_back_and_forward_walk_the_edits(qtbot, make_window, press):
    window = make_window(parse_link(SMALL))
    page = window.current_tab().page
    page.parameters.flip.click()
    page.parameters.stride.height_box.setValue(2)
    tab = window.current_tab()
    assert tab.scene.flip and tab.scene.stride == (2, 1)
    press(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert tab.scene.flip and tab.scene.stride == (1, 1)
    assert page.parameters.stride.height_box.value() == 1
    window.back()
    assert not tab.scene.flip
    assert not page.parameters.flip.isChecked()
    assert not window.back_action.isEnabled()
    press(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert tab.scene.flip and tab.scene.stride == (1, 1)
    assert window.address.edit.text() == format_link(tab.scene)


def test_tabs_open_close_and_keep_their_own_scene(qtbot, make_window, press):
    window = make_window(parse_link(SMALL))
    press(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.count() == 2
    assert window.current_tab().scene.page == "start"
    window.tabs.setCurrentIndex(0)
    assert window.current_tab().scene == parse_link(SMALL)
    assert window.address.edit.text() == format_link(parse_link(SMALL))
    press(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.count() == 1
    assert window.current_tab().scene.page == "start"
    press(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.count() == 1  # closing the last tab leaves a start page, never an empty window


def test_dragging_a_tab_reorders_the_tabs_and_the_saved_session(qtbot, make_window, drag, tmp_path):
    window = make_window(parse_link(SMALL), START)
    window.tabs.setCurrentIndex(0)
    session = tmp_path / "session.json"
    qtbot.waitUntil(session.exists, timeout=3000)  # the two tabs, saved
    session.unlink()
    bar = window.tabs.tabBar()
    start, end = bar.tabRect(0).center(), bar.tabRect(1).center() + QPoint(bar.tabRect(1).width() // 3, 0)
    drag(bar, [start + QPoint((end.x() - start.x()) * k // 10, 0) for k in range(11)])
    assert [window.tabs.widget(i).scene.page for i in range(2)] == ["start", "conv"]
    assert window.current_tab().scene == parse_link(SMALL)  # the dragged tab, still current
    qtbot.waitUntil(session.exists, timeout=3000)  # saved again: a crash now keeps the new order
    saved = json.loads(session.read_text())
    assert [tab["history"][-1] for tab in saved["tabs"]] == [
        format_link(START),
        format_link(parse_link(SMALL)),
    ]


def test_session_survives_the_window(qtbot, make_window, tmp_path):
    drawn = ConvScene(input="png:" + _png(np.eye(5)), size=(5, 5), kernel="box")
    window = make_window(parse_link(SMALL), drawn)
    window.current_tab().page.parameters.flip.click()
    window.close()
    assert (tmp_path / "session.json").exists()
    restored = make_window()
    assert restored.tabs.count() == 2
    assert restored.tabs.currentIndex() == 1
    tab = restored.current_tab()
    assert tab.scene == drawn.replace(flip=True)
    restored.back()
    assert tab.scene == drawn


def test_autosave_writes_without_closing(qtbot, make_window, tmp_path):
    """A crash loses at most the last fraction of a second: the session is saved as edits happen."""
    window = make_window(parse_link(SMALL))
    window.current_tab().page.parameters.flip.click()
    qtbot.waitUntil(lambda: (tmp_path / "session.json").exists(), timeout=3000)
    saved = json.loads((tmp_path / "session.json").read_text())
    assert "flip=1" in saved["tabs"][-1]["history"][-1]


def test_corrupt_session_is_set_aside_with_a_message(qtbot, make_window, tmp_path):
    (tmp_path / "session.json").write_text("{ not json")
    window = make_window()
    assert window.tabs.count() == 0 or window.current_tab() is not None
    assert any(p.name.startswith("session.json.corrupt-") for p in tmp_path.iterdir())
    assert "session.json" in window.notice.text() and window.notice.isVisible()


def test_bookmarks_persist(qtbot, make_window, tmp_path, press):
    window = make_window(parse_link(SMALL))
    press(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    window.close()
    again = make_window()
    assert [b.link for b in again.bookmarks] == [format_link(parse_link(SMALL))]
    titles = [a.text() for a in again.bookmark_menu.actions()]
    assert titles == [window.bookmarks[0].title]


def test_lesson_card_opens_its_scene(qtbot, make_window):
    window = make_window(START)
    card = window.current_tab().page.cards[1]
    QTest.mouseClick(card, Qt.MouseButton.LeftButton)
    assert window.current_tab().scene == card.lesson.scene
    window.back()
    assert window.current_tab().scene.page == "start"


def test_typed_kernel_value_reaches_the_output(qtbot, make_window):
    """Type 0.5 into kernel cell (0, 1): the output the page shows is the engine's output."""
    window = make_window(parse_link(SMALL).replace(step=3))
    page = window.current_tab().page
    grid = page.kernel_group.editor.grid()
    center = grid.cell_rect(0, 1).center().toPoint()
    QTest.mouseDClick(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, center)
    editor = grid.editor()
    editor.selectAll()
    QTest.keyClicks(editor, "0.5")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    kernel = np.array([[1, 0.5], [0, -1]], dtype=np.float32)
    expected = conv2d(np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], np.float32), kernel)
    shown = page.view.output.values()
    assert window.current_tab().scene.kernel == "1,0.5;0,-1"
    np.testing.assert_allclose(shown.ravel()[:4], expected.ravel()[:4], rtol=1e-6)
    assert "kernel=1,0.5;0,-1" in window.address.edit.text()


def _png(image):
    from convviz.scene.images import encode_png

    return encode_png(image).removeprefix("png:")


def test_a_long_link_is_shown_once_the_changes_settle(qtbot, make_window):
    """A drawn 512x512 input makes a link of hundreds of kilobytes; it still reaches the address bar."""
    drawing = ConvScene(input="png:" + _png(np.random.default_rng(0).random((128, 128))), size=(128, 128))
    window = make_window(drawing)
    tab = window.current_tab()
    tab.page.parameters.flip.click()
    shown = shortened_link(format_link(tab.scene))
    qtbot.waitUntil(lambda: window.address.edit.text() == shown, timeout=2000)
    assert "flip=1" in window.address.edit.text()


def test_zoom_keys_scale_the_page_text_and_ctrl_0_restores_it(qtbot, make_window, press):
    window = make_window(parse_link(SMALL))
    label = window.current_tab().page.findChild(QGroupBox)
    before = label.font().pointSizeF()
    press(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    press(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert label.font().pointSizeF() > before * 1.2
    press(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert label.font().pointSizeF() == pytest.approx(before)


def test_opening_scenes_repaints_the_page_and_not_the_whole_window(qtbot, make_window, paints):
    """Qt passes each re-layout (a spin box's new value, a combo box's new text) up towards the window,
    and the tab widget repaints everything when one reaches it: the tab keeps them inside the page."""
    window = make_window(parse_link(SMALL))
    page = window.current_tab().page
    qtbot.wait(50)  # the first paint is done
    painted = paints(window.tabs.tabBar(), page.view.output)
    changes = [dict(padding=(1, 1)), dict(stride=(2, 2)), dict(dilation=(2, 1)), dict(padding_mode="reflect")]
    for change in changes:  # each sets a control from the scene, as back, forward and links do
        window.open_scene(window.current_tab().scene.replace(**change))
        qtbot.wait(30)  # a re-layout climbs one level per pass of the event loop
    assert painted.counts[page.view.output] > 0
    assert painted.counts[window.tabs.tabBar()] == 0


def test_zooming_in_keeps_every_control_reachable(qtbot, make_window, press):
    """The controls panel widens (or scrolls sideways) and the step counter grows with the text."""
    window = make_window(parse_link(SMALL))
    page = window.current_tab().page
    for _ in range(2):
        press(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(30)
    side, label = page.side_panel, page.player.label
    assert (
        side.viewport().width() >= side.widget().minimumSizeHint().width()
        or side.horizontalScrollBar().isVisible()
    )
    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())
    assert label.height() >= label.fontMetrics().height()


def test_zoom_stops_where_the_page_would_no_longer_fit(qtbot, make_window, press):
    """More zoom would make the window wider than the screen or itself: it stops one step short."""
    window = make_window(parse_link(SMALL))
    window.resize(900, 600)  # the offscreen screen is 800 wide: the window is the room there is
    qtbot.wait(10)
    for _ in range(12):
        press(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(5)
    assert "the most this screen has room for" in window.statusBar().currentMessage()
    qtbot.wait(30)
    assert window.width() == 900
    assert window.minimumSizeHint().width() <= 900


def test_lesson_cards_reflow_to_the_width_instead_of_scrolling_sideways(qtbot, make_window):
    window = make_window(START)
    page = window.current_tab().page
    assert page.columns() == 2  # 1280 wide: two cards of at least 400 px side by side
    window.resize(700, 600)
    qtbot.waitUntil(lambda: page.columns() == 1)
    window.resize(1900, 900)
    qtbot.waitUntil(lambda: page.columns() == 3)
    qtbot.wait(20)
    assert not page.findChild(QScrollArea).horizontalScrollBar().isVisible()
