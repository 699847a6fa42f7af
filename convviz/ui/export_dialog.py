"""The Export dialog (Ctrl+E): the current tab's animation as a GIF, an MP4 video or PNG frames, or its
current step as a still: a PNG, or an SVG or PDF figure drawn as vector graphics.

Frames render on the GUI thread, one per event-loop turn (a 0 ms timer), so the window keeps painting
and Cancel answers within a frame; the slow part, encoding, runs elsewhere (PNG in threads, MP4 in
ffmpeg's own process). convviz.export sits above the UI, so it is imported where it is used."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from convviz.interrupt import Interrupted
from convviz.scene.base import PageScene
from convviz.timeline import NoOutput, timeline_for
from convviz.ui.theme import DEFAULT, THEMES, Theme

FORMATS = {  # writer name -> (label, how a path of that format ends)
    "gif": ("GIF animation", ".gif"),
    "mp4": ("MP4 video (H.264)", ".mp4"),
    "png": ("PNG frames, in a folder", "/"),
    "still": ("PNG still of the current step", ".png"),
    "svg": ("SVG still of the current step (vector)", ".svg"),
    "pdf": ("PDF still of the current step (vector)", ".pdf"),
}
STILLS = ("still", "svg", "pdf")  # one frame, the current step: no speed, no step range
SIZES = {"720p": (1280, 720), "1080p": (1920, 1080), "4K": (3840, 2160)}  # the first is the default
CUSTOM = "Custom"


def with_format(text: str, kind: str) -> str:
    """`text` retargeted to another format: same folder and name, that format's ending."""
    text = text.strip().rstrip("/")
    path = Path(text)
    if "%" in path.name:  # a pattern names the folder it sits in
        path = path.parent
    elif path.suffix.lower() in {ending for _, ending in FORMATS.values()}:
        path = path.with_suffix("")
    return str(path) + FORMATS[kind][1]


