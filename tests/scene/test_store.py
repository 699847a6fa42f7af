"""Files kept between runs: written atomically, and a bad file is moved aside, never lost or fatal."""

from __future__ import annotations

import errno
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


def test_deeply_nested_json_is_moved_aside_like_any_unreadable_file(tmp_path):
    """json.load's RecursionError must not escape: that would stop the app from starting."""
    path = tmp_path / "settings.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    data, message = read_json(path, {})
    assert data == {} and "nested too deeply" in message
    (aside,) = tmp_path.iterdir()
    assert aside.name.startswith("settings.json.corrupt-") and str(aside) in message


def _interpret(data):
    """Keep the numbers of a list, reporting everything else."""
    kept = [x for x in data if isinstance(x, int)]
    return kept, [f"{x!r} was dropped" for x in data if not isinstance(x, int)]


def test_a_file_that_reads_but_has_problems_is_copied_aside_before_it_is_used(tmp_path):
    path = tmp_path / "bookmarks.json"
    path.write_text('[1, "typo", 2]')
    value, message = store.load(path, [], _interpret)
    assert value == [1, 2]
    (aside,) = [p for p in tmp_path.iterdir() if p != path]
    assert re.fullmatch(r"bookmarks\.json\.kept-\d{8}-\d{6}", aside.name)
    assert aside.read_text() == '[1, "typo", 2]' and path.read_text() == '[1, "typo", 2]'
    assert message.startswith("bookmarks.json: 'typo' was dropped") and str(aside) in message


def test_copies_aside_never_replace_each_other(tmp_path, monkeypatch):
    monkeypatch.setattr(store.time, "strftime", lambda *args: "20250101-120000")
    path = tmp_path / "bookmarks.json"
    for content in ('["first"]', '["second"]'):
        path.write_text(content)
        store.load(path, [], _interpret)
    copies = sorted(p.read_text() for p in tmp_path.iterdir() if p != path)
    assert copies == ['["first"]', '["second"]']


def test_a_usable_or_missing_file_is_left_alone(tmp_path):
    path = tmp_path / "bookmarks.json"
    assert store.load(path, [], _interpret) == ([], None)
    path.write_text("[1, 2]")
    assert store.load(path, [], _interpret) == ([1, 2], None)
    assert list(tmp_path.iterdir()) == [path]


def test_saving_on_a_full_disk_fails_and_keeps_the_old_file(full_disk):
    path = full_disk.path / "session.json"
    write_json_atomic(path, DATA)
    before = path.read_bytes()
    full_disk.fill()
    with pytest.raises(OSError) as caught:
        write_json_atomic(path, {**DATA, "tabs": DATA["tabs"] * 500})
    assert caught.value.errno == errno.ENOSPC
    assert path.read_bytes() == before
    assert sorted(p.name for p in full_disk.path.iterdir()) == ["filler", "session.json"]
