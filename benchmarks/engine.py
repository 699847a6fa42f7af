"""Engine speed and memory against SciPy and, when it happens to be importable, PyTorch (CPU).

Run: python benchmarks/engine.py   Prints one row per case: median wall time of convviz and of the
reference, the ratio reference/convviz (above 1: convviz is faster) and whether the issue's target holds.
torch is not a dependency; install it in a separate venv to get its rows. All convviz timings are taken
before any torch call, because torch's idle OpenMP threads keep spinning and would slow NumPy down."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial

import numpy as np
import scipy.signal

from convviz.engine import avg_pool2d, conv2d, conv2d_backward, conv2d_trace, max_pool2d

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # the torch rows stay empty
    torch = None


def median_seconds(fn, budget: float = 1.0, least: int = 5) -> float:
    """Median of repeated calls after one warm-up, repeating until `budget` seconds and `least` runs."""
    fn()
    times: list[float] = []
    started = time.perf_counter()
    while (len(times) < least or time.perf_counter() - started < budget) and len(times) < 200:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


@dataclass
class Case:
    """One comparison: `target` is the least acceptable reference/convviz time ratio (None: no target)."""

    label: str
    ours: object
    reference: str
    theirs: object | None
    target: float | None


def single_channel(rng, dtype) -> list[Case]:
    """512x512 single channel: at least 2x faster than scipy.signal.correlate2d."""
    cases = []
    x = rng.standard_normal((512, 512)).astype(dtype)
    for k in (3, 5, 7):
        w = rng.standard_normal((k, k)).astype(dtype)
        label = f"conv 512x512 k={k} {np.dtype(dtype).name}"
        cases.append(
            Case(label, partial(conv2d, x, w), "scipy", partial(scipy.signal.correlate2d, x, w, "valid"), 2)
        )
        if torch is not None:
            tx, tw = torch.from_numpy(x)[None, None], torch.from_numpy(w)[None, None]
            cases.append(Case(label, partial(conv2d, x, w), "torch", partial(F.conv2d, tx, tw), None))
    return cases


def multi_channel(rng) -> list[Case]:
    """Multi-channel forward and backward: within 3x of PyTorch's CPU time (ratio >= 1/3)."""
    cases = []
    for shape, c_out in (((1, 3, 64, 64), 10), ((1, 16, 128, 128), 32), ((8, 16, 64, 64), 32)):
        x = rng.standard_normal(shape).astype(np.float32)
        w = rng.standard_normal((c_out, shape[1], 3, 3)).astype(np.float32)
        g = rng.standard_normal((shape[0], c_out, *shape[2:])).astype(np.float32)
        label = f"{shape}->{c_out} k=3 p=1"
        t_forward = t_backward = None
        if torch is not None:
            tx, tw, tg = (torch.from_numpy(a) for a in (x, w, g))
            t_forward = partial(F.conv2d, tx, tw, padding=1)
            backward_args = (tg, tx, tw, None, [1, 1], [1, 1], [1, 1], False, [0, 0], 1, [True, True, True])
            t_backward = partial(torch.ops.aten.convolution_backward, *backward_args)
        cases.append(Case(label + " fwd", partial(conv2d, x, w, padding=1), "torch", t_forward, 1 / 3))
        cases.append(
            Case(label + " bwd", partial(conv2d_backward, x, w, g, padding=1), "torch", t_backward, 1 / 3)
        )
    return cases


def pooling(rng) -> list[Case]:
    """2x2 pooling of (1, 32, 256, 256): within 3x of PyTorch."""
    x = rng.standard_normal((1, 32, 256, 256)).astype(np.float32)
    cases = []
    for name, ours, torch_name in (("max", max_pool2d, "max_pool2d"), ("avg", avg_pool2d, "avg_pool2d")):
        theirs = partial(getattr(F, torch_name), torch.from_numpy(x), 2) if torch is not None else None
        cases.append(Case(f"{name}pool 2x2 (1, 32, 256, 256)", partial(ours, x, 2), "torch", theirs, 1 / 3))
    return cases


def trace_cost(rng) -> str:
    """conv2d_trace of 512x512 with k=7: under 0.5 s and under 200 MB at its peak."""
    x = rng.random((512, 512), dtype=np.float32)
    w = rng.standard_normal((7, 7)).astype(np.float32)
    seconds = median_seconds(partial(conv2d_trace, x, w, padding=3), budget=2.0, least=3)
    tracemalloc.start()
    conv2d_trace(x, w, padding=3)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    verdict = "ok" if seconds < 0.5 and peak < 200 else "MISS"
    figures = f"{seconds * 1e3:9.2f} ms, peak {peak:.0f} MiB (< 500 ms, < 200 MiB)"
    return f"{'trace 512x512 k=7 p=3 float32':<40} {figures}  {verdict}"


def main() -> None:
    rng = np.random.default_rng(0)
    cases = (
        single_channel(rng, np.float32) + single_channel(rng, np.float64) + multi_channel(rng) + pooling(rng)
    )
    trace_line = trace_cost(rng)
    ours = {id(case): median_seconds(case.ours) for case in cases}
    with torch.no_grad() if torch is not None else nullcontext():
        theirs = {id(case): median_seconds(case.theirs) for case in cases if case.theirs is not None}
    torch_version = torch.__version__ if torch is not None else "not installed"
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, torch {torch_version}")
    print(f"{'case':<40} {'convviz':>9} {'ref':>9}  {'ref':<6} {'ref/cv':>7}  target")
    for case in cases:
        mine = ours[id(case)]
        if id(case) not in theirs:
            print(f"{case.label:<40} {mine * 1e3:9.2f} {'-':>9}  {case.reference:<6}")
            continue
        ratio = theirs[id(case)] / mine
        verdict = (
            ""
            if case.target is None
            else f"{'ok' if ratio >= case.target else 'MISS'} (>= {case.target:.2f})"
        )
        reference = f"{theirs[id(case)] * 1e3:9.2f}  {case.reference:<6} {ratio:7.2f}"
        print(f"{case.label:<40} {mine * 1e3:9.2f} {reference}  {verdict}")
    print(trace_line)


if __name__ == "__main__":
    main()
