"""GridView and its colour key: what is drawn follows the data, hover reads cells back, labels are compact."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from convviz.ui.theme import DEFAULT, HIGH_CONTRAST, readable_text
from convviz.ui.widgets import GridView, format_value
from convviz.ui.widgets.color_key import colorbar_ticks


@pytest.fixture
def view(qtbot):
    grid = GridView()
    grid.resize(400, 400)
    qtbot.addWidget(grid)
    return grid


def render(widget) -> QImage:
    image = QImage(widget.size(), QImage.Format.Format_RGB32)
    widget.render(image)
    return image


def pixel_at(widget, image: QImage, i: int, j: int) -> QColor:
    return image.pixelColor(widget.cell_rect(i, j).center().toPoint())


def centre(widget, i: int, j: int) -> QPoint:
    return widget.cell_rect(i, j).center().toPoint()


def test_default_range_sequential_diverging_and_degenerate(view):
    view.set_values(np.array([[1.0, 3.0], [np.nan, 2.0]]))
    assert view.value_range() == (1.0, 3.0)
    view.set_values(np.array([[-1.0, 3.0]]), diverging=True)
    assert view.value_range() == (-3.0, 3.0)
    view.set_values(np.zeros((2, 2)), diverging=True)
    assert view.value_range() == (-1.0, 1.0)
    view.set_values(np.full((2, 2), 5.0))
    assert view.value_range() == (0.0, 5.0)
    view.set_values(np.full((2, 2), np.nan))
    assert view.value_range() == (0.0, 1.0)
    view.set_values(np.ones((2, 2)), value_range=(0, 2))
    assert view.value_range() == (0.0, 2.0)
    with pytest.raises(ValueError, match="value_range"):
        view.set_values(np.ones((2, 2)), value_range=(1, 1))
    with pytest.raises(ValueError, match="2-D"):
        view.set_values(np.ones(3))


def test_the_colour_key_follows_the_data(view):
    view.set_colorbar(True)
    view.set_values(np.array([[-2.0, 1.0]]), diverging=True)
    assert view.value_range() == (-2.0, 2.0)
    assert [text for _, text in colorbar_ticks(*view.value_range(), view.is_diverging())] == ["2", "0", "-2"]
    before = render(view)
    view.set_values(np.array([[0.0, 1.0]]))
    assert [text for _, text in colorbar_ticks(*view.value_range(), view.is_diverging())] == ["1", "0.5", "0"]
    assert render(view) != before


def test_values_are_copied(view):
    data = np.zeros((3, 3))
    view.set_values(data)
    data[1, 1] = 7
    assert view.values()[1, 1] == 0


def test_painting_uses_the_data(qtbot):
    """A 28x28 labelled grid renders differently for different arrays, and each cell shows its LUT colour."""
    view = GridView()
    view.resize(900, 900)
    qtbot.addWidget(view)
    view.set_labels("on")
    rng = np.random.default_rng(1)
    view.set_values(rng.random((28, 28)), value_range=(0, 1))
    first = render(view)
    view.set_values(rng.random((28, 28)), value_range=(0, 1))
    second = render(view)
    assert first != second
    view.set_labels("off")
    view.set_values(np.full((28, 28), 1.0), value_range=(0, 1))
    top = DEFAULT.sequential[255]
    assert pixel_at(view, render(view), 5, 5).getRgb()[:3] == tuple(int(c) for c in top)


def test_empty_cells_show_the_panel_colour(view):
    view.set_values(np.array([[1.0, np.nan], [0.0, 0.5]]))
    image = render(view)
    assert pixel_at(view, image, 0, 1) == QColor(DEFAULT.panel)
    assert pixel_at(view, image, 0, 0) != QColor(DEFAULT.panel)


def test_labels_auto_follow_cell_size(view):
    values = np.arange(9.0).reshape(3, 3)
    view.set_values(values)
    view.set_labels("off")
    without = render(view)
    view.set_labels("auto")
    assert render(view) != without  # 3x3 in 400 px: big cells, labels shown
    view.set_values(np.arange(100.0 * 100).reshape(100, 100))
    view.set_labels("off")
    without = render(view)
    view.set_labels("auto")
    assert render(view) == without  # 4 px cells: no room for text
    view.set_labels("on")
    assert render(view) != without
    with pytest.raises(ValueError, match="label mode"):
        view.set_labels("sometimes")


def test_label_colour_contrasts_with_the_cell():
    assert tuple(readable_text(np.array([253, 231, 37]))) == (0, 0, 0)  # yellow: black text
    assert tuple(readable_text(np.array([68, 1, 84]))) == (255, 255, 255)  # dark purple: white text


def test_window_highlights_taps_but_not_the_holes_between_them(view):
    """A dilated 2x2 kernel taps (0,0),(0,2),(2,0),(2,2): the cells between must look untouched."""
    view.set_values(np.zeros((5, 5)))
    before = render(view)
    view.set_window(np.array([[0, 0], [0, 2], [2, 0], [2, 2]]))
    after = render(view)
    for tap in [(0, 0), (0, 2), (2, 2)]:
        assert pixel_at(view, after, *tap) != pixel_at(view, before, *tap)
    for hole in [(0, 1), (1, 1), (1, 0), (3, 3)]:
        assert pixel_at(view, after, *hole) == pixel_at(view, before, *hole)
    view.set_window(None)
    assert render(view) == before


def test_current_cell_outline(view):
    view.set_values(np.zeros((4, 4)))
    before = render(view)
    view.set_current((1, 2))
    after = render(view)
    rect = view.cell_rect(1, 2)
    edge = QPoint(round(rect.left() + 3), round(rect.center().y()))
    assert after.pixelColor(edge) != before.pixelColor(edge)
    assert after.pixelColor(centre(view, 2, 2)) == before.pixelColor(centre(view, 2, 2))


def test_padding_is_drawn_distinct_but_keeps_its_values(view):
    values = np.zeros((5, 5))
    view.set_values(values)
    plain = render(view)
    view.set_padding((1, 1, 1, 1))
    padded = render(view)
    assert pixel_at(view, padded, 0, 0) != pixel_at(view, plain, 0, 0)  # same value, drawn as padding
    assert pixel_at(view, padded, 2, 2) == pixel_at(view, plain, 2, 2)  # the real input is untouched
    with pytest.raises(ValueError, match="padding"):
        view.set_padding((1, 1, -1, 0))


def test_cell_at_maps_widget_points_to_cells(view):
    view.set_values(np.zeros((4, 6)))
    assert view.cell_at(QPointF(centre(view, 3, 5))) == (3, 5)
    assert view.cell_at(view.cell_rect(0, 0).topLeft()) == (0, 0)
    rect = view.cell_rect(1, 1)
    assert rect.width() == rect.height()  # square cells
    assert view.cell_at(QPointF(1, 1)) is None  # the margin around the grid


def test_hover_reports_cell_value_and_tooltip(view, qtbot):
    view.set_values(np.array([[0.0, 1.5], [2.25, -3.0]]))
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.cell_hovered) as hovered:
        QTest.mouseMove(view, centre(view, 1, 0))
    assert hovered.args == [1, 0, 2.25]
    assert view.toolTip() == "[1, 0] = 2.25"
    with qtbot.waitSignal(view.cell_hovered) as left:
        QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))
    assert left.args[:2] == [-1, -1] and math.isnan(left.args[2])
    assert view.toolTip() == ""


def test_render_at_any_size(qtbot):
    view = GridView()
    qtbot.addWidget(view)
    view.set_values(np.arange(12.0).reshape(3, 4))
    view.set_title("output")
    view.set_ticks(True)
    view.set_padding((1, 0, 0, 1))
    for size in [(40, 40), (123, 77), (1600, 900)]:
        view.resize(*size)
        image = render(view)
        assert image.size() == view.size()
        grid = view.cell_rect(0, 0).united(view.cell_rect(2, 3))
        assert view.rect().toRectF().contains(grid)


@pytest.mark.parametrize("theme", [DEFAULT, HIGH_CONTRAST], ids=lambda t: t.name)
def test_theme_colour_maps(theme):
    for lut in (theme.sequential, theme.diverging):
        assert lut.shape == (256, 3) and lut.dtype == np.uint8 and not lut.flags.writeable
    assert theme.diverging[127].tolist() == theme.diverging[128].tolist() == [255, 255, 255]  # 0 is white
    red, blue = theme.diverging[255], theme.diverging[0]
    assert red[0] > red[2] and blue[2] > blue[0]


def test_built_in_colorbar_sits_beside_the_grid(view):
    view.set_values(np.arange(16.0).reshape(4, 4))
    plain = view.cell_rect(3, 3)
    view.set_colorbar(True)
    beside = view.cell_rect(3, 3)
    assert beside.width() < plain.width()  # the grid made room for the key
    image = render(view)
    key_x = round(beside.right() + beside.width() * 0.5 + 3)
    near_top = image.pixelColor(key_x, round(view.cell_rect(0, 0).top() + 2)).getRgb()[:3]
    np.testing.assert_allclose(near_top, DEFAULT.sequential[255], atol=8)  # the key's top is the top colour
    view.set_theme(HIGH_CONTRAST)
    assert render(view) != image


def test_the_longest_labels_still_fit_their_cells(view):
    """Numbers keep the digits they need (-0.0625, -1234.5): the font shrinks to fit them."""
    from PySide6.QtGui import QFont, QFontMetricsF

    values = np.array([[-0.0625, 0.0625, -1234.5], [1 / 3, 12345.0, -0.0]])
    view.set_values(values, diverging=True)
    view.set_labels("on")
    px = view.label_px()
    cell = view.cell_rect(0, 0).width()
    font = QFont(view.theme().font_family)
    font.setPixelSize(px)
    widest = max(QFontMetricsF(font).horizontalAdvance(format_value(v)) for v in values.ravel())
    assert 9 <= px and widest <= 0.85 * cell
