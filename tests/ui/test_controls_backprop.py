"""The Backprop group and the gradient check alone, clicked and typed as a person does: each control's
edit, applied to the scene on show, gives the scene it says; what cannot be shown is refused in place."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from convviz.scene.scenes import BackpropScene
from convviz.scene.upstream import Upstream
from convviz.timeline.backprop import BackpropTimeline
from convviz.timeline.gradient_check import gradient_check
from convviz.ui.controls import BackpropGroup, GradientCheckGroup, PoolingGroup
from convviz.ui.controls.backprop_group import last_map_shape
from convviz.ui.controls.base import Changes
from convviz.ui.theme import DEFAULT

DEFAULT_SCENE = BackpropScene()
POOLED = BackpropScene(pool="max", window=(3, 3), pool_stride=(2, 2))  # 8x8 -> 6x6 -> 2x2


class Shown:
    """A group showing a scene and, like a tab, taking each of its edits back as the scene."""

    def __init__(self, group, scene: BackpropScene):
        self.group, self.scene, self.edits = group, scene, 0
        group.edited.connect(self._edited)
        group.show_scene(scene, Changes(None, scene))

    def _edited(self, edit, final):
        shown, self.scene = self.scene, edit(self.scene)
        self.edits += 1
        self.group.hide_message()
        self.group.show_scene(self.scene, Changes(shown, self.scene))


@pytest.fixture
def shown_group(shown):
    def run(scene=DEFAULT_SCENE, group_class=BackpropGroup):
        return Shown(shown(group_class(DEFAULT), 480, 520), scene)

    return run


def click(button):
    """On the button's text, where a person clicks (a check box in a form row is wider than its text)."""
    at = QPoint(min(button.width(), button.sizeHint().width()) // 2, button.height() // 2)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=at)


def test_relu_ticks_off_and_on(shown_group):
    it = shown_group()
    assert it.group.relu.isChecked()
    click(it.group.relu)
    assert it.scene == BackpropScene(relu=False)
    click(it.group.relu)
    assert it.scene == BackpropScene()


def test_pooling_none_resets_the_window_and_its_stride_in_the_same_edit(shown_group):
    it = shown_group(POOLED)
    group = it.group
    assert group.pools.buttons["max"].isChecked() and group.window.isEnabled()
    click(group.pools.buttons["avg"])
    assert it.scene == POOLED.replace(pool="avg")  # the window and stride still apply
    click(group.pools.buttons["none"])
    assert it.scene == BackpropScene() and it.edits == 2  # one edit: never a scene that refuses itself
    assert group.window.value() == (2, 2) and not group.window.isEnabled()
    assert not group.pool_stride.isEnabled() and not group._stride_row.box.isEnabled()
    click(group.pools.buttons["max"])
    assert it.scene == BackpropScene(pool="max") and group.window.isEnabled()


def test_the_pool_stride_is_the_window_until_unticked_as_on_the_pooling_page(shown_group, typed):
    it = shown_group(BackpropScene(pool="avg"))
    group = it.group
    box = group._stride_row.box
    assert type(group._stride_row) is type(PoolingGroup(DEFAULT)._stride_row)  # one control, shared
    assert box.isChecked() and not group.pool_stride.isEnabled() and group.pool_stride.value() == (2, 2)
    typed(group.window.height_box, "3")
    assert it.scene.window == (3, 2) and it.scene.pool_stride is None
    assert group.pool_stride.value() == (3, 2)  # greyed, following the window
    click(box)
    assert it.scene.pool_stride == (3, 2) and group.pool_stride.isEnabled()
    typed(group.pool_stride.width_box, "1")
    assert it.scene.pool_stride == (3, 1)
    click(box)
    assert it.scene.pool_stride is None


def test_random_dl_dy_takes_the_seed_typed_and_a_new_seed_changes_it(shown_group, typed):
    it = shown_group()
    group = it.group
    assert group.upstreams.buttons["ones"].isChecked() and not group.seed.isEnabled()
    click(group.upstreams.buttons["random"])
    assert it.scene.grad == Upstream("random", seed=0) and group.seed.isEnabled()
    typed(group.seed, "42")
    assert it.scene.grad == Upstream("random", seed=42)
    click(group.new_seed)
    seed = it.scene.grad.seed
    assert it.scene.grad.kind == "random" and seed != 42 and group.seed.value() == seed
    low, high = BackpropScene.limits("grad")
    assert low <= seed <= high
    click(group.upstreams.buttons["ones"])
    assert it.scene.grad == Upstream() and not group.seed.isEnabled()


def test_a_new_seed_from_all_ones_switches_to_random(shown_group):
    it = shown_group()
    click(it.group.new_seed)
    assert it.scene.grad.kind == "random"


def test_one_hot_cell_is_bounded_by_the_last_maps_shape(shown_group, typed):
    it = shown_group(POOLED)
    group = it.group
    assert last_map_shape(POOLED) == (2, 2) == BackpropTimeline(POOLED).last.shape
    click(group.upstreams.buttons["onehot"])
    assert it.scene.grad == Upstream("onehot", cell=(0, 0))
    assert (group.row.maximum(), group.column.maximum()) == (1, 1)
    typed(group.column, "1")
    assert it.scene.grad == Upstream("onehot", cell=(0, 1))
    typed(group.row, "2")  # the 2x2 map has no row 2
    assert it.scene.grad == Upstream("onehot", cell=(0, 1))
    text = group.message.text()
    assert group.message.is_problem() and "2 is refused: the last map is 2 × 2" in text
    click(group.pools.buttons["none"])  # the last map is now the 6x6 ReLU output
    assert it.scene.grad.cell == (0, 1) and (group.row.maximum(), group.column.maximum()) == (5, 5)
    typed(group.row, "5")
    assert it.scene.grad == Upstream("onehot", cell=(5, 1)) and group.message.isHidden()


def test_a_cell_left_outside_a_smaller_map_is_shown_as_it_is(shown_group):
    """A change of the chain never moves the user's cell: the boxes show it, the view says why."""
    scene = BackpropScene(grad=Upstream("onehot", cell=(5, 4)))
    it = shown_group(scene)
    smaller = scene.replace(stride=(2, 2))  # 6x6 -> 3x3
    it.group.show_scene(smaller, Changes(scene, smaller))
    assert it.group._typed_cell() == (5, 4)


def test_the_matrix_view_is_refused_above_its_size_with_the_timelines_reason(shown_group):
    it = shown_group(BackpropScene(size=(20, 20)))
    group = it.group
    click(group.views.buttons["gather"])
    assert it.scene.view == "gather"
    click(group.views.buttons["matrix"])
    assert it.scene.view == "gather" and group.views.buttons["gather"].isChecked()
    assert group.message.is_problem() and "at most 12x12 cells" in group.message.text()
    assert "this input is 20x20" in group.message.text()


def test_the_matrix_view_of_a_small_input_goes_through(shown_group):
    it = shown_group()
    click(it.group.views.buttons["matrix"])
    assert it.scene.view == "matrix" and it.group.message.isHidden()


def test_showing_a_scene_sets_only_the_controls_whose_fields_changed(shown_group, paints):
    it = shown_group()
    QTest.qWait(50)
    counter = paints(it.group.relu, it.group.window.height_box)
    changed = it.scene.replace(relu=False)
    it.group.show_scene(changed, Changes(it.scene, changed))
    QTest.qWait(50)
    assert not it.group.relu.isChecked()
    assert counter.counts[it.group.window.height_box] == 0 and counter.counts[it.group.relu] >= 1


def test_the_boxes_allow_exactly_what_a_link_allows(shown_group):
    group = shown_group().group
    for name, field in (("window", "window"), ("pool_stride", "pool_stride")):
        for box in (getattr(group, name).height_box, getattr(group, name).width_box):
            assert (box.minimum(), box.maximum()) == BackpropScene.limits(field)
    assert (group.seed.minimum(), group.seed.maximum()) == BackpropScene.limits("grad")


@pytest.mark.parametrize(
    "scene",
    [
        BackpropScene(),
        POOLED.replace(grad=Upstream("random", seed=3)),
        BackpropScene(pool="avg", stride=(2, 2)),
    ],
)
def test_the_gradient_check_says_what_gradient_check_returns(shown_group, scene):
    it = shown_group(scene, GradientCheckGroup)
    click(it.group.button)
    expected = gradient_check(scene)
    text = it.group.message.text()
    assert not it.group.message.is_problem() and expected.words() in text
    assert f"{expected.largest:.2g}" in text
    kinks = int(expected.kinked_weight.sum() + expected.kinked_input.sum())
    assert ("sit on a kink" in text) == bool(kinks)
    assert f"{expected.analytic_weight.size} weights and {expected.analytic_input.size} input cells" in text


def test_a_one_weight_kernel_is_counted_in_the_singular(shown_group):
    it = shown_group(BackpropScene(kernel="1", size=(4, 4)), GradientCheckGroup)
    click(it.group.button)
    assert it.group.message.text().startswith("1 weight and 16 input cells each nudged")


def test_the_gradient_check_result_goes_with_its_scene(shown_group):
    it = shown_group(BackpropScene(), GradientCheckGroup)
    click(it.group.button)
    assert it.group.message.isVisible()
    other = BackpropScene(relu=False)
    it.group.show_scene(other, Changes(it.scene, other))
    assert it.group.message.isHidden()


def test_the_gradient_check_is_refused_above_its_cap_with_the_timelines_words(shown_group):
    it = shown_group(BackpropScene(size=(20, 20)), GradientCheckGroup)
    click(it.group.button)
    text = it.group.message.text()
    assert it.group.message.is_problem() and "at most 16x16" in text and "this input is 20x20" in text


def test_the_gradient_check_of_a_scene_with_no_output_says_why(shown_group):
    it = shown_group(BackpropScene(size=(3, 3), kernel="box", dilation=(2, 2)), GradientCheckGroup)
    click(it.group.button)
    assert it.group.message.is_problem() and it.group.message.text().startswith("No output")


def test_the_gradient_check_is_quick_at_its_largest(shown_group):
    """16x16 under a 9x9 kernel with max pooling: the largest check the button runs, in place."""
    import time

    scene = BackpropScene(
        size=(16, 16), kernel=";".join([",".join(["1"] * 9)] * 9), padding=(4, 4), pool="max"
    )
    it = shown_group(scene, GradientCheckGroup)
    start = time.perf_counter()
    click(it.group.button)
    assert time.perf_counter() - start < 0.5 and not it.group.message.is_problem()
    assert np.isfinite(gradient_check(scene).largest)
