"""Images into scenes: the png: link form, resampling, and loading whatever file a user picks."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image

from convviz.scene import images
from convviz.scene.images import (
    ImageError,
    check_grid_size,
    decode_png,
    encode_png,
    load_image_file,
    quantize,
    resample,
)

PICTURES = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=16),
    elements=st.floats(-0.5, 1.5),  # out-of-range values are clipped, not wrapped
)


@settings(max_examples=100, deadline=None)
@given(PICTURES)
def test_png_round_trip_is_quantize(picture):
    """What the screen shows (quantized) is exactly what a link restores."""
    text = encode_png(picture)
    assert text.startswith("png:")
    assert "=" not in text and "+" not in text and "/" not in text  # base64url, unpadded
    back = decode_png(text)
    assert back.dtype == np.float32
    np.testing.assert_array_equal(back, quantize(picture))


@settings(max_examples=100, deadline=None)
@given(PICTURES)
def test_quantize_is_idempotent_on_8_bit_levels(picture):
    """Quantizing twice changes nothing, and every value is one of the 256 levels of a PNG."""
    once = quantize(picture)
    assert once.dtype == np.float32
    np.testing.assert_array_equal(quantize(once), once)
    levels = once.astype(np.float64) * 255
    np.testing.assert_allclose(levels, np.round(levels), atol=1e-4)
    assert once.min() >= 0 and once.max() <= 1


@pytest.mark.parametrize(
    ("shape", "size", "tolerance"),
    [((40, 60), (10, 15), 1e-5), ((37, 53), (10, 11), 0.01), ((100, 100), (28, 28), 0.01)],
)
def test_shrinking_keeps_the_mean(shape, size, tolerance):
    """Area-averaging: a shrunk picture is as bright overall as the original."""
    picture = np.random.default_rng(3).random(shape).astype(np.float32)
    small = resample(picture, size)
    assert small.shape == size and small.dtype == np.float32
    assert abs(small.mean() - picture.mean()) < tolerance


@settings(max_examples=50, deadline=None)
@given(
    hnp.arrays(
        np.float32, st.tuples(st.integers(2, 8), st.integers(2, 8)), elements=st.floats(0, 1, width=32)
    ),
    st.integers(9, 40),
    st.integers(9, 40),
)
def test_enlarging_keeps_the_range(picture, height, width):
    """Bilinear enlarging invents no values brighter or darker than the original's."""
    big = resample(picture, (height, width))
    assert big.shape == (height, width) and big.dtype == np.float32
    assert big.min() >= picture.min() - 1e-6
    assert big.max() <= picture.max() + 1e-6


def test_resample_to_the_same_size_changes_nothing():
    picture = np.random.default_rng(4).random((5, 7))
    np.testing.assert_array_equal(resample(picture, (5, 7)), picture.astype(np.float32))


@pytest.mark.parametrize("size", [(3, 3), (512, 512), (3, 512), (100, 7)])
def test_check_grid_size_accepts(size):
    assert check_grid_size(size) == size


@pytest.mark.parametrize(("size", "axis"), [((2, 10), "height"), ((10, 2), "width"), ((513, 10), "height")])
def test_check_grid_size_refuses(size, axis):
    """Grids from 3 to 512 cells a side: the message names the axis and the limits."""
    with pytest.raises(ValueError, match=rf"grid {axis} must be from 3 to 512 cells"):
        check_grid_size(size)


# ---------------------------------------------------------------------------------------------------
# loading files


def _save(path, array, **options):
    Image.fromarray(array).save(path, **options)
    return path


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny 1-bit PNG whose header claims a huge picture (the pixel data is never reached)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    )


def test_load_a_grayscale_png(tmp_path):
    """8-bit gray levels come back as level / 255, same shape (rows x columns)."""
    levels = np.random.default_rng(5).integers(0, 256, (13, 21), dtype=np.uint8)
    image = load_image_file(_save(tmp_path / "gray.png", levels))
    assert image.dtype == np.float32 and image.shape == (13, 21)
    np.testing.assert_array_equal(image, levels.astype(np.float32) / 255)


def test_load_a_colour_jpeg(tmp_path):
    """A colour photo becomes its luminance (lossy, so compared loosely)."""
    ramp = np.tile(np.linspace(0, 255, 32), (24, 1)).astype(np.uint8)
    rgb = np.stack([ramp, ramp, ramp], axis=-1)
    rgb[:4, :4] = (255, 0, 0)  # a red corner: luminance about 0.3, not 1 or 0
    image = load_image_file(_save(tmp_path / "photo.jpg", rgb, quality=95))
    assert image.shape == (24, 32) and image.dtype == np.float32
    assert np.abs(image[8:, 8:] - ramp[8:, 8:] / 255).mean() < 0.02
    assert 0.2 < image[1, 1] < 0.4


def test_transparent_pixels_load_as_black(tmp_path):
    """Transparent means 'nothing drawn': black, like an empty canvas, whatever colour it hides."""
    rgba = np.array(
        [[[255, 255, 255, 0], [255, 255, 255, 255]], [[255, 255, 255, 128], [0, 0, 0, 255]]], dtype=np.uint8
    )
    image = load_image_file(_save(tmp_path / "rgba.png", rgba))
    np.testing.assert_allclose(image, [[0, 1], [128 / 255, 0]], atol=1 / 255)


