"""The Backprop page driven as a person would, through the real tab: it counts the timeline's steps,
the keys move the player, a click on the last forward map makes dL/dY one-hot there and the error then
routes as the engine routes it, bad values are refused in place, and the gradient check says what
gradient_check returns."""

import numpy as np
import pytest
from PySide6.QtTest import QTest

from convviz.engine import conv2d_backward, max_pool2d_backward
from convviz.scene.scenes import BackpropScene
from convviz.scene.upstream import Upstream
from convviz.timeline.backprop import BackpropTimeline
from convviz.timeline.gradient_check import gradient_check
from convviz.ui.pages.backprop_page import BackpropPage

from . import pointer
from .test_controls_backprop import click

ROWS = "1,5,2,0,3;3,4,8,1,0;0,2,6,7,1;9,1,3,2,2;1,0,4,5,6"  # a 5x5 input, shown at its own size
# conv with a 1x1 kernel of 1 is the input itself, so max pooling 2x2 stride 1 overlaps over the input
POOLED = BackpropScene(input=ROWS, size=(5, 5), kernel="1", relu=False, pool="max", pool_stride=(1, 1))


@pytest.fixture
def backprop_tab(open_tab):
    """A tab showing a backprop scene (its links wait for the page to open), at 1280x720."""
    return lambda scene=POOLED: open_tab(scene)


def _last_forward_grid(view):
    """The map of the last forward stage: the one a click makes the one-hot dL/dY."""
    (panel,) = [panel for panel in view.forward if panel.isVisible() and panel.grid.clickable]
    return panel.grid


def _click_cell(view, grid, row: int, column: int) -> None:
    QTest.qWait(1)  # the layout has placed the maps
    pointer.click(view, grid, row, column)


def test_the_page_opens_on_a_backprop_scene_and_counts_the_timelines_steps(backprop_tab):
    tab = backprop_tab()
    assert isinstance(tab.page, BackpropPage)
    assert tab.page.player.model.count == BackpropTimeline(POOLED).count
    assert tab.title() == "Backprop · max pool"
    tab.page._edit(POOLED.replace(pool="none", window=(2, 2), pool_stride=None))
    assert tab.title() == "Backprop · conv"
    click(tab.page.backprop.relu)
    assert tab.title() == "Backprop · conv + ReLU"
    assert tab.page.player.model.count == BackpropTimeline(tab.scene).count


def test_a_clicked_cell_of_the_last_map_makes_dl_dy_one_hot_and_it_routes_to_the_argmax(backprop_tab):
    tab = backprop_tab()
    page = tab.page
    grid = _last_forward_grid(page.view)
    assert grid.values().shape == (4, 4)  # the pooled map
    _click_cell(page.view, grid, 2, 1)
    assert tab.scene.grad == Upstream("onehot", cell=(2, 1))
    assert page.backprop.upstreams.buttons["onehot"].isChecked()
    assert page.backprop._typed_cell() == (2, 1)
    timeline = BackpropTimeline(tab.scene)
    upstream = np.zeros((4, 4), np.float32)
    upstream[2, 1] = 1
    routed = max_pool2d_backward(timeline.activation, upstream, 2, 1)
    page.player.model.set_step(timeline.phases[0].count - 1)  # the last pooled cell has travelled
    np.testing.assert_array_equal(page.view.output.values(), routed)
    window = timeline.activation[2:4, 1:3]  # the clicked cell's window: its maximum gets the 1
    argmax = np.unravel_index(np.argmax(window), window.shape)
    assert np.flatnonzero(routed).tolist() == [(2 + argmax[0]) * 5 + 1 + argmax[1]]
    page.player.model.last()  # and dL/dX at the end is the engine's for that one-hot
    np.testing.assert_array_equal(
        page.view.output.values(), conv2d_backward(timeline.input, timeline.kernel, routed)[0]
    )


def test_a_one_hot_cell_left_outside_a_smaller_map_says_why_and_keeps_the_scene(backprop_tab, typed):
    tab = backprop_tab(POOLED.replace(grad=Upstream("onehot", cell=(3, 3))))
    page = tab.page
    typed(page.backprop.window.height_box, "3")  # 4x4 -> 3x4 pooled: row 3 is gone
    assert tab.scene.grad.cell == (3, 3) and page.player.model.count == 0
    assert "outside the last map, which is 3x4" in page.view.problem.text()
    typed(page.backprop.row, "2")
    assert tab.scene.grad.cell == (2, 3) and not page.view.problem.isVisible()
    assert page.player.model.count == BackpropTimeline(tab.scene).count


def test_bad_values_are_refused_in_place_and_change_nothing(backprop_tab, typed):
    tab = backprop_tab(POOLED.replace(grad=Upstream("onehot", cell=(0, 0))))
    page = tab.page
    typed(page.backprop.column, "4")  # the pooled map is 4x4: columns 0 to 3
    assert tab.scene == POOLED.replace(grad=Upstream("onehot", cell=(0, 0))) and len(tab.history.entries) == 1
    assert "4 is refused: the last map is 4 × 4" in page.backprop.message.text()
    high = BackpropScene.limits("window")[1]
    typed(page.backprop.window.width_box, str(high + 1))
    assert len(tab.history.entries) == 1 and f"a window is 1 to {high} cells" in page.backprop.message.text()


def test_the_matrix_view_is_refused_above_its_size_and_the_scene_kept(backprop_tab):
    scene = BackpropScene(size=(14, 14))
    tab = backprop_tab(scene)
    page = tab.page
    click(page.backprop.views.buttons["matrix"])
    assert tab.scene == scene and page.backprop.views.buttons["scatter"].isChecked()
    assert "at most 12x12 cells" in page.backprop.message.text()
    assert page.player.model.count == BackpropTimeline(scene).count  # still showing the scatter view
    click(page.backprop.views.buttons["gather"])
    assert tab.scene.view == "gather" and page.backprop.message.isHidden()


def test_pooling_none_through_the_page_resets_window_and_stride_in_one_edit(backprop_tab):
    tab = backprop_tab(POOLED.replace(window=(3, 3), pool_stride=(2, 2)))
    click(tab.page.backprop.pools.buttons["none"])
    assert tab.scene == POOLED.replace(pool="none", pool_stride=None)
    assert len(tab.history.entries) == 2 and tab.page.player.model.count == BackpropTimeline(tab.scene).count


def test_the_gradient_check_on_the_page_prints_what_gradient_check_returns(backprop_tab):
    tab = backprop_tab(POOLED.replace(grad=Upstream("random", seed=7)))
    group = tab.page.gradient_check
    click(group.button)
    expected = gradient_check(tab.scene)
    assert group.message.isVisible() and expected.words() in group.message.text()
    assert f"{expected.largest:.2g}" in group.message.text()
    click(tab.page.backprop.relu)  # another scene: the result was about the last one
    assert group.message.isHidden()
