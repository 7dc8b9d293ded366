"""Rule V60 (rare combination) in the app: the Problems panel's V60 rows and a de-identified
dataset export meeting one; shared by the GUI tests that raise it."""

from __future__ import annotations

from PySide6.QtGui import QAction

from core.model import Case
from tests.core.rare_combination import rare_doc
from tests.gui.test_dataset_export import open_dialog, press_export, tick


def v60_rows(window) -> list[int]:
    """The Problems list's rows holding a V60 finding."""
    findings = window.editor.problems_panel.model.findings
    return [i for i, f in enumerate(findings) if f.rule_id == "V60"]


def show_v60_problems(qtbot, window):
    """Wait for the V60 finding and for the feedback to settle, and show the Problems panel
    (View › Feedback panels if the window gave the form the room); the panel."""
    qtbot.waitUntil(lambda: bool(v60_rows(window)))
    window.editor.feedback_runner.wait()  # no later refresh takes the selection away
    qtbot.wait(50)
    panel = window.editor.problems_panel
    if not panel.isVisible():
        window.findChild(QAction, "show_feedback").trigger()
    return panel


def export_rare_case(qtbot, casebook, reference_docs, make_window, prompter, tmp_path,
                     answer: str):
    """Import a case with the rare combination, then File › Export dataset… de-identified to
    tmp_path/out, answering the rare-combination question with ``answer``; the message the
    export gave and the folder written."""
    casebook.cases.import_cases([Case.model_validate(rare_doc(reference_docs[0]))])
    window = make_window()
    prompter.script("choose_rare_export", answer)
    dialog = open_dialog(qtbot, window)
    tick(qtbot, dialog.drop_identifiers)
    target = tmp_path / "out"
    qtbot.keyClicks(dialog.path_edit, str(target))
    return press_export(qtbot, window, dialog), target
