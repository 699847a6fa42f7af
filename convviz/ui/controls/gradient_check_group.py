"""The gradient check: finite differences on the scene on show beside the analytic dL/dW and dL/dX,
the largest difference said in place (and the entries on a kink, where the two may honestly differ).
It runs when asked, on inputs up to the timeline's cap, in a few milliseconds, so it runs in place."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QVBoxLayout

from convviz.scene.messages import counted
from convviz.scene.scenes import BackpropScene
from convviz.timeline import NoOutput
from convviz.timeline.gradient_check import NUDGE, gradient_check
from convviz.ui.theme import Theme

from .base import Changes, ControlGroup


class GradientCheckGroup(ControlGroup):
    def __init__(self, theme: Theme):
        super().__init__("Gradient check", theme, "gradientCheckMessage")
        self._scene = BackpropScene()
        self.button = QPushButton(
            "Check the gradients",
            toolTip="Nudge every weight and input cell both ways and compare the slopes with dL/dW, dL/dX",
        )
        self.button.clicked.connect(self.run)
        layout = QVBoxLayout(self)
        layout.addWidget(self.button)
        layout.addWidget(self.message)

    def show_scene(self, scene: BackpropScene, changed: Changes) -> None:
        """A result is about the scene it was run on: another scene hides it."""
        self._scene = scene
        self.message.hide()

    def run(self) -> None:
        """Check the scene on show; one too large, or with no output, is refused with the reason."""
        try:
            check = gradient_check(self._scene)
        except NoOutput as problem:  # the view says the same where the maps would be
            self.message.show_problem(str(problem))
            return
        except ValueError as problem:  # too large: every cell costs two forward passes
            self.message.show_problem(f"The gradient check is refused: {problem}.")
            return
        weights = counted(check.analytic_weight.size, "weight")
        cells = counted(check.analytic_input.size, "input cell")
        self.message.show_note(f"{weights} and {cells} each nudged by ±{NUDGE:g}. {check.words()}")
