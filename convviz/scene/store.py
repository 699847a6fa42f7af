"""Files the app keeps between runs (the session and the bookmarks), written atomically.

A file that cannot be read back is moved aside, never deleted, and the caller gets a message to show;
losing a session must never stop the app from starting."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path


def config_dir() -> Path:
    """Where convviz keeps its files: $CONVVIZ_CONFIG_DIR, else the XDG config folder."""
    override = os.environ.get("CONVVIZ_CONFIG_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "convviz"


def write_json_atomic(path: Path, data) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename it over the target:
    a crash mid-write leaves the previous file intact."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=1)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_json(path: Path, default):
    """(data, message): the file's JSON, or `default` and a message if it was unreadable and moved aside."""
    try:
        with open(path, encoding="utf-8") as stream:
            return json.load(stream), None
    except FileNotFoundError:
        return default, None
    except (OSError, ValueError) as error:
        aside = _free_name(path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}"))
        try:
            os.replace(path, aside)
        except OSError:
            aside = path
        reason = getattr(error, "strerror", None) or type(error).__name__
        return default, f"{path.name} could not be read ({reason}); it was kept as {aside.name}."


def _free_name(path: Path) -> Path:
    """`path`, or `path-2`, `path-3`, ... : a file set aside never replaces an earlier one."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate
