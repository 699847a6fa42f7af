"""The start page's lessons: a list kept in assets/lessons.json, each a title, one line and a link."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .link import parse_link
from .model import Scene

LESSONS_FILE = Path(__file__).resolve().parents[2] / "assets" / "lessons.json"


@dataclass(frozen=True)
class Lesson:
    title: str
    summary: str
    scene: Scene


def load_lessons(path: Path = LESSONS_FILE, pages: tuple[str, ...] | None = None) -> list[Lesson]:
    """The lessons in order, keeping only those whose page is in `pages` (pages not built yet stay
    hidden). A broken entry is a bug in the shipped file, so it raises rather than hides."""
    with open(path, encoding="utf-8") as stream:
        items = json.load(stream)
    lessons = [Lesson(item["title"], item["summary"], parse_link(item["link"])) for item in items]
    return [lesson for lesson in lessons if pages is None or lesson.scene.page in pages]
