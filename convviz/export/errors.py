"""Why an export cannot be made, in one line a person can act on (the command line prints it as is)."""

from __future__ import annotations

import errno
from pathlib import Path


class ExportError(Exception):
    """A request that cannot be exported, or a write that failed; nothing was left at the target."""


def write_failure(error: OSError, target: Path) -> ExportError:
    """An OSError from writing as an ExportError: a full disk said plainly, anything else with its reason."""
    if error.errno == errno.ENOSPC:
        return ExportError(f"disk full while writing {target}")
    return ExportError(f"cannot write {target}: {error.strerror or error}")
