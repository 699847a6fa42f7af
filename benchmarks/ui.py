"""UI responsiveness: frame time while playing, parameter change to repaint, start-up, memory over steps.

Run: python benchmarks/ui.py   (offscreen by default; set QT_QPA_PLATFORM=xcb under Xvfb for a real
window). Prints each figure beside the issue's target."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from convviz.scene.edits import with_drawn_input, with_kernel_values  # noqa: E402
from convviz.scene.field_probe import ErfWeights  # noqa: E402
from convviz.scene.history import History  # noqa: E402
from convviz.scene.link import parse_link  # noqa: E402
from convviz.scene.scenes import BackpropScene, PoolScene, ReceptiveFieldScene, TransposeScene  # noqa: E402
from convviz.scene.upstream import Upstream  # noqa: E402
from convviz.timeline import timeline_for  # noqa: E402
from convviz.ui.app import application  # noqa: E402
from convviz.ui.window import MainWindow  # noqa: E402


def p95(samples: list[float]) -> float:
    return float(np.percentile(samples, 95))


def open_window(scene, size: QSize | None = None) -> MainWindow:
    window = MainWindow(config=None)
    window.new_tab(History(scene))
    window.resize(size or QSize(1920, 1080))
    window.show()
    QApplication.processEvents()
    return window


CONV_SCENE = "convviz://conv?input=digit3&size=28x28&kernel=sobel_x&padding=1"


def input_and_output(view) -> tuple:
    """The maps whose labels a frame-time run turns on: a sliding-window page's input and output."""
    return (view.input, view.output)


def frame_times(
    scene=None, steps: int = 300, presenting: bool = False, labelled=input_and_output
) -> list[float]:
    """Each sample: one player step, from the key press to the window painted again (default: the
    Convolution page's 28x28 input under a 3x3 kernel), with labels on in the maps `labelled` names."""
    window = open_window(scene or parse_link(CONV_SCENE))
    if presenting:  # full screen, the pen's overlay and the key filter in the way of every event
        window.presenter.enter()
        window.resize(QSize(1920, 1080))
        QApplication.processEvents()
    page = window.current_tab().page
    for grid in labelled(page.view):
        grid.set_labels("on")
    samples = []
    for _ in range(steps):
        t0 = time.perf_counter()
        page.player.model.next()
        QApplication.processEvents()
        samples.append(time.perf_counter() - t0)
    window.close()
    return samples


OTHER_PARAMETERS = (
    dict(padding=(2, 2)),
    dict(padding=(3, 3)),
    dict(stride=(2, 2)),
    dict(stride=(1, 1)),
    dict(dilation=(2, 2)),
    dict(dilation=(1, 1)),
    dict(padding_mode="reflect"),
    dict(padding_mode="zeros"),
    dict(flip=True),
    dict(flip=False),
)


def parameter_changes(changes: int = 40) -> tuple[list[float], list[float]]:
    """512x512 input, 7x7 kernel: (kernel edits, other parameter edits), each sample from the edit to
    the window painted again. Kernel edits replace every weight; the others cycle through padding,
    stride, dilation, padding mode and flip, and so also repad and repaint the input."""
    rng = np.random.default_rng(0)
    noise = rng.random((512, 512)).round(2)  # what the canvas's Random draws: values a person can read
    base = with_drawn_input(parse_link("convviz://conv?padding=3"), noise)
    base = with_kernel_values(base, rng.standard_normal((7, 7)).round(1))
    window = open_window(base)
    tab = window.current_tab()

    def timed(scene, final: bool) -> float:
        t0 = time.perf_counter()
        tab.page._edit(scene, final=final)
        QApplication.processEvents()
        return time.perf_counter() - t0

    kernel_edits = [
        timed(with_kernel_values(tab.scene, rng.standard_normal((7, 7)).round(1)), final=i % 2 == 0)
        for i in range(changes)
    ]
    others = [
        timed(tab.scene.replace(**OTHER_PARAMETERS[i % len(OTHER_PARAMETERS)]), True) for i in range(changes)
    ]
    window.close()
    return kernel_edits, others


def backprop_maps(view) -> tuple:
    """Every map of the Backprop page: the forward row and the backward maps."""
    panels = (*view.forward, view.upstream_panel, view.first, view.second, view.result)
    return tuple(panel.grid for panel in panels)


# 28x28 through conv, ReLU and max pooling 2x2: 169 routed cells, the mask, 9 weights, the bias, and
# dL/dX over the 26x26 error (scatter) or the 28x28 input (gather)
BACKPROP_28 = BackpropScene(input="digit3", size=(28, 28), pool="max", grad=Upstream("random", seed=1))

