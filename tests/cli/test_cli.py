"""The command line as a user types it: a screenshot of a link, an image file, and clear failures."""

import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from convviz.cli import UsageError, grid_for, main, parse_size, scene_for


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "convviz", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_screenshot_of_a_link_writes_a_png_of_the_requested_size(tmp_path):
    out = tmp_path / "shot.png"
    result = run(
        "convviz://conv?input=digit3&size=8x8&kernel=sobel_x&step=6",
        "--screenshot",
        str(out),
        "--size",
        "1024x640",
    )
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.size == (1024, 640)
        pixels = np.asarray(image.convert("RGB"))
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50  # a real picture, not a blank frame


@pytest.mark.parametrize(
    "args, words",
    [
        (["convviz://conv?stride=0"], "stride"),
        (["convviz://conv?bogus=1"], "bogus"),
        (["/no/such/file.png"], "cannot read"),
        (["convviz://conv", "--screenshot", "x.png", "--size", "big"], "--size"),
    ],
)
def test_failures_print_one_line_and_exit_non_zero(tmp_path, args, words):
    result = (
        run(*args, "--screenshot", str(tmp_path / "out.png")) if "--screenshot" not in args else run(*args)
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("convviz: ") and words in lines[0]
    assert not (tmp_path / "out.png").exists()


def test_an_image_file_opens_as_the_input_at_a_sensible_grid(tmp_path):
    path = tmp_path / "photo.png"
    Image.fromarray(np.tile(np.arange(200, dtype=np.uint8), (100, 1))).save(path)
    scene = scene_for(str(path))
    assert scene.page == "conv"
    assert scene.input.startswith("png:")
    assert scene.size == (32, 64)  # the longer side fits 64 cells, the aspect ratio is kept


def test_grid_for_keeps_small_images_and_clamps_tiny_ones():
    assert grid_for((20, 30)) == (20, 30)
    assert grid_for((1, 1000)) == (3, 64)


@pytest.mark.parametrize("text", ["1920", "axb", "10x10", "9000x100"])
def test_bad_sizes_are_refused(text):
    with pytest.raises(UsageError, match="--size"):
        parse_size(text)


def test_a_screenshot_smaller_than_the_page_can_be_is_refused(tmp_path):
    out = tmp_path / "tiny.png"
    result = run("convviz://conv", "--screenshot", str(out), "--size", "300x200")
    assert result.returncode != 0 and "smaller than this page" in result.stderr
    assert not out.exists()


def test_main_returns_2_for_a_bad_link(capsys):
    assert main(["convviz://conv?padding=-1", "--screenshot", "unused.png"]) == 2
    assert "padding" in capsys.readouterr().err
