"""`convviz [LINK | FILE]` opens the window; `--screenshot OUT.png` renders it offscreen and exits;
`convviz export LINK -o OUT` writes the scene's animation as a GIF, an MP4 or PNG frames, or its current
step as a still (PNG, or SVG and PDF as vector graphics)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from convviz import __version__, interrupt
from convviz.scene.base import PageScene
from convviz.scene.edits import with_drawn_input
from convviz.scene.images import ImageError, fit_image, fitted_size, load_image_file
from convviz.scene.link import SCHEME, LinkError, parse_link
from convviz.scene.messages import shortened
from convviz.scene.scenes import ConvScene, StartScene
from convviz.ui.theme import DEFAULT, THEMES, Theme

OPENED_IMAGE_SIDE = 64  # an opened image becomes a grid this many cells on its longer side, at most


class UsageError(Exception):
    """A one-line reason for stderr."""


def parse_size(text: str) -> tuple[int, int]:
    """'1920x1080' -> (1920, 1080): width then height, as screens are named."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size must be WIDTHxHEIGHT, e.g. 1920x1080; got {shortened(text)!r}") from None
    from convviz.export import SIDE_LIMITS  # Qt comes with it: imported only once a size is asked for

    low, high = SIDE_LIMITS
    if not (low <= width <= high and low <= height <= high):
        raise UsageError(f"--size must be from {low}x{low} to {high}x{high}; got {shortened(text)}")
    return width, height


def scene_for(target: str) -> PageScene:
    """A link, or an image file to open as the Convolution page's input."""
    if target.startswith(SCHEME):
        try:
            return parse_link(target)
        except LinkError as error:
            raise UsageError(f"bad link: {error}") from None
    try:
        image = load_image_file(target)
    except ImageError as error:
        raise UsageError(str(error)) from None
    return with_drawn_input(ConvScene(), fit_image(image, max(grid_for(image.shape))))


def grid_for(shape: tuple[int, int]) -> tuple[int, int]:
    """The grid an opened image becomes: its own size, shrunk to fit OPENED_IMAGE_SIDE, aspect kept
    by the same rule as loading an image on the page (scene.images.fitted_size)."""
    return fitted_size(shape, min(max(shape), OPENED_IMAGE_SIDE))


def parse_fps(text: str) -> float:
    """A number of frames per second; its range depends on the format and is checked by the export."""
    try:
        return float(text)
    except ValueError:
        raise UsageError(f"--fps must be a number, e.g. 8 or 0.5; got {shortened(text)!r}") from None


def parse_steps(text: str) -> tuple[int | None, int | None]:
    """'A:B': the steps the player numbers A to B, both included; either may be left out, negatives
    count from the end ('-10:' is the last ten). Checked against the animation by the export."""
    first, colon, last = text.partition(":")
    try:
        if not colon:
            raise ValueError
        return tuple(int(part) if part.strip() else None for part in (first, last))
    except ValueError:
        raise UsageError(
            f"--steps must be FIRST:LAST, counted from 1 as the player shows them, e.g. 301:400, -10: or :50;"
            f" got {shortened(text)!r}"
        ) from None


def _joined_values(argv: list[str], options: tuple[str, ...] = ("--steps",)) -> list[str]:
    """`--steps -1:` as `--steps=-1:`: argparse would take a value starting with "-" for an option."""
    joined, rest = [], iter(argv)
    for arg in rest:
        value = next(rest, None) if arg in options else None
        joined.append(arg if value is None else f"{arg}={value}")
    return joined


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="convviz",
        description="See how convolutional neural networks compute.",
        epilog="convviz export LINK -o OUT writes an animation or a figure; see convviz export --help.",
    )
    parser.add_argument("target", nargs="?", help="a convviz:// link or an image file to open")
    parser.add_argument("--version", action="version", version=f"convviz {__version__}")
    parser.add_argument(
        "--screenshot", metavar="OUT.png", help="render the window offscreen to a PNG and exit"
    )
    parser.add_argument("--size", default="1920x1080", help="window size for --screenshot, WIDTHxHEIGHT")
    parser.add_argument(
        "--theme", choices=list(THEMES), help="colour theme for this run (default: the one last chosen)"
    )
    return parser


def _export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="convviz export",
        description="Write a scene's animation, one frame per step, or a still of its current step,"
        " drawn as the window draws it.",
    )
    parser.add_argument("target", metavar="LINK", help="a convviz:// link, or an image file to use as input")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="OUT.gif, OUT.mp4, a folder (a path with no extension, or ending /) or frames/%%04d.png"
        " for PNG frames named by the step they show; OUT.png, OUT.svg or OUT.pdf for a still of the"
        " link's current step (SVG and PDF as vector graphics with real text: a PDF page is the frame at"
        " one point per pixel)",
    )
    parser.add_argument(
        "--size", default="1280x720", help="frame size, WIDTHxHEIGHT, 64x64 to 8192x8192 (default 1280x720)"
    )
    parser.add_argument("--fps", default="8", help="frames per second (default 8)")
    parser.add_argument(
        "--steps",
        metavar="FIRST:LAST",
        help="the steps FIRST to LAST, both included, numbered from 1 as the player shows them;"
        " either may be left out, negatives count from the end: 301:400, -10: (default all)",
    )
    parser.add_argument("--theme", default=DEFAULT.name, help=f"colour theme: {', '.join(THEMES)}")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["export"]:
        return export(argv[1:])
    args = _parser().parse_args(argv)
    try:
        scene = scene_for(args.target) if args.target else None
        theme = THEMES[args.theme] if args.theme else None
        if args.screenshot:
            return screenshot(
                scene or StartScene(), Path(args.screenshot), parse_size(args.size), theme or DEFAULT
            )
    except UsageError as error:
        print(f"convviz: {error}", file=sys.stderr)
        return 2
    return run_window(scene, theme)


