"""SVG and PDF stills read back as a reader of the figure would: the same picture as the PNG still, its
text as text (SVG <text>, PDF text a search finds), its cells as shapes, written whole or not at all."""

import errno
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pyqtgraph as pg
import pytest
from PIL import Image
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGraphicsRectItem

from convviz.engine import conv2d
from convviz.export import Export, ExportError, MissingPackage, vector, writers
from convviz.scene.link import parse_link
from convviz.ui.numbers import format_value
from convviz.ui.render import prepare_offscreen, record_scaled

from .pdf_text import text_objects

INPUT = np.array([[0, 1, 0, 1, 2], [1, 1, 0, 0, 3], [0, 1, 1, 0, 1], [1, 0, 0, 1, 0], [2, 2, 1, 0, 1]])
SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
ROWS = ";".join(",".join(map(str, row)) for row in INPUT)
LINK = f"convviz://conv?input={ROWS}&kernel=sobel_x&padding=1&step=8"  # 25 steps; step 8 is y[1, 2]
SIZE = (1280, 720)
SVG = "{http://www.w3.org/2000/svg}"


def export(path, link=LINK, **options):
    job = Export(parse_link(link), path, size=options.pop("size", SIZE), **options)
    try:
        for _ in job.run():
            pass
        return job.summary(0.1)
    finally:
        job.close()


def plain(text: str) -> str:
    """Text as the tests compare it: spaces collapsed (Qt's PDF text has tabs), minus signs as hyphens."""
    return " ".join(text.split()).replace("\u2212", "-")


def svg_texts(path) -> list[str]:
    root = ET.parse(path).getroot()
    return [plain("".join(text.itertext())) for text in root.iter(f"{SVG}text")]


def expected_value() -> str:
    """The output value at step 8 (row 1, column 2), from the engine, written as the page writes numbers."""
    output = conv2d(INPUT.astype(np.float32), SOBEL_X.astype(np.float32), padding=1)
    return format_value(float(output[1, 2]))


def test_an_svg_still_keeps_the_formula_titles_and_cell_values_as_text(tmp_path):
    summary = export(tmp_path / "figure.svg")
    assert summary == f"wrote {tmp_path / 'figure.svg'}: step 8 of 25, 1280x720, in 0.1 s"
    texts = svg_texts(tmp_path / "figure.svg")
    assert {"Kernel", "Products", "Output"} <= set(texts)
    assert any(text.startswith("Input") for text in texts)
    formula = next(text for text in texts if text.startswith("y[1, 2]"))
    assert formula.endswith(expected_value()), formula  # the sum written out, ending on its value
    assert any(text.startswith("H' = ") for text in texts)  # the size formula with the user's numbers
    kernel_labels = {format_value(float(v)) for v in SOBEL_X.ravel()}
    assert kernel_labels <= set(texts)  # cell values are text, not glyph outlines


def test_an_svg_stills_cells_are_rectangles_not_a_bitmap(tmp_path):
    export(tmp_path / "figure.svg")
    root = ET.parse(tmp_path / "figure.svg").getroot()
    images = [(float(image.get("width")), float(image.get("height"))) for image in root.iter(f"{SVG}image")]
    grids = [size for size in images if min(size) > 40]  # a map's cells as one picture (keys are thin)
    assert grids == [], images
    shapes = [*root.iter(f"{SVG}rect"), *root.iter(f"{SVG}path")]  # Qt writes a transformed rect as a path
    assert len(shapes) >= 9 + 9  # at least the kernel's 9 cells and the products' 9, each its colour


def test_an_svg_still_is_the_picture_the_png_still_shows_at_the_size_asked(tmp_path):
    export(tmp_path / "figure.svg", size=(960, 540))
    export(tmp_path / "figure.png", size=(960, 540))
    root = ET.parse(tmp_path / "figure.svg").getroot()
    assert root.get("viewBox") == "0 0 960 540"
    width_mm = float(root.get("width").removesuffix("mm"))
    assert round(width_mm / 25.4 * 96) == 960  # 960 CSS pixels wide: a browser shows it at its size
    renderer = QSvgRenderer(str(tmp_path / "figure.svg"))
    assert renderer.isValid()
    image = QImage(QSize(960, 540), QImage.Format.Format_RGB888)
    image.fill(QColor("magenta"))  # anything the SVG leaves unpainted shows
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    drawn = np.frombuffer(image.constBits(), np.uint8).reshape(540, image.bytesPerLine())[:, : 3 * 960]
    drawn = drawn.reshape(540, 960, 3).astype(int)
    still = np.asarray(Image.open(tmp_path / "figure.png").convert("RGB")).astype(int)
    difference = np.abs(drawn - still).max(axis=-1)
    assert difference.mean() < 3 and (difference > 64).mean() < 0.02  # only antialiased edges differ


