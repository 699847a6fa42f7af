"""A colour picture loaded ("Load image…"), dropped or pasted on the Network page stays in colour: the
scene's input is three channels equal to the picture fitted to the grid, said under the input, and the
link keeps it; a gray picture stays one channel, and the Convolution page still reads grayscale."""

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QPushButton

from convviz.scene.images import decode_png_channels
from convviz.scene.link import format_link, parse_link
from convviz.scene.model import input_image
from convviz.scene.network_inputs import input_channels

from .pointer import drop
from .test_network_view import drawn

NETWORK = "convviz://network?layers=conv3x4&size=28x28"


def _blocks(seed: int = 0) -> np.ndarray:
    """14x28 colours, one per cell of the fitted grid."""
    return np.random.default_rng(seed).integers(0, 256, (14, 28, 3), dtype=np.uint8)


def _save_picture(path, blocks: np.ndarray):
    """The blocks at 3x3 pixels each (42x84 pixels): fitted to a 28-cell grid, each block is a cell."""
    Image.fromarray(np.repeat(np.repeat(blocks, 3, axis=0), 3, axis=1)).save(path)
    return path


def _channels(blocks: np.ndarray) -> np.ndarray:
    return np.moveaxis(blocks, -1, 0) / np.float32(255)


def _load_by_button(tab, path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))
    button = next(b for b in tab.page.findChildren(QPushButton) if b.text() == "Load image…")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _drop_file(tab, path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop(tab.page, mime)


def _paste(tab, path) -> None:
    QGuiApplication.clipboard().setImage(QImage(str(path)))
    tab.page.view.setFocus()
    QTest.keySequence(tab.page.view, "Ctrl+V")


def _assert_kept_in_colour(tab, expected: np.ndarray) -> None:
    scene = tab.scene
    assert scene.size == (14, 28)
    np.testing.assert_array_equal(input_channels(scene.input, scene.size), expected)
    np.testing.assert_array_equal(drawn(tab.page.view, 0), expected)  # the input's three maps on show
    message = tab.page.input_group.message
    assert not message.is_problem() and "kept in colour, 3 channels" in message.text()
    restored = parse_link(format_link(scene))
    assert restored == scene
    np.testing.assert_array_equal(input_channels(restored.input, restored.size), expected)


GIVE = {  # the three ways a person hands the page a picture file
    "button": _load_by_button,
    "drop": lambda tab, path, monkeypatch: _drop_file(tab, path),
    "paste": lambda tab, path, monkeypatch: _paste(tab, path),
}


@pytest.mark.parametrize("how", GIVE)
def test_a_colour_picture_stays_in_colour_on_the_network_page(open_tab, tmp_path, monkeypatch, how):
    tab = open_tab(NETWORK)
    blocks = _blocks()
    GIVE[how](tab, _save_picture(tmp_path / "colour.png", blocks), monkeypatch)
    _assert_kept_in_colour(tab, _channels(blocks))
    assert ("pasted" in tab.page.input_group.message.text()) == (how == "paste")


def test_a_dropped_image_without_a_file_stays_in_colour(open_tab, tmp_path):
    tab = open_tab(NETWORK)
    blocks = _blocks(seed=3)
    mime = QMimeData()
    mime.setImageData(QImage(str(_save_picture(tmp_path / "c.png", blocks))))
    drop(tab.page, mime)
    _assert_kept_in_colour(tab, _channels(blocks))


def test_a_gray_picture_stays_one_channel_on_the_network_page(open_tab, tmp_path, monkeypatch):
    tab = open_tab(NETWORK)
    gray = _blocks()[..., :1].repeat(3, axis=-1)  # red = green = blue: a gray picture saved as RGB
    _load_by_button(tab, _save_picture(tmp_path / "gray.png", gray), monkeypatch)
    channels = input_channels(tab.scene.input, tab.scene.size)
    assert channels.shape == (1, 14, 28)
    np.testing.assert_array_equal(channels[0], gray[..., 0] / np.float32(255))
    assert "kept in colour" not in tab.page.input_group.message.text()


@pytest.mark.parametrize("how", GIVE)
def test_the_convolution_page_still_reads_a_colour_picture_as_grayscale(open_tab, tmp_path, monkeypatch, how):
    tab = open_tab("convviz://conv?input=digit3&size=28x28")
    blocks = _blocks()
    path = _save_picture(tmp_path / "colour.png", blocks)
    GIVE[how](tab, path, monkeypatch)
    assert tab.scene.input.startswith("png:") and decode_png_channels(tab.scene.input).shape[0] == 1
    luminance = np.asarray(Image.fromarray(blocks).convert("L"), np.float32) / 255
    np.testing.assert_array_equal(input_image(tab.scene.input, tab.scene.size), luminance)
    assert "kept in colour" not in tab.page.input_group.message.text()


def test_a_damaged_picture_is_refused_in_place_and_changes_nothing(open_tab, tmp_path, monkeypatch):
    tab = open_tab(NETWORK)
    path = _save_picture(tmp_path / "cut.png", _blocks())
    path.write_bytes(path.read_bytes()[:100])
    before = tab.scene
    _load_by_button(tab, path, monkeypatch)
    assert tab.scene == before
    message = tab.page.input_group.message
    assert message.is_problem() and "cut.png is damaged and cannot be read" in message.text()
