"""The convviz:// link format: `convviz://<page>?<key>=<value>&...`, a scene's complete, shareable form.

Generic over the scene classes (scenes.py): a page's keys are its scene's fields that carry a codec.
Parsing is strict: an unknown page, an unknown key, a repeated key or a bad value raises `LinkError`
naming every one of them, so a mistyped link never silently shows something else. Values are read
into their canonical text (kernel rows "1.0 ,2" are "1,2") and written percent-encoded where needed,
so parse_link(format_link(scene)) == scene and format_link(parse_link(text)) is stable.

Steps count from 1 in links, as the player shows them: `step=1` is the first step, `scene.step` 0."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, unquote

from . import scenes
from .base import PageScene
from .codecs import LinkError, echo
from .limits import STEP
from .scenes import PAGES, SCENES

SCHEME = "convviz://"
LAST_STEP = STEP[1]  # the largest step=N a link may name
_SAFE = ",;:"  # beyond letters, digits and _.-~: the separators of rows, HxW pairs and png: data

__all__ = ["LAST_STEP", "SCHEME", "LinkError", "format_link", "parse_link"]


def format_link(scene: PageScene) -> str:
    """The link of a scene: every key its page uses, in a fixed order, except keys that do not apply
    and values the rest implies (a rows input carries its own size, so `size` is written only when the
    grid differs from the rows' shape; a pooling stride left as the window is not written)."""
    parts = []
    skipped = scene.inapplicable()
    for key in scene.link_keys():
        value = getattr(scene, key)
        if key in skipped or value is None or value == scene.implied(key):
            continue
        parts.append(f"{key}={_encoded(scene.codec(key).format(value))}")
    return SCHEME + scene.page + ("?" + "&".join(parts) if parts else "")


@lru_cache(maxsize=64)
def _encoded(value: str) -> str:
    """Percent-encoded where needed; cached, as a drawn input's value is written on every step of
    its animation and encoding its few hundred kilobytes takes milliseconds."""
    return quote(value, safe=_SAFE)


def parse_link(text: str, pages: tuple[str, ...] | None = None) -> PageScene:
    """The scene of a link; keys the link leaves out keep their defaults (a rows input without `size`
    is shown at its own shape). Every problem of the link is collected into one LinkError. Only
    `pages` open: by default those the window can show, so a link to a page still being built is
    refused with the reason rather than opened into nothing."""
    pages = scenes.OPEN_PAGES if pages is None else pages
    text = "".join(text.split())  # pasted links may carry line breaks or spaces
    if not text.startswith(SCHEME):
        raise LinkError(f"a link starts with {SCHEME}, e.g. {SCHEME}conv?kernel=sobel_x")
    page, _, query = text[len(SCHEME) :].partition("?")
    page = page.rstrip("/")
    if page in PAGES and page not in pages:
        raise LinkError(f"the {page} page is not in this version of convviz yet; pages: {', '.join(pages)}")
    if page not in PAGES:
        raise LinkError(f"unknown page {echo(page)}; pages: {', '.join(pages)}")
    scene_class = SCENES[page]
    keys = scene_class.link_keys()
    values: dict[str, object] = {}
    seen: set[str] = set()
    problems: list[str] = []
    for item in filter(None, query.split("&")):
        key, equals, raw = item.partition("=")
        key = unquote(key)
        if key not in keys:
            problems.append(
                f"unknown key {echo(key)} for the {page} page (keys: {', '.join(keys) or 'none'})"
            )
        elif key in seen:
            problems.append(f"key {key!r} is given twice")
        elif not equals or not raw:
            problems.append(f"key {key!r} has no value")
        else:
            try:
                values[key] = scene_class.codec(key).parse("".join(unquote(raw).split()), key)
            except LinkError as error:
                problems += error.problems
        seen.add(key)
    if problems:
        raise LinkError(problems)
    return _scene(scene_class, values)


def _scene(scene_class: type[PageScene], values: dict[str, object]) -> PageScene:
    """The scene of parsed `values`, with the values the rest implies filled in. A key set where it
    does not apply (dilation with pool=avg) is refused by the scene itself, with the reason."""
    try:
        scene = scene_class(**values)
    except ValueError as error:
        raise LinkError(str(error)) from None
    implied = {key: scene.implied(key) for key in scene.link_keys() if key not in values}
    return scene.replace(**{key: value for key, value in implied.items() if value is not None})