BACKPROP_PARAMETERS = (
    dict(relu=False),
    dict(relu=True),
    dict(pool="max"),
    dict(window=(3, 3)),
    dict(pool_stride=(2, 2)),
    dict(pool="avg"),
    dict(pool="none", window=(2, 2), pool_stride=None),
    dict(grad=Upstream("random", seed=5)),
    dict(grad=Upstream("onehot", cell=(10, 20))),
    dict(grad=Upstream()),
    dict(view="gather"),
    dict(view="scatter"),
    dict(stride=(2, 2)),
    dict(stride=(1, 1)),
    dict(padding=(1, 1)),
    dict(padding=(0, 0)),
)


def transpose_maps(view) -> tuple:
    """The Transposed page's input, its stamp and the output that fills in."""
    return tuple(panel.grid for panel in (view.input_panel, view.stamp_panel, view.output_panel))


# 28x28 under the page's 3x3 kernel at stride 2: 784 stamps into a 57x57 output
TRANSPOSE_28 = TransposeScene(input="digit3", size=(28, 28))


def backprop_parameter_changes(changes: int = 48) -> list[float]:
    """64x64 input on the Backprop page: each sample from an edit (ReLU, pooling, window, its stride,
    dL/dY, the dL/dX view, the convolution's stride and padding, in turn) to the window painted again,
    on the step the scene shows (the first)."""
    window = open_window(BackpropScene(input="digit3", size=(64, 64)))
    tab = window.current_tab()

    def timed(scene) -> float:
        t0 = time.perf_counter()
        tab.page._edit(scene, final=True)
        QApplication.processEvents()
        return time.perf_counter() - t0

    samples = [
        timed(tab.scene.replace(**BACKPROP_PARAMETERS[i % len(BACKPROP_PARAMETERS)])) for i in range(changes)
    ]
    window.close()
    return samples


def receptive_field_clicks(clicks: int = 200) -> list[float]:
    """The 10-layer stack of benchmarks/receptive_field.py over 224x224, its effective field on: each
    sample from a click on a unit (of any layer, as the map's click sends it) to the window painted
    again with every highlight, the table and the heat map of that unit."""
    from receptive_field import STACK  # the timeline's benchmark, beside this one

    window = open_window(ReceptiveFieldScene(size=(224, 224), layers=STACK, erf=ErfWeights("uniform")))
    page = window.current_tab().page
    timeline = timeline_for(page._scene)
    rng = np.random.default_rng(0)
    samples = []
    for _ in range(clicks):
        layer = int(rng.integers(1, len(timeline.specs) + 1))
        height, width = timeline.maps[layer]
        t0 = time.perf_counter()
        page.view.unit_chosen.emit(layer, int(rng.integers(height)), int(rng.integers(width)))
        QApplication.processEvents()
        samples.append(time.perf_counter() - t0)
    window.close()
    return samples


def network_kernel_edits(preset, edits: int = 100) -> list[float]:
    """A Network preset on its own input, the chosen map's kernel: each sample from a weight typed into
    the side panel's slice editor (cycling over the first conv layers' maps and cells, each a new value)
    to the window painted again with every map downstream of the edit."""
    from convviz.scene.network_model import stack_specs
    from convviz.scene.scenes import NetworkScene

    scene = NetworkScene(input=preset.input, size=preset.size, layers=preset.layers)
    convs = [layer for layer, spec in enumerate(stack_specs(scene.layers), start=1) if spec.kind == "conv"]
    window = open_window(scene)
    page = window.current_tab().page
    rng = np.random.default_rng(0)
    samples = []
    for edit in range(edits):
        page.view.map_chosen.emit(convs[edit % 2], edit % 4, 0)  # another map now and then: a new kernel
        QApplication.processEvents()
        k = page.weights.grid.values().shape[0]
        t0 = time.perf_counter()
        page.weights.grid.edited.emit(
            int(rng.integers(k)), int(rng.integers(k)), float(rng.uniform(-1, 1)), True
        )
        QApplication.processEvents()
        samples.append(time.perf_counter() - t0)
    window.close()
    return samples


def resident_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def memory_over_steps(total: int = 10_000) -> tuple[float, float]:
    """Resident memory after 1,000 and after `total` animation steps (looping over a 28x28 scene)."""
    window = open_window(
        parse_link("convviz://conv?input=digit3&size=28x28&kernel=sobel_x"), QSize(1280, 720)
    )
    model = window.current_tab().page.player.model
    model.set_loop(True)
    after_warmup = 0.0
    for step in range(total):
        model.next()
        QApplication.processEvents()
        if step == 999:
            after_warmup = resident_mib()
    after = resident_mib()
    window.close()
    return after_warmup, after


