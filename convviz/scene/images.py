"""Images in and out of scenes: loading a user's file, fitting it to a grid, and the `png:` link form.

A loaded image keeps its own 8-bit precision (grayscale levels k/255). A drawn input keeps exactly
the float32 values the user painted or typed: its `png:` form is a plain 8-bit grayscale PNG when
every value is such a level in [0, 1] (so old links and ordinary PNGs keep working), and otherwise
an index PNG whose `convviz-values` text chunk lists the distinct values the indices stand for."""

from __future__ import annotations

import base64
import binascii
import io
import os
import re
import stat
import warnings

import numpy as np
from PIL import Image, UnidentifiedImageError
from PIL.PngImagePlugin import PngInfo

from .limits import GRID
from .messages import shortened

MAX_FILE_BYTES = 100 * 2**20
MAX_PIXELS = 40_000_000  # a 40-megapixel photo still loads; a decompression bomb does not
MAX_INDEXED_VALUES = 2**16  # distinct values a 16-bit index PNG can stand for
VALUES_KEY = "convviz-values"
_COLOUR_MODES = ("RGB", "RGBA", "RGBa", "P", "PA", "CMYK", "YCbCr")  # Pillow modes that may hold colour


class ImageError(ValueError):
    """An image that cannot become an input; the message says why, for the user."""


def check_grid_size(size: tuple[int, int]) -> tuple[int, int]:
    low, high = GRID
    for axis, n in zip(("height", "width"), size):
        if not low <= n <= high:
            raise ValueError(f"grid {axis} must be from {low} to {high} cells, got {n}")
    return size


def float32_text(value: float) -> str:
    """The shortest text that reads back (through float) to the same float32 value."""
    return np.format_float_positional(np.float32(value), unique=True, trim="-")


