"""A complete case holding an error that blocks 'complete' (stored so by an import before it
checked, or the rules changed since) is not locked from the app: Lock is disabled, its tips
and the banner saying why, and a lock asked for all the same shows the reasons as Mark
complete does, before asking to sign, and nothing is stored. The app's import of a file
calling such a case complete stores it as a draft and its summary says why."""

from __future__ import annotations

import json
import re

from PySide6.QtCore import QPoint, Qt

from core.model import Case
from tests.core.test_import_status_errors import C1, V42, with_v42, write
from tests.gui.conftest import audit_rows, open_from_list

ROUTE = "treatment_lines[0].administrations[0].route"


def test_lock_of_a_complete_case_with_an_error_is_refused(qtbot, make_window, casebook,
                                                          prompter):
    casebook.cases.import_cases([Case.model_validate(with_v42("complete")["cases"][0])])
    window = make_window()
    before = casebook.cases.open_case(C1)
    entries = len(audit_rows(casebook, C1))
    open_from_list(qtbot, window, C1)
    banner = window.case_banner
    # Lock is not offered: the banner says why (no ✓, no Lock button), the action is
    # disabled and its tips say why (Lock's own check is the same as the Problems panel's)
    assert banner.message.text().startswith(
        "Complete, but it cannot be locked: 1 error, 0 warnings (see Problems: Ctrl+Shift+P); "
        "correct the error, then Save")  # the 800x800 window hides the Problems panel: its key is named
    assert not banner.lock_button.isVisible()
    lock = window.commands.lock
    assert not lock.isEnabled()
    assert lock.statusTip() == lock.toolTip() == (
        "Lock is unavailable: 1 error, 0 warnings (see Problems: Ctrl+Shift+P); "
        "correct the error, then Save.")  # as the banner and Problems count it
    prompter.script("show_reasons", ROUTE)  # the user goes to the field named
    prompter.script("confirm", True)  # "Lock case?" would be answered Yes
    window.status_flow.lock()  # asked for all the same (a click queued before): refused
    [(message, reasons)] = prompter.calls("show_reasons")
    assert message.startswith("The case cannot be locked:")
    assert reasons == [V42.removeprefix("V42 ")]
    assert not prompter.calls("confirm")  # refused before the question
    after = casebook.cases.open_case(C1)
    assert (after.status, after.version, after.locked_by) == ("complete", before.version, None)
    assert len(audit_rows(casebook, C1)) == entries
    assert window.session.base.status == "complete" and not lock.isEnabled()


def test_the_apps_import_stores_it_as_a_draft_and_says_why(qtbot, window, casebook, prompter,
                                                          tmp_path):
    path = write(tmp_path, with_v42("locked"))
    prompter.script("choose_open_files", [path])
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    letter = re.search(r"&(\w)", window.commands.import_json.text()).group(1)
    menu.popup(QPoint(0, 0))
    qtbot.waitUntil(menu.isVisible)
    with qtbot.waitSignal(window.transfers.done, timeout=30000) as done:
        qtbot.keyClick(menu, getattr(Qt.Key, f"Key_{letter.upper()}"))
    summary = done.args[0]
    assert summary.startswith("Imported 1 case(s)")
    assert f"{C1}: imported as a draft: the file says locked; 1 error blocks 'complete' " \
           f"({V42})" in summary
    assert prompter.calls("info") == [(summary,)]
    case = casebook.cases.open_case(C1)
    assert (case.status, case.locked_by) == ("draft", None)
    assert json.loads(path.read_text())["cases"][0]["status"] == "locked"  # file untouched


def test_lock_tip_with_text_not_stored_beside_a_stored_error(qtbot, make_window, casebook):
    """Text a field cannot store beside an error the case already holds: clearing the field
    alone does not make Lock available, and its tip says so (found in review: it said only
    'correct or clear the field (Anchor year); Save stores nothing until then')."""
    from tests.gui.test_banner_unstored_text import type_in

    casebook.cases.import_cases([Case.model_validate(with_v42("complete")["cases"][0])])
    window = make_window()
    open_from_list(qtbot, window, C1)
    type_in(qtbot, window, "case_report.anchor_year", "abc")
    window.editor.evaluate_now()
    lock = window.commands.lock
    qtbot.waitUntil(lambda: "Anchor year" in lock.toolTip())
    assert not lock.isEnabled()
    assert lock.toolTip() == (
        "Lock is unavailable: 2 errors, 0 warnings (see Problems: Ctrl+Shift+P); correct or "
        "clear the field (Anchor year); Save stores nothing until then; the case's other "
        "problems block it too: correct them, then Save."), lock.toolTip()
