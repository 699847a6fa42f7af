"""The window shell as a teacher meets it: keys that work straight after opening a lesson or a link, tabs
named after their lessons, the window where it was left, Ctrl+Q, and F1's list of shortcuts."""

import json

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QToolBar

from convviz.scene.history import History
from convviz.scene.lessons import load_lessons
from convviz.scene.link import format_link
from convviz.scene.scenes import OPEN_PAGES
from convviz.ui.shortcuts_dialog import ShortcutsDialog
from convviz.ui.window import START, MainWindow

Key = Qt.Key
LESSONS = load_lessons(pages=OPEN_PAGES)


def test_player_keys_work_right_after_a_lesson_card_is_clicked(qtbot, make_window, press):
    window = make_window(START)
    card = window.current_tab().page.cards[1]
    QTest.mouseClick(card, Qt.MouseButton.LeftButton)
    model = window.current_tab().page.player.model
    start = model.step
    press(window, Key.Key_Right)
    assert model.step == start + 1
    press(window, Key.Key_Space)
    assert model.playing
    press(window, Key.Key_Space)
    assert not model.playing
    press(window, Key.Key_End)
    assert model.step == model.count - 1
    press(window, Key.Key_Home)
    assert model.step == 0


def test_player_keys_work_right_after_a_link_is_entered_in_the_address_bar(qtbot, make_window, press):
    window = make_window(START)
    window.address.focus()
    QTest.keyClicks(window.address.edit, format_link(LESSONS[0].scene))
    QTest.keyClick(window.address.edit, Key.Key_Return)
    model = window.current_tab().page.player.model
    press(window, Key.Key_Right)
    assert model.step == LESSONS[0].scene.step + 1
    assert not window.address.edit.hasFocus()


def test_a_tab_is_titled_by_its_lesson_until_an_edit_leaves_the_lesson(qtbot, make_window, press):
    window = make_window(START)
    QTest.mouseClick(window.current_tab().page.cards[1], Qt.MouseButton.LeftButton)
    tab, lesson = window.current_tab(), LESSONS[1]
    assert window.tabs.tabText(0) == lesson.title
    assert window.windowTitle() == f"{lesson.title} — convviz"
    press(window, Key.Key_Right)  # stepping through the lesson keeps its name
    assert window.tabs.tabText(0) == lesson.title
    tab.page.parameters.flip.click()  # an edit: no longer the lesson as written
    assert window.tabs.tabText(0) == tab.page.title() != lesson.title
    window.back()
    assert window.tabs.tabText(0) == lesson.title


def test_ctrl_q_quits_and_keeps_the_session(qtbot, make_window, press, tmp_path):
    window = make_window(LESSONS[0].scene)
    press(window, Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    saved = json.loads((tmp_path / "session.json").read_text())
    assert saved["tabs"][-1]["history"][-1] == format_link(LESSONS[0].scene)


def test_f1_lists_the_shortcuts_of_the_window_the_page_and_presenting(qtbot, make_window, press):
    window = make_window(LESSONS[0].scene)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # the offscreen platform is late
    press(window, Key.Key_F1)
    [dialog] = [w for w in QApplication.topLevelWidgets() if isinstance(w, ShortcutsDialog) and w.isVisible()]
    text = dialog.findChild(QLabel).text()
    for keys in ["Ctrl+Q", "Ctrl+T", "Alt+Left", "F5", "Space", "Home / End", "PgDown", "1 … 9", "F1"]:
        assert keys in text
    assert dialog.font().pointSizeF() > window.font().pointSizeF()  # legible from a lectern
    dialog.close()
    bar = window.findChild(QToolBar)
    help_action = next(action for action in bar.actions() if action.text() == "Help")
    QTest.mouseClick(bar.widgetForAction(help_action), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # the toolbar's Help button shows the same list
    dialog.close()


def test_the_window_opens_where_it_was_closed(qtbot, make_window, tmp_path):
    window = make_window(START)
    window.setGeometry(QRect(40, 30, 700, 500))
    QApplication.processEvents()
    window.close()
    again = MainWindow(config=tmp_path)
    qtbot.addWidget(again)
    again.restore_geometry()
    assert again.geometry() == QRect(40, 30, 700, 500)


@pytest.mark.parametrize(
    "saved",
    [
        {"x": 5000, "y": 4000, "width": 700, "height": 500, "maximized": False},  # an unplugged screen
        {"x": 10, "y": -600, "width": 700, "height": 500, "maximized": False},  # its top off the screen
        {"x": "left", "y": 0, "width": 700, "height": 500},
        [1, 2, 3],
    ],
    ids=["off every screen", "top edge unreachable", "not a number", "not an object"],
)
def test_a_saved_place_no_screen_shows_is_ignored(qtbot, tmp_path, saved):
    (tmp_path / "window.json").write_text(json.dumps(saved))
    window = MainWindow(config=tmp_path)
    qtbot.addWidget(window)
    window.restore_geometry()
    screen = window.screen().availableGeometry()
    assert window.geometry().intersects(screen)
    assert (window.width(), window.height()) == (1440, 900)


def test_an_unreadable_window_file_is_kept_aside_and_said_once(qtbot, tmp_path):
    (tmp_path / "window.json").write_text("{ not json")
    window = MainWindow(config=tmp_path)
    qtbot.addWidget(window)
    window.restore_geometry()
    window.show()
    assert (window.width(), window.height()) == (1440, 900)
    kept = [p.name for p in tmp_path.iterdir() if p.name.startswith("window.json.")]
    assert len(kept) == 1 and kept[0] in window.notice.text()


def test_a_window_maximized_since_it_opened_keeps_its_normal_place(qtbot, tmp_path):
    """Qt knows no normal place for a window that was never anything but maximized: the saved one stays."""
    saved = {"x": 30, "y": 20, "width": 600, "height": 400, "maximized": True}
    (tmp_path / "window.json").write_text(json.dumps(saved))
    window = MainWindow(config=tmp_path)
    qtbot.addWidget(window)
    window.new_tab(History(LESSONS[0].scene))  # as at a start: an empty window keeps its place
    window.restore_geometry()
    window.show()
    qtbot.waitUntil(window.isMaximized)
    window.close()
    assert json.loads((tmp_path / "window.json").read_text()) == saved
