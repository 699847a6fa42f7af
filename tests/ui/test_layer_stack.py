"""The layer-stack editor driven as a person does: clicks on rows and buttons, typing in spin boxes and
the grammar field, Alt+Up/Down, presets; every edit checked against the grammar it must send."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionSpinBox

from convviz.engine.layers import parse_layers
from convviz.scene.limits import STACK, WINDOW
from convviz.scene.scenes import ReceptiveFieldScene
from convviz.ui.controls.base import Changes
from convviz.ui.controls.layer_stack import CUSTOM

from .stack_harness import Harness, click, shown_spec, type_into

PRESETS = [("Two convs", "conv3,conv3s1"), ("Pooled", "conv5p2,maxpool2s2")]


def field_stack(qtbot, layers="conv3,conv3,maxpool2,conv3"):
    """The group as the Receptive-field page has it: windows only."""
    return Harness(qtbot, ReceptiveFieldScene(layers=layers), PRESETS)


@pytest.fixture
def harness(qtbot):
    return field_stack(qtbot)


def test_rows_and_text_show_the_scene_stack(harness):
    assert harness.shown_stack() == parse_layers("conv3,conv3,maxpool2,conv3")
    assert harness.group.text.text() == "conv3,conv3,maxpool2,conv3"
    assert [row.number.text() for row in harness.rows] == ["1", "2", "3", "4"]
    assert harness.group.presets.currentText() == CUSTOM


def test_add_copies_the_current_row_after_it(harness):
    click(harness.rows[2].kind)  # row 3 (maxpool2) becomes current
    QTest.keyClick(harness.rows[2].kind, Qt.Key.Key_Escape)  # close the popup the click opened
    click(harness.group.rows.add_button)
    assert harness.sent == [("conv3,conv3,maxpool2,maxpool2,conv3", True)]
    assert harness.shown_stack() == parse_layers(harness.scene.layers)
    assert harness.group.rows.current() == 3
    assert QApplication.focusWidget() is harness.rows[3].kind


def test_remove_button_removes_its_row(harness):
    click(harness.rows[1].remove)
    assert harness.sent == [("conv3,maxpool2,conv3", True)]
    assert len(harness.rows) == 3
    assert harness.group.text.text() == "conv3,maxpool2,conv3"


def test_up_and_down_buttons_move_the_current_row(harness):
    harness.rows[2].boxes["stride"].setFocus()
    click(harness.group.rows.up_button)
    assert harness.scene.layers == "conv3,maxpool2,conv3,conv3"
    assert harness.group.rows.current() == 1
    click(harness.group.rows.down_button)
    click(harness.group.rows.down_button)
    assert harness.scene.layers == "conv3,conv3,conv3,maxpool2"
    click(harness.group.rows.down_button)  # at the bottom: nothing to do, nothing sent
    assert len(harness.sent) == 3


def test_alt_arrows_move_the_focused_row_and_keep_the_focus_on_its_box(harness):
    box = harness.rows[2].boxes["stride"]
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert harness.scene.layers == "conv3,maxpool2,conv3,conv3"
    assert QApplication.focusWidget() is harness.rows[1].boxes["stride"]
    assert harness.rows[1].boxes["stride"].value() == 2  # the box did not step: the row moved
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert harness.scene.layers == "conv3,conv3,maxpool2,conv3"
    assert QApplication.focusWidget() is harness.rows[2].boxes["stride"]


def test_a_typed_stride_is_one_canonical_edit_and_the_box_keeps_the_focus(harness):
    rows_before = list(harness.rows)
    box = harness.rows[2].boxes["stride"]
    type_into(box, "1")
    assert harness.sent == [("conv3,conv3,maxpool2s1,conv3", True)]
    assert harness.rows == rows_before  # not rebuilt
    assert QApplication.focusWidget() is box
    QTest.keyClick(box, Qt.Key.Key_Up)  # stepping on: each step one edit, focus still there
    QTest.keyClick(box, Qt.Key.Key_Up)
    assert [layers for layers, _ in harness.sent[1:]] == [
        "conv3,conv3,maxpool2,conv3",
        "conv3,conv3,maxpool2s3,conv3",
    ]
    assert QApplication.focusWidget() is box


def test_a_kind_chosen_by_keyboard_keeps_a_default_stride_default(harness):
    combo = harness.rows[0].kind
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Down)  # conv -> maxpool
    assert harness.scene.layers == "maxpool3,conv3,maxpool2,conv3"
    assert harness.rows[0].boxes["stride"].value() == 3
    assert QApplication.focusWidget() is combo


def test_a_typed_stack_applies_on_enter_canonically(harness):
    type_into(harness.group.text, "conv3s1p1, maxpool2s2,conv3d2")
    assert harness.sent == [("conv3p1,maxpool2,conv3d2", True)]
    assert harness.group.text.text() == "conv3p1,maxpool2,conv3d2"
    assert harness.shown_stack() == parse_layers("conv3p1,maxpool2,conv3d2")


def test_a_typed_stack_applies_on_leaving_the_field(harness):
    field = harness.group.text
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, "conv5")
    QTest.keyClick(field, Qt.Key.Key_Tab)
    assert harness.sent == [("conv5", True)]


def test_an_invalid_stack_is_refused_naming_the_item_and_escape_restores(harness):
    field = harness.group.text
    type_into(field, "conv3,conv3x,maxpool2")
    message = harness.group.message
    assert not message.isHidden() and message.is_problem()
    assert "layer 2 ('conv3x')" in message.text()
    assert harness.sent == []
    assert harness.scene.layers == "conv3,conv3,maxpool2,conv3"
    assert field.text() == "conv3,conv3x,maxpool2"  # kept, to be fixed
    QTest.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == "conv3,conv3,maxpool2,conv3"
    assert message.isHidden()
    assert harness.sent == []


def test_presets_apply_and_the_combo_names_the_preset_on_show(harness):
    combo = harness.group.presets
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Down)
    assert harness.sent == [("conv3,conv3", True)]
    assert combo.currentText() == "Two convs"
    QTest.keyClick(combo, Qt.Key.Key_Down)
    assert harness.scene.layers == "conv5p2,maxpool2"
    type_into(harness.group.text, "conv5p2,maxpool2,conv1")
    assert combo.currentText() == CUSTOM
    type_into(harness.group.text, "conv3s1,conv3")  # another spelling of a preset
    assert combo.currentText() == "Two convs"


def test_a_kernel_beyond_the_limits_is_refused_in_place(harness):
    type_into(harness.rows[0].boxes["kernel"], str(WINDOW[1] + 1))
    message = harness.group.message
    assert message.text() == f"Layer 1: {WINDOW[1] + 1} is refused: a window is 1 to {WINDOW[1]} cells."
    assert harness.sent == []
    assert harness.rows[0].boxes["kernel"].value() == 3


def test_a_typed_kernel_beyond_the_limits_is_refused_naming_the_layer(harness):
    type_into(harness.group.text, f"conv3,conv{WINDOW[1] + 1}")
    assert f"layer 2 (conv{WINDOW[1] + 1}) has kernel" in harness.group.message.text()
    assert harness.sent == []


def test_more_layers_than_the_limit_are_refused(qtbot):
    harness = field_stack(qtbot, ",".join(["conv1"] * STACK[1]))
    click(harness.group.rows.add_button)
    assert harness.sent == []
    assert f"{STACK[0]} to {STACK[1]} layers" in harness.group.message.text()
    assert len(harness.rows) == STACK[1]


def test_the_only_layer_cannot_be_removed(qtbot):
    harness = field_stack(qtbot, "conv3")
    click(harness.rows[0].remove)
    assert harness.sent == []
    assert "at least one layer" in harness.group.message.text()
    assert harness.shown_stack() == parse_layers("conv3")


def test_a_row_change_the_scene_refuses_puts_the_row_back(harness):
    combo = harness.rows[2].kind  # maxpool2 -> avgpool2 is fine; avgpool with dilation is not
    harness.rows[2].boxes["dilation"].setFocus()
    type_into(harness.rows[2].boxes["dilation"], "2")
    assert harness.scene.layers == "conv3,conv3,maxpool2d2,conv3"
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Down)
    assert "average pooling, which has no dilation" in harness.group.message.text()
    assert harness.scene.layers == "conv3,conv3,maxpool2d2,conv3"
    assert shown_spec(harness.rows[2]) == parse_layers("maxpool2d2")[0]


def test_showing_a_scene_with_the_same_layers_leaves_the_rows_alone(harness):
    rows = list(harness.rows)
    other = harness.scene.replace(erf=harness.scene.erf, step=1)
    harness.group.show_scene(other, Changes(harness.scene, other))
    assert harness.rows == rows


def test_tab_goes_through_the_rows_in_order_then_the_buttons(harness):
    click(harness.rows[3].remove)  # drop a row, then add one back: the new row's parts are made last
    harness.rows[0].kind.setFocus()
    click(harness.group.rows.add_button)
    harness.rows[0].kind.setFocus()
    expected = [part for row in harness.rows for part in row.parts.values()][1:]
    expected.append(harness.group.rows.add_button)
    reached = []
    for _ in expected:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached == expected


def test_holding_a_spin_arrow_sends_live_edits_then_one_final(harness, qtbot):
    box = harness.rows[0].boxes["padding"]
    option = QStyleOptionSpinBox()
    box.initStyleOption(option)
    up = box.style().subControlRect(
        QStyle.ComplexControl.CC_SpinBox, option, QStyle.SubControl.SC_SpinBoxUp, box
    )
    QTest.mousePress(box, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, up.center())
    qtbot.waitUntil(lambda: box.value() >= 3, timeout=3000)  # the arrow repeats on its own
    QTest.mouseRelease(box, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, up.center())
    live, (last, final) = harness.sent[:-1], harness.sent[-1]
    assert len(live) >= 3 and not any(f for _, f in live)
    assert [layers for layers, _ in live[:3]] == [f"conv3p{p},conv3,maxpool2,conv3" for p in (1, 2, 3)]
    assert final and last == live[-1][0] == harness.scene.layers


def test_alt_down_on_a_kind_combo_moves_the_row_rather_than_opening_the_list(harness):
    combo = harness.rows[0].kind
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert harness.scene.layers == "conv3,conv3,maxpool2,conv3"  # two conv3 swapped: the same stack
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert harness.scene.layers == "conv3,maxpool2,conv3,conv3"
    assert QApplication.focusWidget() is harness.rows[2].kind
    assert not harness.rows[2].kind.view().isVisible()
