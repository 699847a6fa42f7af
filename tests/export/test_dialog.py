"""The Export dialog driven the way a person does: choose, type, click Export or Cancel, read the result."""

import os
import signal

import imageio_ffmpeg
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from convviz import interrupt
from convviz.export import writers
from convviz.scene.history import History
from convviz.scene.link import parse_link
from convviz.scene.scenes import StartScene
from convviz.ui.export_dialog import CUSTOM, ExportDialog
from convviz.ui.window import MainWindow

LONG = "convviz://conv?input=digit3&size=28x28&kernel=sobel_x"  # 676 steps: time to cancel mid-way


@pytest.fixture
def open_dialog(qtbot):
    def run(scene):
        dialog = ExportDialog(scene)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return run


def choose(combo, data):
    combo.setCurrentIndex(combo.findData(data) if combo.findData(data) >= 0 else combo.findText(data))


def small(dialog):
    choose(dialog.size_preset, CUSTOM)
    dialog.width_box.setValue(320)
    dialog.height_box.setValue(200)


def exporting(qtbot, open_dialog, path, frames=2):
    """A dialog on the long scene, small frames, its export started and `frames` frames done."""
    dialog = open_dialog(parse_link(LONG))
    small(dialog)
    dialog.path.setText(str(path))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() >= frames, timeout=10_000)
    return dialog


def frames_and_size(kind, path):
    """How many frames an exported file holds, and their size, read back as a viewer would."""
    if kind == "gif":
        with Image.open(path) as gif:
            return gif.n_frames, gif.size
    reader = imageio_ffmpeg.read_frames(str(path))
    size = next(reader)["size"]
    return sum(1 for _ in reader), size


@pytest.mark.parametrize("kind", ["gif", "mp4"])
def test_export_a_movie(tmp_path, qtbot, open_dialog, scene, kind):
    dialog = open_dialog(scene)
    choose(dialog.format, kind)
    small(dialog)
    target = tmp_path / f"a.{kind}"
    dialog.path.setText(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.is_running() and not dialog.export_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=20_000)
    assert frames_and_size(kind, target) == (9, (320, 200))
    assert dialog.message.text().startswith(f"Wrote {target}: 9 frames")
    assert dialog.progress.value() == 9 and dialog.export_button.isEnabled()


def test_the_chosen_steps_are_exported(tmp_path, qtbot, open_dialog, scene):
    dialog = open_dialog(scene)
    small(dialog)
    dialog.path.setText(f"{tmp_path}/frames/")
    assert dialog.format.currentData() == "png"
    dialog.first_step.setValue(3)  # counted from 1, as the player counts
    dialog.last_step.setValue(5)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)
    assert sorted(os.listdir(tmp_path / "frames")) == ["0003.png", "0004.png", "0005.png"]  # named alike
    assert "(0003.png to 0005.png): 3 frames" in dialog.message.text()


def test_cancel_mid_way_leaves_nothing(tmp_path, qtbot, open_dialog):
    dialog = exporting(qtbot, open_dialog, tmp_path / "a.gif", frames=3)
    assert dialog.close_button.text() == "Cancel"
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.is_running() and dialog.isVisible()  # cancelling does not close the dialog
    assert os.listdir(tmp_path) == []
    assert dialog.message.text() == "Cancelled; nothing was written."


def test_ctrl_c_in_the_terminal_mid_export_stops_it_and_says_so(tmp_path, qtbot, open_dialog, monkeypatch):
    dialog = exporting(qtbot, open_dialog, tmp_path / "a.mp4")
    for name in ("_requested", "_deferred"):  # put back afterwards, as is the handler below
        monkeypatch.setattr(interrupt, name, getattr(interrupt, name))
    previous = signal.getsignal(signal.SIGINT)
    try:
        interrupt.install()
        interrupt.defer()  # as the window does
        os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl+C
        qtbot.waitUntil(lambda: not dialog.is_running(), timeout=5000)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert dialog.message.text() == "Interrupted; nothing was written."
    assert "color" in dialog.message.styleSheet()
    assert os.listdir(tmp_path) == []


def test_closing_the_dialog_while_exporting_cancels(tmp_path, qtbot, open_dialog):
    dialog = exporting(qtbot, open_dialog, tmp_path / "a.mp4")
    dialog.close()
    assert not dialog.is_running()
    assert os.listdir(tmp_path) == []


def test_quitting_the_app_while_exporting_cancels(tmp_path, qtbot, qapp, open_dialog):
    dialog = exporting(qtbot, open_dialog, tmp_path / "a.gif")
    qapp.aboutToQuit.emit()
    assert not dialog.is_running() and os.listdir(tmp_path) == []


def test_an_error_shows_in_place_in_the_error_colour(tmp_path, qtbot, open_dialog, scene):
    (tmp_path / "file.txt").write_text("")
    dialog = open_dialog(scene)
    dialog.path.setText(str(tmp_path / "file.txt" / "a.gif"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "file.txt is not a folder" in dialog.message.text()
    assert "color" in dialog.message.styleSheet()
    assert dialog.isVisible() and not dialog.is_running() and dialog.export_button.isEnabled()


def test_format_and_path_follow_each_other(qtbot, open_dialog, scene):
    dialog = open_dialog(scene)
    dialog.path.setText("/talks/anim.gif")
    for kind, path in [("mp4", "/talks/anim.mp4"), ("png", "/talks/anim/"), ("still", "/talks/anim.png")]:
        choose(dialog.format, kind)
        assert dialog.path.text() == path
    assert not dialog.first_step.isEnabled() and not dialog.fps.isEnabled()  # a still: the current step
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, "/talks/out.mp4")
    assert dialog.format.currentData() == "mp4" and dialog.path.text() == "/talks/out.mp4"


def test_size_presets_fill_the_size_and_custom_unlocks_it(qtbot, open_dialog, scene):
    dialog = open_dialog(scene)
    choose(dialog.size_preset, dialog.size_preset.itemText(1))  # 1080p
    assert (dialog.width_box.value(), dialog.height_box.value()) == (1920, 1080)
    assert not dialog.width_box.isEnabled()
    choose(dialog.size_preset, CUSTOM)
    assert dialog.width_box.isEnabled()


def test_a_page_without_animation_cannot_be_exported(qtbot, open_dialog):
    dialog = open_dialog(StartScene())
    assert not dialog.export_button.isEnabled()
    assert "no animation" in dialog.message.text()


def test_a_format_whose_package_is_missing_is_disabled(qtbot, open_dialog, scene, monkeypatch):
    monkeypatch.setattr(writers, "missing", lambda kind: "imageio-ffmpeg" if kind == "mp4" else None)
    dialog = open_dialog(scene)
    item = dialog.format.model().item(dialog.format.findData("mp4"))
    assert not item.isEnabled() and "pip install imageio-ffmpeg" in item.toolTip()


def test_ctrl_e_opens_the_dialog_on_the_current_tabs_scene(qtbot, scene):
    window = MainWindow(config=None)
    qtbot.addWidget(window)
    window.new_tab(History(scene))
    window.show()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # as the OS does
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible() and dialog.scene == scene
    dialog.close()