class ExportDialog(QDialog):
    """Exports `scene`; `theme` is the one preselected for the frames (the window's)."""

    def __init__(self, scene: PageScene, parent: QWidget | None = None, theme: Theme = DEFAULT):
        from convviz.export import DEFAULT_FPS, FPS_LIMITS, SIDE_LIMITS

        super().__init__(parent)
        self.setWindowTitle("Export animation")
        self.scene = scene
        self._error_color = theme.error
        self._job = None  # the running convviz.export.Export
        self._run = None  # its frame-by-frame generator
        self._started = 0.0
        self._timer = QTimer(self)
        self._timer.setObjectName("exportFrames")
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._advance)
        # quitting the app mid-export must not leave the temporary output behind
        QApplication.instance().aboutToQuit.connect(self.cancel)

        self.format = QComboBox()
        for kind, (label, _) in FORMATS.items():
            self.format.addItem(label, kind)
        self.size_preset = QComboBox()
        self.size_preset.addItems([*(f"{name} ({w}×{h})" for name, (w, h) in SIZES.items()), CUSTOM])
        self.width_box, self.height_box = (
            QSpinBox(minimum=SIDE_LIMITS[0], maximum=SIDE_LIMITS[1]) for _ in range(2)
        )
        self.fps = QDoubleSpinBox(minimum=FPS_LIMITS[0], maximum=FPS_LIMITS[1], decimals=1, suffix=" fps")
        self.fps.setValue(DEFAULT_FPS)
        self.first_step, self.last_step = QSpinBox(), QSpinBox()
        self.steps_note = QLabel()
        self.theme = QComboBox()
        self.theme.addItems(list(THEMES))
        self.theme.setCurrentText(theme.name)
        self.path = QLineEdit(str(Path.home() / f"convviz-{scene.page}.gif"))
        self.path.setMinimumWidth(360)
        self.browse = QPushButton("Save as…")
        self.browse.clicked.connect(self._browse)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m frames")
        self.message = QLabel(wordWrap=True)
        self.message.setObjectName("exportMessage")
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)

        size_row = QHBoxLayout()
        for widget in (self.size_preset, self.width_box, QLabel("×"), self.height_box):
            size_row.addWidget(widget)
        size_row.addStretch(1)
        steps_row = QHBoxLayout()
        for widget in (self.first_step, QLabel("to"), self.last_step, self.steps_note):
            steps_row.addWidget(widget)
        steps_row.addStretch(1)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Size", size_row)
        speed_row = QHBoxLayout()
        speed_row.addWidget(self.fps)
        speed_row.addStretch(1)
        form.addRow("Speed", speed_row)
        form.addRow("Steps", steps_row)
        form.addRow("Theme", self.theme)
        form.addRow("Save to", path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.format.currentIndexChanged.connect(self._format_chosen)
        self.size_preset.currentIndexChanged.connect(self._size_chosen)
        self.path.textChanged.connect(self._path_edited)
        self.first_step.valueChanged.connect(lambda value: self.last_step.setMinimum(value))
        self._disable_missing_formats()
        self._size_chosen()
        self._load_steps()
        self._format_chosen()

    # ------------------------------------------------------------ options
    def _disable_missing_formats(self) -> None:
        from convviz.export import writers

        for index in range(self.format.count()):
            missing = writers.missing(self.format.itemData(index))
            if missing:
                item = self.format.model().item(index)
                item.setEnabled(False)
                item.setToolTip(f"needs the {missing} package: pip install {missing}")

    def _load_steps(self) -> None:
        try:
            count = timeline_for(self.scene).count  # counted without drawing anything
        except (ValueError, NoOutput) as error:  # NoOutput is a ValueError with the reason
            reason = str(error) if isinstance(error, NoOutput) else "This page has no animation to export."
            self._show(reason, error=True)
            self.export_button.setEnabled(False)
            count = 1
        for box in (self.first_step, self.last_step):
            box.setRange(1, count)  # counted from 1, as the player shows them
        self.last_step.setValue(count)
        self._count = count

    def _format_chosen(self) -> None:
        """A format picked from the list: the path takes its ending."""
        self.path.setText(with_format(self.path.text(), self.format.currentData()))
        self._follow_format()

    def _path_edited(self, text: str) -> None:
        """A path that names a format picks it in the list; the path stays exactly as typed."""
        from convviz.export import format_of

        index = self.format.findData(format_of(text))
        if index >= 0 and index != self.format.currentIndex():
            self.format.blockSignals(True)
            self.format.setCurrentIndex(index)
            self.format.blockSignals(False)
            self._follow_format()

    def _follow_format(self) -> None:
        still = self.format.currentData() in STILLS
        self.fps.setEnabled(not still)
        for box in (self.first_step, self.last_step):
            box.setEnabled(not still)
        self.steps_note.setText(
            f"(the current one, {self.scene.step + 1})" if still else f"of {self._count}, both included"
        )

    def _size_chosen(self) -> None:
        preset = list(SIZES.values())[self.size_preset.currentIndex()] if self._is_preset() else None
        for box in (self.width_box, self.height_box):
            box.setEnabled(preset is None)
        if preset:
            self.width_box.setValue(preset[0])
            self.height_box.setValue(preset[1])

    def _is_preset(self) -> bool:
        return self.size_preset.currentIndex() < len(SIZES)

    def _browse(self) -> None:
        kind = self.format.currentData()
        if kind == "png":
            chosen = QFileDialog.getExistingDirectory(self, "Folder for the PNG frames", self.path.text())
            chosen = chosen and chosen.rstrip("/") + "/"
        else:
            label, ending = FORMATS[kind]
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export as", self.path.text(), f"{label} (*{ending})"
            )
            chosen = chosen and with_format(chosen, kind)
        if chosen:
            self.path.setText(chosen)

    # ------------------------------------------------------------ running
    def is_running(self) -> bool:
        return self._run is not None

    def start(self) -> None:
        """Check everything, then render one frame per event-loop turn."""
        from convviz.export import Export, ExportError

        self.progress.reset()
        kind = self.format.currentData()
        steps = (None, None) if kind in STILLS else (self.first_step.value(), self.last_step.value())
        try:
            self._job = Export(
                self.scene,
                self.path.text(),
                size=(self.width_box.value(), self.height_box.value()),
                fps=self.fps.value(),
                steps=steps,
                theme=THEMES[self.theme.currentText()],
            )
        except ExportError as error:
            self._show(str(error), error=True)
            return
        self._run = self._job.run()
        self.progress.setRange(0, self._job.frame_count)
        self._show("")
        self._set_running(True)
        self._started = time.perf_counter()
        self._timer.start()

    def _advance(self) -> None:
        from convviz.export import ExportError

        try:
            done = next(self._run)
        except StopIteration:
            self._end(self._job.summary(time.perf_counter() - self._started))
        except (ExportError, Interrupted) as error:  # Interrupted: Ctrl+C in the terminal
            self._end(str(error), error=True)
        except Exception as error:  # a bug must not take the window down: say so and stop
            self._end(f"Export failed: {type(error).__name__}: {error}", error=True)
        else:
            self.progress.setValue(done)

    def cancel(self) -> None:
        """Stop now; closing the export deletes its temporary output, the target stays as it was."""
        if self._run is not None:
            self._run.close()
            self._end("Cancelled; nothing was written.")

    def reject(self) -> None:
        """Close (or Esc) while exporting cancels first; the next one closes."""
        if self.is_running():
            self.cancel()
        else:
            super().reject()

    def _end(self, message: str, error: bool = False) -> None:
        self._timer.stop()
        if self.progress.value() < self.progress.maximum():
            self.progress.reset()  # nothing was written: no half-full bar suggesting otherwise
        self._run = None
        self._job.close()
        self._job = None
        self._set_running(False)
        self._show(message, error)

    def _set_running(self, running: bool) -> None:
        for widget in (self.format, self.size_preset, self.theme, self.path, self.browse, self.export_button):
            widget.setEnabled(not running)
        self.fps.setEnabled(not running and self.format.currentData() not in STILLS)
        for box in (self.width_box, self.height_box):
            box.setEnabled(not running and not self._is_preset())
        for box in (self.first_step, self.last_step):
            box.setEnabled(not running and self.format.currentData() not in STILLS)
        self.close_button.setText("Cancel" if running else "Close")

    def _show(self, message: str, error: bool = False) -> None:
        """A sentence under the progress bar: what was written, or (in the error colour) why not."""
        if message:
            message = message[0].upper() + message[1:].rstrip(".") + "."
        self.message.setText(message)
        self.message.setStyleSheet(f"color: {self._error_color};" if error else "")
