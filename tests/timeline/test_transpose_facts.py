"""What the Transposed page says beside its animation: the output-size formula, the checkerboard of
uneven overlaps, the convolution it undoes (its adjoint) and dilation compared."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.engine import conv2d, conv_transpose2d, parse_layers, receptive_field
from convviz.scene.link import format_link, parse_link
from convviz.scene.scenes import PAGES, ConvScene, TransposeScene
from convviz.timeline import timeline_for
from convviz.timeline.transpose_facts import (
    axis_sizes,
    checkerboard_notes,
    compare_dilations,
    compared_words,
    stamps_by_phase,
    undone_convolution,
    undone_convolution_of,
)

from .transpose_scenes import scene_of, timelines


def test_the_output_size_formula_with_its_numbers():
    height, width = axis_sizes(
        timeline_for(TransposeScene(stride=(2, 3), padding=(1, 0), output_padding=(1, 2)))
    )
    assert height.formula == "(3 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 6"
    assert width.formula == "(3 − 1)·3 − 2·0 + 1·(3 − 1) + 2 + 1 = 11"


@settings(max_examples=60, deadline=None)
@given(timelines(views=("scatter",)))
def test_the_formula_gives_the_engines_output_size(timeline):
    assert tuple(axis.out for axis in axis_sizes(timeline)) == timeline.output.shape


def test_the_overlap_map_counts_the_stamps_and_shows_the_checkerboard():
    """3x3 kernel, stride 2: rows and columns get 2, 1 stamps in turn, so interior cells get 4, 2 or 1."""
    timeline = timeline_for(TransposeScene(input="square", size=(8, 8)))
    overlap = timeline.overlap
    assert overlap.dtype.kind == "i" and overlap.sum() == timeline.input.size * 9
    assert set(np.unique(overlap[2:-2, 2:-2])) == {1, 2, 4}
    assert stamps_by_phase(3, 2, 1) == (2, 1)
    (note,) = checkerboard_notes(timeline)  # rows and columns alike: said once
    assert note.startswith(
        "Away from the borders, output rows and columns get 2, 1 stamps in turn, repeating every 2"
    )
    assert "the kernel size 3 is not a multiple of the stride 2" in note and "checkerboard" in note
    wide = TransposeScene(input="square", size=(8, 8), stride=(2, 1))  # columns at stride 1: even
    (rows_only,) = checkerboard_notes(timeline_for(wide))
    assert rows_only.startswith("Away from the borders, output rows get 2, 1 stamps in turn")


def test_dilated_taps_on_the_stride_leave_rows_no_stamp_reaches():
    rows, columns = checkerboard_notes(
        timeline_for(TransposeScene(dilation=(2, 1), kernel="1,1,1;1,1,1;1,1,1;1,1,1"))
    )
    assert "output rows get 4, 0 stamps in turn" in rows and "rows that no stamp reaches stay 0" in rows
    assert "columns get 2, 1 stamps" in columns and "stay 0" not in columns


def test_a_kernel_a_multiple_of_the_stride_overlaps_evenly():
    timeline = timeline_for(
        TransposeScene(input="square", size=(8, 8), kernel="1,1,1,1;1,1,1,1;1,1,1,1;1,1,1,1")
    )
    assert checkerboard_notes(timeline) == ()
    assert set(np.unique(timeline.overlap[3:-3, 3:-3])) == {4}


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 6), st.integers(1, 4), st.integers(1, 3))
def test_stamps_by_phase_are_the_interior_of_the_overlap_map(k, s, d):
    counts = stamps_by_phase(k, s, d)
    ones = conv_transpose2d(
        np.ones((1, 12), np.float32), np.ones((1, k), np.float32), stride=(1, s), dilation=(1, d)
    )
    span = d * (k - 1)
    interior = np.rint(ones[0, span : 11 * s + 1]).astype(int)  # reached by every tap's lattice
    assert all(interior[x] == counts[(x + span) % s] for x in range(len(interior)))
    if d == 1:
        assert (len(set(counts)) == 1) == (k % s == 0)


def test_the_convolution_it_undoes_takes_the_output_back_to_the_input_size():
    timeline = timeline_for(TransposeScene(padding=(1, 1), output_padding=(1, 1)))
    undone = undone_convolution(timeline)
    conv = undone.scene
    assert isinstance(conv, ConvScene) and tuple(conv.size) == timeline.output.shape == (6, 6)
    assert conv.kernel == timeline.scene.kernel and conv.stride == (2, 2) and conv.padding == (1, 1)
    assert timeline_for(conv).output.shape == timeline.input.shape == undone.out_shape
    assert parse_link(format_link(conv), PAGES) == conv
    assert "a 6x6 input, this kernel, stride 2, padding 1, dilation 1 gives a 3x3 output" in undone.words
    assert "adjoint" in undone.words


@settings(max_examples=60, deadline=None)
@given(timelines(views=("scatter",)), st.integers(0, 99))
def test_the_adjoint_identity_holds(timeline, seed):
    """<conv(z), y> = <z, convT(y)> for z of the output's size and y of the input's."""
    scene = timeline.scene
    rng = np.random.default_rng(seed)
    y = rng.standard_normal(timeline.input.shape).astype(np.float32)
    z = rng.standard_normal(timeline.output.shape).astype(np.float32)
    conv = dict(stride=scene.stride, padding=scene.padding, dilation=scene.dilation)
    forward = conv2d(z, timeline.kernel, **conv)[: y.shape[0], : y.shape[1]]  # outputs past y: dropped
    assert forward.shape == y.shape
    lhs = float(np.sum(forward.astype(np.float64) * y))
    rhs = float(np.sum(z.astype(np.float64) * timeline.transposed(y)))
    assert lhs == pytest.approx(rhs, rel=1e-4, abs=1e-3)
    assert undone_convolution(timeline).out_shape == conv2d(z, timeline.kernel, **conv).shape


@settings(max_examples=30, deadline=None)
@given(timelines(views=("scatter",)))
def test_the_convolution_it_undoes_starts_from_this_output_exactly(timeline):
    conv = undone_convolution(timeline).scene
    if conv is None:  # an output under 3 cells a side: said, and tested on its own
        return
    assert np.array_equal(timeline_for(conv).input, timeline.output)
    assert parse_link(format_link(conv), PAGES) == conv


def test_a_drawn_output_travels_exactly_as_png_data():
    timeline = timeline_for(TransposeScene(input="digit3", size=(28, 28), kernel="gaussian"))
    conv = undone_convolution(timeline).scene
    assert conv.input.startswith("png:") and np.array_equal(timeline_for(conv).input, timeline.output)
    assert timeline_for(conv).output.shape == (28, 28)


def test_output_padding_a_whole_stride_is_said_to_drop_outputs():
    timeline = timeline_for(scene_of(np.ones((4, 4)), "1,1;1,1", stride=1, dilation=2, output_padding=1))
    undone = undone_convolution(timeline)
    assert undone.out_shape == (5, 5) and "not this page's 4x4 input" in undone.words


def test_an_output_too_small_for_the_convolution_page_has_no_link():
    timeline = timeline_for(scene_of(np.ones((3, 3)), "1", stride=1, padding=1))
    undone = undone_convolution(timeline)
    assert timeline.output.shape == (1, 1) and undone.scene is None and "3 to 512 cells" in undone.words


@settings(max_examples=60, deadline=None)
@given(timelines(views=("scatter",)))
def test_dilation_compared_is_the_engines_transposed_convolution_at_each_dilation(timeline):
    scene = timeline.scene
    for case, d in zip(compare_dilations(timeline), (1, 2, 3)):
        assert case.dilation == d
        assert case.span == tuple(d * (k - 1) + 1 for k in timeline.kernel.shape)
        allowed = tuple(max(s, d) - 1 for s in scene.stride)
        assert case.output_padding == tuple(map(min, scene.output_padding, allowed))
        params = dict(stride=scene.stride, padding=scene.padding, output_padding=case.output_padding)
        sizes = tuple(size.out for size in case.sizes)
        try:
            expected = conv_transpose2d(timeline.input, timeline.kernel, dilation=d, **params)
        except ValueError as error:
            assert case.output is None and case.problem == str(error) and min(sizes) <= 0
            continue
        np.testing.assert_array_equal(case.output, expected)
        assert sizes == expected.shape
        if scene.dilation == (d, d):
            np.testing.assert_array_equal(case.output, timeline.output)  # the page's own, alike


def test_a_stamps_span_is_the_receptive_field_of_the_convolution_it_undoes():
    for k in (1, 2, 3, 5):
        timeline = timeline_for(scene_of(np.ones((3, 3)), ";".join([",".join(["1"] * k)] * k)))
        spans = [case.span[0] for case in compare_dilations(timeline)]
        assert spans == [receptive_field(parse_layers(f"conv{k}d{d}"))[-1].size for d in (1, 2, 3)]


def test_dilation_compared_in_words_writes_the_formula_once_in_d():
    timeline = timeline_for(TransposeScene())
    cases = compare_dilations(timeline)
    assert [case.output.shape for case in cases] == [(7, 7), (9, 9), (11, 11)]
    assert compared_words(cases) == (
        "Dilation 1, 2, 3, this kernel, stride and padding on this input: a stamp spans d·(k − 1) + 1 ="
        " 3, 5, 7 cells a side, the receptive field of the convolution it undoes, and the output grows"
        " with it: H' = W' = (3 − 1)·2 − 2·0 + d·(3 − 1) + 0 + 1 = 7, 9, 11."
    )
    wide = compare_dilations(timeline_for(scene_of(np.ones((3, 4)), "1,1", stride=(1, 2), padding=(0, 1))))
    assert compared_words(wide).split(": a stamp spans ")[1] == (
        "d·(k − 1) + 1 = 1x2, 1x3, 1x4 cells, the receptive field of the convolution it undoes, and the"
        " output grows with it: H' = (3 − 1)·1 − 2·0 + d·(1 − 1) + 0 + 1 = 3, 3, 3;"
        " W' = (4 − 1)·2 − 2·1 + d·(2 − 1) + 0 + 1 = 6, 7, 8."
    )


def test_an_output_padding_a_dilation_does_not_allow_is_lowered_and_said():
    timeline = timeline_for(scene_of(np.ones((3, 3)), "1,1;1,1", stride=1, dilation=3, output_padding=(2, 0)))
    cases = compare_dilations(timeline)
    assert [case.output_padding for case in cases] == [(0, 0), (1, 0), (2, 0)]
    assert [case.output.shape for case in cases] == [(4, 4), (6, 5), (8, 6)]
    words = compared_words(cases)
    assert "H' = (3 − 1)·1 − 2·0 + d·(2 − 1) + o + 1 = 4, 6, 8;" in words
    assert words.endswith("(H' takes output padding o = 0, 1, 2: it stays below max(stride, d).)")


def test_a_dilation_whose_output_the_padding_crops_away_says_why():
    timeline = timeline_for(scene_of(np.ones((3, 3)), stride=1, padding=3, dilation=3))
    one, two, three = compare_dilations(timeline)
    assert one.output is None and two.output.shape == (1, 1) and three.output.shape == (3, 3)
    assert [size.out for size in one.sizes] == [-1, -1]
    assert compared_words((one, two, three)).endswith(
        " = -1, 1, 3. Dilation 1: no output, padding removes the whole output height: it would be -1 pixels."
    )


def test_the_convolution_it_undoes_is_computed_once_per_scene(monkeypatch):
    from convviz.timeline import transpose_facts

    calls = []
    monkeypatch.setattr(
        transpose_facts, "undone_convolution", lambda timeline: calls.append(timeline.scene) or object()
    )
    transpose_facts._undone_of.cache_clear()
    scene = TransposeScene(stride=(2, 3))
    first = undone_convolution_of(scene)
    assert undone_convolution_of(scene.replace(step=4, view="matrix")) is first
    assert calls == [scene.replace(view="scatter", step=0)]
    undone_convolution_of(scene.replace(kernel="box"))
    assert len(calls) == 2
    transpose_facts._undone_of.cache_clear()
