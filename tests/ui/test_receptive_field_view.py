"""The Receptive-field view: every map it shows is the timeline's, the marked cells at each step are the
timeline's masks, the table and the plot are the timeline's table, the effective field's heat map is
its gradient, and a stack with no output says why where the maps would be."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QMenu

from convviz.scene.field_probe import ErfWeights, Unit
from convviz.scene.scenes import ReceptiveFieldScene
from convviz.timeline import NoOutput
from convviz.timeline.receptive_field import ReceptiveFieldTimeline
from convviz.ui.theme import HIGH_CONTRAST
from convviz.ui.views import create_view
from convviz.ui.views.receptive_field_pictures import HEADER, box_rect
from convviz.ui.views.receptive_field_view import KEYED_MAPS, ReceptiveFieldView, maps_per_row

from .pointer import hover

STACKS = (
    "conv3,conv3,maxpool2,conv3",
    "conv3s2,conv3s2,conv3",
    "conv3p2d2,conv3p4d4,conv3p8d8",
    "conv5s2p1,avgpool3s2p1,conv3d2",
)


@pytest.fixture
def view(shown):
    return shown(ReceptiveFieldView(), 1600, 900)


def loaded(view, **fields) -> ReceptiveFieldTimeline:
    view.load(ReceptiveFieldScene(**fields))
    return view._loaded


def marked(grid) -> np.ndarray:
    """The cells a map marks as the field's, as a mask of the map's shape."""
    mask = np.zeros(grid.values().shape, dtype=bool)
    cells = grid.cells.window()
    if cells is not None:
        mask[cells[:, 0], cells[:, 1]] = True
    return mask


def test_the_receptive_field_page_has_this_view():
    assert type(create_view("receptive-field")) is ReceptiveFieldView


@pytest.mark.parametrize("layers", STACKS)
def test_every_map_is_the_timelines_and_titled_with_its_size(view, layers):
    timeline = loaded(view, layers=layers, size=(31, 29))
    view.draw(0)
    shown = [panel for panel in view.map_panels if panel.isVisible()]
    assert len(shown) == len(timeline.maps) == len(timeline.specs) + 1
    for layer, (panel, values) in enumerate(zip(shown, timeline.layer_values())):
        np.testing.assert_array_equal(panel.grid.values(), values)
        assert panel.grid.values().shape == timeline.maps[layer]
        height, width = timeline.maps[layer]
        assert panel.title.text().endswith(f"{height}x{width}")
        if layer:
            assert str(timeline.specs[layer - 1]) in panel.title.text()


@pytest.mark.parametrize("layers", STACKS)
def test_each_step_marks_the_field_from_the_units_map_down_to_the_steps(view, layers):
    timeline = loaded(view, layers=layers, size=(31, 29), unit=Unit(len(layers.split(",")), 1, 2))
    unit = timeline.unit
    for index in range(timeline.count):
        view.draw(index)
        step = timeline.step(index)
        for layer in range(len(timeline.maps)):
            grid, box = view.map_panels[layer].grid, view.field_boxes[layer]
            if step.layer <= layer <= unit.layer:
                np.testing.assert_array_equal(marked(grid), timeline.masks[layer])
            else:
                assert not marked(grid).any()
            drawn = box.box if box.isVisible() else None
            assert drawn == (timeline.boxes[layer] if step.layer <= layer < unit.layer else None)
            assert grid.current() == ((unit.row, unit.col) if layer == unit.layer else None)
        assert len(view.joins.lines()) == 4 * index  # four corners joined per map pair shown
        assert view.words.text() == f"Step {index + 1} of {timeline.count}: {step.words}"


def test_the_joins_run_from_a_boxs_corners_to_the_corners_of_the_box_below(view):
    timeline = loaded(view, layers="conv3,conv3", size=(12, 12), unit=Unit(2, 3, 4))
    view.draw(2)
    lower, upper = view.map_panels[1].grid, view.map_panels[2].grid
    first = view.joins.lines()[0]  # the top-left corners of layer 2's box and layer 1's
    assert first.p1() == upper.mapToScene(box_rect(timeline.boxes[2]).topLeft())
    assert first.p2() == lower.mapToScene(box_rect(timeline.boxes[1]).topLeft())
    view.map_panels[1].box.scaleBy((0.5, 0.5))  # a zoom: the lines follow the box
    moved = view.joins.lines()[4]
    assert moved.p1() == lower.mapToScene(box_rect(timeline.boxes[1]).topLeft())


@pytest.mark.parametrize("layers", STACKS)
def test_the_table_and_the_plot_are_the_timelines_table(view, layers):
    timeline = loaded(view, layers=layers, size=(40, 33), unit=Unit(2, 0, 1))
    view.draw(0)
    header, *rows = view.table.cells()
    assert header == HEADER
    assert len(rows) == len(timeline.table)
    for cells, row in zip(rows, timeline.table):
        assert cells[0] == str(row.layer) and cells[1] == row.item
        assert cells[2] == f"{row.map[0]}x{row.map[1]}"
        assert (int(cells[3]), int(cells[4]), float(cells[5]), int(cells[6])) == (
            row.size, row.jump, row.start, row.padding,
        )  # fmt: skip
    depth, sizes = view.plot.size_curve.getData()
    assert list(depth) == list(range(len(timeline.table) + 1))
    assert list(sizes) == [1, *(row.size for row in timeline.table)]
    assert list(view.plot.jump_curve.getData()[1]) == [1, *(row.jump for row in timeline.table)]
    assert view.plot.marker.value() == 2
    assert view.table._marked == 1  # the unit's layer's row


def test_a_published_stack_shows_the_published_numbers(view):
    """VGG-16 to pool5 (google-research/receptive_field): 212/32/90 at pool5."""
    from convviz.scene.layer_presets import layer_preset

    loaded(view, layers=layer_preset("VGG-16 (to pool5)"), size=(224, 224))
    view.draw(0)
    last = view.table.cells()[-1]
    assert (last[1], last[2], last[3], last[4], last[6]) == ("maxpool2", "7x7", "212", "32", "90")


@pytest.mark.parametrize("erf", [ErfWeights("uniform"), ErfWeights("random", seed=3)])
def test_the_effective_field_is_the_gradient_beside_the_theoretical_box(view, erf):
    timeline = loaded(view, layers="conv3,conv3d2,avgpool2,conv3", size=(30, 30), erf=erf)
    view.draw(timeline.count - 1)
    assert view.erf_panel.isVisible()
    np.testing.assert_array_equal(view.erf_panel.grid.values(), timeline.erf.gradient)
    assert view.erf_box.box == timeline.boxes[0] and view.erf_box.isVisible()
    (cy, cx), (sy, sx) = timeline.erf.centre, timeline.erf.sigma
    ellipse = view.erf_fit.rect()
    assert ellipse.center() == QPointF(cx + 0.5, cy + 0.5)
    assert (ellipse.width(), ellipse.height()) == pytest.approx((4 * sx, 4 * sy))
    assert view.erf_words.text() == timeline.erf.words
    unit = timeline.unit
    assert f"unit {unit.layer}:{unit.row},{unit.col}" in view.erf_panel.title.text()
    loaded(view, layers="conv3,conv3d2,avgpool2,conv3", size=(30, 30))  # none: no heat map
    view.draw(0)
    assert not view.erf_panel.isVisible() and view.erf_words.text() == ""


def test_a_unit_changed_redraws_the_marks_not_the_maps(view, monkeypatch):
    """The maps are drawn once per stack, input and weights: a click on another unit, or the uniform
    effective field turned on, sets no map's values."""
    loaded(view, layers="conv3,conv3", size=(20, 20))
    view.draw(0)
    drawn = []
    for panel in view.map_panels:
        monkeypatch.setattr(panel, "set_values", lambda *args, **kwargs: drawn.append(args))
    loaded(view, layers="conv3,conv3", size=(20, 20), unit=Unit(1, 2, 3))
    view.draw(1)
    assert drawn == [] and marked(view.map_panels[0].grid).sum() == 9
    loaded(view, layers="conv3,conv3", size=(20, 20), unit=Unit(1, 2, 3), erf=ErfWeights("uniform"))
    view.draw(1)
    assert drawn == []  # the maps were already the uniform weights' values
    loaded(view, layers="conv3,conv3", size=(20, 21), unit=Unit(1, 2, 3))  # another input: all again
    view.draw(1)
    assert len(drawn) == 3


