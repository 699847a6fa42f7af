"""Saved files that cannot be used as they are: each is kept aside before anything could overwrite it,
the window says so once (a notice under the toolbar, until dismissed), and the app always starts.
A save that fails (a full disk) says so and leaves the old file as it was."""

import json
import os
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from convviz.scene.link import format_link
from convviz.scene.scenes import ConvScene
from convviz.scene.session import VERSION
from convviz.ui.theme import COLOUR_BLIND, DEFAULT

GOOD = format_link(ConvScene(kernel="box"))
DEEP = "[" * 100_000 + "]" * 100_000

BAD_FILES = {
    "newer-session": (
        "session.json",
        json.dumps({"version": VERSION + 1, "current": 0, "tabs": [{"history": [GOOD], "index": 0}]}),
        "newer convviz",
    ),
    "bookmark-typo": (
        "bookmarks.json",
        json.dumps(
            {
                "version": VERSION,
                "bookmarks": [
                    {"title": "box", "link": GOOD},
                    {"title": "typo", "link": "convviz://conv?strde=2"},
                ],
            }
        ),
        "strde",
    ),
    "theme-not-a-name": ("settings.json", json.dumps({"theme": ["dark"]}), "theme is not a name"),
    "deeply-nested": ("session.json", DEEP, "nested too deeply"),
}


def _copies(folder, name):
    return sorted(p for p in folder.iterdir() if p.name.startswith(name + "."))


@pytest.mark.parametrize("case", BAD_FILES)
def test_an_unusable_file_is_kept_aside_and_said_once(qtbot, make_window, tmp_path, case):
    name, content, reason = BAD_FILES[case]
    (tmp_path / name).write_text(content)
    window = make_window()
    notice = window.notice
    assert notice.isVisible() and reason in notice.text() and name in notice.text()
    (copy,) = _copies(tmp_path, name)
    assert str(copy) in notice.text()
    assert copy.read_text() == content
    window.close()  # saves the session
    assert copy.read_text() == content  # the copy is never overwritten
    again = make_window()
    assert not again.notice.isVisible()  # said once: the file now holds what could be used
    assert _copies(tmp_path, name) == [copy]


def test_a_bookmark_with_a_typo_costs_that_bookmark_only(qtbot, make_window, tmp_path):
    name, content, _ = BAD_FILES["bookmark-typo"]
    (tmp_path / name).write_text(content)
    make_window().close()
    assert [b.link for b in make_window().bookmarks] == [GOOD]


def test_the_notice_is_dismissed_with_its_button(qtbot, make_window, tmp_path):
    (tmp_path / "settings.json").write_text('{"theme": 7}')
    window = make_window()
    assert window.theme is DEFAULT
    QTest.mouseClick(window.notice.dismiss, Qt.MouseButton.LeftButton)
    assert not window.notice.isVisible()


def test_a_save_on_a_full_disk_says_so_and_keeps_the_old_file(qtbot, make_window, full_disk):
    window = make_window(ConvScene(), config=full_disk.path)
    window.choose_theme(DEFAULT)
    before = (full_disk.path / "settings.json").read_bytes()
    full_disk.fill()
    window.choose_theme(COLOUR_BLIND)
    assert "Could not save settings.json" in window.notice.text()
    assert "No space left on device" in window.notice.text()
    assert (full_disk.path / "settings.json").read_bytes() == before
    assert not [p.name for p in full_disk.path.iterdir() if p.name.startswith(".")]  # no temporary file left
    (full_disk.path / "filler").unlink()
    window.choose_theme(COLOUR_BLIND)
    assert "settings.json" not in window.notice.text()  # saved now: its notice goes
    assert json.loads((full_disk.path / "settings.json").read_text()) == {"theme": COLOUR_BLIND.name}


@pytest.mark.parametrize("case", BAD_FILES)
def test_the_app_starts_whatever_the_saved_files_hold(tmp_path, case):
    """A real start: `convviz` with the bad file in its config folder opens and saves a session."""
    name, content, _ = BAD_FILES[case]
    (tmp_path / name).write_text(content)
    environment = {**os.environ, "CONVVIZ_CONFIG_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, "-m", "convviz"], env=environment, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            session = tmp_path / "session.json"
            if session.exists() and session.read_text() != content:
                break
            time.sleep(0.1)
        assert process.poll() is None, process.stderr.read()
        assert json.loads((tmp_path / "session.json").read_text())["version"] == VERSION
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert _copies(tmp_path, name)


def test_presenting_hides_the_notice_and_leaving_brings_it_back(qtbot, make_window, tmp_path):
    """A notice is for the teacher, not the lecture hall."""
    (tmp_path / "settings.json").write_text('{"theme": 7}')
    window = make_window(ConvScene())
    window.presenter.enter()
    assert not window.notice.isVisible()
    window.presenter.leave()
    assert window.notice.isVisible()
