"""Images into scenes: the png: link form, resampling, and loading whatever file a user picks."""

from __future__ import annotations

import base64
import io
import os
import struct
import time
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from convviz.scene import images
from convviz.scene.images import (
    ImageError,
    check_grid_size,
    decode_png,
    encode_png,
    fit_image,
    fitted_size,
    load_image_file,
    picture_of_rgba,
    quantize,
    resample,
)

PICTURES = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=16),
    elements=st.floats(-0.5, 1.5),
)
DRAWINGS = hnp.arrays(
    np.float32,
    hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=24),
    elements=st.floats(width=32, allow_nan=False, allow_infinity=False),
)


def _png_of(text: str) -> Image.Image:
    payload = text.removeprefix("png:")
    return Image.open(io.BytesIO(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


@settings(max_examples=150, deadline=None)
@given(DRAWINGS)
def test_png_round_trip_is_exact(drawing):
    """What the user paints or types (any float32, beyond 0..1 too) is exactly what a link restores."""
    text = encode_png(drawing)
    assert text.startswith("png:")
    assert "=" not in text and "+" not in text and "/" not in text  # base64url, unpadded
    back = decode_png(text)
    assert back.dtype == np.float32
    np.testing.assert_array_equal(back.view(np.uint32), drawing.view(np.uint32))  # the sign of 0 too


def test_a_painted_point_three_stays_point_three():
    """Today's bug: 0.3 through 8-bit PNG data came back as 0.298 (76/255)."""
    assert decode_png(encode_png(np.full((4, 4), 0.3, np.float32)))[0, 0] == np.float32(0.3)


@settings(max_examples=100, deadline=None)
@given(PICTURES)
def test_8_bit_levels_are_a_plain_grayscale_png(picture):
    """Drawings of k/255 levels keep today's form, an ordinary grayscale PNG, so old links still open
    and any program shows them."""
    levels = quantize(picture)
    text = encode_png(levels)
    with _png_of(text) as png:
        assert png.mode == "L" and images.VALUES_KEY not in png.text
        np.testing.assert_array_equal(np.asarray(png, np.float32) / 255, levels)
    np.testing.assert_array_equal(decode_png(text), levels)


@pytest.mark.parametrize(("count", "mode"), [(200, "L"), (5000, "I;16")])
def test_other_values_are_an_index_png_listing_them(count, mode):
    """Up to 256 distinct values index an 8-bit PNG, up to 65,536 a 16-bit one; the text chunk lists
    the values in ascending order, so the PNG itself previews the drawing."""
    values = np.linspace(-3, 7, count, dtype=np.float32)
    drawing = np.random.default_rng(4).permutation(values).reshape(-1, 40 if count == 200 else 100)
    text = encode_png(drawing)
    with _png_of(text) as png:
        assert png.mode == mode
        listed = np.array(png.text[images.VALUES_KEY].split(","), dtype=np.float64).astype(np.float32)
        np.testing.assert_array_equal(listed, values)
    np.testing.assert_array_equal(decode_png(text), drawing)


def test_more_values_than_an_index_png_holds_are_refused():
    with pytest.raises(ValueError, match="65536"):
        encode_png(np.arange(2**16 + 1, dtype=np.float32).reshape(1, -1) / 7)


def _index_png(indices: np.ndarray, listed: str) -> str:
    info = PngInfo()
    info.add_text(images.VALUES_KEY, listed)
    buffer = io.BytesIO()
    Image.fromarray(indices.astype(np.uint8)).save(buffer, format="PNG", pnginfo=info)
    return "png:" + base64.urlsafe_b64encode(buffer.getvalue()).decode()


@pytest.mark.parametrize(
    ("indices", "listed", "words"),
    [
        (np.array([[0, 3]]), "0.5,1", "uses index 3 but lists 2 values"),
        (np.array([[0, 1]]), "0.5,one", "not numbers"),
        (np.array([[0, 1]]), "0.5,inf", "finite"),
    ],
)
def test_a_bad_value_list_is_an_image_error(indices, listed, words):
    with pytest.raises(ImageError, match=words):
        decode_png(_index_png(indices, listed))


def test_decoding_a_512x512_drawing_is_quick():
    """A drawn 512x512 input is decoded again on every edit of it."""
    drawing = np.round(np.random.default_rng(5).random((512, 512)), 2).astype(np.float32)
    text = encode_png(drawing)
    started = time.perf_counter()
    decode_png(text)
    assert time.perf_counter() - started < 0.2


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


def test_transparent_pixels_load_as_white(tmp_path):
    """Transparent is the paper under a drawing: white, whatever colour it hides, so a dark drawing on
    a transparent background reads as dark-on-light."""
    rgba = np.array([[[0, 0, 0, 0], [255, 255, 255, 255]], [[0, 0, 0, 128], [0, 0, 0, 255]]], dtype=np.uint8)
    image = load_image_file(_save(tmp_path / "rgba.png", rgba))
    np.testing.assert_allclose(image, [[1, 1], [127 / 255, 0]], atol=1 / 255)


def test_transparent_palette_index_loads_as_white(tmp_path):
    """Palette PNGs mark transparency with a tRNS index rather than an alpha channel."""
    picture = Image.fromarray(np.array([[0, 1], [1, 0]], dtype=np.uint8), "P")
    picture.putpalette([0, 0, 0] * 2)  # both entries black; entry 0 is transparent
    picture.save(tmp_path / "palette.png", transparency=0)
    np.testing.assert_array_equal(load_image_file(tmp_path / "palette.png"), [[1, 0], [0, 1]])


def test_a_pasted_rgba_picture_reads_like_its_file(tmp_path):
    """The clipboard and drops go through the same rule as files: one compositing, one luminance."""
    rgba = np.random.default_rng(8).integers(0, 256, (6, 9, 4), dtype=np.uint8)
    from_file = load_image_file(_save(tmp_path / "same.png", rgba))
    np.testing.assert_array_equal(picture_of_rgba(rgba, "the pasted image"), from_file)


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
        (lambda path: path.mkdir(), ["cannot read", "not a regular file"]),  # a folder named like a picture
        (
            lambda path: path.write_bytes(_png_header_only(7000, 7000)),
            ["too large", "7000x7000", "40 megapixels"],
        ),
        (
            lambda path: path.write_bytes(_png_header_only(20000, 20000)),
            ["too large", "400 megapixels"],
        ),  # a bomb
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
    assert message.count("picture.png") == 1  # said once, never nested
    assert "damaged" not in message  # a valid picture that is too large is not damaged
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_png_is_damaged(tmp_path, keep):
    """A download cut short: Pillow reads the header, then the pixel data runs out."""
    levels = np.random.default_rng(6).integers(0, 256, (30, 30), dtype=np.uint8)
    data = _save(tmp_path / "full.png", levels).read_bytes()
    cut = tmp_path / "cut.png"
    cut.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ImageError, match=r"cut\.png is damaged") as caught:
        load_image_file(cut)
    assert str(caught.value).count("damaged") == 1


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
    with pytest.raises(
        ImageError, match=r"wide\.png is too large: 2000x1500 pixels; the limit is 2 megapixels"
    ):
        load_image_file(path)


def test_file_size_limit(tmp_path, monkeypatch):
    """Files over the byte limit are refused before they are read."""
    monkeypatch.setattr(images, "MAX_FILE_BYTES", 2 * 2**20)
    path = tmp_path / "big.png"
    path.write_bytes(b"\0" * (3 * 2**20))
    with pytest.raises(ImageError, match=r"big\.png is too large: 3 MB; the limit is 2 MB"):
        load_image_file(path)


@pytest.mark.parametrize(
    ("text", "words"),
    [("png:a", "base64url"), ("png:", "empty"), ("png:aGVsbG8", "not an image")],
)
def test_bad_png_link_data(text, words):
    """The png: link form fails with ImageError too (the link parser adds the key name)."""
    with pytest.raises(ImageError, match=words):
        decode_png(text)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    """`mkfifo f; convviz f` used to hang for ever on the read."""
    fifo = tmp_path / "f.png"
    os.mkfifo(fifo)
    with pytest.raises(ImageError, match=r"cannot read f\.png: it is not a regular file"):
        load_image_file(fifo)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_refused():
    """/dev/zero would be read until memory runs out."""
    with pytest.raises(ImageError, match="not a regular file"):
        load_image_file("/dev/zero")


def _float_tiff(path, values):
    Image.fromarray(np.asarray(values, dtype=np.float32), "F").save(path)
    return path


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([[0, 500], [1000, np.inf]], [[0, 0.5], [1, 1]]),  # inf: the finite maximum, not a blank image
        ([[-np.inf, 2], [4, 6]], [[0, 0], [0.5, 1]]),
        ([[0.25, np.nan], [0.75, np.inf]], [[0.25, 0], [0.75, 0.75]]),  # in 0..1 already: kept
        ([[np.inf, np.nan], [-np.inf, np.inf]], [[0, 0], [0, 0]]),  # nothing finite
    ],
    ids=["inf", "minus-inf", "nan", "no-finite-value"],
)
def test_a_float_tiff_is_scaled_by_its_finite_values(tmp_path, values, expected):
    image = load_image_file(_float_tiff(tmp_path / "depth.tif", values))
    np.testing.assert_allclose(image, expected, atol=1e-6)


def test_a_long_file_name_is_cut_in_the_message(tmp_path):
    path = tmp_path / ("a" * 200 + ".png")
    path.write_text("not a picture")
    with pytest.raises(ImageError) as caught:
        load_image_file(path)
    assert len(str(caught.value)) < 200 and "characters" in str(caught.value)


@pytest.mark.parametrize(
    ("shape", "longer_side", "fitted"),
    [
        ((480, 640), 28, (21, 28)),
        ((640, 480), 28, (28, 21)),
        ((10, 10), 28, (28, 28)),
        ((1, 1000), 64, (3, 64)),
    ],
)
def test_fitted_size_keeps_the_aspect_ratio(shape, longer_side, fitted):
    assert fitted_size(shape, longer_side) == fitted


def test_fit_image_area_averages_and_stays_8_bit():
    """A loaded picture shrinks by averaging (a fine checkerboard turns grey) to k/255 levels."""
    board = (np.indices((48, 72)).sum(axis=0) % 2).astype(np.float32)
    fitted = fit_image(board, 12)
    assert fitted.shape == (8, 12)
    np.testing.assert_allclose(fitted, 128 / 255, atol=1 / 255)
    np.testing.assert_array_equal(fitted, quantize(fitted))
