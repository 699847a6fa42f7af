"""The extended layer grammar: channels (x), groups (g), relu, flatten, linear; canonical writing; refusals
naming the item; receptive-field functions over relu, flatten and linear."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.engine import (
    LAYER_KINDS,
    SPATIAL_KINDS,
    LayerSpec,
    influence_masks,
    layer_map_sizes,
    parse_layers,
    receptive_field,
    smallest_input,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("conv3x8", LayerSpec("conv", 3, 1, channels=8)),
        ("conv3g4s2x16p1", LayerSpec("conv", 3, 2, 1, 1, 16, 4)),  # options in any order
        ("conv3p1x8g8", LayerSpec("conv", 3, 1, 1, 1, 8, 8)),
        ("relu", LayerSpec("relu", 1, 1)),
        ("flatten", LayerSpec("flatten", 1, 1)),
        ("linear10", LayerSpec("linear", 1, 1, channels=10)),
        ("maxpool2", LayerSpec("maxpool", 2, 2)),
    ],
)
def test_parse_extended_items(text, expected):
    assert parse_layers(text) == [expected]


@pytest.mark.parametrize(
    ("spec", "text"),
    [
        (LayerSpec("conv", 3, 1, channels=8), "conv3x8"),
        (LayerSpec("conv", 3, 2, 1, 1, 16, 4), "conv3s2p1x16g4"),
        (LayerSpec("conv", 3, 1, 0, 2, 1, 1), "conv3d2"),
        (LayerSpec("relu", 1, 1), "relu"),
        (LayerSpec("flatten", 1, 1), "flatten"),
        (LayerSpec("linear", 1, 1, channels=10), "linear10"),
    ],
)
def test_canonical_text(spec, text):
    assert str(spec) == text
    assert parse_layers(text) == [spec]


def test_old_specs_are_unchanged():
    """The new fields default, so a five-field spec equals the parsed item it always did."""
    assert parse_layers("conv3p1,maxpool2s2") == [LayerSpec("conv", 3, 1, 1), LayerSpec("maxpool", 2, 2)]
    assert LAYER_KINDS[:3] == SPATIAL_KINDS == ("conv", "maxpool", "avgpool")


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("maxpool2x4", "maxpool has no option x"),
        ("avgpool2g2", "avgpool has no option g"),
        ("relu3", "relu takes no number"),
        ("flattens2", "not conv<k>"),
        ("linear", "needs a number after linear"),
        ("linear10s2", "linear has no option s"),
        ("linear0", "at least 1 output feature"),
        ("conv3x0", "must be at least 1"),
        ("conv3g0", "must be at least 1"),
        ("conv3x8x4", "gives x twice"),
        ("conv3q2", "conv has no option q"),
        ("dense10", "not conv<k>"),
    ],
)
def test_bad_items_are_named_with_their_position(bad, words):
    with pytest.raises(ValueError, match=re.escape(f"layer 2 ('{bad}')") + ".*" + re.escape(words)):
        parse_layers(f"conv3,{bad},relu")


items = st.one_of(
    st.builds(
        LayerSpec,
        st.just("conv"),
        st.integers(1, 11),
        st.integers(1, 4),
        st.integers(0, 3),
        st.integers(1, 3),
        st.integers(1, 64),
        st.integers(1, 8),
    ),
    st.builds(
        lambda kind, k, s, p, d: LayerSpec(kind, k, s, p, d),
        st.sampled_from(["maxpool", "avgpool"]),
        st.integers(1, 5),
        st.integers(1, 5),
        st.integers(0, 2),
        st.integers(1, 2),
    ),
    st.sampled_from([LayerSpec("relu", 1, 1), LayerSpec("flatten", 1, 1)]),
    st.builds(lambda n: LayerSpec("linear", 1, 1, channels=n), st.integers(1, 4096)),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(items, min_size=1, max_size=8))
def test_every_stack_round_trips(specs):
    assert parse_layers(",".join(map(str, specs))) == specs


def test_relu_is_an_identity_for_receptive_fields():
    with_relu = "conv3,relu,maxpool2,relu,conv3d2"
    plain = "conv3,maxpool2,conv3d2"
    sizes = [(r.size, r.jump, r.start) for r in receptive_field(with_relu)]
    assert [sizes[i] for i in (0, 2, 4)] == [(r.size, r.jump, r.start) for r in receptive_field(plain)]
    assert sizes[1] == sizes[0]
    assert layer_map_sizes(with_relu, (20, 20))[1:3] == [(18, 18)] * 2
    assert smallest_input(with_relu) == smallest_input(plain)
    masks = influence_masks(with_relu, (20, 20), (1, 1))
    plain_masks = influence_masks(plain, (20, 20), (1, 1))
    assert all((masks[i] == plain_masks[j]).all() for i, j in ((0, 0), (1, 1), (3, 2), (5, 3)))


@pytest.mark.parametrize("function", [receptive_field, smallest_input, lambda s: layer_map_sizes(s, (9, 9))])
@pytest.mark.parametrize(
    ("stack", "named"), [("conv3,relu,flatten", "layer 3 (flatten)"), ("linear4", "layer 1 (linear4)")]
)
def test_flatten_and_linear_have_no_receptive_field(function, stack, named):
    with pytest.raises(ValueError, match=re.escape(named) + " has no receptive field"):
        function(stack)
