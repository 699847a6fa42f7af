"""What is drawn over a grid's cells: the padding hatch and the real input's border, grid lines, the
sliding window and the current cell. Each takes the grid's rect and cell size in device pixels."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QLineF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from convviz.ui.theme import Theme

Sides = tuple[int, int, int, int]  # padding rows/columns: top, bottom, left, right
MIN_CROSSED_CELL = 10  # pixels a cell needs before its cross-hatch reads as crossing it out
MIN_DASHED_CELL = 12  # pixels a cell needs before its dashed square reads as one rather than as noise


def inner_rect(grid: QRectF, cell: float, padding: Sides) -> QRectF:
    """The real (unpadded) input inside the padded grid."""
    top, bottom, left, right = padding
    return grid.adjusted(left * cell, top * cell, -right * cell, -bottom * cell)


def padding_rects(grid: QRectF, cell: float, padding: Sides) -> list[QRectF]:
    """The padding ring as up to four rects: top and bottom bands full width, the sides between."""
    inner = inner_rect(grid, cell, padding)
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


def mask_rects(grid: QRectF, cell: float, mask: np.ndarray) -> list[QRectF]:
    """The True cells of `mask` as rects, one per run of cells along a row."""
    return [
        QRectF(grid.left() + start * cell, grid.top() + i * cell, (end - start) * cell, cell)
        for i, start, end in _row_runs(mask)
    ]


def paint_padding(
    painter: QPainter, theme: Theme, grid: QRectF, cell: float, padding: Sides, visible: QRectF
) -> None:
    """Hatch the padding ring (already washed in the colours): not part of the input, values legible."""
    paint_hatch(painter, theme, grid, cell, padding_rects(grid, cell, padding), visible)


def paint_uncounted(
    painter: QPainter, theme: Theme, grid: QRectF, cell: float, mask: np.ndarray, visible: QRectF
) -> None:
    """Cross-hatch the cells no average counts (already dimmed in the colours): unlike the padding's
    single hatch, they read as crossed out. Cells under MIN_CROSSED_CELL pixels are left dimmed only:
    there the lines are noise, and a large map's thousands of them took tens of milliseconds."""
    if cell < MIN_CROSSED_CELL:
        return
    paint_hatch(painter, theme, grid, cell, mask_rects(grid, cell, mask), visible, crossed=True)


def paint_dashed_cells(
    painter: QPainter, theme: Theme, grid: QRectF, cell: float, mask: np.ndarray, visible: QRectF
) -> None:
    """A dashed square inside each cell of `mask`, black and white dashes in turn: a cell that holds a
    value only as a placeholder (the zeros a stride inserts between the error's cells), told apart
    from the cells around it whatever their colour."""
    if cell < MIN_DASHED_CELL:
        return
    inset = max(2.0, cell / 8)
    rects = [
        QRectF(grid.left() + j * cell, grid.top() + i * cell, cell, cell).adjusted(
            inset, inset, -inset, -inset
        )
        for i, j in np.argwhere(mask).tolist()
    ]
    rects = [rect for rect in rects if rect.intersects(visible)]
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for color, offset in ((QColor(0, 0, 0), 0), (QColor(255, 255, 255), 2)):  # black and white dashes
        pen = QPen(color, max(1.0, cell / 24))  # in turn: seen on every colour of every theme
        pen.setDashPattern([2, 2])
        pen.setDashOffset(offset)
        painter.setPen(pen)
        painter.drawRects(rects)
    painter.restore()


def paint_hatch(
    painter: QPainter,
    theme: Theme,
    grid: QRectF,
    cell: float,
    rects: list[QRectF],
    visible: QRectF,
    crossed: bool = False,
) -> None:
    """Diagonal lines over `rects`, fixed to the grid and spaced by the cell size, drawn as lines so a
    vector export holds them as lines; `crossed`, both diagonals."""
    size = max(6, round(cell / 4))
    color = QColor(theme.muted_text if crossed else theme.padding)  # crossed out: read on pale cells too
    color.setAlphaF(0.55)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, max(1.0, cell / 24)))
    for rect in rects:
        rect = rect.intersected(visible)
        if rect.isEmpty():
            continue
        painter.drawLines(_diagonals(rect, grid.left() + grid.top(), size))
        if crossed:  # the other diagonal: the same lines in the rect mirrored left to right
            mirrored = QRectF(-rect.right(), rect.top(), rect.width(), rect.height())
            lines = _diagonals(mirrored, grid.top() - grid.left(), size)
            painter.drawLines([QLineF(-line.x1(), line.y1(), -line.x2(), line.y2()) for line in lines])
    painter.restore()


