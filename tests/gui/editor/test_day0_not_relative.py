"""Day 0 is the anchor of every day number (dNN), so it cannot be a day number itself: 'd30'
typed into Day 0 date was stored without a word. Found by a stranger run. Typed, it is refused
with a message naming the field and nothing is stored; imported (or validated by the CLI) it is
refused the same way; a case stored with one before keeps opening and rule V06 lists it."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from core.cli import main
from core.clinical import engine
from core.model import Case
from tests.conftest import REFERENCE_CASEBOOK
from tests.gui.conftest import press

MESSAGE = "Day 0 date: 'd30' counts from Day 0 itself; enter a calendar date"


def test_day0_typed_as_a_day_number_is_refused_and_not_stored(qtbot, window, casebook):
    press(qtbot, window, "Ctrl+N")
    window.editor.focus_path("case_report.day0")
    field = window.focusWidget()
    qtbot.keyClicks(field, "d30")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.property("problem") == "error"
    assert MESSAGE in field.toolTip()
    assert window.editor.ctx.unstored["case_report.day0"].startswith(MESSAGE)
    press(qtbot, window, "Ctrl+S")
    stored = casebook.cases.open_case(window.session.case_id())
    assert stored.case_report.day0 is None


def test_validate_and_import_refuse_a_day_number_as_day0(capsys, tmp_path, data_home):
    doc = json.loads(REFERENCE_CASEBOOK.read_text())
    doc["cases"] = doc["cases"][:1]
    doc["cases"][0]["case_report"]["day0"] = "d30"
    path = tmp_path / "relative-day0.json"
    path.write_text(json.dumps(doc))
    assert main(["validate", str(path)]) != 0
    assert MESSAGE in capsys.readouterr().out
    doc["cases"][0]["case_report"]["day0"] = 30  # the JSON form of a day number
    path.write_text(json.dumps(doc))
    assert main(["import", str(path)]) != 0
    captured = capsys.readouterr()
    assert "Title & keywords › Case report › Day 0 date: " in captured.err + captured.out
    assert "Day 0 date: Day 0 date" not in captured.err + captured.out  # the field named once
    assert MESSAGE in captured.err + captured.out
    # nothing stored: the failed import into a new folder left no casebook behind (5661332)
    assert main(["list", "--json"]) == 1
    assert "There is no data folder" in capsys.readouterr().err


def test_a_stored_day_number_day0_still_loads_and_v06_names_it():
    case = Case.model_validate({"case_report": {"day0": 30}})  # as a stored case is read
    assert str(case.case_report.day0) == "d30"
    evaluation = engine.evaluate(case).evaluation
    assert evaluation is not None
    found = [f for f in evaluation.findings if f.path == "case_report.day0"]
    assert [(f.rule_id, f.severity, f.message) for f in found] == [("V06", "error", MESSAGE)]
