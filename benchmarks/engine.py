"""Engine speed and memory against SciPy and, when it happens to be installed, PyTorch (CPU).

Run: python benchmarks/engine.py   One row per case: the best time of convviz and of the reference,
their ratio reference/convviz (above 1: convviz is faster) and whether the issue's target holds. Best
of many runs, as timeit recommends: on a shared 2-core machine the slower runs measure the neighbours.
PyTorch is timed in its own process (if it can be imported; it is not a dependency), so that its idle
OpenMP threads never slow NumPy's down and NumPy's never slow its."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
import tracemalloc
from functools import partial

import numpy as np
import scipy.signal

from convviz.engine import avg_pool2d, conv2d, conv2d_backward, conv2d_trace, max_pool2d

SINGLE = [(k, dtype) for dtype in ("float32", "float64") for k in (3, 5, 7)]
MULTI = [((1, 3, 64, 64), 10), ((1, 16, 128, 128), 32), ((8, 16, 64, 64), 32)]
POOLS = ("max", "avg")


def best_seconds(fn, budget: float = 1.0, least: int = 7) -> float:
    """The fastest of repeated calls after one warm-up, over about `budget` seconds."""
    fn()
    best, runs, started = float("inf"), 0, time.perf_counter()
    while (runs < least or time.perf_counter() - started < budget) and runs < 300:
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
        runs += 1
    return best


def inputs(rng=None):
    """The same arrays in both processes."""
    rng = rng or np.random.default_rng(0)
    single = {
        (k, dtype): (rng.standard_normal((512, 512)).astype(dtype), rng.standard_normal((k, k)).astype(dtype))
        for k, dtype in SINGLE
    }
    multi = {}
    for shape, c_out in MULTI:
        x = rng.standard_normal(shape).astype(np.float32)
        w = rng.standard_normal((c_out, shape[1], 3, 3)).astype(np.float32)
        g = rng.standard_normal((shape[0], c_out, *shape[2:])).astype(np.float32)
        multi[(shape, c_out)] = (x, w, g)
    pool = rng.standard_normal((1, 32, 256, 256)).astype(np.float32)
    return single, multi, pool


def convviz_times() -> dict[str, float]:
    single, multi, pool = inputs()
    times = {}
    for (k, dtype), (x, w) in single.items():
        times[f"conv 512x512 k={k} {dtype}"] = best_seconds(partial(conv2d, x, w))
    for (shape, c_out), (x, w, g) in multi.items():
        label = f"{shape}->{c_out} k=3 p=1"
        times[label + " fwd"] = best_seconds(partial(conv2d, x, w, padding=1))
        times[label + " bwd"] = best_seconds(partial(conv2d_backward, x, w, g, padding=1))
    for name, fn in (("max", max_pool2d), ("avg", avg_pool2d)):
        times[f"{name}pool 2x2 (1, 32, 256, 256)"] = best_seconds(partial(fn, pool, 2))
    return times


def scipy_times() -> dict[str, float]:
    single, _, _ = inputs()
    return {
        f"conv 512x512 k={k} {dtype}": best_seconds(partial(scipy.signal.correlate2d, x, w, "valid"))
        for (k, dtype), (x, w) in single.items()
    }


def torch_times() -> dict[str, float]:
    """Runs in a separate process: `python benchmarks/engine.py --torch`."""
    import torch
    import torch.nn.functional as F

    single, multi, pool = inputs()
    times = {}
    with torch.no_grad():
        for (k, dtype), (x, w) in single.items():
            tx, tw = torch.from_numpy(x)[None, None], torch.from_numpy(w)[None, None]
            times[f"conv 512x512 k={k} {dtype}"] = best_seconds(partial(F.conv2d, tx, tw))
        for (shape, c_out), arrays in multi.items():
            tx, tw, tg = (torch.from_numpy(a) for a in arrays)
            label = f"{shape}->{c_out} k=3 p=1"
            times[label + " fwd"] = best_seconds(partial(F.conv2d, tx, tw, padding=1))
            args = (tg, tx, tw, None, [1, 1], [1, 1], [1, 1], False, [0, 0], 1, [True, True, True])
            times[label + " bwd"] = best_seconds(partial(torch.ops.aten.convolution_backward, *args))
        tp = torch.from_numpy(pool)
        times["maxpool 2x2 (1, 32, 256, 256)"] = best_seconds(partial(F.max_pool2d, tp, 2))
        times["avgpool 2x2 (1, 32, 256, 256)"] = best_seconds(partial(F.avg_pool2d, tp, 2))
    times["version"] = torch.__version__
    times["threads"] = torch.get_num_threads()
    return times


def trace_cost() -> str:
    """conv2d_trace of 512x512 with k=7: under 0.5 s and under 200 MB at its peak."""
    rng = np.random.default_rng(1)
    x = rng.random((512, 512), dtype=np.float32)
    w = rng.standard_normal((7, 7)).astype(np.float32)
    seconds = best_seconds(partial(conv2d_trace, x, w, padding=3), budget=2.0, least=3)
    tracemalloc.start()
    conv2d_trace(x, w, padding=3)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    verdict = "ok" if seconds < 0.5 and peak < 200 else "MISS"
    figures = f"{seconds * 1e3:9.2f} ms, peak {peak:.0f} MiB (< 500 ms, < 200 MiB)"
    return f"{'trace 512x512 k=7 p=3 float32':<40} {figures}  {verdict}"


def row(label: str, ours: float, reference: str, theirs: float | None, target: float | None) -> str:
    if theirs is None:
        return f"{label:<40} {ours * 1e3:9.2f} {'-':>9}  {reference}"
    ratio = theirs / ours
    verdict = "" if target is None else f"{'ok' if ratio >= target else 'MISS'} (>= {target:.2f})"
    return f"{label:<40} {ours * 1e3:9.2f} {theirs * 1e3:9.2f}  {reference:<6} {ratio:7.2f}  {verdict}"


def main() -> None:
    if sys.argv[1:] == ["--torch"]:
        print(json.dumps(torch_times()))
        return
    ours, scipy_ref = convviz_times(), scipy_times()
    torch_ref: dict = {}
    if importlib.util.find_spec("torch") is not None:
        done = subprocess.run(
            [sys.executable, __file__, "--torch"], capture_output=True, text=True, check=True
        )
        torch_ref = json.loads(done.stdout)
    about_torch = f"{torch_ref['version']}, {torch_ref['threads']} threads" if torch_ref else "not installed"
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, torch {about_torch}")
    print(f"{'case (best time)':<40} {'convviz':>9} {'ref':>9}  {'ref':<6} {'ref/cv':>7}  target")
    for label, seconds in ours.items():
        if label in scipy_ref:
            print(row(label, seconds, "scipy", scipy_ref[label], 2))
        single = label.startswith("conv 512x512")
        print(row(label, seconds, "torch", torch_ref.get(label), None if single else 1 / 3))
    print(trace_cost())


if __name__ == "__main__":
    main()
