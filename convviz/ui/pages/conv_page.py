"""The Convolution page: draw or load an input, edit the kernel and the parameters, watch it slide."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from convviz.engine import PADDING_MODES
from convviz.scene import edits
from convviz.scene.images import ImageError, fit_image, load_image_file
from convviz.scene.inputs import INPUT_PRESETS
from convviz.scene.kernels import KERNEL_PRESETS
from convviz.scene.model import input_image, kernel_array
from convviz.scene.scenes import ConvScene
from convviz.timeline import NoOutput
from convviz.ui.qimage import grayscale
from convviz.ui.registry import PAGES
from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.views.conv_view import ConvView
from convviz.ui.widgets import DrawingCanvas, KernelEditor, PlayerBar
from convviz.ui.widgets.inline_message import InlineMessage
from convviz.ui.widgets.spin_boxes import LimitedDoubleSpin, PairEditor, limited_spin
from convviz.ui.widgets.wheel import wheel_scrolls_the_panel

from .base import Page, scroll_chrome_width

DRAWN = "(drawn)"
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.gif *.webp);;All files (*)"
LIVE_STROKE_LIMIT = 64 * 64  # larger inputs update the output when the stroke ends, not during it
SIDE_PANEL_WIDTH = 340  # the least width of the controls panel, at 100% zoom about what they need
SIDE_PANEL_SHARE = 0.4  # the most of the screen's width it takes to fit zoomed-in controls


def _set_checked(box: QCheckBox, checked: bool) -> None:
    box.blockSignals(True)
    box.setChecked(checked)
    box.blockSignals(False)


@PAGES.shows(ConvScene)
class ConvPage(Page):
    def __init__(self, parent: QWidget | None = None, *, theme: Theme = DEFAULT):
        super().__init__(parent)
        self._scene = ConvScene()
        self._count = 0  # steps of the scene on show; 0 when its parameters leave no output
        self._shown_key: ConvScene | None = None  # the scene on show, step aside
        self._shown: ConvScene | None = None  # the scene the controls show
        self._rng = np.random.default_rng()
        self.view = ConvView(self, theme=theme)
        self.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.player = PlayerBar(parent=self, theme=theme)
        self.player.model.step_changed.connect(self._step_moved)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self._input_group())
        side_layout.addWidget(self._kernel_group())
        side_layout.addWidget(self._parameter_group())
        side_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        self.side_panel = scroll
        wheel_scrolls_the_panel(side)
        self._fit_side_panel()

        main = QVBoxLayout()
        main.addWidget(self.view, 1)
        main.addWidget(self.player)
        layout = QHBoxLayout(self)
        layout.addWidget(scroll, 0)
        layout.addLayout(main, 1)

    def _fit_side_panel(self) -> None:
        """As wide as the controls need at the current text size, so zooming in widens the panel
        instead of cutting its controls off; past a share of the screen, a horizontal scroll bar."""
        scroll = self.side_panel
        needed = scroll.widget().minimumSizeHint().width() + scroll_chrome_width(scroll)
        most = round(SIDE_PANEL_SHARE * self.screen().availableGeometry().width())
        scroll.setMinimumWidth(max(SIDE_PANEL_WIDTH, min(most, needed)))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoomed: every control already has the new font
            self._fit_side_panel()

    # ------------------------------------------------------------ building
    def _input_group(self) -> QGroupBox:
        group = QGroupBox("Input")
        self.input_message = InlineMessage("inputMessage", self.view.theme)
        self.canvas = DrawingCanvas(theme=self.view.theme)
        self.canvas.setMinimumSize(220, 220)
        self.canvas.stroke_changed.connect(lambda image: self._drawn(image, final=False))
        self.canvas.stroke_finished.connect(lambda image: self._drawn(image, final=True))
        self.input_presets = QComboBox(toolTip="Load a preset input")
        self.input_presets.addItems([DRAWN, *INPUT_PRESETS])
        self.input_presets.activated.connect(self._preset_chosen)
        load = QPushButton(
            "Load image…", toolTip="Open a PNG, JPEG, BMP or TIFF (or drop one here, or paste)"
        )
        load.clicked.connect(self._choose_file)
        low, high = ConvScene.limits("size")
        self.grid_size = PairEditor(low, high, "grid size", f"grid sides are {low} to {high} cells")
        self.grid_size.connect(lambda size: self._edit(edits.with_grid_size(self._scene, size)))
        self.grid_size.refused.connect(self.input_message.show_problem)
        self.brush_size = limited_spin(1, DrawingCanvas.MAX_BRUSH, "Brush diameter in cells")
        self.brush_size.valueChanged.connect(self.canvas.set_brush_size)
        self.brush_size.refused.connect(
            lambda typed: self.input_message.show_problem(
                f"{typed} is refused: brushes are 1 to {DrawingCanvas.MAX_BRUSH} cells across."
            )
        )
        self.brush_value = LimitedDoubleSpin(
            minimum=0, maximum=1, singleStep=0.1, value=1, toolTip="Brush value (on the input's own range)"
        )
        self.brush_value.valueChanged.connect(self.canvas.set_brush_value)
        self.brush_value.refused.connect(
            lambda typed: self.input_message.show_problem(
                f"{typed} is refused: the brush paints values from {self.brush_value.minimum():g}"
                f" to {self.brush_value.maximum():g}, the input's range."
            )
        )
        buttons = QHBoxLayout()
        for text, slot in (
            ("Clear", self.canvas.clear),
            ("Invert", self.canvas.invert),
            ("Random", lambda: self.canvas.randomize(self._rng)),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        form = QFormLayout()
        form.addRow("Preset", self.input_presets)
        form.addRow("Grid", self.grid_size)
        brush = QHBoxLayout()
        brush.addWidget(self.brush_size)
        brush.addWidget(QLabel("value"))
        brush.addWidget(self.brush_value)
        form.addRow("Brush", brush)
        layout = QVBoxLayout(group)
        layout.addWidget(QLabel("Left button paints, right button erases"))
        layout.addWidget(self.canvas, 1)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(load)
        layout.addWidget(self.input_message)
        return group

    def _kernel_group(self) -> QGroupBox:
        group = QGroupBox("Kernel")
        self.kernel_editor = KernelEditor(theme=self.view.theme)
        self.kernel_editor.setMinimumHeight(260)
        self.kernel_editor.set_presets(list(KERNEL_PRESETS))
        self.kernel_editor.kernel_changed.connect(
            lambda kernel, final: self._edit(edits.with_kernel_values(self._scene, kernel), final)
        )
        self.kernel_editor.preset_chosen.connect(lambda name: self._edit(self._scene.replace(kernel=name)))
        self.kernel_editor.normalize_requested.connect(
            lambda: self._edit(edits.with_normalized_kernel(self._scene))
        )
        self.kernel_editor.random_requested.connect(
            lambda: self._edit(edits.with_random_kernel(self._scene, self._rng))
        )
        layout = QVBoxLayout(group)
        layout.addWidget(self.kernel_editor)
        return group

    def _parameter_group(self) -> QGroupBox:
        group = QGroupBox("Parameters")
        low, high = ConvScene.limits("stride")
        self.stride = PairEditor(low, high, "stride", f"a stride is {low} to {high} cells")
        self.stride.connect(lambda v: self._edit(self._scene.replace(stride=v)))
        low, high = ConvScene.limits("padding")
        self.padding = PairEditor(
            low, high, "padding on each side", f"padding is {low} to {high} cells on each side"
        )
        self.padding.connect(lambda v: self._edit(self._scene.replace(padding=v)))
        self.same = QCheckBox("same", toolTip="Pad so the output has the input's size (stride 1 only)")
        self.same.toggled.connect(
            lambda on: self._edit(self._scene.replace(padding="same" if on else self.padding.value()))
        )
        self.padding_mode = QComboBox(toolTip="What the padded cells hold")
        self.padding_mode.addItems(PADDING_MODES)
        self.padding_mode.activated.connect(
            lambda _: self._edit(self._scene.replace(padding_mode=self.padding_mode.currentText()))
        )
        low, high = ConvScene.limits("dilation")
        self.dilation = PairEditor(low, high, "dilation", f"a dilation is {low} to {high}")
        self.dilation.connect(lambda v: self._edit(self._scene.replace(dilation=v)))
        self.parameter_message = InlineMessage("parameterMessage", self.view.theme)
        for editor in (self.stride, self.padding, self.dilation):
            editor.refused.connect(self.parameter_message.show_problem)
            editor.connect(lambda _: self.parameter_message.hide())
        self.flip = QCheckBox("True convolution (flip the kernel 180°)")
        self.flip.toggled.connect(lambda on: self._edit(self._scene.replace(flip=on)))
        padding_row = QHBoxLayout()
        padding_row.addWidget(self.padding, 1)
        padding_row.addWidget(self.same)
        form = QFormLayout(group)
        form.addRow("Stride", self.stride)
        form.addRow("Padding", padding_row)
        form.addRow("Padding mode", self.padding_mode)
        form.addRow("Dilation", self.dilation)
        form.addRow(self.flip)
        form.addRow(self.parameter_message)
        return group

    # ------------------------------------------------------------- scenes
    def title(self) -> str:
        kernel = self._scene.kernel if self._scene.kernel in KERNEL_PRESETS else "custom kernel"
        return f"Convolution · {kernel}"

    def show_scene(self, scene: ConvScene) -> None:
        """Bring every control and the view to `scene`; when only the step moved, just draw that step."""
        self._scene = scene
        key = scene.replace(step=0)
        if key != self._shown_key:
            self._shown_key = key
            self._sync_controls(scene)
            try:
                self._count = self.view.load(scene)
            except NoOutput as problem:
                self._count = 0
                self.player.model.set_count(0)
                self.view.show_problem(scene, str(problem))
                return
            self.player.model.set_count(self._count)
        if not self._count:
            return
        if scene.step >= self._count:  # fewer steps than before: keep the link honest
            self.stepped.emit(scene.replace(step=self._count - 1))
            return
        self.player.model.set_step(scene.step)
        self.view.draw(scene.step)
        self.player.model.set_row_length(self.view.output.values().shape[1])  # rows/frame speeds move by it

    def _sync_controls(self, scene: ConvScene) -> None:
        """Set only the controls whose field changed: every control set is a repaint, and the kernel
        being dragged should not make the whole side panel redraw."""
        shown, self._shown = self._shown, scene

        def changed(*fields: str) -> bool:
            return shown is None or any(getattr(shown, f) != getattr(scene, f) for f in fields)

        if changed("input", "size"):
            self.canvas.set_image(input_image(scene.input, scene.size))
            self.brush_value.setRange(*self.canvas.data_range())  # the brush paints on the input's range
            self.input_presets.setCurrentText(scene.input if scene.input in INPUT_PRESETS else DRAWN)
            self.grid_size.set_value(scene.size)
        kernel = kernel_array(scene.kernel)
        shown_kernel = self.kernel_editor.kernel()
        if changed("kernel") and not (  # an edit made in the editor is already on show there
            shown_kernel.shape == kernel.shape and np.allclose(shown_kernel, kernel, rtol=1e-6, atol=0)
        ):
            self.kernel_editor.set_kernel(kernel)
        if changed("flip"):
            self.kernel_editor.set_flipped(scene.flip)
            _set_checked(self.flip, scene.flip)
        if changed("stride"):
            self.stride.set_value(scene.stride)
        if changed("padding"):
            same = scene.padding == "same"
            if not same:
                self.padding.set_value(scene.padding)
            self.padding.setEnabled(not same)
            _set_checked(self.same, same)
        if changed("padding_mode"):
            self.padding_mode.setCurrentText(scene.padding_mode)
        if changed("dilation"):
            self.dilation.set_value(scene.dilation)

    def _edit(self, scene: ConvScene, final: bool = True) -> None:
        """Hand an edit to the tab. A live edit equal to the scene on show is dropped, but a final one
        always goes: a drag or stroke ends where its last live edit left it, and only the final edit
        closes that history entry (the history adds nothing for a final edit that changes nothing)."""
        if scene != self._scene or final:
            self.input_message.hide()
            self.edited.emit(scene, final)

    def _step_moved(self, step: int) -> None:
        if self._count and step != self._scene.step:
            self.stepped.emit(self._scene.replace(step=step))

    def stop(self) -> None:
        self.player.model.pause()

    def set_theme(self, theme: Theme) -> None:
        for widget in (
            self.view,
            self.canvas,
            self.kernel_editor,
            self.player,
            self.input_message,
            self.parameter_message,
        ):
            widget.set_theme(theme)

    def set_presenting(self, presenting: bool) -> None:
        """The side panel and the player bar give way to the view (the presenter shows the step)."""
        self.side_panel.setVisible(not presenting)
        self.player.setVisible(not presenting)
        self.view.set_presenting(presenting)

    # -------------------------------------------------------------- input
    def _drawn(self, image: np.ndarray, final: bool) -> None:
        if final or image.size <= LIVE_STROKE_LIMIT:
            self._edit(edits.with_drawn_input(self._scene, image), final)

    def _preset_chosen(self, index: int) -> None:
        name = self.input_presets.itemText(index)
        if name != DRAWN:
            self._edit(self._scene.replace(input=name))

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load an input image", "", IMAGE_FILTER)
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> bool:
        """Load an image file as the input; a bad file shows why and changes nothing."""
        try:
            image = load_image_file(path)
        except ImageError as error:
            self.input_message.show_problem(str(error))
            return False
        self._use_image(image, Path(path).name)
        return True

    def _use_image(self, image: np.ndarray, what: str) -> None:
        """A loaded, dropped or pasted picture becomes the input with its aspect ratio kept: its longer
        side takes the current grid's longer side (area-averaged when shrunk, 8-bit as loaded)."""
        longer_side = max(self._scene.size)
        fitted = fit_image(image, longer_side)
        self._edit(edits.with_drawn_input(self._scene, fitted))
        (height, width), (rows, cols) = image.shape, fitted.shape
        self.input_message.show_note(
            f"{what} ({width} × {height} pixels) fills {rows} rows × {cols} columns: its shape kept,"
            f" its longer side the grid's {longer_side} cells."
        )

    def _use_qimage(self, image, what: str) -> None:
        try:
            pixels = grayscale(image, what.lower())
        except ImageError as error:
            self.input_message.show_problem(str(error))
            return
        self._use_image(pixels, what)

    def dragEnterEvent(self, event) -> None:
        mime = event.mimeData()
        if mime.hasImage() or any(url.isLocalFile() for url in mime.urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        mime = event.mimeData()
        files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
        if files:
            self.load_file(files[0])
        elif mime.hasImage():
            self._use_qimage(mime.imageData(), "The dropped image")
        event.acceptProposedAction()

    def paste(self) -> None:
        clipboard = QGuiApplication.clipboard()
        mime = clipboard.mimeData()
        if mime is not None and mime.hasImage():
            self._use_qimage(clipboard.image(), "The pasted image")
        elif mime is not None and any(url.isLocalFile() for url in mime.urls()):
            self.load_file(next(url.toLocalFile() for url in mime.urls() if url.isLocalFile()))
        else:
            self.input_message.show_problem("The clipboard holds no image to paste.")

    # ----------------------------------------------------------- keyboard
    def keyPressEvent(self, event) -> None:
        """Player keys; they reach the page only when no focused control used them first."""
        model = self.player.model
        actions = {
            Qt.Key.Key_Space: model.toggle,
            Qt.Key.Key_Left: model.previous,
            Qt.Key.Key_Right: model.next,
            Qt.Key.Key_Home: model.first,
            Qt.Key.Key_End: model.last,
        }
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.key() in actions and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            actions[event.key()]()
        else:
            super().keyPressEvent(event)
            return
        event.accept()
