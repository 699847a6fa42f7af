"""The Convolution page driven as a person would: drawing, the player, parameters, bad input."""

import base64

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from convviz.engine import conv2d
from convviz.scene.images import encode_png
from convviz.scene.link import parse_link
from convviz.scene.model import input_image

LINK = "convviz://conv?input=0,0,0,0;0,1,1,0;0,1,1,0;0,0,0,0&kernel=1,1;1,1&step=1"


@pytest.fixture
def tab(open_tab):
    return open_tab(LINK)


def test_painting_a_stroke_changes_the_input_and_the_output(tab, drag):
    page = tab.page
    canvas = page.input_group.canvas
    cells = [(0, 0), (0, 1), (0, 2), (0, 3)]
    drag(canvas, [canvas.cell_rect(*cell).center().toPoint() for cell in cells])
    image = input_image(tab.scene.input, tab.scene.size)
    assert image[0].tolist() == [1, 1, 1, 1]
    assert image[1].tolist() == [0, 1, 1, 0]
    assert tab.scene.input == "1,1,1,1;0,1,1,0;0,1,1,0;0,0,0,0"  # exact: the shorter of rows and png:
    expected = conv2d(image, np.ones((2, 2), np.float32))
    page.player.model.last()
    np.testing.assert_allclose(page.view.output.values(), expected)
    assert len(tab.history.entries) == 2  # one stroke, one history entry


def test_right_button_erases(tab, drag):
    canvas = tab.page.input_group.canvas
    point = canvas.cell_rect(1, 1).center().toPoint()
    drag(canvas, [point], button=Qt.MouseButton.RightButton)
    assert input_image(tab.scene.input, tab.scene.size)[1, 1] == 0


def test_player_keys_step_and_the_link_follows(tab):
    page = tab.page
    page.view.setFocus()
    QTest.keyClick(page.view, Qt.Key.Key_Right)
    QTest.keyClick(page.view, Qt.Key.Key_Right)
    assert tab.scene.step == 2
    assert page.view.output.current() == (0, 2)
    window = page.view.input
    np.testing.assert_array_equal(sorted(map(tuple, window.cells.window())), [(0, 2), (0, 3), (1, 2), (1, 3)])
    QTest.keyClick(page.view, Qt.Key.Key_End)
    assert tab.scene.step == 8
    QTest.keyClick(page.view, Qt.Key.Key_Home)
    assert tab.scene.step == 0
    QTest.keyClick(page.view, Qt.Key.Key_Left)
    assert tab.scene.step == 0  # clamped at the first step
    assert len(tab.history.entries) == 1  # stepping moves within the entry, it adds none


def test_scrubbing_shows_the_output_filled_up_to_the_step(tab):
    page = tab.page
    page.player.slider.setValue(4)
    assert tab.scene.step == 4
    shown = page.view.output.values()
    assert np.isfinite(shown.ravel()[:5]).all() and np.isnan(shown.ravel()[5:]).all()
    assert page.view.sum.text().startswith("y[1, 1] = ")
    assert page.view.sum.text().endswith("= 4")


def test_playing_advances_and_space_pauses(tab, qtbot):
    page = tab.page
    page.player.model.set_speed(60)
    page.view.setFocus()
    QTest.keyClick(page.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tab.scene.step >= 3, timeout=2000)
    QTest.keyClick(page.view, Qt.Key.Key_Space)
    assert not page.player.model.playing
    stopped_at = tab.scene.step
    qtbot.wait(100)
    assert tab.scene.step == stopped_at


def test_impossible_parameters_say_why_and_recover(tab):
    page = tab.page
    page.parameters.dilation.height_box.setValue(5)  # a 2x2 kernel dilated by 5 spans 6 rows of a 4-row input
    assert page.view.problem.isVisible()
    assert "No output" in page.view.problem.text()
    assert "larger than the padded input" in page.view.problem.text()
    assert page.player.model.count == 0
    page.parameters.padding.height_box.setValue(1)
    assert not page.view.problem.isVisible()
    assert page.player.model.count == 1 * 3  # (4 + 2 - 6) + 1 rows, (4 - 2) + 1 columns


def test_stride_changes_the_size_formula(tab):
    page = tab.page
    page.parameters.stride.width_box.setValue(2)
    assert tab.scene.stride == (1, 2)
    assert "W' = ⌊(4 + 0 − 1·(2 − 1) − 1) / 2⌋ + 1 = 2" in page.view.sizes.text()
    assert page.player.model.count == 3 * 2


