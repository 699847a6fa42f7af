"""PlayerModel moves a step index (stepping, clamping, looping, real-time playback); PlayerBar shows it."""

import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from convviz.ui.widgets import PlayerBar, PlayerModel
from convviz.ui.widgets.speed import SPEEDS

ROWS = next(i for i, speed in enumerate(SPEEDS) if speed.rows)  # the first rows/frame speed

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


def test_speed_is_clamped_to_the_ladder_and_sets_the_timer(model):
    timer = model.findChild(QTimer)
    assert model.speed.label == "8 steps/s" and timer.interval() == 125
    model.set_speed(0)
    assert model.speed.label == "0.25 steps/s" and timer.interval() == 4000
    model.set_speed(500)
    assert model.speed.label == "60 steps/s" and timer.interval() == 17
    model.set_speed_index(99)
    assert model.speed.label == "32 rows/frame" and timer.interval() == 17


def test_the_speed_ladder_climbs_from_a_quarter_step_per_second_to_whole_rows_per_frame():
    assert [speed.label for speed in SPEEDS] == [
        "0.25 steps/s", "0.5 steps/s", "1 step/s", "2 steps/s", "4 steps/s", "8 steps/s", "15 steps/s",
        "30 steps/s", "60 steps/s", "1 row/frame", "2 rows/frame", "4 rows/frame", "8 rows/frame",
        "16 rows/frame", "32 rows/frame",
    ]  # fmt: skip
    rates = [1000 / speed.interval_ms * max(speed.rows * 26, 1) for speed in SPEEDS]  # a 26-wide output
    assert rates == sorted(rates) and len(set(rates)) == len(rates)  # every rung faster than the last


def test_a_rows_speed_jumps_whole_rows_per_tick_and_stops_exactly_on_the_last_step(model, qtbot):
    model.set_count(95)
    model.set_row_length(10)
    model.set_speed_index(ROWS + 1)  # 2 rows/frame
    assert model.steps_per_tick == 20
    steps = []
    model.step_changed.connect(steps.append)  # what the page draws: only where each tick lands
    model.play()
    qtbot.waitUntil(lambda: not model.playing, timeout=2000)
    assert steps == [20, 40, 60, 80, 94] and model.step == 94


def test_a_rows_speed_loops_back_to_the_first_step(model, qtbot):
    model.set_count(25)
    model.set_row_length(10)
    model.set_speed_index(ROWS)  # 1 row/frame
    model.set_loop(True)
    steps = []
    model.step_changed.connect(steps.append)
    model.play()
    qtbot.waitUntil(lambda: len(steps) >= 5, timeout=2000)
    model.pause()
    assert steps[:5] == [10, 20, 24, 0, 10]


def test_a_512_pixel_input_plays_in_seconds_at_one_row_per_frame(model):
    model.set_count(510 * 510)  # a 3x3 kernel over 512x512
    model.set_row_length(510)
    model.set_speed_index(ROWS)
    ticks = -(-(model.count - 1) // model.steps_per_tick)
    assert ticks * model.speed.interval_ms / 1000 < 10  # seconds, not the 73 minutes of 60 steps/s


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


def test_the_speed_box_names_each_speed_and_climbs_the_ladder(bar, qtbot):
    box = bar.speed_box
    assert box.text() == "8 steps/s"
    box.setFocus()
    seen = []
    for _ in range(len(SPEEDS)):
        qtbot.keyClick(box, Qt.Key.Key_Up)
        seen.append(box.text())
    assert seen[:4] == ["15 steps/s", "30 steps/s", "60 steps/s", "1 row/frame"]
    assert seen[-1] == "32 rows/frame" and bar.model.speed.label == "32 rows/frame"
    qtbot.keyClick(box, Qt.Key.Key_PageDown)  # ten rungs down
    assert box.text() == bar.model.speed.label == "4 steps/s"
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "1 row/frame")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert bar.model.speed.label == "1 row/frame"
    bar.model.set_speed(0.25)
    assert box.text() == "0.25 steps/s"


def test_play_button_and_speed_box(bar, qtbot):
    bar.model.set_speed(60)
    qtbot.mouseClick(bar.play_button, LEFT)
    assert bar.model.playing
    qtbot.waitUntil(lambda: bar.model.step >= 2, timeout=2000)
    qtbot.mouseClick(bar.play_button, LEFT)
    assert not bar.model.playing
    qtbot.mouseClick(bar.loop_button, LEFT)
    assert bar.model.loop


def test_no_steps_disables_the_controls(bar):
    bar.model.set_count(0)
    assert not bar.play_button.isEnabled() and not bar.slider.isEnabled()
    assert bar.label.text() == "step 0 / 0"
    bar.model.set_count(3)
    assert bar.play_button.isEnabled()
