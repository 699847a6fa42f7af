"""Playback speeds as a ladder a person climbs: 0.25 to 60 steps per second, then whole rows of the
output per frame, so a 512x512 input need not play for 73 minutes; and the spin box that names them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QSpinBox, QWidget


@dataclass(frozen=True)
class Speed:
    """One rung of the speed ladder: every `interval_ms`, move one step, or with `rows`, that many whole
    rows of the output (rows x the row length the page gives; a frame is one tick at FRAME_RATE)."""

    label: str
    interval_ms: int
    rows: int = 0


FRAME_RATE = 60  # ticks per second of the row speeds
STEP_RATES = (0.25, 0.5, 1, 2, 4, 8, 15, 30, 60)  # one step per tick: a slow machine slows, never skips
ROWS_PER_FRAME = (1, 2, 4, 8, 16, 32)  # a 512x512 input plays in 8.5 s at 1 row/frame, not 73 minutes


def _plural(n: float, unit: str) -> str:
    return f"{n:g} {unit}{'' if n == 1 else 's'}"


def _speed_ladder() -> tuple[Speed, ...]:
    steps = [Speed(f"{_plural(rate, 'step')}/s", round(1000 / rate)) for rate in STEP_RATES]
    frame = round(1000 / FRAME_RATE)
    return (*steps, *(Speed(f"{_plural(n, 'row')}/frame", frame, rows=n) for n in ROWS_PER_FRAME))


SPEEDS = _speed_ladder()


class SpeedBox(QSpinBox):
    """The speed ladder as a spin box that names each rung ("0.25 steps/s" ... "4 rows/frame"): arrows,
    the wheel and Up/Down climb it; typing a rung's words picks it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(0, len(SPEEDS) - 1)
        self.setToolTip(
            f"Playback speed: steps per second, or whole rows of the output per frame ({FRAME_RATE} frames/s)"
        )
        self.setAccessibleName("Playback speed")

    def textFromValue(self, value: int) -> str:
        return SPEEDS[value].label

    def valueFromText(self, text: str) -> int:
        labels = [speed.label for speed in SPEEDS]
        return labels.index(text.strip()) if text.strip() in labels else self.value()

    def validate(self, text: str, position: int):
        labels = [speed.label for speed in SPEEDS]
        if text.strip() in labels:
            return QValidator.State.Acceptable, text, position
        if any(label.startswith(text.strip()) for label in labels):
            return QValidator.State.Intermediate, text, position
        return QValidator.State.Invalid, text, position
