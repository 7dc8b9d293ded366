"""Issue 19, the 'Authors & references' section: a citation pasted from the clipboard with
Ctrl+Shift+V is read into a new References row (the dialog shows what was read; text that is no
citation gets a message and no row); authors typed into their table, a statement into its form;
the completeness panel's 'Submission kit' lists the uncited reference, the author without
affiliation and the figure without legend; all of it saved with Ctrl+S into the database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from gui.editor.citation_dialog import CitationDialog
from tests.gui.conftest import open_from_list, press
from tests.gui.editor.keyboard import CTRL, SHIFT, Typist

C1 = "SEED-C1-CAO2023"
CITATION = ("Cao Y, Li X, Wang Z, et al. Blinatumomab for CNS leukemia in adults. Front Oncol. "
            "2023;13:1234567. doi:10.3389/fonc.2023.1234567. PMID: 36000000.")


def _page(qtbot, window):
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    typist = Typist(qtbot, window.editor)
    return typist, typist.go_to_section("Authors & references")


def _back(qtbot, window) -> None:
    """Back in the main window once a dialog has closed."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None and window.isActiveWindow())


def _open_paste(typist, qtbot, panel) -> CitationDialog:
    _back(qtbot, panel.window())
    typist.focus_table(panel)
    typist.key(Qt.Key.Key_V, CTRL | SHIFT)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, CitationDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.text)
    return dialog


def _kit(window) -> list[tuple[str, str]]:
    return [(k.path, k.item) for k in window.editor.ctx.feedback.kit]


def test_paste_citation_type_author_and_statement_then_save(qtbot, stored_references, window,
                                                            casebook):
    typist, page = _page(qtbot, window)
    refs = page.tables["references"]
    QGuiApplication.clipboard().setText(CITATION)
    dialog = _open_paste(typist, qtbot, refs)
    assert dialog.text.toPlainText() == CITATION  # the clipboard's citation, read at once
    shown = dialog.preview.text()
    assert "cao2023" in shown and "Front Oncol" in shown and "10.3389/fonc.2023.1234567" in shown
    assert "Not in the citation: Issue." in shown
    typist.key(Qt.Key.Key_Return, widget=dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert refs.table_model.rowCount() == 1
    row = refs.table_model.record(0)
    assert (row["key"], row["journal"], row["year"], row["pmid"]) == (
        "cao2023", "Front Oncol", 2023, "36000000")
    assert "[@cao2023]" in refs.status.text()

    # the same citation again: a key of its own
    dialog = _open_paste(typist, qtbot, refs)
    assert "cao2023a" in dialog.preview.text()
    dialog.reject()

    # text that is no citation: a message, no row
    QGuiApplication.clipboard().setText("see the chart")
    dialog = _open_paste(typist, qtbot, refs)
    assert dialog.text.toPlainText() == ""  # the clipboard holds no citation
    typist.type("The patient improved.")
    assert "Could not read this citation" in dialog.preview.text()
    assert "does not look like a journal citation" in dialog.preview.text()
    assert not dialog.ok_button.isEnabled()
    typist.key(Qt.Key.Key_Escape, widget=dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert refs.table_model.rowCount() == 1

    _back(qtbot, window)
    authors = page.tables["authors"]
    typist.add_rows(authors, [{"name": "Jane Q. Smith"}], lambda panel, row: None)
    typist.fill_field(page.forms["statements"].bindings["funding"].editor,
                      "This work received no specific funding.")
    qtbot.waitUntil(lambda: any(p == "authors[0].affiliations" for p, _ in _kit(window)))
    kit = dict(_kit(window))
    assert "[@cao2023] is never cited" in kit["references[0].key"]
    assert kit["authors[0].affiliations"] == "Jane Q. Smith has no affiliation: every author needs one"
    assert "statements.funding" not in kit

    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    case = casebook.cases.open_case(C1)
    assert [r.key for r in case.references] == ["cao2023"]
    assert case.references[0].doi == "10.3389/fonc.2023.1234567"
    assert case.references[0].citation == CITATION
    assert [a.name for a in case.authors] == ["Jane Q. Smith"]
    assert case.statements is not None
    assert case.statements.funding == "This work received no specific funding."


def test_kit_hints_in_the_completeness_panel_lead_to_the_field(qtbot, stored_references, window):
    from gui.editor.completeness import PATH_ROLE

    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    editor = window.editor
    doc = editor.ctx.doc
    editor.ctx.insert_rows("attachments", 0, [{"kind": "mri_image", "figure_number": 1}],
                           "Add figure")
    editor.ctx.insert_rows("authors", 0, [{"name": "Li Wei"}], "Add row")
    qtbot.waitUntil(lambda: any(p == "attachments[0].caption" for p, _ in _kit(window)))
    assert doc.get("authors[0].name") == "Li Wei"
    panel = editor.completeness_panel
    tops = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    kit = next(t for t in tops if t.text(0).startswith("Submission kit"))
    children = {kit.child(i).data(0, PATH_ROLE): kit.child(i).text(0)
                for i in range(kit.childCount())}
    assert "Figure 1 has no legend" in children["attachments[0].caption"]
    assert "Li Wei has no affiliation" in children["authors[0].affiliations"]
    child = next(kit.child(i) for i in range(kit.childCount())
                 if kit.child(i).data(0, PATH_ROLE) == "authors[0].affiliations")
    panel.tree.setCurrentItem(child)
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert editor.current_section() == "Authors & references"


def test_consent_section_shows_the_statement(qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    typist = Typist(qtbot, window.editor)
    page = typist.go_to_section("Consent")
    editor = page.forms["consent"].bindings["statement"].editor
    typist.fill_field(editor, "Written informed consent was obtained from the patient.")
    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.session.is_dirty())
    assert casebook.cases.open_case(C1).consent.statement == (
        "Written informed consent was obtained from the patient.")


def test_malformed_identifiers_are_warnings_at_their_field():
    from core.model import Case
    from gui.editor.feedback import evaluate_document

    doc = Case(authors=[{"name": "A", "affiliations": "X", "orcid": "0000-0002-1825-0098"}],
               references=[{"key": "a", "title": "T", "doi": "blood.2020"}]).to_json_dict()
    doc["case_report"]["discussion"] = "See [@a] and [@b]."
    feedback = evaluate_document(doc)
    kit = {(f.rule_id, f.severity, f.path) for f in feedback.findings if f.rule_id == "KIT"}
    assert kit == {("KIT", "warning", "authors[0].orcid"), ("KIT", "warning", "references[0].doi"),
                   ("KIT", "warning", "case_report.discussion")}
    assert any(item.path == "authors[0].corresponding" for item in feedback.kit)  # a gap only
    assert not [f for f in feedback.findings if f.path == "authors[0].corresponding"]


def test_enter_in_the_citation_adds_the_reference(qtbot, stored_references, window):
    """A citation typed (not pasted), then Enter: the reference is added, as the highlighted
    Add reference button says (Enter used to start a new line in the citation)."""
    typist, page = _page(qtbot, window)
    refs = page.tables["references"]
    QGuiApplication.clipboard().setText("")
    dialog = _open_paste(typist, qtbot, refs)
    typist.type(CITATION)
    typist.key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert refs.table_model.rowCount() == 1
    assert refs.table_model.record(0)["key"] == "cao2023"
