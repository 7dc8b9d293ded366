"""The pinned Qt binding keeps its references: PySide6 6.12.0 drops a reference to ``True`` on
every ``emit()`` and to ``None`` on every void call, and on Python 3.11 the process aborts after
a few thousand (``bool_dealloc``/``none_dealloc``). An upgrade must not bring that back.

The calls are made in batches and the count is checked after each, so a binding with the
defect fails here, long before the count could run out and abort the test run."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

CALLS, BATCH = 10_000, 100
TOLERANCE = 10  # references taken or let go by caches along the way


class Emitter(QObject):
    flag = Signal(bool)


def drift(count, call) -> int:
    """How far ``count()`` moved over CALLS calls of ``call``; stops at the first batch that
    lost more than TOLERANCE."""
    call()  # first-call caches are not the defect
    before = count()
    for _ in range(CALLS // BATCH):
        for _ in range(BATCH):
            call()
        if count() - before < -TOLERANCE:
            break
    return count() - before


def test_emitting_a_bool_keeps_the_references_to_true():
    emitter, received = Emitter(), [0]

    def slot(value: bool) -> None:
        received[0] += value

    emitter.flag.connect(slot)
    moved = drift(lambda: sys.getrefcount(True), lambda: emitter.flag.emit(True))
    assert received[0] > 0
    assert abs(moved) <= TOLERANCE, f"True's reference count moved by {moved}"


def test_void_calls_keep_the_references_to_none():
    probe = QObject()
    moved = drift(lambda: sys.getrefcount(None), lambda: probe.setObjectName("probe"))
    assert abs(moved) <= TOLERANCE, f"None's reference count moved by {moved}"
