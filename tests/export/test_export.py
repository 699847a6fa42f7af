"""Exports of a real scene, read back: one frame per step, in order, looking like the screen."""

import errno
import os
import time

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image, ImageSequence

from convviz.export import Export, ExportError
from convviz.export.gif import GifWriter
from convviz.scene.link import parse_link
from convviz.ui.theme import THEMES

from .conftest import SIZE


def run(job):
    for _ in job.run():
        pass
    job.close()


def read_back(kind, target):
    """Every frame of an export as RGB arrays."""
    if kind == "png":
        return [np.asarray(Image.open(path).convert("RGB")) for path in sorted(target.iterdir())]
    if kind == "gif":
        with Image.open(target) as gif:
            return [np.asarray(frame.convert("RGB")) for frame in ImageSequence.Iterator(gif)]
    reader = imageio_ffmpeg.read_frames(str(target))
    width, height = next(reader)["size"]
    return [np.frombuffer(data, np.uint8).reshape(height, width, 3) for data in reader]


@pytest.mark.parametrize(
    "kind, name, tolerance", [("png", "frames/", 0), ("gif", "a.gif", 0.5), ("mp4", "a.mp4", 3)]
)
def test_each_format_holds_one_frame_per_step_ending_on_the_last_step(
    tmp_path, scene, direct_render, kind, name, tolerance
):
    job = Export(scene, f"{tmp_path}/{name}", size=SIZE)  # a str: a Path drops the folder's "/"
    assert job.frame_count == 9
    run(job)
    frames = read_back(kind, tmp_path / name.rstrip("/"))
    assert len(frames) == 9 and frames[0].shape == (200, 320, 3)
    for before, after in zip(frames, frames[1:]):
        assert np.abs(before.astype(int) - after.astype(int)).max() > 50  # the window moved
    error = np.abs(frames[-1].astype(int) - direct_render(scene, 8).astype(int))
    assert error.mean() <= tolerance  # PNG exactly; GIF's palette and MP4's compression nearly
    assert sorted(os.listdir(tmp_path)) == [name.rstrip("/")]  # no temporary files left


def test_a_step_range_exports_those_steps_as_the_player_numbers_them(tmp_path, scene, direct_render):
    job = Export(scene, f"{tmp_path}/f/", size=SIZE, steps=(2, 5))  # steps 2 to 5: indices 1 to 4
    run(job)
    assert sorted(os.listdir(tmp_path / "f")) == ["0002.png", "0003.png", "0004.png", "0005.png"]
    frames = read_back("png", tmp_path / "f")
    assert np.array_equal(frames[0], direct_render(scene, 1))
    assert np.array_equal(frames[-1], direct_render(scene, 4))
    assert job.summary(0.1).startswith(f"wrote {tmp_path / 'f'}/ (0002.png to 0005.png): 4 frames")


@pytest.mark.parametrize(
    "steps, indices",
    [((None, None), range(9)), ((-3, None), range(6, 9)), ((None, -9), range(1)), ((9, 9), range(8, 9))],
)
def test_step_ranges_include_both_ends_and_count_negatives_from_the_last(tmp_path, scene, steps, indices):
    job = Export(scene, tmp_path / "a.gif", size=SIZE, steps=steps)
    assert job.steps == indices
    job.close()


@pytest.mark.parametrize("size", [(64, 64), (300, 64), (64, 300), (8192, 64), (64, 8192), (154, 172)])
@pytest.mark.parametrize("kind, name", [("png", "f/"), ("gif", "a.gif"), ("mp4", "a.mp4")])
def test_every_size_in_the_range_renders_at_exactly_that_size(tmp_path, scene, size, kind, name):
    """Below the size the view can be laid out at, the view is drawn at that shape, larger, and scaled."""
    run(Export(scene, f"{tmp_path}/{name}", size=size, steps=(1, 2)))
    frames = read_back(kind, tmp_path / name.rstrip("/"))
    assert len(frames) == 2 and frames[0].shape == (size[1], size[0], 3)
    assert np.abs(frames[0].astype(int) - frames[1].astype(int)).max() > 50  # drawn, and the window moved


def test_a_tiny_still_is_the_whole_view_scaled_down(tmp_path, scene, direct_render):
    job = Export(scene, tmp_path / "tiny.png", size=(64, 64))
    for _ in job.run():
        pass
    laid_out = job.source.view.size()
    job.close()
    assert laid_out.width() == laid_out.height() > 64  # the view's smallest square
    with Image.open(tmp_path / "tiny.png") as image:
        tiny = np.asarray(image.convert("RGB")).astype(int)
    whole = direct_render(scene, 0, size=(laid_out.width(), laid_out.height()))
    expected = np.asarray(Image.fromarray(whole).resize((64, 64), Image.BILINEAR)).astype(int)
    assert np.abs(tiny - expected).mean() < 6  # the same picture, not a corner of it


