"""The History window names each entry's action in plain words ("Created", "Saved", "PDF
saved"), in its Action column, the cell's tooltip and the entry pane; the codes ("save",
"pdf-save") stay in the CSV export; a code without words still reads, as words."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.history_model import COL_ACTION
from tests.gui.conftest import press, type_title


def actions_shown(dialog) -> list[str]:
    model = dialog.model
    return [model.index(row, COL_ACTION).data() for row in range(model.rowCount())]


def test_history_shows_actions_in_words(qtbot, window, casebook):
    window.commands.new.trigger()
    for title in ("Blast crisis", "Blast crisis, CNS"):
        type_title(qtbot, window, title)
        press(qtbot, window, "Ctrl+S")
    case_id = window.session.base.case_id
    # an identified PDF saved (the report window's entry) and a code of a newer Casebook
    casebook.audit.record("pdf-save", case_id, "identified PDF saved (case version 2)")
    casebook.audit.record("key-rotate", case_id, "a newer Casebook's entry")
    press(qtbot, window, "Ctrl+Shift+H")
    dialog = window.history.dialog
    assert dialog is not None and dialog.isVisible()

    shown = actions_shown(dialog)
    assert shown == ["Created", "Saved", "PDF saved", "Key rotate"]
    assert not {"create", "save", "pdf-save", "key-rotate"} & set(shown)
    last = dialog.model.index(2, COL_ACTION)
    assert last.data(Qt.ItemDataRole.ToolTipRole) == "PDF saved"
    width = dialog.table.header().sectionSize(COL_ACTION)
    assert width >= dialog.table.fontMetrics().horizontalAdvance("PDF saved")

    dialog.table.setCurrentIndex(dialog.model.index(1, 0))  # the entry pane: words too
    details = dialog.details.toPlainText()
    assert " · Saved · " in details and " · save · " not in details
    # the codes stay in the trail (and its CSV export) as they were
    assert [r.action for r in dialog.shown_rows() if r.path is None][-2:] == ["pdf-save",
                                                                           "key-rotate"]
