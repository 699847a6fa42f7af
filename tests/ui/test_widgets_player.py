"""PlayerModel moves a step index (stepping, clamping, looping, real-time playback); PlayerBar shows it."""

import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from convviz.ui.widgets import PlayerBar, PlayerModel

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def model(qtbot):
    """A model parented to a widget, as on a page, so the leaked-timer check can see its timer."""
    holder = QWidget()
    qtbot.addWidget(holder)
    yield PlayerModel(holder, count=5)  # holder stays alive until teardown


def test_stepping_clamps_to_the_steps(model):
    steps = []
    model.step_changed.connect(steps.append)
    model.previous()
    assert model.step == 0 and steps == []  # nothing before the first step
    model.next()
    model.next()
    model.last()
    model.next()
    assert model.step == 4
    model.first()
    model.set_step(99)
    model.set_step(-3)
    assert steps == [1, 2, 4, 0, 4, 0]


def test_count_clamps_the_step_and_zero_disables(model):
    model.last()
    model.set_count(3)
    assert model.step == 2
    model.set_count(0)
    assert model.step == 0
    model.play()
    model.next()
    assert not model.playing and model.step == 0


def test_speed_is_clamped_and_sets_the_timer(model):
    timer = model.findChild(QTimer)
    assert model.speed == 8 and timer.interval() == 125
    model.set_speed(0)
    assert model.speed == 1 and timer.interval() == 1000
    model.set_speed(500)
    assert model.speed == 60 and timer.interval() == 17


def test_playing_advances_in_real_time_and_stops_at_the_last_step(model, qtbot):
    model.set_speed(60)
    steps = []
    model.step_changed.connect(steps.append)
    with qtbot.waitSignal(model.playing_changed, timeout=2000) as started:
        model.play()
    assert started.args == [True]
    qtbot.waitUntil(lambda: not model.playing, timeout=2000)
    assert steps == [1, 2, 3, 4]
    model.play()  # at the last step, play starts again from 0
    assert model.step == 0 and model.playing
    model.pause()
    assert not model.findChild(QTimer).isActive()


def test_loop_wraps_around(model, qtbot):
    model.set_speed(60)
    model.set_loop(True)
    steps = []
    model.step_changed.connect(steps.append)
    model.last()
    model.play()
    qtbot.waitUntil(lambda: len(steps) >= 4, timeout=2000)
    model.pause()
    assert steps[:4] == [4, 0, 1, 2]  # set by last(), then wrapped without stopping
    assert not model.playing


def test_a_slow_view_slows_playback_but_never_skips_a_step(model, qtbot):
    model.set_count(6)
    model.set_speed(60)
    steps = []

    def slow_render(step):
        steps.append(step)
        time.sleep(0.05)  # a render three timer intervals long

    model.step_changed.connect(slow_render)
    model.play()
    qtbot.waitUntil(lambda: not model.playing, timeout=3000)
    assert steps == [1, 2, 3, 4, 5]


def test_toggle(model):
    model.toggle()
    assert model.playing
    model.toggle()
    assert not model.playing


@pytest.fixture
def bar(shown):
    player = shown(PlayerBar(), 700, 60)
    player.model.set_count(10)
    return player


def test_buttons_move_the_model_and_the_label_follows(bar, qtbot):
    qtbot.mouseClick(bar.next_button, LEFT)
    qtbot.mouseClick(bar.next_button, LEFT)
    assert bar.model.step == 2
    assert bar.label.text() == "step 3 / 10"
    assert bar.slider.value() == 2
    qtbot.mouseClick(bar.last_button, LEFT)
    assert bar.model.step == 9 and bar.slider.maximum() == 9
    qtbot.mouseClick(bar.previous_button, LEFT)
    assert bar.model.step == 8
    qtbot.mouseClick(bar.first_button, LEFT)
    assert bar.model.step == 0 and bar.label.text() == "step 1 / 10"


def test_tooltips_name_the_keys(bar):
    tips = [b.toolTip() for b in (bar.first_button, bar.previous_button, bar.play_button)]
    tips += [b.toolTip() for b in (bar.next_button, bar.last_button)]
    for tip, key in zip(tips, ["Home", "Left", "Space", "Right", "End"]):
        assert f"({key})" in tip


def test_scrubbing_sets_the_step_live(bar):
    steps = []
    bar.model.step_changed.connect(steps.append)
    bar.slider.setSliderDown(True)  # the person holds the handle...
    for value in (3, 4, 7):
        bar.slider.setSliderPosition(value)  # ...and drags it
    bar.slider.setSliderDown(False)
    assert steps == [3, 4, 7] and bar.label.text() == "step 8 / 10"


def test_play_button_and_speed_box(bar, qtbot):
    bar.speed_box.setValue(60)
    assert bar.model.speed == 60
    qtbot.mouseClick(bar.play_button, LEFT)
    assert bar.model.playing
    qtbot.waitUntil(lambda: bar.model.step >= 2, timeout=2000)
    qtbot.mouseClick(bar.play_button, LEFT)
    assert not bar.model.playing
    bar.model.set_speed(12)
    assert bar.speed_box.value() == 12
    qtbot.mouseClick(bar.loop_button, LEFT)
    assert bar.model.loop


def test_no_steps_disables_the_controls(bar):
    bar.model.set_count(0)
    assert not bar.play_button.isEnabled() and not bar.slider.isEnabled()
    assert bar.label.text() == "step 0 / 0"
    bar.model.set_count(3)
    assert bar.play_button.isEnabled()
