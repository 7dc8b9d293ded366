"""Responses › Based on in the editor (a stranger's report: "CSF assessment ids" 1, meaning the
first CSF row, was stored as a link to no record, with no word in the editor; its tooltip said
"Day numbers separated by commas"): the reference to no record is listed in Problems (V33) at
its field, Enter there goes back to it, and the field's tooltip says what to type."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, press, type_in_field
from tests.gui.test_unstored_input import problem_messages

C1 = "SEED-C1-CAO2023"
CSF = "response_assessments[5].basis_refs.csf"  # the CNS remission of day 229: csf 403, 405


def v33_rows(window) -> list[int]:
    model = window.editor.problems_panel.model
    return [row for row in range(model.rowCount())
            if model.data(model.index(row, 1)) == "V33" and model.data(model.index(row, 3)) == CSF]


def type_ids(qtbot, window, text: str):
    return type_in_field(qtbot, window, CSF, text)


def test_a_csf_id_of_no_record_is_a_problem_and_the_tooltip_says_ids(qtbot, stored_references,
                                                                     window, casebook):
    open_from_list(qtbot, window, C1)
    field = type_ids(qtbot, window, "403, 1")
    tip = field.toolTip()
    assert "Day numbers" not in tip and "Id" in tip and "More of the row" in tip, tip
    qtbot.waitUntil(lambda: len(v33_rows(window)) == 1, timeout=5000)
    model = window.editor.problems_panel.model
    message = problem_messages(window)[v33_rows(window)[0]]  # without a narrow panel's mark
    assert message.startswith("No CSF assessment of this case has Id 1")
    assert "CSF assessment ids" in message  # the field in words, under the message

    press(qtbot, window, "Ctrl+S")  # a draft saves, problem and all
    qtbot.waitUntil(lambda: not window.editor.is_dirty(), timeout=5000)
    assert casebook.cases.open_case(C1).response_assessments[5].basis_refs.csf == [403, 1]

    view = window.editor.problems_panel.view
    window.editor.problems_panel.setFocus()
    view.setCurrentIndex(model.index(v33_rows(window)[0], 2))
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter goes to the field
    qtbot.waitUntil(lambda: window.focusWidget() is field, timeout=5000)

    type_ids(qtbot, window, "403, 405")
    qtbot.waitUntil(lambda: v33_rows(window) == [], timeout=5000)


def test_the_import_report_names_a_reference_to_no_record(qtbot, window, casebook, prompter,
                                                          tmp_path):
    import json

    from tests.conftest import REFERENCE_CASEBOOK

    doc = json.loads(REFERENCE_CASEBOOK.read_text())
    doc["cases"][0]["response_assessments"][5]["basis_refs"] = {"csf": [403, 1]}
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc))
    prompter.script("choose_open_files", [path])
    with qtbot.waitSignal(window.transfers.done, timeout=30000) as done:
        window.commands.import_json.trigger()
    text = done.args[0]
    assert text.startswith("Imported 2 case(s)")
    assert "Warning: 1 reference(s) name a record the case does not hold" in text
    assert "No CSF assessment of this case has Id 1" in text
    assert casebook.cases.open_case(C1).response_assessments[5].basis_refs.csf == [403, 1]
