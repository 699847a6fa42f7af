"""The input every sliding-window page starts from: paint on the grid, pick a preset, resize the grid,
load, drop or paste a picture; a problem or what was done to the picture is said under it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from convviz.scene import edits
from convviz.scene.images import ImageError, fit_image, load_image_file
from convviz.scene.inputs import INPUT_PRESETS
from convviz.scene.model import input_image
from convviz.scene.network_inputs import with_colour_input
from convviz.scene.scenes import InputScene
from convviz.ui.qimage import picture
from convviz.ui.theme import Theme
from convviz.ui.widgets import DrawingCanvas
from convviz.ui.widgets.spin_boxes import LimitedDoubleSpin, limited_spin

from .base import Changes, ControlGroup

DRAWN = "(drawn)"
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.gif *.webp);;All files (*)"
LIVE_STROKE_LIMIT = 64 * 64  # larger inputs update the output when the stroke ends, not during it


class InputGroup(ControlGroup):
    keeps_colour = False  # a page whose scene reads colour says so: its pictures then load in colour

    def __init__(self, scene_class: type[InputScene], theme: Theme):
        super().__init__("Input", theme, "inputMessage")
        self._size = scene_class().size  # the grid on show: loaded pictures are fitted to it
        self._rng = np.random.default_rng()
        self.canvas = DrawingCanvas(theme=theme)
        self.canvas.setMinimumSize(220, 220)
        self.canvas.stroke_changed.connect(lambda image: self._drawn(image, final=False))
        self.canvas.stroke_finished.connect(lambda image: self._drawn(image, final=True))
        self.presets = QComboBox(toolTip="Load a preset input")
        self.presets.addItems([DRAWN, *INPUT_PRESETS])
        self.presets.activated.connect(self._preset_chosen)
        load = QPushButton(
            "Load image…", toolTip="Open a PNG, JPEG, BMP or TIFF (or drop one here, or paste)"
        )
        load.clicked.connect(self._choose_file)
        self.grid_size = self._pair(scene_class, "size")
        self.grid_size.connect(lambda size: self._emit(lambda scene: edits.with_grid_size(scene, size)))
        self.brush_size = limited_spin(1, DrawingCanvas.MAX_BRUSH, "Brush diameter in cells")
        self.brush_size.valueChanged.connect(self.canvas.set_brush_size)
        self.brush_size.refused.connect(
            lambda typed: self.message.show_problem(
                f"{typed} is refused: brushes are 1 to {DrawingCanvas.MAX_BRUSH} cells across."
            )
        )
        self.brush_value = LimitedDoubleSpin(
            minimum=0, maximum=1, singleStep=0.1, value=1, toolTip="Brush value (on the input's own range)"
        )
        self.brush_value.valueChanged.connect(self.canvas.set_brush_value)
        self.brush_value.refused.connect(
            lambda typed: self.message.show_problem(
                f"{typed} is refused: the brush paints values from {self.brush_value.minimum():g}"
                f" to {self.brush_value.maximum():g}, the input's range."
            )
        )
        self._lay_out(load)

    def _lay_out(self, load: QPushButton) -> None:
        buttons = QHBoxLayout()
        for text, slot in (
            ("Clear", self.canvas.clear),
            ("Invert", self.canvas.invert),
            ("Random", lambda: self.canvas.randomize(self._rng)),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        brush = QHBoxLayout()
        brush.addWidget(self.brush_size)
        brush.addWidget(QLabel("value"))
        brush.addWidget(self.brush_value)
        form = QFormLayout()
        form.addRow("Preset", self.presets)
        form.addRow("Grid", self.grid_size)
        form.addRow("Brush", brush)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Left button paints, right button erases"))
        layout.addWidget(self.canvas, 1)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(load)
        layout.addWidget(self.message)

    def show_scene(self, scene: InputScene, changed: Changes) -> None:
        if changed("input", "size"):
            self._size = tuple(scene.size)
            self.canvas.set_image(self.picture(scene))
            self.brush_value.setRange(*self.canvas.data_range())  # the brush paints on the input's range
            self.presets.setCurrentText(self.preset_of(scene) or DRAWN)
            self.grid_size.set_value(scene.size)

    def picture(self, scene: InputScene) -> np.ndarray:
        """The input as the canvas paints on it: one grayscale grid."""
        return input_image(scene.input, scene.size)

    def preset_of(self, scene: InputScene) -> str | None:
        """The preset the input is, or None (drawn or loaded)."""
        return scene.input if scene.input in INPUT_PRESETS else None

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.canvas.set_theme(theme)

    def _drawn(self, image: np.ndarray, final: bool) -> None:
        if final or image.size <= LIVE_STROKE_LIMIT:
            self._emit(lambda scene: edits.with_drawn_input(scene, image), final)

    def _preset_chosen(self, index: int) -> None:
        name = self.presets.itemText(index)
        if name != DRAWN:
            self._emit(lambda scene: scene.replace(input=name))

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load an input image", "", IMAGE_FILTER)
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> bool:
        """Load an image file as the input; a bad file shows why and changes nothing."""
        try:
            image = load_image_file(path, colour=self.keeps_colour)
        except ImageError as error:
            self.message.show_problem(str(error))
            return False
        self._use_image(image, Path(path).name)
        return True

    def _use_image(self, image: np.ndarray, what: str) -> None:
        """A loaded, dropped or pasted picture becomes the input with its aspect ratio kept: its longer
        side takes the current grid's longer side (area-averaged when shrunk, 8-bit as loaded); a
        colour one, (3, H, W), only where keeps_colour lets it load so."""
        longer_side = max(self._size)
        fitted = fit_image(image, longer_side)
        colour = fitted.ndim == 3
        use = with_colour_input if colour else edits.with_drawn_input
        self._emit(lambda scene: use(scene, fitted))
        (height, width), (rows, cols) = image.shape[-2:], fitted.shape[-2:]
        kept = "; kept in colour, 3 channels (the canvas shows their mean)" if colour else ""
        self.message.show_note(
            f"{what} ({width} × {height} pixels) fills {rows} rows × {cols} columns: its shape kept,"
            f" its longer side the grid's {longer_side} cells{kept}."
        )

    def _use_qimage(self, image: QImage, what: str) -> None:
        try:
            pixels = picture(image, what.lower(), colour=self.keeps_colour)
        except ImageError as error:
            self.message.show_problem(str(error))
            return
        self._use_image(pixels, what)

    @staticmethod
    def takes(mime: QMimeData) -> bool:
        """Whether a drag carries something this group can use as the input."""
        return mime.hasImage() or any(url.isLocalFile() for url in mime.urls())

    def drop(self, mime: QMimeData) -> None:
        files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
        if files:
            self.load_file(files[0])
        elif mime.hasImage():
            self._use_qimage(mime.imageData(), "The dropped image")

    def paste(self) -> None:
        clipboard = QGuiApplication.clipboard()
        mime = clipboard.mimeData()
        if mime is not None and mime.hasImage():
            self._use_qimage(clipboard.image(), "The pasted image")
        elif mime is not None and any(url.isLocalFile() for url in mime.urls()):
            self.load_file(next(url.toLocalFile() for url in mime.urls() if url.isLocalFile()))
        else:
            self.message.show_problem("The clipboard holds no image to paste.")