def test_temporary_outputs_left_by_an_earlier_killed_export_are_removed(tmp_path, scene):
    stale = [tmp_path / ".a.gif.0123abcd.partial.gif", tmp_path / ".a.gif.89abcdef.partial"]
    stale[0].write_bytes(b"half a gif")
    stale[1].mkdir()
    (stale[1] / "0001.png").write_bytes(b"a frame")
    kept = [tmp_path / ".a.gif.notours.partial.gif", tmp_path / ".b.gif.0123abcd.partial.gif", tmp_path / "x"]
    for path in kept:
        path.write_bytes(b"someone else's")
    for path in stale + kept:
        os.utime(path, (time.time() - 3600, time.time() - 3600))  # from an hour ago
    fresh = tmp_path / ".a.gif.fedcba98.partial.gif"  # another export of this run, still writing
    fresh.write_bytes(b"being written")
    run(Export(scene, tmp_path / "a.gif", size=SIZE))
    assert sorted(os.listdir(tmp_path)) == sorted(path.name for path in [tmp_path / "a.gif", fresh, *kept])


def test_a_still_is_the_scenes_current_step(tmp_path, scene, direct_render):
    job = Export(scene.replace(step=4), tmp_path / "still.png", size=SIZE)
    run(job)
    assert (
        job.summary(0.1) == f"wrote {tmp_path / 'still.png'}: step 5 of 9, 320x200, in 0.1 s"
    )  # as the player counts
    assert np.array_equal(np.asarray(Image.open(tmp_path / "still.png")), direct_render(scene, 4))


def test_the_theme_colours_the_frames(tmp_path, scene):
    run(Export(scene, tmp_path / "dark.png", size=SIZE, theme=THEMES["high-contrast"]))
    assert tuple(np.asarray(Image.open(tmp_path / "dark.png"))[2, 2]) == (0, 0, 0)  # a black background


def test_cancelling_after_three_frames_leaves_nothing(tmp_path, scene):
    job = Export(scene, tmp_path / "a.gif", size=SIZE)
    frames = job.run()
    for _ in range(3):
        next(frames)
    assert len(os.listdir(tmp_path)) == 1  # the temporary file, being written
    frames.close()
    job.close()
    assert os.listdir(tmp_path) == []


def test_a_failed_export_leaves_an_existing_target_unchanged(tmp_path, scene, monkeypatch):
    target = tmp_path / "a.gif"
    target.write_bytes(b"a good earlier export")

    def full_disk(self, rgb):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(GifWriter, "grab_frame", full_disk)
    job = Export(scene, target, size=SIZE)
    with pytest.raises(ExportError, match="disk full"):
        run(job)
    job.close()
    assert target.read_bytes() == b"a good earlier export"
    assert os.listdir(tmp_path) == ["a.gif"]


@pytest.mark.parametrize(
    "link, options, words",
    [
        ("convviz://start", {}, "start page has no animation"),
        ("convviz://conv?input=0,1,0;1,1,0;0,1,1&kernel=box&dilation=2", {}, "No output"),
        (
            "convviz://conv?input=0,1,0;1,1,0;0,1,1",
            {"steps": (5, 5)},
            "no step 5: this animation has steps 1 to",
        ),
        ("convviz://conv", {"steps": (0, 5)}, "no step 0: steps count from 1"),
        ("convviz://conv", {"steps": (-2, -3)}, "the step range -2:-3 is empty"),
        ("convviz://conv", {"size": (32, 32)}, "size must be from 64x64"),
        ("convviz://conv", {"fps": 0}, "fps must be from"),
        ("convviz://conv", {"fps": float("nan")}, "fps must be from"),
    ],
)
def test_impossible_requests_fail_before_anything_is_written(tmp_path, link, options, words):
    with pytest.raises(ExportError, match=words):
        Export(parse_link(link), tmp_path / "a.gif", **options)
    assert os.listdir(tmp_path) == []


def test_a_path_under_a_regular_file_fails_cleanly(tmp_path, scene):
    (tmp_path / "file.txt").write_text("")  # not a folder, even for root
    with pytest.raises(ExportError, match="file.txt is not a folder"):
        Export(scene, tmp_path / "file.txt" / "out.gif")
