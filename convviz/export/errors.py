"""Why an export cannot be made, in one line a person can act on (the command line prints it as is)."""

from __future__ import annotations

import errno
from pathlib import Path

from convviz.scene.messages import shortened

PATH_ECHO_LIMIT = 200  # a path's end (its file name) matters: keep whole any path a person would type


def shown_path(path: str | Path) -> str:
    """A path as a message echoes it: whole, unless it is absurdly long."""
    return shortened(str(path), PATH_ECHO_LIMIT)


class ExportError(Exception):
    """A request that cannot be exported, or a write that failed; nothing was left at the target."""


def write_failure(error: OSError, target: Path) -> ExportError:
    """An OSError from writing as an ExportError: a full disk said plainly, anything else with its reason."""
    where = shown_path(target)
    if error.errno == errno.ENOSPC:
        return ExportError(f"disk full while writing {where}")
    return ExportError(f"cannot write {where}: {error.strerror or error}")
