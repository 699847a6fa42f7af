"""ReceptiveFieldScene and its link keys (layers, unit, erf), and the layer presets."""

import pytest

from convviz.engine import parse_layers, smallest_input
from convviz.scene.codecs import LinkError
from convviz.scene.field_probe import ErfWeights, Unit
from convviz.scene.layer_presets import LAYER_PRESETS, layer_preset, preset_name
from convviz.scene.link import format_link, parse_link
from convviz.scene.scenes import OPEN_PAGES, PAGES, ReceptiveFieldScene
from convviz.timeline import timeline_for

PAGE = "convviz://receptive-field"


def opened(query: str) -> ReceptiveFieldScene:
    return parse_link(f"{PAGE}?{query}")


def test_registered_and_open():
    assert "receptive-field" in OPEN_PAGES
    assert parse_link(PAGE) == ReceptiveFieldScene()


def test_defaults_and_the_default_unit_is_left_out_of_the_link():
    scene = opened("")
    assert (scene.layers, scene.unit, scene.erf) == ("conv3,conv3,maxpool2,conv3", None, ErfWeights())
    assert (
        format_link(scene)
        == f"{PAGE}?input=digit3&size=28x28&layers=conv3,conv3,maxpool2,conv3&erf=none&step=1"
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("unit=2:3,4", {"unit": Unit(2, 3, 4)}),
        ("unit=1:0,0&erf=uniform", {"unit": Unit(1, 0, 0), "erf": ErfWeights("uniform")}),
        ("erf=random:42&step=3", {"erf": ErfWeights("random", seed=42), "step": 2}),
        ("layers=conv3s1p1,maxpool2s2,conv3d2", {"layers": "conv3p1,maxpool2,conv3d2"}),  # canonical
        ("layers=conv7s2p3,%20maxpool3s2p1", {"layers": "conv7s2p3,maxpool3s2p1"}),
    ],
)
def test_link_round_trip(query, expected):
    scene = opened(query)
    assert scene == ReceptiveFieldScene(**expected)
    assert parse_link(format_link(scene), pages=PAGES) == scene
    assert format_link(parse_link(format_link(scene), pages=PAGES)) == format_link(scene)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("layers=conv3,pool2", r"layers: layer 2 \('pool2'\) is not conv<k>"),
        ("layers=", "key 'layers' has no value"),
        ("layers=conv33", r"layers: layer 1 \(conv33\) has kernel 33; it may be from 1 to 32"),
        ("layers=conv3,avgpool2d2", r"layer 2 \(avgpool2d2\) is average pooling, which has no dilation"),
        (
            "layers=maxpool2p2",
            r"layer 1 \(maxpool2p2\) pads 2 on each side, more than half its 2-wide window",
        ),
        ("layers=" + ",".join(["conv1"] * 33), "layers may hold 1 to 32 layers, got 33"),
        ("unit=3,4", r"unit must be LAYER:ROW,COLUMN \(layer from 1, row and column from 0\), got '3,4'"),
        ("unit=0:1,1", "unit must be from 1 to 32, got 0"),
        ("unit=1:-1,0", "unit must be from 0 to 511, got -1"),
        ("erf=gaussian", "erf must be none, uniform or random:SEED, got 'gaussian'"),
        ("erf=random:", "erf must be a whole number, got ''"),
        ("erf=uniform:3", "erf must be none, uniform or random:SEED"),
    ],
)
def test_bad_values_are_named(query, words):
    with pytest.raises(LinkError, match=words):
        opened(query)


def test_a_unit_outside_its_map_makes_a_scene_whose_timeline_says_why():
    """The scene cannot know the maps' sizes; the link opens and the timeline refuses it in words."""
    scene = opened("layers=conv3&size=8x8&unit=1:6,0")
    with pytest.raises(ValueError, match=r"unit 1:6,0 is outside layer 1 \(conv3\), whose map is 6x6"):
        timeline_for(scene)


def test_value_types_refuse_impossible_values():
    with pytest.raises(ValueError, match="a unit is layer"):
        Unit(0, 1, 1)
    with pytest.raises(ValueError, match="erf must be one of none, uniform, random"):
        ErfWeights("ones")
    with pytest.raises(ValueError, match="random weights need one"):
        ErfWeights("random")


def test_every_preset_is_a_canonical_stack_the_link_keeps():
    names = [name for name, _ in LAYER_PRESETS]
    assert len(set(names)) == len(names)
    for name, layers in LAYER_PRESETS:
        scene = opened(f"layers={layers}&size=224x224")
        assert scene.layers == layers and layer_preset(name) == layers
        assert timeline_for(scene).count == len(parse_layers(layers)) + 1  # every preset runs at 224x224
    too_big = {name for name, layers in LAYER_PRESETS if smallest_input(layers) > 28}
    assert too_big == {"AlexNet (to pool5)", "VGG-16 (to pool5)"}  # the teaching stacks fit the default input


def test_named_presets_hold_the_networks_of_the_issue():
    assert layer_preset("ResNet-50 stem") == "conv7s2p3,maxpool3s2p1"
    dilated = parse_layers(layer_preset("Dilated: conv3 at dilations 1, 2, 4, 8"))
    undilated = parse_layers(layer_preset("Undilated: four conv3"))
    assert [s.dilation for s in dilated] == [1, 2, 4, 8] and {s.dilation for s in undilated} == {1}
    assert len(dilated) == len(undilated) and {s.kernel for s in dilated + undilated} == {3}


def test_the_dilated_preset_fills_its_field_and_the_gridding_one_leaves_holes():
    """Dilations 1, 2, 4, 8 reach all 31x31 input pixels (only the layers between show holes); without
    the 1, every other row and column of the 29x29 box is never read."""
    size = (64, 64)
    full = timeline_for(
        ReceptiveFieldScene(size=size, layers=layer_preset("Dilated: conv3 at dilations 1, 2, 4, 8"))
    )
    assert full.masks[0].sum() == 31 * 31 and full.masks[1].sum() == 15 * 15
    holes = timeline_for(
        ReceptiveFieldScene(size=size, layers=layer_preset("Gridding: conv3 at dilations 2, 4, 8"))
    )
    assert holes.table[-1].size == 29 and holes.masks[0].sum() == 15 * 15
    vgg = parse_layers(layer_preset("VGG-16 (to pool5)"))
    assert [s.kind for s in vgg].count("maxpool") == 5 and [s.kind for s in vgg].count("conv") == 13


def test_preset_lookup_by_name_and_by_stack():
    assert preset_name("conv7s2p3,maxpool3s2p1") == "ResNet-50 stem"
    assert preset_name("conv7s2p3, maxpool3s2p1") == "ResNet-50 stem"  # written either way
    assert preset_name("conv7s2p3,maxpool3s2") is None
    with pytest.raises(KeyError, match="no layer preset 'ResNet'; presets: Three 3x3"):
        layer_preset("ResNet")
