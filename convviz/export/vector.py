"""Vector stills: the current step as an SVG or a PDF, for papers and slides. The same view draws them
as draws the window and the PNG still, so the figure is the picture on screen; its text stays text
(searchable, selectable, editable) and its cells are shapes, sharp at any zoom.

The frame arrives as a QPicture, the view's painting recorded at the export size (frames.py), and is
replayed onto Qt's SVG generator or PDF writer in memory. The bytes are then written with Python's own
file calls, so a full disk or an unwritable folder raises OSError with its reason, as with the other
writers (Qt's file devices only say that writing failed).

Sizes: the SVG is the frame in CSS pixels (96 per inch: a 1280x720 frame opens 1280 px wide); the PDF
page is the frame at one point per pixel, no margins (1280x720 pt, 17.8 x 10 in), which a paper scales
to its column as it does any figure."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRect, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPaintDevice, QPainter, QPdfWriter, QPicture

from .errors import ExportError
from .registry import Size, Writer, writers

CREATOR = "convviz"
SVG_DPI = 96  # CSS pixels: the SVG's width and height are the frame's, as a browser shows them
PDF_DPI = 72  # one point per pixel: the page is the frame


class VectorStillWriter(Writer):
    """One frame, a QPicture, replayed onto the device `_device` makes; written when it is complete."""

    still = True
    vector = True

    def setup(self, path: Path, size: Size, fps: float, sample: Iterable[np.ndarray] = ()) -> None:
        self._path, self._size = Path(path), size
        self._written = False

    def grab_frame(self, picture: QPicture) -> None:
        if self._written:
            raise ExportError(f"the {self.label} holds one frame")
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        device = self._device(buffer, self._size)  # kept until the painter has ended
        painter = QPainter(device)
        if not painter.isActive():
            raise ExportError(f"Qt could not start the {self.label}")
        painter.drawPicture(0, 0, picture)
        if not painter.end():
            raise ExportError(f"Qt could not complete the {self.label}")
        with open(self._path, "wb") as stream:  # OSError (full disk, no permission) says why
            stream.write(buffer.data().data())
        self._written = True

    def finish(self) -> None:
        if not self._written:
            raise ExportError(f"the {self.label} needs its frame")

    def _device(self, buffer: QBuffer, size: Size) -> QPaintDevice:
        raise NotImplementedError


@writers.register("svg")
class SvgWriter(VectorStillWriter):
    label = "SVG still"
    requires = {"PySide6.QtSvg": "pyside6-essentials"}

    def _device(self, buffer: QBuffer, size: Size) -> QPaintDevice:
        from PySide6.QtSvg import QSvgGenerator  # optional: its absence only disables this format

        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(*size))
        generator.setViewBox(QRect(0, 0, *size))
        generator.setResolution(SVG_DPI)
        generator.setTitle(CREATOR)
        generator.setDescription(f"a still exported by {CREATOR}")
        return generator


@writers.register("pdf")
class PdfWriter(VectorStillWriter):
    label = "PDF still"

    def _device(self, buffer: QBuffer, size: Size) -> QPaintDevice:
        writer = QPdfWriter(buffer)
        writer.setResolution(PDF_DPI)
        writer.setCreator(CREATOR)
        page = QPageSize(QSizeF(*size), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)
        layout = QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
        if not writer.setPageLayout(layout):
            raise ExportError(f"a PDF page cannot be {size[0]}x{size[1]} points")
        return writer
