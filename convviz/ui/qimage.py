"""QImage to NumPy, for images pasted from the clipboard or dropped from another application."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def grayscale(image: QImage) -> np.ndarray:
    """A QImage as float32 grayscale in [0, 1] (transparent pixels over black)."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    height, width, stride = gray.height(), gray.width(), gray.bytesPerLine()
    rows = np.frombuffer(gray.constBits(), dtype=np.uint8, count=height * stride).reshape(height, stride)
    return rows[:, :width].astype(np.float32) / 255
