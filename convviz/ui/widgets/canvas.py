"""A GridView you paint on with the mouse: how a learner draws their own input.

The canvas holds the input's float32 values exactly as given (a worked example's 0..3 stays 0..3)
and paints, inverts and colours on the input's own range: 0..1, widened to take in every value.
"""

from __future__ import annotations

import functools
import time

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.widgets.grid_view import GridView

RANDOM_DIGITS = 2  # Random rounds to this many digits below the range's leading power of ten


def value_range(values: np.ndarray) -> tuple[float, float]:
    """The range the brush, Invert and the colours work on: 0..1, widened to the values' extremes."""
    return min(0.0, float(values.min())), max(1.0, float(values.max()))


@functools.lru_cache(maxsize=32)
def brush_offsets(size: int) -> np.ndarray:
    """(M, 2) cell offsets of a round brush `size` cells across, centred on the cell under the pointer
    (for even sizes the extra row/column goes down/right). Size 3 is a plus, 5 a round blob."""
    k = np.arange(size) - (size - 1) // 2
    centre = (size - 1) / 2 - (size - 1) // 2
    di, dj = np.meshgrid(k, k, indexing="ij")
    inside = (di - centre) ** 2 + (dj - centre) ** 2 <= (size / 2 - 0.25) ** 2
    offsets = np.stack([di[inside], dj[inside]], axis=1)
    offsets.setflags(write=False)
    return offsets


def segment_cells(start: tuple[int, int], end: tuple[int, int]) -> np.ndarray:
    """(N, 2) cells on the straight line from start to end inclusive, one per step along the longer
    axis, so a fast drag leaves no gaps."""
    n = max(abs(end[0] - start[0]), abs(end[1] - start[1])) + 1
    t = np.linspace(0.0, 1.0, n)
    rows = np.rint(start[0] + (end[0] - start[0]) * t)
    cols = np.rint(start[1] + (end[1] - start[1]) * t)
    return np.stack([rows, cols], axis=1).astype(int)


class DrawingCanvas(GridView):
    """Left button paints `brush_value`, right button erases (paints 0), in strokes of `brush_size`.

    `stroke_changed` follows a stroke live (at most ~30 times a second); `stroke_finished` fires once per
    stroke, clear, invert or randomize that changed the image: one history entry per edit. `set_image`
    is not an edit (the page restoring a scene) and emits nothing.
    """

    stroke_changed = Signal(np.ndarray)
    stroke_finished = Signal(np.ndarray)

    MAX_BRUSH = 25
    LIVE_INTERVAL = 1 / 30  # seconds between stroke_changed emits during a stroke

    def __init__(
        self, parent: QWidget | None = None, *, shape: tuple[int, int] = (28, 28), theme: Theme = DEFAULT
    ):
        super().__init__(parent, theme=theme)
        self._pixels = np.zeros(shape, np.float32)
        self._brush_value = 1.0
        self._brush_size = 1
        self._stroke: tuple[Qt.MouseButton, float] | None = None  # button and value of the stroke under way
        self._last_cell = (0, 0)
        self._last_emit = 0.0
        self._dirty = False  # changed since the last stroke_changed
        self._stroke_edited = False  # the stroke under way changed something
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._show()

    # ---------------------------------------------------------------- brush
    def brush_value(self) -> float:
        return self._brush_value

    def set_brush_value(self, value: float) -> None:
        self._brush_value = float(np.float32(value))

    def brush_size(self) -> int:
        return self._brush_size

    def set_brush_size(self, size: int) -> None:
        self._brush_size = max(1, min(self.MAX_BRUSH, int(size)))

    # ---------------------------------------------------------------- image
    def image(self) -> np.ndarray:
        return self._pixels.copy()

    def set_image(self, image: np.ndarray) -> None:
        image = np.asarray(image)
        if image.ndim != 2 or image.size == 0:
            raise ValueError(f"image must be a non-empty 2-D array, got shape {image.shape}")
        if not np.isfinite(image).all():
            raise ValueError("image values must be finite")
        self._pixels = image.astype(np.float32)  # a copy, never the caller's array
        self._show()

    def data_range(self) -> tuple[float, float]:
        """The range the brush value, Invert and Random work on, and the colours span."""
        return value_range(self._pixels)

    def clear(self) -> None:
        self._edit(np.zeros_like(self._pixels))

    def invert(self) -> None:
        """Light becomes dark on the input's own range: v -> lo + hi - v."""
        lo, hi = self.data_range()
        self._edit(lo + hi - self._pixels)

    def randomize(self, rng: np.random.Generator | None = None) -> None:
        """Random values over the input's range that a person can read: two decimals over 0..1 or
        0..3, whole tens over 0..1000, so there are never more than about a thousand of them."""
        lo, hi = self.data_range()
        noise = (rng or np.random.default_rng()).uniform(lo, hi, self._pixels.shape)
        decimals = RANDOM_DIGITS - int(np.floor(np.log10(hi - lo)))
        self._edit(np.round(noise, decimals))

    def _edit(self, image: np.ndarray) -> None:
        image = np.asarray(image, dtype=np.float32)
        if not np.array_equal(image, self._pixels):
            self._pixels = image
            self._show()
            self.stroke_finished.emit(self.image())

    def _show(self) -> None:
        self.set_values(self._pixels, value_range=self.data_range())

    # ---------------------------------------------------------------- mouse
    def mousePressEvent(self, event) -> None:
        button = event.button()
        if self._stroke is not None or button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            super().mousePressEvent(event)
            return
        value = self._brush_value if button == Qt.MouseButton.LeftButton else 0.0
        self._stroke = (button, value)
        self._stroke_edited = False
        self._last_cell = self._cell_coords(event.position())
        self._paint_cells(np.array([self._last_cell]))
        self._emit_live(force=True)

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)  # hover read-out keeps working while painting
        if self._stroke is None:
            return
        cell = self._cell_coords(event.position())
        if cell != self._last_cell:
            self._paint_cells(segment_cells(self._last_cell, cell))
            self._last_cell = cell
            self._emit_live()

    def mouseReleaseEvent(self, event) -> None:
        if self._stroke is None or event.button() != self._stroke[0]:
            super().mouseReleaseEvent(event)
            return
        self._stroke = None
        self._dirty = False
        if self._stroke_edited:
            self.stroke_finished.emit(self.image())

    def _paint_cells(self, centres: np.ndarray) -> None:
        """Stamp the brush at every centre; cells off the canvas are dropped, so strokes may leave it."""
        cells = (centres[:, None, :] + brush_offsets(self._brush_size)[None]).reshape(-1, 2)
        rows, cols = self._pixels.shape
        cells = cells[(cells[:, 0] >= 0) & (cells[:, 0] < rows) & (cells[:, 1] >= 0) & (cells[:, 1] < cols)]
        value = self._stroke[1]
        if cells.size and np.any(self._pixels[cells[:, 0], cells[:, 1]] != value):
            self._pixels[cells[:, 0], cells[:, 1]] = value
            self._dirty = self._stroke_edited = True
            self._show()

    def _emit_live(self, force: bool = False) -> None:
        now = time.monotonic()
        if self._dirty and (force or now - self._last_emit >= self.LIVE_INTERVAL):
            self._last_emit = now
            self._dirty = False
            self.stroke_changed.emit(self.image())
