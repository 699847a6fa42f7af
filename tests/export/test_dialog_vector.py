"""The Export dialog's vector stills, chosen and written the way a person does it."""

import os
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import Qt

from convviz.scene.link import parse_link
from convviz.ui.export_dialog import CUSTOM, ExportDialog

from .conftest import LINK


@pytest.fixture
def dialog(qtbot):
    shown = ExportDialog(parse_link(f"{LINK}&step=5"))
    qtbot.addWidget(shown)
    shown.show()
    return shown


def pick(combo, text):
    combo.setCurrentIndex(combo.findText(text))


def test_the_formats_offer_svg_and_pdf_stills_beside_the_others(dialog):
    labels = [dialog.format.itemText(i) for i in range(dialog.format.count())]
    assert labels[-2:] == ["SVG still of the current step (vector)", "PDF still of the current step (vector)"]
    assert len(labels) == 6  # GIF, MP4, PNG frames, PNG still before them


@pytest.mark.parametrize("label, ending", [("SVG still", ".svg"), ("PDF still", ".pdf")])
def test_a_vector_still_of_the_current_step_is_written(tmp_path, qtbot, dialog, label, ending):
    pick(dialog.format, f"{label} of the current step (vector)")
    assert dialog.path.text().endswith(f"convviz-conv{ending}")  # the path takes the format's ending
    assert not dialog.first_step.isEnabled() and not dialog.fps.isEnabled()  # one frame: this step
    assert dialog.steps_note.text() == "(the current one, 5)"
    pick(dialog.size_preset, CUSTOM)
    dialog.width_box.setValue(640)
    dialog.height_box.setValue(360)
    target = tmp_path / f"figure{ending}"
    dialog.path.setText(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)
    assert dialog.message.text().startswith(f"Wrote {target}: step 5 of 9, 640x360")
    assert os.listdir(tmp_path) == [target.name]
    if ending == ".svg":
        assert ET.parse(target).getroot().get("viewBox") == "0 0 640 360"
    else:
        assert target.read_bytes().startswith(b"%PDF-")


def test_typing_a_pdf_path_picks_the_pdf_format(qtbot, dialog):
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, "/talks/figure.pdf")
    assert dialog.format.currentData() == "pdf" and dialog.path.text() == "/talks/figure.pdf"
    assert not dialog.last_step.isEnabled()
