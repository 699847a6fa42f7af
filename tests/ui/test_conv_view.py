"""The Convolution view as one pyqtgraph canvas, used the way a person does: wheel-zoom into a map until
its numbers show, drag it, double-click or Home to see it whole, hover a cell to read it in the status
bar; titles say what is there; text keeps its share of the frame at any export size."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtTest import QTest

from convviz.scene.link import parse_link
from convviz.timeline.conv import ConvTimeline
from convviz.ui.numbers import format_value
from convviz.ui.render import prepare_offscreen
from convviz.ui.views.conv_view import ConvView

from .pointer import hover, point_of

LARGE = "convviz://conv?input=gradient&size=512x512&kernel=box&step=1"
PADDED = "convviz://conv?input=0,0.1,0.2;0.3,0.4,0.5;0.6,0.7,0.123456&kernel=1,1;1,1&padding=1&step=1"


def double_click(widget, point) -> None:
    """As the platform delivers one: press, release, double-click, release."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point)
    QTest.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=point)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=point)


@pytest.fixture
def window(make_window):
    def run(link):
        window = make_window(parse_link(link))
        window.resize(1920, 1080)
        QTest.qWait(10)
        return window, window.current_tab().page.view

    return run


def test_wheel_zooms_a_512x512_input_until_its_numbers_show_and_double_click_shows_it_whole(window, wheel):
    _, view = window(LARGE)
    box = view._panels[0].box
    whole = box.viewRect()
    assert view.input.label_px() == 0  # cells a pixel wide: no room for numbers
    centre = point_of(view, view.input, 256, 256)
    for _ in range(12):
        wheel(view.viewport(), centre, notches=3)
    assert view.input.label_px() >= 9
    assert box.viewRect().width() < whole.width() / 20
    shown = box.viewRect()
    double_click(view.viewport(), centre)
    assert box.viewRect().contains(whole.adjusted(1, 1, -1, -1)) and shown != box.viewRect()
    assert view.input.label_px() == 0


def test_dragging_pans_a_zoomed_map_and_home_shows_every_map_whole(window, wheel, drag):
    _, view = window(LARGE)
    box = view._panels[0].box
    centre = point_of(view, view.input, 256, 256)
    for _ in range(4):
        wheel(view.viewport(), centre, notches=3)
    before = box.viewRect()
    drag(view.viewport(), [centre + QPoint(dx, 0) for dx in range(0, 120, 10)])
    assert box.viewRect().left() < before.left()  # the map followed the pointer to the right
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Home)
    assert box.viewRect().width() >= 512


def test_hovering_a_cell_says_its_row_column_and_exact_value_in_the_status_bar(window):
    win, view = window(PADDED)
    hover(view, view.input, 3, 3)
    shown = format_value(0.123456)
    assert shown != "0.123456"
    assert (
        win.statusBar().currentMessage() == f"Input (padded): row 3, column 3 = 0.123456 (shown as {shown})"
    )
    hover(view, view.input, 0, 2)
    assert win.statusBar().currentMessage() == (
        "Input (padded): row 0, column 2 = 0 · padding, not part of the input"
    )
    hover(view, view.kernel, 1, 0)
    assert win.statusBar().currentMessage() == "Kernel: row 1, column 0 = 1"
    hover(view, view.output, 3, 3)
    assert win.statusBar().currentMessage() == "Output: row 3, column 3 = empty"


def test_the_read_out_follows_a_quick_pointer_to_the_cell_it_stops_on(window):
    """Moves 10 ms apart or closer are not dropped: the status bar never names a cell left behind."""
    win, view = window(PADDED)
    hover(view, view.input, 2, 2)
    for j in (3, 4):
        QTest.mouseMove(view.viewport(), point_of(view, view.input, 2, j))
    assert win.statusBar().currentMessage().startswith("Input (padded): row 2, column 4 = ")


def test_the_input_is_called_padded_only_when_it_is(window):
    _, view = window(PADDED)
    assert view.input.name == "Input (padded)"
    _, view = window(PADDED.replace("&padding=1", ""))
    assert view.input.name == "Input"


@pytest.mark.parametrize("link", [PADDED, "convviz://conv?input=digit3&size=28x28&kernel=sobel_x&step=40"])
def test_text_keeps_its_share_of_the_frame_so_a_4k_export_is_the_1080p_one_twice_the_size(qtbot, link):
    sizes = {}
    for width, height in ((1920, 1080), (3840, 2160)):
        view = ConvView()
        qtbot.addWidget(view)
        prepare_offscreen(view, QSize(width, height))
        view.load(parse_link(link))
        view.draw(parse_link(link).step)
        title = view._panels[0].title.font().pixelSize()
        sizes[height] = (view.sum.font().pixelSize(), title, view.kernel.label_px(), view.input.label_px())
    small, large = sizes[1080], sizes[2160]
    assert small[0] >= 28 and small[1] >= 24
    for a, b in zip(small, large, strict=True):
        assert (a == b == 0) or 1.9 <= b / a <= 2.2, (small, large)


def test_the_maps_show_the_timelines_numbers(qtbot):
    view = ConvView()
    qtbot.addWidget(view)
    prepare_offscreen(view, QSize(1280, 720))
    scene = parse_link(PADDED)
    timeline = ConvTimeline(scene)
    view.load(scene)
    view.draw(5)
    np.testing.assert_array_equal(view.input.values(), timeline.padded)
    np.testing.assert_array_equal(view.products.values(), timeline.step(5).products)
    assert view.output.current() == timeline.step(5).out_cell
