"""How fast the Receptive-field page answers a click on a unit, without the drawing the UI adds.

Run: python benchmarks/receptive_field.py   Times `timeline_for(scene.replace(unit=...))` (map sizes,
table, warnings, the exact masks of every layer and the effective receptive field) for a 10-layer
stack over 224x224, clicking units of any layer and of the last (the deepest backward pass), and
prints the median and p95 against the issue's 50 ms for the whole update. The first click of a stack
runs its forward pass once; it is timed apart, as the page runs it when the stack is edited, not when
a unit is clicked."""

from __future__ import annotations

import time

import numpy as np

from convviz.scene.field_probe import ErfWeights, Unit
from convviz.scene.scenes import ReceptiveFieldScene
from convviz.timeline import timeline_for

STACK = "conv3p1,conv3p1,maxpool2,conv3p1,conv3d2p2,maxpool2,conv3p1,conv3d4p4,avgpool2,conv3p1"
TARGET_MS = 50.0
CLICKS = 200


def click_ms(scene: ReceptiveFieldScene, units: list[Unit]) -> list[float]:
    """Milliseconds from a clicked unit to everything the page shows for it."""
    times = []
    for unit in units:
        started = time.perf_counter()
        timeline = timeline_for(scene.replace(unit=unit))
        [timeline.step(i).mask for i in range(timeline.count)]  # what the UI reads to draw
        times.append(1e3 * (time.perf_counter() - started))
    return times


def main() -> None:
    rng = np.random.default_rng(0)
    for erf in (ErfWeights("uniform"), ErfWeights("random", seed=1)):
        scene = ReceptiveFieldScene(input="digit3", size=(224, 224), layers=STACK, erf=erf)
        started = time.perf_counter()
        first = timeline_for(scene)
        first_ms = 1e3 * (time.perf_counter() - started)
        print(f"erf={erf.kind}: first click of the stack (its forward pass) {first_ms:.1f} ms")
        last = len(first.specs)
        for where, layers in (("any layer", range(1, last + 1)), ("the last layer", [last])):
            units = []
            for _ in range(CLICKS):
                layer = int(rng.choice(layers))
                height, width = first.maps[layer]
                units.append(Unit(layer, int(rng.integers(height)), int(rng.integers(width))))
            times = click_ms(scene, units)
            p95 = float(np.percentile(times, 95))
            print(
                f"  {CLICKS} clicks on units of {where:14}: median {np.median(times):5.1f} ms,"
                f" p95 {p95:5.1f} ms (target {TARGET_MS:.0f} ms) {'ok' if p95 <= TARGET_MS else 'TOO SLOW'}"
            )


if __name__ == "__main__":
    main()
