"""The Pooling view, used the way a person does: what each map shows is the timeline's (and so the
engine's) numbers; the window, the cell max takes and the output's current cell are marked; hovering a
padded or never-counted cell says so; a scene with no output leaves nothing of the last one."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from convviz.engine import avg_pool2d, max_pool2d
from convviz.scene.link import parse_link
from convviz.scene.scenes import PAGES
from convviz.timeline import NoOutput
from convviz.timeline.pool import PoolTimeline
from convviz.ui.render import prepare_offscreen, render
from convviz.ui.views import create_view
from convviz.ui.views.formulas import MINUS
from convviz.ui.views.pool_view import PoolView
from convviz.ui.widgets.cell_marks import chosen_ring

from .pointer import hover

ROWS = "1,3,2,1;4,6,5,0;3,1,1,0;1,2,2,4"
MAX = f"convviz://pool?input={ROWS}&pool=max&window=2"
PADDED_MAX = "convviz://pool?input=digit3&size=9x9&pool=max&window=3&stride=2&padding=1"
CEIL_AVG = "convviz://pool?input=1,2,3,4,5;6,7,8,9,10;1,1,1,1,1;2,2,2,2,2;3,3,3,3,3&pool=avg&window=2&ceil=1"
NO_PAD_AVG = f"convviz://pool?input={ROWS}&pool=avg&window=2&padding=1&count_pad=0"


def scene_of(link: str):
    return parse_link(link, PAGES)  # every page's links, also a page not open in the window yet


@pytest.fixture
def view(shown):
    """A PoolView on screen (offscreen), so the pointer reaches it."""
    return shown(PoolView(), 1600, 900)


def drawn(view, link: str, step: int = 0) -> PoolTimeline:
    view.load(scene_of(link))
    view.draw(step)
    QTest.qWait(1)
    return PoolTimeline(scene_of(link))


def test_the_pool_page_has_this_view():
    assert type(create_view("pool")) is PoolView


@pytest.mark.parametrize("link", [MAX, PADDED_MAX, CEIL_AVG, NO_PAD_AVG])
def test_every_map_shows_the_timelines_and_so_the_engines_numbers(view, link):
    timeline = PoolTimeline(scene_of(link))
    assert view.load(scene_of(link)) == timeline.count
    x, scene = timeline.input, timeline.scene
    if timeline.is_max:
        engine = max_pool2d(
            x, timeline.kernel, timeline.stride, timeline.padding, timeline.dilation, scene.ceil
        )
    else:
        engine = avg_pool2d(
            x, timeline.kernel, timeline.stride, timeline.padding, scene.ceil, scene.count_pad
        )
    for index in (0, timeline.count // 2, timeline.count - 1):
        view.draw(index)
        step = timeline.step(index)
        np.testing.assert_array_equal(view.input.values(), timeline.padded)
        np.testing.assert_array_equal(view.window_values.values(), step.inputs)
        np.testing.assert_array_equal(view.output.values(), timeline.output_until(index))
        assert view.output.values()[step.out_cell] == engine[step.out_cell] == step.value
        np.testing.assert_array_equal(view.input.cells.window(), step.window)
        assert view.output.current() == step.out_cell
        assert view.input.cells.chosen() == step.chosen
    np.testing.assert_array_equal(view.output.values(), engine)


def test_max_rings_the_cell_it_takes_in_the_input_and_in_the_window(view):
    drawn(view, MAX, 1)  # the window over 2, 1 / 5, 0: it takes the 5
    assert view.input.cells.chosen() == (1, 2) and view.input.values()[1, 2] == 5
    assert view.window_values.cells.chosen() == (1, 0)
    assert view.formula.text() == "y[0, 1] = max(2, 1, 5, 0) = 5"
    assert view.rule.text().startswith("The first maximum in row-major window order wins; NaN wins.")


def test_the_ring_is_drawn_in_the_current_cells_colour_and_only_on_the_chosen_cell(qtbot):
    view = PoolView()
    qtbot.addWidget(view)
    prepare_offscreen(view, QSize(1920, 1080))
    view.load(scene_of(MAX))
    view.draw(1)
    QTest.qWait(10)  # laid out, so the cells are where they are drawn
    grid = view.window_values
    ring = QColor(view.theme.current_outline)

    def ring_colour_at(i, j) -> bool:
        """The ring's top, at the cell's middle column, where the rendered frame has the cell."""
        image = render(view)  # first: rendering settles the layout the cell's place is read from
        top = view.mapFromScene(grid.mapToScene(QPointF(j + 0.5, i)))
        cell = grid.cell_pixels()
        pixel = image.pixelColor(top.x(), top.y() + round(chosen_ring(cell)[1]))
        return (
            max(
                abs(pixel.red() - ring.red()),
                abs(pixel.green() - ring.green()),
                abs(pixel.blue() - ring.blue()),
            )
            < 40
        )

    assert ring_colour_at(1, 0) and not ring_colour_at(0, 0)


def test_padding_shows_minus_infinity_ignored_by_the_colours_and_said_on_hover(view):
    timeline = drawn(view, PADDED_MAX)
    assert view.input.name == "Input (padded)" and np.isneginf(view.input.values()[0]).all()
    finite = timeline.input
    assert view.input.cells.value_range() == (float(finite.min()), float(finite.max()))
    assert view.formula.text().startswith(f"y[0, 0] = max({MINUS}∞, {MINUS}∞, {MINUS}∞, {MINUS}∞, ")
    assert hover(view, view.input, 0, 0)[-1] == (
        "Input (padded): row 0, column 0 = -∞ · padding, not part of the input: max pooling reads"
        " -∞ there, which never wins"
    )
    said = hover(view, view.window_values, 1, 1)[-1]
    assert said.startswith("Window: row 1, column 1 = ") and "from Input (padded) row 1, column 1" in said


def test_cells_past_the_edge_are_crossed_out_and_said_never_counted(view):
    timeline = drawn(view, CEIL_AVG, 8)  # the last window: 3 and the three cells ceil mode reaches
    assert view.input.name == "Input (padded)" and timeline.past_edge == (1, 1)
    np.testing.assert_array_equal(view.input.cells.uncounted_mask(), ~timeline.counted)
    assert view.input.cells.uncounted_mask()[5].all() and not view.input.cells.uncounted_mask()[:5, :5].any()
    np.testing.assert_array_equal(view.window_values.cells.uncounted_mask(), [[False, True], [True, True]])
    assert view.formula.text() == "y[2, 2] = 3 / 1 = 3"
    assert view.rule.text() == "n = 1: the 3 cells past the edge that ceil mode reaches are never counted."
    assert hover(view, view.input, 5, 0)[-1] == (
        "Input (padded): row 5, column 0 = 0 · past the edge, reached only by ceil mode's last window:"
        " never counted in an average"
    )
    assert "keeps one more window" in view.ceil_notes.text() and view.ceil_notes.isVisible()
    assert view.sizes.text().startswith("H' = ⌈")


def test_count_pad_decides_whether_the_padding_is_counted_and_the_hover_says_which(view):
    drawn(view, NO_PAD_AVG)
    assert view.formula.text() == "y[0, 0] = 1 / 1 = 1"
    assert view.input.cells.uncounted_mask()[0].all()  # the padding: read as 0, never counted
    assert hover(view, view.input, 0, 1)[-1].endswith(
        "padding, not part of the input: never counted in an average"
    )
    drawn(view, NO_PAD_AVG.replace("count_pad=0", "count_pad=1"))
    assert view.formula.text() == "y[0, 0] = (0 + 0 + 0 + 1) / 4 = 0.25"
    assert not view.input.cells.uncounted_mask().any()
    assert hover(view, view.input, 0, 2)[-1].endswith(
        "padding, not part of the input: holds 0, counted in n (count_pad on)"
    )


def test_the_input_is_called_padded_only_when_windows_reach_past_it(view):
    drawn(view, MAX)
    assert view.input.name == "Input" and not view.ceil_notes.isVisible()
    drawn(view, MAX + "&ceil=1")  # 4 / 2 windows fit exactly: ceil mode adds none
    assert view.input.name == "Input" and "fit exactly" in view.ceil_notes.text()


def test_the_outputs_colours_are_fixed_for_the_whole_animation(view):
    timeline = drawn(view, MAX, 0)
    first = view.output.cells.value_range()
    view.draw(timeline.count - 1)
    assert (
        view.output.cells.value_range()
        == first
        == (float(timeline.output.min()), float(timeline.output.max()))
    )


def test_a_scene_with_no_output_leaves_nothing_of_the_previous_one(view):
    drawn(view, PADDED_MAX, 3)
    bad = scene_of(f"convviz://pool?input={ROWS}&pool=max&window=5")
    with pytest.raises(NoOutput) as problem:
        view.load(bad)
    view.show_problem(bad, str(problem.value))
    assert view.problem.isVisible() and "No output" in view.problem.text()
    assert view.input.name == "Input" and view.input.values().shape == (4, 4)
    assert view.input.cells.window() is None and view.input.cells.chosen() is None
    assert np.isnan(view.window_values.values()).all() and np.isnan(view.output.values()).all()
    assert view.window_values.cells.chosen() is None and view.output.current() is None
    assert view.formula.text() == view.rule.text() == view.sizes.text() == ""
    drawn(view, MAX)
    assert not view.problem.isVisible() and view.formula.text()


def test_wheel_zooms_a_map_and_home_shows_it_whole(view, wheel):
    drawn(view, "convviz://pool?input=digit3&size=28x28&pool=max&window=2")
    box = view._panels[0].box
    whole = box.viewRect()
    centre = view.mapFromScene(view.input.mapToScene(QPointF(14, 14)))
    for _ in range(3):
        wheel(view.viewport(), centre, notches=3)
    assert box.viewRect().width() < whole.width() / 2
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Home)
    assert box.viewRect().width() >= 28


def test_presenting_enlarges_the_formulas(qtbot):
    view = PoolView()
    qtbot.addWidget(view)
    prepare_offscreen(view, QSize(1920, 1080))
    drawn(view, MAX)
    normal = view.formula.font().pixelSize()
    view.set_presenting(True)
    assert view.formula.font().pixelSize() >= 1.4 * normal >= 40


def test_a_cell_never_counted_is_drawn_dimmed_towards_the_empty_cells_colour(qtbot):
    """The same padding cell, holding 0, counted (count_pad on) and not: the one not counted is nearer
    the colour of a cell with nothing in it."""
    view = PoolView()
    qtbot.addWidget(view)
    prepare_offscreen(view, QSize(1280, 720))
    panel = np.array(QColor(view.theme.panel).getRgb()[:3], dtype=float)

    def distance_to_empty(link) -> float:
        view.load(scene_of(link))
        view.draw(0)
        QTest.qWait(10)
        frame = render(view)  # first: rendering settles the layout the cell's place is read from
        corner = view.mapFromScene(view.input.mapToScene(QPointF(1, 0)))
        size = round(view.input.cell_pixels())
        image = frame.copy(corner.x() + 2, corner.y() + 2, size - 4, size - 4)
        pixels = [
            image.pixelColor(x, y).getRgb()[:3] for x in range(image.width()) for y in range(image.height())
        ]
        return float(np.linalg.norm(np.median(pixels, axis=0) - panel))  # the median: the cell, not its hatch

    counted = distance_to_empty(NO_PAD_AVG.replace("count_pad=0", "count_pad=1"))
    assert distance_to_empty(NO_PAD_AVG) < 0.7 * counted
