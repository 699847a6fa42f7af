"""Scenes for the contract tests, built from what each scene class declares (its fields' codecs,
limits and words), so a new page's scene is covered without a line written for it."""

from __future__ import annotations

import dataclasses

from convviz.scene.base import PageScene
from convviz.scene.codecs import LinkError

ROWS = ("1,2;3,4", "0,1,0;1,1,1;0,1,0")  # valid for every input and kernel field (a 2x2 or 3x3 grid)
STACKS = ("conv3,maxpool2",)  # valid for every layers field


def candidate_texts(scene_class: type[PageScene], key: str) -> list[str]:
    """Link texts that may be a value of `key`, the most telling first: its codec's words, HxW pairs of
    two different numbers within its limits, rows, a layer stack, single numbers, flags. The caller drops
    those the codec refuses."""
    codec = scene_class.codec(key)
    low, high = codec.limits or (0, 1)
    numbers = [n for n in range(low, low + 4) if n <= high]
    pairs = [f"{a}x{b}" for a in numbers for b in numbers if a != b]
    return [*codec.words, *pairs, *ROWS, *STACKS, *map(str, numbers), "1", "0"]


def changed(scene: PageScene, key: str) -> PageScene | None:
    """`scene` with `key` at a value other than its default that the scene accepts, or None."""
    default = next(f.default for f in dataclasses.fields(scene) if f.name == key)
    for text in candidate_texts(type(scene), key):
        try:
            value = scene.codec(key).parse(text, key)
            if value != default:
                return scene.replace(**{key: value})
        except (LinkError, ValueError):
            continue  # not a value of this key, or one that does not apply with the others
    return None


def varied_scenes(scene_class: type[PageScene]) -> list[PageScene]:
    """Scenes that between them set every link key to a value other than its default: for each key, that
    key changed first, then every other key that still applies (dilation and count_pad of pooling
    exclude each other, so no single scene can change both)."""
    keys = scene_class.link_keys()
    scenes = []
    for first in keys:
        scene = scene_class()
        for key in (first, *(k for k in keys if k != first)):
            scene = changed(scene, key) or scene
        scenes.append(scene)
    return list(dict.fromkeys(scenes))
