"""Ctrl+C for real while a vector still is written: the figure appears whole or not at all."""

import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest

FIGURE = "convviz://conv?input=digit3&size=28x28&kernel=sobel_x&step=300"  # 784 cell labels as text
INTERRUPTED = "convviz: interrupted; nothing was written\n"
MOMENTS = [0.05 + 0.06 * n for n in range(8)]  # from start-up to past the end of a 0.4 s export


@pytest.mark.parametrize("name", ["figure.svg", "figure.pdf"])
def test_ctrl_c_while_a_vector_still_is_written_exits_130_or_leaves_the_whole_figure(tmp_path, name):
    outcomes = []
    for i, moment in enumerate(MOMENTS):
        folder = tmp_path / f"run{i}"
        folder.mkdir()
        command = ["export", FIGURE, "-o", str(folder / name), "--size", "3840x2160"]
        process = subprocess.Popen(
            [sys.executable, "-m", "convviz", *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        time.sleep(moment)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
        left = os.listdir(folder)
        if process.returncode == 0:  # written before the Ctrl+C: whole
            assert left == [name] and stdout.startswith(f"wrote {folder / name}: step 300 of 676")
            if name.endswith(".svg"):
                ET.parse(folder / name)
            else:
                assert (folder / name).read_bytes().rstrip().endswith(b"%%EOF")
        else:
            assert (process.returncode, stderr, left) == (130, INTERRUPTED, [])
        outcomes.append(process.returncode)
    assert 130 in outcomes, outcomes
