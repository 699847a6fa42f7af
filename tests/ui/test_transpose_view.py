"""The Transposed view, used the way a person does: every map it shows is the timeline's (and so the
engine's conv_transpose2d) at steps of each view, over strides 1-3, padding, output_padding and dilation;
its captions say the timeline's words and formulas; hovering reads cells out; a scene with no output
leaves nothing of the one before."""

import numpy as np
import pytest
from PySide6.QtCore import QSize
from PySide6.QtTest import QTest

from convviz.engine import conv_transpose2d
from convviz.scene.link import parse_link
from convviz.scene.model import input_image, kernel_array
from convviz.scene.scenes import PAGES
from convviz.timeline import NoOutput
from convviz.timeline.adjoint import INSERTED
from convviz.timeline.transpose import OUTPUT_PADDING_ZERO, TransposeTimeline
from convviz.timeline.transpose_facts import axis_sizes, checkerboard_notes, undone_convolution
from convviz.ui.render import prepare_offscreen, render
from convviz.ui.views import create_view
from convviz.ui.views.formulas import sum_text
from convviz.ui.views.transpose_view import TransposeView

from .pointer import hover

BASE = "convviz://transpose?"
CASES = [
    "stride=1x1",
    "stride=2x2",
    "stride=3x3&size=4x4&input=1,-2,0,3;-1,2,2,0;0,1,-3,1;2,0,1,-1&kernel=1,-1;0.5,2",
    "stride=2x2&padding=1x1&output_padding=1x1",
    "stride=2x3&padding=2x0&dilation=2x1&output_padding=1x2",
    "stride=1x2&dilation=3x3&output_padding=2x1&kernel=sobel_x",
]
VIEWS = ("scatter", "zeros", "matrix")


def scene_of(params: str, view: str):
    return parse_link(f"{BASE}{params}&view={view}", PAGES)  # the page is not open in the window yet


@pytest.fixture
def view(shown):
    return shown(TransposeView(), 1600, 900)


def test_the_transposed_page_has_this_view():
    assert type(create_view("transpose")) is TransposeView


