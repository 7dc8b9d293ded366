"""The guard against PySide6 6.12.0's lost references: to True on every emit(), to None on
every void call."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import gui
from PySide6.QtCore import QCoreApplication, QObject, Signal
class O(QObject):
    ping = Signal()
app = QCoreApplication([])
o = O()
o.ping.connect(lambda: None)
for _ in range(20000):
    o.ping.emit()
print("survived")
"""


def test_many_emits_do_not_abort_the_process():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert "survived" in result.stdout


VOID_CALLS = """
import gui
from PySide6.QtCore import QCoreApplication, QTimer
app = QCoreApplication([])
timer = QTimer()
for _ in range(50000):
    timer.stop()
    app.processEvents()
print("survived")
"""


def test_many_void_calls_do_not_abort_the_process():
    result = subprocess.run([sys.executable, "-c", VOID_CALLS], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert "survived" in result.stdout
