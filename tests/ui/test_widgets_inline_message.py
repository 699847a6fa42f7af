"""InlineMessage: a problem reads in the error colour, a note in the text colour, in every theme."""

from convviz.ui.theme import THEMES
from convviz.ui.widgets.inline_message import InlineMessage


def test_problems_and_notes_take_their_colours_and_follow_the_theme(qtbot):
    light, dark = list(THEMES.values())[:2]
    message = InlineMessage("message", light)
    qtbot.addWidget(message)
    assert message.isHidden()
    message.show_problem("600 is refused")
    assert not message.isHidden() and message.is_problem() and light.error in message.styleSheet()
    message.show_note("photo.png fills 21 rows")
    assert not message.is_problem() and light.text in message.styleSheet()
    message.set_theme(dark)
    assert dark.text in message.styleSheet() and message.text() == "photo.png fills 21 rows"
