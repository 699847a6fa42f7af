"""The kernel editor inside the Convolution page, driven as a person would: the mouse wheel over the
side panel scrolls it and leaves the kernel alone, and a weight drag or a brush stroke is one history
entry that Back returns to."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from convviz.scene.model import input_image, kernel_array

LINK = "convviz://conv?input=checkerboard&size=8x8&kernel=gaussian&padding=1"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def tab(open_tab):
    return open_tab(LINK, height=600)  # short enough that the side panel scrolls


def turn_wheel(tab, widget, point: QPoint, notches=-1, modifiers=Qt.KeyboardModifier.NoModifier):
    """A wheel notch as the platform delivers it: to the window, at a point, which Qt routes to the
    widget under it and on up to whoever takes it (QTest's wheel is spontaneous, so it propagates)."""
    at = QPointF(widget.mapTo(tab.window(), point))
    QTest.wheelEvent(tab.window().windowHandle(), at, QPoint(0, 120 * notches), QPoint(0, 0), modifiers)
    QApplication.processEvents()


def kernel_cell(tab, i, j) -> QPoint:
    grid = tab.page.kernel_group.editor.grid()
    return grid.cell_rect(i, j).center().toPoint()


def test_the_wheel_over_the_kernel_scrolls_the_panel_and_changes_no_weight(tab):
    page = tab.page
    bar = page.side_panel.verticalScrollBar()
    assert bar.maximum() > 0, "the panel must be taller than the tab for this test"
    grid = page.kernel_group.editor.grid()
    page.side_panel.ensureWidgetVisible(grid)  # the kernel under the pointer, as when scrolling past it
    before = bar.value()
    assert before > 0
    turn_wheel(tab, grid, kernel_cell(tab, 1, 1), notches=1)
    assert bar.value() < before  # the panel scrolled up
    turn_wheel(tab, grid, kernel_cell(tab, 1, 1), notches=-1)
    assert bar.value() == before  # and down again
    np.testing.assert_array_equal(kernel_array(tab.scene.kernel), kernel_array("gaussian"))
    assert len(tab.history.entries) == 1


def test_a_selected_cell_still_scrolls_the_panel_when_the_wheel_is_elsewhere_on_the_grid(tab):
    page = tab.page
    grid = page.kernel_group.editor.grid()
    page.side_panel.ensureWidgetVisible(grid)
    QTest.mouseClick(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, kernel_cell(tab, 0, 0))
    assert grid.hasFocus()
    bar = page.side_panel.verticalScrollBar()
    before = bar.value()
    turn_wheel(tab, grid, kernel_cell(tab, 2, 2), notches=1)  # not the selected cell
    assert bar.value() != before
    assert tab.scene.kernel == "gaussian" and len(tab.history.entries) == 1


def test_the_wheel_changes_a_weight_on_purpose(tab):
    page = tab.page
    grid = page.kernel_group.editor.grid()
    page.side_panel.ensureWidgetVisible(grid)
    bar = page.side_panel.verticalScrollBar()
    before = bar.value()
    turn_wheel(tab, grid, kernel_cell(tab, 2, 2), notches=1, modifiers=CTRL)  # Ctrl+wheel: any cell
    assert kernel_array(tab.scene.kernel)[2, 2] == pytest.approx(0.0625 + 0.1)
    QTest.mouseClick(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, kernel_cell(tab, 0, 1))
    turn_wheel(tab, grid, kernel_cell(tab, 0, 1), notches=-1)  # the wheel on the selected cell
    assert kernel_array(tab.scene.kernel)[0, 1] == pytest.approx(0.125 - 0.1)
    assert bar.value() == before  # a wheel that changed a weight did not scroll as well
    assert len(tab.history.entries) == 3


def test_back_after_a_weight_drag_and_another_edit_shows_the_dragged_kernel(tab, drag):
    page = tab.page
    grid = page.kernel_group.editor.grid()
    page.side_panel.ensureWidgetVisible(grid)
    start = kernel_cell(tab, 1, 1)
    drag(grid, [start, start + QPoint(0, -3), start + QPoint(0, -13), start + QPoint(0, -23)])
    dragged = kernel_array(tab.scene.kernel).copy()
    assert dragged[1, 1] == pytest.approx(0.25 + 0.2)
    page.parameters.stride.height_box.setValue(2)
    assert tab.scene.stride == (2, 1)
    tab.back()
    assert tab.scene.stride == (1, 1)
    np.testing.assert_array_equal(kernel_array(tab.scene.kernel), dragged)  # not skipped, not overwritten
    tab.back()
    assert tab.scene.kernel == "gaussian"


def test_back_after_a_stroke_and_another_edit_shows_the_stroke(tab, drag):
    page = tab.page
    canvas = page.input_group.canvas
    page.side_panel.ensureWidgetVisible(canvas)
    before = input_image(tab.scene.input, tab.scene.size).copy()
    cell = next(  # a dark cell of the checkerboard, so painting it changes the input
        (i, j) for i in range(8) for j in range(8) if before[i, j] == 0
    )
    drag(canvas, [canvas.cell_rect(*cell).center().toPoint()])  # one click is a stroke too
    painted = input_image(tab.scene.input, tab.scene.size).copy()
    assert painted[cell] == 1
    page.parameters.flip.click()
    tab.back()
    assert not tab.scene.flip
    np.testing.assert_array_equal(input_image(tab.scene.input, tab.scene.size), painted)
    tab.back()
    assert tab.scene.input == "checkerboard"


@pytest.mark.parametrize("control", ["stride", "preset", "kernel size"])
def test_the_wheel_over_other_controls_scrolls_the_panel_unless_they_have_the_focus(tab, control):
    """Spin boxes and combo boxes would take the wheel from the panel just as the kernel did."""
    page = tab.page
    widget = {
        "stride": page.parameters.stride.height_box,
        "preset": page.input_group.presets,
        "kernel size": page.kernel_group.editor.height_box,
    }[control]
    page.side_panel.ensureWidgetVisible(widget)
    bar = page.side_panel.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    page.side_panel.ensureWidgetVisible(widget)
    before, scene = bar.value(), tab.scene
    centre = widget.rect().center()
    turn_wheel(tab, widget, centre, notches=-1 if before < bar.maximum() else 1)
    assert bar.value() != before and tab.scene == scene
    widget.setFocus()  # clicked or tabbed to: now the wheel is for it
    before = bar.value()
    turn_wheel(tab, widget, centre, notches=1)
    assert tab.scene != scene and bar.value() == before
