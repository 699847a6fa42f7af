"""The Transposed page's dilations compared: this kernel at dilation 1, 2 and 3 on this input, three
maps in a row in one colour scale, each titled with its output size, and a caption with the spans (the
receptive field of the convolution it undoes) and the output-size formula in d. The values and words
are transpose_facts' (the engine's)."""

from __future__ import annotations

import numpy as np

from convviz.timeline.transpose import TransposeTimeline
from convviz.timeline.transpose_facts import compare_dilations, compared_words
from convviz.ui.views.backprop_pictures import size_of
from convviz.ui.views.canvas_items import TextItem
from convviz.ui.views.map_panel import MapPanel, PanelRow
from convviz.ui.views.maps_view import output_colours

DILATIONS = (1, 2, 3)


class DilationsCompared:
    """The comparison's panels (one per dilation) in their own row, and its caption; `on` when the
    person asked for it."""

    def __init__(self, panels: list[MapPanel], caption: TextItem):
        self.panels = tuple(panels)
        self.row = PanelRow(self.panels)
        self.caption = caption
        self.caption.setVisible(False)
        self.on = False

    def show(self, timeline: TransposeTimeline) -> None:
        """Compare `timeline`'s kernel at each dilation, the three maps in one colour scale."""
        cases = compare_dilations(timeline, DILATIONS)
        outputs = [case.output for case in cases if case.output is not None]
        diverging, value_range = output_colours(np.concatenate([o.ravel() for o in outputs or [np.zeros(1)]]))
        for panel, case in zip(self.panels, cases):
            title = f"Dilation {case.dilation}"
            if case.output is None:
                panel.set_values(np.full((1, 1), np.nan))
                title += " · no output"
            else:
                panel.grid.set_labels("auto")
                panel.set_values(case.output, diverging=diverging, value_range=value_range)
                title += f" · {size_of(case.output)}"
            if tuple(timeline.scene.dilation) == (case.dilation, case.dilation):
                title += " · on show"
            panel.set_title(title)
        self.caption.set_text(compared_words(cases))
