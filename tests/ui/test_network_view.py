"""The Network view against the engine: every drawn map is the pass's output computed here from the
engine's layers; a multi-channel value's drawn partial sums are each channel's window times its kernel
slice, and they plus the bias make the value; a grouped kernel reads only its group's maps; hovering the
flattened vector says each element's index in both forms."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from convviz.engine import forward, parse_layers, unflat_index
from convviz.engine.network import flat_index
from convviz.scene.network_fields import MapRef
from convviz.scene.network_inputs import input_channels
from convviz.scene.network_model import scene_layer_weights
from convviz.scene.network_presets import DEPTHWISE_SEPARABLE, NETWORK_PRESETS
from convviz.scene.scenes import NetworkScene
from convviz.timeline.network import NetworkTimeline
from convviz.timeline.network_text import shown
from convviz.ui.views.network_view import NetworkView

from .pointer import hover

SCENES = [NetworkScene(input=p.input, size=p.size, layers=p.layers) for p in NETWORK_PRESETS] + [
    NetworkScene(
        layers="conv3x4,relu,conv3x6g2,flatten,linear5", size=(12, 10), weights=NetworkScene().weights
    ),
]


@pytest.fixture
def view(shown):
    return shown(NetworkView(), 1600, 900)


def engine_pass(scene: NetworkScene) -> list[np.ndarray]:
    specs = parse_layers(scene.layers)
    x = input_channels(scene.input, tuple(scene.size))
    weights = [scene_layer_weights(scene, layer) for layer in range(1, len(specs) + 1)]
    return [x, *forward(x, specs, weights)]


def drawn(view: NetworkView, layer: int) -> np.ndarray:
    item = view.strip.item(layer)
    return item.plane(0) if item.vector else np.stack([item.plane(c) for c in range(item.count())])


@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.layers[:20])
def test_every_drawn_map_is_the_engines(view, scene):
    view.load(scene)
    view.draw(0)
    expected = engine_pass(scene)
    assert len(view.strip.shown()) == len(expected)
    for layer, output in enumerate(expected):
        np.testing.assert_array_equal(drawn(view, layer), output)


def test_a_multi_channel_value_is_the_sum_of_its_drawn_partials_and_the_bias(view):
    scene = NetworkScene(map=MapRef(4, 3))  # LeNet's conv5x16: each map reads all 6 pooled maps
    timeline = NetworkTimeline(scene)
    view.load(scene)
    i, j = 6, 2
    view.draw(i * 10 + j)
    x = engine_pass(scene)[3]
    w, b = scene_layer_weights(scene, 4)
    partials = [float(np.sum(x[c, i : i + 5, j : j + 5].astype(np.float64) * w[3, c])) for c in range(6)]
    titles = [panel.title.text() for panel in view.slice_panels[:6]]
    assert titles == [f"in {c}: {shown(p)}" for c, p in enumerate(partials)]
    assert view.bias_panel.isVisible() and view.bias_panel.title.text() == f"bias {shown(float(b[3]))}"
    value = engine_pass(scene)[4][3, i, j]
    assert sum(partials) + float(b[3]) == pytest.approx(float(value), abs=1e-4)
    formula = view.formula.text()
    assert formula.startswith(f"y4:3[{i}, {j}] = ")
    for p in partials:
        assert f"({shown(p)})" in formula
    assert formula.endswith(shown(float(value))) or f"≈ {shown(float(value))}" in formula
    assert timeline.step(i * 10 + j).text in formula
    np.testing.assert_array_equal(view.output.values()[i, : j + 1], engine_pass(scene)[4][3, i, : j + 1])


def test_a_grouped_kernel_reads_only_its_groups_maps(view):
    scene = NetworkScene(input="colour_shapes", size=(32, 32), layers=DEPTHWISE_SEPARABLE, map=MapRef(3, 5))
    view.load(scene)
    view.draw(40)
    inputs = view.strip.item(2)
    assert {inputs.place_at(tuple(tap))[0] for tap in inputs.cells.window()} == {5}
    assert view.strip.columns[2].box.faded == (0, 1, 2, 3, 4, 6, 7)  # veiled: another group's
    assert [panel.isVisible() for panel in view.slice_panels[:2]] == [True, False]
    assert "reads input channel 5 of 8 (group 6 of 8)" in view.note.text()


def test_hovering_the_flattened_vector_says_both_indices(view):
    scene = NetworkScene()  # LeNet: flatten of (16, 5, 5) at layer 7
    view.load(scene)
    view.draw(0)
    item = view.strip.item(7)
    for k in (0, 37, 399):
        said = hover(view, item, *item.cell_of((k,)))
        c, h, w = unflat_index(k, (16, 5, 5))
        assert said and f"element {k} = " in said[-1]
        assert f"cell ({c}, {h}, {w}) of the (16, 5, 5) map: ({c}·5 + {h})·5 + {w} = {k}" in said[-1]
    maps = view.strip.item(6)
    said = hover(view, maps, *maps.cell_of((3, 2, 4)))  # and the map it comes from names the element
    assert f"element {flat_index(3, 2, 4, (16, 5, 5))} of the flattened vector" in said[-1]


def test_the_marks_stay_on_their_maps_when_a_new_shape_retiles_them(view, qtbot):
    scene = NetworkScene(input="colour_shapes", size=(32, 32), layers=DEPTHWISE_SEPARABLE, map=MapRef(3, 5))
    view.load(scene)
    view.draw(40)
    columns = view.strip.item(2).columns
    for size in ((700, 900), (1900, 500)):
        view.resize(*size)
        qtbot.waitUntil(lambda before=columns: view.strip.item(2).columns != before)
        columns = view.strip.item(2).columns
        inputs, chosen = view.strip.item(2), view.strip.item(3)
        assert {inputs.place_at(tuple(tap))[0] for tap in inputs.cells.window()} == {5}
        assert chosen.place_at(chosen.cells.current()) == (5, 1, 8)  # step 40 of a 32-wide map
        np.testing.assert_array_equal(inputs.plane(5), engine_pass(scene)[2][5])


def test_the_table_writes_every_edge_and_the_engines_counts(view):
    from convviz.engine.network import layer_shapes, multiply_adds, parameter_count

    scene = NetworkScene()
    view.load(scene)
    view.draw(0)
    specs = parse_layers(scene.layers)
    shapes = [(1, 28, 28), *layer_shapes(specs, (1, 28, 28))]
    rows = view.table.texts()
    assert rows[0] == ("Layer", "Shape", "Parameters", "Multiply-adds")
    assert rows[1] == ("1 conv5p2x6", "(1, 28, 28) → (6, 28, 28)", "156", "117,600")
    assert rows[7][1] == "(16, 5, 5) → (400,)"
    for row, spec, before in zip(rows[1:-1], specs, shapes):
        assert row[2] == f"{parameter_count(spec, before):,}" and row[3] == f"{multiply_adds(spec, before):,}"
    assert rows[-1] == ("Total", "", "61,706", "416,520")  # LeNet-5's hand count of parameters
    view.load(NetworkScene(layers="conv3x4,flatten,linear3", size=(6, 6)))
    view.draw(0)
    assert [row[0] for row in view.table.texts()] == ["Layer", "1 conv3x4", "2 flatten", "3 linear3", "Total"]


def test_a_theme_switch_recolours_the_maps_and_the_gaps_between_them(view):
    from convviz.ui.theme import THEMES

    view.load(NetworkScene(map=MapRef(4, 3)))
    view.draw(5)
    dark = next(theme for theme in THEMES.values() if theme.background != view.theme.background)
    view.set_theme(dark)
    item = view.strip.item(4)
    assert (
        item.cells.theme() is dark
        and view.strip.columns[4].box.outline.pen().color().name() == dark.window_outline
    )
    gap = item.cell_of((0, 0, 10))  # the cell right of map 0's last column is a gap
    assert item.place_at(gap) is None and np.isnan(item.values()[gap])
    point = view.mapFromScene(item.mapToScene(QPointF(gap[1] + 0.5, gap[0] + 0.5)))
    pixel = view.grab().toImage().pixelColor(point * view.devicePixelRatioF())
    assert pixel.name() == QColor(dark.background).name()  # no cell: the background, not an empty cell
    np.testing.assert_array_equal(drawn(view, 4), engine_pass(NetworkScene(map=MapRef(4, 3)))[4])


def test_home_shows_every_map_whole_and_a_weight_says_whose_it_is(view, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view.load(NetworkScene(map=MapRef(4, 3)))
    view.draw(0)
    box = view.strip.columns[4].box
    whole = box.viewRange()
    box.scaleBy((0.5, 0.5))  # zoomed in, as the wheel does
    assert box.viewRange() != whole
    QTest.keyClick(view, Qt.Key.Key_Home)
    np.testing.assert_allclose(box.viewRange(), whole)
    said = hover(view, view.slice_panels[2].grid, 1, 1)
    w = scene_layer_weights(NetworkScene(), 4)[0][3, 2, 1, 1]
    assert said[-1].startswith(f"map 4:3's weights on in 2: row 1, column 1 = {w:g}")


def test_a_flattened_element_marks_the_cell_it_comes_from_and_veils_the_other_maps(view):
    view.load(NetworkScene(map=MapRef(7, 37)))
    view.draw(0)
    maps = view.strip.item(6)
    assert maps.place_at(maps.cells.current()) == (1, 2, 2)
    assert view.strip.columns[6].box.faded == tuple(c for c in range(16) if c != 1)
    vector = view.strip.item(7)
    assert vector.place_at(vector.cells.current()) == (37,)
