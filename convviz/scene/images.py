"""Images in and out of scenes: loading a user's file, resampling to the grid, and the `png:` link form.

Drawn and loaded inputs live in links as 8-bit grayscale PNGs (base64url, no padding), so a drawn
input's values are multiples of 1/255 and survive a round trip through a link exactly."""

from __future__ import annotations

import base64
import binascii
import io
import os
import warnings

import numpy as np
from PIL import Image, UnidentifiedImageError

MAX_FILE_BYTES = 100 * 2**20
MAX_PIXELS = 40_000_000  # a 40-megapixel photo still loads; a decompression bomb does not
GRID_LIMITS = (3, 512)


class ImageError(ValueError):
    """An image that cannot become an input; the message says why, for the user."""


def check_grid_size(size: tuple[int, int]) -> tuple[int, int]:
    low, high = GRID_LIMITS
    for axis, n in zip(("height", "width"), size):
        if not low <= n <= high:
            raise ValueError(f"grid {axis} must be from {low} to {high} cells, got {n}")
    return size


def _open(image: Image.Image, what: str) -> np.ndarray:
    """Grayscale float32 in [0, 1]; transparent pixels count as black, like an empty canvas."""
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ImageError(
            f"{what} is {width}x{height} pixels; the limit is {MAX_PIXELS // 1_000_000} megapixels"
        )
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageError(f"{what} is damaged and cannot be read ({error})") from None
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (0, 0, 0, 255))
        image = Image.alpha_composite(background, rgba)
    if image.mode.startswith("I"):  # 16-bit (or 32-bit) integer samples: full scale is 65535
        data = np.asarray(image, dtype=np.float64)
        return (np.clip(data, 0, 65535) / 65535).astype(np.float32)
    if image.mode == "F":  # floating-point samples have no fixed scale: stretch unless already in [0, 1]
        data = np.nan_to_num(np.asarray(image, dtype=np.float64))
        low, high = data.min(), data.max()
        if 0 <= low and high <= 1:
            return data.astype(np.float32)
        return ((data - low) / (high - low) if high > low else np.zeros_like(data)).astype(np.float32)
    return np.asarray(image.convert("L"), dtype=np.float32) / 255


def _decode(data: bytes, what: str) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                return _open(image, what)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageError(
                f"{what} is too large to load safely: over {MAX_PIXELS // 1_000_000} megapixels"
            ) from None
        except UnidentifiedImageError:
            raise ImageError(f"{what} is not an image Pillow can read (PNG, JPEG, BMP, TIFF, ...)") from None
        except (OSError, SyntaxError, ValueError) as error:  # the file ends inside its headers
            raise ImageError(f"{what} is damaged and cannot be read ({error})") from None


def load_image_file(path: str | os.PathLike) -> np.ndarray:
    """Read an image file as grayscale float32 in [0, 1], refusing huge, empty or corrupt files."""
    name = os.path.basename(os.fspath(path))
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise ImageError(f"{name} is {size / 2**20:.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB")
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ImageError(f"cannot read {name}: {error.strerror or error}") from None
    if not data:
        raise ImageError(f"{name} is empty")
    return _decode(data, name)


def resample(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Resample to (height, width): area-averaging when shrinking, bilinear when enlarging."""
    if image.shape == tuple(size):
        return image.astype(np.float32, copy=False)
    height, width = size
    shrinking = height * width < image.size
    method = Image.Resampling.BOX if shrinking else Image.Resampling.BILINEAR
    resized = Image.fromarray(image.astype(np.float32)).resize((width, height), method)
    return np.clip(np.asarray(resized, dtype=np.float32), 0, 1)


def quantize(image: np.ndarray) -> np.ndarray:
    """Round to the 8-bit levels a PNG can hold, so what is shown is exactly what a link restores."""
    return (np.round(np.clip(image, 0, 1) * 255) / 255).astype(np.float32)


def encode_png(image: np.ndarray) -> str:
    """The `png:` link form of a [0, 1] image."""
    levels = np.round(np.clip(image, 0, 1) * 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(levels).save(buffer, format="PNG", optimize=True)
    return "png:" + base64.urlsafe_b64encode(buffer.getvalue()).decode("ascii").rstrip("=")


def decode_png(text: str) -> np.ndarray:
    """The image of a `png:` link value."""
    payload = text.removeprefix("png:")
    try:
        data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    except (binascii.Error, ValueError):
        raise ImageError("the png: data is not valid base64url") from None
    if not data:
        raise ImageError("the png: data is empty")
    return _decode(data, "the png: image")
