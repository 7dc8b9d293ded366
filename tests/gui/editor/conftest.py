"""Fixtures for the case-editor tests: an editor shown at a fixed size, fresh per test."""

from __future__ import annotations

import pytest

from core.settings import Settings


@pytest.fixture
def editor(qtbot):
    from gui.editor import CaseEditor

    widget = CaseEditor(Settings())
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget
