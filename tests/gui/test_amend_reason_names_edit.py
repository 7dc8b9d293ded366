"""A reason given with Amend… that names the patient as the edit then reads (the name typed
after the reason) is refused by the service at the save. A stranger got an error box, the
fields turned read-only with the typed name unsaved, and the reason asked at the next save was
checked against the stored case only, so the same name passed the dialog and was refused
again, the text lost each time. Now the save asks the reason again at once, checked against
the edit: the dialog says what is wrong and keeps the text, Cancel keeps the amendment and the
edit, nothing is stored until a reason without the name is given."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from core.services.reason_rules import NAMES_PATIENT
from gui.dialogs.status_dialogs import ReasonDialog
from tests.core.test_reason_rules import stored
from tests.gui.conftest import audit_rows, open_from_list, press
from tests.gui.test_reason_names_patient import RealReasonDialog

C1 = "SEED-C1-CAO2023"
NEW_NAME = "Luca Galli"


def answer(qtbot, seen: list, *typed: str, cancel: bool = False) -> None:
    """At the next reason dialog: type each of ``typed`` in turn and press OK, noting what
    the dialog shows after each; then Cancel, or leave it to the last OK."""

    def user():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ReasonDialog):  # not shown yet
            QTimer.singleShot(10, user)
            return
        box = dialog.findChild(QDialogButtonBox)
        for text in typed:
            dialog.field.selectAll()
            qtbot.keyClicks(dialog.field, text)
            qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok),
                             Qt.MouseButton.LeftButton)
            seen.append((dialog.isVisible(), dialog.problem.isVisible()
                         and dialog.problem.text(), dialog.field.text()))
            if not dialog.isVisible():
                return
        if cancel:
            qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Cancel),
                             Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, user)


def back_to(qtbot, window) -> None:
    """The main window active again once a dialog closed, as a window manager makes it."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def name_field(window):
    window.editor.focus_path("patient.name")
    return window.focusWidget()


def test_a_reason_naming_the_name_typed_after_it_is_asked_again(
        qtbot, casebook, stored_references, make_window):
    case = casebook.cases.open_case(C1)
    locked = casebook.cases.set_status(C1, "locked", case.version)
    window = make_window(prompter=RealReasonDialog())
    open_from_list(qtbot, window, C1)
    before = stored(casebook)
    seen: list = []
    answer(qtbot, seen, f"Name corrected to {NEW_NAME} per chart")
    qtbot.mouseClick(window.case_banner.amend_button, Qt.MouseButton.LeftButton)
    assert window.session.amending()
    back_to(qtbot, window)
    field = name_field(window)
    field.selectAll()
    qtbot.keyClicks(field, NEW_NAME)

    # the save asks again, quoting the reason; a reason naming the edit's name stays refused
    answer(qtbot, seen, f"again {NEW_NAME.lower()}", cancel=True)
    press(qtbot, window, "Ctrl+S")
    assert seen[-1] == (True, NAMES_PATIENT, f"again {NEW_NAME.lower()}")
    assert stored(casebook) == before
    assert window.session.amending() and not window.editor.is_read_only()
    assert window.editor.current_case().patient.name == NEW_NAME

    back_to(qtbot, window)
    answer(qtbot, seen, "Name corrected per chart")
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: casebook.cases.open_case(C1).version == locked.version + 1)
    assert casebook.cases.open_case(C1).patient.name == NEW_NAME
    assert [row["reason"] for row in audit_rows(casebook, C1)
            if row["action"] == "amendment"] == ["Name corrected per chart"]
    assert window.statusBar().currentMessage().startswith("Saved the amendment")
