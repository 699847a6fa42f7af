"""The common base of every page's scene, and the registry of pages that the scene classes fill.

A page is declared once, by its scene class (`class ConvScene(PageScene, page="conv")`): its link keys
are the fields that carry a codec, in order, with `step` last; nothing else lists pages or keys."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

from . import codecs

SCENES: dict[str, type[PageScene]] = {}  # page name -> scene class, in the order they are declared


@dataclass(frozen=True, kw_only=True)
class PageScene:
    """One page's state, complete: a scene *is* its link. `has_page` says whether the window has a page
    to show it yet (links to a page still being built are refused, with the reason)."""

    page: ClassVar[str]
    has_page: ClassVar[bool] = True
    step: int = codecs.link_field(codecs.STEP_INDEX, 0)

    def __init_subclass__(cls, page: str | None = None, **kwargs):
        super().__init_subclass__(**kwargs)
        if page is not None:  # an abstract group of fields (InputScene) is no page
            cls.page = page
            SCENES[page] = cls

    def __post_init__(self):
        """A value set where it does not apply would be lost from the link, so it is refused."""
        wrong = [
            why for name, why in self.inapplicable().items() if getattr(self, name) != _default(self, name)
        ]
        if wrong:
            raise ValueError("; ".join(wrong))

    def replace(self, **changes) -> PageScene:
        return dataclasses.replace(self, **changes)

    @classmethod
    def link_keys(cls) -> tuple[str, ...]:
        """Every key a link of this page may carry, in the order links write them."""
        own = [f.name for f in dataclasses.fields(cls) if "codec" in f.metadata and f.name != "step"]
        return (*own, "step") if "codec" in _field(cls, "step").metadata else tuple(own)

    @classmethod
    def codec(cls, name: str) -> codecs.Codec:
        return _field(cls, name).metadata["codec"]

    @classmethod
    def limits(cls, name: str) -> tuple[int, int]:
        """The range of each number of field `name` (what its spin boxes allow)."""
        return cls.codec(name).limits

    def inapplicable(self) -> dict[str, str]:
        """Keys that do not apply given the other values (dilation of average pooling), each with the
        reason; they keep their defaults and stay out of the link."""
        return {}

    def implied(self, name: str):
        """The value field `name` takes when a link leaves it out and the other values decide it (a rows
        input's size is its shape), or None: then it is the field's default."""
        return None


def _field(cls: type, name: str) -> dataclasses.Field:
    return next(f for f in dataclasses.fields(cls) if f.name == name)


def _default(scene: PageScene, name: str):
    return _field(type(scene), name).default
