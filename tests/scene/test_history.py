"""A tab's back/forward history: one entry per deliberate change, live edits coalesced."""

from __future__ import annotations

import pytest

from convviz.scene.base import PageScene
from convviz.scene.history import History
from convviz.scene.scenes import ConvScene

A, B, C, D = (ConvScene(stride=(s, s)) for s in (1, 2, 3, 4))


def _history(*scenes: PageScene) -> History:
    history = History(scenes[0])
    for scene in scenes[1:]:
        history.edit(scene)
    return history


def test_edits_push_and_back_forward_move():
    history = _history(A, B, C)
    assert history.entries == (A, B, C) and history.index == 2 and history.current == C
    assert not history.can_go_forward() and history.can_go_back()
    assert history.back() == B and history.back() == A
    assert not history.can_go_back() and history.can_go_forward()
    assert history.forward() == B and history.index == 1


def test_a_new_edit_drops_the_forward_entries():
    """Like a browser: after going back, a new page replaces the ones ahead."""
    history = _history(A, B, C)
    history.back()
    history.back()
    history.edit(D)
    assert history.entries == (A, D) and history.current == D
    assert not history.can_go_forward()


def test_back_and_forward_clamp():
    history = _history(A, B)
    assert history.forward() == B and history.index == 1
    history.back()
    assert history.back() == A and history.back() == A and history.index == 0


def test_live_edits_then_a_final_one_make_one_entry():
    """A whole slider drag is one entry holding where the drag ended."""
    history = History(A)
    for scene in (B, C, B, D):
        history.edit(scene, final=False)
    assert history.entries == (A, D)
    history.edit(C, final=True)
    assert history.entries == (A, C) and history.index == 1
    history.edit(D)  # the drag is closed: the next edit is a new entry
    assert history.entries == (A, C, D)


def test_live_edit_after_going_back_drops_forward_entries():
    history = _history(A, B, C)
    history.back()
    history.edit(D, final=False)
    history.edit(A.replace(step=7), final=True)
    assert history.entries == (A, B, A.replace(step=7))


@pytest.mark.parametrize("final", [True, False])
def test_an_edit_equal_to_the_current_scene_adds_nothing(final):
    history = _history(A, B)
    history.edit(ConvScene(stride=(2, 2)), final=final)  # equal, not identical
    assert history.entries == (A, B) and history.index == 1


def test_replace_changes_the_current_entry_only():
    """Moving through the animation updates the page without filling history with steps."""
    history = _history(A, B, C)
    history.back()
    history.replace(B.replace(step=5))
    assert history.entries == (A, B.replace(step=5), C) and history.index == 1
    assert history.can_go_forward()


@pytest.mark.parametrize("move", ["back", "forward"])
def test_back_and_forward_close_a_live_edit(move):
    """After navigating, a drag in progress must not keep overwriting whatever entry is now current."""
    history = _history(A, B)
    if move == "forward":
        history.back()
    history.edit(C, final=False)  # a drag starts (and drops the forward entry)
    getattr(history, move)()  # clamped at an end or moving: either way the drag is over
    landed = history.current
    history.edit(D, final=False)
    assert landed in history.entries  # not overwritten
    assert history.entries[-1] == D and history.index == len(history.entries) - 1


@pytest.mark.parametrize(("index", "expected"), [(0, 0), (1, 1), (2, 2), (-5, 0), (99, 2)])
def test_restore(index, expected):
    """A saved history comes back with its entries and (clamped) position, not in the middle of a drag."""
    history = History.restore([A, B, C], index)
    assert history.entries == (A, B, C)
    assert history.index == expected and history.current == (A, B, C)[expected]
    history.edit(D, final=False)
    history.edit(D.replace(step=1), final=False)
    assert history.entries[: expected + 1] == (A, B, C)[: expected + 1]
    assert history.entries[-1] == D.replace(step=1)


def test_drag_whose_first_sample_equals_the_current_scene_keeps_the_previous_entry():
    """A slider press that does not move yet, then a drag: Back must still return to the start."""
    history = _history(A)
    history.edit(A, final=False)  # the press: nothing changed yet
    history.edit(B, final=False)
    history.edit(B, final=True)
    assert history.entries == (A, B)
    assert history.back() == A


def test_drag_back_to_where_it_started_adds_nothing():
    history = _history(A)
    history.edit(B, final=False)
    history.edit(A, final=True)
    assert history.entries == (A,)