def test_many_maps_wrap_without_keys_the_input_as_large_as_the_rest(view):
    timeline = loaded(view, layers=",".join(["conv3p1"] * 12), size=(30, 30))
    view.draw(0)
    assert not any(panel.key.isVisible() for panel in view.map_panels)
    widths = {round(panel.box.width()) for panel in view.map_panels if panel.isVisible()}
    assert len(widths) == 1  # all 30x30 maps: the input's box is no smaller
    rows = {round(panel.geometry().top()) for panel in view.map_panels if panel.isVisible()}
    assert len(rows) == -(-len(timeline.maps) // view._maps._per_row) > 1
    loaded(view, layers="conv3,conv3", size=(30, 30))
    view.draw(0)
    assert 3 <= KEYED_MAPS and view.map_panels[1].key.isVisible()


def test_maps_per_row_keeps_them_largest():
    assert maps_per_row(5, 1000, 600, 20) == 3  # two rows of 268 px beat one of 200
    assert maps_per_row(5, 2000, 300, 20) == 5  # a wide, low room: one row
    assert maps_per_row(1, 100, 100, 20) == 1


def test_hovering_says_whether_a_cell_can_influence_the_unit(view):
    timeline = loaded(view, layers="conv3,conv3", size=(12, 12), unit=Unit(2, 0, 0))
    view.draw(timeline.count - 1)
    grid = view.map_panels[0].grid
    assert "can influence the unit" in hover(view, grid, 4, 4)[-1]
    assert "can influence" not in hover(view, grid, 10, 10)[-1]
    said = hover(view, view.map_panels[2].grid, 0, 0)[-1]
    assert "the unit followed" in said


def test_a_vanishing_stack_says_at_which_layer_and_leaves_nothing_of_the_last(view):
    loaded(view, layers="conv3,conv3,conv3", size=(12, 12))
    view.draw(3)
    scene = ReceptiveFieldScene(layers="conv3,conv3,conv3,conv3", size=(7, 7))
    with pytest.raises(NoOutput) as problem:
        view.load(scene)
    view.show_problem(scene, str(problem.value))
    assert view.problem.isVisible() and "layer 4 (conv3)" in view.problem.text()
    assert "at least 9 pixels" in view.problem.text()
    assert [panel.isVisible() for panel in view.map_panels[:2]] == [True, False]
    assert view.input_panel.grid.values().shape == (7, 7) and not marked(view.input_panel.grid).any()
    assert view.table.cells() == [HEADER] and view.joins.lines() == []
    assert view.words.text() == view.warnings.text() == ""


def test_a_theme_switch_recolours_the_field_marks_the_table_and_the_plot(view):
    timeline = loaded(view, layers="conv3,conv3", size=(12, 12), erf=ErfWeights("uniform"))
    view.draw(timeline.count - 1)
    view.set_theme(HIGH_CONTRAST)
    outline = QColor(HIGH_CONTRAST.current_outline)
    assert view.joins.pen().color().rgb() == outline.rgb()
    assert all(box.pen().color() == outline for box in (*view.field_boxes, view.erf_box))
    assert view.erf_fit.pen().color() == QColor(HIGH_CONTRAST.highlight)
    assert view.plot.marker.pen.color() == QColor(HIGH_CONTRAST.highlight)
    assert view.plot.size_curve.opts["pen"].color() == outline
    assert view.table._theme is HIGH_CONTRAST and view.input_panel.grid.cells.theme() is HIGH_CONTRAST


def test_a_long_table_gets_the_side_columns_room_at_a_legible_size(shown):
    """VGG-16's 18 rows at 1280x720, the effective field on: the table takes a share per row, so its
    text stays legible and every row fits above the plot."""
    from convviz.scene.layer_presets import layer_preset

    view = shown(ReceptiveFieldView(), 1280, 720)
    layers = layer_preset("VGG-16 (to pool5)")
    loaded(view, layers=layers, size=(224, 224), erf=ErfWeights("uniform"))
    view.draw(0)
    table, plot = view.table.geometry(), view.plot.geometry()
    assert view.table.font_px() >= 10
    assert 19 * view.table.font_px() * 1.25 <= table.height() <= plot.top() - table.top()
    assert table.height() > plot.height() and view.erf_panel.geometry().top() >= plot.bottom()


def test_the_view_makes_no_menus_or_option_forms_of_its_own(qapp, qtbot):
    """pyqtgraph's PlotItem makes menus and an options form as hidden top-level widgets, which PySide
    deleted twice once a thumbnail's view went without close() (a crash many tests later): the plot is
    built from a ViewBox and axes instead."""
    before = set(qapp.topLevelWidgets())
    view = ReceptiveFieldView()
    qtbot.addWidget(view)
    loaded(view, layers="conv3,conv3", size=(12, 12), erf=ErfWeights("uniform"))
    view.draw(0)
    made = set(qapp.topLevelWidgets()) - before
    assert not [widget for widget in made if isinstance(widget, (QMenu, QGroupBox))]
    assert not [widget for widget in made if widget.findChildren(QGroupBox)]