def distinct_values(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct float32 values in ascending order (0 and -0 kept apart, bit for bit) and, for each
    cell, the index of its value."""
    bits, indices = np.unique(np.asarray(values, dtype=np.float32).view(np.uint32), return_inverse=True)
    distinct = bits.view(np.float32)
    order = np.argsort(distinct, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return distinct[order], rank[indices].reshape(np.shape(values))


# ------------------------------------------------------------------------------------------ loading
def _too_large(what: str, width: int, height: int) -> ImageError:
    return ImageError(
        f"{what} is too large: {width}x{height} pixels; the limit is {MAX_PIXELS // 1_000_000} megapixels"
    )


def _float_samples(data: np.ndarray) -> np.ndarray:
    """Floating-point samples have no fixed scale: stretch them over [0, 1] unless already inside it.
    Only finite values set the scale; +inf and -inf become its ends, NaN becomes 0."""
    finite = np.isfinite(data)
    if not finite.any():
        return np.zeros(data.shape, np.float32)
    low, high = data[finite].min(), data[finite].max()
    data = np.clip(data, low, high)  # inf -> high, -inf -> low; NaN stays NaN
    if not (0 <= low and high <= 1):
        data = (data - low) / (high - low) if high > low else np.zeros_like(data)
    return np.nan_to_num(data, nan=0.0).astype(np.float32)


def _grayscale(image: Image.Image, what: str) -> np.ndarray:
    """Grayscale float32 in [0, 1]; transparent pixels count as white, like paper under a drawing."""
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _too_large(what, width, height)
    image.load()
    if image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
        image.mode in ("P", "L", "RGB") and "transparency" in image.info
    ):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    if image.mode.startswith("I"):  # 16-bit (or 32-bit) integer samples: full scale is 65535
        data = np.asarray(image, dtype=np.float64)
        return (np.clip(data, 0, 65535) / 65535).astype(np.float32)
    if image.mode == "F":
        return _float_samples(np.asarray(image, dtype=np.float64))
    return np.asarray(image.convert("L"), dtype=np.float32) / 255


def _bomb_message(what: str, error: Exception) -> str:
    """Pillow refuses a decompression bomb before reading its size into an image; its message has the
    pixel count."""
    found = re.search(r"\((\d+) pixels\)", str(error))
    size = f"{int(found.group(1)) / 1_000_000:,.0f} megapixels" if found else "too many pixels"
    return f"{what} is too large: {size}; the limit is {MAX_PIXELS // 1_000_000} megapixels"


def _decode(data: bytes, what: str, read=_grayscale) -> np.ndarray:
    """`read(image, what)` of the image in `data`; every failure is one ImageError, never nested."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # MAX_PIXELS is the limit
        try:
            with Image.open(io.BytesIO(data)) as image:
                return read(image, what)
        except ImageError:
            raise
        except Image.DecompressionBombError as error:
            raise ImageError(_bomb_message(what, error)) from None
        except UnidentifiedImageError:
            raise ImageError(f"{what} is not an image Pillow can read (PNG, JPEG, BMP, TIFF, ...)") from None
        except (OSError, SyntaxError, ValueError) as error:  # cut short, or inside its headers
            raise ImageError(f"{what} is damaged and cannot be read ({shortened(str(error))})") from None


def _read_file(path: str | os.PathLike, name: str) -> bytes:
    """The bytes of a regular file, at most MAX_FILE_BYTES of them: a FIFO or a device (/dev/zero)
    would hang or never end, so they are refused before anything is read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO opens without waiting
    except OSError as error:
        raise ImageError(f"cannot read {name}: {error.strerror or error}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        os.close(fd)
        if info.st_size > MAX_FILE_BYTES:
            raise _file_too_large(name, info.st_size)
        raise ImageError(f"cannot read {name}: it is not a regular file (a folder, pipe or device)")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise ImageError(f"cannot read {name}: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise _file_too_large(name, len(data))
    return data


def _file_too_large(name: str, size: int) -> ImageError:
    return ImageError(
        f"{name} is too large: {size / 2**20:.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB"
    )


def _in_colour(image: Image.Image, what: str) -> np.ndarray:
    """A picture with colour as (3, H, W) red, green, blue in [0, 1] (transparent pixels white); one
    whose every pixel is gray (red = green = blue) as the 2-D grayscale _grayscale reads."""
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _too_large(what, width, height)
    if image.mode in _COLOUR_MODES:
        rgb = _rgb(image)
        if not (rgb == rgb[:1]).all():
            return rgb
    return _grayscale(image, what)


def _reader(colour: bool):
    return _in_colour if colour else _grayscale


def load_image_file(path: str | os.PathLike, colour: bool = False) -> np.ndarray:
    """Read an image file as grayscale float32 in [0, 1] (with `colour`, a colour picture as (3, H, W)),
    refusing huge, empty, corrupt or endless files."""
    name = shortened(os.path.basename(os.fspath(path)))
    data = _read_file(path, name)
    if not data:
        raise ImageError(f"{name} is empty")
    return _decode(data, name, read=_reader(colour))


def picture_of_rgba(rgba: np.ndarray, what: str, colour: bool = False) -> np.ndarray:
    """An (H, W, 4) uint8 RGBA picture (pasted or dropped) read exactly as a file of it would be."""
    return _reader(colour)(Image.fromarray(np.ascontiguousarray(rgba, dtype=np.uint8), "RGBA"), what)


# ------------------------------------------------------------------------------------------ fitting
def resample(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """A [0, 1] picture at (height, width): area-averaged when shrinking, bilinear when enlarging."""
    if image.shape == tuple(size):
        return image.astype(np.float32, copy=False)
    height, width = size
    shrinking = height * width < image.size
    method = Image.Resampling.BOX if shrinking else Image.Resampling.BILINEAR
    resized = Image.fromarray(image.astype(np.float32)).resize((width, height), method)
    return np.clip(np.asarray(resized, dtype=np.float32), 0, 1)


def resize_nearest(values: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Each cell of the new grid takes the value of the cell under its centre: a drawing's cells stay
    sharp, its values unchanged, and resizing back to the drawing's own size gives it back exactly."""
    if values.shape == tuple(size):
        return values
    rows = (np.arange(size[0]) + 0.5) * values.shape[0] // size[0]
    cols = (np.arange(size[1]) + 0.5) * values.shape[1] // size[1]
    return values[rows.astype(int)[:, None], cols.astype(int)[None, :]]


def fitted_size(shape: tuple[int, int], longer_side: int) -> tuple[int, int]:
    """The grid a picture of `shape` fills with its longer side `longer_side` cells, keeping its aspect
    ratio (each side within the grid limits)."""
    scale = longer_side / max(shape)
    low, high = GRID
    return tuple(int(np.clip(round(n * scale), low, high)) for n in shape)


def fit_image(image: np.ndarray, longer_side: int) -> np.ndarray:
    """A loaded picture on a grid `longer_side` cells along its longer side, at its own 8-bit precision;
    a colour one, (3, H, W), channel by channel onto the same grid."""
    size = fitted_size(image.shape[-2:], longer_side)
    if image.ndim == 3:
        return quantize(np.stack([resample(channel, size) for channel in image]))
    return quantize(resample(image, size))


def quantize(image: np.ndarray) -> np.ndarray:
    """Round to the 8-bit levels a plain grayscale PNG holds, by the arithmetic that decodes it."""
    return np.round(np.clip(image, 0, 1) * 255).astype(np.uint8).astype(np.float32) / 255


# ------------------------------------------------------------------------------------ png: link form
def _png_text(image: Image.Image, info: PngInfo | None = None) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True, pnginfo=info)
    return "png:" + base64.urlsafe_b64encode(buffer.getvalue()).decode("ascii").rstrip("=")


