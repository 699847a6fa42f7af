"""Where an export goes and in which format, read from the output path the way a person writes it:
`out.gif`, `out.mp4`, `frames`, `frames/` or `frames/%04d.png` for a PNG sequence (a path with no
extension is a folder), `figure.png`, `figure.svg` or `figure.pdf` for one still."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from convviz.scene.messages import shortened

from .errors import ExportError, shown_path
from .png import sequence_pattern

FILE_FORMATS = {".gif": "gif", ".mp4": "mp4", ".png": "still", ".svg": "svg", ".pdf": "pdf"}
FILE_LABELS = {
    ".gif": "a GIF",
    ".mp4": "an MP4 video",
    ".png": "a PNG still",
    ".svg": "an SVG still",
    ".pdf": "a PDF still",
}
KNOWN_ELSEWHERE = {".webm": "WebM", ".mov": "QuickTime", ".avi": "AVI", ".mkv": "Matroska", ".apng": "APNG"}
SUPPORTED = (
    ".gif, .mp4, .png, .svg or .pdf (a still), or a folder of PNG frames"
    " (a path with no extension, or ending /)"
)


@dataclass(frozen=True)
class Target:
    """`path` is the file, or the folder of a PNG sequence whose files `pattern` names (None: chosen
    from the number of frames)."""

    kind: str  # a writer name: "gif", "mp4", "png" (sequence), "still" (one PNG), "svg", "pdf"
    path: Path
    pattern: str | None = None


def format_of(text: str) -> str | None:
    """The format an output path names by its spelling alone: a %d pattern, a trailing / or no
    extension is a PNG sequence, else its extension decides; None for an extension of no format, or
    no path at all."""
    if not text.strip():
        return None
    if "%" in text or text.endswith(("/", os.sep)) or not Path(text).suffix:
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
            raise ExportError(
                f"only the file name of a PNG sequence pattern can hold %d; got {shortened(text)!r}"
            )
        return _checked(Target("png", path.parent, sequence_pattern(path.name)))
    suffix = path.suffix.lower()
    if path.is_dir() and not text.endswith(("/", os.sep)) and suffix in FILE_FORMATS:
        raise ExportError(
            f"{shown_path(text)} is a folder, not {FILE_LABELS[suffix]}: to write PNG frames into it,"
            " end the path with /"
        )
    kind = "png" if path.is_dir() else format_of(text)
    if kind is None:
        known = KNOWN_ELSEWHERE.get(suffix)
        what = f"{known} is not supported" if known else f"{shortened(suffix)} is not a format convviz writes"
        raise ExportError(f"cannot write {shown_path(text)}: {what}; formats: {SUPPORTED}")
    return _checked(Target(kind, path))


def _checked(target: Target) -> Target:
    """Refuse up front, before anything is rendered, an output whose folder is missing or not a folder."""
    folder = target.path.parent
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist"
        raise ExportError(f"cannot write {shown_path(target.path)}: {shown_path(folder)} {problem}")
    if target.kind == "png" and target.path.exists() and not target.path.is_dir():
        raise ExportError(f"cannot write PNG frames into {shown_path(target.path)}: it is a file")
    return target
