"""QImage to NumPy, for images pasted from the clipboard or dropped from another application."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from convviz.scene.images import picture_of_rgba


def picture(image: QImage, what: str = "the pasted image", colour: bool = False) -> np.ndarray:
    """A QImage as float32 in [0, 1], read by the same rule as an image file (transparent pixels over
    white, the same luminance; with `colour`, a colour picture as (3, H, W)), so pasting a picture
    gives what opening it gives."""
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    height, width, stride = rgba.height(), rgba.width(), rgba.bytesPerLine()
    rows = np.frombuffer(rgba.constBits(), dtype=np.uint8, count=height * stride).reshape(height, stride)
    return picture_of_rgba(rows[:, : width * 4].reshape(height, width, 4), what, colour)
