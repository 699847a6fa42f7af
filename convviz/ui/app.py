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
        configure_pyqtgraph()
    return app


def configure_pyqtgraph() -> None:
    """Arrays are (rows, columns), as the engine's; every pointer move counts, so the hover read-out
    names the cell the pointer stopped on (pyqtgraph drops moves under 10 ms apart by default)."""
    pg.setConfigOptions(imageAxisOrder="row-major", mouseRateLimit=0)
