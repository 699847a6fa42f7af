"""The scene classes are the one declaration of each page: its link keys, defaults and limits come from
their fields, and the pooling scene's links follow the pool page's rules."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.scene import limits, scenes
from convviz.scene.base import SCENES, PageScene
from convviz.scene.inputs import INPUT_PRESETS
from convviz.scene.link import LinkError, format_link, parse_link
from convviz.scene.scenes import PAGES, BackpropScene, ConvScene, PoolScene, StartScene


def test_pages_are_the_declared_scene_classes():
    assert PAGES[:4] == ("start", "conv", "pool", "backprop") and "transpose" in PAGES
    assert [SCENES[page] for page in PAGES[:4]] == [StartScene, ConvScene, PoolScene, BackpropScene]
    assert all(issubclass(scene, PageScene) and scene.page == page for page, scene in SCENES.items())


def test_link_keys_are_the_fields_that_carry_a_codec_with_step_last():
    assert StartScene.link_keys() == ()
    assert ConvScene.link_keys() == tuple(
        f.name for f in dataclasses.fields(ConvScene) if f.name != "step"
    ) + ("step",)
    assert PoolScene.link_keys() == (
        "input", "size", "pool", "window", "stride", "padding", "dilation", "ceil", "count_pad", "step",
    )  # fmt: skip


def test_limits_live_in_one_place_and_the_fields_carry_them():
    assert ConvScene.limits("size") == PoolScene.limits("size") == limits.GRID == (3, 512)
    assert ConvScene.limits("kernel") == limits.KERNEL == (1, 9)
    assert ConvScene.limits("stride") == PoolScene.limits("stride") == (1, 32)
    assert ConvScene.limits("padding") == (0, 64)
    assert ConvScene.limits("dilation") == (1, 32)
    assert PoolScene.limits("window") == limits.WINDOW


def test_scenes_are_frozen_and_replace_keeps_the_class():
    scene = PoolScene(pool="avg")
    with pytest.raises(dataclasses.FrozenInstanceError):
        scene.pool = "max"  # type: ignore[misc]
    assert type(scene.replace(step=3)) is PoolScene and scene.replace(step=3).step == 3


def test_a_link_to_a_page_being_built_is_refused_with_the_reason(page_being_built):
    """A page whose scene is declared but whose UI is not open yet: a clear LinkError, not an empty tab."""
    assert page_being_built in PAGES and page_being_built not in scenes.OPEN_PAGES
    with pytest.raises(LinkError, match=f"the {page_being_built} page is not in this version"):
        parse_link(f"convviz://{page_being_built}")


def test_a_link_to_a_page_not_open_is_refused_with_the_reason():
    with pytest.raises(LinkError, match="backprop page is not in this version"):
        parse_link("convviz://backprop?relu=0", pages=("start", "conv", "pool"))
    assert parse_link("convviz://backprop?relu=0") == BackpropScene(relu=False)


def _pool(text: str) -> PoolScene:
    return parse_link("convviz://pool?" + text, pages=PAGES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", PoolScene()),
        ("pool=avg&window=3&stride=2", PoolScene(pool="avg", window=(3, 3), stride=(2, 2))),
        ("window=2x3&padding=1&dilation=2x1", PoolScene(window=(2, 3), padding=(1, 1), dilation=(2, 1))),
        ("pool=avg&window=global", PoolScene(pool="avg", window="global")),
        ("ceil=1&pool=avg&count_pad=0", PoolScene(pool="avg", ceil=True, count_pad=False)),
        ("input=1,2,3,4,5;1,2,3,4,5;1,2,3,4,5&step=3", PoolScene(input="1,2,3,4,5;1,2,3,4,5;1,2,3,4,5",
                                                                 size=(3, 5), step=2)),
    ],
)  # fmt: skip
def test_hand_written_pool_links(text, expected):
    assert _pool(text) == expected


def test_pool_stride_left_out_is_the_window_and_stays_out_of_the_link():
    scene = _pool("window=3")
    assert scene.stride is None and scene.stride_size() == (3, 3)
    assert "stride" not in format_link(scene)
    assert _pool("window=global").kernel_size() == (28, 28)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("pool=min", ["pool", "max, avg", "min"]),
        ("window=0", ["window", "1 to 32"]),
        ("window=local", ["window", "local"]),
        ("stride=global", ["stride"]),
        ("pool=avg&dilation=2", ["dilation", "max pooling only"]),
        ("count_pad=0", ["count_pad", "average pooling only"]),
        ("ceil=yes", ["ceil", "0 or 1"]),
        ("kernel=box", ["unknown key", "kernel", "pool"]),
        ("window=0&pool=min", ["window", "pool"]),  # every problem at once
    ],
)
def test_bad_pool_links_name_what_is_wrong(text, words):
    with pytest.raises(LinkError) as caught:
        _pool(text)
    for word in words:
        assert word in str(caught.value)


def test_a_value_that_does_not_apply_cannot_be_set():
    """It would not survive the link, so the scene refuses it instead of losing it silently."""
    with pytest.raises(ValueError, match="dilation applies to max pooling only"):
        PoolScene(pool="avg", dilation=(2, 2))
    with pytest.raises(ValueError, match="count_pad applies to average pooling only"):
        PoolScene(pool="max", count_pad=False)


def _pairs(low, high):
    values = st.integers(low, high)
    return st.one_of(values.map(lambda v: (v, v)), st.tuples(values, values))


@st.composite
def pool_scenes(draw) -> PoolScene:
    kind = draw(st.sampled_from(["max", "avg"]))
    return PoolScene(
        input=draw(st.sampled_from(INPUT_PRESETS)),
        size=draw(st.tuples(st.integers(3, 512), st.integers(3, 512))),
        pool=kind,
        window=draw(st.one_of(st.just("global"), _pairs(1, 32))),
        stride=draw(st.one_of(st.none(), _pairs(1, 32))),
        padding=draw(_pairs(0, 64)),
        dilation=draw(_pairs(1, 32)) if kind == "max" else (1, 1),
        ceil=draw(st.booleans()),
        count_pad=draw(st.booleans()) if kind == "avg" else True,
        step=draw(st.integers(0, limits.STEP[1] - 1)),
    )


@settings(max_examples=100, deadline=None)
@given(pool_scenes())
def test_every_pool_scene_survives_a_round_trip(scene):
    link = format_link(scene)
    assert link.startswith("convviz://pool?")
    assert parse_link(link, pages=PAGES) == scene
    assert format_link(parse_link(link, pages=PAGES)) == link
