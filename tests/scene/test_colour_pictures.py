"""Colour pictures for the Network page: a loaded colour file or pasted RGBA read as (3, H, W), a gray
one (every pixel red = green = blue) as the 2-D grayscale every page reads, fitted channel by channel
like grayscale pictures, and written as an RGB png: that reads back bit for bit."""

import numpy as np
import pytest
from PIL import Image

from convviz.scene.images import (
    ImageError,
    decode_png,
    decode_png_channels,
    encode_colour_png,
    fit_image,
    load_image_file,
    picture_of_rgba,
)
from convviz.scene.network_inputs import input_channels, with_colour_input
from convviz.scene.scenes import ConvScene, NetworkScene


def _colours(height: int, width: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)


def test_a_colour_file_loads_as_three_channels_only_when_asked(tmp_path):
    rgb = _colours(5, 7)
    path = tmp_path / "colour.png"
    Image.fromarray(rgb, "RGB").save(path)
    channels = load_image_file(path, colour=True)
    assert channels.shape == (3, 5, 7) and channels.dtype == np.float32
    np.testing.assert_array_equal(channels, np.moveaxis(rgb, -1, 0) / np.float32(255))
    gray = load_image_file(path)  # every other page: one luminance channel, as before
    np.testing.assert_array_equal(gray, np.asarray(Image.fromarray(rgb).convert("L"), np.float32) / 255)


def test_transparent_pixels_are_white_paper_in_colour_too(tmp_path):
    rgba = np.zeros((2, 2, 4), np.uint8)
    rgba[0, 0] = (255, 0, 0, 255)  # one opaque red pixel, the rest transparent
    Image.fromarray(rgba, "RGBA").save(tmp_path / "red.png")
    channels = load_image_file(tmp_path / "red.png", colour=True)
    np.testing.assert_array_equal(channels[:, 0, 0], [1, 0, 0])
    np.testing.assert_array_equal(channels[:, 1, 1], [1, 1, 1])
    np.testing.assert_array_equal(picture_of_rgba(rgba, "the pasted image", colour=True), channels)


@pytest.mark.parametrize("mode", ["L", "RGB", "P"])
def test_a_gray_picture_stays_one_channel_equal_to_the_grayscale_read(tmp_path, mode):
    levels = np.arange(0, 240, 10, dtype=np.uint8).reshape(4, 6)
    path = tmp_path / f"gray-{mode}.png"
    Image.fromarray(levels, "L").convert(mode).save(path)
    image = load_image_file(path, colour=True)
    assert image.shape == (4, 6)
    np.testing.assert_array_equal(image, load_image_file(path))


def test_the_colour_reader_keeps_the_size_limits(tmp_path, monkeypatch):
    from convviz.scene import images

    Image.fromarray(_colours(20, 20), "RGB").save(tmp_path / "big.png")
    monkeypatch.setattr(images, "MAX_PIXELS", 100)
    with pytest.raises(ImageError, match="big.png is too large: 20x20 pixels"):
        load_image_file(tmp_path / "big.png", colour=True)
    (tmp_path / "cut.png").write_bytes((tmp_path / "big.png").read_bytes()[:60])
    monkeypatch.setattr(images, "MAX_PIXELS", 40_000_000)
    with pytest.raises(ImageError, match="cut.png is damaged"):
        load_image_file(tmp_path / "cut.png", colour=True)


def test_a_colour_picture_is_fitted_channel_by_channel_to_8_bit_levels():
    blocks = _colours(4, 6, seed=1)
    picture = np.repeat(np.repeat(blocks, 3, axis=0), 3, axis=1)  # 12x18, each 3x3 block one colour
    fitted = fit_image(np.moveaxis(picture, -1, 0) / np.float32(255), 6)
    assert fitted.shape == (3, 4, 6)  # the longer side takes 6 cells, the shape kept
    np.testing.assert_array_equal(fitted, np.moveaxis(blocks, -1, 0) / np.float32(255))


def test_the_colour_png_form_reads_back_bit_for_bit_and_stays_a_colour_input():
    channels = np.moveaxis(_colours(9, 5, seed=2), -1, 0) / np.float32(255)
    text = encode_colour_png(channels)
    np.testing.assert_array_equal(decode_png_channels(text), channels)
    scene = with_colour_input(NetworkScene(), channels)
    assert scene.size == (9, 5)
    np.testing.assert_array_equal(input_channels(scene.input, scene.size), channels)
    assert decode_png(text).shape == (9, 5)  # other pages read it as one grayscale channel
    assert ConvScene(input=text, size=(9, 5)).input == text


def test_only_three_channels_of_8_bit_levels_are_written_in_colour():
    with pytest.raises(ValueError, match="3 channels"):
        encode_colour_png(np.zeros((2, 4, 4), np.float32))
    with pytest.raises(ValueError, match="8-bit levels"):
        encode_colour_png(np.full((3, 4, 4), 0.3, np.float32))
