"""Writers and `saving()` on synthetic frames: formats read back, atomic publishing, clean failures."""

import errno
import os
import sys

import numpy as np
import pytest
from PIL import Image, ImageSequence

from convviz.export import ExportError, MissingPackage, saving, target_for, writers
from convviz.export.gif import build_palette
from convviz.export.png import PngSequenceWriter


def frames(count, size=(96, 64)):
    """A white frame with a black square moving right: each frame differs from the one before."""
    width, height = size
    for n in range(count):
        frame = np.full((height, width, 3), 255, np.uint8)
        frame[10:30, 5 * n : 5 * n + 20] = (0, 0, 0)
        frame[40:50, 0:width] = (30, 120, 200)
        yield frame


def write(kind, target, count=5, size=(96, 64), fps=8, writer=None):
    with saving(writer or writers[kind](), target, size, fps) as out:
        for frame in frames(count, size):
            out.grab_frame(frame)


def test_the_registry_knows_every_format():
    assert set(writers) == {"png", "gif", "mp4", "still", "svg", "pdf"}
    with pytest.raises(ExportError, match="unknown format 'webm'"):
        writers["webm"]


def test_a_missing_package_is_named_with_its_pip_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # import now raises ImportError
    with pytest.raises(MissingPackage, match="pip install imageio-ffmpeg"):
        writers["mp4"]
    assert writers.missing("mp4") == "imageio-ffmpeg" and writers.missing("gif") is None


def test_gif_loops_forever_keeps_every_frame_and_its_colours_exactly(tmp_path):
    target = tmp_path / "out.gif"
    write("gif", target, count=6, fps=8)
    expected = list(frames(6))
    with Image.open(target) as gif:
        assert gif.n_frames == 6 and gif.info["loop"] == 0
        durations = []
        for n, frame in enumerate(ImageSequence.Iterator(gif)):
            durations.append(frame.info["duration"])
            assert np.array_equal(np.asarray(frame.convert("RGB")), expected[n])  # few colours: exact
    assert set(durations) == {120, 130} and sum(durations) == 750  # 8 fps on a 1/100 s clock, no drift


def test_an_unchanged_frame_is_still_a_frame(tmp_path):
    target = tmp_path / "still.gif"
    same = next(frames(1))
    with saving(writers["gif"](), target, (96, 64), 4) as out:
        for _ in range(3):
            out.grab_frame(same)
    with Image.open(target) as gif:
        assert gif.n_frames == 3


def test_the_gif_palette_keeps_frequent_colours_exact_and_fits_the_rest():
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)  # thousands of colours
    frame = np.full((128, 128, 3), 255, np.uint8)
    frame[:64, :64] = noise
    palette = build_palette([frame])
    assert palette.shape == (255, 3) and (palette == 255).all(axis=1).any()  # white exactly


def test_gif_refuses_more_than_50_fps():
    with pytest.raises(ExportError, match="at most 50 fps"):
        writers["gif"].check((96, 64), 60)


def test_mp4_refuses_odd_sizes_and_says_what_would_work():
    with pytest.raises(ExportError, match="even width and height; got 321x200, try 322x200"):
        writers["mp4"].check((321, 200), 8)


def test_mp4_plays_back_with_every_frame(tmp_path):
    import imageio_ffmpeg

    target = tmp_path / "out.mp4"
    write("mp4", target, count=7)
    reader = imageio_ffmpeg.read_frames(str(target))
    meta = next(reader)
    assert tuple(meta["size"]) == (96, 64)
    assert sum(1 for _ in reader) == 7


def test_an_mp4_ffmpeg_rejects_fails_instead_of_being_published(tmp_path):
    target = tmp_path / "out.mp4"
    with pytest.raises(OSError, match="ffmpeg"), saving(writers["mp4"](), target, (96, 64), 8) as out:
        out.grab_frame(np.zeros((10, 10, 3), np.uint8))  # not even one whole frame: ffmpeg fails
    assert os.listdir(tmp_path) == []


