"""One window per config folder, tested with real processes: a second `convviz LINK` opens LINK as a tab of
the window already running instead of starting a window that would autosave over its session; a window
that crashed leaves a lock and a socket file that the next `convviz` takes over."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDir

from convviz.scene.link import format_link, parse_link
from convviz.ui.single_instance import server_name

FIRST = format_link(parse_link("convviz://conv?input=digit3&size=12x12&kernel=sobel_x"))
SECOND = format_link(parse_link("convviz://conv?input=checkerboard&size=8x8&kernel=box"))
STARTUP_S = 90  # two cores shared by several test runs: a cold Qt start can take a while


@pytest.fixture
def convviz(tmp_path):
    """convviz(*args) starts `convviz ARGS` offscreen with tmp_path as its config folder; every process
    still running at the end is killed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CONVVIZ_CONFIG_DIR": str(tmp_path)}
    started = []

    def start(*args):
        process = subprocess.Popen(
            [sys.executable, "-m", "convviz", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate()


def saved_tabs(config: Path) -> list[str]:
    """The current link of every tab in the session file, [] while there is none."""
    try:
        saved = json.loads((config / "session.json").read_text())
    except (FileNotFoundError, ValueError):
        return []
    return [tab["history"][tab["index"]] for tab in saved["tabs"]]


def wait_for(condition, what: str, process=None, timeout=STARTUP_S):
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"the window exited ({process.returncode}) before {what}: {process.stderr.read()}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_a_second_convviz_opens_its_link_as_a_tab_of_the_running_window(convviz, tmp_path):
    window = convviz(FIRST)
    wait_for(lambda: saved_tabs(tmp_path) == [FIRST], "the first window's session", window)
    second = convviz(SECOND)
    out, err = second.communicate(timeout=STARTUP_S)
    assert second.returncode == 0, err
    assert out.strip() == "convviz: a convviz window is already running; opened it in a new tab"
    wait_for(lambda: saved_tabs(tmp_path) == [FIRST, SECOND], "the handed-over tab in the session", window)
    current = json.loads((tmp_path / "session.json").read_text())["current"]
    assert current == 1  # the new tab is the one shown

    shot = convviz(SECOND, "--screenshot", str(tmp_path / "shot.png"), "--size", "1280x720")
    assert shot.wait(timeout=STARTUP_S) == 0  # screenshots run on their own and save no session
    assert (tmp_path / "shot.png").stat().st_size > 0
    plain = convviz()  # no link: the running window comes to the front, with no new tab
    out, err = plain.communicate(timeout=STARTUP_S)
    assert plain.returncode == 0, err
    assert out.strip() == "convviz: a convviz window is already running; brought it to the front"
    time.sleep(0.5)  # past the running window's autosave delay
    assert saved_tabs(tmp_path) == [FIRST, SECOND]
    assert window.poll() is None  # the first window is still running


def test_two_started_at_once_make_one_window_with_both_links(convviz, tmp_path):
    first, second = convviz(FIRST), convviz(SECOND)
    wait_for(lambda: sorted(saved_tabs(tmp_path)) == sorted([FIRST, SECOND]), "both links in one session")
    time.sleep(0.5)
    running = [p for p in (first, second) if p.poll() is None]
    assert len(running) == 1  # the other handed its link over and exited
    assert [p.returncode for p in (first, second) if p not in running] == [0]


def test_after_a_crash_the_next_convviz_takes_over_the_stale_socket(convviz, tmp_path):
    crashed = convviz(FIRST)
    wait_for(lambda: saved_tabs(tmp_path) == [FIRST], "the first window's session", crashed)
    crashed.send_signal(signal.SIGKILL)
    crashed.wait()
    socket = Path(QDir.tempPath(), server_name(tmp_path))  # where Qt keeps a local server's socket on Unix
    assert socket.exists() and (tmp_path / "window.lock").exists()  # both left behind by the crash
    window = convviz(SECOND)
    wait_for(lambda: saved_tabs(tmp_path) == [FIRST, SECOND], "the new window's session", window)
    assert window.poll() is None  # it became the window, it did not hand over to the dead one
    third = convviz(FIRST)
    out, err = third.communicate(timeout=STARTUP_S)
    assert third.returncode == 0, err  # and it answers on the socket it took over
    wait_for(lambda: saved_tabs(tmp_path) == [FIRST, SECOND, FIRST], "the third tab", window)


def test_a_config_folder_that_cannot_be_made_still_lets_the_window_start(tmp_path):
    from convviz.ui.single_instance import claim_or_hand_over

    (tmp_path / "file").write_text("not a folder")
    lock = claim_or_hand_over(tmp_path / "file" / "convviz", None)
    assert lock is not None  # this process runs a window, though it can save nothing there
    lock.release()
