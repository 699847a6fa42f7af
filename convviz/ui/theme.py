"""Colours, font and colour maps in one frozen value, so a theme switch is one assignment and exports
match the screen.

Colours are "#rrggbb" strings (QColor parses them) and colour maps are (256, 3) uint8 lookup tables
built here from a few control points, so there is no matplotlib dependency.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtGui import QColor, QPalette


def ramp(colors: list[str], n: int = 256) -> np.ndarray:
    """An (n, 3) uint8 table interpolated linearly between evenly spaced "#rrggbb" control points."""
    points = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in colors], dtype=float)
    where = np.linspace(0.0, 1.0, len(colors))
    x = np.linspace(0.0, 1.0, n)
    table = np.stack([np.interp(x, where, points[:, k]) for k in range(3)], axis=1)
    return _frozen(np.rint(table).astype(np.uint8))


def diverging_ramp(negative: list[str], positive: list[str]) -> np.ndarray:
    """A (256, 3) table whose two middle entries are both exactly white, so 0 stays white whichever
    way it rounds; `negative` runs from the far end towards white, `positive` from white outwards."""
    table = np.concatenate([ramp([*negative, "#ffffff"], 128), ramp(["#ffffff", *positive], 128)])
    return _frozen(table)


def readable_text(background: np.ndarray) -> np.ndarray:
    """Black or white (uint8 RGB, same leading shape) for text on each `background` RGB, whichever
    contrasts more by WCAG relative luminance."""
    srgb = np.asarray(background, dtype=float) / 255.0
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    luminance = linear @ np.array([0.2126, 0.7152, 0.0722])
    # (L + 0.05) / 0.05 > 1.05 / (L + 0.05)  <=>  L > sqrt(1.05 * 0.05) - 0.05
    dark = luminance > np.sqrt(1.05 * 0.05) - 0.05
    return np.repeat(np.where(dark, 0, 255)[..., None], 3, axis=-1).astype(np.uint8)


def _frozen(table: np.ndarray) -> np.ndarray:
    table.setflags(write=False)
    return table


@dataclass(frozen=True)
class Theme:
    """Everything a view needs to look consistent; add a theme by constructing another instance."""

    name: str
    background: str
    panel: str  # empty cells (not computed yet) and control backgrounds
    text: str
    muted_text: str
    grid_line: str
    window_outline: str  # the kernel taps under the sliding window
    current_outline: str  # the one cell being computed or edited
    padding: str  # tint and hatch over padding cells
    highlight: str
    error: str
    pen: str  # presentation-mode freehand strokes: bright against every map of the theme
    sequential: np.ndarray = field(compare=False, repr=False)  # inputs, activations
    diverging: np.ndarray = field(compare=False, repr=False)  # signed values, white at 0
    font_family: str = "DejaVu Sans"

    def colormap(self, diverging: bool) -> np.ndarray:
        return self.diverging if diverging else self.sequential

    def palette(self) -> QPalette:
        """A Qt palette in these colours, so standard controls (buttons, spin boxes, sliders) match
        the painted views under any theme. On a dark background, text fields and check boxes are
        filled with the panel colour: Fusion outlines them in a darker shade of the window colour,
        which vanishes on black."""
        roles = QPalette.ColorRole
        palette = QPalette()
        dark = readable_text(np.array(QColor(self.background).getRgb()[:3]))[0] == 255
        for role, color in [
            (roles.Window, self.background),
            (roles.WindowText, self.text),
            (roles.Base, self.panel if dark else self.background),
            (roles.AlternateBase, self.panel),
            (roles.Button, self.panel),
            (roles.ButtonText, self.text),
            (roles.Text, self.text),
            (roles.PlaceholderText, self.muted_text),
            (roles.ToolTipBase, self.panel),
            (roles.ToolTipText, self.text),
            (roles.Highlight, self.highlight),
            (roles.HighlightedText, "#ffffff"),
        ]:
            palette.setColor(role, QColor(color))
        for role in (roles.WindowText, roles.ButtonText, roles.Text):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(self.muted_text))
        return palette


VIRIDIS = ramp(
    ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"]
)
GRAY = ramp(["#000000", "#ffffff"])
BLUE_WHITE_RED = diverging_ramp(
    ["#2166ac", "#4393c3", "#92c5de", "#d1e5f0"], ["#fddbc7", "#f4a582", "#d6604d", "#b2182b"]
)
BLUE_WHITE_RED_STRONG = diverging_ramp(["#0000cc", "#6f6fff"], ["#ff6f6f", "#cc0000"])

DEFAULT = Theme(
    name="light",
    background="#ffffff",
    panel="#eef0f3",
    text="#1f2328",
    muted_text="#5f6b7a",
    grid_line="#d0d7de",
    window_outline="#ff7a00",
    current_outline="#e6007e",
    padding="#ffffff",
    highlight="#2f81f7",
    error="#d1242f",
    pen="#ff006e",
    sequential=VIRIDIS,
    diverging=BLUE_WHITE_RED,
)

HIGH_CONTRAST = Theme(
    name="high-contrast",
    background="#000000",
    panel="#262626",
    text="#ffffff",
    muted_text="#d0d0d0",
    grid_line="#6e6e6e",
    window_outline="#ffd500",
    current_outline="#00e5ff",
    padding="#9a9a9a",
    highlight="#00e5ff",
    error="#ff5050",
    pen="#ff40ff",
    sequential=GRAY,
    diverging=BLUE_WHITE_RED_STRONG,
)

# Colour-vision-deficiency safe: no red against green anywhere. Cividis (Nuñez et al. 2018) reads the
# same to deuteranopes and protanopes; the diverging map runs blue to orange with equal lightness at
# equal |value| on both sides; outlines and the error colour are Okabe–Ito orange, blue and vermillion,
# and the pen a light sky blue that a black rim sets apart from the current-cell blue.
CIVIDIS = ramp(["#00224e", "#35456c", "#666970", "#948e77", "#c8b866", "#fee838"])
BLUE_WHITE_ORANGE = diverging_ramp(
    ["#0b3e71", "#1e78d2", "#9ccbef", "#d9ecfa"], ["#fde6c8", "#f9c27a", "#bc6600", "#613100"]
)

COLOUR_BLIND = Theme(
    name="colour-blind",
    background="#ffffff",
    panel="#eef0f3",
    text="#1f2328",
    muted_text="#5f6b7a",
    grid_line="#d0d7de",
    window_outline="#e69f00",
    current_outline="#0072b2",
    padding="#ffffff",
    highlight="#0072b2",
    error="#d55e00",
    pen="#a0e0ff",
    sequential=CIVIDIS,
    diverging=BLUE_WHITE_ORANGE,
)

THEMES: dict[str, Theme] = {theme.name: theme for theme in (DEFAULT, HIGH_CONTRAST, COLOUR_BLIND)}
