"""``gui.progress.CancelRequest`` and ``with_cancel``: how a task's progress reports answer the
dialog's Cancel (no window needed)."""

from __future__ import annotations

import pytest

from gui.progress import Cancelled, CancelRequest, with_cancel


def test_with_cancel_passes_the_reports_on_and_stops_them_once_cancel_is_pressed():
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))

    assert with_cancel(None, progress) is progress  # no Cancel button: the reports as they are
    cancel = CancelRequest()
    report = with_cancel(cancel, progress)
    report(1, 3)
    cancel.set()
    with pytest.raises(Cancelled):
        report(2, 3)
    assert seen == [(1, 3)]
