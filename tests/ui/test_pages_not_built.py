"""A link to a page the window cannot show yet (a page whose scene is declared while its UI is still
being built, as Backprop's was) is refused where it comes in, with the reason; it never opens an
empty tab or crashes the app."""

from convviz.cli import main
from convviz.scene.link import parse_link
from convviz.scene.session import session_from_json

from .test_address_bar import SMALL, type_link

BACKPROP = "convviz://backprop?relu=0&pool=max"


def test_the_address_bar_says_the_page_is_not_built_and_keeps_the_tab(qtbot, make_window, page_being_built):
    window = make_window(parse_link(SMALL))
    type_link(window, BACKPROP)
    qtbot.waitUntil(window.address.error.isVisible)
    assert "the backprop page is not in this version of convviz yet" in window.address.error.text()
    assert window.current_tab().scene == parse_link(SMALL) and window.tabs.count() == 1


def test_the_command_line_refuses_it_in_one_line(tmp_path, capsys, page_being_built):
    assert main([BACKPROP, "--screenshot", str(tmp_path / "shot.png")]) != 0
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "backprop page is not in this version" in error
    assert not (tmp_path / "shot.png").exists()


def test_a_saved_session_drops_it_and_says_so(page_being_built):
    saved = {"version": 2, "tabs": [{"history": [SMALL, BACKPROP], "index": 1}]}
    tabs, _, problems = session_from_json(saved)
    assert [tab.current for tab in tabs] == [parse_link(SMALL)]
    assert len(problems) == 1 and "backprop page is not in this version" in problems[0]
