"""Every UI test must leave no QTimer running: a leaked timer keeps animating after its view is gone
and makes later tests flaky. Timers are found by walking the object tree from the application and
from every top-level widget, which is why timers must be parented (PlayerModel's is its child)."""

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsItem


def running_timers(app: QApplication) -> list[QTimer]:
    roots = [app, *app.topLevelWidgets()]
    timers = {id(t): t for root in roots for t in root.findChildren(QTimer) if t.isActive()}
    return list(timers.values())


@pytest.fixture(autouse=True, scope="session")
def pyqtgraph_configured():
    """pytest-qt makes the QApplication, so pyqtgraph is configured here as start-up configures it."""
    from convviz.ui.app import configure_pyqtgraph

    configure_pyqtgraph()


@pytest.fixture(autouse=True)
def no_running_timers(qapp):
    yield
    qapp.processEvents()
    leaked = running_timers(qapp)
    for timer in leaked:
        timer.stop()  # stop them so one leak does not fail every later test too
    if leaked:
        names = ", ".join(f"{t.parent().__class__.__name__}.{t.objectName() or 'QTimer'}" for t in leaked)
        pytest.fail(f"test left {len(leaked)} QTimer(s) running: {names}")


@pytest.fixture
def drag():
    """A person's drag: press at the first point, move through the others, release at the last."""

    def run(widget, points, button=Qt.MouseButton.LeftButton, modifiers=Qt.KeyboardModifier.NoModifier):
        QTest.mousePress(widget, button, modifiers, points[0])
        for point in points[1:]:
            QTest.mouseMove(widget, point)
        QTest.mouseRelease(widget, button, modifiers, points[-1])

    return run


@pytest.fixture
def shown(qtbot):
    """Register a widget for cleanup, give it a size and show it, so mouse moves reach it."""

    def run(widget, width=400, height=400):
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        return widget

    return run


@pytest.fixture
def wheel(qapp):
    """Turn the mouse wheel over a widget point by whole notches (120 units each)."""

    def run(widget, point, notches=1, modifiers=Qt.KeyboardModifier.NoModifier):
        event = QWheelEvent(
            QPointF(point),
            QPointF(widget.mapToGlobal(point)),
            QPoint(0, 0),
            QPoint(0, 120 * notches),
            Qt.MouseButton.NoButton,
            modifiers,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        qapp.postEvent(widget, event)
        qapp.processEvents()

    return run


@pytest.fixture
def open_tab(qtbot):
    """A browser tab showing `link` (or a scene: a page whose links are not open yet), shown at a size
    (1280x720 by default) and stopped afterwards."""
    from convviz.scene.history import History
    from convviz.scene.link import parse_link
    from convviz.ui.tab import BrowserTab

    tabs = []

    def run(link, width: int = 1280, height: int = 720):
        tab = BrowserTab(History(parse_link(link) if isinstance(link, str) else link))
        qtbot.addWidget(tab)
        tab.resize(width, height)
        tab.show()
        qtbot.waitExposed(tab)
        tabs.append(tab)
        return tab

    yield run
    for tab in tabs:
        tab.stop()


@pytest.fixture
def make_window(qtbot, tmp_path):
    """A main window with a tab per scene, shown and active; `config` is its settings folder (None: none).

    The session, bookmarks and theme it saves go to the test's own temporary folder."""
    from convviz.scene.history import History
    from convviz.ui.window import MainWindow

    def make(*scenes, config=tmp_path):
        window = MainWindow(config=config)
        qtbot.addWidget(window)
        window.restore()
        for scene in scenes:
            window.new_tab(History(scene))
        window.resize(1280, 720)
        window.show()
        window.activateWindow()
        qtbot.waitActive(window)
        return window

    return make


@pytest.fixture
def typed():
    """Select what a spin box holds, type over it and press Enter, as a person does."""

    def run(box, text: str):
        box.setFocus()
        box.lineEdit().selectAll()
        QTest.keyClicks(box, text)
        QTest.keyClick(box, Qt.Key.Key_Return)

    return run


@pytest.fixture
def press():
    """A key press as the platform delivers it, so application shortcuts see it first."""

    def run(window, key, modifier=Qt.KeyboardModifier.NoModifier):
        QTest.keyClick(window.windowHandle(), key, modifier)

    return run


class PaintCounter(QObject):
    """Counts the paints each watched widget or graphics item (a view's map) receives: `counts[it]`."""

    def __init__(self, *watched):
        super().__init__()
        self.counts = dict.fromkeys(watched, 0)
        for it in watched:
            if isinstance(it, QGraphicsItem):
                self._count_paints(it)
            else:
                it.installEventFilter(self)

    def _count_paints(self, item):
        paint = item.paint

        def counted(*args):
            self.counts[item] += 1
            return paint(*args)

        item.paint = counted

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            self.counts[watched] += 1
        return False


@pytest.fixture
def paints():
    """paints(*widgets): a PaintCounter watching them from now on."""
    return PaintCounter
