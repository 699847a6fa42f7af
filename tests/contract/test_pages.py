"""One contract over every page the window can open (OPEN_PAGES), so a page is tested the moment its
scene says it has a page and its UI classes register: links round-trip, a step past the end is clamped
in the link, the page draws at 1280x720 and 1920x1080, its animation exports, its lessons open, and the
registries of scenes, timelines, pages and views agree."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from convviz.export import Export
from convviz.scene.base import SCENES
from convviz.scene.history import History
from convviz.scene.lessons import load_lessons
from convviz.scene.link import LAST_STEP, format_link, parse_link
from convviz.scene.scenes import OPEN_PAGES, StartScene
from convviz.timeline import NoOutput, timeline_for
from convviz.ui.registry import PAGES, VIEWS
from convviz.ui.render import prepare_offscreen, render
from convviz.ui.window import MainWindow

from .scenes import varied_scenes


def has_animation(page: str) -> bool:
    """Whether a timeline animates the page's scenes (the default scene may still have no output)."""
    try:
        timeline_for(SCENES[page]())
    except NoOutput:
        return True
    except ValueError:
        return False
    return True


ANIMATED = tuple(page for page in OPEN_PAGES if has_animation(page))


def distinct_colours(image: QImage) -> int:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint32).reshape(image.height(), image.bytesPerLine() // 4)
    return len(np.unique(pixels[:, : image.width()]))


def test_the_registries_agree():
    """Every page a link may open has a page class and nothing else does, but a page still being built
    (its links refused until its page and view are both in); a page has a view exactly when
    a timeline animates it, and each such timeline counts the default scene's steps."""
    building = {page for page, scene in SCENES.items() if not scene.has_page}  # its classes land first
    assert set(PAGES.pages()) - building == set(OPEN_PAGES)
    assert set(VIEWS.pages()) - building == set(ANIMATED)
    assert set(ANIMATED) == set(OPEN_PAGES) - {StartScene.page}  # the start page only lists lessons
    for page in ANIMATED:
        assert timeline_for(SCENES[page]()).count >= 2


@pytest.mark.parametrize("page", OPEN_PAGES)
def test_links_round_trip(page):
    scene_class = SCENES[page]
    assert parse_link(format_link(scene_class())) == scene_class()
    scenes = varied_scenes(scene_class)
    for key in scene_class.link_keys():
        default = next(f.default for f in dataclasses.fields(scene_class) if f.name == key)
        assert any(getattr(scene, key) != default for scene in scenes), f"no scene changes {key}"
    for scene in scenes:
        assert parse_link(format_link(scene)) == scene, format_link(scene)


@pytest.mark.parametrize("page", ANIMATED)
def test_a_step_past_the_end_opens_at_the_last_step(qtbot, open_tab, page):
    scene = SCENES[page]()
    count = timeline_for(scene).count
    tab = open_tab(format_link(scene))
    beyond = parse_link(format_link(scene.replace(step=LAST_STEP - 1)))
    with qtbot.waitSignal(tab.page.stepped):  # the page says the step it shows
        tab.open(beyond)
    assert tab.scene.step == count - 1
    assert tab.page.player.model.step == count - 1
    assert tab.link() == format_link(scene.replace(step=count - 1))
    assert f"step={count}" in tab.link()


@pytest.mark.parametrize("page", ANIMATED)
def test_player_keys_move_the_step_and_the_link_follows(open_tab, page):
    """Right, End, Left and Home on the picture, as a person presses them after clicking it."""
    scene = SCENES[page]()
    count = timeline_for(scene).count
    tab = open_tab(format_link(scene))
    for key, step in ((Qt.Key.Key_Right, 1), (Qt.Key.Key_End, count - 1), (Qt.Key.Key_Left, count - 2)):
        QTest.keyClick(tab.page.view, key)
        assert tab.scene.step == step and f"step={step + 1}" in tab.link()
    QTest.keyClick(tab.page.view, Qt.Key.Key_Home)
    assert tab.scene.step == 0


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("page", OPEN_PAGES)
def test_the_page_draws_offscreen(qtbot, page, size):
    """Drawn as `convviz LINK --screenshot` draws it: the whole window, and its picture not blank."""
    window = MainWindow(config=None)
    qtbot.addWidget(window)
    tab = window.new_tab(History(SCENES[page]()))
    prepare_offscreen(window, QSize(*size))
    if page == StartScene.page:
        tab.page.paint_all_thumbnails()
    image = render(window)
    tab.stop()
    assert (image.width(), image.height()) == size
    assert distinct_colours(image) > 16
    if page in ANIMATED:
        view = tab.page.findChild(VIEWS.class_for(page))
        assert view is not None and view.isVisible()
        assert view.width() * view.height() > size[0] * size[1] / 4  # the picture takes the page
        assert distinct_colours(render(view)) > 16


@pytest.mark.parametrize("kind", ["gif", "png"])
@pytest.mark.parametrize("page", ANIMATED)
def test_two_frames_export(qapp, tmp_path, page, kind):
    output = tmp_path / ("out.gif" if kind == "gif" else "frames/")
    job = Export(SCENES[page](), output, size=(320, 200), steps=(1, 2))
    for _ in job.run():
        pass
    if kind == "gif":
        with Image.open(output) as gif:
            assert gif.n_frames == 2 and gif.size == (320, 200)
    else:
        frames = sorted(output.iterdir())
        assert len(frames) == 2
        with Image.open(frames[0]) as first, Image.open(frames[1]) as second:
            assert first.size == (320, 200)
            assert np.asarray(first).tobytes() != np.asarray(second).tobytes()  # the window moved


@pytest.mark.parametrize("page", OPEN_PAGES)
def test_its_lessons_open_from_their_cards(make_window, page):
    """Each of the page's lessons, clicked on the start page, opens its scene on that page in the tab."""
    lessons = [lesson for lesson in load_lessons(pages=OPEN_PAGES) if lesson.scene.page == page]
    window = make_window(StartScene())
    for lesson in lessons:
        card = next(card for card in window.current_tab().page.cards if card.lesson == lesson)
        QTest.mouseClick(card, Qt.MouseButton.LeftButton)
        tab = window.current_tab()
        assert tab.page.kind == page
        assert tab.scene == lesson.scene, lesson.title
        assert tab.title() == lesson.title
        window.back()
