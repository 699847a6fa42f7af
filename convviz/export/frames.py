"""A scene's animation as frames: each step drawn by the very view class the window shows it with, and
rendered offscreen at the export size, so an export looks exactly like the screen. A size smaller than
the view can be laid out is rendered at the smallest size of that shape and scaled down to it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import numpy as np
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QPainter, QPicture

from convviz.scene.base import PageScene
from convviz.timeline import NoOutput
from convviz.ui.render import prepare_offscreen_scaled, record_scaled, render_scaled
from convviz.ui.theme import Theme
from convviz.ui.views import create_view

from .errors import ExportError
from .registry import Size

T = TypeVar("T")


class FrameSource:
    """One offscreen view holding `scene`; `count` is its number of steps."""

    def __init__(self, scene: PageScene, size: Size, theme: Theme):
        try:
            self.view = create_view(scene.page, theme)
        except ValueError:
            raise ExportError(f"the {scene.page} page has no animation to export") from None
        try:
            self.count = self.view.load(scene)
        except NoOutput as error:
            self.close()
            raise ExportError(str(error)) from None
        self.size = size

    def frames(self, steps: Iterable[int]) -> Iterator[np.ndarray]:
        """One new (H, W, 3) uint8 RGB array per step, in order; nothing is kept between frames."""
        return self._drawn(steps, lambda size: rgb_array(render_scaled(self.view, size)))

    def pictures(self, steps: Iterable[int]) -> Iterator[QPicture]:
        """The same frames as drawing commands (QPicture), for the vector formats."""
        return self._drawn(steps, lambda size: record_scaled(self.view, size))

    def _drawn(self, steps: Iterable[int], capture: Callable[[QSize], T]) -> Iterator[T]:
        size = QSize(*self.size)
        if not self.view.isVisible():
            prepare_offscreen_scaled(self.view, size)
        for step in steps:
            self.view.draw(step)
            yield capture(size)

    def close(self) -> None:
        self.view.close()
        self.view.deleteLater()


def rgb_array(image: QImage) -> np.ndarray:
    """An opaque QImage as a new (H, W, 3) uint8 RGB array, converted by Qt straight into the array's
    memory: one pass, and the array owns its pixels (a view of the QImage's would dangle once it goes)."""
    width, height = image.width(), image.height()
    pixels = np.empty((height, width, 3), np.uint8)
    target = QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888)
    painter = QPainter(target)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
    painter.drawImage(0, 0, image)
    painter.end()
    return pixels
