"""Derived values in the editor take their labels and places from the model (issue 17:
``Record.DERIVED``), and a table's extra actions key on the model class, not its name."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.model import DerivedValue
from core.model.diagnostics import LabResult
from core.model.treatment import DrugAdministration
from gui.editor.derived import derived_label, derived_rows
from gui.editor.panel_actions import extra_actions
from gui.editor.table_model import table_columns
from tests.gui.editor.keyboard import Typist


def _titles(model: type) -> list[str]:
    return [c.title for c in table_columns(model)]


def test_a_derived_columns_label_and_place_come_from_the_model(monkeypatch):
    monkeypatch.setattr(LabResult, "DERIVED", (
        DerivedValue("flag", "Abnormal flag", beside="specimen"),
        DerivedValue("value_canonical", "Canonical value", beside="unit_entered")))
    titles = _titles(LabResult)
    assert titles[titles.index("Specimen") + 1] == "Abnormal flag"  # beside its input field
    assert titles[titles.index("Unit *") + 1] == "Canonical value"
    assert "Flag" not in titles and "Canonical unit" not in titles  # no longer declared
    assert derived_label(LabResult, "flag") == "Abnormal flag"
    assert derived_rows(LabResult, {"flag": "H"}) == [("Abnormal flag", "H")]


def test_the_labs_table_shows_the_models_derived_labels(editor, qtbot):
    labs = Typist(qtbot, editor).go_to_section("Labs").tables["labs"]
    model = labs.table_model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    declared = [d.label for d in LabResult.DERIVED]
    assert declared == ["Flag", "Canonical value", "Canonical unit"]
    start = headers.index("Unit *") + 1
    assert headers[start:start + 3] == declared


def test_extra_actions_key_on_the_model_class_not_its_name():
    class RenamedAdministration(DrugAdministration):  # a subclass: another name, same kind
        pass

    for model in (DrugAdministration, RenamedAdministration):
        assert [text for text, _key, _slot in extra_actions(model)] == [
            "Add &blinatumomab cycle…"]
    assert extra_actions(LabResult) == []
