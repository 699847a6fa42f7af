"""timeline_for finds a scene's timeline by its class; every timeline follows the Timeline protocol and
its steps are the one sliding-window step type."""

from __future__ import annotations

import pytest

from convviz.scene.base import SCENES
from convviz.scene.scenes import BackpropScene, ConvScene, PoolScene, StartScene, TransposeScene
from convviz.timeline import NoOutput, timeline_for
from convviz.timeline.backprop import BackpropTimeline
from convviz.timeline.conv import ConvTimeline
from convviz.timeline.pool import PoolTimeline
from convviz.timeline.transpose import TransposeTimeline
from convviz.timeline.window import REDUCTIONS, WindowStep


def test_each_animated_page_has_its_timeline():
    assert type(timeline_for(ConvScene())) is ConvTimeline
    assert type(timeline_for(PoolScene())) is PoolTimeline
    assert type(timeline_for(BackpropScene())) is BackpropTimeline
    assert type(timeline_for(TransposeScene())) is TransposeTimeline
    assert {"start", "conv", "pool", "backprop", "transpose"} <= set(SCENES)


def test_a_page_without_animation_says_so():
    with pytest.raises(ValueError, match="the start page has no animation") as caught:
        timeline_for(StartScene())
    assert not isinstance(caught.value, NoOutput)


@pytest.mark.parametrize(
    "scene", [ConvScene(), PoolScene(), PoolScene(pool="avg", window=(3, 3), stride=(2, 2))]
)
def test_timelines_follow_the_protocol_with_window_steps(scene):
    timeline = timeline_for(scene)
    assert timeline.scene is scene and timeline.count == timeline.output.size
    step = timeline.step(timeline.count - 1)
    assert isinstance(step, WindowStep) and step.reduction in REDUCTIONS
    assert step.index == timeline.count - 1 and step.value == float(timeline.output[step.out_cell])
    assert step.inputs.size == len(step.window)


def test_convolution_steps_sum_products_of_weights():
    step = timeline_for(ConvScene(input="1,2,3;4,5,6;7,8,9", size=(3, 3), kernel="1,0;0,-1")).step(0)
    assert (step.reduction, step.chosen, step.divisor) == ("sum", None, None)
    assert step.weights.tolist() == [[1, 0], [0, -1]] and step.products.sum() == step.value == -4


def test_no_output_names_the_reason():
    with pytest.raises(NoOutput, match="No output"):
        timeline_for(ConvScene(input="1,2,3;4,5,6;7,8,9", size=(3, 3), kernel="1,1,1,1;1,1,1,1"))
