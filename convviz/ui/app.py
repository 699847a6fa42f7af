"""The QApplication, configured once for every entry point (window, screenshot, export, tests)."""

from __future__ import annotations

import sys

import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from convviz.ui.theme import DEFAULT


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("convviz")
        app.setOrganizationName("convviz")
        app.setFont(QFont(DEFAULT.font_family, 11))
        pg.setConfigOptions(imageAxisOrder="row-major")  # arrays are (rows, columns), as the engine's
    return app
