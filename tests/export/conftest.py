"""Export tests render real frames offscreen, small (320x200) and short (9 steps) so they stay fast.

Like the UI tests, each must leave no QTimer running (the dialog renders from one)."""

import numpy as np
import pytest
from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QImage

from convviz.scene.link import parse_link
from convviz.ui.render import prepare_offscreen, render
from convviz.ui.views import create_view

LINK = "convviz://conv?input=0,1,0,1;1,1,0,0;0,1,1,0;1,0,0,1&kernel=1,0;0,-1"  # 4x4 * 2x2: 9 steps
SIZE = (320, 200)


@pytest.fixture(autouse=True)
def no_running_timers(qapp):
    yield
    qapp.processEvents()
    roots = [qapp, *qapp.topLevelWidgets()]
    leaked = {id(t): t for root in roots for t in root.findChildren(QTimer) if t.isActive()}
    for timer in leaked.values():
        timer.stop()
    if leaked:
        pytest.fail(f"test left {len(leaked)} QTimer(s) running")


@pytest.fixture
def scene():
    return parse_link(LINK)


@pytest.fixture
def direct_render(qapp):
    """A step rendered the way a screenshot is, converted independently of the export's own path."""

    def run(scene, step, size=SIZE):
        view = create_view(scene.page)
        prepare_offscreen(view, QSize(*size))
        view.load(scene)
        view.draw(step)
        image = render(view).convertToFormat(QImage.Format.Format_RGB888)
        view.close()
        rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
        return rows[:, : 3 * image.width()].reshape(image.height(), image.width(), 3).copy()

    return run
