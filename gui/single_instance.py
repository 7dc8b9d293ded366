"""One GUI per data folder: a local socket named after the folder lets a second launch reach
the running window ("activate") and lets tests or scripts close it cleanly ("quit")."""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from core.logs import get_logger

log = get_logger("gui.instance")
COMMANDS = ("activate", "quit")


def server_name(data_dir: Path) -> str:
    """A short socket name derived from the data folder (and the user, as /tmp is shared)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    key = f"{user}\0{Path(data_dir).resolve()}".encode()
    return "casebook-" + hashlib.sha256(key).hexdigest()[:20]


def send_command(name: str, command: str, timeout_ms: int = 3000) -> bool:
    """Send one command to the running GUI; True when it answered."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(f"{command}\n".encode())
    socket.flush()
    answered = socket.waitForReadyRead(timeout_ms) and bytes(socket.readAll().data()).startswith(b"ok")
    socket.disconnectFromServer()
    return bool(answered)


class InstanceServer(QObject):
    """Listens for commands from other processes; emits ``command_received(name)``."""

    command_received = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)

    def listen(self) -> bool:
        # We hold the data-folder lock, so a leftover socket belongs to a crashed instance.
        QLocalServer.removeServer(self.name)
        if not self._server.listen(self.name):
            log.warning("local server %s: %s", self.name, self._server.errorString())
            return False
        return True

    def close(self) -> None:
        self._server.close()

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        command = bytes(socket.readLine().data()).decode(errors="replace").strip()
        if command not in COMMANDS:
            socket.write(b"unknown\n")
            return
        socket.write(b"ok\n")
        socket.flush()
        # one of COMMANDS: quoted in the words (an argument's %r is redacted as typed text)
        log.info("received '%s' from another process", command)
        self.command_received.emit(command)
