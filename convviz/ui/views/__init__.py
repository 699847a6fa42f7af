"""Views draw one timeline step; the window and the exporters share them, so exports look like the screen.

Each view has `load(scene) -> number of steps` (raising NoOutput with the reason when there are none)
and `draw(step)`, and registers itself (`@VIEWS.shows(ConvScene)`); `create_view` picks the view of a
scene's page. Every module of this package is imported here, so a new view needs only its own module."""

from __future__ import annotations

import importlib
import pkgutil

from convviz.ui.registry import VIEWS
from convviz.ui.theme import DEFAULT, Theme

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")


def create_view(page: str, theme: Theme = DEFAULT):
    return VIEWS.class_for(page)(theme=theme)