def encode_png(image: np.ndarray) -> str:
    """The `png:` link form of a drawing's exact float32 values: plain 8-bit grayscale when they are all
    levels k/255 in [0, 1], else an index PNG; ValueError past MAX_INDEXED_VALUES distinct values."""
    values = np.asarray(image, dtype=np.float32)
    if np.array_equal(quantize(values).view(np.uint32), values.view(np.uint32)):  # bit for bit: -0 is not 0
        return _png_text(Image.fromarray(np.round(values * 255).astype(np.uint8)))
    distinct, indices = distinct_values(values)
    if len(distinct) > MAX_INDEXED_VALUES:
        raise ValueError(f"{len(distinct)} distinct values; a png: input holds at most {MAX_INDEXED_VALUES}")
    depth = np.uint8 if len(distinct) <= 256 else np.uint16
    info = PngInfo()
    info.add_text(VALUES_KEY, ",".join(map(float32_text, distinct)), zip=True)
    return _png_text(Image.fromarray(indices.astype(depth)), info)


def encode_colour_png(channels: np.ndarray) -> str:
    """The `png:` link form of a (3, H, W) colour picture at 8-bit levels k/255 (as fit_image leaves it):
    a plain RGB PNG, which decode_png_channels reads back bit for bit; ValueError for other values."""
    values = np.asarray(channels, dtype=np.float32)
    if values.ndim != 3 or values.shape[0] != 3:
        raise ValueError(f"a colour png: input has 3 channels (3, H, W), got shape {values.shape}")
    if not np.array_equal(quantize(values), values):
        raise ValueError("a colour png: input holds 8-bit levels k/255 in [0, 1] only")
    rgb = np.round(np.moveaxis(values, 0, -1) * 255).astype(np.uint8)
    return _png_text(Image.fromarray(np.ascontiguousarray(rgb), "RGB"))


def _drawn_values(image: Image.Image, what: str) -> np.ndarray:
    """The values of a `png:` image: its index chunk looked up, or plain grayscale."""
    width, height = image.size
    if width * height > MAX_PIXELS:  # before .text, which may read the whole file
        raise _too_large(what, width, height)
    text = getattr(image, "text", {}).get(VALUES_KEY)
    if text is None:
        return _grayscale(image, what)
    try:
        distinct = np.array([float(value) for value in text.split(",")], dtype=np.float32)
    except ValueError:
        raise ImageError(f"{what}'s {VALUES_KEY} list is not numbers separated by ','") from None
    indices = np.asarray(image)
    if indices.ndim != 2 or not np.issubdtype(indices.dtype, np.integer) or not np.isfinite(distinct).all():
        raise ImageError(f"{what} is not a grayscale index image with finite {VALUES_KEY}")
    if indices.max() >= len(distinct):
        raise ImageError(f"{what} uses index {indices.max()} but lists {len(distinct)} values")
    return distinct[indices]


def _png_bytes(text: str) -> bytes:
    payload = text.removeprefix("png:")
    try:
        data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    except (binascii.Error, ValueError):
        raise ImageError("the png: data is not valid base64url") from None
    if not data:
        raise ImageError("the png: data is empty")
    return data


def decode_png(text: str) -> np.ndarray:
    """The float32 image of a `png:` link value, at its own size."""
    return _decode(_png_bytes(text), "the png: image", read=_drawn_values)


def _channels(image: Image.Image, what: str) -> np.ndarray:
    """(3, H, W) red, green, blue in [0, 1] for a colour image (transparent pixels white, as in
    _grayscale); a grayscale one is read as _drawn_values reads it, as (1, H, W)."""
    width, height = image.size
    if width * height > MAX_PIXELS:  # before .text, which may read the whole file
        raise _too_large(what, width, height)
    if image.mode not in _COLOUR_MODES or VALUES_KEY in getattr(image, "text", {}):
        return _drawn_values(image, what)[None]
    return _rgb(image)


def _rgb(image: Image.Image) -> np.ndarray:
    """(3, H, W) float32 red, green, blue in [0, 1], transparent pixels over white paper."""
    rgba = image.convert("RGBA")
    rgb = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba).convert("RGB")
    return np.ascontiguousarray(np.moveaxis(np.asarray(rgb, dtype=np.float32) / 255, -1, 0))


def decode_png_channels(text: str) -> np.ndarray:
    """The (C, H, W) float32 channels of a `png:` link value: three for a colour PNG, one for a grayscale
    or drawn one (the Network page keeps colour; every other page reads decode_png's grayscale)."""
    return _decode(_png_bytes(text), "the png: image", read=_channels)
