"""A scene turned into the ordered steps of its animation, as data. No Qt.

Every module of this package is imported here, so each timeline registers itself (`@animates`) and a
new page's timeline needs only its own module."""

import importlib
import pkgutil

from .base import NoOutput, Timeline, timeline_for

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["NoOutput", "Timeline", "timeline_for"]
