"""An age of 90 or over typed at Age at Day 0 is stored as 90 with Age top-coded = yes (the
reference's V01: "ages ≥90 are stored as 90 with age_top_coded=1"), and the form says so beside
the field and in the status bar; one Ctrl+Z takes back both fields. Before, 93 was stored as
typed and V01 listed a blocking error asking the user to type 90 and set the flag by hand (a
stranger test)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tests.gui.conftest import open_from_list, press, type_in_field

C1 = "SEED-C1-CAO2023"
AGE, TOP = "patient.age_at_day0", "patient.age_top_coded"


def v01_messages(window) -> list[str]:
    return [f.message for f in window.editor.problems_panel.model.findings if f.rule_id == "V01"]


def test_age_93_typed_is_stored_as_90_top_coded_and_undone_together(qtbot, casebook,
                                                                    stored_references, window):
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "draft", case.version)
    before = (case.patient.age_at_day0, case.patient.age_top_coded)
    open_from_list(qtbot, window, C1)
    field = type_in_field(qtbot, window, AGE, "93")

    assert field.value_text() == "90"
    assert window.editor.current_case().patient.age_top_coded is True
    top_field = window.editor.findChild(QWidget, "field:age_top_coded")
    assert top_field.value_text() == "yes"
    assert not v01_messages(window)
    note = "Stored as ≥90 (90, top-coded): ages of 90 and over are not kept exactly"
    assert note in window.statusBar().currentMessage()
    form = field.parentWidget().parentWidget()
    assert note in form.beside["age_at_day0"].text() and form.beside["age_at_day0"].isVisible()

    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: casebook.cases.open_case(C1).patient.age_at_day0 == 90)
    stored = casebook.cases.open_case(C1).patient
    assert (stored.age_at_day0, stored.age_top_coded) == (90, True)

    window.editor.focus_path("patient.sex")  # out of the age field: the window's Undo
    press(qtbot, window, "Ctrl+Z")
    current = window.editor.current_case().patient
    assert (current.age_at_day0, current.age_top_coded) == before
    assert field.value_text() == str(before[0])
    assert not form.beside["age_at_day0"].text().startswith("Stored as")


def test_age_under_90_typed_over_a_top_coded_one_clears_the_flag(qtbot, casebook,
                                                                 stored_references, window):
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "draft", case.version)
    open_from_list(qtbot, window, C1)
    type_in_field(qtbot, window, AGE, "104")
    assert window.editor.current_case().patient.age_top_coded is True
    field = type_in_field(qtbot, window, AGE, "39")  # a typo corrected
    current = window.editor.current_case().patient
    assert (field.value_text(), current.age_at_day0, current.age_top_coded) == ("39", 39, False)
    assert not v01_messages(window)
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: casebook.cases.open_case(C1).patient.age_at_day0 == 39)
    assert casebook.cases.open_case(C1).patient.age_top_coded is False
