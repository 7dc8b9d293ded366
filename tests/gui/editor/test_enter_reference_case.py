"""The whole of reference case 1 typed into the editor with key and mouse events only, saved
through the case service, equals the fixture (provenance keys aside)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.model import Case
from gui.editor.sections import SECTIONS
from tests.conftest import REFERENCE_CASEBOOK
from tests.gui.editor.keyboard import CTRL, SHIFT, Typist, focused

PROVENANCE_KEYS = {"src", "placeholder_fields", "inferred_fields", "note"}
WORKFLOW_KEYS = {"status", "version", "locked_by", "locked_at"}  # set by saving, not typing


def stripped(doc: Any) -> Any:
    if isinstance(doc, dict):
        return {k: stripped(v) for k, v in doc.items() if k not in PROVENANCE_KEYS}
    if isinstance(doc, list):
        return [stripped(v) for v in doc]
    return doc


def comparable(case: Case) -> dict[str, Any]:
    doc = stripped(case.to_json_dict())
    for key in WORKFLOW_KEYS:
        doc.pop(key, None)
    return doc


def fixture_case_1() -> dict[str, Any]:
    return json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"][0]


class CaseTypist(Typist):
    """Walks the fixture section by section and types every value."""

    def enter_case(self, doc: dict[str, Any]) -> None:
        for section in SECTIONS:
            page = self.go_to_section(section.name)
            for part in section.parts:
                value = doc.get(part.path)
                if part.kind == "form" and value:
                    self.fill_form(page.forms[part.path], value)
                elif part.kind == "table" and value:
                    self.add_rows(page.tables[part.path], value, self.fill_details)

    def fill_details(self, panel, row: dict[str, Any]) -> None:
        for name, form in panel.detail_forms.items():
            if row.get(name):
                self.fill_form(form, row[name])
        for child in panel.detail_tables:
            rows = list(row.get(child.field_name) or [])
            if child.field_name == "administrations" and _starts_with_blinatumomab(rows):
                self.blinatumomab_cycle(child)
                rows = rows[3:]
            self.add_rows(child, rows, self.fill_details)

    def blinatumomab_cycle(self, panel) -> None:
        """The two blinatumomab steps and the dexamethasone premedication, as one line."""
        self.focus_table(panel)
        self.key(Qt.Key.Key_B, CTRL | SHIFT)
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.windowTitle() == "Add blinatumomab cycle"
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        self.fill_field(dialog.cycle, "1")
        self.fill_field(dialog.start, "d200")
        self.fill_field(dialog.steps, "9 ug/d d1-7; 28 ug/d d8-28")
        self.key(Qt.Key.Key_Return, widget=focused())
        assert not dialog.isVisible(), (dialog.preview.text(), focused())
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is self.editor.window())


def _starts_with_blinatumomab(rows: list[dict[str, Any]]) -> bool:
    return len(rows) >= 3 and [r.get("drug_inn") for r in rows[:3]] == [
        "blinatumomab", "blinatumomab", "dexamethasone"]


@pytest.mark.slow
def test_reference_case_1_typed_in_equals_fixture(editor, qtbot, casebook):
    fixture = fixture_case_1()
    editor.load_case(Case(case_id=fixture["case_id"]))

    CaseTypist(qtbot, editor).enter_case(fixture)

    stored = casebook.cases.save_case(editor.current_case())
    reread = casebook.cases.open_case(stored.case_id)
    expected = comparable(Case.model_validate(fixture))
    actual = comparable(reread)
    assert actual == expected, _first_differences(actual, expected)


def _first_differences(actual: Any, expected: Any, path: str = "") -> str:
    from core.model.fieldpath import flatten

    a, e = flatten(actual), flatten(expected)
    diffs = [f"{k}: typed {a.get(k)!r} != fixture {e.get(k)!r}"
             for k in sorted(set(a) | set(e)) if a.get(k) != e.get(k)]
    return "\n".join(diffs[:40])
