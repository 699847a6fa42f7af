"""The layer-stack editor on the extended grammar (the Network scene's), driven as a person does: pick a
kind, type a channel count, groups or a linear layer's features, Alt+Up, type the grammar, Enter and
Escape; every edit is the scene's `layers` as its own codec writes it, a refusal names the item, and
the numbers a kind has not are blank. The Receptive-field page's rows keep to windows."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from convviz.engine.layers import LAYER_KINDS, SPATIAL_KINDS, LayerSpec, parse_layers
from convviz.scene.limits import CHANNELS, FEATURES
from convviz.scene.network_presets import DEPTHWISE_SEPARABLE, LENET, NETWORK_PRESETS
from convviz.scene.scenes import NetworkScene, ReceptiveFieldScene
from convviz.ui.widgets.layer_row import NUMBERS, NUMBERS_OF, with_kind

from .stack_harness import Harness, click, shown_spec, type_into

PRESETS = [(preset.name, preset.layers) for preset in NETWORK_PRESETS]
SCENE = NetworkScene(layers="conv3x8,relu,maxpool2,flatten,linear10")


@pytest.fixture
def harness(qtbot):
    return Harness(qtbot, SCENE, PRESETS, extended=True)


def choose_kind(harness, row: int, kind: str):
    """Pick a kind from a row's list, as a person does: click the combo, go down the list it opens to
    the kind, Enter (one choice, not one per kind passed on the way)."""
    combo = harness.rows[row].kind
    click(combo)
    popup = combo.view()
    assert popup.isVisible()
    steps = LAYER_KINDS.index(kind) - combo.currentIndex()
    for _ in range(abs(steps)):
        QTest.keyClick(popup, Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up)
    QTest.keyClick(popup, Qt.Key.Key_Return)


def shown_numbers(row) -> set[str]:
    return {name for name, box in row.boxes.items() if not box.isHidden()}


def test_rows_offer_every_kind_and_leave_blank_the_numbers_a_kind_has_not(harness):
    assert harness.shown_stack() == parse_layers(harness.scene.layers)
    conv, relu, pool, flatten, linear = harness.rows
    assert [conv.kind.itemText(i) for i in range(conv.kind.count())] == list(LAYER_KINDS)
    assert shown_numbers(conv) == {"kernel", "stride", "padding", "dilation", "channels", "groups"}
    assert conv.boxes["channels"].value() == 8
    assert shown_numbers(pool) == {"kernel", "stride", "padding", "dilation"}
    assert shown_numbers(relu) == shown_numbers(flatten) == set()
    assert shown_numbers(linear) == {"channels"} and linear.boxes["channels"].value() == 10
    headers = [harness.group.rows._grid.itemAtPosition(0, c).widget().text() for c in range(2, 8)]
    assert headers == ["k", "s", "p", "d", "x", "g"]


def test_picking_a_kind_keeps_what_the_new_kind_has(harness):
    choose_kind(harness, 0, "linear")  # conv3x8 -> linear8: the channels become the features
    assert harness.scene.layers == "linear8,relu,maxpool2,flatten,linear10"
    assert shown_numbers(harness.rows[0]) == {"channels"}
    choose_kind(harness, 0, "conv")  # from no window: the usual conv3
    assert harness.scene.layers == "conv3,relu,maxpool2,flatten,linear10"
    choose_kind(harness, 2, "relu")
    assert harness.scene.layers == "conv3,relu,relu,flatten,linear10"
    assert shown_numbers(harness.rows[2]) == set()
    assert QApplication.focusWidget() is harness.rows[2].kind


def test_a_typed_channel_count_and_groups_are_one_edit_each(harness):
    type_into(harness.rows[0].boxes["channels"], "16")
    assert harness.sent == [("conv3x16,relu,maxpool2,flatten,linear10", True)]
    type_into(harness.rows[0].boxes["groups"], "4")
    assert harness.scene.layers == "conv3x16g4,relu,maxpool2,flatten,linear10"
    assert QApplication.focusWidget() is harness.rows[0].boxes["groups"]
    assert harness.shown_stack() == parse_layers(harness.scene.layers)


def test_groups_that_do_not_divide_the_channels_are_refused_naming_the_item(harness):
    type_into(harness.rows[0].boxes["groups"], "3")
    message = harness.group.message
    assert message.is_problem() and "layer 1 (conv3x8g3) has 8 output channels in 3 groups" in message.text()
    assert harness.sent == [] and harness.rows[0].boxes["groups"].value() == 1


def test_numbers_past_their_limits_are_refused_in_place_naming_the_layer(harness):
    type_into(harness.rows[0].boxes["channels"], str(CHANNELS[1] + 1))
    assert harness.group.message.text() == (
        f"Layer 1: {CHANNELS[1] + 1} is refused: a conv layer has 1 to {CHANNELS[1]} output channels."
    )
    type_into(harness.rows[4].boxes["channels"], str(FEATURES[1] + 1))
    assert harness.group.message.text() == (
        f"Layer 5: {FEATURES[1] + 1} is refused: a linear layer has 1 to {FEATURES[1]} output features."
    )
    assert harness.sent == []
    type_into(harness.rows[4].boxes["channels"], "120")  # features go past the channels' limit
    assert harness.scene.layers == "conv3x8,relu,maxpool2,flatten,linear120"


def test_alt_up_moves_a_relu_row_with_the_focus_on_its_kind(harness):
    combo = harness.rows[1].kind
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert harness.scene.layers == "relu,conv3x8,maxpool2,flatten,linear10"
    assert QApplication.focusWidget() is harness.rows[0].kind and shown_numbers(harness.rows[0]) == set()
    assert shown_numbers(harness.rows[1]) == set(NUMBERS_OF["conv"])


def test_the_typed_grammar_applies_on_enter_and_a_bad_item_is_refused_until_escape(harness):
    field = harness.group.text
    type_into(field, "conv5s1p2x6, relu,maxpool2,flatten,linear10")
    assert harness.sent == [("conv5p2x6,relu,maxpool2,flatten,linear10", True)]
    assert field.text() == "conv5p2x6,relu,maxpool2,flatten,linear10"
    type_into(field, "conv3x8,maxpool2x4")
    assert "layer 2 ('maxpool2x4')" in harness.group.message.text() and len(harness.sent) == 1
    assert field.text() == "conv3x8,maxpool2x4"  # kept, to be fixed
    QTest.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == harness.scene.layers == "conv5p2x6,relu,maxpool2,flatten,linear10"
    assert harness.group.message.isHidden()


def test_a_preset_fills_every_row(harness):
    combo = harness.group.presets
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Down)
    assert harness.scene.layers == LENET and combo.currentText() == NETWORK_PRESETS[0].name
    assert harness.shown_stack() == parse_layers(LENET) and len(harness.rows) == 12
    assert [harness.rows[i].boxes["channels"].value() for i in (7, 9, 11)] == [120, 84, 10]
    QTest.keyClick(combo, Qt.Key.Key_Down)
    QTest.keyClick(combo, Qt.Key.Key_Down)
    assert harness.scene.layers == DEPTHWISE_SEPARABLE and len(harness.rows) == 6
    assert shown_spec(harness.rows[2]) == parse_layers("conv3p1x8g8")[0]


def test_the_receptive_field_rows_keep_to_windows_and_its_codec_refuses_the_rest(qtbot):
    harness = Harness(qtbot, ReceptiveFieldScene(layers="conv3,maxpool2"), [])
    row = harness.rows[0]
    assert [row.kind.itemText(i) for i in range(row.kind.count())] == list(SPATIAL_KINDS)
    assert set(row.boxes) == {"kernel", "stride", "padding", "dilation"}
    type_into(harness.group.text, "conv3,relu")
    assert "stacks conv, maxpool and avgpool only" in harness.group.message.text()
    assert harness.sent == []


@pytest.mark.parametrize("kind", LAYER_KINDS)
def test_a_row_has_the_numbers_the_grammar_writes_for_its_kind(kind):
    """Each number a kind's row shows survives the grammar; the blank ones the grammar cannot hold."""
    spec = with_kind(LayerSpec("conv", 3, 1, channels=8), kind)
    for name, _, _ in NUMBERS:
        changed = replace(spec, **{name: getattr(spec, name) + 2})
        if name == "stride" and kind != "conv":
            changed = replace(changed, stride=spec.stride + 1)  # not the pool's default again
        try:
            kept = parse_layers(str(changed))[0] == changed
        except ValueError:  # the grammar refuses it: a pool's x or g
            kept = False
        assert kept == (name in NUMBERS_OF[kind]), (kind, name)
