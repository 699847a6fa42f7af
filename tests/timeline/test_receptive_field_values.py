"""What the Receptive-field page's maps hold: the input through the linear stack, layer by layer, with
the effective field's weights (uniform when it is off), as the engine computes each layer."""

import numpy as np

from convviz.engine import avg_pool2d, conv2d, max_pool2d
from convviz.scene.field_probe import ErfWeights
from convviz.scene.model import input_image
from convviz.scene.scenes import ReceptiveFieldScene
from convviz.timeline.effective_field import layer_weights
from convviz.timeline.receptive_field import ReceptiveFieldTimeline


def test_each_map_is_the_layer_below_through_the_engine_with_uniform_weights():
    scene = ReceptiveFieldScene(layers="conv3p1,maxpool2,conv3d2,avgpool2", size=(30, 26))
    values = ReceptiveFieldTimeline(scene).layer_values()
    x = input_image(scene.input, scene.size).astype(np.float64)
    np.testing.assert_array_equal(values[0], x)
    expected = [
        conv2d(x, np.full((3, 3), 1 / 9), padding=1),
    ]
    expected.append(max_pool2d(expected[-1], 2))
    expected.append(conv2d(expected[-1], np.full((3, 3), 1 / 9), dilation=2))
    expected.append(avg_pool2d(expected[-1], 2))
    for got, want in zip(values[1:], expected, strict=True):
        np.testing.assert_allclose(got, want)


def test_random_weights_are_the_effective_fields_own():
    erf = ErfWeights("random", seed=5)
    scene = ReceptiveFieldScene(layers="conv3,conv5s2", size=(20, 20), erf=erf)
    values = ReceptiveFieldTimeline(scene).layer_values()
    first, second = layer_weights(tuple(ReceptiveFieldTimeline(scene).specs), erf)
    np.testing.assert_allclose(values[1], conv2d(values[0], first))
    np.testing.assert_allclose(values[2], conv2d(values[1], second, stride=2))
    assert (values[1] < 0).any()  # signed: the page draws them on a diverging scale
