"""The convviz:// link format: `convviz://<page>?<key>=<value>&...`, a scene's complete, shareable form.

Parsing is strict: an unknown page, an unknown key, a repeated key or a bad value raises `LinkError`
naming every one of them, so a mistyped link never silently shows something else. Values are read
into their canonical text (kernel rows "1.0 ,2" are "1,2") and written percent-encoded where needed,
so parse_link(format_link(scene)) == scene and format_link(parse_link(text)) is stable.

Steps count from 1 in links, as the player shows them: `step=1` is the first step, `Scene.step` 0."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

from convviz.engine import PADDING_MODES

from .images import GRID_LIMITS
from .messages import shortened
from .model import PAGES, Scene, format_rows, input_image, is_rows, kernel_array

SCHEME = "convviz://"
LAST_STEP = 10**9  # the largest step=N a link may name
_SAFE = ",;:"  # beyond letters, digits and _.-~: the separators of rows, HxW pairs and png: data


def echo(text: str) -> str:
    """A value of the link quoted in a message, cut to a readable length."""
    return repr(shortened(text))


class LinkError(ValueError):
    """A link that cannot be opened: `problems` lists every part that is wrong, one sentence each;
    the message joins them."""

    def __init__(self, problems: str | list[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class _Key:
    parse: Callable[[str], object]
    format: Callable[[object], str]


def _int_in(text: str, key: str, low: int, high: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise LinkError(f"{key} must be a whole number, got {echo(text)}") from None
    if not low <= value <= high:
        raise LinkError(f"{key} must be from {low} to {high}, got {value}")
    return value


def _pair(key: str, low: int, high: int) -> _Key:
    """An int for both axes, or HxW."""

    def parse(text: str):
        parts = text.lower().split("x")
        if len(parts) not in (1, 2):
            raise LinkError(f"{key} must be a number or HxW, got {echo(text)}")
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
            raise LinkError(f"{key} must be one of {', '.join(options)}; got {echo(text)}")
        return text

    return _Key(parse, str)


def _flag(key: str) -> _Key:
    def parse(text: str) -> bool:
        if text not in ("0", "1"):
            raise LinkError(f"{key} must be 0 or 1, got {echo(text)}")
        return text == "1"

    return _Key(parse, lambda value: "1" if value else "0")


def _step() -> _Key:
    """step=N is the step the player shows as N; the scene holds its 0-based index."""

    def parse(text: str) -> int:
        if text.lstrip("+-").isdigit() and int(text) == 0:
            raise LinkError("step counts from 1 (step=1 is the first step), got 0")
        return _int_in(text, "step", 1, LAST_STEP) - 1

    return _Key(parse, lambda index: str(index + 1))


def _source(key: str, canonical: Callable[[str], str]) -> _Key:
    """A preset name, rows, or png: data, checked (and rows made canonical) by resolving it once."""

    def parse(text: str) -> str:
        try:
            return canonical(text)
        except ValueError as error:
            raise LinkError(f"{key}: {error}") from None

    return _Key(parse, str)


def rows_shape(rows: str) -> tuple[int, int]:
    """The (height, width) of valid rows text, without reading its numbers."""
    return rows.count(";") + 1, rows.partition(";")[0].count(",") + 1


def _canonical_input(text: str) -> str:
    if is_rows(text):
        return format_rows(input_image(text, rows_shape(text)))
    input_image(text, (GRID_LIMITS[0],) * 2)  # a bad preset name or png: data raises
    return text


def _canonical_kernel(text: str) -> str:
    kernel = kernel_array(text)
    return text if not is_rows(text) else format_rows(kernel)


_KEYS: dict[str, _Key] = {
    "input": _source("input", _canonical_input),
    "size": _Key(_pair("size", *GRID_LIMITS).parse, lambda value: f"{value[0]}x{value[1]}"),
    "kernel": _source("kernel", _canonical_kernel),
    "stride": _pair("stride", 1, 32),
    "padding": _padding(),
    "dilation": _pair("dilation", 1, 32),
    "padding_mode": _choice("padding_mode", PADDING_MODES),
    "flip": _flag("flip"),
    "step": _step(),
}

PAGE_KEYS: dict[str, tuple[str, ...]] = {
    "start": (),
    "conv": ("input", "size", "kernel", "stride", "padding", "dilation", "padding_mode", "flip", "step"),
}


def format_link(scene: Scene) -> str:
    """The link of a scene: every key its page uses, in a fixed order. A rows input carries its own
    size, so `size` is written with one only when the grid differs from the rows' shape."""
    parts = []
    for key in PAGE_KEYS[scene.page]:
        value = getattr(scene, key)
        if key == "size" and is_rows(scene.input) and tuple(value) == rows_shape(scene.input):
            continue
        parts.append(f"{key}={_encoded(_KEYS[key].format(value))}")
    return SCHEME + scene.page + ("?" + "&".join(parts) if parts else "")


@lru_cache(maxsize=64)
def _encoded(value: str) -> str:
    """Percent-encoded where needed; cached, as a drawn input's value is written on every step of
    its animation and encoding its few hundred kilobytes takes milliseconds."""
    return quote(value, safe=_SAFE)


def parse_link(text: str) -> Scene:
    """The scene of a link; keys the link leaves out keep their defaults (a rows input without `size`
    is shown at its own shape). Every problem of the link is collected into one LinkError."""
    text = "".join(text.split())  # pasted links may carry line breaks or spaces
    if not text.startswith(SCHEME):
        raise LinkError(f"a link starts with {SCHEME}, e.g. {SCHEME}conv?kernel=sobel_x")
    page, _, query = text[len(SCHEME) :].partition("?")
    page = page.rstrip("/")
    if page not in PAGES:
        raise LinkError(f"unknown page {echo(page)}; pages: {', '.join(PAGES)}")
    values: dict[str, object] = {}
    seen: set[str] = set()
    problems: list[str] = []
    for item in filter(None, query.split("&")):
        key, equals, raw = item.partition("=")
        key = unquote(key)
        if key not in PAGE_KEYS[page]:
            known = ", ".join(PAGE_KEYS[page]) or "none"
            problems.append(f"unknown key {echo(key)} for the {page} page (keys: {known})")
        elif key in seen:
            problems.append(f"key {key!r} is given twice")
        elif not equals or not raw:
            problems.append(f"key {key!r} has no value")
        else:
            try:
                values[key] = _KEYS[key].parse("".join(unquote(raw).split()))
            except LinkError as error:
                problems += error.problems
        seen.add(key)
    if problems:
        raise LinkError(problems)
    scene = Scene(page=page, **values)
    if is_rows(scene.input) and "size" not in values:
        scene = scene.replace(size=rows_shape(scene.input))
    return scene
