"""The pages of the explorer, one class per scene page."""

from __future__ import annotations

from convviz.ui.theme import DEFAULT, Theme

from .base import Page


def create_page(kind: str, theme: Theme = DEFAULT) -> Page:
    from .conv_page import ConvPage
    from .start_page import StartPage

    pages = {StartPage.kind: StartPage, ConvPage.kind: ConvPage}
    return pages[kind](theme=theme)
