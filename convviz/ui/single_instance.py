"""One convviz window per config folder: a second `convviz LINK` hands LINK to the window already
running, which opens it in a new tab, instead of starting a second window whose autosaved session
would overwrite the first's.

Which process runs the window is decided by a lock file in the config folder (a QLockFile: the lock of
a process that crashed is taken over, its PID being gone). The holder listens on a local socket named
after the folder, first removing any socket file a crashed holder left behind; every later `convviz`
connects to it and sends one JSON line, {"open": LINK or null}, and gets one back, {"error": TEXT or
null}. Screenshots and exports never take part: they save no session."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_FILE = "window.lock"
ANSWER_TIMEOUT_MS = 10000  # the running window opens the link before answering: a big page takes a while
RETRY_INTERVAL_S = 0.05
MAX_MESSAGE = 16 * 1024 * 1024  # bytes; a drawn 512x512 input makes a link of a few hundred kilobytes

# what the running window does with a handed-over link (None: just come to the front); an error or None
Receiver = Callable[[str | None], str | None]


class InstanceError(Exception):
    """A one-line reason why the running window could not take the link."""


def server_name(config: Path) -> str:
    """The socket's name: one per config folder, so test runs with their own folder never meet."""
    digest = hashlib.sha256(str(config.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"convviz-{digest}"


class WindowLock(QObject):
    """Held by the process that runs the window, for as long as it runs; answers later invocations."""

    def __init__(self, config: Path, lock: QLockFile | None):
        super().__init__()
        self._lock = lock
        self._receiver: Receiver | None = None
        self.server = QLocalServer(self)
        if lock is None:  # the folder cannot be written: this window saves nothing, so it serves nobody
            return
        name = server_name(config)
        QLocalServer.removeServer(name)  # a crashed holder's socket file; we hold the lock, so it is stale
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.listen(name)
        self.server.newConnection.connect(self._accept)

    def serve(self, receiver: Receiver) -> None:
        self._receiver = receiver

    def release(self) -> None:
        self.server.close()
        if self._lock is not None:
            self._lock.unlock()

    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            buffer = bytearray()
            socket.readyRead.connect(lambda s=socket, b=buffer: self._read(s, b))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket, buffer: bytearray) -> None:
        buffer += bytes(socket.readAll().data())
        if b"\n" not in buffer and len(buffer) <= MAX_MESSAGE:
            return
        socket.readyRead.disconnect()
        error = self._answer(bytes(buffer).partition(b"\n")[0])
        socket.write(json.dumps({"error": error}).encode("utf-8") + b"\n")
        socket.flush()
        socket.disconnectFromServer()

    def _answer(self, line: bytes) -> str | None:
        try:
            message = json.loads(line.decode("utf-8"))
            link = message["open"]
            if link is not None and not isinstance(link, str):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            return "the running convviz window did not understand the request"
        return self._receiver(link) if self._receiver else "the running convviz window is still starting"


def claim_or_hand_over(config: Path, link: str | None) -> WindowLock | None:
    """This process's lock on the window for `config`; or None once the window that holds it has opened
    `link` (a window that is just closing lets go of the lock, and this process takes it over). Raises
    InstanceError when that window refuses the link or does not answer."""
    try:
        config.mkdir(parents=True, exist_ok=True)
    except OSError:  # the window still starts; it will say that it cannot save there
        return WindowLock(config, None)
    lock = QLockFile(str(config / LOCK_FILE))
    lock.setStaleLockTime(0)  # a live window keeps its lock however long it runs
    deadline = time.monotonic() + ANSWER_TIMEOUT_MS / 1000
    while True:
        if lock.tryLock(0):
            return WindowLock(config, lock)
        if lock.error() != QLockFile.LockError.LockFailedError:  # not held by another: unwritable
            return WindowLock(config, None)
        answered, error = _send(server_name(config), link, deadline)
        if answered:
            if error:
                raise InstanceError(error)
            return None
        if time.monotonic() > deadline:
            raise InstanceError(_silent_holder(lock, config))
        time.sleep(RETRY_INTERVAL_S)  # the holder is starting or closing: ask again


def _send(name: str, link: str | None, deadline: float) -> tuple[bool, str | None]:
    """(answered, error): False when no window listens on `name` yet."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(_remaining_ms(deadline)):
        return False, None
    socket.write(json.dumps({"open": link}).encode("utf-8") + b"\n")
    reply = bytearray()
    while b"\n" not in reply and socket.waitForReadyRead(_remaining_ms(deadline)):
        reply += bytes(socket.readAll().data())
    socket.abort()
    if b"\n" not in reply:
        return False, None
    try:
        error = json.loads(bytes(reply).partition(b"\n")[0].decode("utf-8")).get("error")
    except (ValueError, AttributeError):
        error = "the running convviz window gave an answer this version does not understand"
    return True, None if error is None else str(error)


def _remaining_ms(deadline: float) -> int:
    return max(1, int((deadline - time.monotonic()) * 1000))


def _silent_holder(lock: QLockFile, config: Path) -> str:
    pid, _, _ = lock.getLockInfo()
    who = f"process {pid}" if pid else "another process"
    return (
        f"a convviz window ({who}) holds {config / LOCK_FILE} but did not answer within"
        f" {ANSWER_TIMEOUT_MS // 1000} s; if no convviz is running, delete that file and try again"
    )
