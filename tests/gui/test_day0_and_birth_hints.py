"""Day 0's date field offers a date only (it offered "d168, d-30" and then refused a day
number: day numbers count from Day 0), and beside the patient's birth date the form shows the
age it gives at Day 0, not its day number ("derived: day -12433")."""

from __future__ import annotations

from tests.gui.conftest import open_from_list, press, type_in_field

C1 = "SEED-C1-CAO2023"


def open_as_draft(qtbot, casebook, window) -> None:
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "draft", case.version)
    open_from_list(qtbot, window, C1)


def test_day0_offers_a_date_only(qtbot, casebook, stored_references, window):
    open_as_draft(qtbot, casebook, window)
    window.editor.focus_path("case_report.day0")
    day0 = window.focusWidget()
    assert day0.placeholderText() == "YYYY-MM-DD"
    assert "d168" not in day0.toolTip() and "day number" not in day0.toolTip()
    assert "2023-04-18" in day0.toolTip()
    window.editor.focus_path("patient.birth_date")  # other dates still take day numbers
    assert window.focusWidget().placeholderText() == "date or d168"


def test_birth_date_shows_the_age_at_day0(qtbot, casebook, stored_references, window):
    open_as_draft(qtbot, casebook, window)
    type_in_field(qtbot, window, "case_report.day0", "2023-04-18")
    field = type_in_field(qtbot, window, "patient.birth_date", "1989-01-01")
    form = field.parentWidget().parentWidget()
    beside = form.beside["birth_date"]
    assert beside.text() == "derived: 34 years at Day 0" and beside.isVisible()
    assert "day -" not in beside.text()
    assert str(window.editor.current_case().patient.birth_date) == "1989-01-01"
    type_in_field(qtbot, window, "patient.birth_date", "2022-03-01")  # under 2: months
    assert beside.text() == "derived: 13 months at Day 0"


def test_day0_refuses_bad_text_offering_a_date_only(qtbot, casebook, stored_references, window):
    """Its refusal said "… or a day number (d168, d-30)", which Day 0 refuses too."""
    open_as_draft(qtbot, casebook, window)
    before = window.editor.current_case().case_report.day0
    day0 = type_in_field(qtbot, window, "case_report.day0", "zz")
    message = day0.toolTip().splitlines()[0]
    assert message == ("'zz' is not a date: YYYY-MM-DD, YYYY-MM, YYYY or DD/MM/YYYY "
                       "(2023-04-18, 18/04/2023)")  # the user's own format too
    assert window.editor.current_case().case_report.day0 == before
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(C1).case_report.day0 == before
    birth = type_in_field(qtbot, window, "patient.birth_date", "zz")  # others take day numbers
    assert birth.toolTip().startswith("'zz' is not a date (2023-04-18, 2023-04, 2023, "
                                      "18/04/2023) or a day number (d168, d-30)")
