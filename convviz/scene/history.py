"""A tab's back/forward history of scenes, with live edits coalesced: a whole slider drag or brush stroke
is one entry, and moving through the animation updates the current entry instead of adding one."""

from __future__ import annotations

from .base import PageScene


class History:
    def __init__(self, first: PageScene):
        self._entries = [first]
        self._index = 0
        self._live = False  # the current entry is a live edit still in progress

    @property
    def current(self) -> PageScene:
        return self._entries[self._index]

    @property
    def entries(self) -> tuple[PageScene, ...]:
        return tuple(self._entries)

    @property
    def index(self) -> int:
        return self._index

    @classmethod
    def restore(cls, entries: list[PageScene], index: int) -> History:
        history = cls(entries[0])
        history._entries = list(entries)
        history._index = min(max(index, 0), len(entries) - 1)
        return history

    def edit(self, scene: PageScene, final: bool = True) -> None:
        """Record an edit: the first live (non-final) edit opens an entry, later ones update it, and the
        final one closes it. An edit equal to the current scene adds nothing, and a live edit that ends
        where it started leaves no entry behind."""
        if self._live:
            self._entries[self._index] = scene
            self._live = not final
            if final and scene == self._entries[self._index - 1]:
                del self._entries[self._index]
                self._index -= 1
        elif scene != self.current:
            del self._entries[self._index + 1 :]
            self._entries.append(scene)
            self._index += 1
            self._live = not final

    def replace(self, scene: PageScene) -> None:
        """Change the current entry in place (the animation step moved)."""
        self._entries[self._index] = scene

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return self._index < len(self._entries) - 1

    def back(self) -> PageScene:
        self._live = False
        self._index = max(0, self._index - 1)
        return self.current

    def forward(self) -> PageScene:
        self._live = False
        self._index = min(len(self._entries) - 1, self._index + 1)
        return self.current
