"""The Convolution page at the rows/frame speeds: a big input plays row by row of its output, the page
draws where each tick lands, and playback ends on the last step, as the link then says."""

import pytest
from PySide6.QtCore import Qt

LINK = "convviz://conv?input=checkerboard&size=30x30&kernel=box"  # a 28x28 output: 784 steps


@pytest.fixture
def tab(open_tab):
    return open_tab(LINK)


def test_one_row_per_frame_plays_whole_output_rows_and_ends_on_the_last_step(tab, qtbot):
    player = tab.page.player
    player.speed_box.setFocus()
    while player.speed_box.text() != "1 row/frame":
        qtbot.keyClick(player.speed_box, Qt.Key.Key_Up)
    assert player.model.steps_per_tick == 28  # the page told the model its output's width
    steps = []
    player.model.step_changed.connect(steps.append)
    qtbot.mouseClick(player.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not player.model.playing, timeout=5000)
    assert steps == [*range(28, 784, 28), 783]  # from step 1 a row at a time, then the last step
    assert tab.scene.step == 783 and player.label.text() == "step 784 / 784"
