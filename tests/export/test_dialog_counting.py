"""The Export dialog counts a scene's steps from its timeline: no view is built (nor drawn) to count."""

from convviz.ui import export_dialog, views
from convviz.ui.export_dialog import ExportDialog


def test_the_dialog_counts_steps_without_building_a_view(qtbot, monkeypatch, scene):
    def no_view(*args, **kwargs):
        raise AssertionError("a view was built to count steps")

    monkeypatch.setattr(views, "create_view", no_view)
    monkeypatch.setattr(export_dialog, "create_view", no_view, raising=False)
    dialog = ExportDialog(scene)
    qtbot.addWidget(dialog)
    assert (dialog.first_step.minimum(), dialog.last_step.maximum(), dialog.last_step.value()) == (1, 9, 9)
    assert dialog.export_button.isEnabled()
