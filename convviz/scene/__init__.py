"""What a page shows, as plain frozen dataclasses, and the convviz:// link format. No Qt."""
