"""What every page's timeline is: a scene's animation as an ordered list of steps, as data.

Timelines register by the scene class they animate (`@animates(ConvScene)`), so `timeline_for(scene)`
needs no list of pages, and counting a scene's steps (export, the export dialog) needs no Qt."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from convviz.scene.base import PageScene


class NoOutput(ValueError):
    """The scene's parameters leave no output position; the message says why in plain words."""


class Timeline(Protocol):
    """`count` steps of `scene`'s animation; `step(i)` is step i (0-based, clamped into range)."""

    scene: PageScene
    count: int

    def step(self, index: int) -> object: ...


_TIMELINES: dict[type[PageScene], Callable[[PageScene], Timeline]] = {}
T = TypeVar("T")


def animates(scene_class: type[PageScene]) -> Callable[[T], T]:
    """Class decorator: the decorated timeline is the one `timeline_for` builds for `scene_class`."""

    def register(timeline_class: T) -> T:
        _TIMELINES[scene_class] = timeline_class
        return timeline_class

    return register


def timeline_for(scene: PageScene) -> Timeline:
    """The timeline of `scene`; NoOutput when its parameters leave nothing to compute, ValueError when
    its page has no animation (the start page)."""
    try:
        timeline_class = _TIMELINES[type(scene)]
    except KeyError:
        raise ValueError(f"the {scene.page} page has no animation") from None
    return timeline_class(scene)
