"""The toolbar's Theme menu, and the settings file entry that remembers the choice between runs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from convviz.scene.messages import shortened
from convviz.ui.theme import DEFAULT, THEMES, Theme

SETTINGS_FILE = "settings.json"


class ThemeButton(QToolButton):
    """Lists every registered theme, the current one checked; chosen(theme) when the user picks one."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setText("Theme")
        self.setToolTip("Colours of every view: light, high contrast (projectors), colour-blind safe")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        group = QActionGroup(self)
        self._actions = {}
        for name, theme in THEMES.items():
            action = group.addAction(name)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, theme=theme: self.chosen.emit(theme))
            menu.addAction(action)
            self._actions[name] = action
        self.setMenu(menu)

    def show_theme(self, theme: Theme) -> None:
        self._actions[theme.name].setChecked(True)


def theme_from_settings(data) -> tuple[Theme, list[str]]:
    """The theme a settings file names, and the problems when it names none that exists (a theme
    since removed, a hand edit that left a number or a list there)."""
    if not isinstance(data, dict):
        return DEFAULT, ["it has an unknown format"] if data else []
    name = data.get("theme", DEFAULT.name)
    if isinstance(name, str) and name in THEMES:
        return THEMES[name], []
    what = f"no theme is called {shortened(name)!r}" if isinstance(name, str) else "the theme is not a name"
    return DEFAULT, [f"{what} (themes: {', '.join(THEMES)}); {DEFAULT.name} is used"]


def theme_settings(theme: Theme) -> dict:
    return {"theme": theme.name}
