"""The Network page driven through a real tab: a click on a map chooses it (in the link, one history
entry, at the clicked value's step); a kernel weight typed into the slice editor is one edit in the link
and changes exactly the maps from its layer on; a grouped kernel's slices are the group's; a stack change
keeps the edits that still fit."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from convviz.scene.limits import EDITS
from convviz.scene.network_edits import with_bias_edit, with_kernel_edit
from convviz.scene.network_fields import MapRef
from convviz.scene.network_inputs import input_channels
from convviz.scene.network_presets import DEPTHWISE_SEPARABLE, TINY_VGG
from convviz.scene.scenes import NetworkScene

from .pointer import click
from .stack_harness import type_into
from .test_network_view import drawn, engine_pass
from .test_receptive_field_page import pick_preset


def test_clicking_a_map_chooses_it_in_the_link_at_the_clicked_value(open_tab):
    tab = open_tab(NetworkScene(), 1600, 900)
    view = tab.page.view
    conv = view.strip.item(4)
    click(view, conv, *conv.cell_of((9, 3, 7)))  # conv5x16's map 9, cell (3, 7)
    assert tab.scene.map == MapRef(4, 9) and tab.scene.step == 3 * 10 + 7
    assert len(tab.history.entries) == 2
    assert "6 slices and a bias" in tab.page.weights.map_label.text()
    assert [p.isVisible() for p in view.slice_panels[:7]] == [True] * 6 + [False]
    vector = view.strip.item(10)  # linear84's feature 50: a vector's element is its map
    click(view, vector, *vector.cell_of((50,)))
    assert tab.scene.map == MapRef(10, 50) and tab.scene.step == 0
    assert len(tab.history.entries) == 3


def type_weight(group, text: str) -> None:
    """Select cell (0, 0) of the slice grid and type a value, as a person does."""
    group.grid.setFocus()
    group.grid.select((0, 0))
    QTest.keyClicks(group.grid, text[0])  # the first key opens the cell's editor with it
    QTest.keyClicks(group.grid.editor(), text[1:])
    QTest.keyClick(group.grid.editor(), Qt.Key.Key_Return)


def test_a_typed_weight_is_one_edit_and_changes_the_maps_from_its_layer_on(open_tab):
    scene = NetworkScene(map=MapRef(4, 2))
    tab = open_tab(scene, 1600, 900)
    view, group = tab.page.view, tab.page.weights
    before = [drawn(view, layer).copy() for layer in range(13)]
    group.slice.setValue(3)
    type_weight(group, "2.5")
    assert len(tab.history.entries) == 2
    assert "edits=4.2.3:2.5," in tab.link() and tab.scene.step == 0
    (edit,) = tab.scene.edits
    assert (edit.layer, edit.out, edit.inp, edit.rows[0][0]) == (4, 2, 3, 2.5)
    expected = engine_pass(tab.scene)
    for layer in range(13):
        np.testing.assert_array_equal(drawn(view, layer), expected[layer])
        assert np.array_equal(before[layer], expected[layer]) == (layer < 4)
    assert group.grid.values()[0, 0] == 2.5 and group.reset.isEnabled()
    group.reset.click()
    assert tab.scene.edits == () and len(tab.history.entries) == 3


def test_a_click_on_a_drawn_weight_opens_it_in_the_editor_to_type_over(open_tab, qtbot):
    tab = open_tab(NetworkScene(map=MapRef(4, 0)), 1600, 900)
    tab.activateWindow()  # keys go where the focus is only in the active window
    qtbot.waitUntil(tab.isActiveWindow)
    view, group = tab.page.view, tab.page.weights
    click(view, view.slice_panels[5].grid, 1, 3)
    assert group.slice.value() == 5 and group.grid.selected() == (1, 3) and group.grid.hasFocus()
    np.testing.assert_array_equal(group.grid.values(), view.slice_panels[5].grid.values())
    QTest.keyClicks(group.grid, "7")
    QTest.keyClick(group.grid.editor(), Qt.Key.Key_Return)
    (edit,) = tab.scene.edits
    assert (edit.layer, edit.out, edit.inp, edit.rows[1][3]) == (4, 0, 5, 7.0)
    assert view.slice_panels[5].grid.values()[1, 3] == 7.0  # the picture shows the new weight


def test_a_grouped_maps_editor_holds_its_groups_slices_only(open_tab):
    scene = NetworkScene(input="colour_shapes", size=(32, 32), layers=DEPTHWISE_SEPARABLE, map=MapRef(3, 4))
    tab = open_tab(scene, 1600, 900)
    group = tab.page.weights
    assert group.slice.maximum() == 0 and group.grid.values().shape == (3, 3)
    type_weight(group, "1")
    assert [(e.layer, e.out, e.inp) for e in tab.scene.edits] == [(3, 4, 0)]
    before = drawn(tab.page.view, 3).copy()
    np.testing.assert_array_equal(before, engine_pass(tab.scene)[3])


def test_a_stack_change_keeps_the_edits_that_still_fit_and_names_those_dropped(open_tab):
    scene = NetworkScene(layers="conv3x4,relu,conv3x2", size=(12, 12), map=MapRef(3, 1))
    tab = open_tab(scene, 1600, 900)
    type_weight(tab.page.weights, "3")
    assert [e.name for e in tab.scene.edits] == ["3.1.0"]
    stack = tab.page.stack
    type_into(stack.text, "conv3x4,relu,conv3")
    assert tab.scene.layers == "conv3x4,relu,conv3" and tab.scene.edits == () and tab.scene.map is None
    assert "Dropped 1 kernel edit that no longer fit: 3.1.0." in stack.message.text()


def test_a_stack_that_cannot_run_says_why_where_the_maps_were_and_the_editor_is_off(open_tab):
    tab = open_tab(NetworkScene(), 1600, 900)
    stack = tab.page.stack
    type_into(stack.text, "conv5x6,conv5x6,conv5x6,conv5x6,conv5x6,conv5x6,conv5x6")
    view, group = tab.page.view, tab.page.weights
    assert view.problem.isVisible() and "layer 7 (conv5x6)" in view.problem.text()
    assert "at least 29 pixels" in view.problem.text()
    assert len(view.strip.shown()) == 1  # the input alone
    np.testing.assert_array_equal(view.strip.item(0).plane(0), input_channels("digit3", (28, 28))[0])
    assert not group.grid.isEnabled() and "does not run" in group.map_label.text()
    tab.back()
    assert not view.problem.isVisible() and len(view.strip.shown()) == 13 and group.grid.isEnabled()


def test_the_input_is_no_map_to_choose_and_a_pooled_map_has_no_weights(open_tab):
    tab = open_tab(NetworkScene(), 1600, 900)
    view = tab.page.view
    click(view, view.strip.item(0), 3, 3)
    assert tab.scene.map is None and len(tab.history.entries) == 1
    pooled = view.strip.item(3)
    click(view, pooled, *pooled.cell_of((2, 4, 5)))
    assert tab.scene.map == MapRef(3, 2) and tab.scene.step == 4 * 14 + 5
    assert "learns nothing" in tab.page.weights.map_label.text() and not tab.page.weights.grid.isEnabled()
    assert view.formula.text().startswith("y3:2[4, 5] = max(")
    assert "map 2 is the largest value of each window of map 2" in view.note.text()
    window = view.slice_panels[0]
    assert window.isVisible() and window.title.text() == "window"
    np.testing.assert_array_equal(window.grid.values(), engine_pass(tab.scene)[2][2, 8:10, 10:12])


def test_a_preset_brings_its_input_and_size_and_colour_presets_are_offered(open_tab):
    tab = open_tab(NetworkScene(), 1600, 900)
    pick_preset(tab.page.stack, "Tiny-VGG-like (64x64 colour)")
    assert (tab.scene.layers, tab.scene.input, tab.scene.size) == (TINY_VGG, "colour_shapes", (64, 64))
    assert len(tab.history.entries) == 2
    view, inputs = tab.page.view, tab.page.input_group
    assert [item.names for item in (view.strip.item(0),)] == [["input red", "input green", "input blue"]]
    assert inputs.presets.currentText() == "colour_shapes" and "colour input" in inputs.message.text()
    pick_preset(inputs, "digit5")  # a grayscale input on the colour stack: one channel in
    assert tab.scene.input == "digit5" and view.strip.item(0).count() == 1
    assert view.table.texts()[1][1] == "(1, 64, 64) → (10, 62, 62)"


def test_an_edit_past_what_a_link_carries_is_refused_in_place(open_tab):
    scene = NetworkScene(map=MapRef(1, 0))
    sizes = ((8, 120), (10, 84), (12, 10), (4, 16), (1, 6))
    for layer, out in [(layer, out) for layer, count in sizes for out in range(count)]:
        scene = with_bias_edit(scene, layer, out, 0.5)
    slices = [(out, inp) for out in range(16) for inp in range(6)]
    for out, inp in slices[: EDITS[1] - len(scene.edits)]:
        scene = with_kernel_edit(scene, 4, out, inp, [[0.5] * 5] * 5)
    assert len(scene.edits) == EDITS[1]
    tab = open_tab(scene, 1600, 900)
    group = tab.page.weights
    before = group.grid.values().copy()
    type_weight(group, "9")  # a weight of map 1:0's kernel: one edit more
    assert tab.scene == scene and len(tab.history.entries) == 1
    assert group.message.is_problem() and f"at most {EDITS[1]} kernel edits" in group.message.text()
    np.testing.assert_array_equal(group.grid.values(), before)
    group.bias.setValue(0.75)  # a bias already edited may still change: the count stays
    assert len(tab.scene.edits) == EDITS[1] and len(tab.history.entries) == 2
    assert next(e for e in tab.scene.edits if e.name == "1.0.b").rows == ((0.75,),)


def test_seeded_weights_are_one_click_and_keep_the_edits(open_tab):
    tab = open_tab(NetworkScene(map=MapRef(1, 2)), 1600, 900)
    group, view = tab.page.weights, tab.page.view
    type_weight(group, "4")
    group.kind.buttons["seed"].click()
    assert tab.scene.weights.seed == 0 and "weights=seed:0" in tab.link() and len(tab.scene.edits) == 1
    assert group.seed.isEnabled()
    group.seed.setValue(7)
    assert tab.scene.weights.seed == 7 and len(tab.history.entries) == 4
    for layer in range(13):
        np.testing.assert_array_equal(drawn(view, layer), engine_pass(tab.scene)[layer])
    assert group.grid.values()[0, 0] == 4.0  # the edit stays over the seeded kernel
    group.kind.buttons["default"].click()
    assert tab.scene.weights.seed is None and not group.seed.isEnabled()


def test_dragging_a_weight_redraws_as_it_goes_and_is_one_history_entry(open_tab, drag):
    from PySide6.QtCore import QPoint

    tab = open_tab(NetworkScene(map=MapRef(4, 1)), 1600, 900)
    group, view = tab.page.weights, tab.page.view
    tab.page.side_panel.ensureWidgetVisible(group.grid)
    start = group.grid.cell_rect(2, 2).center().toPoint()
    before = float(group.grid.values()[2, 2])
    seen = []
    tab.page.edited.connect(lambda scene, final: seen.append((scene.edits, final)))
    drag(group.grid, [start, *(start - QPoint(0, dy) for dy in (4, 10, 20, 30))])
    assert len(seen) >= 3 and [final for _, final in seen[:-1]] == [False] * (len(seen) - 1) and seen[-1][1]
    assert len(tab.history.entries) == 2  # the drag is one entry
    (edit,) = tab.scene.edits
    assert (edit.layer, edit.out, edit.inp) == (4, 1, 0) and edit.rows[2][2] > before
    for layer in (4, 12):
        np.testing.assert_array_equal(drawn(view, layer), engine_pass(tab.scene)[layer])
