"""One export: everything checked up front, so a bad request fails before a frame is rendered or a file
touched, then run frame by frame. The command line loops over `run()`; the window's dialog advances it
one frame per event-loop turn and cancels by closing it. One path for both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from convviz import interrupt
from convviz.scene.base import PageScene
from convviz.scene.messages import shortened
from convviz.ui.theme import DEFAULT, Theme

from .atomic import saving
from .errors import ExportError, write_failure
from .frames import FrameSource, rgb_array
from .png import default_pattern
from .registry import Size, writers
from .steps import ALL, StepRange, chosen_indices
from .target import target_for

DEFAULT_SIZE = (1280, 720)
DEFAULT_FPS = 8.0
SIDE_LIMITS = (64, 8192)
FPS_LIMITS = (0.1, 60.0)


class Export:
    """`scene`'s animation, steps `steps` of it (first and last as the player numbers them, see
    steps.py; a still, PNG, SVG or PDF: its current step), to `output`."""

    def __init__(
        self,
        scene: PageScene,
        output: str | Path,
        *,
        size: Size = DEFAULT_SIZE,
        fps: float = DEFAULT_FPS,
        steps: StepRange = ALL,
        theme: Theme = DEFAULT,
    ):
        self.target = target_for(str(output))
        self.size, self.fps = _checked_size(size), _checked_fps(fps)
        writer_class = writers[self.target.kind]
        writer_class.check(self.size, self.fps)
        self.source = FrameSource(scene, self.size, theme)
        try:
            self.steps = self._chosen_steps(scene, steps)
        except ExportError:
            self.close()
            raise
        if self.target.kind == "png":  # frames are named by the step they show, as the player numbers it
            pattern = self.target.pattern or default_pattern(self.steps[-1] + 1)
            self.writer = writer_class(pattern, first=self.steps[0] + 1)
        else:
            self.writer = writer_class()

    def _chosen_steps(self, scene: PageScene, steps: StepRange) -> range:
        count = self.source.count
        if writers[self.target.kind].still:
            if steps != ALL:
                name = shortened(self.target.path.name)
                raise ExportError(f"{name} is a still of the scene's current step; give no step range")
            step = min(max(scene.step, 0), count - 1)
            return range(step, step + 1)
        return chosen_indices(steps, count)

    @property
    def frame_count(self) -> int:
        return len(self.steps)

    def run(self) -> Iterator[int]:
        """Render and write every frame, yielding how many are done after each; the output appears at
        the target when the generator finishes. Closing it early cancels: nothing is left behind."""
        ends = (self.steps[0], self.steps[len(self.steps) // 2], self.steps[-1])
        sample = self.source.frames(sorted(set(ends)))  # lazy: rendered only if the writer asks
        try:
            frames = (self.source.pictures if self.writer.vector else self.source.frames)(self.steps)
            with saving(self.writer, self.target.path, self.size, self.fps, sample) as writer:
                for done, frame in enumerate(frames, 1):
                    writer.grab_frame(frame)
                    interrupt.check()  # between frames, never inside Qt's drawing
                    yield done
        except OSError as error:
            raise write_failure(error, self.target.path) from error

    def summary(self, seconds: float) -> str:
        """One line for the user: what was written, and how long it took."""
        width, height = self.size
        path, frames = self.target.path, f"{len(self.steps)} frame{'' if len(self.steps) == 1 else 's'}"
        took = f"in {seconds:.1f} s"
        if self.writer.still:
            step = f"step {self.steps[0] + 1} of {self.source.count}"  # counted as the player shows
            return f"wrote {path}: {step}, {width}x{height}, {took}"
        if self.target.kind == "png":
            ends = (self.steps[0], self.steps[-1])
            names = dict.fromkeys(self.writer.pattern % (step + 1) for step in ends)  # one, if one frame
            return f"wrote {path}/ ({' to '.join(names)}): {frames}, {width}x{height}, {took}"
        length = f"{len(self.steps) / self.fps:.1f} s long"
        return f"wrote {path}: {frames}, {width}x{height}, {self.fps:g} fps, {length}, {took}"

    def close(self) -> None:
        """Release the offscreen view."""
        self.source.close()


def save_still(image, path: str | Path) -> None:
    """A rendered QImage (a screenshot) written as a still PNG the way an export is: whole at `path` or
    not at all. Raises ExportError if it cannot be written, Interrupted on Ctrl+C."""
    path = Path(path)
    try:
        with saving(writers["still"](), path, (image.width(), image.height()), DEFAULT_FPS) as still:
            still.grab_frame(rgb_array(image))
    except OSError as error:
        raise write_failure(error, path) from error


def _checked_size(size: Size) -> Size:
    low, high = SIDE_LIMITS
    width, height = (int(side) for side in size)
    if not (low <= width <= high and low <= height <= high):
        raise ExportError(f"the size must be from {low}x{low} to {high}x{high}; got {width}x{height}")
    return width, height


def _checked_fps(fps: float) -> float:
    low, high = FPS_LIMITS
    if not low <= fps <= high:  # also refuses NaN
        raise ExportError(f"fps must be from {low:g} to {high:g}; got {fps:g}")
    return float(fps)