def _diagonals(rect: QRectF, offset: float, size: float) -> list[QLineF]:
    """The lines x + y = offset + k * size, cut to the rect (no clip: SVG clips badly)."""
    first = math.ceil((rect.left() + rect.top() - offset) / size)
    last = math.floor((rect.right() + rect.bottom() - offset) / size)
    lines = []
    for k in range(first, last + 1):
        c = offset + k * size
        top, bottom = max(rect.top(), c - rect.right()), min(rect.bottom(), c - rect.left())
        lines.append(QLineF(c - bottom, bottom, c - top, top))
    return lines


def paint_input_border(painter: QPainter, theme: Theme, grid: QRectF, cell: float, padding: Sides) -> None:
    """Dashed outline of the real input, on top of the grid lines."""
    inner = inner_rect(grid, cell, padding)
    if inner.isValid() and inner != grid:
        width = max(1.5, cell / 16)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(theme.background), width))  # gaps between dashes read as gaps
        painter.drawRect(inner)
        pen = QPen(QColor(theme.text), width)
        pen.setDashPattern([3, 2])  # in pen widths, so the dashes scale with the cells
        painter.setPen(pen)
        painter.drawRect(inner)


def paint_grid_lines(painter: QPainter, theme: Theme, grid: QRectF, cell: float, shown: tuple) -> None:
    """The lines around the `shown` (first row, end row, first column, end column) cells, as opaque
    filled rects: Qt's raster engine blends a translucent colour about 25 times slower and strokes
    lines slower still."""
    i0, i1, j0, j1 = shown
    strength = min(1.0, 0.25 + cell / 40)  # fade in with cell size: faint lines on small cells
    line, background = QColor(theme.grid_line), QColor(theme.background)
    color = QColor.fromRgbF(
        *(strength * a + (1 - strength) * b for a, b in zip(line.getRgbF()[:3], background.getRgbF()[:3]))
    )
    width = max(1, round(cell / 32))
    left, top = round(grid.left()) - width // 2, round(grid.top()) - width // 2
    y0, y1 = top + round(i0 * cell), top + round(i1 * cell) + width
    x0, x1 = left + round(j0 * cell), left + round(j1 * cell) + width
    for j in range(j0, j1 + 1):
        painter.fillRect(QRect(left + round(j * cell), y0, width, y1 - y0), color)
    for i in range(i0, i1 + 1):
        painter.fillRect(QRect(x0, top + round(i * cell), x1 - x0, width), color)


def outline_width(cell: float) -> float:
    return max(2.0, min(6.0, cell / 11))


def paint_window(
    painter: QPainter, theme: Theme, grid: QRectF, cell: float, window: np.ndarray, shape: tuple[int, int]
) -> None:
    """A light fill on each tapped cell and a thick line along the edges the taps do not share,
    so a contiguous window reads as one box and dilated taps as separate boxes with holes. Worked out
    on a mask of the taps, edges joined along their runs: a window of thousands of taps (dL/dW's on a
    large input) costs a few runs per row, not a Python step per tap."""
    rows, cols = shape
    taps = np.asarray(window, dtype=int).reshape(-1, 2)
    taps = taps[(taps[:, 0] >= 0) & (taps[:, 0] < rows) & (taps[:, 1] >= 0) & (taps[:, 1] < cols)]
    if not len(taps):
        return
    mask = np.zeros((rows + 2, cols + 2), dtype=bool)  # a ring of untapped cells round the map
    mask[taps[:, 0] + 1, taps[:, 1] + 1] = True
    tapped = mask[1:-1, 1:-1]
    fill = QColor(theme.window_outline)
    fill.setAlphaF(0.18)
    for rect in mask_rects(grid, cell, tapped):
        painter.fillRect(rect, fill)
    x0, y0 = grid.left(), grid.top()
    edges = []
    for i, start, end in _row_runs(tapped & ~mask[:-2, 1:-1]):  # top edges
        edges.append(QLineF(x0 + start * cell, y0 + i * cell, x0 + end * cell, y0 + i * cell))
    for i, start, end in _row_runs(tapped & ~mask[2:, 1:-1]):  # bottom edges
        edges.append(QLineF(x0 + start * cell, y0 + (i + 1) * cell, x0 + end * cell, y0 + (i + 1) * cell))
    for j, start, end in _row_runs((tapped & ~mask[1:-1, :-2]).T):  # left edges
        edges.append(QLineF(x0 + j * cell, y0 + start * cell, x0 + j * cell, y0 + end * cell))
    for j, start, end in _row_runs((tapped & ~mask[1:-1, 2:]).T):  # right edges
        edges.append(QLineF(x0 + (j + 1) * cell, y0 + start * cell, x0 + (j + 1) * cell, y0 + end * cell))
    stroke_with_halo(painter, theme, QColor(theme.window_outline), outline_width(cell), edges)


