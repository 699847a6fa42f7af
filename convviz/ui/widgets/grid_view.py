"""A 2-D array drawn as coloured cells: the one view behind every input, kernel and output grid.

Speed comes from colour-mapping the whole array into a QImage once per data change and letting Qt
scale it with nearest-neighbour sampling; grid lines, overlays and every cell label are then drawn in
the same paintEvent. Every size derives from the widget's rect, so an offscreen render at any size
(export) looks like the screen.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPen,
    QPixmap,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import QWidget

from convviz.ui.numbers import format_value
from convviz.ui.theme import DEFAULT, Theme, readable_text
from convviz.ui.vector_paint import fill_cells, paints_vectors

LABEL_MODES = ("auto", "on", "off")


def default_range(values: np.ndarray, diverging: bool) -> tuple[float, float]:
    """Colour range when the caller gives none: symmetric about 0 for signed data, otherwise the finite
    min..max, widened to reach 0 when constant so a blank canvas shows the lowest colour."""
    finite = values[np.isfinite(values)]
    if diverging:
        m = float(np.abs(finite).max()) if finite.size else 0.0
        return (-m, m) if m > 0 else (-1.0, 1.0)
    if finite.size == 0:
        return (0.0, 1.0)
    lo, hi = float(finite.min()), float(finite.max())
    if lo == hi:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    return (lo, hi) if lo < hi else (0.0, 1.0)


@functools.lru_cache(maxsize=4096)
def _advance(family: str, text: str) -> float:
    """The width of `text` per pixel of font size; cached because the same values recur every step."""
    font = QFont(family)
    font.setPixelSize(100)
    return QFontMetricsF(font).horizontalAdvance(text) / 100


@functools.lru_cache(maxsize=8192)
def _static_text(text: str, family: str, pixels: int) -> QStaticText:
    """Laid-out text, kept: the same few values recur in every step's labels, so laying each out once
    makes a repaint of 49 labels about twice as fast."""
    font = QFont(family)
    font.setPixelSize(pixels)
    label = QStaticText(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.prepare(font=font)
    return label


def pack_rgb32(rgb: np.ndarray) -> np.ndarray:
    """(..., 3) uint8 RGB to the 0xffRRGGBB words of a QImage.Format_RGB32 buffer."""
    rgb = rgb.astype(np.uint32)
    return 0xFF000000 | (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


def _unpack_rgb(rgb32: np.ndarray) -> np.ndarray:
    return np.stack([(rgb32 >> shift) & 0xFF for shift in (16, 8, 0)], axis=-1).astype(np.uint8)


def colorbar_ticks(lo: float, hi: float, diverging: bool) -> list[tuple[float, str]]:
    """(value, text) of the high, middle and low ticks of a colour key; the middle is 0 when diverging."""
    mid = 0.0 if diverging else (lo + hi) / 2
    return [(v, format_value(v)) for v in (hi, mid, lo)]


def colorbar_text_width(ticks: list[tuple[float, str]], font: QFont) -> float:
    metrics = QFontMetricsF(font)
    return max(metrics.horizontalAdvance(text) for _, text in ticks)


@functools.lru_cache(maxsize=64)
def _key_ramp(theme: Theme, diverging: bool, width: int, height: int) -> QImage:
    """The colour key's smooth ramp at its size in device pixels, kept: scaling it smoothly at every
    draw costs about 0.2 ms, and each grid draws its key again whenever its data change."""
    lut = np.ascontiguousarray(pack_rgb32(theme.colormap(diverging)[::-1]))
    image = QImage(lut.data, 1, len(lut), 4, QImage.Format.Format_RGB32)
    mode = Qt.TransformationMode.SmoothTransformation  # a smooth ramp, unlike the cells
    return image.scaled(width, height, Qt.AspectRatioMode.IgnoreAspectRatio, mode)  # owns its pixels


def paint_colorbar(
    painter: QPainter, bar: QRectF, theme: Theme, lo: float, hi: float, diverging: bool
) -> None:
    """The colour key: the LUT as a smooth bar (high at the top) with tick labels to its right, in the
    painter's current font."""
    ratio = painter.device().devicePixelRatioF()
    size = (max(1, round(bar.width() * ratio)), max(1, round(bar.height() * ratio)))
    ramp = _key_ramp(theme, diverging, *size)
    painter.save()
    painter.drawImage(bar, ramp)  # already at its drawn size: no scaling
    painter.setPen(QPen(QColor(theme.muted_text), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(bar)
    px = painter.font().pixelSize()
    for value, text in colorbar_ticks(lo, hi, diverging):
        y = bar.bottom() - (value - lo) / (hi - lo) * bar.height()
        painter.setPen(QColor(theme.muted_text))
        painter.drawLine(QLineF(bar.right(), y, bar.right() + 0.3 * px, y))
        painter.setPen(QColor(theme.text))
        box = QRectF(bar.right() + 0.5 * px, y - px, 100 * px, 2 * px)
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
    painter.restore()


class _Layout(NamedTuple):
    grid: QRectF  # the cells
    cell: float  # pixels per cell side
    title_px: int  # 0 without a title
    tick_px: int  # 0 without ticks
    bar: QRectF | None  # the built-in colour key, if shown


@functools.cache
def _packed_tables(theme: Theme, diverging: bool) -> tuple[np.ndarray, np.ndarray]:
    """The theme's colour map as 0xffRRGGBB words, plain and washed towards the background (padding)."""
    rgb = theme.colormap(diverging).astype(float)
    background = np.array(QColor(theme.background).getRgb()[:3], dtype=float)
    washed = np.rint((1 - GridView.PADDING_WASH) * rgb + GridView.PADDING_WASH * background)
    return pack_rgb32(rgb.astype(np.uint8)), pack_rgb32(washed.astype(np.uint8))


class GridView(QWidget):
    """One 2-D float array as square coloured cells, centred, with optional labels and overlays.

    NaN cells are empty (panel colour, no label): an output grid fills in as the animation runs.
    """

    cell_hovered = Signal(int, int, float)  # (-1, -1, nan) when the pointer leaves the grid

    LABEL_SCALE = 0.3  # label font pixels per cell pixel, before shrinking to fit the widest label
    MIN_LABEL_PX = 9  # "auto" labels only when they can be at least this big
    PRESENTATION_TEXT = 24 / 1080  # presenting, no text under this share of the screen: 24 px at 1080p
    MIN_GRID_LINE_CELL = 6  # below this many pixels per cell, grid lines would hide the data
    PADDING_WASH = 0.35  # how far padding cells' colours are blended towards the background

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = DEFAULT):
        super().__init__(parent)
        self._theme = theme
        self._values = np.empty((0, 0))
        self._diverging = False
        self._range = (0.0, 1.0)
        self._padding = (0, 0, 0, 0)
        self._window: np.ndarray | None = None
        self._current: tuple[int, int] | None = None
        self._labels = "auto"
        self._presenting = False
        self._title = ""
        self._ticks = False
        self._colorbar = False
        self._layout_key: tuple | None = None
        self._layout_cache: _Layout | None = None
        self._hovered: tuple[int, int] | None = None
        self._labels_cache: tuple | None = None
        self._buffer = np.empty((0, 0), np.uint32)  # QImage shares this memory: keep it alive
        self._image = QImage()
        self._colored = True  # the buffer shows the current values, range, padding and theme
        self._base: QPixmap | None = None  # the cached base layer, see paintEvent
        self._base_key: tuple | None = None
        self.setMouseTracking(True)
        # paintEvent covers every pixel, so Qt need not repaint the parents behind an animation step
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(40, 40)

    # ----------------------------------------------------------------- data
    def set_values(
        self,
        values: np.ndarray,
        *,
        diverging: bool = False,
        value_range: tuple[float, float] | None = None,
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
        self._changed()

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
        plain, washed = _packed_tables(self._theme, self._diverging)
        buffer = plain[index]
        padded = self._padding_mask()
        if padded.any():  # washed towards the background: visibly not part of the input
            buffer[padded] = washed[index[padded]]
        buffer[empty] = QColor(self._theme.panel).rgba()
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

    def _padding_mask(self) -> np.ndarray:
        top, bottom, left, right = self._padding
        rows, cols = self._values.shape
        mask = np.ones((rows, cols), dtype=bool)
        mask[top : rows - bottom, left : cols - right] = False
        return mask

    def set_window(self, cells: np.ndarray | None) -> None:
        """Highlight these (K, 2) cells, the kernel taps; with dilation they have holes between them."""
        window = None if cells is None else np.asarray(cells, dtype=int).reshape(-1, 2)
        if (
            window is None
            and self._window is None
            or (window is not None and self._window is not None and np.array_equal(window, self._window))
        ):
            return  # an unchanged window must not repaint a large grid
        self._window = window
        self.update()

    def set_current(self, cell: tuple[int, int] | None) -> None:
        current = None if cell is None else (int(cell[0]), int(cell[1]))
        if current != self._current:
            self._current = current
            self.update()

    def current(self) -> tuple[int, int] | None:
        return self._current

    def set_labels(self, mode: str) -> None:
        if mode not in LABEL_MODES:
            raise ValueError(f"label mode must be one of {LABEL_MODES}, got {mode!r}")
        self._labels = mode
        self._changed()

    def set_presenting(self, presenting: bool) -> None:
        """Presentation mode: titles, keys and cell values (in any label mode) at least legible from the
        back of a lecture hall; where cells are too small for that, no values rather than tiny ones."""
        self._presenting = bool(presenting)
        self._changed()

    def set_title(self, title: str) -> None:
        if title != self._title:
            self._title = title
            self._changed()

    def set_ticks(self, shown: bool) -> None:
        """Row and column indices along the top and left edges."""
        self._ticks = bool(shown)
        self._changed()

    def set_colorbar(self, shown: bool) -> None:
        """A colour key to the right of the grid, as tall as the grid."""
        self._colorbar = bool(shown)
        self._changed()

    # ------------------------------------------------------------- geometry
    def _tick_px(self, cell: float) -> int:
        return max(7, min(16, round(0.3 * cell)))

    def _key_px(self) -> int:
        """Colour-key labels follow the widget, not the cells: a key beside 512 tiny cells must still
        read from the back of the room."""
        return self._text_px(max(11, min(20, round(0.03 * min(self.width(), self.height())))))

    def _text_px(self, px: int) -> int:
        """Presenting, titles and key labels are no smaller than cell values may be."""
        return max(px, self._legible_px()) if self._presenting else px

    def _legible_px(self) -> int:
        """The smallest text the back row reads, presenting: a share of the full-screen window's height,
        so the same size on the wall from a 1280x800 projector as from a 4K one."""
        return round(self.PRESENTATION_TEXT * self.window().height())

    def _tick_every(self, cell: float) -> int:
        """The smallest of 1, 2, 5, 10, 20, 50, ... that keeps tick labels apart."""
        need = 2.4 * self._tick_px(cell) / max(cell, 1e-9)
        step = 1
        while step < need:
            step = step * 5 // 2 if str(step).startswith("2") else step * 2
        return step

    def _layout(self) -> _Layout:
        """Where everything goes, from the widget's size alone: square cells as large as fit, the grid
        centred below the title, tick gutters left and above, the colour key to the right."""
        key = (self.width(), self.height(), self._values.shape, self._title, self._ticks, self._colorbar)
        key += (self._theme.font_family, self._presenting and self._legible_px())
        key += (self._range, self._diverging) if self._colorbar else ()
        if key != self._layout_key:
            self._layout_key, self._layout_cache = key, self._compute_layout()
        return self._layout_cache

    def _compute_layout(self) -> _Layout:
        rows, cols = self._values.shape
        w, h = float(self.width()), float(self.height())
        margin = max(2.0, 0.02 * min(w, h))
        title_px = 0
        if self._title:  # one size for every grid of the same height; shrunk only if too wide
            title_px = self._text_px(max(10, min(26, round(0.045 * h))))
            width = QFontMetricsF(self._font(title_px, bold=True)).horizontalAdvance(self._title)
            title_px = max(8, min(title_px, int(title_px * (w - 2 * margin) / max(width, 1.0))))
        title = 1.6 * title_px
        left = top = right = 0.0
        cell = tick_px = 0.0
        for _ in range(2 if self._ticks or self._colorbar else 1):  # gutters depend on the cell size
            avail_w, avail_h = w - 2 * margin - left - right, h - 2 * margin - title - top
            cell = max(0.0, min(avail_w / max(cols, 1), avail_h / max(rows, 1)))
            tick_px = self._tick_px(cell)
            if self._ticks:
                top, left = 1.5 * tick_px, tick_px * (0.65 * len(str(max(rows - 1, 0))) + 0.6)
            if self._colorbar:
                ticks = colorbar_ticks(*self._range, self._diverging)
                key_px = self._key_px()
                right = (
                    0.5 * cell
                    + self._bar_width(cell)
                    + key_px
                    + colorbar_text_width(ticks, self._font(key_px))
                )
        if cell >= 4:
            cell = math.floor(cell)  # whole pixels: crisp lines, evenly spaced labels
        x = margin + left + (w - 2 * margin - left - right - cols * cell) / 2
        y = margin + title + top + (h - 2 * margin - title - top - rows * cell) / 2
        if cell >= 4:
            x, y = round(x), round(y)
        grid = QRectF(x, y, cols * cell, rows * cell)
        bar = None
        if self._colorbar:
            bar = QRectF(grid.right() + 0.5 * cell, grid.top(), self._bar_width(cell), grid.height())
        return _Layout(grid, cell, title_px, int(tick_px) if self._ticks else 0, bar)

    def _bar_width(self, cell: float) -> float:
        return max(10.0, min(24.0, 0.5 * cell))

    def cell_rect(self, i: int, j: int) -> QRectF:
        grid, cell = self._layout()[:2]
        return QRectF(grid.x() + j * cell, grid.y() + i * cell, cell, cell)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        i, j = self._cell_coords(pos)
        rows, cols = self._values.shape
        return (i, j) if 0 <= i < rows and 0 <= j < cols else None

    def _cell_coords(self, pos: QPointF) -> tuple[int, int]:
        """Unclamped cell coordinates of a point, so strokes can run off the edge and back."""
        grid, cell = self._layout()[:2]
        if cell <= 0:
            return (-1, -1)
        return (math.floor((pos.y() - grid.y()) / cell), math.floor((pos.x() - grid.x()) / cell))

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    # ---------------------------------------------------------------- hover
    def mouseMoveEvent(self, event) -> None:
        self._hover(self.cell_at(event.position()))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:
        self._hover(None)
        super().leaveEvent(event)

    def _hover(self, cell: tuple[int, int] | None) -> None:
        if cell == self._hovered:
            return
        self._hovered = cell
        if cell is None:
            self.setToolTip("")
            self.cell_hovered.emit(-1, -1, math.nan)
            return
        value = float(self._values[cell])
        self.setToolTip(self._tooltip(cell, value))
        self.cell_hovered.emit(cell[0], cell[1], value)

    def _tooltip(self, cell: tuple[int, int], value: float) -> str:
        return f"[{cell[0]}, {cell[1]}] = {format_value(value) or 'empty'}"

    # ------------------------------------------------------------- painting
    def paintEvent(self, event) -> None:
        """The base layer (cells, padding, grid lines, labels, title, key) is cached as a pixmap until
        the data or the size changes, so an animation step only repaints the window and current cell.
        A vector device (an SVG or PDF export) gets the base layer itself: shapes and text."""
        painter = QPainter(self)
        if paints_vectors(painter):
            painter.fillRect(self.rect(), QColor(self._theme.background))
            self._paint_layers(painter)
        else:
            ratio = self.devicePixelRatioF()
            key = (self.width(), self.height(), ratio)
            if self._base is None or self._base_key != key:
                self._base, self._base_key = self._paint_base(ratio), key
            painter.drawPixmap(0, 0, self._base)
        layout = self._layout()
        if self._values.size == 0 or layout.cell <= 0:
            return
        if self._window is not None and len(self._window):
            self._paint_window(painter, layout.grid, layout.cell)
        if self._current is not None:
            self._paint_current(painter, layout.cell)

    def _paint_base(self, ratio: float) -> QPixmap:
        base = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        base.setDevicePixelRatio(ratio)
        base.fill(QColor(self._theme.background))
        painter = QPainter(base)
        self._paint_layers(painter)
        painter.end()
        return base

    def _paint_layers(self, painter: QPainter) -> None:
        layout = self._layout()
        grid, cell = layout.grid, layout.cell
        if self._title:
            self._paint_title(painter, layout)
        if self._values.size and cell > 0:
            self._ensure_colors()
            if paints_vectors(painter):
                fill_cells(painter, grid, self._buffer)
            else:
                painter.drawImage(grid, self._image)  # nearest-neighbour: SmoothPixmapTransform is off
            if any(self._padding):
                self._paint_padding(painter, grid, cell)
            if cell >= self.MIN_GRID_LINE_CELL:
                self._paint_grid_lines(painter, grid, cell)
            if any(self._padding):
                self._paint_input_border(painter, grid, cell)
            if self._ticks:
                self._paint_ticks(painter, grid, cell, layout.tick_px)
            if layout.bar is not None:
                painter.setFont(self._font(self._key_px()))
                paint_colorbar(painter, layout.bar, self._theme, *self._range, self._diverging)
            self._paint_labels(painter, grid, cell)

    def _changed(self) -> None:
        """Something in the base layer changed: draw it again at the next paint."""
        self._base = None
        self.update()

    def _font(self, pixels: float, bold: bool = False) -> QFont:
        font = QFont(self._theme.font_family)
        font.setPixelSize(max(1, int(pixels)))
        font.setBold(bold)
        return font

    def _paint_title(self, painter: QPainter, layout: _Layout) -> None:
        px = layout.title_px
        painter.setFont(self._font(px, bold=True))
        painter.setPen(QColor(self._theme.text))
        bottom = layout.grid.top() - 1.5 * layout.tick_px - 0.2 * px
        band = QRectF(0, bottom - 1.5 * px, self.width(), 1.5 * px)
        painter.drawText(band, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, self._title)

    def _inner_rect(self, grid: QRectF, cell: float) -> QRectF:
        """The real (unpadded) input inside the padded grid."""
        top, bottom, left, right = self._padding
        return grid.adjusted(left * cell, top * cell, -right * cell, -bottom * cell)

    def _padding_rects(self, grid: QRectF, cell: float) -> list[QRectF]:
        """The padding ring as up to four rects: top and bottom bands full width, the sides between."""
        inner = self._inner_rect(grid, cell)
        if not inner.isValid():
            return [grid]
        return [
            rect
            for rect in (
                QRectF(grid.left(), grid.top(), grid.width(), inner.top() - grid.top()),
                QRectF(grid.left(), inner.bottom(), grid.width(), grid.bottom() - inner.bottom()),
                QRectF(grid.left(), inner.top(), inner.left() - grid.left(), inner.height()),
                QRectF(inner.right(), inner.top(), grid.right() - inner.right(), inner.height()),
            )
            if rect.width() > 0 and rect.height() > 0
        ]

    def _paint_padding(self, painter: QPainter, grid: QRectF, cell: float) -> None:
        """Hatch the padding ring (already washed in the image): not part of the input, values legible."""
        hatch = QBrush(self._hatch_tile(cell))
        hatch.setTransform(QTransform.fromTranslate(grid.left(), grid.top()))  # pattern fixed to the grid
        for rect in self._padding_rects(grid, cell):
            painter.fillRect(rect, hatch)

    def _hatch_tile(self, cell: float) -> QImage:
        """One repeat of the diagonal hatch, sized from the cell so it scales with the grid."""
        size = max(6, round(cell / 4))
        tile = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        tile.fill(Qt.GlobalColor.transparent)
        color = QColor(self._theme.padding)
        color.setAlphaF(0.55)
        tile_painter = QPainter(tile)
        tile_painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        tile_painter.setPen(QPen(color, max(1.0, cell / 24)))
        for shift in (-size, 0, size):  # neighbours' strokes too, so tiles join without seams
            tile_painter.drawLine(QLineF(shift, size, shift + size, 0))
        tile_painter.end()
        return tile

    def _paint_input_border(self, painter: QPainter, grid: QRectF, cell: float) -> None:
        """Dashed outline of the real input, on top of the grid lines."""
        inner = self._inner_rect(grid, cell)
        if inner.isValid() and inner != grid:
            width = max(1.5, cell / 16)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(self._theme.background), width))  # gaps between dashes read as gaps
            painter.drawRect(inner)
            pen = QPen(QColor(self._theme.text), width)
            pen.setDashPattern([3, 2])  # in pen widths, so the dashes scale with the cells
            painter.setPen(pen)
            painter.drawRect(inner)

    def _paint_grid_lines(self, painter: QPainter, grid: QRectF, cell: float) -> None:
        """Opaque filled rects: Qt's raster engine blends a translucent colour about 25 times slower and
        strokes lines slower still, and grid lines are repainted on every animation step."""
        rows, cols = self._values.shape
        strength = min(1.0, 0.25 + cell / 40)  # fade in with cell size: faint lines on small cells
        line, background = QColor(self._theme.grid_line), QColor(self._theme.background)
        color = QColor.fromRgbF(
            *(strength * a + (1 - strength) * b for a, b in zip(line.getRgbF()[:3], background.getRgbF()[:3]))
        )
        width = max(1, round(cell / 32))
        left, top = round(grid.left()) - width // 2, round(grid.top()) - width // 2
        height, length = round(grid.height()) + width, round(grid.width()) + width
        for j in range(cols + 1):
            painter.fillRect(QRect(left + round(j * cell), top, width, height), color)
        for i in range(rows + 1):
            painter.fillRect(QRect(left, top + round(i * cell), length, width), color)

    def _outline_width(self, cell: float) -> float:
        return max(2.0, min(6.0, cell / 11))

    def _paint_window(self, painter: QPainter, grid: QRectF, cell: float) -> None:
        """A light fill on each tapped cell and a thick line along the edges the taps do not share,
        so a contiguous window reads as one box and dilated taps as separate boxes with holes."""
        rows, cols = self._values.shape
        taps = {(int(i), int(j)) for i, j in self._window if 0 <= i < rows and 0 <= j < cols}
        fill = QColor(self._theme.window_outline)
        fill.setAlphaF(0.18)
        edges = []
        for i, j in taps:
            x, y = grid.left() + j * cell, grid.top() + i * cell
            painter.fillRect(QRectF(x, y, cell, cell), fill)
            if (i - 1, j) not in taps:
                edges.append(QLineF(x, y, x + cell, y))
            if (i + 1, j) not in taps:
                edges.append(QLineF(x, y + cell, x + cell, y + cell))
            if (i, j - 1) not in taps:
                edges.append(QLineF(x, y, x, y + cell))
            if (i, j + 1) not in taps:
                edges.append(QLineF(x + cell, y, x + cell, y + cell))
        self._stroke_with_halo(painter, QColor(self._theme.window_outline), self._outline_width(cell), edges)

    def _stroke_with_halo(self, painter: QPainter, color: QColor, width: float, lines: list[QLineF]) -> None:
        """A thin dark rim on both sides keeps an outline visible on every colour of every map."""
        halo = QColor(self._theme.text)  # opaque: translucent strokes are slow in Qt's raster engine
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for pen_color, pen_width in ((halo, width + 2), (color, width)):
            pen = QPen(pen_color, pen_width)
            pen.setCapStyle(Qt.PenCapStyle.SquareCap)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            painter.drawLines(lines)

    def _paint_current(self, painter: QPainter, cell: float) -> None:
        rows, cols = self._values.shape
        i, j = self._current
        if not (0 <= i < rows and 0 <= j < cols):
            return
        inset = self._outline_width(cell) / 2 + 1
        box = self.cell_rect(i, j).adjusted(inset, inset, -inset, -inset)
        corners = [box.topLeft(), box.topRight(), box.bottomRight(), box.bottomLeft()]
        sides = [QLineF(corners[k], corners[(k + 1) % 4]) for k in range(4)]
        self._stroke_with_halo(painter, QColor(self._theme.current_outline), self._outline_width(cell), sides)

    def _paint_ticks(self, painter: QPainter, grid: QRectF, cell: float, px: int) -> None:
        rows, cols = self._values.shape
        every = self._tick_every(cell)
        painter.setFont(self._font(px))
        painter.setPen(QColor(self._theme.muted_text))
        center = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
        for j in range(0, cols, every):
            box = QRectF(grid.left() + (j + 0.5) * cell - 2 * px, grid.top() - 1.5 * px, 4 * px, 1.3 * px)
            painter.drawText(box, center, str(j))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for i in range(0, rows, every):
            box = QRectF(0, grid.top() + (i + 0.5) * cell - px, grid.left() - 0.4 * px, 2 * px)
            painter.drawText(box, right, str(i))

    def _label_data(self) -> tuple:
        """Per data change: the text of every non-empty cell, its text colour, and the widest text's
        advance per font pixel (to shrink the font so every label fits)."""
        if self._labels_cache is None:
            self._ensure_colors()
            rows, cols = np.nonzero(~np.isnan(self._values))
            texts = [format_value(v) for v in self._values[rows, cols].tolist()]
            dark = readable_text(_unpack_rgb(self._buffer[rows, cols]))[:, 0] == 0
            advances = {t: _advance(self._theme.font_family, t) for t in set(texts)}
            widest = max(advances.values(), default=0.0)
            self._labels_cache = (rows, cols, texts, dark, advances, widest)
        return self._labels_cache

    def label_px(self) -> int:
        """The pixel size cell values are drawn at now, or 0 when none are shown."""
        cell = self._layout().cell
        least = self.MIN_LABEL_PX if self._labels == "auto" else 0
        if self._presenting:
            least = self._legible_px()
        if self._labels == "off" or not self._values.size or cell <= 0 or self.LABEL_SCALE * cell < least:
            return 0  # decided before _label_data, which formats every cell of a large grid
        *_, texts, _, _, widest = self._label_data()
        if not texts:
            return 0
        px = int(min(self.LABEL_SCALE * cell, 0.8 * cell / max(widest, 1e-9)))
        return max(px, 4) if px >= least else 0

    def _paint_labels(self, painter: QPainter, grid: QRectF, cell: float) -> None:
        px = self.label_px()
        if not px:
            return
        rows, cols, texts, dark, advances, _ = self._label_data()
        font = self._font(px)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        xs = (grid.left() + (cols + 0.5) * cell).tolist()
        # static text hangs from its top: centre the line box, ascent over descent, on the cell
        ys = (grid.top() + (rows + 0.5) * cell - (metrics.ascent() + metrics.descent()) / 2).tolist()
        half = font.pixelSize() / 2
        for color, chosen in ((QColor(0, 0, 0), dark), (QColor(255, 255, 255), ~dark)):
            painter.setPen(color)
            for k in np.flatnonzero(chosen).tolist():
                text = texts[k]
                label = _static_text(text, self._theme.font_family, font.pixelSize())
                painter.drawStaticText(QPointF(xs[k] - advances[text] * half, ys[k]), label)
