"""The convviz:// link format: `convviz://<page>?<key>=<value>&...`, a scene's complete, shareable form.

Parsing is strict: an unknown page, an unknown key, a repeated key or a bad value raises `LinkError`
naming it, so a mistyped link never silently shows something else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from convviz.engine import PADDING_MODES

from .images import GRID_LIMITS
from .model import PAGES, Scene, input_image, is_rows, kernel_array

SCHEME = "convviz://"


class LinkError(ValueError):
    """A link that cannot be opened; the message names the part that is wrong."""


@dataclass(frozen=True)
class _Key:
    parse: Callable[[str], object]
    format: Callable[[object], str]


def _int_in(text: str, key: str, low: int, high: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise LinkError(f"{key} must be a whole number, got {text!r}") from None
    if not low <= value <= high:
        raise LinkError(f"{key} must be from {low} to {high}, got {value}")
    return value


def _pair(key: str, low: int, high: int) -> _Key:
    """An int for both axes, or HxW."""

    def parse(text: str):
        parts = text.lower().split("x")
        if len(parts) not in (1, 2):
            raise LinkError(f"{key} must be a number or HxW, got {text!r}")
        values = [_int_in(part, key, low, high) for part in parts]
        return (values[0], values[-1])

    return _Key(parse, _format_pair)


def _format_pair(value) -> str:
    return str(value[0]) if value[0] == value[1] else f"{value[0]}x{value[1]}"


def _padding() -> _Key:
    pair = _pair("padding", 0, 64)
    return _Key(
        lambda text: "same" if text == "same" else pair.parse(text),
        lambda value: value if value == "same" else _format_pair(value),
    )


def _choice(key: str, options: tuple[str, ...]) -> _Key:
    def parse(text: str) -> str:
        if text not in options:
            raise LinkError(f"{key} must be one of {', '.join(options)}; got {text!r}")
        return text

    return _Key(parse, str)


def _flag(key: str) -> _Key:
    def parse(text: str) -> bool:
        if text not in ("0", "1"):
            raise LinkError(f"{key} must be 0 or 1, got {text!r}")
        return text == "1"

    return _Key(parse, lambda value: "1" if value else "0")


def _source(key: str, check: Callable[[str], object]) -> _Key:
    """A preset name, rows, or png: data, checked by resolving it once."""

    def parse(text: str) -> str:
        try:
            check(text)
        except ValueError as error:
            raise LinkError(f"{key}: {error}") from None
        return text

    return _Key(parse, str)


_KEYS: dict[str, _Key] = {
    "input": _source("input", lambda text: input_image(text, (GRID_LIMITS[0],) * 2)),
    "size": _Key(_pair("size", *GRID_LIMITS).parse, lambda value: f"{value[0]}x{value[1]}"),
    "kernel": _source("kernel", kernel_array),
    "stride": _pair("stride", 1, 32),
    "padding": _padding(),
    "dilation": _pair("dilation", 1, 32),
    "padding_mode": _choice("padding_mode", PADDING_MODES),
    "flip": _flag("flip"),
    "step": _Key(lambda text: _int_in(text, "step", 0, 10**9), str),
}

PAGE_KEYS: dict[str, tuple[str, ...]] = {
    "start": (),
    "conv": ("input", "size", "kernel", "stride", "padding", "dilation", "padding_mode", "flip", "step"),
}


def format_link(scene: Scene) -> str:
    """The link of a scene: every key its page uses, in a fixed order (size is implied by rows input)."""
    parts = []
    for key in PAGE_KEYS[scene.page]:
        if key == "size" and is_rows(scene.input):
            continue
        parts.append(f"{key}={_KEYS[key].format(getattr(scene, key))}")
    return SCHEME + scene.page + ("?" + "&".join(parts) if parts else "")


def parse_link(text: str) -> Scene:
    """The scene of a link; keys the link leaves out keep their defaults."""
    text = "".join(text.split())  # pasted links may carry line breaks or spaces
    if not text.startswith(SCHEME):
        raise LinkError(f"a link starts with {SCHEME}, e.g. {SCHEME}conv?kernel=sobel_x")
    page, _, query = text[len(SCHEME) :].partition("?")
    page = page.rstrip("/")
    if page not in PAGES:
        raise LinkError(f"unknown page {page!r}; pages: {', '.join(PAGES)}")
    values: dict[str, object] = {}
    for item in filter(None, query.split("&")):
        key, equals, raw = item.partition("=")
        key = unquote(key)
        if key not in PAGE_KEYS[page]:
            known = ", ".join(PAGE_KEYS[page]) or "none"
            raise LinkError(f"unknown key {key!r} for the {page} page (keys: {known})")
        if key in values:
            raise LinkError(f"key {key!r} is given twice")
        if not equals or not raw:
            raise LinkError(f"key {key!r} has no value")
        values[key] = _KEYS[key].parse(unquote(raw))
    scene = Scene(page=page, **values)
    if is_rows(scene.input):
        rows_size = input_image(scene.input, scene.size).shape
        if "size" in values and values["size"] != rows_size:
            given, implied = (_KEYS["size"].format(size) for size in (values["size"], rows_size))
            raise LinkError(f"size {given} does not match the {implied} input rows")
        scene = scene.replace(size=rows_size)
    return scene
