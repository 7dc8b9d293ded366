"""An override reason is kept in clear, like the reasons for Amend, Unlock and Trash: one that
names the patient ("Hans Mustermann agreed", for a V60 override) is refused in the Problems
panel where it is typed, with the reason dialogs' message, and nothing is stored; the service
refuses a save carrying one, naming the override (a stranger test: it was accepted)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.model.report import RuleOverride
from core.services.reason_rules import NAMES_PATIENT, ReasonRefused
from tests.gui.conftest import open_as_draft, press, type_in_field
from tests.gui.rare_v60 import show_v60_problems, v60_rows

C1 = "SEED-C1-CAO2023"
NAME = "Hans Mustermann"


def test_override_reason_naming_the_patient_is_refused_where_typed(qtbot, casebook,
                                                                  stored_references, window):
    open_as_draft(qtbot, casebook, window, C1)
    type_in_field(qtbot, window, "patient.name", NAME)  # typed, not saved yet: counts too
    type_in_field(qtbot, window, "patient.subdivision", "CN-JS")
    type_in_field(qtbot, window, "patient.age_at_day0", "93")
    panel = show_v60_problems(qtbot, window)
    press(qtbot, window, "Ctrl+Shift+P")
    [row] = v60_rows(window)
    panel.view.setCurrentIndex(panel.model.index(row, 1))
    box = panel.override_box
    qtbot.mouseClick(box.reason, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(box.reason, f"{NAME} agreed")
    assert box.problem.isVisible() and box.problem.text() == NAMES_PATIENT
    assert not box.confirm.isEnabled()
    qtbot.keyClick(box.reason, Qt.Key.Key_Return)
    window.editor.feedback_runner.wait()
    assert not window.editor.ctx.doc.get("overrides")  # nothing taken into the case
    assert v60_rows(window) and box.reason.text() == f"{NAME} agreed"  # kept to correct

    box.reason.clear()
    qtbot.keyClicks(box.reason, "the family agreed")
    assert not box.problem.isVisible() and box.confirm.isEnabled()
    qtbot.keyClick(box.reason, Qt.Key.Key_Return)
    window.editor.feedback_runner.wait()
    qtbot.waitUntil(lambda: not v60_rows(window))
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: bool(casebook.cases.open_case(C1).overrides))
    assert [o.reason for o in casebook.cases.open_case(C1).overrides] == ["the family agreed"]


def test_service_refuses_a_save_with_an_override_reason_naming_the_patient(
        casebook, stored_references):
    case = casebook.cases.open_case(C1)
    case = casebook.cases.set_status(C1, "draft", case.version)
    case = casebook.cases.open_case(C1)
    case.patient.name = NAME
    case.overrides = [RuleOverride(rule_id="V60", path="patient.subdivision",
                                   reason=f"{NAME} agreed")]
    with pytest.raises(ReasonRefused, match=r"Override V60 \(.*\): the override reason "
                                            "contains one of the patient's identifiers"):
        casebook.cases.save_case(case)
    stored = casebook.cases.open_case(C1)
    assert not stored.overrides and stored.patient.name != NAME  # nothing saved

    new = case.model_copy(update={"case_id": "NEW-1", "version": 0})
    with pytest.raises(ReasonRefused, match="Override V60"):
        casebook.cases.save_case(new)
    assert "NEW-1" not in [s.case_id for s in casebook.cases.list_cases()]

    case.overrides[0].reason = "the family agreed"
    casebook.cases.save_case(case)
    assert [o.reason for o in casebook.cases.open_case(C1).overrides] == ["the family agreed"]


@pytest.mark.expected_errors("the refusal is shown in an error dialog")
def test_a_name_typed_after_the_override_is_refused_at_save(qtbot, casebook, stored_references,
                                                           window, prompter):
    """The reason was accepted before the name was typed: Save is refused, naming the
    override, and what was typed stays in the form (nothing stored)."""
    open_as_draft(qtbot, casebook, window, C1)
    type_in_field(qtbot, window, "patient.subdivision", "CN-JS")
    type_in_field(qtbot, window, "patient.age_at_day0", "93")
    panel = show_v60_problems(qtbot, window)
    [row] = v60_rows(window)
    panel.view.setCurrentIndex(panel.model.index(row, 1))
    qtbot.keyClicks(panel.override_box.reason, f"{NAME} agreed")
    qtbot.keyClick(panel.override_box.reason, Qt.Key.Key_Return)
    window.editor.feedback_runner.wait()
    assert window.editor.ctx.doc.get("overrides")
    type_in_field(qtbot, window, "patient.name", NAME)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: bool(prompter.calls("error") or prompter.calls("show_reasons")))
    shown = " ".join(str(a) for a in prompter.calls("error") + prompter.calls("show_reasons"))
    assert "Override V60" in shown and "identifiers" in shown
    stored = casebook.cases.open_case(C1)
    assert not stored.overrides and stored.patient.name != NAME
    assert window.editor.ctx.doc.get("patient.name") == NAME  # kept in the form
