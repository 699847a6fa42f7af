"""A message shown in place, under the controls it is about: a problem in the theme's error colour,
a note (what was just done to the user's input) in its text colour. Hidden until there is one."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from convviz.ui.theme import DEFAULT, Theme


class InlineMessage(QLabel):
    def __init__(self, name: str, theme: Theme = DEFAULT):
        super().__init__(wordWrap=True)
        self.setObjectName(name)
        self._theme = theme
        self._is_problem = True
        self._color()
        self.hide()

    def show_problem(self, text: str) -> None:
        self._show(text, problem=True)

    def show_note(self, text: str) -> None:
        self._show(text, problem=False)

    def is_problem(self) -> bool:
        return self._is_problem

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._color()

    def _show(self, text: str, problem: bool) -> None:
        self._is_problem = problem
        self._color()
        self.setText(text)
        self.show()

    def _color(self) -> None:
        self.setStyleSheet(f"color: {self._theme.error if self._is_problem else self._theme.text};")