def test_png_sequence_files_are_numbered_in_order(tmp_path):
    folder = tmp_path / "frames"
    write("png", folder, count=4, writer=PngSequenceWriter("f%03d.png"))
    assert os.listdir(tmp_path) == ["frames"]
    names = sorted(os.listdir(folder))
    assert names == ["f001.png", "f002.png", "f003.png", "f004.png"]  # from 1, as the player counts
    expected = list(frames(4))
    for n, name in enumerate(names):
        assert np.array_equal(np.asarray(Image.open(folder / name)), expected[n])


def test_a_shorter_sequence_replaces_a_longer_one_and_nothing_else(tmp_path):
    folder = tmp_path / "frames"
    write("png", folder, count=6)
    (folder / "notes.txt").write_text("mine")
    write("png", folder, count=2)
    assert sorted(os.listdir(folder)) == ["0001.png", "0002.png", "notes.txt"]
    assert os.listdir(tmp_path) == ["frames"]


@pytest.mark.parametrize("kind, name", [("gif", "out.gif"), ("mp4", "out.mp4"), ("png", "frames")])
@pytest.mark.parametrize("interruption", [RuntimeError("boom"), KeyboardInterrupt()])
def test_a_failure_mid_export_leaves_the_old_target_and_no_temporary_files(
    tmp_path, kind, name, interruption
):
    target = tmp_path / name
    write(kind, target, count=2)  # a good earlier export
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(type(interruption)), saving(writers[kind](), target, (96, 64), 8) as out:
        for n, frame in enumerate(frames(6)):
            if n == 3:
                raise interruption
            out.grab_frame(frame)
    after = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before


def test_a_full_disk_is_reported_plainly(tmp_path):
    from convviz.export.errors import write_failure

    assert str(write_failure(OSError(errno.ENOSPC, "No space left"), tmp_path / "a.gif")).startswith(
        "disk full while writing"
    )
    assert "Permission denied" in str(
        write_failure(PermissionError(errno.EACCES, "Permission denied"), tmp_path)
    )


@pytest.mark.parametrize(
    "text, kind, where, pattern",
    [
        ("out.gif", "gif", "out.gif", None),
        ("OUT.MP4", "mp4", "OUT.MP4", None),
        ("figure.png", "still", "figure.png", None),
        ("figure.svg", "svg", "figure.svg", None),
        ("Figure.PDF", "pdf", "Figure.PDF", None),
        ("frames/", "png", "frames", None),
        ("frames", "png", "frames", None),  # no extension: a folder
        ("clip.gif/", "png", "clip.gif", None),  # the existing folder clip.gif, asked for as one
        ("frames/%04d.png", "png", "frames", "%04d.png"),
        ("frames/shot-%d.png", "png", "frames", "shot-%d.png"),
    ],
)
def test_the_output_path_names_the_format(tmp_path, monkeypatch, text, kind, where, pattern):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clip.gif").mkdir()
    target = target_for(text)
    assert (target.kind, str(target.path), target.pattern) == (kind, where, pattern)


def test_an_existing_folder_is_a_png_sequence(tmp_path):
    assert target_for(str(tmp_path)).kind == "png"


@pytest.mark.parametrize(
    "text, words",
    [
        ("out.txt", ".txt is not a format convviz writes; formats: .gif, .mp4"),
        ("out.webm", "WebM is not supported; formats: .gif, .mp4"),
        ("clip.gif", "clip.gif is a folder, not a GIF"),
        ("", "no output path"),
        ("frames/%d%d.png", "one %d"),
        ("frames/%04d.jpg", "one %d"),
        ("f%d/x.png", "only the file name"),
        ("missing/out.gif", "does not exist"),
        ("file.txt/out.gif", "is not a folder"),
    ],
)
def test_bad_output_paths_are_refused_before_anything_is_written(tmp_path, monkeypatch, text, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file.txt").write_text("")
    (tmp_path / "clip.gif").mkdir()
    with pytest.raises(ExportError, match=words):
        target_for(text)
