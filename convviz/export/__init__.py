"""Animation export: a scene's steps rendered offscreen by the window's own views and streamed to a
writer registered by format (png sequence, gif, mp4; one still as png, svg or pdf), written atomically.

    from convviz.export import Export
    job = Export(scene, "out.gif", size=(1280, 720), fps=8, steps=(1, 100))  # as the player numbers them
    for done in job.run():  # closing the generator early cancels
        ...
"""

from . import gif, mp4, png, vector  # noqa: F401 - importing a writer module registers its format
from .atomic import saving
from .errors import ExportError
from .job import DEFAULT_FPS, DEFAULT_SIZE, FPS_LIMITS, SIDE_LIMITS, Export, save_still
from .registry import MissingPackage, Writer, writers
from .steps import StepRange
from .target import Target, format_of, target_for

__all__ = [
    "DEFAULT_FPS",
    "DEFAULT_SIZE",
    "FPS_LIMITS",
    "SIDE_LIMITS",
    "Export",
    "ExportError",
    "MissingPackage",
    "Target",
    "StepRange",
    "Writer",
    "format_of",
    "save_still",
    "saving",
    "target_for",
    "writers",
]
