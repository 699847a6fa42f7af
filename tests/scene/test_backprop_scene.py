"""The Backprop scene: its link keys (the convolution's declared once, shared with ConvScene), its
defaults, the pooling keys that apply only with pooling, and the dL/dY value `grad` with its codec."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.scene import limits
from convviz.scene.codecs import UPSTREAM, LinkError
from convviz.scene.inputs import INPUT_PRESETS
from convviz.scene.kernels import KERNEL_PRESETS
from convviz.scene.link import format_link, parse_link
from convviz.scene.scenes import OPEN_PAGES, PAGES, BackpropScene, ConvFields, ConvScene
from convviz.scene.upstream import Upstream

CONV_KEYS = ("input", "size", "kernel", "stride", "padding", "dilation", "padding_mode", "flip")


def _backprop(text: str) -> BackpropScene:
    return parse_link("convviz://backprop?" + text, pages=PAGES)


def test_link_keys_follow_the_design_with_the_convolution_keys_declared_once():
    assert ConvScene.link_keys() == (*CONV_KEYS, "step")
    assert BackpropScene.link_keys() == (
        *CONV_KEYS, "relu", "pool", "window", "pool_stride", "grad", "view", "step",
    )  # fmt: skip
    assert issubclass(ConvScene, ConvFields) and issubclass(BackpropScene, ConvFields)
    assert BackpropScene.codec("kernel") is ConvScene.codec("kernel")
    assert BackpropScene.codec("size") is ConvScene.codec("size")  # redeclared for its default only
    assert (
        BackpropScene.limits("pool_stride") == limits.STRIDE
        and BackpropScene.limits("window") == limits.WINDOW
    )


def test_the_default_scene_is_a_small_first_lesson():
    scene = BackpropScene()
    assert (scene.input, scene.size, scene.kernel) == ("square", (8, 8), "sobel_x")
    assert scene.relu and scene.pool == "none" and scene.grad == Upstream() and scene.view == "scatter"
    assert ConvScene().size == (28, 28) and ConvScene().input == "digit3"  # ConvScene's stay its own
    assert _backprop("") == scene


def test_the_backprop_page_is_open():
    assert "backprop" in PAGES and "backprop" in OPEN_PAGES
    assert parse_link("convviz://backprop") == BackpropScene()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("relu=0&view=gather", BackpropScene(relu=False, view="gather")),
        ("pool=max&window=3&pool_stride=2", BackpropScene(pool="max", window=(3, 3), pool_stride=(2, 2))),
        ("pool=avg&window=2x3", BackpropScene(pool="avg", window=(2, 3))),
        ("grad=random:42", BackpropScene(grad=Upstream("random", seed=42))),
        ("grad=onehot:2,5&view=matrix", BackpropScene(grad=Upstream("onehot", cell=(2, 5)), view="matrix")),
        ("kernel=1,2;3,4&stride=2&flip=1", BackpropScene(kernel="1,2;3,4", stride=(2, 2), flip=True)),
    ],
)
def test_hand_written_backprop_links(text, expected):
    assert _backprop(text) == expected


def test_the_pool_stride_left_out_is_the_window():
    scene = _backprop("pool=max&window=3")
    assert scene.pool_stride is None and scene.pool_stride_size() == (3, 3)
    assert "pool_stride" not in format_link(scene) and "window=3" in format_link(scene)
    assert "window" not in format_link(BackpropScene())  # it does not apply without pooling


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("window=3", ["window applies to pooling only", "pool=max or pool=avg"]),
        ("pool_stride=2", ["pool_stride applies to pooling only"]),
        ("pool=min", ["pool", "none, max, avg", "min"]),
        ("view=table", ["view", "scatter, gather, matrix"]),
        ("grad=twos", ["grad must be ones, random:SEED or onehot:ROW,COLUMN", "twos"]),
        ("grad=random", ["grad must be ones, random:SEED"]),
        ("grad=random:-1", ["grad must be from 0 to 2147483647"]),
        ("grad=onehot:1", ["onehot:ROW,COLUMN"]),
        ("grad=onehot:1,x", ["grad must be a whole number", "'x'"]),
        ("grad=onehot:0,512", ["grad must be from 0 to 511"]),
        ("ceil=1", ["unknown key", "ceil"]),
    ],
)
def test_bad_backprop_links_name_what_is_wrong(text, words):
    with pytest.raises(LinkError) as caught:
        _backprop(text)
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Upstream(), "ones"),
        (Upstream("random", seed=0), "random:0"),
        (Upstream("onehot", cell=(3, 0)), "onehot:3,0"),
    ],
)
def test_the_grad_codec_round_trips(value, text):
    assert UPSTREAM.format(value) == text and UPSTREAM.parse(text, "grad") == value
    assert [UPSTREAM.parse(word, "grad").kind for word in UPSTREAM.words] == ["ones", "random", "onehot"]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (dict(kind="zeros"), "one of ones, random, onehot"),
        (dict(kind="random"), "random dL/dY needs one"),
        (dict(kind="ones", seed=3), "a seed belongs to random"),
        (dict(kind="onehot"), "one-hot dL/dY needs one"),
        (dict(kind="random", seed=1, cell=(0, 0)), "a cell belongs to one-hot"),
    ],
)
def test_an_upstream_value_is_whole_or_refused(kwargs, words):
    with pytest.raises(ValueError, match=words):
        Upstream(**kwargs)


def _pairs(low, high):
    values = st.integers(low, high)
    return st.one_of(values.map(lambda v: (v, v)), st.tuples(values, values))


@st.composite
def backprop_scenes(draw) -> BackpropScene:
    pool = draw(st.sampled_from(["none", "max", "avg"]))
    stride = draw(_pairs(1, 32))
    return BackpropScene(
        input=draw(st.sampled_from(INPUT_PRESETS)),
        size=draw(st.tuples(st.integers(3, 512), st.integers(3, 512))),
        kernel=draw(st.one_of(st.sampled_from(KERNEL_PRESETS), st.just("1,-2.5;0.125,4"))),
        stride=stride,
        padding=draw(_pairs(0, 64) if stride != (1, 1) else st.one_of(st.just("same"), _pairs(0, 64))),
        dilation=draw(_pairs(1, 32)),
        padding_mode=draw(st.sampled_from(["zeros", "reflect", "replicate", "circular"])),
        flip=draw(st.booleans()),
        relu=draw(st.booleans()),
        pool=pool,
        window=draw(_pairs(1, 32)) if pool != "none" else (2, 2),
        pool_stride=draw(st.one_of(st.none(), _pairs(1, 32))) if pool != "none" else None,
        grad=draw(
            st.one_of(
                st.just(Upstream()),
                st.integers(0, 2**31 - 1).map(lambda seed: Upstream("random", seed=seed)),
                st.tuples(st.integers(0, 511), st.integers(0, 511)).map(
                    lambda cell: Upstream("onehot", cell=cell)
                ),
            )
        ),  # fmt: skip
        view=draw(st.sampled_from(["scatter", "gather", "matrix"])),
        step=draw(st.integers(0, limits.STEP[1] - 1)),
    )


@settings(max_examples=150, deadline=None)
@given(backprop_scenes())
def test_every_backprop_scene_survives_a_round_trip(scene):
    link = format_link(scene)
    assert link.startswith("convviz://backprop?")
    assert parse_link(link, pages=PAGES) == scene
    assert format_link(parse_link(link, pages=PAGES)) == link
