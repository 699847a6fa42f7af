"""Ctrl+C that never lands inside Qt: exit 130 with one line, and nothing half-written left behind.

Python runs a signal handler in the main thread between two bytecodes, which may be inside a paint()
that Qt called back into; a KeyboardInterrupt raised there unwinds through C++ and crashes PySide or
aborts. So SIGINT never raises. Until `defer()` (while starting up, when nothing has been written)
it ends the process at once; after `defer()` it only sets a flag, which the export checks between
frames (`check()` raises Interrupted, an ordinary exception, in plain Python code) and the window
polls through the event loop (`quit_on_interrupt`). This module imports nothing heavy: the entry
point installs it before numpy or Qt are loaded."""

from __future__ import annotations

import os
import signal
import sys

EXIT_STATUS = 130  # 128 + SIGINT, what shells report for a program stopped by Ctrl+C
NOTHING_WRITTEN = "interrupted; nothing was written"

_requested = False
_deferred = False
_wakeup = None  # the window's socket pair, see quit_on_interrupt


class Interrupted(Exception):
    """Ctrl+C, noticed at a point where stopping is safe."""


def install() -> None:
    """Handle SIGINT from now on (the entry point calls this first)."""
    signal.signal(signal.SIGINT, _on_sigint)


def defer() -> None:
    """From now on Ctrl+C only asks to stop: the caller calls `check()` where stopping is safe."""
    global _deferred
    _deferred = True


def check() -> None:
    """Raise Interrupted if Ctrl+C was pressed since `install()`."""
    if _requested:
        raise Interrupted(NOTHING_WRITTEN)


def _on_sigint(signum, frame) -> None:
    global _requested
    _requested = True
    if not _deferred:
        say(NOTHING_WRITTEN)
        os._exit(EXIT_STATUS)  # no interpreter or Qt teardown: nothing of it can crash now


def say(reason: str) -> None:
    """The one line on stderr, written straight to the file descriptor (safe inside a handler), on a
    line of its own if a progress bar is being rewritten there."""
    start = "\r\033[K" if sys.stderr is not None and sys.stderr.isatty() else ""
    os.write(2, f"{start}convviz: {reason}\n".encode())


def quit_on_interrupt(app) -> None:
    """The window's Ctrl+C: close every window (each saves its session as on any close), then leave
    the event loop with status 130. Signals wake the event loop through a socket Qt watches
    (`signal.set_wakeup_fd`), so Ctrl+C is answered at once even while Qt sleeps."""
    import socket

    from PySide6.QtCore import QSocketNotifier

    defer()
    reader, writer = socket.socketpair()
    for end in (reader, writer):
        end.setblocking(False)
    signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def woken() -> None:
        try:
            reader.recv(64)
        except BlockingIOError:
            pass
        if _requested:
            notifier.setEnabled(False)
            app.setQuitOnLastWindowClosed(False)  # its quit would end the loop with status 0
            app.closeAllWindows()
            say("interrupted; the session was saved")
            app.exit(EXIT_STATUS)

    notifier.activated.connect(woken)
    global _wakeup
    _wakeup = (reader, writer)  # open for as long as the process runs
