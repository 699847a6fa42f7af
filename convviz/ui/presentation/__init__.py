"""Presentation mode for a lecture hall: full screen, large type, clicker keys, a blank screen, a pen."""

from .presenter import Presenter

__all__ = ["Presenter"]
