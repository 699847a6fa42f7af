"""The cells of one 2-D array, painted: the one drawing behind the side panel's GridView widgets and the
views' pyqtgraph grid items.

It paints in device pixels, given where the grid lands (`grid`, `cell`) and which part of it is on
show (`visible`), so label sizes, line widths and the hatch follow the cells as they are seen: a
widget that fits the grid and a ViewBox zoomed into a 512x512 input draw with the same code. Speed
comes from colour-mapping the array into a QImage once per data change and letting Qt scale it with
nearest-neighbour sampling; cells, padding, grid lines and every label are then cached as one pixmap
of the visible part, so an animation step only repaints the window and the current cell on top.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QPainter,
    QPixmap,
)

from convviz.ui.numbers import format_value
from convviz.ui.theme import Theme, readable_text
from convviz.ui.vector_paint import fill_cells, paints_vectors
from convviz.ui.widgets.cell_colors import default_range, pack_rgb32, packed_tables, unpack_rgb
from convviz.ui.widgets.cell_marks import (
    paint_chosen,
    paint_current,
    paint_dashed_cells,
    paint_grid_lines,
    paint_input_border,
    paint_padding,
    paint_uncounted,
    paint_window,
)
from convviz.ui.widgets.cell_text import advance, font, static_text

LABEL_MODES = ("auto", "on", "off")
LABEL_SCALE = 0.3  # label font pixels per cell pixel, before shrinking to fit the widest label
MIN_LABEL_PX = 9  # "auto" labels only when they can be at least this big
MIN_GRID_LINE_CELL = 6  # below this many pixels per cell, grid lines would hide the data
UNCOUNTED_DIM = 0.6  # how far cells no average counts are blended towards the empty cells' colour


def dimmed(rgb32: np.ndarray, theme: Theme) -> np.ndarray:
    """Packed colours blended UNCOUNTED_DIM of the way towards the theme's panel (empty-cell) colour."""
    panel = np.array(QColor(theme.panel).getRgb()[:3], dtype=float)
    blended = (1 - UNCOUNTED_DIM) * unpack_rgb(rgb32).astype(float) + UNCOUNTED_DIM * panel
    return pack_rgb32(np.rint(blended).astype(np.uint8))


def _same_mask(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and np.array_equal(a, b))


