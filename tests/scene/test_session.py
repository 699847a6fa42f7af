"""The session (open tabs and their histories) and bookmarks, as JSON that survives closing the app."""

from __future__ import annotations

import json

import numpy as np
import pytest

from convviz.scene.edits import with_drawn_input
from convviz.scene.history import History
from convviz.scene.images import encode_png
from convviz.scene.link import format_link
from convviz.scene.scenes import ConvScene, StartScene
from convviz.scene.session import (
    VERSION,
    Bookmark,
    bookmarks_from_json,
    bookmarks_to_json,
    session_from_json,
    session_to_json,
)
from convviz.scene.store import read_json, write_json_atomic

SCENES = [
    ConvScene(),
    StartScene(),
    ConvScene(input="1,2,3;4,5,6;7,8,9", size=(3, 3), kernel="1,0;0,-1", padding="same", flip=True),
    ConvScene(input=encode_png(np.random.default_rng(8).random((6, 5))), size=(12, 10), stride=(2, 1)),
    ConvScene(kernel="gaussian", padding=(1, 2), padding_mode="circular", dilation=(2, 1), step=17),
]
BROKEN = "convviz://conv?stride=0"


def _tab(scenes, index) -> History:
    return History.restore(list(scenes), index)


def _round_trip(data):
    return json.loads(json.dumps(data))  # what the file holds: plain JSON types only


def test_session_round_trip():
    """Several tabs, each with several entries and its own position, and the current tab."""
    tabs = [_tab(SCENES[:3], 1), _tab(SCENES[2:], 2), _tab(SCENES[4:], 0)]
    restored, current, problems = session_from_json(_round_trip(session_to_json(tabs, 1)))
    assert problems == [] and current == 1
    assert [t.entries for t in restored] == [t.entries for t in tabs]
    assert [t.index for t in restored] == [1, 2, 0]


def test_session_round_trip_through_a_file(tmp_path):
    path = tmp_path / "session.json"
    write_json_atomic(path, session_to_json([_tab(SCENES, 3)], 0))
    data, message = read_json(path, {})
    restored, current, problems = session_from_json(data)
    assert message is None and problems == [] and current == 0
    assert restored[0].entries == tuple(SCENES) and restored[0].current == SCENES[3]


def test_a_broken_link_drops_that_entry_only():
    """A link from an older version that no longer parses costs one page, not the session."""
    data = session_to_json([_tab(SCENES[:2], 1), _tab(SCENES[2:4], 0)], 1)
    data["tabs"][0]["history"].append(BROKEN)
    restored, current, problems = session_from_json(data)
    assert [t.entries for t in restored] == [tuple(SCENES[:2]), tuple(SCENES[2:4])]
    assert current == 1
    (problem,) = problems
    assert "tab 1" in problem and "stride" in problem


@pytest.mark.parametrize("tab", [{"history": "convviz://conv"}, {"index": 0}, "convviz://conv", None])
def test_an_unreadable_tab_is_dropped_and_reported(tab):
    data = session_to_json([_tab(SCENES[:1], 0), _tab(SCENES[1:2], 0)], 0)
    data["tabs"].insert(1, tab)
    restored, _, problems = session_from_json(data)
    assert [t.entries for t in restored] == [tuple(SCENES[:1]), tuple(SCENES[1:2])]
    assert problems == ["tab 2 of the saved session was unreadable"]


@pytest.mark.parametrize(
    ("data", "reported"),
    [(None, False), ({}, False), ([], False), ({"tabs": "x"}, True), (["x"], True), ("session", True)],
)
def test_an_unknown_format_gives_no_tabs(data, reported):
    """Nothing saved is not a problem; something unreadable is reported."""
    tabs, current, problems = session_from_json(data)
    assert tabs == [] and current == 0
    assert bool(problems) == reported


@pytest.mark.parametrize(("current", "expected"), [(5, 0), (-1, 0), ("1", 0), (1, 1)])
def test_current_tab_out_of_range_falls_back_to_the_first(current, expected):
    data = session_to_json([_tab(SCENES[:1], 0), _tab(SCENES[1:2], 0)], 0)
    data["current"] = current
    assert session_from_json(data)[1] == expected


@pytest.mark.parametrize(("index", "expected"), [(None, 2), ("1", 2), (-4, 0), (10, 2)])
def test_tab_index_missing_or_bad_is_clamped(index, expected):
    data = session_to_json([_tab(SCENES[:3], 0)], 0)
    if index is None:
        del data["tabs"][0]["index"]
    else:
        data["tabs"][0]["index"] = index
    assert session_from_json(data)[0][0].index == expected


def test_dropping_an_earlier_entry_keeps_the_current_page():
    data = session_to_json([_tab(SCENES[:3], 1)], 0)  # current page: SCENES[1]
    data["tabs"][0]["history"][0] = BROKEN
    (tab,), _, _ = session_from_json(data)
    assert tab.current == SCENES[1]


def test_dropping_an_earlier_tab_keeps_the_current_tab():
    data = session_to_json([_tab(SCENES[:1], 0), _tab(SCENES[1:2], 0), _tab(SCENES[2:3], 0)], 1)
    data["tabs"][0]["history"] = [BROKEN]
    tabs, current, _ = session_from_json(data)
    assert tabs[current].current == SCENES[1]


