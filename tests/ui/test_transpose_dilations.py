"""The Transposed page's dilations compared, used as a person does: the check box under Dilation puts
this kernel at dilation 1, 2 and 3 under the maps, each map the engine's conv_transpose2d of this input
with this stride and padding, each title its output size, the caption the spans and the size formula
in d; painting the input, typing a kernel size or a stride redraws them; unticked they go; presenting
they stay, larger. And the convolution it undoes is computed once per scene for the view and the panel."""

import numpy as np
import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtTest import QTest

from convviz.engine import conv_transpose2d
from convviz.scene.model import input_image, kernel_array
from convviz.scene.scenes import TransposeScene
from convviz.timeline import transpose_facts
from convviz.timeline.transpose import TransposeTimeline
from convviz.timeline.transpose_facts import compare_dilations, compared_words
from convviz.ui.render import prepare_offscreen, render

from .pointer import hover

SCENE = TransposeScene(input="1,2,3;4,5,6;7,8,9", size=(3, 3), kernel="1,2,1;2,4,2;1,2,1", stride=(2, 2))


def compare(tab):
    """Tick the check box as a person does: a click on it."""
    box = tab.page.parameters.compare
    tab.page.side_panel.ensureWidgetVisible(box)
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    return tab.page.view


def assert_shows_the_engines_comparison(tab):
    view, scene = tab.page.view, tab.scene
    image, kernel = input_image(scene.input, scene.size), kernel_array(scene.kernel)
    assert view.dilations.row in view.ci.items and view.dilations.caption.isVisible()
    for d, panel in zip((1, 2, 3), view.dilations.panels):
        expected = conv_transpose2d(
            image, kernel, stride=scene.stride, padding=scene.padding, output_padding=scene.output_padding,
            dilation=d,
        )  # fmt: skip
        np.testing.assert_array_equal(panel.grid.values(), expected)
        on_show = " · on show" if scene.dilation == (d, d) else ""
        assert panel.title.text() == f"Dilation {d} · {expected.shape[0]}x{expected.shape[1]}{on_show}"
        assert panel.isVisible()
    cases = compare_dilations(TransposeTimeline(scene))
    assert view.dilations.caption.text() == compared_words(cases)
    ranges = {panel.grid.cells.value_range() for panel in view.dilations.panels}
    assert len(ranges) == 1  # one colour scale: the three compare
    lo, hi = ranges.pop()
    assert all(lo <= case.output.min() and case.output.max() <= hi for case in cases)


def test_the_check_box_shows_the_kernel_at_dilations_1_2_3(open_tab):
    tab = open_tab(SCENE, 1600, 900)
    view = tab.page.view
    assert view.dilations.row not in view.ci.items and not view.dilations.caption.isVisible()
    compare(tab)
    assert tab.page.parameters.compare.isChecked()
    assert_shows_the_engines_comparison(tab)
    assert "= 3, 5, 7 cells a side" in view.dilations.caption.text()
    assert "d·(3 − 1) + 0 + 1 = 7, 9, 11" in view.dilations.caption.text()
    assert tab.scene == SCENE  # a choice of what the view shows: the scene and its link are as they were
    compare(tab)
    assert view.dilations.row not in view.ci.items and not view.dilations.caption.isVisible()


def test_painting_the_input_typing_a_kernel_size_or_a_stride_redraws_the_comparison(open_tab, drag, typed):
    tab = open_tab(SCENE, 1600, 900)
    compare(tab)
    canvas = tab.page.input_group.canvas
    drag(canvas, [canvas.cell_rect(1, 1).center().toPoint()], button=Qt.MouseButton.RightButton)
    assert input_image(tab.scene.input, tab.scene.size)[1, 1] == 0
    assert_shows_the_engines_comparison(tab)
    typed(tab.page.kernel_group.editor.height_box, "2")
    assert kernel_array(tab.scene.kernel).shape == (2, 3)
    assert_shows_the_engines_comparison(tab)
    typed(tab.page.parameters.stride.width_box, "3")
    assert tab.scene.stride == (2, 3)
    assert_shows_the_engines_comparison(tab)
    typed(tab.page.parameters.dilation.height_box, "2")
    typed(tab.page.parameters.dilation.width_box, "2")
    assert tab.scene.dilation == (2, 2)
    assert tab.page.view.dilations.panels[1].title.text().endswith(" · on show")
    assert_shows_the_engines_comparison(tab)


