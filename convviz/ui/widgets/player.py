"""Playback of an animation's steps: a plain model that moves a step index, and a bar that shows it.

The model only moves an index (the page renders whatever step it points at), so playing, scrubbing,
keyboard shortcuts and export all walk the same steps.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QSlider, QToolButton, QWidget

from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.widgets.caption import Caption
from convviz.ui.widgets.speed import SPEEDS, STEP_RATES, Speed, SpeedBox


class PlayerModel(QObject):
    """Which step of `count` is shown, and whether it advances by itself at one of SPEEDS.

    At the steps/s speeds each timer tick advances exactly one step, so a slow machine plays slower but
    never skips a step. At the rows/frame speeds a tick jumps rows x `row_length` steps at once (the
    page draws only where it lands). Without `loop`, playback stops exactly on the last step; play()
    there starts again from step 0.
    """

    step_changed = Signal(int)
    playing_changed = Signal(bool)
    count_changed = Signal(int)
    speed_changed = Signal(int)  # the index into SPEEDS
    loop_changed = Signal(bool)

    def __init__(
        self, parent: QObject | None = None, *, count: int = 0, speed: float = 8, loop: bool = False
    ):
        super().__init__(parent)
        self._count = 0
        self._step = 0
        self._speed_index = -1
        self._row_length = 1
        self._loop = bool(loop)
        self._timer = QTimer(self)  # a child, so leak checks that walk the object tree find it
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self.set_speed(speed)
        self.set_count(count)

    @property
    def count(self) -> int:
        return self._count

    @property
    def step(self) -> int:
        return self._step

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    @property
    def speed(self) -> Speed:
        return SPEEDS[self._speed_index]

    @property
    def speed_index(self) -> int:
        return self._speed_index

    @property
    def steps_per_tick(self) -> int:
        rows = self.speed.rows
        return rows * self._row_length if rows else 1

    @property
    def loop(self) -> bool:
        return self._loop

    def play(self) -> None:
        if self.playing or self._count < 2:
            return
        if self._step == self._count - 1:
            self.set_step(0)
        self._timer.start()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if self.playing:
            self._timer.stop()
            self.playing_changed.emit(False)

    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def next(self) -> None:
        self.set_step(self._step + 1)

    def previous(self) -> None:
        self.set_step(self._step - 1)

    def first(self) -> None:
        self.set_step(0)

    def last(self) -> None:
        self.set_step(self._count - 1)

    def set_step(self, step: int) -> None:
        step = max(0, min(int(step), self._count - 1))
        if step != self._step:
            self._step = step
            self.step_changed.emit(step)

    def set_count(self, count: int) -> None:
        """Number of steps; 0 means nothing to play. The step is clamped into the new range."""
        count = max(0, int(count))
        if count == self._count:
            return
        self._count = count
        if count < 2:
            self.pause()
        self.count_changed.emit(count)
        self.set_step(self._step)

    def set_row_length(self, length: int) -> None:
        """Steps in one row of the output (its width), which the rows/frame speeds move by."""
        self._row_length = max(1, int(length))

    def set_speed_index(self, index: int) -> None:
        """One of SPEEDS, clamped to the ladder's ends."""
        index = max(0, min(int(index), len(SPEEDS) - 1))
        if index != self._speed_index:
            self._speed_index = index
            self._timer.setInterval(SPEEDS[index].interval_ms)
            self.speed_changed.emit(index)

    def set_speed(self, steps_per_second: float) -> None:
        """The steps/s speed nearest `steps_per_second`, from 0.25 to 60."""
        nearest = min(STEP_RATES, key=lambda rate: abs(rate - steps_per_second))
        self.set_speed_index(STEP_RATES.index(nearest))

    def set_loop(self, loop: bool) -> None:
        if bool(loop) != self._loop:
            self._loop = bool(loop)
            self.loop_changed.emit(self._loop)

    def _tick(self) -> None:
        last = self._count - 1
        if self._step < last:
            self.set_step(min(self._step + self.steps_per_tick, last))
        elif self._loop:
            self.set_step(0)
        if not self._loop and self._step == last:
            self.pause()


