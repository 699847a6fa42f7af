"""`convviz FILE` with files that are not pictures to read: refused at once with one line, never a hang."""

import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from convviz.cli import scene_for
from convviz.scene.model import input_image


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "convviz", *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_instead_of_waiting_for_ever(tmp_path):
    """`mkfifo f; convviz f` used to hang on the read (the timeout above would fail the test)."""
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    result = run(str(fifo), "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert (
        result.stderr.strip() == "convviz: cannot read f: it is not a regular file (a folder, pipe or device)"
    )


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_is_refused_instead_of_filling_memory(tmp_path):
    result = run("/dev/zero", "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == 2 and "not a regular file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_opened_image_keeps_its_aspect_ratio_and_transparency_is_white(tmp_path):
    rgba = np.zeros((100, 200, 4), np.uint8)
    rgba[40:60, :, 3] = 255  # a black bar on a transparent background
    path = tmp_path / "bar.png"
    Image.fromarray(rgba, "RGBA").save(path)
    scene = scene_for(str(path))
    assert scene.size == (32, 64)
    image = input_image(scene.input, scene.size)
    assert image[0, 0] == 1 and image[16, 0] == 0