def test_transparent_palette_index_loads_as_black(tmp_path):
    """Palette PNGs mark transparency with a tRNS index rather than an alpha channel."""
    picture = Image.fromarray(np.array([[0, 1], [1, 0]], dtype=np.uint8), "P")
    picture.putpalette([255, 255, 255] * 2)  # both entries white; entry 0 is transparent
    picture.save(tmp_path / "palette.png", transparency=0)
    np.testing.assert_array_equal(load_image_file(tmp_path / "palette.png"), [[0, 1], [1, 0]])


def test_load_a_16_bit_png(tmp_path):
    """A full-range 16-bit ramp maps its 65536 levels onto [0, 1]."""
    ramp = np.linspace(0, 65535, 20).astype(np.uint16).reshape(4, 5)
    image = load_image_file(_save(tmp_path / "deep.png", ramp))
    assert image.dtype == np.float32 and image.shape == (4, 5)
    np.testing.assert_allclose(image, ramp / 65535, atol=1e-4)


@pytest.mark.parametrize(
    "levels",
    [np.full((4, 4), 32896, np.uint16), np.linspace(32768, 65535, 16).astype(np.uint16).reshape(4, 4)],
    ids=["flat-gray", "bright-half"],
)
def test_16_bit_png_keeps_its_brightness(tmp_path, levels):
    """A 16-bit picture loads like its 8-bit twin: 32896/65535 is mid gray, not black."""
    image = load_image_file(_save(tmp_path / "deep.png", levels))
    np.testing.assert_allclose(image, levels / 65535, atol=1e-4)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda path: path.write_bytes(b""), ["empty"]),
        (lambda path: path.write_text("this is a shopping list, not a picture\n"), ["not an image"]),
        (lambda path: None, ["cannot read"]),  # missing file
        (lambda path: path.mkdir(), ["cannot read"]),  # a folder named like a picture
        (lambda path: path.write_bytes(_png_header_only(7000, 7000)), ["7000x7000", "40 megapixels"]),
        (lambda path: path.write_bytes(_png_header_only(20000, 20000)), ["too large"]),  # a bomb
    ],
    ids=["empty", "text", "missing", "folder", "49-megapixels", "400-megapixels"],
)
def test_unloadable_files_raise_image_error(tmp_path, make, words):
    """Each failure is an ImageError whose message names the file and says why, for the user."""
    path = tmp_path / "picture.png"
    make(path)
    with pytest.raises(ImageError) as caught:
        load_image_file(path)
    message = str(caught.value)
    assert "picture.png" in message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_png_is_damaged(tmp_path, keep):
    """A download cut short: Pillow reads the header, then the pixel data runs out."""
    levels = np.random.default_rng(6).integers(0, 256, (30, 30), dtype=np.uint8)
    data = _save(tmp_path / "full.png", levels).read_bytes()
    cut = tmp_path / "cut.png"
    cut.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ImageError, match=r"cut\.png is damaged"):
        load_image_file(cut)


@pytest.mark.parametrize(("suffix", "keep"), [("png", 20), ("jpg", 100), ("jpg", 0.5)])
def test_file_cut_inside_its_header_is_damaged(tmp_path, suffix, keep):
    """However short the cut, the user gets an ImageError, not a crash."""
    rgb = np.random.default_rng(7).integers(0, 256, (30, 30, 3), dtype=np.uint8)
    data = _save(tmp_path / f"full.{suffix}", rgb).read_bytes()
    cut = tmp_path / f"cut.{suffix}"
    cut.write_bytes(data[: keep if isinstance(keep, int) else int(len(data) * keep)])
    with pytest.raises(ImageError, match="cut"):
        load_image_file(cut)


def test_pixel_limit_is_checked_before_decoding(tmp_path, monkeypatch):
    """An ordinary file over the pixel limit is refused with its size and the limit."""
    monkeypatch.setattr(images, "MAX_PIXELS", 2_000_000)
    path = tmp_path / "wide.png"
    path.write_bytes(_png_header_only(2000, 1500))
    with pytest.raises(ImageError, match=r"wide\.png is 2000x1500 pixels; the limit is 2 megapixels"):
        load_image_file(path)


def test_file_size_limit(tmp_path, monkeypatch):
    """Files over the byte limit are refused before they are read."""
    monkeypatch.setattr(images, "MAX_FILE_BYTES", 2 * 2**20)
    path = tmp_path / "big.png"
    path.write_bytes(b"\0" * (3 * 2**20))
    with pytest.raises(ImageError, match=r"big\.png is 3 MB; the limit is 2 MB"):
        load_image_file(path)


@pytest.mark.parametrize(
    ("text", "words"),
    [("png:a", "base64url"), ("png:", "empty"), ("png:aGVsbG8", "not an image")],
)
def test_bad_png_link_data(text, words):
    """The png: link form fails with ImageError too (the link parser adds the key name)."""
    with pytest.raises(ImageError, match=words):
        decode_png(text)
