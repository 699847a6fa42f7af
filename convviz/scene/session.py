"""The open tabs, each with its history, as JSON: what survives closing the app or a crash."""

from __future__ import annotations

from dataclasses import dataclass

from .history import History
from .link import LinkError, format_link, parse_link

VERSION = 1


@dataclass(frozen=True)
class Bookmark:
    title: str
    link: str


def session_to_json(tabs: list[History], current: int) -> dict:
    return {
        "version": VERSION,
        "current": current,
        "tabs": [{"history": [format_link(s) for s in tab.entries], "index": tab.index} for tab in tabs],
    }


def session_from_json(data) -> tuple[list[History], int, list[str]]:
    """(tabs, current tab, problems): entries whose link no longer parses are dropped and reported."""
    problems: list[str] = []
    tabs: list[History] = []
    if not isinstance(data, dict) or not isinstance(data.get("tabs"), list):
        return [], 0, (["the saved session has an unknown format"] if data else [])
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
                scenes.append(parse_link(str(link)))
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


def bookmarks_to_json(bookmarks: list[Bookmark]) -> list[dict]:
    return [{"title": b.title, "link": b.link} for b in bookmarks]


def bookmarks_from_json(data) -> tuple[list[Bookmark], list[str]]:
    if not isinstance(data, list):
        return [], ["the bookmarks file has an unknown format"] if data else []
    bookmarks, problems = [], []
    for item in data:
        try:
            bookmarks.append(Bookmark(str(item["title"]), format_link(parse_link(str(item["link"])))))
        except (KeyError, TypeError, LinkError) as error:
            problems.append(f"a bookmark was dropped ({error})")
    return bookmarks, problems
