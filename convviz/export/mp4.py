"""H.264 video (libx264, yuv420p: what every player and slide program plays) through the ffmpeg binary
that imageio-ffmpeg ships, so nothing is downloaded. Frames stream through a pipe; ffmpeg encodes in
its own process, in parallel with rendering.

ffmpeg is driven directly rather than through imageio-ffmpeg's `write_frames`, which never looks at
ffmpeg's exit status: a video ffmpeg failed to finish (a full disk while writing the index) would look
complete and be published."""

from __future__ import annotations

import contextlib
import errno
import subprocess
import tempfile
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path

import numpy as np

from .errors import ExportError
from .registry import Size, Writer, writers

QUALITY = "18"  # x264 CRF: cell numbers stay sharp; 23 (the default) smears thin digits
# x264 looks ahead 10 frames (default 40) with 2 B-frames, in one thread: ffmpeg then peaks near 330 MiB
# at 1080p instead of 600, still encodes faster than frames are rendered, and animation frames that
# change a few cells at a time compress as well
X264 = "rc-lookahead=10:bframes=2"


@writers.register("mp4")
class Mp4Writer(Writer):
    label = "MP4"
    requires = {"imageio_ffmpeg": "imageio-ffmpeg"}

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._log = None

    @classmethod
    def check(cls, size: Size, fps: float) -> None:
        width, height = size
        if width % 2 or height % 2:
            even = f"{width + width % 2}x{height + height % 2}"
            raise ExportError(f"MP4 video needs an even width and height; got {width}x{height}, try {even}")

    def setup(self, path: Path, size: Size, fps: float, sample: Iterable[np.ndarray] = ()) -> None:
        import imageio_ffmpeg

        command = [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{size[0]}x{size[1]}",
            "-r", str(Fraction(fps).limit_denominator(1000)), "-i", "-",
            "-an", "-c:v", "libx264", "-preset", "medium", "-crf", QUALITY, "-pix_fmt", "yuv420p",
            "-threads", "1", "-x264-params", X264,
            "-movflags", "+faststart",  # the index first: playback starts before the file has loaded
            str(path),
        ]  # fmt: skip
        self._log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty ffmpeg can never block on it
        # its own session: Ctrl+C reaches only convviz, which stops ffmpeg and deletes the partial file
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            start_new_session=True,
        )

    def grab_frame(self, rgb: np.ndarray) -> None:
        try:
            self._process.stdin.write(np.ascontiguousarray(rgb).data)
        except BrokenPipeError:
            self._process.wait()
            raise self._failure() from None

    def finish(self) -> None:
        with contextlib.suppress(BrokenPipeError):  # ffmpeg gave up early: its status says why
            self._process.stdin.close()
        if self._process.wait() != 0:
            raise self._failure()
        self._log.close()

    def abort(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        if self._log is not None:
            self._log.close()

    def _failure(self) -> OSError:
        """ffmpeg's own last words, with a full disk recognised so it can be said plainly."""
        self._log.seek(0)
        lines = self._log.read().decode(errors="replace").strip().splitlines()
        reason = lines[-1] if lines else f"ffmpeg exited with status {self._process.returncode}"
        if any("No space left on device" in line for line in lines):
            return OSError(errno.ENOSPC, reason)
        return OSError(errno.EIO, f"ffmpeg: {reason}")
