"""The pooling group alone, clicked as a person does: each control's edit, applied to the scene on
show, gives the scene it says, and fields that do not apply to the pool kind are never sent."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from convviz.scene.scenes import PoolScene
from convviz.ui.controls import PoolingGroup
from convviz.ui.controls.base import Changes
from convviz.ui.controls.pooling_group import with_pool
from convviz.ui.theme import DEFAULT

DEFAULT_SCENE = PoolScene()


class Shown:
    """A pooling group showing a scene and, like a tab, taking each of its edits back as the scene."""

    def __init__(self, group: PoolingGroup, scene: PoolScene):
        self.group, self.scene = group, scene
        group.edited.connect(self._edited)
        group.show_scene(scene, Changes(None, scene))

    def _edited(self, edit, final):
        shown, self.scene = self.scene, edit(self.scene)
        self.group.hide_message()
        self.group.show_scene(self.scene, Changes(shown, self.scene))


@pytest.fixture
def shown_group(shown):
    def run(scene=DEFAULT_SCENE):
        return Shown(shown(PoolingGroup(DEFAULT), 420, 420), scene)

    return run


def _click(button):
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    "scene, kind, expected",
    [
        (PoolScene(dilation=(2, 3)), "avg", PoolScene(pool="avg")),
        (PoolScene(pool="avg", count_pad=False), "max", PoolScene()),
        (PoolScene(window=(3, 3), ceil=True), "avg", PoolScene(pool="avg", window=(3, 3), ceil=True)),
    ],
)
def test_switching_the_pool_kind_resets_what_no_longer_applies(scene, kind, expected):
    assert with_pool(scene, kind) == expected


def test_max_to_average_and_back_by_clicks(shown_group):
    it = shown_group(PoolScene(window=(3, 3), dilation=(2, 2)))
    group = it.group
    assert group.kind_buttons["max"].isChecked()
    assert group.dilation.isEnabled() and not group.count_pad.isEnabled()
    _click(group.kind_buttons["avg"])
    assert it.scene == PoolScene(pool="avg", window=(3, 3))  # the dilation went back to 1, in the same edit
    assert group.dilation.value() == (1, 1) and not group.dilation.isEnabled()
    assert group.count_pad.isEnabled() and group.count_pad.isChecked()
    _click(group.count_pad)
    assert it.scene.count_pad is False
    _click(group.kind_buttons["max"])
    assert it.scene == PoolScene(window=(3, 3))  # count_pad back to its default
    assert group.count_pad.isChecked() and not group.count_pad.isEnabled()


def test_the_stride_is_the_window_until_unticked(shown_group, typed):
    it = shown_group(PoolScene(window=(3, 2)))
    group = it.group
    assert group.stride_is_window.isChecked() and not group.stride.isEnabled()
    assert group.stride.value() == (3, 2)  # shown, greyed: the window's
    typed(group.window.height_box, "4")
    assert it.scene.window == (4, 2) and it.scene.stride is None and group.stride.value() == (4, 2)
    _click(group.stride_is_window)
    assert it.scene.stride == (4, 2) and group.stride.isEnabled()
    typed(group.stride.height_box, "1")
    assert it.scene.stride == (1, 2)  # overlapping windows
    _click(group.stride_is_window)
    assert it.scene.stride is None and group.stride.value() == (4, 2)


def test_an_explicit_stride_starts_no_larger_than_a_stride_may_be(shown_group):
    it = shown_group(PoolScene(size=(100, 40), window="global"))
    _click(it.group.stride_is_window)
    high = PoolScene.limits("stride")[1]
    assert it.scene.stride == (high, high) and it.group.stride.value() == (high, high)


def test_global_pooling_and_back_to_the_window_typed(shown_group, typed):
    it = shown_group(PoolScene(pool="avg", window=(3, 3)))
    group = it.group
    _click(group.whole)
    assert it.scene.window == "global" and not group.window.isEnabled()
    assert it.scene.kernel_size() == (28, 28)
    _click(group.whole)
    assert it.scene.window == (3, 3) and group.window.isEnabled()


def test_ceil_mode_ticks(shown_group):
    it = shown_group()
    _click(it.group.ceil)
    assert it.scene.ceil is True
    _click(it.group.ceil)
    assert it.scene.ceil is False


def test_padding_past_half_the_window_is_refused_in_place(shown_group, typed):
    it = shown_group(PoolScene(window=(2, 4)))
    group = it.group
    typed(group.padding.height_box, "2")
    assert it.scene == PoolScene(window=(2, 4))  # nothing impossible was sent
    assert group.padding.value() == (0, 0)  # the box shows the scene's padding again
    text = group.message.text()
    assert (
        group.message.is_problem()
        and "Padding 2 × 0 is refused" in text
        and "1 × 2 for the 2 × 4 window" in text
    )
    typed(group.padding.width_box, "2")  # half of 4: allowed
    assert it.scene.padding == (0, 2) and group.message.isHidden()


def test_typed_numbers_past_the_limits_say_the_limits(shown_group, typed):
    it = shown_group()
    low, high = PoolScene.limits("window")
    typed(it.group.window.height_box, str(high + 1))
    assert it.scene == PoolScene()
    assert f"a window is {low} to {high} cells" in it.group.message.text()


def test_showing_a_scene_sets_only_the_controls_whose_fields_changed(shown_group, paints):
    it = shown_group()
    QTest.qWait(50)  # the first paints are done
    counter = paints(it.group.ceil, it.group.window.height_box)
    it.group.show_scene(it.scene.replace(ceil=True), Changes(it.scene, it.scene.replace(ceil=True)))
    QTest.qWait(50)
    assert it.group.ceil.isChecked()
    assert counter.counts[it.group.window.height_box] == 0 and counter.counts[it.group.ceil] >= 1


def test_the_boxes_allow_exactly_what_a_link_allows(shown_group):
    group = shown_group().group
    for field in ("window", "stride", "padding", "dilation"):
        for box in (getattr(group, field).height_box, getattr(group, field).width_box):
            assert (box.minimum(), box.maximum()) == PoolScene.limits(field), field
