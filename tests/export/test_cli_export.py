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


def test_steps_choose_the_frames_named_by_the_step_they_show(tmp_path):
    result = run(LINK, "-o", f"{tmp_path}/frames/%02d.png", "--size", "320x200", "--steps", "2:5")
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(tmp_path / "frames")) == ["02.png", "03.png", "04.png", "05.png"]
    assert "(02.png to 05.png): 4 frames" in result.stdout


def test_all_steps_are_numbered_from_1_as_the_player_shows_them(tmp_path):
    result = run(LINK, "-o", str(tmp_path / "frames"), "--size", "320x200")  # no extension: a folder
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(tmp_path / "frames")) == [f"{n:04d}.png" for n in range(1, 10)]


@pytest.mark.parametrize("value", ["-1:", "-3:-2"])
def test_a_negative_first_step_needs_no_equals_sign(tmp_path, value):
    result = run(LINK, "-o", f"{tmp_path}/frames/", "--size", "320x200", "--steps", value)
    assert result.returncode == 0, result.stderr
    expected = {"-1:": ["0009.png"], "-3:-2": ["0007.png", "0008.png"]}[value]
    assert sorted(os.listdir(tmp_path / "frames")) == expected
    said = {"-1:": "(0009.png): 1 frame,", "-3:-2": "(0007.png to 0008.png): 2 frames,"}[value]
    assert said in result.stdout


@pytest.mark.parametrize(
    "args, words",
    [
        ([LINK, "--fps", "fast"], "--fps must be a number"),
        ([LINK, "--fps", "0"], "fps must be from 0.1 to 60"),
        (["convviz://conv?kernel=nope"], "bad link"),
        ([LINK, "--steps", "10:"], "there is no step 10: this animation has steps 1 to 9"),
        ([LINK, "--steps", "0:3"], "there is no step 0: steps count from 1"),
        ([LINK, "--steps", "5:3"], "the step range 5:3 is empty"),
        ([LINK, "--steps", "x" * 5000], "(5,000 characters)"),
        ([LINK, "--size", "1x" + "9" * 5000], "(5,002 characters)"),
        (["convviz://conv?kernel=" + "x" * 50_000], "bad link"),
    ],
)
def test_failures_print_one_line_and_write_nothing(tmp_path, args, words):
    result = run(*args, "-o", str(tmp_path / "a.gif"))
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("convviz: ") and words in lines[0], result.stderr
    assert len(lines[0]) < 300  # echoed values are cut to a readable length
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    "output, words",
    [
        ("out.webm", "WebM is not supported; formats: .gif, .mp4, .png, .svg or .pdf (a still), or a folder"),
        ("out.jpg", ".jpg is not a format convviz writes; formats: .gif, .mp4"),
        ("clip.gif", "clip.gif is a folder, not a GIF: to write PNG frames into it, end the path with /"),
    ],
)
def test_outputs_convviz_cannot_write_say_why_and_what_it_can(tmp_path, output, words):
    (tmp_path / "clip.gif").mkdir()
    result = run(LINK, "-o", str(tmp_path / output), "--size", "320x200")
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and words in result.stderr, result.stderr
    assert os.listdir(tmp_path) == ["clip.gif"] and os.listdir(tmp_path / "clip.gif") == []


@pytest.mark.parametrize(
    "text, steps", [("301:400", (301, 400)), (":5", (None, 5)), ("-10:", (-10, None)), (":", (None, None))]
)
def test_step_ranges_read_as_first_and_last(text, steps):
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
