"""The disease classification (a choice that defaults to WHO-HAEM5-2022) cleared in the editor,
or given a missing-value reason, stays cleared: saved, closed and opened again it is still empty,
not the default (a cleared value was stored without its key and read back as the default)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import CTRL, Typist, reason_text

C1 = "SEED-C1-CAO2023"
FIELD = "disease_classification_system"


def _field(typist):
    page = typist.go_to_section("Title & keywords")
    form = page.forms["case_report"]
    return form, form.bindings[FIELD].editor


def _open_case_1(qtbot, window) -> Typist:
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    return Typist(qtbot, window.editor)


def _save_close_reopen(qtbot, window):
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    press(qtbot, window, "Ctrl+W")
    qtbot.waitUntil(lambda: window.session.case_id() is None)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)


def test_a_cleared_disease_classification_stays_empty_after_reopening(
        qtbot, stored_references, window, casebook):
    typist = _open_case_1(qtbot, window)
    _form, box = _field(typist)
    assert box.value_text() == "WHO-HAEM5-2022"
    typist.click(box)
    typist.key(Qt.Key.Key_A, CTRL)
    typist.key(Qt.Key.Key_Delete)
    typist.key(Qt.Key.Key_Tab)
    assert window.editor.ctx.doc.get(f"case_report.{FIELD}") is None
    _save_close_reopen(qtbot, window)
    assert casebook.cases.open_case(C1).case_report.disease_classification_system is None
    _form, box = _field(Typist(qtbot, window.editor))
    assert box.value_text() == ""


def test_a_disease_classification_reason_stays_after_reopening(
        qtbot, stored_references, window, casebook):
    typist = _open_case_1(qtbot, window)
    form, _box = _field(typist)
    typist.fill_field(form.reasons[FIELD], reason_text("not_reported"))
    assert window.editor.ctx.doc.missing_reason(f"case_report.{FIELD}") == "not_reported"
    _save_close_reopen(qtbot, window)
    stored = casebook.cases.open_case(C1).case_report
    assert stored.disease_classification_system is None
    assert stored.nf[FIELD] == "not_reported"
    form, box = _field(Typist(qtbot, window.editor))
    assert box.value_text() != "WHO-HAEM5-2022"
    assert window.editor.ctx.doc.missing_reason(f"case_report.{FIELD}") == "not_reported"
