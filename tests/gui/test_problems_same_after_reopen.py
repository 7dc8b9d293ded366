"""Problems lists the same findings for a case as saved and as reopened (a stranger's report:
a new case entered and saved said "1 errors, 1 warnings"; reopened unchanged it said "3 errors",
V54 and V56 now shown: the quiet start of a new case hid the rules' findings on fields not yet
touched, after the save too). Its count reads "1 error" / "2 errors", and its Rule column shows
REQUIRED whole at 1024x768 (it was cut to "RE…")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from tests.gui.conftest import open_from_list, press
from tests.gui.conftest import type_in_field as type_in

C1 = "SEED-C1-CAO2023"


def rows(window) -> list[tuple[str, str, str, str]]:
    model = window.editor.problems_panel.model
    return sorted((f.rule_id, f.severity, f.path, f.message) for f in model.findings)


def summary(window) -> str:
    return window.editor.problems_panel.summary.text()


def test_a_new_case_saved_shows_what_it_shows_reopened(qtbot, window, casebook):
    window.case_list.filter_box.setFocus()
    press(qtbot, window, "Ctrl+N")
    editor = window.editor
    title = editor.section_page("Title & keywords").forms["case_report"].bindings["title"].editor
    qtbot.keyClicks(title, "Isolated CNS relapse: a case report")
    qtbot.keyClick(title, Qt.Key.Key_Tab)
    editor.feedback_runner.wait()
    before = summary(window)  # a new case: only what was touched, and it says more follow
    assert not any(r[0] in ("V54", "V56") for r in rows(window))
    assert "shown once saved" in before, before

    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=5000)
    editor.feedback_runner.wait()
    case_id = window.session.case_id()
    saved_rows, saved_summary = rows(window), summary(window)
    assert {"V54", "V56"} <= {r[0] for r in saved_rows}, saved_rows
    assert "shown once saved" not in saved_summary

    press(qtbot, window, "Ctrl+W")
    qtbot.waitUntil(lambda: not window.session.is_open(), timeout=5000)
    open_from_list(qtbot, window, case_id)
    qtbot.waitUntil(lambda: window.session.case_id() == case_id, timeout=5000)
    editor.feedback_runner.wait()
    assert rows(window) == saved_rows
    assert summary(window) == saved_summary
    from core.clinical import evaluate  # the engine on the stored case agrees

    stored = evaluate(casebook.cases.open_case(case_id))
    assert sorted(f.rule_id for f in stored.findings if not f.overridden) == sorted(
        r[0] for r in saved_rows if r[1] != "required" and r[0] != "KIT")


def test_counts_read_as_words_and_the_rule_column_shows_required_whole(
        qtbot, stored_references, window):
    window.resize(1024, 768)
    qtbot.wait(20)
    open_from_list(qtbot, window, C1)
    type_in(qtbot, window, "patient.weight_kg", "680")  # V03: one error (and a BSA warning)
    qtbot.waitUntil(lambda: summary(window).startswith("1 error, 1 warning"), timeout=5000)
    type_in(qtbot, window, "patient.weight_kg", "60")
    type_in(qtbot, window, "patient.bsa_m2", "2.5")  # V03: one warning
    qtbot.waitUntil(lambda: summary(window).startswith("0 errors, 1 warning"), timeout=5000)
    assert not summary(window).startswith("0 errors, 1 warnings")

    item = window.editor.section_list.item(1)  # Patient: its problem, spoken as one
    assert item.data(Qt.ItemDataRole.AccessibleTextRole).endswith(", 1 problem")

    window.prompter.script("confirm_unsaved", "discard")
    window.case_list.filter_box.setFocus()
    press(qtbot, window, "Ctrl+N")  # the changes discarded: a new case's REQUIRED rows
    qtbot.waitUntil(lambda: window.session.case_id() != C1, timeout=5000)
    show_feedback = window.findChild(QAction, "show_feedback")
    if not show_feedback.isChecked():  # the fit hid it at 1024: shown by hand (View menu)
        show_feedback.trigger()
    qtbot.wait(50)
    panel = window.editor.problems_panel
    view = panel.view
    assert any(f.rule_id == "REQUIRED" for f in panel.model.findings)
    # a new case gets an open case's panes (893204b): at 1024 the narrow panel hides the Rule
    # column, as for an open case; widened by the user, it shows, REQUIRED whole
    splitter = window.editor.splitter
    sizes = splitter.sizes()
    splitter.setSizes([sizes[0], sizes[1] - 200, sizes[2] + 200])
    qtbot.waitUntil(lambda: not view.isColumnHidden(1), timeout=3000)
    assert not view.isColumnHidden(1), view.viewport().width()
    text = view.fontMetrics().horizontalAdvance("REQUIRED")
    assert view.columnWidth(1) >= text + 8, (view.columnWidth(1), text)
