"""Painting that stays vector graphics on vector devices (SVG, PDF, a QPicture recording of them).

A view painted for the screen caches layers as pixmaps and maps cells through one scaled QImage;
on a vector device those become embedded bitmaps, so a figure's cells blur when zoomed and its
labels cannot be searched or edited. Views ask `paints_vectors` and draw the plain shapes instead."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPaintEngine, QPainter

VECTOR_ENGINES = frozenset({QPaintEngine.Type.SVG, QPaintEngine.Type.Pdf, QPaintEngine.Type.Picture})


def paints_vectors(painter: QPainter) -> bool:
    """Whether `painter` draws onto a vector device, where bitmaps and pixmap caches are to be avoided."""
    engine = painter.paintEngine()
    return engine is not None and engine.type() in VECTOR_ENGINES


def fill_cells(painter: QPainter, grid: QRectF, colors: np.ndarray) -> None:
    """Each cell of `grid` filled with its 0xAARRGGBB word from `colors` (rows, cols), one rectangle
    per run of equal colour along a row: flat areas and padding stay a few shapes, not one per cell."""
    rows, cols = colors.shape
    width, height = grid.width() / cols, grid.height() / rows
    brushes: dict[int, QColor] = {}
    for i in range(rows):
        row = colors[i]
        starts = np.flatnonzero(np.concatenate(([True], row[1:] != row[:-1]))).tolist()
        for start, end in zip(starts, [*starts[1:], cols]):
            word = int(row[start])
            color = brushes.get(word) or brushes.setdefault(word, QColor.fromRgba(word))
            rect = QRectF(grid.left() + start * width, grid.top() + i * height, (end - start) * width, height)
            painter.fillRect(rect, color)