def some_steps(timeline):
    return sorted({0, timeline.count // 3, timeline.count - 1})


def engine_output(scene):
    image, kernel = input_image(scene.input, scene.size), kernel_array(scene.kernel)
    params = dict(stride=scene.stride, padding=scene.padding, output_padding=scene.output_padding)
    return conv_transpose2d(image, kernel, dilation=scene.dilation, **params)


@pytest.mark.parametrize("params", CASES)
@pytest.mark.parametrize("name", VIEWS)
def test_every_map_shows_the_timelines_arrays(view, params, name):
    scene = scene_of(params, name)
    timeline = TransposeTimeline(scene)
    assert view.load(scene) == timeline.count
    (h, w) = timeline.output.shape
    for index in some_steps(timeline):
        step = timeline.step(index)
        view.draw(index)
        np.testing.assert_array_equal(view.output.values(), step.result)
        assert view.output_panel.title.text() == f"Output · {h}x{w}"
        assert view.words.text() == f"Step {index + 1} of {timeline.count}: {step.words}"
        detail = step.detail
        if name == "scatter":
            np.testing.assert_array_equal(view.input_panel.grid.values(), timeline.input)
            np.testing.assert_array_equal(view.kernel_panel.grid.values(), timeline.kernel)
            np.testing.assert_array_equal(view.stamp_panel.grid.values(), detail.values)
            np.testing.assert_array_equal(view.overlap_panel.grid.values(), timeline.overlap)
            assert view.input_panel.grid.current() == detail.input_cell
            landed = detail.window[detail.inside.ravel()]
            np.testing.assert_array_equal(view.output.cells.window(), landed)
            assert view.formula.text() == ""
        elif name == "zeros":
            spread, kinds = timeline.view.spread
            np.testing.assert_array_equal(view.wide_panel.grid.values(), spread)
            np.testing.assert_array_equal(view.wide_panel.grid.cells.dashed_mask(), kinds == INSERTED)
            np.testing.assert_array_equal(view.kernel_panel.grid.values(), timeline.kernel[::-1, ::-1])
            np.testing.assert_array_equal(view.wide_panel.grid.cells.window(), detail.window.window)
            assert view.output.current() == detail.window.out_cell
            assert view.formula.text() == sum_text(detail.window, name="output")
        else:
            np.testing.assert_array_equal(view.wide_panel.grid.values(), timeline.view.matrix)
            np.testing.assert_array_equal(view.input_panel.grid.values(), timeline.input)
            rows = {tuple(cell) for cell in view.wide_panel.grid.cells.window()}
            assert rows == {(detail.row, c) for c in range(timeline.input.size)}
            used = {tuple(cell) for cell in view.input_panel.grid.cells.window()}
            assert used == {divmod(int(q), timeline.input.shape[1]) for q in np.flatnonzero(detail.weights)}
            assert view.output.current() == detail.out_cell
            assert view.formula.text().startswith(f"output[{detail.out_cell[0]}, {detail.out_cell[1]}] =")
    np.testing.assert_allclose(view.output.values(), engine_output(scene), rtol=1e-6, atol=1e-6)
    (n0, n1) = timeline.input.shape
    assert any(
        panel.isVisible() and panel.title.text().startswith(f"Input · {n0}x{n1}")
        for panel in (view.input_panel, view.wide_panel)
    )


def test_the_matrix_sum_is_written_with_the_products_and_the_engines_value(view):
    view.load(scene_of("stride=2x2", "matrix"))
    view.draw(20)  # output (2, 6): input (0, 2) = 3 and (1, 2) = 6, each times the kernel's 1
    assert view.formula.text() == "output[2, 6] = 1·3 + 1·6 = 9"
    assert view.output.values()[2, 6] == 9


def test_the_captions_say_the_size_formula_the_note_and_the_convolution_it_undoes(view):
    scene = scene_of("stride=2x2&padding=1x1&output_padding=1x1", "scatter")
    timeline = TransposeTimeline(scene)
    view.load(scene)
    view.draw(0)
    height, width = axis_sizes(timeline)
    assert view.sizes.text() == f"H' = {height.formula}      W' = {width.formula}"
    assert height.formula == "(3 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 6"
    notes = checkerboard_notes(timeline)
    assert notes and view.note.text() == " ".join((timeline.note, *notes))
    undone = undone_convolution(timeline)
    assert view.undone_text.text() == undone.words
    assert view.undone_scene() == undone.scene and undone.scene.size == timeline.output.shape


def test_the_checkerboard_is_said_only_in_the_scatter_view_and_only_when_uneven(view):
    view.load(scene_of("stride=2x2&kernel=1,1;1,1&size=3x3", "scatter"))
    view.draw(0)
    assert "checkerboard" not in view.note.text()
    view.load(scene_of("stride=2x2", "zeros"))
    view.draw(0)
    assert "checkerboard" not in view.note.text() and "stride 1/2" in view.note.text()


def test_the_spread_input_hatches_the_padding_and_crosses_the_output_padding_band(view):
    scene = scene_of("stride=2x2&padding=1x1&output_padding=1x1", "zeros")
    timeline = TransposeTimeline(scene)
    view.load(scene)
    view.draw(0)
    _, kinds = timeline.view.spread
    cells = view.wide_panel.grid.cells
    assert cells.padding() == (1, 2, 1, 2)  # d(k−1) − p = 1 each side, and the band bottom and right
    np.testing.assert_array_equal(cells.uncounted_mask(), kinds == OUTPUT_PADDING_ZERO)
    assert cells.uncounted_mask()[-1].all() and cells.uncounted_mask()[:, -1].all()


def test_hovering_says_where_each_spread_cell_comes_from(view):
    view.load(scene_of("stride=2x2&padding=1x1&output_padding=1x1", "zeros"))
    view.draw(0)
    QTest.qWait(1)  # the maps laid out, as they are before a person's pointer gets there
    grid = view.wide_panel.grid
    assert hover(view, grid, 3, 3)[-1] == "Input · 3x3 spread to 8x8: row 3, column 3 = 5 · input[1, 1]"
    assert hover(view, grid, 1, 2)[-1].endswith("a zero the stride inserts between input cells")
    assert hover(view, grid, 0, 0)[-1].endswith("padding: d(k−1) − p zeros around the input")
    assert hover(view, grid, 7, 3)[-1].endswith("output_padding: a zero added at the bottom or right")
    said = hover(view, view.output, 0, 0)[-1]
    assert said == f"Output · 6x6: row 0, column 0 = {view.output.values()[0, 0]:g}"


def test_hovering_the_matrix_names_its_output_and_input_cell(view):
    view.load(scene_of("stride=2x2", "matrix"))
    view.draw(0)
    QTest.qWait(1)
    said = hover(view, view.wide_panel.grid, 20, 2)[-1]
    assert said.endswith("= 1 · output[2, 6] from input[0, 2]")


def test_a_matrix_too_large_raises_with_the_reason_and_leaves_the_view_as_it_was(view):
    view.load(scene_of("stride=2x2", "scatter"))
    view.draw(3)
    before = view.output.values().copy()
    with pytest.raises(NoOutput, match="at most 12x12"):
        view.load(scene_of("stride=3x3&size=6x6", "matrix"))
    np.testing.assert_array_equal(view.output.values(), before)


@pytest.mark.parametrize("name", VIEWS)
def test_a_problem_leaves_nothing_of_the_previous_scene(view, name):
    view.load(scene_of("stride=2x2&padding=1x1&output_padding=1x1", name))
    view.draw(5)
    scene = scene_of("stride=1x1&padding=3x3", "scatter")
    with pytest.raises(NoOutput) as error:
        view.load(scene)
    view.show_problem(scene, str(error.value))
    assert view.problem.isVisible() and view.problem.text() == str(error.value)
    np.testing.assert_array_equal(view.input_panel.grid.values(), input_image(scene.input, scene.size))
    assert view.input_panel.title.text() == "Input · 3x3" and view.output_panel.title.text() == "Output"
    for panel in (
        view.wide_panel,
        view.kernel_panel,
        view.stamp_panel,
        view.output_panel,
        view.overlap_panel,
    ):
        assert np.isnan(panel.grid.values()).all()
    for panel in view._panels:
        cells = panel.grid.cells
        assert cells.window() is None and cells.current() is None and not cells.dashed_mask().any()
        assert cells.padding() == (0, 0, 0, 0) and panel.grid.cell_note is None
    assert not any(panel.isVisible() for panel in (view.wide_panel, view.kernel_panel, view.overlap_panel))
    texts = (view.words, view.formula, view.sizes, view.note, view.undone_text)
    assert all(caption.text() == "" for caption in texts)
    assert view.undone_scene() is None
    view.load(scene_of("stride=2x2", name))
    view.draw(0)
    assert not view.problem.isVisible()


def test_home_shows_every_map_whole_again(view, qtbot):
    view.load(scene_of("stride=2x2", "zeros"))
    view.draw(0)
    box = view.wide_panel.box
    whole = box.viewRect()
    box.scaleBy((0.5, 0.5))
    assert box.viewRect() != whole
    view.home()
    assert box.viewRect() == whole


@pytest.mark.parametrize("name", VIEWS)
def test_presenting_makes_every_text_larger_and_renders(qtbot, name):
    view = TransposeView()
    qtbot.addWidget(view)
    prepare_offscreen(view, QSize(1920, 1080))
    view.load(scene_of("stride=2x2&padding=1x1&output_padding=1x1", name))
    view.draw(4)
    sizes = (view.output_panel.title.font().pixelSize(), view.words.font().pixelSize())
    view.set_presenting(True)
    presenting = (view.output_panel.title.font().pixelSize(), view.words.font().pixelSize())
    assert all(after >= 1.4 * before for before, after in zip(sizes, presenting))
    image = render(view)
    assert image.size() == QSize(1920, 1080)


@pytest.mark.parametrize("name", VIEWS)
def test_the_output_colours_are_fixed_over_the_steps_and_hold_every_partial_sum(view, name):
    scene = scene_of(CASES[2], name)  # negative inputs and weights: scatter's stamps cancel on the way
    timeline = TransposeTimeline(scene)
    view.load(scene)
    ranges = set()
    for index in range(timeline.count):
        view.draw(index)
        lo, hi = view.output.cells.value_range()
        ranges.add((lo, hi))
        shown = timeline.step(index).result
        assert lo <= np.nanmin(shown) and np.nanmax(shown) <= hi
    assert len(ranges) == 1