def test_a_pdf_still_is_one_page_the_size_of_the_frame_with_searchable_text(tmp_path):
    summary = export(tmp_path / "figure.pdf", size=(1600, 900))
    assert summary == f"wrote {tmp_path / 'figure.pdf'}: step 8 of 25, 1600x900, in 0.1 s"
    data = (tmp_path / "figure.pdf").read_bytes()
    assert data.startswith(b"%PDF-1.")
    assert re.findall(rb"/MediaBox \[([^\]]*)\]", data) == [b"0 0 1600.000000 900.000000"]  # 1 pt a pixel
    assert b"/FontFile2" in data and b"/ToUnicode" in data  # an embedded font whose glyphs read as text
    texts = [plain(text) for text in text_objects(data)]
    assert {"Kernel", "Products", "Output"} <= set(texts)
    formula = next(text for text in texts if text.startswith("y[1, 2]"))
    assert formula.endswith(expected_value()), formula


@pytest.mark.parametrize("name", ["figure.svg", "figure.pdf"])
def test_a_vector_still_refuses_a_step_range_and_writes_nothing(tmp_path, name):
    with pytest.raises(ExportError, match=f"{name} is a still of the scene's current step; give no step"):
        Export(parse_link(LINK), tmp_path / name, size=SIZE, steps=(1, 3))
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("name", ["figure.svg", "figure.pdf"])
def test_a_full_disk_says_so_and_leaves_the_earlier_figure_as_it_was(tmp_path, monkeypatch, name):
    target = tmp_path / name
    target.write_bytes(b"the figure of last week")

    class FullDisk:
        def __init__(self, path, mode):
            self.stream = open(path, mode)  # noqa: SIM115 - closed in __exit__

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            self.stream.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(vector, "open", FullDisk, raising=False)
    with pytest.raises(ExportError, match=f"^disk full while writing .*{name}$"):
        export(target)
    assert target.read_bytes() == b"the figure of last week"
    assert os.listdir(tmp_path) == [name]  # no half-written temporary file


def test_a_pyqtgraph_canvas_is_recorded_as_shapes_not_its_cached_background(tmp_path, qtbot):
    canvas = pg.GraphicsLayoutWidget()  # every view's canvas; it caches its background as a pixmap
    qtbot.addWidget(canvas)
    canvas.setBackground("#eef")
    canvas.addViewBox().addItem(QGraphicsRectItem(0, 0, 5, 3))
    cached = canvas.cacheMode()
    prepare_offscreen(canvas, QSize(200, 100))
    picture = record_scaled(canvas, QSize(200, 100))
    assert canvas.cacheMode() == cached  # the screen keeps its cache
    writer = vector.SvgWriter()
    writer.setup(tmp_path / "canvas.svg", (200, 100), 8)
    writer.grab_frame(picture)
    writer.finish()
    root = ET.parse(tmp_path / "canvas.svg").getroot()
    assert list(root.iter(f"{SVG}image")) == []


@pytest.mark.parametrize("name", ["figure.svg", "figure.pdf"])
@pytest.mark.parametrize(
    "folder, words", [("missing", "missing does not exist"), ("notes.txt", "notes.txt is not a folder")]
)
def test_an_unwritable_folder_is_one_line_from_the_command_line_and_nothing_is_written(
    tmp_path, name, folder, words
):
    (tmp_path / "notes.txt").write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "convviz", "export", LINK, "-o", str(tmp_path / folder / name)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("convviz: cannot write ")
    assert words in result.stderr, result.stderr
    assert os.listdir(tmp_path) == ["notes.txt"]


def test_without_qt_svg_the_svg_format_names_the_package_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "PySide6.QtSvg", None)  # import now raises ImportError
    with pytest.raises(MissingPackage, match="SVG still export needs the pyside6-essentials package"):
        writers["svg"]
    assert writers.missing("pdf") is None  # PDF is written by QtGui itself
