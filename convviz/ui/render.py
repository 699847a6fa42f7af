"""Rendering widgets offscreen: the one path behind screenshots, lesson thumbnails and exported frames."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget


def prepare_offscreen(widget: QWidget, size: QSize) -> None:
    """Lay the widget out at `size` without ever putting it on screen."""
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.resize(size)
    widget.show()
    QApplication.sendPostedEvents()
    if widget.layout() is not None:
        widget.layout().activate()


def render(widget: QWidget, size: QSize | None = None) -> QImage:
    """The widget as it looks at `size` (default: its current size), as an opaque RGB image."""
    if size is not None and widget.size() != size:
        widget.resize(size)
        QApplication.sendPostedEvents()
        if widget.layout() is not None:
            widget.layout().activate()
    image = QImage(widget.size(), QImage.Format.Format_RGB32)
    image.fill(widget.palette().window().color())
    widget.render(image)
    return image
