"""`convviz [LINK | FILE]` opens the window; `--screenshot OUT.png` renders it offscreen and exits."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

from convviz.scene.edits import with_drawn_input
from convviz.scene.images import ImageError, load_image_file, quantize, resample
from convviz.scene.link import SCHEME, LinkError, parse_link
from convviz.scene.model import Scene

OPENED_IMAGE_SIDE = 64  # an opened image becomes a grid this many cells on its longer side, at most


class UsageError(Exception):
    """A one-line reason for stderr."""


def parse_size(text: str) -> tuple[int, int]:
    """'1920x1080' -> (1920, 1080): width then height, as screens are named."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size must be WIDTHxHEIGHT, e.g. 1920x1080; got {text!r}") from None
    if not (64 <= width <= 8192 and 64 <= height <= 8192):
        raise UsageError(f"--size must be from 64x64 to 8192x8192; got {text}")
    return width, height


def scene_for(target: str) -> Scene:
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
    return with_drawn_input(Scene(page="conv"), quantize(resample(image, grid_for(image.shape))))


def grid_for(shape: tuple[int, int]) -> tuple[int, int]:
    """The grid an opened image is resampled to: its own size, shrunk to fit OPENED_IMAGE_SIDE."""
    scale = min(1.0, OPENED_IMAGE_SIDE / max(shape))
    return tuple(int(np.clip(round(n * scale), 3, 512)) for n in shape)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="convviz", description="See how convolutional neural networks compute."
    )
    parser.add_argument("target", nargs="?", help="a convviz:// link or an image file to open")
    parser.add_argument(
        "--screenshot", metavar="OUT.png", help="render the window offscreen to a PNG and exit"
    )
    parser.add_argument("--size", default="1920x1080", help="window size for --screenshot, WIDTHxHEIGHT")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        scene = scene_for(args.target) if args.target else None
        if args.screenshot:
            return screenshot(scene or Scene(page="start"), Path(args.screenshot), parse_size(args.size))
    except UsageError as error:
        print(f"convviz: {error}", file=sys.stderr)
        return 2
    return run_window(scene)


def screenshot(scene: Scene, out: Path, size: tuple[int, int]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize

    from convviz.scene.history import History
    from convviz.ui.app import application
    from convviz.ui.render import prepare_offscreen, render
    from convviz.ui.window import MainWindow

    application()
    window = MainWindow(config=None)
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
    if not image.save(str(out), "PNG"):
        raise UsageError(f"cannot write {out}")
    print(f"wrote {out} ({size[0]}x{size[1]})")
    return 0


def run_window(scene: Scene | None) -> int:
    from convviz.scene.history import History
    from convviz.scene.store import config_dir
    from convviz.ui.app import application
    from convviz.ui.window import START, MainWindow

    app = application()
    window = MainWindow(config=config_dir())
    window.restore()
    if scene is not None or window.tabs.count() == 0:
        window.new_tab(History(scene or START))
    window.resize(1440, 900)
    window.show()
    return app.exec()
