"""The Backprop view, used the way a person does: every map it shows is the timeline's (and so the
engine's) array at steps of every phase; the route's arrows join exactly the cells the gradient
travels between; a click on a cell of the last forward map asks for a one-hot dL/dY there."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtTest import QTest

from convviz.engine import conv2d_backward
from convviz.scene.link import parse_link
from convviz.scene.model import input_image
from convviz.scene.scenes import PAGES
from convviz.timeline import NoOutput
from convviz.timeline.backprop import BackpropTimeline
from convviz.timeline.backprop_phases import BiasGradient, PoolRouting, ReluMask, WeightGradient
from convviz.timeline.input_gradient import GatherView, MatrixView, Scatter
from convviz.ui.numbers import format_value
from convviz.ui.render import prepare_offscreen
from convviz.ui.theme import DEFAULT, HIGH_CONTRAST
from convviz.ui.views import create_view
from convviz.ui.views.backprop_view import BackpropView
from convviz.ui.widgets.grid_painter import GridPainter

from .pointer import click, hover

MAX_OVERLAP = (
    "convviz://backprop?input=digit3&size=10x10&relu=1&pool=max&window=3&pool_stride=2&grad=random:3"
)
AVG = "convviz://backprop?relu=1&pool=avg&grad=random:1"
NO_RELU = "convviz://backprop?relu=0&pool=max&kernel=laplacian"
PLAIN = "convviz://backprop?relu=0&grad=random:2"
STRIDE_DROPPED = "convviz://backprop?input=digit7&size=10x10&stride=2&relu=1&view=gather&grad=random:5"
MATRIX = "convviz://backprop?size=7x7&stride=2&relu=1&pool=avg&view=matrix&grad=random:4"
DILATED_SCATTER = "convviz://backprop?size=9x9&dilation=2&padding=1&padding_mode=reflect&relu=0"
PLAIN_MATRIX = "convviz://backprop?size=6x6&relu=0&view=matrix&kernel=box&padding=1&grad=random:6"
LINKS = [MAX_OVERLAP, AVG, NO_RELU, PLAIN, STRIDE_DROPPED, MATRIX, DILATED_SCATTER, PLAIN_MATRIX]


def scene_of(link: str):
    return parse_link(link, PAGES)  # the page is not open in the window yet


@pytest.fixture
def view(shown):
    return shown(BackpropView(), 1600, 900)


def test_the_backprop_page_has_this_view():
    assert type(create_view("backprop")) is BackpropView


def forward_maps(timeline):
    maps = [timeline.padded, timeline.conv]
    maps += [timeline.activation] if timeline.scene.relu else []
    return maps + ([timeline.pooled] if timeline.pooled is not None else [])


def phase_steps(timeline):
    """Each phase's first, middle and last step."""
    for start, phase in zip(timeline.starts, timeline.phases):
        for k in sorted({0, phase.count // 2, phase.count - 1}):
            yield phase, timeline.step(start + k)


@pytest.mark.parametrize("link", LINKS)
def test_every_map_shows_the_timelines_arrays_at_every_phase(view, link):
    timeline = BackpropTimeline(scene_of(link))
    assert view.load(scene_of(link)) == timeline.count
    for phase, step in phase_steps(timeline):
        view.draw(step.index)
        shown = [panel for panel in view.forward if panel.isVisible()]
        assert len(shown) == len(forward_maps(timeline))
        for panel, values in zip(shown, forward_maps(timeline)):
            np.testing.assert_array_equal(panel.grid.values(), values)
        np.testing.assert_array_equal(view.upstream_panel.grid.values(), timeline.upstream)
        np.testing.assert_array_equal(view.result.grid.values(), step.result)
        assert view.output is view.result.grid
        detail = step.detail
        if isinstance(phase, PoolRouting):
            into = view.forward[2] if timeline.scene.relu else view.forward[1]
            np.testing.assert_array_equal(into.grid.cells.window(), detail.window)
            np.testing.assert_array_equal(view.result.grid.cells.window(), detail.window)
            assert view.upstream_panel.grid.current() == detail.out_cell
            chosen = tuple(detail.targets[0]) if phase.is_max else None
            assert view.result.grid.cells.chosen() == chosen
        elif isinstance(phase, ReluMask):
            np.testing.assert_array_equal(view.result.grid.cells.uncounted_mask(), ~timeline.relu_mask)
            if timeline.pooled is not None:
                np.testing.assert_array_equal(view.first.grid.values(), timeline.grad_activation)
        elif isinstance(phase, WeightGradient):
            np.testing.assert_array_equal(view.first.grid.values(), timeline.padded)
            np.testing.assert_array_equal(view.first.grid.cells.window(), detail.window)
            error = view.second if view.second.isVisible() else view.upstream_panel
            np.testing.assert_array_equal(error.grid.values(), detail.weights)
            assert view.result.grid.current() == detail.out_cell
            assert view.formula.text().startswith(f"dL/dW[{detail.out_cell[0]}, {detail.out_cell[1]}] =")
        elif isinstance(phase, BiasGradient):
            assert view.result.grid.values()[0, 0] == timeline.grad_bias
        elif isinstance(phase, Scatter):
            np.testing.assert_array_equal(view.second.grid.values(), detail.values)
            top, _, left, _ = timeline.sides
            np.testing.assert_array_equal(view.result.grid.cells.window(), detail.window - (top, left))
            np.testing.assert_array_equal(view.forward[0].grid.cells.window(), detail.window)
        elif isinstance(phase, GatherView):
            spread, kinds = phase.spread
            np.testing.assert_array_equal(view.first.grid.values(), spread)
            np.testing.assert_array_equal(view.first.grid.cells.dashed_mask(), kinds == 1)
            np.testing.assert_array_equal(view.second.grid.values(), phase.rotated)
            np.testing.assert_array_equal(view.first.grid.cells.window(), detail.window.window)
            assert view.result.grid.current() == detail.window.out_cell
        elif isinstance(phase, MatrixView):
            np.testing.assert_array_equal(view.first.grid.values(), phase.matrix)
            error = view.second if view.second.isVisible() else view.upstream_panel
            np.testing.assert_array_equal(error.grid.values(), timeline.grad_conv)
            assert set(view.first.grid.cells.window()[:, 1].tolist()) == {detail.column}
            used = error.grid.cells.window()
            assert {divmod(int(p), timeline.conv.shape[1]) for p in np.flatnonzero(detail.weights)} == {
                tuple(cell) for cell in used.tolist()
            }
            assert view.result.grid.current() == detail.cell
    view.draw(timeline.count - 1)  # the last step: dL/dX whole, the engine's
    np.testing.assert_array_equal(view.result.grid.values(), timeline.grad_input)


@pytest.mark.parametrize("link, last", [(MAX_OVERLAP, 3), (PLAIN, 1)])
def test_clicking_a_cell_of_the_last_forward_map_asks_for_it(view, qtbot, link, last):
    view.load(scene_of(link))
    view.draw(0)
    QTest.qWait(1)
    grid = view.forward[last].grid
    rows, cols = grid.values().shape
    with qtbot.waitSignal(view.cell_clicked) as clicked:
        click(view, grid, rows - 1, cols - 1)
    assert clicked.args[1:] == [rows - 1, cols - 1]
    said = []
    view.cell_clicked.connect(lambda *args: said.append(args))
    click(view, view.forward[0].grid, 1, 1)  # the input is not where dL/dY is chosen
    assert said == []


def cell_under(grid, point) -> tuple[int, int]:
    local = grid.mapFromScene(point)
    return (int(np.floor(local.y())), int(np.floor(local.x())))


def route_steps(timeline):
    return [timeline.step(k) for k in range(timeline.phases[0].count)]


@pytest.mark.parametrize("link", [MAX_OVERLAP, AVG])
def test_arrows_join_the_pooled_cell_to_exactly_the_cells_it_sends_to(view, link):
    timeline = BackpropTimeline(scene_of(link))
    view.load(scene_of(link))
    for step in route_steps(timeline):
        view.draw(step.index)
        ends = view.arrows.ends()
        assert len(ends) == len(step.detail.targets)
        for start, _ in ends:
            assert cell_under(view.upstream_panel.grid, start) == step.detail.out_cell
        targets = sorted(cell_under(view.result.grid, end) for _, end in ends)
        assert targets == sorted(tuple(int(v) for v in t) for t in step.detail.targets)
    view.draw(timeline.starts[1])  # the next phase: no arrows
    assert view.arrows.ends() == [] and view.arrows.path().isEmpty()


def test_the_arrows_follow_a_zoomed_map(view, qtbot):
    timeline = BackpropTimeline(scene_of(MAX_OVERLAP))
    view.load(scene_of(MAX_OVERLAP))
    view.draw(4)
    target = tuple(int(v) for v in timeline.step(4).detail.targets[0])
    before = view.arrows.path().boundingRect()
    box = view.result.box
    box.scaleBy((0.5, 0.5), center=QPointF(target[1] + 0.5, target[0] + 0.5))  # zoom in round the cell
    QTest.qWait(1)
    _, end = view.arrows.ends()[0]
    assert cell_under(view.result.grid, end) == target
    drawn = view.arrows.path().boundingRect()
    assert drawn != before
    assert drawn.adjusted(-2, -2, 2, 2).contains(end)
    start, _ = view.arrows.ends()[0]
    assert drawn.adjusted(-2, -2, 2, 2).contains(start)


def test_each_step_says_its_phase_and_words_and_each_phase_its_note_once(view):
    timeline = BackpropTimeline(scene_of(STRIDE_DROPPED))
    view.load(scene_of(STRIDE_DROPPED))
    total = len(timeline.phases)
    for number, (start, phase) in enumerate(zip(timeline.starts, timeline.phases)):
        step = timeline.step(start)
        view.draw(start)
        assert view.phase_line.text().startswith(f"Phase {number + 1} of {total} · {phase.label}")
        assert view.phase_line.text().endswith(step.words)
        assert view.note.text().startswith(phase.note)
        assert phase.note not in view.phase_line.text()
    assert timeline.coverage_notes and view.note.text().endswith(timeline.coverage_notes[-1])


def test_hovering_a_blocked_cell_says_why_and_an_inserted_zero_says_what_it_is(view):
    timeline = BackpropTimeline(scene_of(STRIDE_DROPPED))
    view.load(scene_of(STRIDE_DROPPED))
    view.draw(timeline.starts[0])  # the ReLU (no pooling here)
    QTest.qWait(1)
    blocked = tuple(int(v) for v in np.argwhere(~timeline.relu_mask)[0])
    said = hover(view, view.result.grid, *blocked)
    assert said and f"there was {format_value(timeline.conv[blocked])} ≤ 0" in said[-1]
    view.draw(timeline.starts[-1])
    QTest.qWait(1)
    _, kinds = timeline.phases[-1].spread
    inserted = tuple(int(v) for v in np.argwhere(kinds == 1)[0])
    said = hover(view, view.first.grid, *inserted)
    assert said and said[-1].endswith("a zero the stride inserts between error cells")
    error = tuple(int(v) for v in np.argwhere(kinds == 0)[-1])  # the last error cell, dL/dZ[3, 3]
    (i, j), (oh, ow) = error, timeline.conv.shape
    assert view.first.grid.values()[error] == timeline.grad_conv[oh - 1, ow - 1]
    assert hover(view, view.first.grid, i, j)[-1].endswith(f"dL/dZ[{oh - 1}, {ow - 1}]")


def test_a_scene_with_no_output_leaves_nothing_of_the_last(view):
    view.load(scene_of(MAX_OVERLAP))
    view.draw(3)
    problem = scene_of("convviz://backprop?input=digit1&size=6x6&grad=onehot:9,9")
    with pytest.raises(NoOutput) as error:
        view.load(problem)
    view.show_problem(problem, str(error.value))
    assert view.problem.isVisible() and "outside the last map" in view.problem.text()
    np.testing.assert_array_equal(view.forward[0].grid.values(), input_image("digit1", (6, 6)))
    assert [panel.isVisible() for panel in view.forward] == [True, False, False, False]
    for panel in (view.upstream_panel, view.result):
        assert np.isnan(panel.grid.values()).all()
    assert view.arrows.ends() == [] and view.phase_line.text() == view.formula.text() == ""
    said = []
    view.cell_clicked.connect(lambda *args: said.append(args))
    click(view, view.upstream_panel.grid, 0, 0)
    assert said == []
    view.load(scene_of(PLAIN))  # and a good scene afterwards draws whole again
    view.draw(0)
    assert not view.problem.isVisible()
    assert [panel.isVisible() for panel in view.forward] == [True, True, False, False]


@pytest.mark.parametrize("link", [MAX_OVERLAP, DILATED_SCATTER])
def test_the_finished_maps_are_the_engines_gradients(view, link):
    timeline = BackpropTimeline(scene_of(link))
    view.load(scene_of(link))
    grad_x, grad_w, grad_b = conv2d_backward(
        timeline.input, timeline.kernel, timeline.grad_conv, **timeline.conv_params
    )
    ends = [start + phase.count - 1 for start, phase in zip(timeline.starts, timeline.phases)]
    labels = timeline.phase_labels()
    view.draw(ends[labels.index("dL/dW")])
    np.testing.assert_array_equal(view.result.grid.values(), grad_w)
    view.draw(ends[labels.index("dL/db")])
    assert view.result.grid.values()[0, 0] == np.float32(grad_b[0])
    view.draw(ends[-1])
    np.testing.assert_array_equal(view.result.grid.values(), grad_x)


def test_a_click_on_dl_dy_asks_for_its_cell_and_a_double_click_elsewhere_shows_a_map_whole(view, qtbot):
    view.load(scene_of(MAX_OVERLAP))
    view.draw(0)
    QTest.qWait(1)
    assert hover(view, view.forward[3].grid, 0, 1)[-1].endswith("click to make dL/dY one-hot at (0, 1)")
    assert "click" not in hover(view, view.forward[2].grid, 0, 1)[-1]
    with qtbot.waitSignal(view.cell_clicked) as clicked:
        click(view, view.upstream_panel.grid, 1, 2)
    assert clicked.args == ["dL/dY", 1, 2]
    for panel in (view.forward[0], view.forward[3]):  # a map that chooses cells, and one that does not
        box = panel.box
        whole = box.viewRect()
        box.scaleBy((0.5, 0.5))
        assert box.viewRect() != whole
        point = view.mapFromScene(panel.grid.mapToScene(QPointF(1.5, 1.5)))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)  # as the platform
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)  # delivers one
        QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert box.viewRect() == whole


