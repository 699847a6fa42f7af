"""The shipped lessons: their links count steps from 1, like the player."""

import pytest

from convviz.scene.lessons import load_lessons
from convviz.scene.scenes import OPEN_PAGES
from convviz.timeline import timeline_for


def test_each_lesson_opens_at_the_step_it_always_showed():
    """The steps the lessons open at (0-based scene indices), as before links counted from 1."""
    steps = {lesson.title: lesson.scene.step for lesson in load_lessons()}
    assert steps["A sum of products"] == 0
    assert steps["Finding edges"] == 300  # the player's "step 301"
    assert steps["Blurring"] == 40
    assert steps["Dilated (atrous) convolution"] == 12
    assert steps["Convolution or cross-correlation?"] == 20


def test_a_lesson_of_a_page_not_built_yet_stays_hidden(tmp_path):
    """Lessons may be written before their page opens: checked, kept out of the open pages' list."""
    source = tmp_path / "lessons.json"
    source.write_text(
        '[{"title": "Routing the error", "summary": "s", "link": "convviz://backprop?pool=max"},'
        ' {"title": "Blur", "summary": "s", "link": "convviz://conv?kernel=box"}]'
    )
    assert [lesson.title for lesson in load_lessons(source)] == ["Routing the error", "Blur"]
    assert [lesson.title for lesson in load_lessons(source, pages=("start", "conv"))] == ["Blur"]


@pytest.mark.parametrize("lesson", load_lessons(), ids=lambda lesson: lesson.title)
def test_every_lesson_has_a_one_line_summary_a_step_it_has_and_a_card_when_its_page_is_open(lesson):
    assert lesson.summary and "\n" not in lesson.summary
    if lesson.scene.page != "start":
        assert lesson.scene.step < timeline_for(lesson.scene).count
    listed = {listed.title for listed in load_lessons(pages=OPEN_PAGES)}
    assert (lesson.title in listed) == (lesson.scene.page in OPEN_PAGES)
