"""`saving()`: an export appears at its target complete or not at all.

Frames go to a temporary file (or folder, for a PNG sequence) beside the target, on the same file
system, and are renamed over the target only after the writer's `finish()` succeeded. On any error,
KeyboardInterrupt or cancel (a generator closed mid-export raises GeneratorExit here) the temporary
output is deleted and whatever was at the target before is left exactly as it was. Temporary outputs
that an earlier, killed export left beside the target are deleted first."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from convviz import interrupt

from .registry import Size, Writer

STARTED = time.time()  # temporary outputs older than this are no export of this run
TOKEN = 8  # hex digits in a temporary output's name


@contextmanager
def saving(
    writer: Writer, target: Path, size: Size, fps: float, sample: Iterable[np.ndarray] = ()
) -> Iterator[Writer]:
    """Set `writer` up on a temporary output beside `target`; publish it when the block ends normally."""
    target = Path(target)
    remove_stale(target)
    temporary = _reserve(target, writer.writes_folder)
    try:
        writer.setup(temporary, size, fps, sample)
        yield writer
        writer.finish()
        interrupt.check()  # Ctrl+C while the writer finished: it is not published
        if writer.writes_folder:
            _publish_folder(temporary, target, writer)
        else:
            _publish_file(temporary, target)
    except BaseException:
        try:
            writer.abort()
        finally:
            _remove(temporary)
        raise


def _reserve(target: Path, folder: bool) -> Path:
    """A new, hidden, uniquely named file or folder next to `target`. Created exclusively like mkstemp
    does, but with the usual permissions (mkstemp's are private to the user), as the result keeps them."""
    suffix = ".partial" if folder else f".partial{target.suffix}"  # ffmpeg picks its muxer by extension
    while True:
        path = target.with_name(f".{target.name}.{secrets.token_hex(TOKEN // 2)}{suffix}")
        try:
            if folder:
                path.mkdir()
            else:
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return path
        except FileExistsError:
            continue


def remove_stale(target: Path) -> None:
    """Delete the temporary outputs for `target` (named as `_reserve` names them) made before this run
    started: an export killed outright (power cut, SIGKILL) could not delete its own."""
    name = re.compile(rf"\.{re.escape(target.name)}\.[0-9a-f]{{{TOKEN}}}\.partial.*", re.DOTALL)
    try:
        candidates = [path for path in target.parent.iterdir() if name.fullmatch(path.name)]
    except OSError:
        return  # an unreadable folder: writing there will say why
    for path in candidates:
        try:
            if path.lstat().st_mtime < STARTED:
                _remove(path)
        except OSError:
            pass  # gone already, or not ours to delete: it stays as it was


def _publish_file(temporary: Path, target: Path) -> None:
    with open(temporary, "rb") as stream:
        os.fsync(stream.fileno())  # on disk before the rename, so a crash cannot leave an empty target
    os.replace(temporary, target)


def _publish_folder(temporary: Path, target: Path, writer: Writer) -> None:
    """A new folder is renamed into place in one step; into an existing folder the new files are
    moved one by one, and files of an earlier export there (as `writer.owns` tells) are removed."""
    if not target.exists():
        os.replace(temporary, target)
        return
    written = {path.name for path in temporary.iterdir()}
    for name in sorted(written):
        os.replace(temporary / name, target / name)
    for stale in target.iterdir():
        if stale.name not in written and writer.owns(stale.name) and stale.is_file():
            stale.unlink()
    temporary.rmdir()


def _remove(temporary: Path) -> None:
    if temporary.is_dir() and not temporary.is_symlink():
        shutil.rmtree(temporary, ignore_errors=True)
    else:
        temporary.unlink(missing_ok=True)