STARTUP = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QTimer
    from convviz import cli
    from convviz.ui import window as window_module

    shown = window_module.MainWindow.show
    def show_and_report(self):
        shown(self)
        QTimer.singleShot(0, lambda: (self.repaint(), print(time.time()), sys.exit(0)))
    window_module.MainWindow.show = show_and_report
    cli.run_window(None)
    """
)


def startup_seconds(runs: int = 5) -> list[float]:
    """`convviz` start to first painted window (a fresh process each run, an empty config folder)."""
    samples = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as config:
            env = {**os.environ, "CONVVIZ_CONFIG_DIR": config}
            t0 = time.time()
            out = subprocess.run([sys.executable, "-c", STARTUP], env=env, capture_output=True, text=True)
            samples.append(float(out.stdout.strip().splitlines()[-1]) - t0)
    return samples


def main() -> None:
    application()
    for mode, presenting in (("window", False), ("presenting", True)):
        frames = frame_times(presenting=presenting)
        print(
            f"frame time while playing, {mode}, 1920x1080, 28x28, 3x3, labels on:"
            f" p95 {p95(frames) * 1e3:.1f} ms (median {statistics.median(frames) * 1e3:.1f} ms;"
            " target p95 <= 16 ms)"
        )
    # its 196 steps, each a real step (the player stops at the last)
    pooling = frame_times(PoolScene(input="digit3", size=(28, 28), pool="max", window=(2, 2)), steps=195)
    print(
        f"frame time while playing, Pooling page, window, 1920x1080, 28x28, max 2x2, labels on:"
        f" p95 {p95(pooling) * 1e3:.1f} ms (median {statistics.median(pooling) * 1e3:.1f} ms;"
        " target p95 <= 16 ms)"
    )
    for view in ("scatter", "gather"):
        scene = BACKPROP_28.replace(view=view)
        steps = timeline_for(scene).count - 1  # every step of every phase, each a real step
        frames = frame_times(scene, steps=steps, labelled=backprop_maps)
        print(
            f"frame time while playing, Backprop page ({view}), window, 1920x1080, 28x28, ReLU, max 2x2,"
            f" {steps + 1} steps, labels on: p95 {p95(frames) * 1e3:.1f} ms"
            f" (median {statistics.median(frames) * 1e3:.1f} ms; target p95 <= 16 ms)"
        )
    transposed = frame_times(TRANSPOSE_28, labelled=transpose_maps)
    print(
        f"frame time while playing, Transposed page (scatter), window, 1920x1080, 28x28, 3x3, stride 2,"
        f" labels on: p95 {p95(transposed) * 1e3:.1f} ms"
        f" (median {statistics.median(transposed) * 1e3:.1f} ms; target p95 <= 16 ms)"
    )
    clicks = receptive_field_clicks()
    print(
        f"click on a unit to repaint, Receptive-field page, 10 layers over 224x224, ERF on, 1920x1080:"
        f" p95 {p95(clicks) * 1e3:.1f} ms (median {statistics.median(clicks) * 1e3:.1f} ms;"
        " target p95 <= 50 ms)"
    )
    from convviz.scene.network_presets import NETWORK_PRESETS

    edits = [network_kernel_edits(preset) for preset in NETWORK_PRESETS[:2]]
    print(
        "a kernel edit on the LeNet-style stack at 28x28 and the Tiny-VGG-like stack at 64x64x3 recomputes"
        f" and repaints within 33 ms p95: LeNet p95 {p95(edits[0]) * 1e3:.1f} ms, Tiny-VGG p95"
        f" {p95(edits[1]) * 1e3:.1f} ms (1920x1080; target p95 <= 33 ms)"
    )
    changes = backprop_parameter_changes()
    print(
        f"parameter change to repaint, Backprop page, 64x64 input: p95 {p95(changes) * 1e3:.1f} ms"
        f" (median {statistics.median(changes) * 1e3:.1f} ms; target p95 <= 33 ms)"
    )
    for kind, changes in zip(("kernel edits", "other parameters"), parameter_changes()):
        print(
            f"parameter change to repaint, 512x512 input, 7x7 kernel, {kind}: p95 {p95(changes) * 1e3:.1f} ms"
            f" (median {statistics.median(changes) * 1e3:.1f} ms; target p95 <= 16 ms)"
        )
    starts = startup_seconds()
    print(
        f"start to first painted window: median {statistics.median(starts):.2f} s,"
        f" worst {max(starts):.2f} s (target <= 1.0 s)"
    )
    before, after = memory_over_steps()
    print(
        f"resident memory after 1,000 steps {before:.1f} MiB, after 10,000 steps {after:.1f} MiB"
        f" (growth {after - before:+.1f} MiB; target: none)"
    )


if __name__ == "__main__":
    main()
