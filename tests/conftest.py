"""Every test runs without a display: Qt renders offscreen, set before anything imports Qt."""

import errno
import os
import subprocess

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class FullDisk:
    """A folder on a tmpfs of its own, 64 kB: `fill()` takes its last byte, so the next write fails
    with ENOSPC, as on a full disk."""

    def __init__(self, path):
        self.path = path

    def fill(self) -> None:
        try:
            with open(self.path / "filler", "wb", buffering=0) as stream:
                while True:
                    stream.write(b"x" * 512)
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise


@pytest.fixture
def page_being_built(monkeypatch):
    """The Backprop page as it was while being built: its scene declared, its page not open (links are
    refused with the reason). Returns its name."""
    from convviz.scene import scenes

    monkeypatch.setattr(scenes, "OPEN_PAGES", tuple(page for page in scenes.OPEN_PAGES if page != "backprop"))
    return "backprop"


@pytest.fixture
def full_disk(tmp_path):
    """A FullDisk (mounting needs root: skipped otherwise)."""
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    command = ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)]
    if subprocess.run(command, capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield FullDisk(mount)
    finally:
        subprocess.run(["umount", str(mount)], check=True)
