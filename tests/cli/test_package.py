"""convviz as an installed package: its version, and the files it ships read as package resources, so a
wheel installed anywhere works the same as the checkout (.ci/run also installs the built wheel)."""

import json
import subprocess
import sys
from importlib import resources

import convviz
from convviz.scene.lessons import load_lessons


def test_version_prints_the_package_version():
    result = subprocess.run(
        [sys.executable, "-m", "convviz", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"convviz {convviz.__version__}"


def test_lessons_are_a_resource_of_the_package():
    shipped = resources.files("convviz") / "assets" / "lessons.json"
    items = json.loads(shipped.read_text(encoding="utf-8"))
    assert [lesson.title for lesson in load_lessons()] == [item["title"] for item in items]
