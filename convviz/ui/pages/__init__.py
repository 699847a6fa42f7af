"""The pages of the explorer, one class per scene page, each registered by its own `@PAGES.shows`.

Every module of this package is imported here, so a new page needs only its own module."""

from __future__ import annotations

import importlib
import pkgutil

from convviz.ui.registry import PAGES
from convviz.ui.theme import DEFAULT, Theme

from .base import Page

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")


def create_page(kind: str, theme: Theme = DEFAULT) -> Page:
    return PAGES.class_for(kind)(theme=theme)
