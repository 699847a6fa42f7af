"""The input group as every page has it: a stroke on a small grid updates the output as it goes, on a
large one only when it ends, and either way the stroke is one final edit."""

import pytest

from convviz.ui.controls.input_group import LIVE_STROKE_LIMIT


@pytest.mark.parametrize("size, live", [(8, True), (int(LIVE_STROKE_LIMIT**0.5) + 1, False)])
def test_a_stroke_sends_live_edits_only_on_a_small_grid(open_tab, drag, size, live):
    tab = open_tab(f"convviz://conv?input=digit3&size={size}x{size}&kernel=box")
    sent = []
    tab.page.edited.connect(lambda scene, final: sent.append(final))
    canvas = tab.page.input_group.canvas
    drag(canvas, [canvas.cell_rect(0, column).center().toPoint() for column in range(3)])
    assert sent[-1] is True and sent.count(True) == 1
    assert (False in sent) is live
    assert len(tab.history.entries) == 2  # one stroke, one history entry
