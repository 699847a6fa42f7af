"""Run a row-band computation on all cores: NumPy releases the GIL inside large elementwise operations,
so plain threads on disjoint bands of output rows scale; small images stay on the calling thread."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache

_WORKERS = max(1, min(8, os.cpu_count() or 1))
WORTH_SPLITTING = 1 << 17  # output elements; below this a thread hand-off costs more than it saves


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="convviz-engine")


def over_row_bands(task: Callable[[int, int], None], rows: int, elements: int) -> None:
    """Call task(first_row, end_row) over bands covering range(rows), in parallel for large outputs."""
    bands = min(_WORKERS, rows) if elements >= WORTH_SPLITTING else 1
    bounds = [rows * i // bands for i in range(bands + 1)]
    if bands == 1:
        task(0, rows)
        return
    # list() waits for every band and re-raises the first error in the caller
    list(_pool().map(task, bounds[:-1], bounds[1:]))
