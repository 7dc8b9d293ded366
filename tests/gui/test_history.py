"""A case's history (Case > History…, Ctrl+Shift+H) and a field's history from the editor's context
menu: the audit entries after saves, filtered by field and by user."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu

from core.model import Case
from gui.history_view import COL_CHANGE, COL_FIELD, AuditTableModel
from tests.gui.conftest import open_from_list, press, title_field, type_title

HISTORY_ACTION = "Field history"


def save_titles(qtbot, window, *titles: str) -> None:
    for title in titles:
        type_title(qtbot, window, title)
        press(qtbot, window, "Ctrl+S")


def title_rows(dialog) -> list[tuple]:
    return [(r.user, r.action, r.old, r.new) for r in dialog.shown_rows()
            if r.path == "case_report.title"]


def test_history_shows_the_saves_and_filters_by_field_and_user(qtbot, window, casebook):
    window.commands.new.trigger()
    save_titles(qtbot, window, "Blast crisis", "Blast crisis, CNS")
    window.apply_settings(casebook.settings.model_copy(update={"user_name": "dr.other"}))
    save_titles(qtbot, window, "Blast crisis, CNS relapse")
    press(qtbot, window, "Ctrl+Shift+H")
    dialog = window.history.dialog
    assert dialog is not None and dialog.isVisible()
    assert title_rows(dialog) == [
        ("dr.test", "create", None, "Blast crisis"),
        ("dr.test", "save", "Blast crisis", "Blast crisis, CNS"),
        ("dr.other", "save", "Blast crisis, CNS", "Blast crisis, CNS relapse")]
    last = dialog.model.rowCount() - 1
    assert dialog.model.index(last, COL_FIELD).data() == "Title & keywords › Case report › Title"
    assert dialog.model.index(last, COL_CHANGE).data() == "Blast crisis, CNS → Blast crisis, CNS relapse"

    qtbot.keyClicks(dialog.field_box, "case_report.title")
    assert len(dialog.shown_rows()) == 3
    assert {r.path for r in dialog.shown_rows()} == {"case_report.title"}
    assert dialog.count_label.text().startswith("3 of ")

    qtbot.keyClicks(dialog.user_box, "dr.o")
    assert dialog.chosen_user() == "dr.other"
    assert title_rows(dialog) == [("dr.other", "save", "Blast crisis, CNS",
                                   "Blast crisis, CNS relapse")]

    dialog.field_box.clear()
    qtbot.keyClicks(dialog.field_box, "TITLE")  # words of the field's name work too
    assert len(dialog.shown_rows()) == 1


def test_history_follows_saves_while_open(qtbot, window):
    window.commands.new.trigger()
    save_titles(qtbot, window, "One")
    window.commands.history.trigger()
    dialog = window.history.dialog
    before = dialog.model.rowCount()
    save_titles(qtbot, window, "Two")
    assert dialog.model.rowCount() == before + 1
    window.commands.close_case.trigger()
    assert window.history.dialog is None


def test_history_is_offered_only_for_a_saved_case(qtbot, window, prompter):
    assert not window.commands.history.isEnabled()
    window.commands.new.trigger()
    assert window.commands.history.isEnabled()
    window.commands.history.trigger()
    assert "not been saved yet" in prompter.calls("info")[0][0]
    assert window.history.dialog is None


def context_menu_of(widget) -> QMenu:
    """Right-click ``widget`` (a context-menu event, as a mouse or the Menu key sends)."""
    pos = QPoint(5, 5)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def test_field_history_from_a_form_fields_context_menu(qtbot, window):
    window.commands.new.trigger()
    save_titles(qtbot, window, "Before", "After")
    menu = context_menu_of(title_field(window))
    action = next(a for a in menu.actions() if a.text().replace("&", "").startswith(HISTORY_ACTION))
    action.trigger()
    menu.close()
    dialog = window.history.dialog
    assert dialog.field_box.text() == "Title & keywords › Case report › Title"  # not its path
    assert [(r.old, r.new) for r in dialog.shown_rows()] == [(None, "Before"), ("Before", "After")]


def test_field_history_from_a_table_cell(qtbot, stored_references, window, casebook):
    stored = casebook.cases.open_case("SEED-C1-CAO2023")
    doc = stored.model_dump(mode="json")
    old_value = doc["labs"][0]["value_entered"]
    doc["labs"][0]["value_entered"] = 91.5
    casebook.cases.save_case(Case.model_validate(doc))
    window.case_model.reload()
    open_from_list(qtbot, window, "SEED-C1-CAO2023")
    window.editor.focus_path("labs[0].value_entered")
    view = QApplication.focusWidget()
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    action = next(a for a in view.actions() if a.text().startswith(HISTORY_ACTION))
    action.trigger()
    dialog = window.history.dialog
    assert dialog.field_box.text() == "Labs › Laboratory results › row 1 › Value"
    assert [(r.old, r.new) for r in dialog.shown_rows()] == [(str(old_value), "91.5")]


def test_audit_table_model_passes_the_model_tester(qtmodeltester, casebook):
    saved = casebook.cases.save_case(Case(case_report={"title": "Model test"}))
    model = AuditTableModel()
    model.set_rows(casebook.audit.history(saved.case_id))
    qtmodeltester.check(model)


def test_a_creation_reads_as_the_whole_case_then_each_field_set(qtbot, window):
    """A creation is one audit entry (document hash and fields set); the history shows it as
    a whole-case row with the title, then a row per field, and never the hash-only entries."""
    window.commands.new.trigger()
    save_titles(qtbot, window, "Blast crisis", "Blast crisis, CNS")
    window.commands.history.trigger()
    rows = window.history.dialog.shown_rows()
    created = [r for r in rows if r.action == "create"]
    assert created[0].path is None and created[0].new == "Blast crisis"
    assert ("case_report.title", None, "Blast crisis") in {(r.path, r.old, r.new)
                                                          for r in created}
    assert len({r.seq for r in created}) == 1  # one stored entry
    assert all(r.action != "document" and not (r.new or "").startswith("sha256:")
               for r in rows)
    assert window.history.dialog.model.index(0, COL_FIELD).data() == "whole case"


def test_an_imported_case_does_not_read_as_imported_with_no_field(
        qtbot, stored_references, window):
    """Found in a real window: a demo case's history began "import · whole case · imported,
    0 fields", as if nothing had been imported. An import records no field values (the
    import file is their record), and its row now says so."""
    open_from_list(qtbot, window, "SEED-C1-CAO2023")
    qtbot.waitUntil(lambda: window.session.case_id() == "SEED-C1-CAO2023")
    press(qtbot, window, "Ctrl+Shift+H")
    dialog = window.history.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.index(0, COL_FIELD).data() == "whole case"
    text = dialog.model.index(0, COL_CHANGE).data()
    assert "0 fields" not in text
    assert text.startswith("imported whole") and "import file" in text
