"""The Transposed-convolution parameters driven as a person would: each control makes the scene it
says; an output_padding the stride and dilation do not allow is refused in place (no exception, no
history entry); a stride that no longer allows the output_padding lowers it in the same edit, said."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from convviz.engine import conv_transpose2d
from convviz.scene.model import input_image, kernel_array
from convviz.scene.scenes import TransposeScene

ROWS = "1,2,3;4,5,6;7,8,9"
SCENE = TransposeScene(input=ROWS, size=(3, 3))


@pytest.fixture
def parameters_tab(open_tab):
    def run(scene=SCENE):
        tab = open_tab(scene)
        return tab, tab.page.parameters

    return run


def _assert_shows_the_engine(tab):
    scene, page = tab.scene, tab.page
    expected = conv_transpose2d(
        input_image(scene.input, scene.size), kernel_array(scene.kernel), stride=scene.stride,
        padding=scene.padding, output_padding=scene.output_padding, dilation=scene.dilation,
    )  # fmt: skip
    page.player.model.last()
    np.testing.assert_allclose(page.view.output.values(), expected, rtol=1e-6)


def test_stride_padding_output_padding_dilation_and_view_make_their_scenes(parameters_tab, typed):
    tab, parameters = parameters_tab()
    typed(parameters.stride.width_box, "3")
    assert tab.scene == SCENE.replace(stride=(2, 3))
    typed(parameters.padding.height_box, "1")
    assert tab.scene == SCENE.replace(stride=(2, 3), padding=(1, 0))
    typed(parameters.output_padding.width_box, "2")
    assert tab.scene == SCENE.replace(stride=(2, 3), padding=(1, 0), output_padding=(0, 2))
    typed(parameters.dilation.height_box, "2")
    assert tab.scene.dilation == (2, 1)
    _assert_shows_the_engine(tab)
    QTest.mouseClick(parameters.view_buttons["zeros"], Qt.MouseButton.LeftButton)
    assert tab.scene.view == "zeros" and parameters.view_buttons["zeros"].isChecked()
    _assert_shows_the_engine(tab)
    assert len(tab.history.entries) == 6  # one entry an edit
    assert not parameters.message.isVisible()


def test_the_output_padding_limit_follows_the_stride_and_dilation(parameters_tab, typed):
    tab, parameters = parameters_tab(SCENE.replace(stride=(3, 1), dilation=(1, 4)))
    assert parameters.output_padding.height_box.maximum() == 2
    assert parameters.output_padding.width_box.maximum() == 3
    typed(parameters.stride.height_box, "5")
    assert parameters.output_padding.height_box.maximum() == 4


def test_an_output_padding_pytorch_refuses_is_said_in_place_and_changes_nothing(parameters_tab, typed):
    tab, parameters = parameters_tab()
    entries = len(tab.history.entries)
    typed(parameters.output_padding.height_box, "2")  # stride 2, dilation 1: at most 1
    assert tab.scene == SCENE and len(tab.history.entries) == entries
    assert parameters.output_padding.value() == (0, 0)
    message = parameters.message
    assert message.isVisible() and message.is_problem()
    assert message.text() == (
        "Output padding 2 is refused: it must be smaller than the stride (2) or the dilation (1) in height,"
        " as PyTorch requires — at most 1 here."
    )
    with pytest.raises(ValueError, match="output_padding"):  # the scene refuses it the same way
        SCENE.replace(output_padding=(2, 0))
    typed(parameters.output_padding.height_box, "1")
    assert tab.scene.output_padding == (1, 0) and not message.isVisible()


def test_a_stride_that_no_longer_allows_the_output_padding_lowers_it_and_says_so(parameters_tab, typed):
    tab, parameters = parameters_tab(SCENE.replace(stride=(3, 3), output_padding=(2, 1)))
    entries = len(tab.history.entries)
    typed(parameters.stride.height_box, "1")
    assert tab.scene == SCENE.replace(stride=(1, 3), output_padding=(0, 1))
    assert len(tab.history.entries) == entries + 1  # one edit, one entry
    assert parameters.output_padding.value() == (0, 1)
    message = parameters.message
    assert message.isVisible() and not message.is_problem()
    assert message.text() == (
        "Output padding lowered from 2 × 1 to 0 × 1: PyTorch requires it smaller than the stride or the"
        " dilation on each axis, at most 0 × 2 now."
    )
    _assert_shows_the_engine(tab)


def test_a_dilation_that_no_longer_allows_the_output_padding_lowers_it(parameters_tab, typed):
    tab, parameters = parameters_tab(SCENE.replace(stride=(1, 1), dilation=(3, 1), output_padding=(2, 0)))
    typed(parameters.dilation.height_box, "2")
    assert tab.scene.output_padding == (1, 0) and parameters.message.isVisible()


def test_a_padding_that_crops_everything_shows_why_without_an_exception(parameters_tab, typed):
    tab, parameters = parameters_tab()
    typed(parameters.padding.height_box, "9")
    assert tab.scene.padding == (9, 0)
    assert tab.page.player.model.count == 0
    assert not tab.page.undone.open_button.isEnabled() and tab.page.undone.words.isVisible()
    assert tab.page.undone.words.text().startswith("No output:")


def test_a_matrix_too_large_to_show_is_refused_in_place(parameters_tab):
    tab, parameters = parameters_tab(TransposeScene(input="digit3", size=(28, 28)))
    entries = len(tab.history.entries)
    QTest.mouseClick(parameters.view_buttons["matrix"], Qt.MouseButton.LeftButton)
    assert tab.scene.view == "scatter" and len(tab.history.entries) == entries
    assert (
        parameters.view_buttons["scatter"].isChecked() and not parameters.view_buttons["matrix"].isChecked()
    )
    assert parameters.message.is_problem() and parameters.message.text() == (
        "The matrix view shows outputs of at most 12x12 cells (Cᵀ has a row per output cell); this output is"
        " 57x57. Choose a smaller input, stride or kernel, or the scatter or zeros view."
    )
    QTest.mouseClick(parameters.view_buttons["zeros"], Qt.MouseButton.LeftButton)
    assert tab.scene.view == "zeros" and tab.page.player.model.count == 57 * 57
