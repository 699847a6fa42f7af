"""The start page's lessons: a list shipped inside the package as assets/lessons.json, each a title, one
line and a link. Read as a package resource, so an installed wheel finds it wherever it lives."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from .base import PageScene
from .link import parse_link
from .scenes import PAGES

LESSONS = resources.files("convviz") / "assets" / "lessons.json"


@dataclass(frozen=True)
class Lesson:
    title: str
    summary: str
    scene: PageScene


def load_lessons(source=LESSONS, pages: tuple[str, ...] | None = None) -> list[Lesson]:
    """The lessons in order, keeping only those whose page is in `pages` (pages not built yet stay
    hidden, while their links are still checked). `source` is a path or a resource. A broken entry is a
    bug in the shipped file, so it raises rather than hides."""
    items = json.loads(source.read_text(encoding="utf-8"))
    lessons = [Lesson(item["title"], item["summary"], parse_link(item["link"], PAGES)) for item in items]
    return [lesson for lesson in lessons if pages is None or lesson.scene.page in pages]
