"""Files the app keeps between runs (the session, the bookmarks, the settings), written atomically.

A file that cannot be read, or can be read but not used as it is (a newer version's session, a
bookmark with a typo), is kept aside under a name of its own before anything could overwrite it,
and the caller gets a message to show: losing a file must never stop the app from starting."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def config_dir() -> Path:
    """Where convviz keeps its files: $CONVVIZ_CONFIG_DIR, else the XDG config folder."""
    override = os.environ.get("CONVVIZ_CONFIG_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "convviz"


def write_json_atomic(path: Path, data) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename it over the target:
    a crash or a full disk mid-write leaves the previous file intact."""
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
    except (OSError, ValueError, RecursionError) as error:
        aside = _aside_name(path, "corrupt")
        try:
            os.replace(path, aside)
        except OSError:
            return default, f"{path.name} could not be read ({_reason(error)}), nor moved aside."
        return default, f"{path.name} could not be read ({_reason(error)}); it was kept as {aside}."


def load(path: Path, default, interpret: Callable[[object], tuple[T, list[str]]]) -> tuple[T, str | None]:
    """(value, message): `interpret(data) -> (value, problems)` applied to the file's JSON. When the file
    cannot be read, or has problems, it is kept aside first and the message says what and where."""
    data, message = read_json(path, default)
    value, problems = interpret(data)
    if message or not problems:
        return value, message
    try:
        aside = _aside_name(path, "kept")
        shutil.copy2(path, aside)
    except OSError as error:
        return value, f"{path.name}: {'; '.join(problems)}. No copy could be kept ({_reason(error)})."
    return value, f"{path.name}: {'; '.join(problems)}. The file as it was is kept as {aside}."


def _reason(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "its JSON is nested too deeply"
    if isinstance(error, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON: {error.msg.lower()} at line {error.lineno}"
    return getattr(error, "strerror", None) or type(error).__name__


def _aside_name(path: Path, why: str) -> Path:
    return _free_name(path.with_name(f"{path.name}.{why}-{time.strftime('%Y%m%d-%H%M%S')}"))


def _free_name(path: Path) -> Path:
    """`path`, or `path-2`, `path-3`, ... : a file set aside never replaces an earlier one."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate
