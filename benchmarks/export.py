"""Export speed and memory: GIF, MP4 and PNG frames of a 676-step scene at 1280x720, 2,000 frames at
1920x1080 to MP4 with the peak resident memory, and SVG and PDF stills of a 512x512 input (262,144
cells, each a vector shape) at 1920x1080 with their file sizes.

Run: python benchmarks/export.py   Each export runs in a fresh process, so its peak resident memory
(VmHWM) is its own; ffmpeg's, a separate process, is reported beside it. Prints each figure beside the
issue's target."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LINK = "convviz://conv?input=digit3&size=28x28&kernel=sobel_x"  # 26x26 outputs: 676 steps
LONG_LINK = "convviz://conv?input=digit3&size=47x47&kernel=sobel_x"  # 45x45 outputs: 2,025 steps
# no two cells of a row alike: one shape per cell, the vector stills' worst case
LARGE_LINK = "convviz://conv?input=gradient&size=512x512&kernel=sobel_x&step=1000"

RUNS = {  # name -> (link, output name, size, first and last step as the player numbers them)
    "gif": (LINK, "out.gif", (1280, 720), (None, None)),
    "mp4": (LINK, "out.mp4", (1280, 720), (None, None)),
    "png": (LINK, "frames/", (1280, 720), (None, None)),
    "mp4-2000-1080p": (LONG_LINK, "long.mp4", (1920, 1080), (1, 2000)),
    "svg-512": (LARGE_LINK, "figure.svg", (1920, 1080), (None, None)),
    "pdf-512": (LARGE_LINK, "figure.pdf", (1920, 1080), (None, None)),
}


def peak_mib(field: str = "VmHWM") -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1]) / 1024


def one(name: str) -> dict:
    """In the child process: one export, timed from the request to the published file."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from convviz.export import Export
    from convviz.scene.link import parse_link
    from convviz.ui.app import application

    application()
    link, output, size, steps = RUNS[name]
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        job = Export(parse_link(link), os.path.join(folder, output), size=size, steps=steps)
        for _ in job.run():
            pass
        seconds = time.perf_counter() - t0
        job.close()
        written = sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file())
    return {
        "seconds": seconds,
        "mb": written / 1e6,
        "frames": job.frame_count,
        "peak_mib": peak_mib(),
        "ffmpeg_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def measure(name: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--one", name], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    gif, mp4, png, long, svg, pdf = (measure(name) for name in RUNS)
    print(
        f"GIF, 676 frames at 1280x720: {gif['seconds']:.1f} s (target <= 20 s),"
        f" peak memory {gif['peak_mib']:.0f} MiB"
    )
    print(
        f"MP4, 676 frames at 1280x720: {mp4['seconds']:.1f} s (target <= 15 s),"
        f" peak memory {mp4['peak_mib']:.0f} MiB (ffmpeg {mp4['ffmpeg_peak_mib']:.0f} MiB)"
    )
    print(
        f"PNG frames, 676 at 1280x720: {png['frames'] / png['seconds']:.0f} frames/s (target >= 50),"
        f" {png['seconds']:.1f} s, peak memory {png['peak_mib']:.0f} MiB"
    )
    print(
        f"MP4, 2,000 frames at 1920x1080: {long['seconds']:.1f} s, peak memory {long['peak_mib']:.0f} MiB"
        f" (target < 500 MB; ffmpeg's own process {long['ffmpeg_peak_mib']:.0f} MiB)"
    )
    for label, run in (("SVG", svg), ("PDF", pdf)):
        print(
            f"{label} still of a 512x512 input at 1920x1080: {run['seconds']:.1f} s, {run['mb']:.1f} MB,"
            f" peak memory {run['peak_mib']:.0f} MiB"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(one(sys.argv[2])))
    else:
        main()
