"""The blinatumomab cycle dialog: no message before input, cycle day 1 from the line's start,
absolute doses to one precision (µg/day to 0.1) in the dialog, the table and the PDF."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.clinical.dosing import absolute_number
from core.report.format import absolute_dose
from gui.editor.blinatumomab import start_text
from tests.gui.editor.keyboard import CTRL, SHIFT, Typist


def _line_and_admins(typist: Typist, start: str | int):
    page = typist.go_to_section("Treatment")
    lines = page.tables["treatment_lines"]
    typist.add_rows(lines, [{"line_no": 1, "intent": "induction", "start_day": start}],
                    lambda panel, row: None)
    return lines, lines.detail_tables[0]


def _open_dialog(typist: Typist, admins):
    typist.focus_table(admins)
    typist.key(Qt.Key.Key_B, CTRL | SHIFT)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.windowTitle() == "Add blinatumomab cycle"
    typist.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_day_one_from_the_line_start_and_no_error_before_input(editor, qtbot):
    typist = Typist(qtbot, editor)
    _lines, admins = _line_and_admins(typist, 200)
    dialog = _open_dialog(typist, admins)
    assert dialog.start.text() == "d200"  # taken from the line's start
    assert "not a date" not in dialog.preview.text()
    assert dialog.ok_button.isEnabled() and "d200–d206" in dialog.preview.text()

    typist.click(dialog.start)  # cleared by the user: a prompt, in plain colour
    qtbot.keyClick(dialog.start, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(dialog.start, Qt.Key.Key_Delete)
    assert dialog.start.text() == ""
    assert "not a date" not in dialog.preview.text() and "color" not in dialog.preview.text()
    assert not dialog.ok_button.isEnabled()
    typist.fill_field(dialog.start, "d210")
    typist.key(Qt.Key.Key_Return, widget=QApplication.focusWidget())
    qtbot.waitUntil(lambda: not dialog.isVisible())
    doc = editor.current_case().treatment_lines[0].administrations
    assert [a.start_day.day for a in doc if a.drug_inn == "blinatumomab"] == [210, 217]


def test_no_message_when_the_line_has_no_start(editor, qtbot):
    typist = Typist(qtbot, editor)
    page = typist.go_to_section("Treatment")
    lines = page.tables["treatment_lines"]
    typist.add_rows(lines, [{"line_no": 1, "intent": "induction"}], lambda panel, row: None)
    dialog = _open_dialog(typist, lines.detail_tables[0])
    assert dialog.start.text() == ""
    assert "is not a date" not in dialog.preview.text() and "Give cycle day 1" in \
        dialog.preview.text()
    assert "#b71c1c" not in dialog.preview.text() and not dialog.ok_button.isEnabled()
    typist.fill_field(dialog.start, "d3x")  # typed wrongly: now the message
    assert "#b71c1c" in dialog.preview.text() and not dialog.ok_button.isEnabled()
    dialog.reject()
    assert (start_text(200), start_text("2023-05-01"), start_text("2023-05"),
            start_text(None)) == ("d200", "2023-05-01", "", "")


def test_absolute_doses_to_one_decimal_in_dialog_and_table(editor, qtbot):
    typist = Typist(qtbot, editor)
    page = typist.go_to_section("Patient")
    typist.fill_field(page.forms["patient"].bindings["height_cm"].editor, "60")
    typist.fill_field(page.forms["patient"].bindings["weight_kg"].editor, "6.2")
    bsa = (60 * 6.2 / 3600) ** 0.5  # 0.3215 m²: 5 µg/m²/day = 1.6075 µg/day
    _lines, admins = _line_and_admins(typist, 1)
    dialog = _open_dialog(typist, admins)
    assert dialog.steps.text().startswith("5 ug/m2/d")  # a child's steps (weight < 45 kg)
    preview = dialog.preview.text()
    assert "5 µg/m²/day = 1.6 µg/day" in preview and "15 µg/m²/day = 4.8 µg/day" in preview
    assert "1.607" not in preview and "dexamethasone 20 mg" in preview
    typist.key(Qt.Key.Key_Return, widget=QApplication.focusWidget())
    qtbot.waitUntil(lambda: not dialog.isVisible())
    editor.feedback_runner.wait()
    column = admins.table_model.column_of("dose_abs_per_admin")
    shown = [admins.view.view_index(r, column).data() for r in range(2)]
    assert shown == [f"{5 * bsa:.1f} µg/day", f"{15 * bsa:.1f} µg/day"] == ["1.6 µg/day",
                                                                          "4.8 µg/day"]


def test_dose_precision_per_unit():
    assert absolute_dose(5.066, "ug/d") == "5.1 µg/day"
    assert absolute_dose(15.2, "ug/d") == "15.2 µg/day"
    assert absolute_dose(28, "ug/d") == "28.0 µg/day"
    assert absolute_dose(2.595, "mg") == "2.6 mg"  # other drugs: three significant figures
    assert absolute_number(2500.4, "[iU]") == "2500"  # not "25"


def test_ctrl_shift_b_from_the_treatment_line_itself(editor, qtbot):
    """A clinician selects the line (the README: 'cycle day 1 starts as the selected line's
    start') and presses Ctrl+Shift+B there: the dialog opens for that line, as from its
    Administrations table."""
    typist = Typist(qtbot, editor)
    lines, admins = _line_and_admins(typist, 200)
    typist.select_row(lines, 0)
    assert QApplication.focusWidget() is lines.view
    typist.key(Qt.Key.Key_B, CTRL | SHIFT)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.windowTitle() == "Add blinatumomab cycle"
    assert dialog.start.text() == "d200"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    typist.key(Qt.Key.Key_Return, widget=QApplication.focusWidget())
    qtbot.waitUntil(lambda: not dialog.isVisible())
    doc = editor.current_case().treatment_lines[0].administrations
    assert [a.start_day.day for a in doc if a.drug_inn == "blinatumomab"] == [200, 207]


def test_premedication_on_separate_days_stored_and_printed_as_such(editor, qtbot):
    """A stranger's run: the dexamethasone premedication of a cycle from d5 printed in the PDF
    as Days "d5 to d12" (8 days of it). The dialog stores one row given once on each step's
    day, start d5 and end d12 (its span, as the record model's IT doses); the PDF lists the
    days, "d5, d12", and the blinatumomab infusions keep their ranges."""
    from core.report import ReportOptions, render_case_pdf
    from tests.core.report.pdftext import all_text, table_rows

    typist = Typist(qtbot, editor)
    _lines, admins = _line_and_admins(typist, 5)
    dialog = _open_dialog(typist, admins)
    assert "dexamethasone 20 mg IV d5, d12" in dialog.preview.text()
    typist.key(Qt.Key.Key_Return, widget=QApplication.focusWidget())
    qtbot.waitUntil(lambda: not dialog.isVisible())
    case = editor.current_case()
    (premed,) = [a for a in case.treatment_lines[0].administrations if a.role == "premedication"]
    assert (premed.drug_inn, premed.frequency, premed.day_list) == ("dexamethasone", "once",
                                                                    [5, 12])
    assert (premed.start_day.day, premed.end_day.day) == (5, 12)
    for deidentified in (False, True):
        pdf = render_case_pdf(case, ReportOptions(deidentified=deidentified))
        rows = table_rows(pdf, "Line 1: regimen not reported (induction)")
        # a drug's steps together, by date (a560bed): both infusions, then the premedication
        assert [r[-1] for r in rows if r[0] in ("blinatumomab", "dexamethasone")] == [
            "d5 to d11", "d12 to d32", "d5, d12"]
        text = all_text(pdf)
        assert "once on each of days 5 and 12" in text and "d5 to d12" not in text
