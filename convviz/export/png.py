"""PNG output: a folder of numbered frames, encoded by a few threads, or one still of the current step.

zlib at level 1 spends a quarter of level 6's time for files about a fifth larger on these flat-coloured
frames; Pillow releases the GIL while compressing, so frames encode in parallel with rendering."""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from convviz.scene.messages import shortened

from .errors import ExportError
from .registry import Size, Writer, writers

FAST = 1  # zlib level for sequences


def sequence_pattern(text: str) -> str:
    """A file-name pattern with one integer field, e.g. "%04d.png"; anything else raises ExportError."""
    if not re.fullmatch(r"[^%/\\]*%0?\d*d[^%/\\]*\.png", text, re.IGNORECASE):
        raise ExportError(
            f"a PNG sequence pattern has one %d and ends .png, e.g. frames/%04d.png; got {shortened(text)!r}"
        )
    return text


def default_pattern(last: int) -> str:
    """Zero-padded to at least 4 digits, and to as many as the last number needs, so names sort."""
    return f"%0{max(4, len(str(last)))}d.png"


@writers.register("png")
class PngSequenceWriter(Writer):
    label = "PNG sequence"
    writes_folder = True

    def __init__(self, pattern: str = "%04d.png", workers: int | None = None, *, first: int = 1):
        """Frames are numbered from `first` on: the export passes the number of the first step shown."""
        self.pattern = sequence_pattern(pattern)
        self._first = first
        self._workers = workers or min(8, os.cpu_count() or 1)
        before, _, after = re.split(r"(%0?\d*d)", pattern)
        self._names = re.compile(re.escape(before) + r"\d+" + re.escape(after), re.IGNORECASE)
        self._pool: ThreadPoolExecutor | None = None
        self._pending: deque[Future] = deque()

    def setup(self, path: Path, size: Size, fps: float, sample: Iterable[np.ndarray] = ()) -> None:
        self._folder = Path(path)
        self._count = 0
        self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="png")

    def grab_frame(self, rgb: np.ndarray) -> None:
        image = Image.fromarray(rgb)  # a copy: the encoding threads never share the caller's array
        path = self._folder / (self.pattern % (self._first + self._count))
        self._pending.append(self._pool.submit(image.save, path, "PNG", compress_level=FAST))
        self._count += 1
        while len(self._pending) > 2 * self._workers:  # bounded: memory stays flat however long
            self._pending.popleft().result()  # and an encoding error surfaces at the next frame

    def finish(self) -> None:
        while self._pending:
            self._pending.popleft().result()
        self._pool.shutdown()

    def abort(self) -> None:
        """Wait for frames already being encoded, so no thread writes into a folder being deleted."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pending.clear()

    def owns(self, name: str) -> bool:
        return self._names.fullmatch(name) is not None


@writers.register("still")
class StillPngWriter(Writer):
    """The one frame of the current step, as a figure for slides and notes."""

    label = "PNG still"
    still = True

    def setup(self, path: Path, size: Size, fps: float, sample: Iterable[np.ndarray] = ()) -> None:
        self._path = Path(path)
        self._written = False

    def grab_frame(self, rgb: np.ndarray) -> None:
        if self._written:
            raise ExportError("a still PNG holds one frame")
        Image.fromarray(rgb).save(self._path, "PNG")
        self._written = True

    def finish(self) -> None:
        if not self._written:
            raise ExportError("a still PNG needs its frame")
