"""Views draw one timeline step; the window and the exporters share them, so exports look like the screen.

Each view has `load(scene) -> number of steps` (raising NoOutput with the reason when there are none)
and `draw(step)`; `create_view` picks the view of a scene's page."""

from __future__ import annotations

from convviz.ui.theme import DEFAULT, Theme


def create_view(page: str, theme: Theme = DEFAULT):
    from .conv_view import ConvView

    views = {"conv": ConvView}
    if page not in views:
        raise ValueError(f"the {page} page has no animation to show")
    return views[page](theme=theme)