def test_bookmarks_round_trip():
    bookmarks = [Bookmark(f"page {i}", format_link(scene)) for i, scene in enumerate(SCENES)]
    assert bookmarks_from_json(_round_trip(bookmarks_to_json(bookmarks))) == (bookmarks, [])


def test_bookmark_links_are_normalised():
    """A bookmark saved by hand (spaces, default keys left out) comes back in the canonical form."""
    restored, problems = bookmarks_from_json([{"title": "blur", "link": " convviz://conv?kernel=box\n"}])
    assert problems == []
    assert restored == [Bookmark("blur", format_link(ConvScene(kernel="box")))]


def test_bad_bookmarks_are_dropped_and_reported():
    good = [{"title": "a", "link": format_link(SCENES[0])}, {"title": "b", "link": format_link(SCENES[2])}]
    data = [
        good[0],
        {"title": "no link"},
        {"link": format_link(SCENES[1])},
        "convviz://conv",
        None,
        {"title": "broken", "link": BROKEN},
        good[1],
    ]
    restored, problems = bookmarks_from_json({"version": VERSION, "bookmarks": data})
    assert restored == [Bookmark("a", good[0]["link"]), Bookmark("b", good[1]["link"])]
    assert [p.partition(" was dropped")[0] for p in problems] == [f"bookmark {n}" for n in (2, 3, 4, 5, 6)]
    assert "stride" in problems[-1]


@pytest.mark.parametrize(("data", "reported"), [(None, False), ({}, False), ({"a": 1}, True), ("x", True)])
def test_bookmarks_of_an_unknown_format(data, reported):
    bookmarks, problems = bookmarks_from_json(data)
    assert bookmarks == [] and bool(problems) == reported


def test_a_drawn_input_is_stored_once_however_many_entries_use_it():
    """Ten edits of the parameters around one 64x64 drawing must not store the drawing ten times."""
    drawing = with_drawn_input(ConvScene(), np.random.default_rng(1).random((64, 64)))
    history = History(drawing)
    for stride in range(2, 11):
        history.edit(drawing.replace(stride=(stride, 1)))
    data = json.loads(json.dumps(session_to_json([history], 0)))
    assert len(data["images"]) == 1
    assert sum(len(link) for link in data["tabs"][0]["history"]) < 10 * 300
    tabs, _, problems = session_from_json(data)
    assert problems == [] and tabs[0].entries == history.entries


def test_an_entry_whose_drawing_is_missing_is_dropped_with_a_message():
    drawing = with_drawn_input(ConvScene(), np.eye(8))
    data = json.loads(json.dumps(session_to_json([History(ConvScene(kernel="box")), History(drawing)], 1)))
    data["images"] = {}
    tabs, current, problems = session_from_json(data)
    assert len(tabs) == 1 and tabs[0].current == ConvScene(kernel="box")
    assert any("drawn input is missing" in p for p in problems)


def test_a_session_from_a_newer_convviz_is_not_read():
    """Its links may mean something this version cannot show: refused whole, with the reason."""
    data = session_to_json([_tab(SCENES[:2], 0)], 0)
    data["version"] = VERSION + 1
    tabs, current, (problem,) = session_from_json(data)
    assert tabs == [] and current == 0
    assert "newer convviz" in problem and str(VERSION + 1) in problem


@pytest.mark.parametrize("version", ["2", None, 0, True, [2]])
def test_a_session_of_an_unknown_version_is_not_read(version):
    data = session_to_json([_tab(SCENES[:2], 0)], 0)
    data["version"] = version
    tabs, _, (problem,) = session_from_json(data)
    assert tabs == [] and "format" in problem


def test_a_format_1_session_counted_steps_from_0():
    """Sessions saved before steps counted from 1 open at the very step they showed."""
    old = {
        "version": 1,
        "current": 0,
        "tabs": [{"history": ["convviz://conv?step=0", "convviz://conv?step=300"]}],
    }
    (tab,), _, problems = session_from_json(old)
    assert problems == [] and [s.step for s in tab.entries] == [0, 300]


def test_a_format_1_bookmarks_file_counted_steps_from_0():
    (bookmark,), problems = bookmarks_from_json([{"title": "edges", "link": "convviz://conv?step=0"}])
    assert problems == [] and bookmark.link == format_link(ConvScene(step=0))
    assert bookmarks_from_json(bookmarks_to_json([bookmark])) == ([bookmark], [])


def test_bookmarks_from_a_newer_convviz_are_not_read():
    data = bookmarks_to_json([Bookmark("a", format_link(SCENES[0]))]) | {"version": VERSION + 1}
    bookmarks, (problem,) = bookmarks_from_json(data)
    assert bookmarks == [] and "newer convviz" in problem


def test_a_saved_link_that_is_not_text_is_dropped():
    """A hand-edited file may hold anything where a link belongs (a deep list would even overflow str())."""
    deep: list = []
    for _ in range(5000):
        deep = [deep]
    data = session_to_json([_tab(SCENES[:2], 1)], 0)
    data["tabs"][0]["history"].insert(0, deep)
    (tab,), _, (problem,) = session_from_json(data)
    assert tab.entries == tuple(SCENES[:2]) and "not a link" in problem
    restored, (problem,) = bookmarks_from_json(
        {"version": VERSION, "bookmarks": [{"title": deep, "link": "x"}]}
    )
    assert restored == [] and "text" in problem
