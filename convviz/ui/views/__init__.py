"""Views draw one timeline step; the window and the exporters share them, so exports look like the screen."""
