"""A layer-stack group wired as a page wires it, for the tests that drive it as a person does."""

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from convviz.engine.layers import LayerSpec
from convviz.ui.controls.base import Changes
from convviz.ui.controls.layer_stack import LayerStackGroup
from convviz.ui.theme import DEFAULT


class Harness:
    """An edit applies to the scene, which is shown back at once; `sent` lists (layers, final)."""

    def __init__(self, qtbot, scene, presets, *, extended=False):
        self.group = LayerStackGroup(type(scene), presets, DEFAULT, extended=extended)
        qtbot.addWidget(self.group)
        self.scene = scene
        self.sent: list[tuple[str, bool]] = []
        self.group.edited.connect(self._edited)
        self.group.show_scene(self.scene, Changes(None, self.scene))
        self.group.show()
        qtbot.waitExposed(self.group)

    def _edited(self, edit, final):
        old, self.scene = self.scene, edit(self.scene)
        self.sent.append((self.scene.layers, final))
        self.group.hide_message()
        self.group.show_scene(self.scene, Changes(old, self.scene))

    @property
    def rows(self):
        return self.group.rows.rows

    def shown_stack(self):
        """The stack as the rows' widgets show it."""
        return [shown_spec(row) for row in self.rows]


def shown_spec(row) -> LayerSpec:
    """A row's layer as its widgets show it: its kind and the numbers it shows (blank ones not)."""
    shown = {name: box.value() for name, box in row.boxes.items() if not box.isHidden()}
    return replace(LayerSpec(row.kind.currentText(), 1, 1), **shown)


def click(widget):
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(box, text):
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, text)
    QTest.keyClick(box, Qt.Key.Key_Return)