def test_hovering_a_compared_map_reads_the_engines_value(open_tab):
    tab = open_tab(SCENE, 1600, 900)
    view = compare(tab)
    QTest.qWait(1)  # laid out, as the maps are before a person's pointer gets there
    grid = view.dilations.panels[1].grid
    expected = conv_transpose2d(
        input_image(SCENE.input, SCENE.size), kernel_array(SCENE.kernel), stride=2, dilation=2
    )
    assert hover(view, grid, 4, 2)[-1] == f"Dilation 2 · 9x9: row 4, column 2 = {expected[4, 2]:g}"


def test_a_scene_without_output_takes_the_comparison_away_until_one_has(open_tab, typed):
    tab = open_tab(SCENE.replace(stride=(1, 1)), 1600, 900)
    view = compare(tab)
    typed(tab.page.parameters.padding.height_box, "5")  # crops every output row away
    assert view.problem.isVisible() and view.dilations.row not in view.ci.items
    assert not view.dilations.caption.isVisible()
    typed(tab.page.parameters.padding.height_box, "0")
    assert_shows_the_engines_comparison(tab)


def test_presenting_the_comparison_stays_with_larger_text(open_tab):
    tab = open_tab(SCENE, 1920, 1080)
    view = compare(tab)
    prepare_offscreen(tab, QSize(1920, 1080))
    panel = view.dilations.panels[2]
    sizes = (panel.title.font().pixelSize(), view.dilations.caption.font().pixelSize())
    tab.page.set_presenting(True)
    prepare_offscreen(tab, QSize(1920, 1080))
    presenting = (panel.title.font().pixelSize(), view.dilations.caption.font().pixelSize())
    assert all(after >= 1.4 * before for before, after in zip(sizes, presenting))
    for shown in view.dilations.panels:
        title = shown.title
        width = QFontMetricsF(title.font()).horizontalAdvance(title.text())
        assert title.isVisible() and title.boundingRect().width() >= width  # the whole title fits
        assert shown.box.height() > 100  # the maps keep room to be seen at the back of a hall
    assert_shows_the_engines_comparison(tab)
    assert render(tab).size() == QSize(1920, 1080)


def test_the_convolution_it_undoes_is_computed_once_per_scene_for_the_view_and_the_panel(
    open_tab, monkeypatch
):
    computed = []
    undone = transpose_facts.undone_convolution
    monkeypatch.setattr(
        transpose_facts, "undone_convolution", lambda timeline: computed.append(1) or undone(timeline)
    )
    transpose_facts._undone_of.cache_clear()
    tab = open_tab(SCENE)
    page = tab.page
    assert len(computed) == 1
    assert page.view.undone_scene() == page.undone._conv is not None  # the button opens what is shown
    page.setFocus()
    QTest.keyClick(page, Qt.Key.Key_Right)  # a step: the same scene
    QTest.mouseClick(page.parameters.view_buttons["zeros"], Qt.MouseButton.LeftButton)  # same output
    assert tab.scene.view == "zeros" and len(computed) == 1
    page.kernel_group.editor.preset_chosen.emit("box")
    assert len(computed) == 2
    transpose_facts._undone_of.cache_clear()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test counts the convolution it undoes from an empty cache."""
    transpose_facts._undone_of.cache_clear()
    yield
    transpose_facts._undone_of.cache_clear()
