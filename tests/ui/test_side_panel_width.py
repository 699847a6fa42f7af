"""The side panel is as wide as its controls once they are shown with a scene, not as they were when
built: a stack's rows settle their size only then, and a panel fitted before cut their buttons off."""

from __future__ import annotations

import pytest

from convviz.scene.link import parse_link
from convviz.ui.pages import create_page, scene_page
from convviz.ui.pages.base import scroll_chrome_width

STACKS = (
    "convviz://receptive-field?layers=conv3p2d2,conv3p4d4,conv3p8d8&size=40x40",
    "convviz://network",
)


@pytest.mark.parametrize("link", STACKS)
def test_the_side_panel_fits_the_controls_of_the_scene_on_show(qtbot, monkeypatch, link):
    monkeypatch.setattr(scene_page, "SIDE_PANEL_SHARE", 1.0)  # the offscreen screen is only 800 wide
    scene = parse_link(link)
    page = create_page(scene.page)
    qtbot.addWidget(page)
    page.show_scene(scene)
    page.resize(1920, 1080)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(20)  # the rows' size hints settle once shown and polished
    side = page.side_panel
    needed = side.widget().minimumSizeHint().width() + scroll_chrome_width(side)
    assert side.minimumWidth() >= min(needed, page.screen().availableGeometry().width())
