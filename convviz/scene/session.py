"""The open tabs, each with its history, and the bookmarks, as JSON: what survives closing the app or a
crash.

Format 2 counts steps from 1 in its links, as links do now; format 1 (no version, for bookmarks)
counted from 0 and is read by moving each step up by one. A file from a newer convviz is not read."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from .history import History
from .link import LinkError, format_link, parse_link
from .messages import shortened

VERSION = 2
_STEP = re.compile(r"([?&])step=(\d+)")


def _steps_from_one(link: str) -> str:
    """A format-1 link (steps counted from 0) in today's form."""
    return _STEP.sub(lambda match: f"{match.group(1)}step={int(match.group(2)) + 1}", link)


def _reader(version) -> tuple[Callable[[str], str] | None, list[str]]:
    """(how to read the links of a file of `version`, or None, and the problem if there is one)."""
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return None, [f"its format ({shortened(repr(version))}) is unknown"]
    if version > VERSION:
        return None, [f"it was saved by a newer convviz (format {version}; this one reads up to {VERSION})"]
    return (_steps_from_one if version == 1 else str), []


@dataclass(frozen=True)
class Bookmark:
    title: str
    link: str


def session_to_json(tabs: list[History], current: int) -> dict:
    """Drawn inputs are stored once each under "images" and referred to as `input=image:<key>`: a
    history of edits to one 512x512 drawing would otherwise repeat a few hundred kilobytes per entry."""
    images: dict[str, str] = {}

    def by_reference(match: re.Match) -> str:
        key = hashlib.sha256(match.group(1).encode("ascii")).hexdigest()[:20]
        images[key] = match.group(1)
        return f"input=image:{key}"

    saved = [
        {"history": [_PNG_INPUT.sub(by_reference, format_link(s)) for s in tab.entries], "index": tab.index}
        for tab in tabs
    ]
    return {"version": VERSION, "current": current, "images": images, "tabs": saved}


_PNG_INPUT = re.compile(r"input=(png:[A-Za-z0-9_-]*)")
_IMAGE_REFERENCE = re.compile(r"input=image:(\w+)")


def session_from_json(data) -> tuple[list[History], int, list[str]]:
    """(tabs, current tab, problems): entries whose link no longer parses are dropped and reported."""
    problems: list[str] = []
    tabs: list[History] = []
    if not isinstance(data, dict) or not isinstance(data.get("tabs"), list):
        return [], 0, (["the saved session has an unknown format"] if data else [])
    migrate, refused = _reader(data.get("version", 1))
    if refused:
        return [], 0, refused
    images = data.get("images") if isinstance(data.get("images"), dict) else {}

    def resolved(link: str) -> str:
        def image(match: re.Match) -> str:
            if not isinstance(images.get(match.group(1)), str):
                raise LinkError("its drawn input is missing from the session file")
            return f"input={images[match.group(1)]}"

        if not isinstance(link, str):
            raise LinkError("it is not a link")
        return migrate(_IMAGE_REFERENCE.sub(image, link))

    saved_current = data.get("current", 0)
    if not isinstance(saved_current, int) or not 0 <= saved_current < len(data["tabs"]):
        saved_current = 0
    current = 0
    for number, tab in enumerate(data["tabs"], start=1):
        links = tab.get("history") if isinstance(tab, dict) else None
        if not isinstance(links, list):
            problems.append(f"tab {number} of the saved session was unreadable")
            continue
        saved_index = tab.get("index", len(links) - 1)
        saved_index = saved_index if isinstance(saved_index, int) else len(links) - 1
        scenes, index = [], 0
        for position, link in enumerate(links):
            try:
                scenes.append(parse_link(resolved(link)))
            except LinkError as error:
                problems.append(f"tab {number}: a saved page was dropped ({error})")
                continue
            if position <= saved_index:
                index = len(scenes) - 1  # the saved page, or the nearest kept one before it
        if scenes:
            if number - 1 <= saved_current:
                current = len(tabs)  # the saved tab, or the nearest kept one before it
            tabs.append(History.restore(scenes, index))
    return tabs, current, problems


def bookmarks_to_json(bookmarks: list[Bookmark]) -> dict:
    return {"version": VERSION, "bookmarks": [{"title": b.title, "link": b.link} for b in bookmarks]}


def bookmarks_from_json(data) -> tuple[list[Bookmark], list[str]]:
    """(bookmarks, problems): a bookmark that cannot be read is dropped and reported. A bare list is
    the format-1 file."""
    if isinstance(data, list):
        data = {"version": 1, "bookmarks": data}
    if not isinstance(data, dict) or not isinstance(data.get("bookmarks"), list):
        return [], ["the bookmarks file has an unknown format"] if data else []
    migrate, refused = _reader(data.get("version"))
    if refused:
        return [], refused
    bookmarks, problems = [], []
    for number, item in enumerate(data["bookmarks"], start=1):
        try:
            title, link = item["title"], item["link"]
            if not isinstance(title, str) or not isinstance(link, str):
                raise LinkError("its title and link must be text")
            bookmarks.append(Bookmark(title, format_link(parse_link(migrate(link)))))
        except (KeyError, TypeError, LinkError) as error:
            problems.append(f"bookmark {number} was dropped ({error})")
    return bookmarks, problems
