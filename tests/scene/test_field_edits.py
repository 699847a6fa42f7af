"""Stack edits of the Receptive-field scene keep it meaningful: a preset gets the input it needs, a unit
the new stack lacks goes back to the centre unit, and each change is said; nothing else changes."""

import pytest

from convviz.engine import layer_map_sizes, parse_layers, smallest_input
from convviz.scene.field_edits import with_stack
from convviz.scene.field_probe import Unit
from convviz.scene.layer_presets import LAYER_PRESETS
from convviz.scene.scenes import ReceptiveFieldScene
from convviz.timeline import timeline_for


@pytest.mark.parametrize(("name", "layers"), LAYER_PRESETS)
def test_every_preset_runs_on_the_input_it_leaves(name, layers):
    edited, notes = with_stack(ReceptiveFieldScene(size=(28, 20)), layers, preset=True)
    needed = smallest_input(layers)
    assert edited.size == (max(28, needed), max(20, needed))
    assert bool(notes) == (needed > 20)
    assert timeline_for(edited).maps[-1] >= (1, 1)


def test_a_raised_input_is_said_with_its_sizes_and_keeps_the_drawing():
    scene = ReceptiveFieldScene(input="circle", size=(28, 28))
    edited, notes = with_stack(scene, "conv11s4,maxpool3s2,conv5p2,maxpool3s2", preset=True)
    needed = smallest_input(edited.layers)
    assert edited.size == (needed, needed) and edited.input == "circle"
    assert notes == (
        f"Input raised from 28x28 to {needed}x{needed}: this stack needs at least {needed}x{needed} input"
        " pixels for its last map to keep a cell.",
    )


def test_a_typed_stack_keeps_the_size_even_if_its_maps_vanish():
    edited, notes = with_stack(ReceptiveFieldScene(size=(9, 9)), "conv5,conv5,conv5")
    assert edited == ReceptiveFieldScene(size=(9, 9), layers="conv5,conv5,conv5") and notes == ()


def test_a_unit_outside_the_new_map_goes_back_to_the_centre_unit():
    scene = ReceptiveFieldScene(unit=Unit(4, 9, 9), step=3)
    edited, notes = with_stack(scene, "conv3,conv3,maxpool2,conv5")
    assert edited == scene.replace(layers="conv3,conv3,maxpool2,conv5", unit=None)
    assert notes == (
        "Unit 4:9,9 is gone (layer 4's map is 8x8 now): the centre unit of the last layer is chosen instead.",
    )
    edited, notes = with_stack(scene, "conv3,conv3")
    assert edited.unit is None and "the stack has 2 layers" in notes[0]


def test_a_unit_the_new_stack_still_has_is_kept():
    scene = ReceptiveFieldScene(unit=Unit(2, 3, 4))
    edited, notes = with_stack(scene, "conv3,conv5")
    assert edited.unit == Unit(2, 3, 4) and notes == ()
    assert layer_map_sizes(parse_layers("conv3,conv5"), scene.size)[2] > (3, 4)
