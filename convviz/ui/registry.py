"""Which UI class shows each scene page, filled by the classes themselves: a page class is decorated
`@PAGES.shows(ConvScene)`, a view class `@VIEWS.shows(ConvScene)`, so adding a page touches no list."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from convviz.scene.base import SCENES, PageScene

T = TypeVar("T", bound=type)


class Registry:
    """Scene class -> the one UI class of one kind (page, view) that shows it."""

    def __init__(self, what: str):
        self.what = what  # "page" or "view", for messages
        self._classes: dict[type[PageScene], type] = {}

    def shows(self, scene_class: type[PageScene]) -> Callable[[T], T]:
        """Class decorator: the decorated class is this kind's class for `scene_class`'s page; its
        `kind` becomes that page's name (a tab asks its page which page it shows)."""

        def register(ui_class: T) -> T:
            if scene_class in self._classes:
                taken = self._classes[scene_class].__name__
                raise TypeError(f"the {scene_class.page} page already has a {self.what}: {taken}")
            ui_class.kind = scene_class.page
            self._classes[scene_class] = ui_class
            return ui_class

        return register

    def pages(self) -> tuple[str, ...]:
        """The names of the pages that have a class of this kind."""
        return tuple(scene_class.page for scene_class in self._classes)

    def class_for(self, page: str) -> type:
        scene_class = SCENES.get(page)
        if scene_class not in self._classes:
            raise ValueError(f"no {self.what} shows the {page} page")
        return self._classes[scene_class]


PAGES = Registry("page")
VIEWS = Registry("view")
