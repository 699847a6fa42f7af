"""`convviz export` as a user types it: a summary on success, one line and no output on failure."""

import io
import os
import re
import subprocess
import sys

import pytest

from convviz.cli import ProgressBar, UsageError, parse_steps

from .conftest import LINK


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "convviz", "export", *args], capture_output=True, text=True, timeout=120
    )


def test_a_gif_export_prints_one_summary_line_and_nothing_else(tmp_path):
    out = tmp_path / "a.gif"
    result = run(LINK, "-o", str(out), "--size", "320x200", "--fps", "4")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress bar off a terminal, no Qt chatter
    assert re.fullmatch(
        rf"wrote {re.escape(str(out))}: 9 frames, 320x200, 4 fps, 2\.2 s long, in \S+ s\n", result.stdout
    )
    assert out.stat().st_size > 0


def test_steps_choose_the_frames(tmp_path):
    result = run(LINK, "-o", f"{tmp_path}/frames/%02d.png", "--size", "320x200", "--steps", "2:5")
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(tmp_path / "frames")) == ["00.png", "01.png", "02.png"]


@pytest.mark.parametrize(
    "args, words",
    [
        ([LINK, "--fps", "fast"], "--fps must be a number"),
        ([LINK, "--fps", "0"], "fps must be from 0.1 to 60"),
        (["convviz://conv?kernel=nope"], "bad link"),
        ([LINK, "--steps", "9:"], "step range 9: is empty"),
    ],
)
def test_failures_print_one_line_and_write_nothing(tmp_path, args, words):
    result = run(*args, "-o", str(tmp_path / "a.gif"))
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("convviz: ") and words in lines[0], result.stderr
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    "text, steps", [("2:5", (2, 5)), (":5", (None, 5)), ("-3:", (-3, None)), (":", (None, None))]
)
def test_step_ranges_read_like_python_slices(text, steps):
    assert parse_steps(text) == steps


@pytest.mark.parametrize("text", ["5", "a:b", "1:2:3"])
def test_bad_step_ranges_are_refused(text):
    with pytest.raises(UsageError, match="--steps"):
        parse_steps(text)


def test_the_progress_bar_rewrites_one_line_and_clears_it():
    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar.show(3, 9)
    bar.show(9, 9)
    full = f"[{'#' * 30}] 9/9 frames"
    assert stream.getvalue().split("\r")[1:] == ["[##########....................] 3/9 frames", full]
    bar.clear()
    assert stream.getvalue().endswith("\r" + " " * len(full) + "\r")
