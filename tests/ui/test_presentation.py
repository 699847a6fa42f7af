"""Presentation mode driven as a teacher does: F5, a clicker's keys, B, lesson numbers, the pen, Esc."""

import pytest
from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolBar

from convviz.scene.history import History
from convviz.scene.lessons import load_lessons
from convviz.scene.link import parse_link
from convviz.scene.scenes import OPEN_PAGES
from convviz.ui.theme import THEMES
from convviz.ui.window import START, MainWindow

Key = Qt.Key
LINK = "convviz://conv?input=digit3&size=12x12&kernel=sobel_x&padding=1&step=31"


@pytest.fixture
def window(qtbot):
    """A window on LINK, shown and active; presentation is left and playback stopped afterwards."""
    window = MainWindow(config=None)
    qtbot.addWidget(window)
    window.new_tab(History(parse_link(LINK)))
    window.resize(1280, 720)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    yield window
    window.presenter.leave()
    window.current_tab().stop()


def press(window, key):
    """A key press as the platform delivers it: shortcuts first, then the focused widget."""
    QTest.keyClick(window.windowHandle(), key)


PROJECTOR = QSize(1920, 1080)


def present(window):
    press(window, Key.Key_F5)
    window.resize(PROJECTOR)  # the offscreen screen is smaller than a projector
    QApplication.processEvents()


def grids(view):
    return [view.input, view.output, view.kernel, view.products]


def chrome(window):
    page = window.current_tab().page
    bars = [window.findChild(QToolBar), window.tabs.tabBar(), window.statusBar()]
    return [*bars, page.side_panel, page.player]


def test_f5_presents_and_esc_puts_everything_back(window):
    page = window.current_tab().page
    geometry, labels = window.geometry(), [grid.label_px() for grid in grids(page.view)]
    press(window, Key.Key_F5)
    assert window.isFullScreen() and window.presenter.presenting
    assert all(widget.isHidden() for widget in chrome(window))
    assert window.presenter.badge.isVisible() and window.presenter.badge.text() == "step 31 / 144"
    press(window, Key.Key_F5)  # a clicker's present button again: still presenting
    assert window.presenter.presenting
    press(window, Key.Key_Escape)
    QApplication.processEvents()
    assert not window.isFullScreen() and not window.presenter.presenting
    assert not any(widget.isHidden() for widget in chrome(window))
    assert window.presenter.pen.isHidden() and window.presenter.badge.isHidden()
    assert window.geometry() == geometry
    assert [grid.label_px() for grid in grids(page.view)] == labels


def test_clicker_keys_drive_the_player_whatever_has_focus(window):
    tab = window.current_tab()
    model = tab.page.player.model
    present(window)
    tab.page.setFocus()  # the page handles arrows itself: each key must still move exactly one step
    for key, step in [
        (Key.Key_PageDown, 31),
        (Key.Key_Right, 32),
        (Key.Key_Down, 33),
        (Key.Key_PageUp, 32),
        (Key.Key_Left, 31),
        (Key.Key_Up, 30),
        (Key.Key_End, model.count - 1),
        (Key.Key_Home, 0),
    ]:
        press(window, key)
        assert tab.scene.step == step, QTest.keyToAscii(key)
    assert window.presenter.badge.text() == f"step 1 / {model.count}"
    press(window, Key.Key_Space)
    assert model.playing
    press(window, Key.Key_Space)
    assert not model.playing


def test_b_blanks_the_screen_and_any_key_or_a_click_brings_it_back(qtbot, window):
    tab = window.current_tab()
    blank = window.presenter.blank
    present(window)
    press(window, Key.Key_B)
    assert blank.isVisible() and blank.geometry() == window.tabs.rect()
    press(window, Key.Key_Right)  # the first key only brings the scene back
    assert not blank.isVisible() and tab.scene.step == 30
    press(window, Key.Key_B)
    press(window, Key.Key_B)
    assert not blank.isVisible()
    press(window, Key.Key_Period)  # what many clickers' blank button sends
    assert blank.isVisible()
    QTest.mouseClick(blank, Qt.MouseButton.LeftButton)
    assert not blank.isVisible()


def test_number_keys_open_the_lessons_in_their_own_tabs_and_presenting_goes_on(window):
    """The scene on show when a number is pressed stays as it was, in its own tab."""
    lessons = load_lessons(pages=OPEN_PAGES)
    first = window.current_tab()
    present(window)
    press(window, Key.Key_Right)  # the teacher had moved on a step here
    before = first.scene
    assert before.step == parse_link(LINK).step + 1
    press(window, Key.Key_2)
    tab = window.current_tab()
    assert tab is not first and window.tabs.count() == 2
    assert tab.scene == lessons[1].scene
    assert first.history.entries == (before,)  # its scene and its history, untouched
    assert window.presenter.presenting and tab.page.side_panel.isHidden()
    press(window, Key.Key_0)  # there is no lesson 0: nothing happens
    assert window.current_tab() is tab and window.tabs.count() == 2
    press(window, Key.Key_1)
    assert window.current_tab().scene == lessons[0].scene and window.tabs.count() == 3
    press(window, Key.Key_9)  # the ninth lesson is another page's: it opens presenting as well
    ninth = window.current_tab()
    assert ninth.scene == lessons[8].scene and ninth.page.kind == lessons[8].scene.page != first.page.kind
    assert ninth.page.side_panel.isHidden() and window.tabs.count() == 4
    press(window, Key.Key_2)  # back to lesson 2: its tab again, not a fifth one
    assert window.current_tab() is tab and window.tabs.count() == 4


