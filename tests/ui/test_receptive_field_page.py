"""The Receptive-field page driven through a real tab as a person drives it: a click on a cell of a
layer's map follows that unit (in the link, one history entry) and marks exactly the cells whose
gradient is not zero; presets that need a larger input raise it, stacks that lose the unit go back to
the centre unit, each said in place; the effective field's weights are chosen with buttons."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from convviz.engine import avg_pool2d, avg_pool2d_backward, conv2d, conv2d_backward, parse_layers
from convviz.scene.field_probe import ErfWeights, Unit
from convviz.scene.layer_presets import LAYER_PRESETS
from convviz.scene.model import input_image
from convviz.scene.scenes import ReceptiveFieldScene
from convviz.timeline.receptive_field import ReceptiveFieldTimeline
from convviz.ui.pages.receptive_field_page import ReceptiveFieldPage

from .pointer import click
from .test_receptive_field_view import marked


def gradient_patterns(scene: ReceptiveFieldScene, unit: Unit) -> list[np.ndarray]:
    """Where d unit / d map is not zero, for the input and every layer below the unit, by the engine's
    backward passes with all-positive weights (so no two paths cancel)."""
    specs = parse_layers(scene.layers)[: unit.layer]
    maps = [input_image(scene.input, scene.size).astype(np.float64) + 1.0]  # positive everywhere
    for spec in specs:
        ones = np.ones((spec.kernel, spec.kernel))
        if spec.kind == "conv":
            maps.append(
                conv2d(maps[-1], ones, stride=spec.stride, padding=spec.padding, dilation=spec.dilation)
            )
        else:
            maps.append(avg_pool2d(maps[-1], spec.kernel, spec.stride, spec.padding))
    grad = np.zeros(maps[-1].shape)
    grad[unit.row, unit.col] = 1.0
    patterns = [grad != 0]
    for spec, x in zip(reversed(specs), reversed(maps[:-1])):
        if spec.kind == "conv":
            ones = np.ones((spec.kernel, spec.kernel))
            grad = conv2d_backward(
                x, ones, grad, stride=spec.stride, padding=spec.padding, dilation=spec.dilation
            )[0]
        else:
            grad = avg_pool2d_backward(x, grad, spec.kernel, spec.stride, spec.padding)
        patterns.insert(0, grad != 0)
    return patterns


@pytest.mark.parametrize(
    ("layers", "cell"),
    [
        ("conv3p2d2,conv3p4d4,conv3p8d8", (3, 17)),  # gridding: holes in the input
        ("conv3s2,conv3s2p1,conv3", (2, 1)),  # strided
        ("conv3d2,avgpool2,conv3s2d3p2", (0, 4)),  # dilated, pooled and strided
    ],
)
def test_a_clicked_unit_is_followed_and_its_field_is_where_the_gradient_is(open_tab, layers, cell):
    scene = ReceptiveFieldScene(layers=layers, size=(30, 28))
    tab = open_tab(scene, 1600, 900)
    view = tab.page.view
    last = len(parse_layers(layers))
    click(view, view.map_panels[last].grid, *cell)
    unit = Unit(last, *cell)
    assert tab.scene == scene.replace(unit=unit, step=last)  # the whole field shows
    assert f"unit={last}:{cell[0]},{cell[1]}" in tab.link()
    assert len(tab.history.entries) == 2
    timeline = ReceptiveFieldTimeline(tab.scene)
    patterns = gradient_patterns(scene, unit)
    for layer, pattern in enumerate(patterns):
        drawn = marked(view.map_panels[layer].grid)
        np.testing.assert_array_equal(drawn, timeline.masks[layer])
        np.testing.assert_array_equal(drawn, pattern)
    if layers.startswith("conv3p2d2"):
        top, left, bottom, right = timeline.boxes[0]
        inside = marked(view.input_panel.grid)[max(top, 0) : bottom + 1, max(left, 0) : right + 1]
        assert 0 < inside.sum() < inside.size  # the lattice has holes


def test_a_unit_of_a_middle_layer_marks_that_layer_and_the_maps_below(open_tab):
    tab = open_tab(ReceptiveFieldScene(layers="conv3,conv3,maxpool2,conv3"), 1600, 900)
    view = tab.page.view
    click(view, view.map_panels[2].grid, 5, 6)
    assert tab.scene.unit == Unit(2, 5, 6) and tab.scene.step == 2
    assert marked(view.map_panels[0].grid).sum() == 25 and marked(view.map_panels[1].grid).sum() == 9
    assert not marked(view.map_panels[3].grid).any() and not marked(view.map_panels[4].grid).any()
    click(view, view.input_panel.grid, 1, 1)  # the input has no units: nothing happens
    assert tab.scene.unit == Unit(2, 5, 6) and len(tab.history.entries) == 2


def pick_preset(group, name: str) -> None:
    """Pick a preset with the keyboard, as a person can: the one before it, then Down."""
    names = [group.presets.itemText(i) for i in range(group.presets.count())]
    group.presets.setCurrentIndex(names.index(name) - 1)
    group.presets.setFocus()
    QTest.keyClick(group.presets, Qt.Key.Key_Down)


def test_a_preset_that_needs_a_larger_input_raises_it_in_the_same_edit_and_says_so(open_tab):
    tab = open_tab(ReceptiveFieldScene(), 1600, 900)
    stack = tab.page.stack
    pick_preset(stack, "AlexNet (to pool5)")
    alexnet = dict(LAYER_PRESETS)["AlexNet (to pool5)"]
    assert tab.scene.layers == alexnet and tab.scene.size == (67, 67)
    assert len(tab.history.entries) == 2  # one edit
    assert stack.message.isVisible() and not stack.message.is_problem()
    assert "Input raised from 28x28 to 67x67" in stack.message.text()
    assert tab.page.view.table.cells()[-1][2] == "1x1"  # pool5 keeps one cell
    pick_preset(stack, "ResNet-50 stem")  # runs on 67x67: the size stays, nothing to say
    assert tab.scene.size == (67, 67) and not stack.message.isVisible()


def test_a_typed_stack_keeps_the_size_and_the_view_says_where_its_maps_vanish(open_tab):
    tab = open_tab(ReceptiveFieldScene(size=(12, 12)), 1600, 900)
    stack = tab.page.stack
    stack.text.setFocus()
    stack.text.selectAll()
    QTest.keyClicks(stack.text, "conv5,conv5,conv5")
    QTest.keyClick(stack.text, Qt.Key.Key_Return)
    assert tab.scene.layers == "conv5,conv5,conv5" and tab.scene.size == (12, 12)
    problem = tab.page.view.problem
    assert problem.isVisible() and "layer 3 (conv5)" in problem.text() and "at least 13" in problem.text()


def test_a_stack_that_loses_the_unit_goes_back_to_the_centre_unit_and_says_so(open_tab):
    tab = open_tab(ReceptiveFieldScene(unit=Unit(4, 9, 9), step=4), 1600, 900)
    stack = tab.page.stack
    stack.text.setFocus()
    stack.text.selectAll()
    QTest.keyClicks(stack.text, "conv3,conv3,maxpool2,conv5")
    QTest.keyClick(stack.text, Qt.Key.Key_Return)
    assert tab.scene.layers == "conv3,conv3,maxpool2,conv5" and tab.scene.unit is None
    assert "Unit 4:9,9 is gone (layer 4's map is 8x8 now)" in stack.message.text()
    assert tab.page.view._timeline.unit == Unit(4, 3, 3)
    assert tab.scene.step == 4  # still a step of the new timeline
    click(tab.page.view, tab.page.view.map_panels[4].grid, 1, 1)
    stack.text.setFocus()
    stack.text.selectAll()
    QTest.keyClicks(stack.text, "conv3,conv3,maxpool2")
    QTest.keyClick(stack.text, Qt.Key.Key_Return)
    assert tab.scene.unit is None and "the stack has 3 layers" in stack.message.text()


def test_the_effective_field_is_chosen_with_buttons_and_a_seed(open_tab):
    tab = open_tab(ReceptiveFieldScene(), 1600, 900)
    field = tab.page.field
    assert not tab.page.view.erf_panel.isVisible() and not field.seed.isEnabled()
    QTest.mouseClick(field.weights.buttons["uniform"], Qt.MouseButton.LeftButton)
    assert tab.scene.erf == ErfWeights("uniform") and "erf=uniform" in tab.link()
    assert tab.page.view.erf_panel.isVisible()
    QTest.mouseClick(field.weights.buttons["random"], Qt.MouseButton.LeftButton)
    assert tab.scene.erf == ErfWeights("random", seed=field.seed.value())
    field.seed.setFocus()
    field.seed.lineEdit().selectAll()
    QTest.keyClicks(field.seed, "42")
    QTest.keyClick(field.seed, Qt.Key.Key_Return)
    assert tab.scene.erf == ErfWeights("random", seed=42) and "erf=random:42" in tab.link()
    np.testing.assert_array_equal(
        tab.page.view.erf_panel.grid.values(), ReceptiveFieldTimeline(tab.scene).erf.gradient
    )
    QTest.mouseClick(field.weights.buttons["none"], Qt.MouseButton.LeftButton)
    assert tab.scene.erf == ErfWeights() and not tab.page.view.erf_panel.isVisible()


def test_the_centre_unit_button_and_the_words_follow_the_unit(open_tab):
    tab = open_tab(ReceptiveFieldScene(unit=Unit(2, 1, 3)), 1600, 900)
    field = tab.page.field
    assert "unit 2:1,3" in field.unit_text.text() and field.centre.isEnabled()
    QTest.mouseClick(field.centre, Qt.MouseButton.LeftButton)
    assert tab.scene.unit is None and "centre unit" in field.unit_text.text()
    assert not field.centre.isEnabled()


def test_the_title_counts_the_layers(open_tab):
    tab = open_tab(ReceptiveFieldScene(layers="conv3"))
    assert isinstance(tab.page, ReceptiveFieldPage)
    assert tab.page.title() == "Receptive field · 1 layer"
    tab.page._edit(tab.scene.replace(layers="conv3,conv3s2"))
    assert tab.page.title() == "Receptive field · 2 layers"


def test_presenting_gives_the_maps_the_room_and_larger_text(open_tab):
    tab = open_tab(ReceptiveFieldScene(erf=ErfWeights("uniform")), 1600, 900)
    page = tab.page
    title_px = page.view.input_panel.title.font().pixelSize()
    table_px = page.view.table.font_px()
    page.set_presenting(True)
    assert not page.side_panel.isVisible()
    assert page.view.input_panel.title.font().pixelSize() > title_px
    assert page.view.table.font_px() >= table_px
    page.set_presenting(False)
    assert page.view.input_panel.title.font().pixelSize() == title_px


def test_a_stack_this_page_cannot_show_is_refused_in_place_naming_the_item(open_tab):
    tab = open_tab(ReceptiveFieldScene(), 1600, 900)
    stack = tab.page.stack
    stack.text.setFocus()
    stack.text.selectAll()
    QTest.keyClicks(stack.text, "conv3,relu,conv3")
    QTest.keyClick(stack.text, Qt.Key.Key_Return)
    assert tab.scene == ReceptiveFieldScene() and len(tab.history.entries) == 1
    assert stack.message.is_problem() and "layer 2 (relu)" in stack.message.text()


def test_a_seed_out_of_range_is_refused_in_place(open_tab):
    tab = open_tab(ReceptiveFieldScene(erf=ErfWeights("random", seed=7)), 1600, 900)
    field = tab.page.field
    assert field.seed.value() == 7 and field.seed.isEnabled()
    field.seed.setFocus()
    field.seed.lineEdit().selectAll()
    QTest.keyClicks(field.seed, "99999999999")
    QTest.keyClick(field.seed, Qt.Key.Key_Return)
    assert tab.scene.erf == ErfWeights("random", seed=7)
    assert field.message.is_problem() and "a seed is 0 to" in field.message.text()