def screenshot(scene: PageScene, out: Path, size: tuple[int, int], theme: Theme = DEFAULT) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize

    from convviz.scene.history import History
    from convviz.ui.app import application
    from convviz.ui.render import prepare_offscreen, render
    from convviz.ui.window import MainWindow

    application()
    _drop_offscreen_noise()
    window = MainWindow(config=None)
    window.set_theme(theme)
    tab = window.new_tab(History(scene))
    smallest = window.minimumSizeHint()
    if size[0] < smallest.width() or size[1] < smallest.height():
        window.close()
        raise UsageError(
            f"--size {size[0]}x{size[1]} is smaller than this page can be laid out"
            f" ({smallest.width()}x{smallest.height()})"
        )
    prepare_offscreen(window, QSize(*size))
    if scene.page == "start":
        tab.page.paint_all_thumbnails()
    image = render(window)
    window.close()
    from convviz.export import ExportError, save_still

    interrupt.defer()  # the PNG appears whole or not at all, as an export's does
    try:
        save_still(image, out)
    except ExportError as error:
        raise UsageError(str(error)) from None
    except interrupt.Interrupted as error:
        print(f"convviz: {error}", file=sys.stderr)
        return interrupt.EXIT_STATUS
    print(f"wrote {out} ({size[0]}x{size[1]})")
    return 0


def export(argv: list[str]) -> int:
    args = _export_parser().parse_args(_joined_values(argv))
    try:
        scene = scene_for(args.target)
        if args.theme not in THEMES:
            raise UsageError(f"unknown theme {shortened(args.theme)!r}; themes: {', '.join(THEMES)}")
        options = dict(
            size=parse_size(args.size),
            fps=parse_fps(args.fps),
            steps=parse_steps(args.steps) if args.steps is not None else (None, None),
            theme=THEMES[args.theme],
        )
    except UsageError as error:
        print(f"convviz: {error}", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from convviz.export import Export, ExportError
    from convviz.ui.app import application

    application()
    _drop_offscreen_noise()
    progress = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    started = time.perf_counter()
    try:
        job = Export(scene, args.output, **options)
    except ExportError as error:
        return _fail(str(error), progress)
    interrupt.defer()  # from the first file written on, Ctrl+C stops between frames and cleans up
    try:
        for done in job.run():
            if progress:
                progress.show(done, job.frame_count)
    except ExportError as error:
        return _fail(str(error), progress)
    except interrupt.Interrupted as error:
        return _fail(str(error), progress, status=interrupt.EXIT_STATUS)
    finally:
        job.close()
    if progress:
        progress.clear()
    print(job.summary(time.perf_counter() - started))
    return 0


def _fail(reason: str, progress: ProgressBar | None, status: int = 1) -> int:
    if progress:
        progress.clear()
    print(f"convviz: {reason}", file=sys.stderr)
    return status


class ProgressBar:
    """One line on a terminal, rewritten in place: `[#####.....]  120/676 frames`."""

    WIDTH = 30

    def __init__(self, stream):
        self._stream = stream
        self._length = 0

    def show(self, done: int, total: int) -> None:
        filled = self.WIDTH * done // max(total, 1)
        line = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:>{len(str(total))}}/{total} frames"
        self._stream.write("\r" + line)
        self._stream.flush()
        self._length = len(line)

    def clear(self) -> None:
        if self._length:
            self._stream.write("\r" + " " * self._length + "\r")
            self._stream.flush()
            self._length = 0


def _drop_offscreen_noise() -> None:
    """Qt's offscreen platform warns that it cannot pass window size hints on at every layout change
    of an offscreen view; those lines would bury the progress bar and the one-line error. Drop only
    them and print any other Qt message as Qt would."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode, context, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def run_window(scene: PageScene | None, theme: Theme | None = None) -> int:
    """The window as the last session left it; `theme`, if given, only for this run. When a window is
    already running on the same config folder, the scene opens there in a new tab and this process
    exits: two windows would each autosave over the other's session."""
    from convviz.scene.history import History
    from convviz.scene.link import format_link
    from convviz.scene.store import config_dir
    from convviz.ui.app import application
    from convviz.ui.single_instance import InstanceError, claim_or_hand_over
    from convviz.ui.window import START, MainWindow

    app = application()
    config = config_dir()
    try:
        lock = claim_or_hand_over(config, format_link(scene) if scene is not None else None)
    except InstanceError as error:
        print(f"convviz: {error}", file=sys.stderr)
        return 1
    if lock is None:
        opened = "opened it in a new tab" if scene is not None else "brought it to the front"
        note = "; --theme applies only to a new window" if theme is not None else ""
        print(f"convviz: a convviz window is already running; {opened}{note}")
        return 0
    interrupt.quit_on_interrupt(app)  # from here Ctrl+C saves the session and exits 130
    window = MainWindow(config=config)
    window.restore()
    if theme is not None:
        window.set_theme(theme)
    if scene is not None or window.tabs.count() == 0:
        window.new_tab(History(scene or START))
    lock.serve(window.receive)
    app.aboutToQuit.connect(lock.release)  # the session is saved: a later convviz may take over now
    window.restore_geometry()
    window.show()
    return app.exec()
