"""What every control group shares: showing a scene by setting only the controls whose fields changed,
emitting edits as functions of the scene, one inline message, and the spin boxes of per-axis numbers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QWidget

from convviz.scene.base import PageScene
from convviz.scene.codecs import SEED
from convviz.ui.theme import Theme
from convviz.ui.widgets.inline_message import InlineMessage
from convviz.ui.widgets.spin_boxes import LimitedSpin, PairEditor, limited_spin

Edit = Callable[[PageScene], PageScene]

# per-axis fields: what their spin boxes are called, and the rule a refused number is told
PAIRS = {
    "size": ("grid size", "grid sides are {low} to {high} cells"),
    "window": ("window", "a window is {low} to {high} cells"),
    "stride": ("stride", "a stride is {low} to {high} cells"),
    "pool_stride": ("pooling stride", "a stride is {low} to {high} cells"),
    "padding": ("padding on each side", "padding is {low} to {high} cells on each side"),
    "dilation": ("dilation", "a dilation is {low} to {high}"),
}


class Changes:
    """Which fields differ between the scene the controls showed (None: nothing yet) and the new one."""

    def __init__(self, shown: PageScene | None, scene: PageScene):
        self._shown, self._scene = shown, scene

    def __call__(self, *fields: str) -> bool:
        shown = self._shown
        return shown is None or any(getattr(shown, f) != getattr(self._scene, f) for f in fields)


class ControlGroup(QGroupBox):
    """A titled group of controls for some fields of a scene.

    edited(edit, final): `edit` is a function from the scene on show to the edited scene (the page
    applies it to its current scene, step included); `final` as in Page.edited. `message` says in
    place why a typed value was refused, or what was done to the user's input (None: nothing to say)."""

    edited = Signal(object, bool)

    def __init__(self, title: str, theme: Theme, message_name: str | None = None):
        super().__init__(title)
        self.message = InlineMessage(message_name, theme) if message_name else None

    def show_scene(self, scene: PageScene, changed: Changes) -> None:
        """Bring the controls to `scene`, setting only those whose fields `changed`: every set is a
        repaint, and a kernel being dragged should not make the whole side panel redraw."""
        raise NotImplementedError

    def set_theme(self, theme: Theme) -> None:
        if self.message is not None:
            self.message.set_theme(theme)

    def hide_message(self) -> None:
        """An edit went through: what the message said is about what came before it."""
        if self.message is not None:
            self.message.hide()

    def _emit(self, edit: Edit, final: bool = True) -> None:
        self.edited.emit(edit, final)

    def _sets(self, field: str) -> Callable[[object], None]:
        """A slot that edits the scene's `field` to the value it is given."""
        return lambda value: self._emit(lambda scene: scene.replace(**{field: value}))

    def _choose(self, shown: PageScene, buttons, field: str, value: str, refusal) -> None:
        """A choice of `field` that `shown` (the scene on show) cannot take is refused in place with the
        reason `refusal(scene)` gives (None: it can), and `buttons` go back to the scene's value; the
        scene keeps it. Otherwise the choice is the edit."""
        why = refusal(shown.replace(**{field: value}))
        if why is None:
            self._emit(lambda scene: scene.replace(**{field: value}))
            return
        buttons.show_value(getattr(shown, field))
        self.message.show_problem(why)

    def _seed_box(self, tip: str, edit: Callable[[int], Edit]) -> LimitedSpin:
        """A seed's spin box (every seed a link can carry): each value sent as the edit `edit(seed)`, a
        refused number said in `message`."""
        low, high = SEED
        box = limited_spin(low, high, tip)
        box.valueChanged.connect(lambda seed: self._emit(edit(seed)))
        box.refused.connect(
            lambda typed: self.message.show_problem(f"{typed} is refused: a seed is {low} to {high}.")
        )
        return box

    def _pair(self, scene_class: type[PageScene], field: str) -> PairEditor:
        """A height x width editor with the field's limits; a refused number is said in `message`."""
        low, high = scene_class.limits(field)
        name, rule = PAIRS[field]
        editor = PairEditor(low, high, name, rule.format(low=low, high=high))
        editor.refused.connect(self.message.show_problem)
        return editor


def set_checked(box: QCheckBox, checked: bool) -> None:
    """Show a field's value in a check box without it sending an edit back."""
    box.blockSignals(True)
    box.setChecked(checked)
    box.blockSignals(False)


class PairOrWord(QWidget):
    """A per-axis value or a word that stands for one (padding "same", window "global", stride None:
    the window's): the editor, and beside it a check box that, ticked, sends the word and greys the
    editor; unticked, sends what the editor shows. changed(value): the pair or the word."""

    changed = Signal(object)

    def __init__(self, editor: PairEditor, box: QCheckBox, word):
        super().__init__()
        self.editor, self.box, self.word = editor, box, word
        editor.connect(self.changed.emit)
        box.toggled.connect(lambda on: self.changed.emit(word if on else editor.value()))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(editor, 1)
        layout.addWidget(box)  # at its own width: a click on its label takes it

    def set_value(self, value, pair: tuple[int, int] | None = None) -> None:
        """Show `value`; for the word, the editor shows `pair` (what the word means) if given, else
        the last pair it had."""
        is_word = value == self.word
        if (pair if is_word else value) is not None:
            self.editor.set_value(pair if is_word else value)
        self.editor.setEnabled(not is_word)
        set_checked(self.box, is_word)
