"""Ctrl+C for real: SIGINT sent to `convviz` processes at many moments, from while Python imports numpy
and Qt to mid-export; every one exits 130 with one line, no traceback, no crash, nothing left behind."""

import os
import signal
import subprocess
import sys
import time

import pytest
from PIL import Image

LONG = "convviz://conv?input=digit3&size=47x47&kernel=sobel_x"  # 2,025 steps: still exporting at 2 s
OUTPUTS = ["a.gif", "a.mp4", "frames"]
MOMENTS = [0.05 + i * (2.0 - 0.05) / 32 for i in range(33)]  # 0.05 s to 2 s after start


def start(*args, env=None):
    return subprocess.Popen(
        [sys.executable, "-m", "convviz", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )


def our_lines(stderr: str) -> list[str]:
    """stderr without the offscreen platform's warnings, which a window on a real screen never prints."""
    return [line for line in stderr.splitlines() if "propagateSizeHints" not in line]


def test_ctrl_c_at_any_moment_of_an_export_exits_130_and_leaves_nothing(tmp_path):
    runs = [(moment, OUTPUTS[i % len(OUTPUTS)], tmp_path / f"run{i}") for i, moment in enumerate(MOMENTS)]
    # two at a time to keep the test short, an early moment beside a late one: Pythons starting side by
    # side on a busy machine would not reach convviz's first line within 0.05 s
    batches = [[runs[i], runs[-1 - i]] for i in range(len(runs) // 2)] + [[runs[len(runs) // 2]]] * (
        len(runs) % 2
    )
    failures = []
    for batch in batches:
        started = []
        for moment, output, folder in batch:
            folder.mkdir()
            process = start("export", LONG, "-o", str(folder / output), "--size", "320x200")
            started.append((moment, output, folder, process, time.monotonic()))
        for moment, _, _, process, t0 in sorted(started, key=lambda run: run[0]):
            time.sleep(max(0.0, t0 + moment - time.monotonic()))
            process.send_signal(signal.SIGINT)
        for moment, output, folder, process, _ in started:
            _, stderr = process.communicate(timeout=60)
            left = os.listdir(folder)
            if process.returncode != 130 or stderr != "convviz: interrupted; nothing was written\n" or left:
                failures.append(f"{moment:.2f} s {output}: exit {process.returncode} {stderr!r}, left {left}")
    assert not failures, "\n".join(failures)


def test_ctrl_c_during_a_screenshot_leaves_the_whole_png_or_nothing(tmp_path):
    outcomes = []
    for i, moment in enumerate(0.05 + 0.04 * n for n in range(12)):  # a screenshot takes about 0.4 s
        folder = tmp_path / f"run{i}"
        folder.mkdir()
        process = start("convviz://conv?input=digit3&size=28x28", "--screenshot", str(folder / "a.png"))
        time.sleep(moment)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
        left = os.listdir(folder)
        if process.returncode == 0:  # it was written before the Ctrl+C: whole
            assert left == ["a.png"] and stdout.startswith("wrote ") and our_lines(stderr) == []
            Image.open(folder / "a.png").load()
        else:
            assert (process.returncode, stderr, left) == (
                130,
                "convviz: interrupted; nothing was written\n",
                [],
            )
        outcomes.append(process.returncode)
    assert outcomes.count(130) >= 3, outcomes  # most were still being made


def test_ctrl_c_in_the_window_saves_the_session_and_exits_130(tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    process = start("convviz://conv?kernel=sobel_y", env={"CONVVIZ_CONFIG_DIR": str(config)})
    deadline = time.monotonic() + 60
    while not (config / "window.lock").exists():  # the window's lock: past start-up, about to show
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, our_lines(stderr)) == (130, ["convviz: interrupted; the session was saved"])
    assert "kernel=sobel_y" in (config / "session.json").read_text()


@pytest.mark.parametrize("moment", [0.05, 0.3, 0.8])
def test_ctrl_c_while_the_window_starts_exits_130_with_one_line(tmp_path, moment):
    process = start(env={"CONVVIZ_CONFIG_DIR": str(tmp_path)})
    time.sleep(moment)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert our_lines(stderr) in (
        ["convviz: interrupted; nothing was written"],  # before the window existed
        ["convviz: interrupted; the session was saved"],
    )


def test_ctrl_c_after_the_work_is_done_does_not_kill_the_exit():
    """Python puts back the default SIGINT action while it shuts down; a Ctrl+C then would end the
    process by the signal after it had printed "wrote …" and exited 0."""
    late_ctrl_c = (
        "import os, signal, sys, convviz.cli, convviz.__main__ as entry\n"
        "def done(argv=None):\n"
        "    print('wrote out.gif', flush=True)\n"
        "    return 0\n"
        "convviz.cli.main = done\n"
        "status = entry.main()\n"
        "os.kill(os.getpid(), signal.SIGINT)\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run([sys.executable, "-c", late_ctrl_c], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "wrote out.gif\n", "")


def test_ctrl_c_while_waiting_for_a_running_window_to_answer_exits_at_once(tmp_path):
    from PySide6.QtCore import QLockFile

    holder = QLockFile(str(tmp_path / "window.lock"))  # a window that holds the lock but never answers
    assert holder.tryLock(0)
    try:
        process = start("convviz://conv", env={"CONVVIZ_CONFIG_DIR": str(tmp_path)})
        time.sleep(2)  # it has long been asking the silent window
        interrupted = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        holder.unlock()
    assert time.monotonic() - interrupted < 2  # not after the 10 s the window had to answer
    assert (process.returncode, our_lines(stderr)) == (130, ["convviz: interrupted; nothing was written"])
