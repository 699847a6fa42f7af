"""The Transposed-convolution page driven through a real tab: its title, the timeline's count, the
player keys, the input and kernel groups shared with the Convolution page, and the button that opens
the convolution it undoes (whose output has this page's input size)."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from convviz.engine import conv2d, conv_transpose2d
from convviz.scene.link import parse_link
from convviz.scene.model import input_image, kernel_array
from convviz.scene.scenes import ConvScene, TransposeScene
from convviz.timeline.transpose import TransposeTimeline
from convviz.ui.pages.transpose_page import TransposePage

SCENE = TransposeScene(input="1,2,3;4,5,6;7,8,9", size=(3, 3))


def test_the_page_shows_the_title_and_the_timelines_count(open_tab):
    tab = open_tab(SCENE)
    assert isinstance(tab.page, TransposePage)
    assert tab.title() == "Transposed convolution grows the map"  # SCENE is that lesson's
    tab.page._edit(SCENE.replace(input="1,2,3;4,5,6;7,8,10"))  # no lesson's: the page's own title
    assert tab.title() == "Transposed convolution · stride 2"
    for view in ("scatter", "zeros", "matrix"):
        tab.page._edit(SCENE.replace(view=view))
        assert tab.page.player.model.count == TransposeTimeline(tab.scene).count
    tab.page._edit(SCENE.replace(stride=(2, 1)))
    assert tab.title() == "Transposed convolution · stride 2x1"


def test_keys_move_the_player(open_tab):
    tab = open_tab(SCENE)
    page = tab.page
    page.setFocus()
    QTest.keyClick(page, Qt.Key.Key_Right)
    QTest.keyClick(page, Qt.Key.Key_Right)
    assert tab.scene.step == 2 and page.player.model.step == 2
    QTest.keyClick(page, Qt.Key.Key_End)
    assert tab.scene.step == TransposeTimeline(SCENE).count - 1
    np.testing.assert_allclose(
        page.view.output.values(), conv_transpose2d(input_image(SCENE.input, SCENE.size),
                                                    kernel_array(SCENE.kernel), stride=2), rtol=1e-6,
    )  # fmt: skip
    QTest.keyClick(page, Qt.Key.Key_Left)
    assert tab.scene.step == TransposeTimeline(SCENE).count - 2
    QTest.keyClick(page, Qt.Key.Key_Home)
    assert tab.scene.step == 0


def test_the_kernel_group_edits_the_transposed_kernel(open_tab):
    tab = open_tab(SCENE)
    tab.page.kernel_group.editor.preset_chosen.emit("box")
    assert tab.scene == SCENE.replace(kernel="box")
    assert tab.page.player.model.count == 9


def test_the_button_opens_the_convolution_it_undoes(open_tab, qtbot):
    tab = open_tab(SCENE.replace(stride=(2, 3), padding=(1, 0), output_padding=(1, 2)))
    button = tab.page.undone.open_button
    assert button.isEnabled() and not tab.page.undone.words.isVisible()
    with qtbot.waitSignal(tab.navigate) as opened:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    conv = parse_link(opened.args[0])
    assert isinstance(conv, ConvScene)
    assert (conv.stride, conv.padding, conv.dilation) == ((2, 3), (1, 0), (1, 1))
    grown = TransposeTimeline(tab.scene).output
    np.testing.assert_allclose(input_image(conv.input, conv.size), grown, rtol=1e-6)
    undone = conv2d(
        input_image(conv.input, conv.size), kernel_array(conv.kernel), stride=(2, 3), padding=(1, 0)
    )
    assert undone.shape == (3, 3)  # its output has this page's input size


def test_the_window_opens_it_on_the_convolution_page(make_window):
    window = make_window(SCENE)
    QTest.mouseClick(window.current_tab().page.undone.open_button, Qt.MouseButton.LeftButton)
    tab = window.current_tab()
    assert tab.scene.page == "conv" and tab.page.view.output.values().shape == (3, 3)


def test_without_a_shown_convolution_the_button_is_off_and_says_why(open_tab):
    tab = open_tab(SCENE.replace(input="checkerboard", size=(300, 300)))  # grows past the largest grid
    undone = tab.page.undone
    assert not undone.open_button.isEnabled()
    assert undone.words.isVisible() and "has no link" in undone.words.text()
    assert undone.open_button.toolTip() == undone.words.text()
