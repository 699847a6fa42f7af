"""Where an export goes and in which format, read from the output path the way a person writes it:
`out.gif`, `out.mp4`, `frames/` or `frames/%04d.png` for a PNG sequence, `figure.png` for one still."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ExportError
from .png import sequence_pattern

FILE_FORMATS = {".gif": "gif", ".mp4": "mp4", ".png": "still"}


@dataclass(frozen=True)
class Target:
    """`path` is the file, or the folder of a PNG sequence whose files `pattern` names (None: chosen
    from the number of frames)."""

    kind: str  # a writer name: "gif", "mp4", "png" (sequence), "still"
    path: Path
    pattern: str | None = None


def format_of(text: str) -> str | None:
    """The format an output path names by its spelling alone: a %d pattern or a trailing / is a PNG
    sequence, else its extension decides; None if it names none (an existing folder still may)."""
    if "%" in text or text.endswith(("/", os.sep)):
        return "png"
    return FILE_FORMATS.get(Path(text).suffix.lower())


def target_for(text: str) -> Target:
    """The target an output path names; a path that names no format raises ExportError."""
    text = os.path.expanduser(text.strip())
    if not text:
        raise ExportError("no output path given")
    path = Path(text)
    if "%" in text:
        if "%" in str(path.parent):
            raise ExportError(f"only the file name of a PNG sequence pattern can hold %d; got {text!r}")
        return _checked(Target("png", path.parent, sequence_pattern(path.name)))
    kind = "png" if path.is_dir() else format_of(text)
    if kind is None:
        raise ExportError(
            f"cannot tell the format of {text!r}: end it with .gif, .mp4 or .png,"
            " or with / for a folder of PNG frames"
        )
    return _checked(Target(kind, path))


def _checked(target: Target) -> Target:
    """Refuse up front, before anything is rendered, an output whose folder is missing or not a folder."""
    folder = target.path.parent
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist"
        raise ExportError(f"cannot write {target.path}: {folder} {problem}")
    if target.kind == "png" and target.path.exists() and not target.path.is_dir():
        raise ExportError(f"cannot write PNG frames into {target.path}: it is a file")
    if target.kind != "png" and target.path.is_dir():
        raise ExportError(f"cannot write {target.path}: it is a folder")
    return target
