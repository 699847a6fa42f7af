"""The chosen map's weights as grids: a conv map's kernel slices are its group's input channels, a linear
feature's weight row is cut as its sum groups it; an edit through a grid cell lands on that weight."""

import numpy as np

from convviz.scene.network_fields import MapRef
from convviz.scene.network_model import scene_layer_weights
from convviz.scene.scenes import NetworkScene
from convviz.timeline.network import NetworkTimeline
from convviz.timeline.network_slices import kernel_slices, partial_sums, with_slice_edit


def test_a_grouped_conv_maps_slices_are_its_groups_channels():
    scene = NetworkScene(layers="conv3x4,conv3x6g2", size=(8, 8), map=MapRef(2, 4))
    timeline = NetworkTimeline(scene)
    slices = kernel_slices(timeline)
    assert [piece.channel for piece in slices] == [2, 3]  # group 2 of 2 reads channels 2 and 3
    w, _ = scene_layer_weights(scene, 2)
    for local, piece in enumerate(slices):
        np.testing.assert_array_equal(piece.values, w[4, local])
    step = timeline.step(7)
    assert partial_sums(step) == tuple(term.value for term in step.terms)
    edited = with_slice_edit(scene, timeline, slices[1], (2, 0), 1.5)
    (edit,) = edited.edits
    assert (edit.layer, edit.out, edit.inp) == (2, 4, 1)
    expected = np.array(w[4, 1], dtype=np.float64)
    expected[2, 0] = 1.5
    np.testing.assert_array_equal(scene_layer_weights(edited, 2)[0][4, 1], expected.astype(np.float32))


def test_a_linear_features_row_is_cut_by_the_channels_it_flattens():
    scene = NetworkScene(layers="conv3x3,flatten,linear4", size=(6, 5), map=MapRef(3, 2))
    timeline = NetworkTimeline(scene)
    slices = kernel_slices(timeline)
    assert [piece.label for piece in slices] == ["channel 0", "channel 1", "channel 2"]
    assert all(piece.values.shape == (4, 3) for piece in slices)  # each channel's 4x3 map
    w, _ = scene_layer_weights(scene, 3)
    np.testing.assert_array_equal(np.concatenate([p.values.ravel() for p in slices]), w[2])
    assert [g.partial for g in timeline.step(0).groups] == list(partial_sums(timeline.step(0)))
    edited = with_slice_edit(scene, timeline, slices[1], (3, 2), -2.0)
    (edit,) = edited.edits
    assert (edit.layer, edit.out, edit.inp, edit.rows) == (3, 2, 12 + 3 * 3 + 2, ((-2.0,),))


def test_a_linear_on_a_vector_groups_ten_features_to_a_row_and_pooling_has_no_slices():
    scene = NetworkScene(layers="conv3x2,flatten,linear23,linear2", size=(6, 6), map=MapRef(4, 1))
    slices = kernel_slices(NetworkTimeline(scene))
    assert [piece.values.shape for piece in slices] == [(1, 10), (1, 10), (1, 3)]
    assert slices[2].features.tolist() == [[20, 21, 22]]
    assert kernel_slices(NetworkTimeline(scene.replace(layers="conv3x2,maxpool2", map=MapRef(2, 0)))) == ()