def test_from_the_start_page_numbers_lead_the_lessons_and_next_opens_the_first(window):
    window.open_scene(START)
    page = window.current_tab().page
    present(window)
    assert page.heading.isHidden() and page.cards[1].title.text().startswith("<b>2 · ")
    assert window.presenter.pen.isHidden()  # clicks open lessons here
    press(window, Key.Key_PageDown)
    tab = window.current_tab()
    assert tab.scene == page.cards[0].lesson.scene
    assert tab.page.side_panel.isHidden() and window.presenter.pen.isVisible()
    press(window, Key.Key_Escape)
    assert not tab.page.side_panel.isHidden()


def test_a_new_tab_while_presenting_is_presented_too(window):
    present(window)
    QTest.keyClick(window.windowHandle(), Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # shortcuts work
    assert window.tabs.count() == 2 and window.tabs.tabBar().isHidden()
    assert window.current_tab().page.heading.isHidden()
    press(window, Key.Key_Escape)
    assert all(not window.tabs.widget(i).presenting for i in range(2))
    assert not window.tabs.tabBar().isHidden()


def test_the_pen_draws_over_the_scene_and_never_edits_it(window, drag):
    tab = window.current_tab()
    pen = window.presenter.pen
    scene = tab.scene
    present(window)
    view = tab.page.view  # the pen draws over the input map and leaves the input alone
    centre = view.mapFromScene(view.input.sceneBoundingRect().center())
    start = pen.mapFromGlobal(view.mapToGlobal(centre))
    drag(pen, [start + QPoint(dx, dx // 2) for dx in range(0, 200, 20)])
    assert len(pen.strokes()) == 1 and pen.strokes()[0].size() == 10
    assert tab.scene == scene
    drawn = window.grab().toImage()
    assert drawn.pixelColor(pen.mapTo(window, start + QPoint(100, 50))).name() == window.theme.pen
    press(window, Key.Key_Right)
    assert pen.strokes() == []
    drag(pen, [QPoint(50, 50), QPoint(90, 60)])
    press(window, Key.Key_C)
    assert pen.strokes() == []


DILATED = "convviz://conv?input=cross&size=11x11&kernel=laplacian&dilation=2&step=13"


@pytest.mark.parametrize("lesson", [0, 1], ids=["5x5 input", "28x28 input"])
def test_presenting_shows_every_value_the_window_shows_no_smaller(window, lesson):
    """The kernel and products (and a small input and output) read from the back of the hall at
    1920x1080; no map loses the values it showed in the window, and the formulas grow."""
    window.open_scene(load_lessons(pages=OPEN_PAGES)[lesson].scene)
    view = window.current_tab().page.view
    normal, labels = view.sum.font().pixelSize(), [grid.label_px() for grid in grids(view)]
    present(window)
    assert view.kernel.label_px() >= 24 and view.products.label_px() >= 24
    if lesson == 0:
        assert view.input.label_px() >= 24 and view.output.label_px() >= 24
    assert all(now >= before for now, before in zip([g.label_px() for g in grids(view)], labels, strict=True))
    assert view.sum.font().pixelSize() >= max(40, 1.3 * normal)


def test_presenting_gives_the_kernel_and_products_room_for_values_the_back_row_reads(window):
    """A box blur over a 512x512 input: its products (0.0002 and so on) are read from 24 px up."""
    window.open_scene(parse_link("convviz://conv?input=gradient&size=512x512&kernel=box&step=1"))
    present(window)
    view = window.current_tab().page.view
    assert view.kernel.label_px() >= 24 and view.products.label_px() >= 24


def test_the_dilated_lessons_output_values_stay_when_presenting(window):
    """Its output's values, shown in a 1920x1080 window, vanished when presenting on a 1920x1080
    projector: the 24 px least size hid them."""
    window.open_scene(parse_link(DILATED))
    window.resize(PROJECTOR)
    QApplication.processEvents()
    view = window.current_tab().page.view
    assert view.output.label_px() > 0
    present(window)
    assert view.output.label_px() > 0 and view.input.label_px() > 0


def test_t_tries_the_next_theme_without_leaving(window):
    present(window)
    names = list(THEMES)
    for expected in [*names[1:], names[0]]:
        press(window, Key.Key_T)
        assert window.theme.name == expected
        assert window.current_tab().page.view.theme.name == expected
    assert window.presenter.presenting


@pytest.mark.parametrize(
    "link",
    [
        LINK,
        "convviz://pool?input=digit3&size=12x12&pool=max&window=2&step=3",
        "convviz://backprop?input=digit3&size=12x12&kernel=sobel_x&pool=max&window=2&step=3",
        "convviz://transpose?step=5",
    ],
)
def test_presenting_no_map_title_lies_under_the_step_badge(window, link):
    """The badge sits in the top-right corner; the Backprop page's forward row reaches that corner."""
    window.open_scene(parse_link(link))
    present(window)
    view, badge = window.current_tab().page.view, window.presenter.badge
    corner = QRectF(badge.mapTo(window, QPoint(0, 0)), badge.size().toSizeF())
    offset = view.viewport().mapTo(window, QPoint(0, 0))
    titles = [panel.title for panel in view._panels if panel.isVisible() and panel.title.text()]
    assert len(titles) >= 3
    for title in titles:
        area = view.mapFromScene(title.sceneBoundingRect()).boundingRect().translated(offset)
        width = QFontMetricsF(title.font()).horizontalAdvance(title.text())
        text = QRectF(area.center().x() - width / 2, area.top(), width, area.height())  # centred text
        assert not text.intersects(corner), title.text()