def test_a_padding_edit_repaints_the_maps_it_changes_and_not_the_kernel(tab, qtbot, paints, monkeypatch):
    """Drawing a grid whose picture did not change is wasted time on a large input: the kernel may be
    put on screen again from its cached picture, never drawn again; the maps the padding changes are."""
    view = tab.page.view
    qtbot.wait(10)  # the first paint is done
    painted = paints(view.input, view.output)
    drawn = []
    draw_cells = view.kernel.cells._paint_base
    monkeypatch.setattr(view.kernel.cells, "_paint_base", lambda *args: drawn.append(1) or draw_cells(*args))
    tab.page.parameters.padding.height_box.setValue(1)
    qtbot.waitUntil(lambda: painted.counts[view.input] > 0 and painted.counts[view.output] > 0)
    qtbot.wait(10)
    assert drawn == []
    assert view.input.values().shape == (6, 4)


def test_a_failed_load_leaves_nothing_of_the_previous_scene(open_tab):
    """The input, its padding and its title and the kernel are the new scene's; the output says why."""
    tab = open_tab(f"{LINK}&padding=1")
    view = tab.page.view
    assert view.input.values().shape == (6, 6) and view.input.name == "Input (padded)"
    tab.open(parse_link(LINK.replace("kernel=1,1;1,1", "kernel=" + ";".join(["2,2,2,2,2"] * 5))))
    page = tab.page
    assert page.view.problem.isVisible() and "No output" in page.view.problem.text()
    assert page.view.input.values().shape == (4, 4) and page.view.input.name == "Input"
    np.testing.assert_array_equal(page.view.kernel.values(), np.full((5, 5), 2.0))
    assert np.isnan(page.view.output.values()).all() and page.view.sum.text() == ""


def test_fewer_steps_clamp_the_step_in_the_link(tab):
    page = tab.page
    page.player.model.last()
    page.parameters.stride.height_box.setValue(3)
    assert tab.scene.step == page.player.model.count - 1


@pytest.mark.parametrize(
    "content, words",
    [(b"", "empty"), (b"not an image at all", "not an image"), (None, "damaged")],
)
def test_a_bad_image_file_says_why_and_changes_nothing(tab, tmp_path, content, words):
    path = tmp_path / "input.png"
    if content is None:  # a PNG cut off half way through its pixel data
        noise = np.random.default_rng(0).random((64, 64))
        data = base64.urlsafe_b64decode(encode_png(noise).removeprefix("png:") + "==")
        content = data[: len(data) // 2]
    path.write_bytes(content)
    before = tab.scene
    assert not tab.page.input_group.load_file(path)
    assert tab.scene == before
    assert not tab.page.input_group.message.isHidden()
    assert words in tab.page.input_group.message.text()


def test_loading_an_image_resamples_it_to_the_grid(tab, tmp_path):
    from PIL import Image

    path = tmp_path / "photo.png"
    Image.fromarray(np.tile(np.linspace(0, 255, 40, dtype=np.uint8), (30, 1))).save(path)
    assert tab.page.input_group.load_file(path)
    image = input_image(tab.scene.input, tab.scene.size)
    assert image.shape == (3, 4)  # 30x40 pixels on a 4x4 grid: the shape is kept
    assert image[0, 0] < image[0, -1]  # the left-to-right ramp survives resampling


def _ramp_qimage():
    from PySide6.QtGui import QImage

    ramp = np.tile(np.linspace(0, 255, 16, dtype=np.uint8), (16, 1))
    image = QImage(ramp.data, 16, 16, 16, QImage.Format.Format_Grayscale8)
    return image.copy(), ramp  # copy: the QImage must not outlive the NumPy buffer


def test_pasting_an_image_makes_it_the_input(tab, qtbot):
    from PySide6.QtGui import QGuiApplication

    image, _ = _ramp_qimage()
    QGuiApplication.clipboard().setImage(image)
    tab.page.view.setFocus()
    QTest.keySequence(tab.page.view, "Ctrl+V")
    pasted = input_image(tab.scene.input, tab.scene.size)
    assert pasted.shape == (4, 4) and pasted[0, 0] < pasted[0, -1]


def test_dropping_an_image_file_makes_it_the_input(tab, tmp_path):
    from PIL import Image
    from PySide6.QtCore import QMimeData, QUrl

    from .pointer import drop

    _, ramp = _ramp_qimage()
    path = tmp_path / "dropped.png"
    Image.fromarray(ramp).save(path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop(tab.page, mime)
    dropped = input_image(tab.scene.input, tab.scene.size)
    assert dropped[0, 0] < dropped[0, -1]
    assert tab.scene.input.startswith("png:")


def test_choosing_a_padding_mode_pads_with_it(open_tab):
    tab = open_tab(f"{LINK}&padding=1")
    combo = tab.page.parameters.padding_mode
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Down)  # zeros -> the next mode, as a person picks it by keyboard
    assert tab.scene.padding_mode == combo.currentText() != "zeros"
    tab.page.player.model.last()
    image = input_image(tab.scene.input, tab.scene.size)
    expected = conv2d(image, np.ones((2, 2), np.float32), padding=1, padding_mode=tab.scene.padding_mode)
    np.testing.assert_allclose(tab.page.view.output.values(), expected)
