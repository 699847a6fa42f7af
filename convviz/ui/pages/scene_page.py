"""The frame of every animated page: the side panel of control groups, the view, the player and its
keys, the one path edits take to the tab, presenting and theming. A page only lists its groups."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from convviz.scene.base import SCENES, PageScene
from convviz.timeline import NoOutput
from convviz.ui.controls import ControlGroup, InputGroup
from convviz.ui.controls.base import Changes, Edit
from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.views import create_view
from convviz.ui.widgets import PlayerBar
from convviz.ui.widgets.wheel import wheel_scrolls_the_panel

from .base import Page, scroll_chrome_width

SIDE_PANEL_WIDTH = 340  # the least width of the controls panel, at 100% zoom about what they need
SIDE_PANEL_SHARE = 0.4  # the most of the screen's width it takes to fit zoomed-in controls


class ScenePage(Page):
    """A page whose scene is animated by its view, edited through the control groups `create_groups` makes.

    Subclasses are registered `@PAGES.shows(SceneClass)`, which gives them `kind`, and define
    `create_groups(theme)` and `title()`."""

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = DEFAULT):
        super().__init__(parent)
        self._scene: PageScene = SCENES[self.kind]()
        self._count = 0  # steps of the scene on show; 0 when its parameters leave no output
        self._shown_key: PageScene | None = None  # the scene on show, step aside
        self._shown: PageScene | None = None  # the scene the controls show
        self.view = create_view(self.kind, theme)
        self.view.setParent(self)
        self.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.player = PlayerBar(parent=self, theme=theme)
        self.player.model.step_changed.connect(self._step_moved)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.control_groups: Sequence[ControlGroup] = self.create_groups(theme)
        self.input_group = next((g for g in self.control_groups if isinstance(g, InputGroup)), None)
        self.setAcceptDrops(self.input_group is not None)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        for group in self.control_groups:
            group.edited.connect(self._group_edited)
            side_layout.addWidget(group)
        side_layout.addStretch(1)
        self.side_panel = QScrollArea(self)
        self.side_panel.setWidget(side)
        self.side_panel.setWidgetResizable(True)
        wheel_scrolls_the_panel(side)
        side.installEventFilter(self)  # its layout asks for room: controls shown, grown or zoomed
        self._fit_side_panel()

        main = QVBoxLayout()
        main.addWidget(self.view, 1)
        main.addWidget(self.player)
        layout = QHBoxLayout(self)
        layout.addWidget(self.side_panel, 0)
        layout.addLayout(main, 1)

    def create_groups(self, theme: Theme) -> Sequence[ControlGroup]:
        """The page's control groups, top to bottom in the side panel."""
        raise NotImplementedError

    def _fit_side_panel(self) -> None:
        """As wide as the controls need at the current text size, so zooming in widens the panel
        instead of cutting its controls off; past a share of the screen, a horizontal scroll bar."""
        scroll = self.side_panel
        needed = scroll.widget().minimumSizeHint().width() + scroll_chrome_width(scroll)
        most = round(SIDE_PANEL_SHARE * self.screen().availableGeometry().width())
        scroll.setMinimumWidth(max(SIDE_PANEL_WIDTH, min(most, needed)))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.side_panel.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit_side_panel()
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------- scenes
    def show_scene(self, scene: PageScene) -> None:
        """Bring every control and the view to `scene`; when only the step moved, just draw that step."""
        self._scene = scene
        key = scene.replace(step=0)
        if key != self._shown_key:
            self._shown_key = key
            changed = Changes(self._shown, scene)
            self._shown = scene
            for group in self.control_groups:
                group.show_scene(scene, changed)
            try:
                self._count = self.view.load(scene)
            except NoOutput as problem:
                self._count = 0
                self.player.model.set_count(0)
                self.view.show_problem(scene, str(problem))
                return
            self.player.model.set_count(self._count)
        if not self._count:
            return
        if scene.step >= self._count:  # fewer steps than before: keep the link honest
            self.stepped.emit(scene.replace(step=self._count - 1))
            return
        self.player.model.set_step(scene.step)
        self.view.draw(scene.step)
        self.player.model.set_row_length(self.view.output.values().shape[1])  # rows/frame speeds move by it

    def _group_edited(self, edit: Edit, final: bool) -> None:
        self._edit(edit(self._scene), final)

    def _edit(self, scene: PageScene, final: bool = True) -> None:
        """Hand an edit to the tab. A live edit equal to the scene on show is dropped, but a final one
        always goes: a drag or stroke ends where its last live edit left it, and only the final edit
        closes that history entry (the history adds nothing for a final edit that changes nothing)."""
        if scene != self._scene or final:
            for group in self.control_groups:
                group.hide_message()
            self.edited.emit(scene, final)

    def _step_moved(self, step: int) -> None:
        if self._count and step != self._scene.step:
            self.stepped.emit(self._scene.replace(step=step))

    def stop(self) -> None:
        self.player.model.pause()

    def set_theme(self, theme: Theme) -> None:
        for widget in (self.view, self.player, *self.control_groups):
            widget.set_theme(theme)

    def set_presenting(self, presenting: bool) -> None:
        """The side panel and the player bar give way to the view (the presenter shows the step)."""
        self.side_panel.setVisible(not presenting)
        self.player.setVisible(not presenting)
        self.view.set_presenting(presenting)

    # ------------------------------------------------- pictures and keys
    def dragEnterEvent(self, event) -> None:
        if self.input_group is not None and self.input_group.takes(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        if self.input_group is not None:
            self.input_group.drop(event.mimeData())
            event.acceptProposedAction()

    def keyPressEvent(self, event) -> None:
        """Player keys; they reach the page only when no focused control used them first."""
        model = self.player.model
        actions = {
            Qt.Key.Key_Space: model.toggle,
            Qt.Key.Key_Left: model.previous,
            Qt.Key.Key_Right: model.next,
            Qt.Key.Key_Home: model.first,
            Qt.Key.Key_End: model.last,
        }
        if event.matches(QKeySequence.StandardKey.Paste) and self.input_group is not None:
            self.input_group.paste()
        elif event.key() in actions and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            actions[event.key()]()
        else:
            super().keyPressEvent(event)
            return
        event.accept()
