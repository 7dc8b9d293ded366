"""The banner above the editor counts the problems as the Problems panel does, in its words: a
stranger run read "1 problem (see Problems)" in the banner beside a panel that said "1 error,
1 warning" for the same edits ('abc' in Anchor year, a weight of 550 kg in reference case 1)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list
from tests.gui.test_banner_unstored_text import type_in

C1 = "SEED-C1-CAO2023"  # stored complete


def panel_counts(window) -> str:
    """The panel's summary up to its counts of errors and warnings ('1 error, 1 warning')."""
    return ", ".join(window.editor.problems_panel.summary.text().split(", ")[:2]).split(";")[0]


def test_the_banner_says_the_panels_errors_and_warnings(qtbot, stored_references, window,
                                                        casebook):
    open_from_list(qtbot, window, C1)
    banner = window.case_banner.message
    assert banner.text().startswith("✓ Complete")

    type_in(qtbot, window, "case_report.anchor_year", "abc")
    type_in(qtbot, window, "patient.weight_kg", "550")
    window.editor.evaluate_now()
    qtbot.waitUntil(lambda: "unsaved changes" in banner.text())
    qtbot.waitUntil(lambda: "warning" in panel_counts(window))
    counts = panel_counts(window)
    # 'abc' not stored, a weight of 550 kg (V03) and the BSA derived from it (a warning)
    assert counts == "2 errors, 1 warning", window.editor.problems_panel.summary.text()
    assert banner.text().startswith(f"Complete — unsaved changes: {counts} (see Problems"), \
        banner.text()
    assert "problem" not in banner.text().split("(see")[0]

    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.editor.evaluate_now()  # the weight taken back: its error and the BSA's warning go
    qtbot.waitUntil(lambda: panel_counts(window) == "1 error, 0 warnings")
    qtbot.waitUntil(lambda: "unsaved changes: 1 error, 0 warnings (see" in banner.text())
