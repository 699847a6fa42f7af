"""A scene turned into the ordered steps of its animation, as data. No Qt."""
