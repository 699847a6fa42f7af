"""KernelEditor: typing, dragging, scrolling and the controls each produce the kernel a person expects."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from convviz.ui.widgets import KernelEditor

KEY = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def editor(shown):
    widget = shown(KernelEditor(), 360, 460)
    widget.set_kernel(np.arange(9.0).reshape(3, 3))
    return widget


@pytest.fixture
def changes(editor):
    """Every kernel_changed emission as (kernel, final)."""
    seen = []
    editor.kernel_changed.connect(lambda kernel, final: seen.append((kernel, final)))
    return seen


def at(editor, i, j) -> QPoint:
    return editor.grid().cell_rect(i, j).center().toPoint()


def click(editor, i, j):
    QTest.mouseClick(
        editor.grid(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(editor, i, j)
    )


def test_typing_a_value_into_a_cell(editor, changes, qtbot):
    click(editor, 1, 2)
    QTest.keyClick(editor.grid(), "0")  # typing on a selected cell opens the inline editor...
    line = editor.grid().editor()
    assert line.isVisible() and line.text() == "0"
    QTest.keyClicks(line, ".5")  # ...which now has the focus
    QTest.keyClick(line, KEY.Key_Return)
    assert not line.isVisible()
    kernel, final = changes[-1]
    assert len(changes) == 1 and final is True
    assert kernel[1, 2] == 0.5 and kernel[0, 0] == 0 and kernel[2, 2] == 8
    np.testing.assert_array_equal(editor.kernel(), kernel)


def test_double_click_edits_and_escape_cancels(editor, changes):
    QTest.mouseDClick(
        editor.grid(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(editor, 2, 0)
    )
    line = editor.grid().editor()
    assert line.isVisible() and line.text() == "6" and line.selectedText() == "6"
    QTest.keyClicks(line, "42")
    QTest.keyClick(line, KEY.Key_Escape)
    assert not line.isVisible()
    assert changes == [] and editor.kernel()[2, 0] == 6


@pytest.mark.parametrize("text", ["1..2", "nan", "inf", "1e9"])
def test_invalid_text_is_refused(editor, changes, text):
    """Not a number, or a weight so large float32 would soon overflow: refused in place."""
    click(editor, 0, 1)
    QTest.keyClick(editor.grid(), KEY.Key_Return)
    line = editor.grid().editor()
    line.clear()
    QTest.keyClicks(line, text)
    QTest.keyClick(line, KEY.Key_Return)
    assert line.isVisible() and line.is_invalid()  # still open, red border
    assert changes == [] and editor.kernel()[0, 1] == 1
    QTest.keyClick(line, KEY.Key_Backspace)
    assert not line.is_invalid()  # editing clears the red border
    line.setText("-1,25")  # a decimal comma is fine
    QTest.keyClick(line, KEY.Key_Enter)
    assert changes[-1][0][0, 1] == -1.25 and changes[-1][1] is True


def test_vertical_drag_adjusts_continuously_then_final(editor, changes, drag):
    start = at(editor, 1, 1)
    drag(editor.grid(), [start, start + QPoint(0, -3), start + QPoint(0, -13), start + QPoint(0, -23)])
    assert [final for _, final in changes] == [False, False, True]
    assert changes[0][0][1, 1] == pytest.approx(4.1)  # 10 px up from where the drag started: +0.1
    assert changes[-1][0][1, 1] == pytest.approx(4.2)
    assert editor.kernel()[1, 1] == pytest.approx(4.2)


def test_a_click_without_moving_changes_nothing(editor, changes):
    click(editor, 1, 1)
    assert changes == []
    assert editor.grid().current() == (1, 1)  # but selects the cell


def test_wheel_steps_are_final(editor, changes, wheel):
    wheel(editor.grid(), at(editor, 0, 0), notches=2)
    wheel(editor.grid(), at(editor, 0, 0), notches=-1, modifiers=SHIFT)
    assert [final for _, final in changes] == [True, True]
    assert changes[0][0][0, 0] == pytest.approx(0.2)
    assert changes[1][0][0, 0] == pytest.approx(0.19)


def test_arrow_keys_move_the_selection(editor, changes):
    click(editor, 0, 0)
    for key in (KEY.Key_Right, KEY.Key_Right, KEY.Key_Right, KEY.Key_Down):  # the third Right is clamped
        QTest.keyClick(editor.grid(), key)
    assert editor.grid().current() == (1, 2)
    QTest.keyClick(editor.grid(), KEY.Key_F2)
    QTest.keyClicks(editor.grid().editor(), "9")
    QTest.keyClick(editor.grid().editor(), KEY.Key_Return)
    assert changes[-1][0][1, 2] == 9


def test_resizing_keeps_the_kernel_centred(editor, changes):
    editor.width_box.setValue(5)
    kernel, final = changes[-1]
    assert final and kernel.shape == (3, 5)
    np.testing.assert_array_equal(kernel[:, 1:4], np.arange(9.0).reshape(3, 3))
    assert not kernel[:, [0, 4]].any()
    editor.height_box.setValue(1)
    np.testing.assert_array_equal(editor.kernel(), [[0, 3, 4, 5, 0]])


def test_presets_normalize_and_random_are_requests(editor, qtbot):
    editor.set_presets(["box", "sobel_x"])
    with qtbot.waitSignal(editor.preset_chosen) as chosen:
        QTest.keyClick(editor.preset_box, KEY.Key_End)  # keyboard choice of the last item
    assert chosen.args == ["sobel_x"]
    assert editor.preset_box.currentIndex() == 0  # back to "Preset…", so sobel_x can be chosen again
    with qtbot.waitSignal(editor.normalize_requested):
        qtbot.mouseClick(editor.normalize_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(editor.random_requested):
        qtbot.mouseClick(editor.random_button, Qt.MouseButton.LeftButton)


def test_set_kernel_emits_nothing(editor, changes):
    editor.set_kernel(np.ones((2, 4)))
    assert changes == []
    assert editor.kernel().shape == (2, 4)
    with pytest.raises(ValueError, match="sides 1..9"):
        editor.set_kernel(np.ones((10, 3)))


def test_flipped_display_edits_the_real_kernel(editor, changes, wheel):
    editor.set_flipped(True)
    np.testing.assert_array_equal(editor.grid().values(), np.arange(9.0)[::-1].reshape(3, 3))
    wheel(editor.grid(), at(editor, 0, 0))  # top-left on screen is the kernel's bottom-right
    assert changes[-1][0][2, 2] == pytest.approx(8.1)
    assert changes[-1][0][0, 0] == 0


def test_shift_drag_is_ten_times_finer(editor, changes):
    grid, start = editor.grid(), at(editor, 0, 2)
    QTest.mousePress(grid, Qt.MouseButton.LeftButton, SHIFT, start)
    for dy in (-5, -25):  # the first move starts the drag, the second moves 20 px with Shift held
        move = QMouseEvent(
            QEvent.Type.MouseMove,
            QPointF(start + QPoint(0, dy)),
            QPointF(grid.mapToGlobal(start + QPoint(0, dy))),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            SHIFT,
        )
        QApplication.sendEvent(grid, move)
    QTest.mouseRelease(grid, Qt.MouseButton.LeftButton, SHIFT, start + QPoint(0, -25))
    assert changes[-1][1] is True
    assert changes[-1][0][0, 2] == pytest.approx(2.02)


def wheel_event(editor, i, j, modifiers=Qt.KeyboardModifier.NoModifier) -> QWheelEvent:
    point = QPointF(at(editor, i, j))
    event = QWheelEvent(
        point,
        QPointF(editor.grid().mapToGlobal(point.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(editor.grid(), event)
    return event


def test_the_wheel_alone_changes_only_the_selected_cell_and_otherwise_goes_on(editor, changes):
    """A wheel that is not meant for a weight is left to the parent (the side panel scrolls)."""
    click(editor, 0, 0)
    event = wheel_event(editor, 1, 1)  # not the selected cell
    assert not event.isAccepted() and changes == []
    editor.grid().clearFocus()
    event = wheel_event(editor, 0, 0)  # the selected cell, but the grid no longer has the keyboard
    assert not event.isAccepted() and changes == []
    event = wheel_event(editor, 1, 1, CTRL)  # Ctrl+wheel: on purpose, any cell
    assert event.isAccepted()
    assert changes[-1][0][1, 1] == pytest.approx(4.1) and editor.grid().current() is None
    assert "Ctrl+wheel" in editor.grid()._tooltip((0, 0), 0.0)


def test_wheel_and_drag_add_decimal_steps_to_the_digits_shown(editor, changes, drag):
    """0.0625 and a notch of 0.1 make 0.1625, not 0.163 (a rounding to 3 decimals) or a binary artefact."""
    editor.set_kernel(np.full((3, 3), 0.0625))
    wheel_event(editor, 2, 2, CTRL)
    assert float(np.float32(changes[-1][0][2, 2])) == float(np.float32(0.1625))
    start = at(editor, 0, 0)
    drag(editor.grid(), [start, start + QPoint(0, -3), start + QPoint(0, -4)])  # 1 px: +0.01
    assert changes[-1][0][0, 0] == 0.0725


def test_enter_down_then_typing_edits_the_cell_now_selected(editor, changes):
    click(editor, 0, 1)
    QTest.keyClick(editor.grid(), KEY.Key_Return)  # the inline editor opens over (0, 1)
    QTest.keyClick(editor.grid().editor(), KEY.Key_Down)  # commits (0, 1) as it is, selects (1, 1)
    assert not editor.grid().editor().isVisible()
    assert editor.grid().selected() == (1, 1)
    QTest.keyClick(editor.grid(), "7")
    QTest.keyClick(editor.grid().editor(), KEY.Key_Return)
    kernel = editor.kernel()
    assert kernel[1, 1] == 7 and kernel[0, 1] == 1  # the cell below, and the one above kept its value


def test_up_with_invalid_text_stays_in_the_cell(editor, changes):
    click(editor, 1, 0)
    QTest.keyClick(editor.grid(), "-")
    line = editor.grid().editor()
    QTest.keyClick(line, KEY.Key_Up)  # "-" is not a number: refused in place, the selection stays
    assert line.isVisible() and line.is_invalid() and editor.grid().selected() == (1, 0)
    assert changes == []


@pytest.mark.parametrize(
    ("kernel", "text", "words"),
    [
        ([[1, 2, 1]], "Normalize: Σ = 1", "by their sum, 4, so they sum to 1"),
        ([[-1, 0, -1]], "Normalize: Σ = 1", "negative sum flips the signs"),
        ([[-1, 0, 1], [-2, 0, 2]], "Normalize: Σ|w| = 1", "sum of their absolute values, 6"),
    ],
)
def test_normalize_says_what_it_will_do(editor, kernel, text, words):
    editor.set_kernel(np.array(kernel, dtype=float))
    button = editor.normalize_button
    assert button.text() == text and words in button.toolTip() and button.isEnabled()


def test_normalize_is_off_for_an_all_zero_kernel(editor):
    editor.set_kernel(np.zeros((3, 3)))
    assert not editor.normalize_button.isEnabled()
    assert "all-zero" in editor.normalize_button.toolTip()


def test_passing_through_a_cell_editor_changes_nothing(editor, changes):
    """Enter then Down (or a click away) on a weight like 1/9 must not write back a rounding of it."""
    editor.set_kernel(np.full((3, 3), 1 / 9))
    click(editor, 0, 0)
    QTest.keyClick(editor.grid(), KEY.Key_Return)
    line = editor.grid().editor()
    assert float(line.text()) == 1 / 9  # every digit, so typing over part of it keeps the rest exact
    QTest.keyClick(line, KEY.Key_Down)
    QTest.keyClick(editor.grid(), KEY.Key_F2)
    QTest.keyClick(editor.grid().editor(), KEY.Key_Return)
    assert changes == [] and (editor.kernel() == 1 / 9).all()
