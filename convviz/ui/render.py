"""Rendering widgets offscreen: the one path behind screenshots, lesson thumbnails and exported frames."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget


def prepare_offscreen(widget: QWidget, size: QSize) -> None:
    """Lay the widget out at `size` without ever putting it on screen."""
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.resize(size)  # before show: the first layout is already at the final size
    widget.show()
    _lay_out(widget, size)


def _lay_out(widget: QWidget, size: QSize) -> None:
    """Resize now and settle the layout now, not at the next turn of the event loop."""
    widget.resize(size)
    QApplication.sendPostedEvents()
    if widget.layout() is not None:
        widget.layout().activate()


def render(widget: QWidget, size: QSize | None = None) -> QImage:
    """The widget as it looks at `size` (default: its current size), as an opaque RGB image."""
    if size is not None and widget.size() != size:
        _lay_out(widget, size)
    image = QImage(widget.size(), QImage.Format.Format_RGB32)
    image.fill(widget.palette().window().color())
    widget.render(image)
    return image
