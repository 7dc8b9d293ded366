"""The PDF's drug tables give each listed day its date (Day 0's date plus the day), as every
other day of the PDF has it: a drug given on separate days (IT methotrexate on d176, d179,
d183…, vincristine weekly on d2, d9, d16, d23) printed "d176, d179, d183" alone in its Days
cell, beside rows whose span read "d175" over "2023-09-06". Here Day 0 is typed in the form,
the case saved, and the PDF saved from the preview (Ctrl+P, Ctrl+S) read back with pypdf."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.model import When
from tests.core.report.test_report_listed_day_dates import (
    IT_DAYS,
    NO_DATES,
    VINCRISTINE,
    pdf_lines,
)
from tests.gui.conftest import open_from_list, press, type_in_field
from tests.gui.test_report_view import WAIT_MS

C2 = "SEED-C2-CAO2023"


def test_listed_days_have_their_dates_in_the_pdf_saved(qtbot, casebook, stored_references,
                                                       window, prompter, tmp_path):
    case = casebook.cases.open_case(C2)
    casebook.cases.set_status(C2, "draft", case.version)
    open_from_list(qtbot, window, C2)
    type_in_field(qtbot, window, "case_report.day0", "2023-03-15")
    press(qtbot, window, "Ctrl+S")
    assert casebook.cases.open_case(C2).case_report.day0 == When(date="2023-03-15")

    press(qtbot, window, "Ctrl+P")
    dialog = window.print_handler.dialog
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=WAIT_MS)
    target = tmp_path / "c2.pdf"
    prompter.script("choose_save_file", target)
    qtbot.keyClick(dialog.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    text = pdf_lines(target.read_bytes())
    assert IT_DAYS in text and VINCRISTINE in text
    assert NO_DATES not in text
    dialog.close()
