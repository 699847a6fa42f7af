"""Files kept between runs: written atomically, and a bad file is moved aside, never lost or fatal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from convviz.scene import store
from convviz.scene.store import config_dir, read_json, write_json_atomic

DATA = {
    "version": 1,
    "tabs": [{"history": ["convviz://conv?stride=2"], "index": 0}],
    "note": "µ ± ∞",
    "x": 0.1,
}


def test_write_then_read_round_trip(tmp_path):
    path = tmp_path / "deeper" / "session.json"  # folders are created as needed
    write_json_atomic(path, DATA)
    assert read_json(path, None) == (DATA, None)


def test_rewriting_leaves_only_the_file(tmp_path):
    """The temporary file is renamed over the target: nothing else is left in the folder."""
    path = tmp_path / "session.json"
    for version in range(3):
        write_json_atomic(path, {"version": version})
    assert [p.name for p in tmp_path.iterdir()] == ["session.json"]
    assert read_json(path, None) == ({"version": 2}, None)


def test_a_failing_write_keeps_the_previous_file(tmp_path):
    """json.dump fails half way (an unserialisable value): the old file survives, no temp file stays."""
    path = tmp_path / "session.json"
    write_json_atomic(path, DATA)
    before = path.read_bytes()
    with pytest.raises(TypeError):
        write_json_atomic(path, {"tabs": [1, 2, 3], "bad": object()})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["session.json"]


def test_a_missing_file_gives_the_default_quietly(tmp_path):
    default = {"tabs": []}
    data, message = read_json(tmp_path / "nothing.json", default)
    assert data is default and message is None


@pytest.mark.parametrize(
    "content",
    [b'{"tabs": [', b"", b"\xff\xfe\x00 not utf-8", b"nul\x00l"],
    ids=["cut-json", "empty", "not-utf8", "garbage"],
)
def test_a_corrupt_file_is_moved_aside(tmp_path, content):
    """The app starts with the default, tells the user, and keeps the bad file for a bug report."""
    path = tmp_path / "session.json"
    path.write_bytes(content)
    data, message = read_json(path, "DEFAULT")
    assert data == "DEFAULT"
    assert not path.exists()
    (aside,) = tmp_path.iterdir()
    assert re.fullmatch(r"session\.json\.corrupt-\d{8}-\d{6}", aside.name)
    assert aside.read_bytes() == content
    assert "session.json could not be read" in message and aside.name in message
    assert read_json(path, "DEFAULT") == ("DEFAULT", None)  # next start: simply no session


def test_two_corrupt_files_in_the_same_second_are_both_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(store.time, "strftime", lambda *args: "20250101-120000")
    path = tmp_path / "session.json"
    for content in (b"{first", b"{second"):
        path.write_bytes(content)
        read_json(path, None)
    assert sorted(p.read_bytes() for p in tmp_path.iterdir()) == [b"{first", b"{second"]


def test_config_dir_override(monkeypatch, tmp_path):
    monkeypatch.setenv("CONVVIZ_CONFIG_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_dir() == tmp_path / "mine"


@pytest.mark.parametrize("override", [None, ""])
def test_config_dir_xdg(monkeypatch, tmp_path, override):
    """Without an override (or an empty one), the XDG config folder is used."""
    if override is None:
        monkeypatch.delenv("CONVVIZ_CONFIG_DIR", raising=False)
    else:
        monkeypatch.setenv("CONVVIZ_CONFIG_DIR", override)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_dir() == tmp_path / "xdg" / "convviz"


def test_config_dir_default_is_home_config(monkeypatch, tmp_path):
    monkeypatch.delenv("CONVVIZ_CONFIG_DIR", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert config_dir() == Path(tmp_path) / ".config" / "convviz"


def test_written_file_is_plain_json(tmp_path):
    """Other tools (and people) can read the file."""
    path = tmp_path / "bookmarks.json"
    write_json_atomic(path, DATA)
    assert json.loads(path.read_text(encoding="utf-8")) == DATA
