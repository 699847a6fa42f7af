"""Rendering widgets offscreen: the one path behind screenshots, lesson thumbnails and exported frames,
as pixels or, for SVG and PDF, as the recorded painting itself."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPicture
from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget


def prepare_offscreen(widget: QWidget, size: QSize) -> None:
    """Lay the widget out at `size` without ever putting it on screen."""
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.resize(size)  # before show: the first layout is already at the final size
    widget.show()
    _lay_out(widget, size)


def prepare_offscreen_scaled(widget: QWidget, size: QSize) -> None:
    """Lay the widget out offscreen to be drawn at `size` by `render_scaled`: at `size` itself, or,
    when its layout cannot shrink that far, at the smallest size of the same shape that it takes."""
    prepare_offscreen(widget, size)
    for _ in range(4):  # a layout's minimum can depend on its size (wrapped text): settle it
        actual = widget.size()
        if actual.width() <= size.width() and actual.height() <= size.height():
            return
        scale = max(actual.width() / size.width(), actual.height() / size.height())
        _lay_out(widget, QSize(math.ceil(size.width() * scale), math.ceil(size.height() * scale)))


def render_scaled(widget: QWidget, size: QSize) -> QImage:
    """The widget drawn at exactly `size`: rendered as laid out, then scaled down if it is larger."""
    image = render(widget)
    if image.size() != size:
        image = image.scaled(
            size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    return image


def record_scaled(widget: QWidget, size: QSize) -> QPicture:
    """The widget's painting as `render_scaled` draws it, recorded as drawing commands instead of pixels:
    text stays text and shapes stay shapes when it is replayed onto an SVG or PDF device. Views see a
    QPicture paint engine, not the raster one, and draw what they would cache as pixmaps directly."""
    picture = QPicture()
    painter = QPainter(picture)
    painter.scale(size.width() / widget.width(), size.height() / widget.height())
    painter.fillRect(widget.rect(), widget.palette().window())
    with _uncached_backgrounds(widget):
        QWidget.render(widget, painter, QPoint(0, 0))  # a QGraphicsView's own render() takes other arguments
    painter.end()
    return picture


@contextmanager
def _uncached_backgrounds(widget: QWidget) -> Iterator[None]:
    """Graphics views (pyqtgraph's) draw their background from a cached pixmap, which a vector device
    would embed as a frame-sized bitmap: while recording, they draw it as the shape it is."""
    views = widget.findChildren(QGraphicsView)
    if isinstance(widget, QGraphicsView):
        views.append(widget)
    modes = [view.cacheMode() for view in views]
    for view in views:
        view.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
    try:
        yield
    finally:
        for view, mode in zip(views, modes):
            view.setCacheMode(mode)


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
    QWidget.render(widget, image)  # a QGraphicsView (pyqtgraph's canvas) hides this overload
    return image