def test_a_theme_recolours_the_arrows(view):
    view.load(scene_of(AVG))
    view.draw(0)
    view.set_theme(HIGH_CONTRAST)
    fill = view.arrows.brush().color()
    assert fill.rgb() == QColor(HIGH_CONTRAST.current_outline).rgb()
    assert 0.4 <= fill.alphaF() <= 0.8  # see-through: a value it passes over stays legible
    assert not view.arrows.path().isEmpty()


def test_the_arrows_grow_with_the_frame_as_its_text_does(qtbot):
    sizes = {}
    for height in (1080, 2160):
        view = BackpropView()
        qtbot.addWidget(view)
        prepare_offscreen(view, QSize(height * 16 // 9, height))
        view.load(scene_of(MAX_OVERLAP))
        view.draw(4)
        sizes[height] = view.arrows.path().boundingRect()
    for measure in ("width", "height"):
        ratio = getattr(sizes[2160], measure)() / getattr(sizes[1080], measure)()
        assert 1.8 < ratio < 2.2


@pytest.mark.parametrize("theme", [DEFAULT, HIGH_CONTRAST])
def test_a_dashed_cell_is_drawn_with_its_square_and_the_others_as_before(qapp, theme):
    images = []
    for mask in (None, np.eye(4, dtype=bool)[::-1] & (np.arange(4) == 1)):
        painter = GridPainter(theme, lambda base: None)
        painter.set_values(np.zeros((4, 4)), diverging=True)
        painter.set_dashed(mask)
        image = QImage(160, 160, QImage.Format.Format_RGB32)
        image.fill(0)
        drawing = QPainter(image)
        painter.paint(drawing, QRectF(0, 0, 160, 160), 40.0, QRectF(0, 0, 160, 160), 0)
        drawing.end()
        images.append(image)
    plain, dashed = images
    differs = {
        (y // 40, x // 40) for y in range(160) for x in range(160) if plain.pixel(x, y) != dashed.pixel(x, y)
    }
    assert differs == {(2, 1)}


@pytest.mark.parametrize("cell, crossed", [(40, True), (8, False)])
def test_cells_crossed_out_are_hatched_once_large_enough_and_dimmed_always(qapp, cell, crossed):
    painter = GridPainter(DEFAULT, lambda base: None)
    painter.set_values(np.ones((3, 3)))
    painter.set_uncounted(np.eye(3, dtype=bool))
    size = 3 * cell
    image = QImage(size, size, QImage.Format.Format_RGB32)
    drawing = QPainter(image)
    painter.paint(drawing, QRectF(0, 0, size, size), float(cell), QRectF(0, 0, size, size), 0)
    drawing.end()
    inside = range(cell // 4, cell - cell // 4)  # clear of the grid lines
    blocked = {image.pixel(cell + x, cell + y) for x in inside for y in inside}  # cell (1, 1)
    passed = {image.pixel(2 * cell + x, cell + y) for x in inside for y in inside}  # cell (1, 2)
    assert len(passed) == 1 and blocked != passed
    assert (len(blocked) > 1) == crossed


def test_the_crossing_reads_on_a_pale_cell(qapp):
    """ReLU blocks mostly cells whose gradient is 0, drawn nearly white: the lines crossing them out must
    stand out there (the padding's white hatch vanished on them), by a clear step in lightness."""
    painter = GridPainter(DEFAULT, lambda base: None)
    painter.set_values(np.zeros((3, 3)), diverging=True, value_range=(-1.0, 1.0))
    painter.set_uncounted(np.eye(3, dtype=bool))
    image = QImage(120, 120, QImage.Format.Format_RGB32)
    drawing = QPainter(image)
    painter.paint(drawing, QRectF(0, 0, 120, 120), 40.0, QRectF(0, 0, 120, 120), 0)
    drawing.end()
    inside = range(10, 30)  # of cell (1, 1), clear of the grid lines
    lightness = [QColor(image.pixel(40 + x, 40 + y)).lightness() for x in inside for y in inside]
    assert max(lightness) - min(lightness) >= 40
