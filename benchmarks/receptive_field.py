"""How fast the Receptive-field page answers a click on a unit, without the drawing the UI adds.

Run: python benchmarks/receptive_field.py   Times `timeline_for(scene.replace(unit=...))` (map sizes,
table, warnings, the exact masks of every layer and the effective receptive field) for a 10-layer
stack over 224x224, clicking many units of every layer, and prints the median and p95 against the
issue's 50 ms for the whole update. The first click of a stack runs its forward pass once; it is timed
apart, as the page runs it when the stack is edited, not when a unit is clicked."""

from __future__ import annotations

import time

import numpy as np

from convviz.scene.field_probe import ErfWeights, Unit
from convviz.scene.scenes import ReceptiveFieldScene
from convviz.timeline import timeline_for

STACK = "conv3p1,conv3p1,maxpool2,conv3p1,conv3d2p2,maxpool2,conv3p1,conv3d4p4,avgpool2,conv3p1"
TARGET_MS = 50.0
CLICKS = 200


def main() -> None:
    for erf in (ErfWeights("uniform"), ErfWeights("random", seed=1)):
        scene = ReceptiveFieldScene(input="digit3", size=(224, 224), layers=STACK, erf=erf)
        started = time.perf_counter()
        first = timeline_for(scene)
        first_ms = 1e3 * (time.perf_counter() - started)
        rng = np.random.default_rng(0)
        times = []
        for _ in range(CLICKS):
            layer = int(rng.integers(1, len(first.maps)))
            height, width = first.maps[layer]
            unit = Unit(layer, int(rng.integers(height)), int(rng.integers(width)))
            started = time.perf_counter()
            timeline = timeline_for(scene.replace(unit=unit))
            [timeline.step(i).mask for i in range(timeline.count)]  # what the UI reads to draw
            times.append(1e3 * (time.perf_counter() - started))
        p95 = float(np.percentile(times, 95))
        verdict = "ok" if p95 <= TARGET_MS else "TOO SLOW"
        print(
            f"erf={erf.kind:8} first click {first_ms:6.1f} ms; {CLICKS} clicks: median"
            f" {np.median(times):5.1f} ms, p95 {p95:5.1f} ms (target {TARGET_MS:.0f} ms) {verdict}"
        )


if __name__ == "__main__":
    main()