def _row_runs(mask: np.ndarray) -> list[tuple[int, int, int]]:
    """(row, first, end) of every run of True along each row of `mask`."""
    runs = []
    for i in np.flatnonzero(mask.any(axis=1)).tolist():
        row = np.concatenate(([False], mask[i], [False]))
        edges = np.flatnonzero(row[1:] != row[:-1]).tolist()
        runs += [(i, start, end) for start, end in zip(edges[::2], edges[1::2])]
    return runs


def paint_current(
    painter: QPainter,
    theme: Theme,
    grid: QRectF,
    cell: float,
    current: tuple[int, int],
    shape: tuple[int, int],
) -> None:
    """A box just inside the current cell's edges."""
    box = _inside(grid, cell, current, shape, outline_width(cell) / 2 + 1)
    if box is None:
        return
    corners = [box.topLeft(), box.topRight(), box.bottomRight(), box.bottomLeft()]
    sides = [QLineF(corners[k], corners[(k + 1) % 4]) for k in range(4)]
    stroke_with_halo(painter, theme, QColor(theme.current_outline), outline_width(cell), sides)


def chosen_ring(cell: float) -> tuple[float, float]:
    """The chosen cell's ring: its line width and how far its line runs inside the cell's edges,
    nearly touching them so that it circles the cell's value, not crosses it."""
    width = outline_width(cell) * 1.25
    return width, width / 2 + 1


def paint_chosen(
    painter: QPainter,
    theme: Theme,
    grid: QRectF,
    cell: float,
    chosen: tuple[int, int],
    shape: tuple[int, int],
) -> None:
    """A ring inside the cell max pooling took, in the current cell's colour: the value that went
    there, told apart from the window's box and the current cell's square at the back of a hall."""
    width, inset = chosen_ring(cell)
    ring = _inside(grid, cell, chosen, shape, inset)
    if ring is None:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for pen_color, pen_width in ((QColor(theme.text), width + 2), (QColor(theme.current_outline), width)):
        painter.setPen(QPen(pen_color, pen_width))
        painter.drawEllipse(ring)
    painter.restore()


def _inside(
    grid: QRectF, cell: float, at: tuple[int, int], shape: tuple[int, int], inset: float
) -> QRectF | None:
    """Cell `at`'s square, `inset` inside its edges; None for a cell off the grid."""
    (rows, cols), (i, j) = shape, at
    if not (0 <= i < rows and 0 <= j < cols):
        return None
    return QRectF(grid.x() + j * cell, grid.y() + i * cell, cell, cell).adjusted(inset, inset, -inset, -inset)


def stroke_with_halo(
    painter: QPainter, theme: Theme, color: QColor, width: float, lines: list[QLineF]
) -> None:
    """A thin dark rim on both sides keeps an outline visible on every colour of every map."""
    halo = QColor(theme.text)  # opaque: translucent strokes are slow in Qt's raster engine
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for pen_color, pen_width in ((halo, width + 2), (color, width)):
        pen = QPen(pen_color, pen_width)
        pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.drawLines(lines)
    painter.restore()