class GridPainter:
    """One 2-D float array and its overlays (padding, sliding window, current cell, labels), painted.

    NaN cells are empty (panel colour, no label): an output grid fills in as the animation runs.
    `changed(base)` tells the owner to repaint; `base` is True when the cached cells layer is stale.
    """

    def __init__(self, theme: Theme, changed: Callable[[bool], None]):
        self._theme = theme
        self._changed = changed
        self.empty_role = "panel"  # the theme colour of empty cells (a mosaic of maps: "background")
        self._values = np.empty((0, 0))
        self._diverging = False
        self._range = (0.0, 1.0)
        self._padding = (0, 0, 0, 0)
        self._window: np.ndarray | None = None
        self._current: tuple[int, int] | None = None
        self._chosen: tuple[int, int] | None = None
        self._uncounted: np.ndarray | None = None  # cells crossed out: read, never counted
        self._dashed: np.ndarray | None = None  # cells holding a placeholder value, a dashed square
        self._labels = "auto"
        self._labels_cache: tuple | None = None
        self._buffer = np.empty((0, 0), np.uint32)  # QImage shares this memory: keep it alive
        self._image = QImage()
        self._colored = True  # the buffer shows the current values, range, padding and theme
        self._base: QPixmap | None = None  # the cached cells layer, see paint
        self._base_key: tuple | None = None

    # ----------------------------------------------------------------- data
    def set_values(
        self, values: np.ndarray, *, diverging: bool = False, value_range: tuple[float, float] | None = None
    ) -> None:
        values = np.array(values, dtype=np.result_type(values, np.float32))  # a copy: callers may reuse it
        if values.ndim != 2:
            raise ValueError(f"values must be 2-D, got shape {values.shape}")
        lo, hi = default_range(values, diverging) if value_range is None else map(float, value_range)
        if not lo < hi:
            raise ValueError(f"value_range must have lo < hi, got ({lo}, {hi})")
        self._values, self._diverging, self._range = values, diverging, (lo, hi)
        self._colors_changed()

    def values(self) -> np.ndarray:
        view = self._values.view()
        view.setflags(write=False)
        return view

    def value_range(self) -> tuple[float, float]:
        return self._range

    def is_diverging(self) -> bool:
        return self._diverging

    def theme(self) -> Theme:
        return self._theme

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._colors_changed()

    def _colors_changed(self) -> None:
        """The colours are out of date: map them again when next needed, so that new values and new
        padding in one update (or a grid nobody looks at) cost one mapping, not two."""
        self._colored = False
        self._labels_cache = None
        self.base_changed()

    def base_changed(self) -> None:
        """Something in the cells layer changed: draw it again at the next paint."""
        self._base = None
        self._changed(True)

    def _ensure_colors(self) -> None:
        """Map every cell through the LUT into the QImage buffer, once per data or theme change: one
        table lookup of pre-packed 32-bit colours, so a 512x512 grid recolours in about a millisecond."""
        if self._colored:
            return
        self._colored = True
        lo, hi = self._range
        scaled = (self._values - lo) * np.float32(255.0 / (hi - lo)) + np.float32(0.5)
        empty = np.isnan(scaled)
        np.clip(scaled, 0, 255, out=scaled)
        scaled[empty] = 0
        index = scaled.astype(np.uint8)
        plain, washed = packed_tables(self._theme, self._diverging)
        buffer = plain[index]
        padded = self.padding_mask()
        if padded.any():  # washed towards the background: visibly not part of the input
            buffer[padded] = washed[index[padded]]
        uncounted = self.uncounted_mask()
        if uncounted.any():  # dimmed further, towards the empty cells' colour
            buffer[uncounted] = dimmed(buffer[uncounted], self._theme)
        buffer[empty] = QColor(getattr(self._theme, self.empty_role)).rgba()
        rows, cols = self._values.shape
        self._buffer = np.ascontiguousarray(buffer, dtype=np.uint32)
        self._image = QImage(self._buffer.data, cols, rows, cols * 4, QImage.Format.Format_RGB32)

    # ------------------------------------------------------------- overlays
    def set_padding(self, sides: tuple[int, int, int, int]) -> None:
        """Mark the outer (top, bottom, left, right) rows/columns as padding: hatched, values still shown."""
        if len(sides) != 4 or min(sides) < 0:
            raise ValueError(f"padding sides must be 4 counts >= 0 (top, bottom, left, right), got {sides}")
        sides = tuple(int(s) for s in sides)
        if sides != self._padding:
            self._padding = sides
            self._colors_changed()

    def padding(self) -> tuple[int, int, int, int]:
        return self._padding

    def padding_mask(self) -> np.ndarray:
        top, bottom, left, right = self._padding
        rows, cols = self._values.shape
        mask = np.ones((rows, cols), dtype=bool)
        mask[top : rows - bottom, left : cols - right] = False
        return mask

    def is_padding(self, cell: tuple[int, int]) -> bool:
        top, bottom, left, right = self._padding
        rows, cols = self._values.shape
        i, j = cell
        return not (top <= i < rows - bottom and left <= j < cols - right)

    def set_uncounted(self, mask: np.ndarray | None) -> None:
        """Cross out the cells where `mask` (the values' shape) is True: an average reads them and never
        counts them. None, or a mask of another shape than the next values', marks none."""
        mask = None if mask is None or not np.any(mask) else np.array(mask, dtype=bool)
        if not _same_mask(mask, self._uncounted):
            self._uncounted = mask
            self._colors_changed()

    def set_dashed(self, mask: np.ndarray | None) -> None:
        """A dashed square inside the cells where `mask` (the values' shape) is True: placeholders,
        such as the zeros a stride inserts. None marks none."""
        mask = None if mask is None or not np.any(mask) else np.array(mask, dtype=bool)
        if not _same_mask(mask, self._dashed):
            self._dashed = mask
            self.base_changed()

    def dashed_mask(self) -> np.ndarray:
        if self._dashed is None or self._dashed.shape != self._values.shape:
            return np.zeros(self._values.shape, dtype=bool)
        return self._dashed

    def uncounted_mask(self) -> np.ndarray:
        if self._uncounted is None or self._uncounted.shape != self._values.shape:
            return np.zeros(self._values.shape, dtype=bool)
        return self._uncounted

    def set_window(self, cells: np.ndarray | None) -> None:
        """Highlight these (K, 2) cells, the kernel taps; with dilation they have holes between them."""
        window = None if cells is None else np.asarray(cells, dtype=int).reshape(-1, 2)
        same = (window is None and self._window is None) or (
            window is not None and self._window is not None and np.array_equal(window, self._window)
        )
        if not same:  # an unchanged window must not repaint a large grid
            self._window = window
            self._changed(False)

    def window(self) -> np.ndarray | None:
        """The (K, 2) cells under the sliding window, or None."""
        return self._window

    def set_current(self, cell: tuple[int, int] | None) -> None:
        current = None if cell is None else (int(cell[0]), int(cell[1]))
        if current != self._current:
            self._current = current
            self._changed(False)

    def current(self) -> tuple[int, int] | None:
        return self._current

    def set_chosen(self, cell: tuple[int, int] | None) -> None:
        """Ring the cell max pooling took."""
        chosen = None if cell is None else (int(cell[0]), int(cell[1]))
        if chosen != self._chosen:
            self._chosen = chosen
            self._changed(False)

    def chosen(self) -> tuple[int, int] | None:
        return self._chosen

    def set_labels(self, mode: str) -> None:
        if mode not in LABEL_MODES:
            raise ValueError(f"label mode must be one of {LABEL_MODES}, got {mode!r}")
        if mode != self._labels:  # the same mode again repaints nothing
            self._labels = mode
            self.base_changed()

    # --------------------------------------------------------------- labels
    def label_data(self) -> tuple:
        """Per data change: the text of every non-empty cell, its text colour, and the widest text's
        advance per font pixel (to shrink the font so every label fits)."""
        if self._labels_cache is None:
            self._ensure_colors()
            rows, cols = np.nonzero(~np.isnan(self._values))
            texts = [format_value(v) for v in self._values[rows, cols].tolist()]
            dark = readable_text(unpack_rgb(self._buffer[rows, cols]))[:, 0] == 0
            advances = {t: advance(self._theme.font_family, t) for t in set(texts)}
            widest = max(advances.values(), default=0.0)
            self._labels_cache = (rows, cols, texts, dark, advances, widest)
        return self._labels_cache

    def label_px(self, cell: float, least_auto: int = MIN_LABEL_PX, zoom: float = 1.0) -> int:
        """The pixel size cell values are drawn at with cells `cell` pixels wide, or 0 for none; in
        "auto" mode, none smaller than `least_auto`. `zoom` scales them, never past the cell's width."""
        least = least_auto if self._labels == "auto" else 0
        preferred = LABEL_SCALE * zoom * cell
        if self._labels == "off" or not self._values.size or cell <= 0 or preferred < least:
            return 0  # decided before label_data, which formats every cell of a large grid
        *_, texts, _, _, widest = self.label_data()
        if not texts:
            return 0
        px = int(min(preferred, 0.8 * cell / max(widest, 1e-9)))
        return max(px, 4) if px >= least else 0

    # ------------------------------------------------------------- painting
    def paint(self, painter: QPainter, grid: QRectF, cell: float, visible: QRectF, label_px: int) -> None:
        """Cells, padding, grid lines and labels (cached while nothing in them changes), then the window
        and the current cell. `grid` and `visible` are in the painter's coordinates, in device pixels."""
        visible = QRectF(visible.intersected(grid).toAlignedRect())  # whole pixels, as the cache is
        if not self._values.size or cell <= 0 or visible.isEmpty():
            return
        if not paints_vectors(painter):
            ratio = painter.device().devicePixelRatioF()
            key = (grid, cell, visible, ratio, label_px)
            if self._base is None or self._base_key != key:
                self._base, self._base_key = self._paint_base(grid, cell, visible, ratio, label_px), key
            painter.drawPixmap(visible.topLeft(), self._base)
        else:  # a vector device (SVG, PDF): drawn as shapes and text, not a picture of them
            self._paint_cells(painter, grid, cell, visible, label_px)
        if self._window is not None and len(self._window):
            paint_window(painter, self._theme, grid, cell, self._window, self._values.shape)
        if self._chosen is not None:
            paint_chosen(painter, self._theme, grid, cell, self._chosen, self._values.shape)
        if self._current is not None:
            paint_current(painter, self._theme, grid, cell, self._current, self._values.shape)

    def _paint_base(self, grid: QRectF, cell: float, visible: QRectF, ratio: float, label_px: int) -> QPixmap:
        base = QPixmap(
            max(1, math.ceil(visible.width() * ratio)), max(1, math.ceil(visible.height() * ratio))
        )
        base.setDevicePixelRatio(ratio)
        base.fill(QColor(self._theme.background))
        painter = QPainter(base)
        painter.translate(-visible.topLeft())
        self._paint_cells(painter, grid, cell, visible, label_px)
        painter.end()
        return base

    def _paint_cells(
        self, painter: QPainter, grid: QRectF, cell: float, visible: QRectF, label_px: int
    ) -> None:
        self._ensure_colors()
        rows, cols = self._values.shape
        # the visible cells only: a zoomed-in 512x512 grid draws the few it shows
        i0, j0 = (
            max(0, math.floor((visible.top() - grid.top()) / cell)),
            max(0, math.floor((visible.left() - grid.left()) / cell)),
        )
        i1 = min(rows, math.ceil((visible.bottom() - grid.top()) / cell))
        j1 = min(cols, math.ceil((visible.right() - grid.left()) / cell))
        shown = QRectF(grid.left() + j0 * cell, grid.top() + i0 * cell, (j1 - j0) * cell, (i1 - i0) * cell)
        if paints_vectors(painter):  # an SVG or PDF: each cell a shape, not one embedded bitmap
            fill_cells(painter, shown, self._buffer[i0:i1, j0:j1])
        else:
            painter.drawImage(shown, self._image, QRectF(j0, i0, j1 - j0, i1 - i0))  # nearest-neighbour
        if any(self._padding):
            paint_padding(painter, self._theme, grid, cell, self._padding, visible)
        uncounted = self.uncounted_mask()
        if uncounted.any():
            paint_uncounted(painter, self._theme, grid, cell, uncounted, visible)
        dashed = self.dashed_mask()
        if dashed.any():
            paint_dashed_cells(painter, self._theme, grid, cell, dashed, visible)
        if cell >= MIN_GRID_LINE_CELL:
            paint_grid_lines(painter, self._theme, grid, cell, (i0, i1, j0, j1))
        if any(self._padding):
            paint_input_border(painter, self._theme, grid, cell, self._padding)
        if label_px:
            self._paint_labels(painter, grid, cell, label_px, (i0, i1, j0, j1))

    def _paint_labels(self, painter: QPainter, grid: QRectF, cell: float, px: int, shown: tuple) -> None:
        """Every visible label in one pass, black or white for contrast with its cell."""
        i0, i1, j0, j1 = shown
        rows, cols, texts, dark, advances, _ = self.label_data()
        inside = (rows >= i0) & (rows < i1) & (cols >= j0) & (cols < j1)
        chosen_font = font(self._theme.font_family, px)
        painter.setFont(chosen_font)
        metrics = QFontMetricsF(chosen_font)
        xs = (grid.left() + (cols + 0.5) * cell).tolist()
        # static text hangs from its top: centre the line box, ascent over descent, on the cell
        ys = (grid.top() + (rows + 0.5) * cell - (metrics.ascent() + metrics.descent()) / 2).tolist()
        half = px / 2
        vector = paints_vectors(painter)
        for color, chosen in ((QColor(0, 0, 0), dark & inside), (QColor(255, 255, 255), ~dark & inside)):
            painter.setPen(color)
            for k in np.flatnonzero(chosen).tolist():
                text = texts[k]
                if vector:  # text stays text in an SVG or PDF
                    painter.drawText(QPointF(xs[k] - advances[text] * half, ys[k] + metrics.ascent()), text)
                else:
                    label = static_text(text, self._theme.font_family, px)
                    painter.drawStaticText(QPointF(xs[k] - advances[text] * half, ys[k]), label)
