"""Engine speed and memory against SciPy and, when it happens to be importable, PyTorch (CPU).

Run: python benchmarks/engine.py   Prints one row per case: median wall time of convviz and of each
reference, the ratio reference/convviz (above 1 means convviz is faster) and whether the issue's target
holds. torch is not a dependency; install it in a separate venv to get its column."""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from functools import partial

import numpy as np
import scipy.signal

from convviz.engine import avg_pool2d, conv2d, conv2d_backward, conv2d_trace, max_pool2d

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # the torch column stays empty
    torch = None


def median_seconds(fn, budget: float = 1.0, least: int = 5) -> float:
    """Median of repeated calls after one warm-up, repeating until `budget` seconds or `least` runs."""
    fn()
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < least or time.perf_counter() - started < budget:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= 200:
            break
    return statistics.median(times)


def row(case: str, ours: float, reference: str, theirs: float | None, target: float | None) -> str:
    """A table row; `target` is the least acceptable reference/convviz ratio (None: no target)."""
    if theirs is None:
        return f"{case:<44} {ours * 1e3:9.2f} {'—':>9}  {reference:<7} {'':>7}  {'':<4}"
    ratio = theirs / ours
    verdict = "" if target is None else ("ok" if ratio >= target else "MISS")
    return f"{case:<44} {ours * 1e3:9.2f} {theirs * 1e3:9.2f}  {reference:<7} {ratio:7.2f}  {verdict:<4}"


def single_channel(rng, dtype) -> list[str]:
    """512x512 single channel: at least 2x faster than scipy.signal.correlate2d (ratio >= 2)."""
    lines = []
    x = rng.standard_normal((512, 512)).astype(dtype)
    for k in (3, 5, 7):
        w = rng.standard_normal((k, k)).astype(dtype)
        ours = median_seconds(partial(conv2d, x, w))
        name = f"conv 512x512 k={k} {np.dtype(dtype).name}"
        lines.append(
            row(name, ours, "scipy", median_seconds(partial(scipy.signal.correlate2d, x, w, "valid")), 2)
        )
        if torch is not None:
            tx, tw = torch.from_numpy(x)[None, None], torch.from_numpy(w)[None, None]
            with torch.no_grad():
                lines.append(row(name, ours, "torch", median_seconds(partial(F.conv2d, tx, tw)), None))
    return lines


def multi_channel(rng) -> list[str]:
    """Multi-channel forward and backward: within 3x of PyTorch's CPU time (ratio >= 1/3)."""
    lines = []
    cases = [((1, 3, 64, 64), 10), ((1, 16, 128, 128), 32), ((8, 16, 64, 64), 32)]
    for shape, c_out in cases:
        x = rng.standard_normal(shape).astype(np.float32)
        w = rng.standard_normal((c_out, shape[1], 3, 3)).astype(np.float32)
        g = rng.standard_normal((shape[0], c_out, shape[2], shape[3])).astype(np.float32)
        label = f"{shape}->{c_out} k=3 p=1"
        forward = median_seconds(partial(conv2d, x, w, padding=1))
        backward = median_seconds(partial(conv2d_backward, x, w, g, padding=1))
        if torch is None:
            lines += [
                row(label + " fwd", forward, "torch", None, None),
                row(label + " bwd", backward, "torch", None, None),
            ]
            continue
        tx, tw, tg = (torch.from_numpy(a) for a in (x, w, g))
        with torch.no_grad():
            t_forward = median_seconds(partial(F.conv2d, tx, tw, padding=1))
            t_backward = median_seconds(
                partial(
                    torch.ops.aten.convolution_backward,
                    *(tg, tx, tw, None, [1, 1], [1, 1], [1, 1], False, [0, 0], 1, [True, True, True]),
                )
            )
        lines += [
            row(label + " fwd", forward, "torch", t_forward, 1 / 3),
            row(label + " bwd", backward, "torch", t_backward, 1 / 3),
        ]
    return lines


def pooling(rng) -> list[str]:
    """2x2 pooling of (1, 32, 256, 256): within 3x of PyTorch."""
    x = rng.standard_normal((1, 32, 256, 256)).astype(np.float32)
    lines = []
    for name, ours_fn, torch_fn in (
        ("max", lambda: max_pool2d(x, 2), lambda t: F.max_pool2d(t, 2)),
        ("avg", lambda: avg_pool2d(x, 2), lambda t: F.avg_pool2d(t, 2)),
    ):
        ours = median_seconds(ours_fn)
        theirs = None
        if torch is not None:
            tx = torch.from_numpy(x)
            with torch.no_grad():
                theirs = median_seconds(partial(torch_fn, tx))
        lines.append(row(f"{name}pool 2x2 (1, 32, 256, 256)", ours, "torch", theirs, 1 / 3))
    return lines


def trace_cost(rng) -> str:
    """conv2d_trace of 512x512 with k=7: under 0.5 s and under 200 MB at its peak."""
    x = rng.random((512, 512), dtype=np.float32)
    w = rng.standard_normal((7, 7)).astype(np.float32)
    seconds = median_seconds(lambda: conv2d_trace(x, w, padding=3), budget=2.0, least=3)
    tracemalloc.start()
    conv2d_trace(x, w, padding=3)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    verdict = "ok" if seconds < 0.5 and peak < 200 else "MISS"
    return f"{'trace 512x512 k=7 p=3 float32':<44} {seconds * 1e3:9.2f} ms, peak {peak:.0f} MiB  {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    rng = np.random.default_rng(0)
    print(
        f"numpy {np.__version__}, scipy {scipy.__version__},"
        f" torch {torch.__version__ if torch else 'not installed'}"
    )
    if torch is not None:
        print(f"torch threads: {torch.get_num_threads()}")
    print(f"{'case':<44} {'convviz':>9} {'ref':>9}  {'ref':<7} {'ref/cv':>7}  target")
    print(f"{'':<44} {'ms':>9} {'ms':>9}")
    for line in (
        single_channel(rng, np.float32)
        + single_channel(rng, np.float64)
        + multi_channel(rng)
        + pooling(rng)
        + [trace_cost(rng)]
    ):
        print(line)


if __name__ == "__main__":
    main()
