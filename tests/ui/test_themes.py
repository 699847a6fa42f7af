"""Themes: each reads well, the colour-blind one stays apart under simulated colour blindness, and a
switch restyles everything at once, persists, and reaches presentation mode, exports and screenshots."""

import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QColor, QImage, QPalette

from convviz.cli import main
from convviz.scene.link import parse_link
from convviz.ui.render import prepare_offscreen, render
from convviz.ui.theme import COLOUR_BLIND, DEFAULT, HIGH_CONTRAST, THEMES, Theme
from convviz.ui.views import create_view
from convviz.ui.window import START

LINK = "convviz://conv?input=digit3&size=12x12&kernel=sobel_x&padding=1&step=31"

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
DEFICIENCIES = {
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
}


def linear(rgb) -> np.ndarray:
    srgb = np.asarray(rgb, dtype=float) / 255
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def rgb(color: str) -> np.ndarray:
    return np.array(QColor(color).getRgb()[:3])


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    la, lb = (float(linear(rgb(c)) @ [0.2126, 0.7152, 0.0722]) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def lab(rgb_values) -> np.ndarray:
    """CIELAB (D65) of sRGB colours, for perceptual distances."""
    xyz = (
        linear(rgb_values)
        @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
    )
    xyz = xyz / np.array([0.9505, 1.0, 1.089])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def seen_with(deficiency: str, rgb_values) -> np.ndarray:
    """What a person with `deficiency` sees, back as sRGB 0..255."""
    simulated = np.clip(linear(rgb_values) @ DEFICIENCIES[deficiency].T, 0, 1)
    return 255 * np.where(simulated <= 0.0031308, 12.92 * simulated, 1.055 * simulated ** (1 / 2.4) - 0.055)


@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.name)
def test_every_theme_reads(theme: Theme):
    least = 7.0 if theme is HIGH_CONTRAST else 4.5  # WCAG AAA for the projector theme, AA otherwise
    assert contrast(theme.text, theme.background) >= least
    assert contrast(theme.muted_text, theme.background) >= 4.5
    assert (theme.diverging[127:129] == 255).all()  # zero is exactly white whichever way it rounds
    luminance = linear(theme.sequential) @ [0.2126, 0.7152, 0.0722]
    assert (np.diff(luminance) >= 0).all()  # the sequential map only ever gets lighter
    assert THEMES[theme.name] is theme


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_the_colour_blind_theme_keeps_signs_and_outlines_apart(deficiency):
    """Under simulated deuteranopia and protanopia, negative and positive values of equal size stay
    clearly different (CIELAB distance) and equally light, and the outlines and the pen stay apart."""
    table = COLOUR_BLIND.diverging.astype(float)
    for offset in (32, 64, 127):
        negative, positive = lab(seen_with(deficiency, table[[127 - offset, 128 + offset]]))
        assert np.linalg.norm(negative - positive) > 0.4 * offset
        assert abs(lab(table[127 - offset])[0] - lab(table[128 + offset])[0]) < 8
    marks = [COLOUR_BLIND.window_outline, COLOUR_BLIND.current_outline, COLOUR_BLIND.pen]
    seen = lab(seen_with(deficiency, np.array([rgb(c) for c in marks])))
    for i in range(3):
        for j in range(i + 1, 3):
            assert np.linalg.norm(seen[i] - seen[j]) > 40, (marks[i], marks[j])


def test_dark_themes_fill_fields_so_check_boxes_show():
    assert HIGH_CONTRAST.palette().color(QPalette.ColorRole.Base) == QColor(HIGH_CONTRAST.panel)
    assert DEFAULT.palette().color(QPalette.ColorRole.Base) == QColor(DEFAULT.background)


def view_image(view) -> QImage:
    return view.grab().toImage()


def test_choosing_a_theme_restyles_every_part_of_the_page(make_window):
    win = make_window(parse_link(LINK))
    page = win.current_tab().page
    before = view_image(page.view)
    action = next(a for a in win.theme_button.menu().actions() if a.text() == HIGH_CONTRAST.name)
    action.trigger()
    grids = [page.view.input, page.view.output, page.view.kernel, page.view.products, page.input_group.canvas]
    assert all(grid.cells.theme() is HIGH_CONTRAST for grid in [*grids, page.kernel_group.editor.grid()])
    for widget in (win, page.view, page.player, page.kernel_group.editor):
        assert widget.palette().color(QPalette.ColorRole.Window) == QColor(HIGH_CONTRAST.background)
    after = view_image(page.view)
    assert after != before
    assert after.pixelColor(2, 2) == QColor(HIGH_CONTRAST.background)
    assert action.isChecked()


def test_a_view_built_in_a_theme_draws_as_one_switched_to_it():
    """What exports rely on: create_view(page, theme) draws entirely in the theme."""
    scene = parse_link(LINK)
    built, switched = create_view("conv", COLOUR_BLIND), create_view("conv")
    switched.set_theme(COLOUR_BLIND)
    images = []
    for view in (built, switched):
        prepare_offscreen(view, QSize(960, 540))
        view.load(scene)
        view.draw(scene.step)
        images.append(render(view))
        view.deleteLater()
    assert images[0] == images[1]
    assert images[0] != render_default(scene)


def render_default(scene) -> QImage:
    view = create_view("conv")
    prepare_offscreen(view, QSize(960, 540))
    view.load(scene)
    view.draw(scene.step)
    image = render(view)
    view.deleteLater()
    return image


def test_the_chosen_theme_is_remembered_and_a_bad_one_is_reported(make_window, tmp_path):
    first = make_window(parse_link(LINK))
    first.choose_theme(COLOUR_BLIND)
    first.close()
    assert json.loads((tmp_path / "settings.json").read_text()) == {"theme": "colour-blind"}
    again = make_window()
    assert again.theme is COLOUR_BLIND
    assert again.current_tab().page.view.theme is COLOUR_BLIND
    again.close()
    (tmp_path / "settings.json").write_text('{"theme": "sepia"}')
    third = make_window()
    assert third.theme is DEFAULT and "sepia" in third.notice.text()


def test_pages_opened_later_and_presentation_mode_use_the_theme(make_window, drag):
    win = make_window(START, config=None)
    win.set_theme(HIGH_CONTRAST)
    page = win.current_tab().page
    page.paint_all_thumbnails()
    thumbnail = page.cards[0].picture.pixmap().toImage()
    assert thumbnail.pixelColor(thumbnail.width() - 1, thumbnail.height() // 2) == QColor("#000000")
    win.presenter.enter()
    win.open_scene(parse_link(LINK))
    assert win.current_tab().page.view.theme is HIGH_CONTRAST
    win.set_theme(COLOUR_BLIND)
    pen = win.presenter.pen
    drag(pen, [QPoint(100, 100), QPoint(200, 100)])
    assert win.grab().toImage().pixelColor(pen.mapTo(win, QPoint(150, 100))) == QColor(COLOUR_BLIND.pen)
    win.presenter.leave()
    assert win.theme is COLOUR_BLIND  # leaving keeps what the user chose while presenting
    win.current_tab().stop()


def test_screenshot_takes_a_theme(tmp_path, capsys):
    out = tmp_path / "shot.png"
    assert main([LINK, "--screenshot", str(out), "--size", "1280x720", "--theme", "high-contrast"]) == 0
    image = QImage(str(out))
    assert image.pixelColor(image.width() - 4, 150) == QColor(HIGH_CONTRAST.background)
