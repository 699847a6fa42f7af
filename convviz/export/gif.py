"""Animated GIF, streamed to disk one frame at a time through Pillow's GIF encoder.

Pillow's own `save(append_images=...)` keeps every frame in memory until the end; here each frame is
encoded as soon as it arrives, and only the rectangle that changed since the previous frame, with its
unchanged pixels transparent, so the previous frame shows through (small files, fast encoding).

One palette serves the whole file, chosen once from sample frames: their most common colours exactly
(background, text, cells), the rest by median cut; colours map to it exactly, without dithering, so
cells stay flat and their numbers crisp. (Pillow's quantize(palette=...) rounds colours to 6 bits before
matching, which turns a white background light grey.)"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PIL import GifImagePlugin, Image

from .errors import ExportError
from .registry import Size, Writer, writers

MAX_FPS = 50  # delays are whole hundredths of a second, and players slow anything under 2 to 10
COLORS = 255  # palette entries for colours; the 256th is "unchanged since the previous frame"
UNCHANGED = 255
EXACT_COLORS = 128  # entries kept exactly as the samples' most frequent colours
SAMPLE_PIXELS = 2_000_000  # the palette is chosen from at most about this many sample pixels
KEEP = 1  # GIF disposal method "do not dispose": each frame is drawn over the one before


def _pack(rgb: np.ndarray) -> np.ndarray:
    rgb = rgb.astype(np.uint32)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


def _unpack(packed: np.ndarray) -> np.ndarray:
    return np.stack([(packed >> 16) & 0xFF, (packed >> 8) & 0xFF, packed & 0xFF], axis=-1).astype(np.uint8)


def build_palette(frames: Iterable[np.ndarray]) -> np.ndarray:
    """(COLORS, 3) uint8: the frames' EXACT_COLORS most frequent colours, then median cut of the rest."""
    frames = list(frames)
    total = sum(frame.shape[0] * frame.shape[1] for frame in frames)
    stride = max(1, math.ceil(math.sqrt(total / SAMPLE_PIXELS)))
    pixels = np.concatenate([frame[::stride, ::stride].reshape(-1, 3) for frame in frames])
    packed = _pack(pixels)
    colors, counts = np.unique(packed, return_counts=True)
    exact = colors[np.argsort(counts, kind="stable")[::-1][:EXACT_COLORS]]
    entries = [_unpack(exact)]
    rest = pixels[~np.isin(packed, exact)]
    if len(rest):
        spare = COLORS - len(exact)
        filler = Image.fromarray(rest.reshape(1, -1, 3)).quantize(
            spare, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        entries.append(np.array(filler.getpalette()[: 3 * spare], np.uint8).reshape(-1, 3))
    table = np.concatenate(entries)
    return np.pad(table, ((0, COLORS - len(table)), (0, 0)), mode="edge")


class NearestColor:
    """RGB pixels to palette indices: each colour is matched once (nearest by RGB distance; palette
    colours to themselves) and remembered in a table over all 2**24 colours, whose untouched pages
    the system never allocates."""

    CHUNK = 4096  # unseen colours matched at a time, bounding the distance matrix

    def __init__(self, palette: np.ndarray):
        self._palette = palette.astype(np.int32)
        self._table = np.zeros(1 << 24, np.uint16)  # index + 1; 0: not seen yet
        packed = _pack(palette)
        self._table[packed[::-1]] = np.arange(len(palette), 0, -1)  # a repeated colour: its first entry

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        packed = _pack(rgb)
        index = self._table[packed]
        unseen = index == 0
        if unseen.any():
            for start in range(0, len(colors := np.unique(packed[unseen])), self.CHUNK):
                chunk = colors[start : start + self.CHUNK]
                distance = ((_unpack(chunk)[:, None, :].astype(np.int32) - self._palette) ** 2).sum(axis=2)
                self._table[chunk] = distance.argmin(axis=1) + 1
            index = self._table[packed]
        return (index - 1).astype(np.uint8)


@writers.register("gif")
class GifWriter(Writer):
    label = "GIF"

    def __init__(self) -> None:
        self._file = None

    @classmethod
    def check(cls, size: Size, fps: float) -> None:
        if fps > MAX_FPS:
            raise ExportError(f"a GIF plays at most {MAX_FPS} fps; got {fps:g} (MP4 has no such limit)")

    def setup(self, path: Path, size: Size, fps: float, sample: Iterable[np.ndarray] = ()) -> None:
        self._file = open(path, "wb")
        self._fps = fps
        self._frames = 0
        sample = list(sample)
        self._palette = build_palette(sample) if sample else None  # else: the first frame's
        self._previous = np.zeros((size[1], size[0], 3), np.uint8)

    def grab_frame(self, rgb: np.ndarray) -> None:
        if self._frames == 0:
            self._first_frame(rgb)
        else:
            self._next_frame(rgb)
        self._frames += 1

    def _first_frame(self, rgb: np.ndarray) -> None:
        if self._palette is None:
            self._palette = build_palette([rgb])
        self._nearest = NearestColor(self._palette)
        image = self._image(self._nearest(rgb))
        header, _ = GifImagePlugin.getheader(image, info={"loop": 0})  # loop forever
        self._file.writelines(header)
        self._file.writelines(GifImagePlugin.getdata(image, duration=self._delay_ms(), disposal=KEEP))
        np.copyto(self._previous, rgb)

    def _next_frame(self, rgb: np.ndarray) -> None:
        different = self._previous != rgb
        changed = different[..., 0] | different[..., 1] | different[..., 2]  # 10x any(axis=2)
        rows, columns = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
        if len(rows):
            top, bottom, left, right = rows[0], rows[-1] + 1, columns[0], columns[-1] + 1
        else:  # an unchanged frame still needs an image: one unchanged pixel
            top, bottom, left, right = 0, 1, 0, 1
        box = (slice(top, bottom), slice(left, right))
        indices = self._nearest(rgb[box])
        indices[~changed[box]] = UNCHANGED
        image = self._image(indices)
        self._file.writelines(
            GifImagePlugin.getdata(
                image,
                offset=(int(left), int(top)),
                duration=self._delay_ms(),
                disposal=KEEP,
                transparency=UNCHANGED,
            )
        )
        self._previous[box] = rgb[box]

    def _image(self, indices: np.ndarray) -> Image.Image:
        image = Image.frombytes("P", (indices.shape[1], indices.shape[0]), np.ascontiguousarray(indices))
        image.putpalette(self._palette.tobytes() + bytes(3))  # + the unchanged entry's (unseen) colour
        return image

    def _delay_ms(self) -> int:
        """Frame n shows until (n + 1) / fps, in the hundredths GIF counts in, so the rounding of each
        delay does not add up over a long animation (8 fps: 120 and 130 ms, averaging 125)."""
        n = self._frames
        return 10 * (round((n + 1) * 100 / self._fps) - round(n * 100 / self._fps))

    def finish(self) -> None:
        if self._frames == 0:
            raise ExportError("a GIF needs at least one frame")
        self._file.write(b";")  # the GIF trailer
        self._file.close()

    def abort(self) -> None:
        if self._file is not None:
            self._file.close()
