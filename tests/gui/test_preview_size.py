"""The print preview fits a low screen (issue 14, found by journey 5 at 1024x768: its
'Saved …' confirmation row was below the screen's edge)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

from gui.report_view import fitted_size


def test_the_preview_is_less_tall_on_a_low_screen():
    assert fitted_size(QRect(0, 0, 1920, 1200)) == QSize(900, 1000)
    small = fitted_size(QRect(0, 0, 1024, 768))
    assert small.width() == 900 and small.height() < 768