def media_icon(kind: str, color: QColor) -> QIcon:
    """Vector transport icons ("first", "previous", "play", "pause", "next", "last") in the theme's
    text colour: crisp at any size and identical on every platform style."""
    size = 64
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    tip_and_base = {
        "first": (21, 50),
        "previous": (16, 46),
        "play": (52, 16),
        "next": (48, 18),
        "last": (43, 14),
    }
    bars = {"first": [14], "pause": [17, 37], "last": [43]}  # left edges; pause bars are wider
    if kind in tip_and_base:
        tip, base = tip_and_base[kind]
        painter.drawPolygon(QPolygonF([QPointF(base, 14), QPointF(tip, 32), QPointF(base, 50)]))
    for left in bars.get(kind, []):
        painter.drawRect(left, 14, 10 if kind == "pause" else 7, 36)
    painter.end()
    return QIcon(pixmap)


class PlayerBar(QWidget):
    """Transport buttons, a speed box, a loop toggle, a scrub slider and "step i / n" for a
    PlayerModel. The page owns the keyboard shortcuts (named in the tooltips); buttons and slider take
    no focus so those keys always reach the page."""

    def __init__(
        self, model: PlayerModel | None = None, parent: QWidget | None = None, *, theme: Theme = DEFAULT
    ):
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self._model = model if model is not None else PlayerModel(self)
        self._icons: dict[str, QIcon] = {}
        m = self._model
        self.first_button = self._button("First step (Home)", m.first)
        self.previous_button = self._button("Previous step (Left)", m.previous)
        self.play_button = self._button("Play / pause (Space)", m.toggle)
        self.next_button = self._button("Next step (Right)", m.next)
        self.last_button = self._button("Last step (End)", m.last)
        self.loop_button = QToolButton(text="Loop", checkable=True, toolTip="Start again after the last step")
        self.loop_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.loop_button.toggled.connect(m.set_loop)
        self.speed_box = SpeedBox()
        self.speed_box.valueChanged.connect(m.set_speed_index)
        self.slider = QSlider(Qt.Orientation.Horizontal, toolTip="Drag to scrub through the steps")
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slider.valueChanged.connect(m.set_step)
        self.label = Caption()  # changes every step: a QLabel would re-lay out the window
        self.label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

        layout = QHBoxLayout(self)
        for button in (
            self.first_button,
            self.previous_button,
            self.play_button,
            self.next_button,
            self.last_button,
        ):
            layout.addWidget(button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        layout.addWidget(self.speed_box)
        layout.addWidget(self.loop_button)

        m.step_changed.connect(self._show_step)
        m.count_changed.connect(self._show_count)
        m.playing_changed.connect(self._show_playing)
        m.speed_changed.connect(self.speed_box.setValue)
        m.loop_changed.connect(self.loop_button.setChecked)
        self.speed_box.setValue(m.speed_index)
        self.loop_button.setChecked(m.loop)
        self.set_theme(theme)
        self._show_count(m.count)

    @property
    def model(self) -> PlayerModel:
        return self._model

    def set_theme(self, theme: Theme) -> None:
        """Colours and transport icons in `theme`."""
        self.setPalette(theme.palette())
        color = QColor(theme.text)
        self._icons = {
            kind: media_icon(kind, color) for kind in ("first", "previous", "play", "pause", "next", "last")
        }
        for kind, button in (
            ("first", self.first_button),
            ("previous", self.previous_button),
            ("next", self.next_button),
            ("last", self.last_button),
        ):
            button.setIcon(self._icons[kind])
        self._show_playing(self._model.playing)
        self.label.set_color(theme.text)

    def _button(self, tooltip: str, slot) -> QToolButton:
        button = QToolButton(toolTip=tooltip, autoRaise=True)
        button.setIconSize(QSize(22, 22))
        button.setAccessibleName(tooltip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    def _fit_label(self) -> None:
        """Wide enough for the widest step text of this count in the current font, fixed so that the
        text changing every step never re-lays out the bar."""
        count = self._model.count
        widest = f"step {count} / {count}"
        self.label.setFixedWidth(round(self.label.fontMetrics().horizontalAdvance(widest)) + 8)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoomed: the label's font changed before this
            self._fit_label()

    def _show_step(self, step: int) -> None:
        self.slider.setValue(step)
        count = self._model.count
        self.label.set_text(f"step {step + 1 if count else 0} / {count}")

    def _show_count(self, count: int) -> None:
        self.slider.setRange(0, max(count - 1, 0))
        self._fit_label()
        for widget in (
            self.first_button,
            self.previous_button,
            self.next_button,
            self.last_button,
            self.slider,
        ):
            widget.setEnabled(count > 0)
        self.play_button.setEnabled(count > 1)
        self._show_step(self._model.step)

    def _show_playing(self, playing: bool) -> None:
        self.play_button.setIcon(self._icons["pause" if playing else "play"])
