"""Writers registered by format, in the shape of matplotlib's MovieWriterRegistry and AbstractMovieWriter:
`setup(path, size, fps)`, `grab_frame(rgb)` once per frame, `finish()`.

Writers know nothing of Qt or scenes: they take (H, W, 3) uint8 RGB arrays, so each is testable with
NumPy alone; vector writers (SVG, PDF) take the frame's painting recorded as a QPicture instead. They
write wherever `saving()` points them (a temporary file or folder); making the result appear at the
target atomically is `saving()`'s job, not theirs."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from .errors import ExportError

Size = tuple[int, int]  # (width, height), as screens and video sizes are named


class MissingPackage(ExportError):
    """A format whose optional package is not installed; the message says what to pip install."""


class Writer:
    """One output file (or, with `writes_folder`, one folder of files) written frame by frame."""

    label = ""  # how people name the format: "GIF", "MP4 video"
    writes_folder = False  # True: `setup` gets a folder to fill, else a file path
    still = False  # True: one frame, the scene's current step; a step range is refused
    vector = False  # True: `grab_frame` takes a QPicture of the frame, not its pixels
    requires: dict[str, str] = {}  # module to import -> package to pip install

    @classmethod
    def check(cls, size: Size, fps: float) -> None:
        """Raise ExportError if this format cannot hold frames of `size` at `fps`; called before rendering."""

    def setup(self, path: Path, size: Size, fps: float, sample: Iterable[np.ndarray] = ()) -> None:
        """Start writing to `path`. `sample` lazily renders a few representative frames, for formats
        that must fix something for the whole file before the first frame (a GIF's one palette); the
        others never iterate it, so it costs them nothing."""
        raise NotImplementedError

    def grab_frame(self, rgb: np.ndarray) -> None:
        """Append one (H, W, 3) uint8 frame (a QPicture for `vector` writers). The writer does not keep
        `rgb` past the call."""
        raise NotImplementedError

    def finish(self) -> None:
        """Complete the output; raise if it is not complete and valid."""
        raise NotImplementedError

    def abort(self) -> None:
        """Release whatever `setup` started (files, threads, processes) after a failure or a cancel,
        at any point, even before `setup`; `saving()` then deletes the partial output."""

    def owns(self, name: str) -> bool:
        """Folder writers: whether a file name in the target folder belongs to this kind of output, so
        frames left from an earlier, longer export there are replaced, not mixed in."""
        return False


class WriterRegistry:
    """Format name -> writer class; a missing optional package shows up when the format is asked for."""

    def __init__(self) -> None:
        self._writers: dict[str, type[Writer]] = {}

    def register(self, name: str):
        def decorator(cls: type[Writer]) -> type[Writer]:
            self._writers[name] = cls
            return cls

        return decorator

    def __iter__(self) -> Iterator[str]:
        return iter(self._writers)

    def __getitem__(self, name: str) -> type[Writer]:
        if name not in self._writers:
            raise ExportError(f"unknown format {name!r}; formats: {', '.join(self._writers)}")
        cls = self._writers[name]
        missing = self.missing(name)
        if missing:
            raise MissingPackage(f"{cls.label} export needs the {missing} package: pip install {missing}")
        return cls

    def missing(self, name: str) -> str | None:
        """The first package a format needs that cannot be imported, or None."""
        for module, package in self._writers[name].requires.items():
            try:
                importlib.import_module(module)
            except ImportError:
                return package
        return None


writers = WriterRegistry()
