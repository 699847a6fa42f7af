"""The contract tests drive the same tabs and windows as the UI tests, so they share the UI tests'
fixtures (loaded from tests/ui/conftest.py: a conftest is no importable module) rather than copy them."""

import importlib.util
from pathlib import Path

UI_CONFTEST = Path(__file__).parents[1] / "ui" / "conftest.py"
_spec = importlib.util.spec_from_file_location("ui_fixtures", UI_CONFTEST)
_ui = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ui)

pyqtgraph_configured = _ui.pyqtgraph_configured
no_running_timers = _ui.no_running_timers
open_tab = _ui.open_tab
make_window = _ui.make_window
