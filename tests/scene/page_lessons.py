"""The start page's lessons of one page, and where a lesson opens, for the per-page lesson tests."""

from convviz.scene.lessons import load_lessons
from convviz.timeline import timeline_for


def lessons_of(page: str) -> dict:
    """Title -> lesson, in the order the start page lists them."""
    return {lesson.title: lesson for lesson in load_lessons() if lesson.scene.page == page}


def opened(lesson):
    """The lesson's timeline and the step it opens at."""
    timeline = timeline_for(lesson.scene)
    return timeline, timeline.step(lesson.scene.step)
