"""Text cut short at 1024x768 (found by a stranger run, the case list shown): the search's
"Did you mean drug:blinatumomab?" hint read "Did you me"; each text here is checked whole at
that size, its width (or wrapped height) inside the widget's, or the whole text in a tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.model import Case
from tests.gui.test_search_panel import search_for


def settle(qtbot) -> None:
    qtbot.wait(30)
    QApplication.processEvents()


def text_fits(label) -> bool:
    """The label's whole text is drawn: on one line within its width, or wrapped within its
    width and height."""
    metrics = label.fontMetrics()
    room = label.contentsRect()
    if metrics.horizontalAdvance(label.text()) <= room.width():
        return True
    return label.wordWrap() and label.heightForWidth(room.width()) <= label.height()


def test_did_you_mean_hint_reads_whole(qtbot, casebook, reference_docs, make_window):
    casebook.cases.import_cases([Case.model_validate(d) for d in reference_docs])
    window = make_window()
    window.resize(1024, 768)
    settle(qtbot)
    search_for(qtbot, window, "drug:blina")
    settle(qtbot)
    panel = window.search_panel
    label, button = panel.suggestion_label, panel.suggestion_button
    window.grab().save("/tmp/shots/hint1024.png")
    assert "Did you mean drug:blinatumomab?" in label.text()
    assert label.isVisible() and text_fits(label), (label.width(), label.height())
    bar = panel.suggestion_bar
    for widget in (label, button):  # inside the bar, the bar inside the panel
        assert bar.rect().contains(widget.geometry()), (widget.geometry(), bar.rect())
    assert button.isVisible()
    assert button.fontMetrics().horizontalAdvance(button.text()) <= button.width()


def test_case_ids_read_whole_with_the_status_beside(qtbot, casebook, make_window):
    """'SEED-C2-CAO2023-…' showed as 'SEED-C2-CA…' in a list with room for it; the column
    follows the ids shown now, the Status beside it still whole (test_case_list_status_column)."""
    from gui.list_columns import COL_CASE_ID, COL_STATUS
    from tests.gui.test_case_list_status_column import status_shown_whole

    ids = [f"SEED-C2-CAO2023-{i:02d}" for i in range(3)]
    casebook.cases.import_cases([Case(case_id=i, case_report={"title": f"Case {i}"})
                                 for i in ids])
    window = make_window()
    window.resize(1024, 768)
    settle(qtbot)
    table = window.case_list.table
    header = table.horizontalHeader()
    splitter = window.search_panel.parentWidget()
    splitter.setSizes([276, 1024 - 276])  # the first run's 27 % of a 1024 px window
    settle(qtbot)
    window.grab().save("/tmp/shots/ids1024.png")
    room = header.sectionSize(COL_CASE_ID) - 8  # the cell's text margins
    for row in range(window.case_model.rowCount()):
        text = window.case_model.index(row, COL_CASE_ID).data()
        assert table.fontMetrics().horizontalAdvance(text) <= room, (text, room)
    status_shown_whole(window)
    assert header.sectionViewportPosition(COL_STATUS) + header.sectionSize(COL_STATUS) \
        <= table.viewport().width()


def history_dialog(qtbot, casebook, reference_docs, make_window):
    """The History of a case created whole (its creation expands to every field), in a
    1024x768 window."""
    from gui.history_view import HistoryDialog

    doc = dict(reference_docs[0])
    doc["case_id"] = "SYN-HISTORY-001"
    stored = casebook.cases.save_case(Case.model_validate(doc))
    window = make_window()
    window.resize(1024, 768)
    settle(qtbot)
    dialog = HistoryDialog(casebook.audit, stored, parent=window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.table.expandAll()
    settle(qtbot)
    return dialog


def test_history_field_names_read_whole(qtbot, casebook, reference_docs, make_window):
    """The Field column was 260 px: 'Bone-marrow assessments › row 1 › Bas…'. It follows the
    names shown now (up to a limit), a longer one cut in the middle with its tooltip whole;
    the indented field rows' times read whole too."""
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QStyleOptionViewItem

    from gui.history_model import COL_FIELD, COL_WHEN

    dialog = history_dialog(qtbot, casebook, reference_docs, make_window)
    dialog.resize(1024, 700)  # what resize_to_fit gives on a 1024x768 screen
    settle(qtbot)
    dialog.grab().save("/tmp/shots/history1024.png")
    table, model = dialog.table, dialog.model
    metrics = table.fontMetrics()
    creation = model.index(0, 0)
    assert model.rowCount(creation) > 900  # every field of the reference case
    rows = [model.index(r, COL_FIELD, creation) for r in range(model.rowCount(creation))]
    whole = [i for i in rows
             if metrics.horizontalAdvance(i.data()) <= table.visualRect(i).width() - 8]
    assert len(whole) >= 0.9 * len(rows), [i.data() for i in rows if i not in whole][:5]
    for index in rows:  # the rest (four levels deep) cut in the middle, their ends kept
        room = table.visualRect(index).width() - 8
        shown = metrics.elidedText(index.data(), Qt.TextElideMode.ElideMiddle, room)
        assert shown.endswith(index.data()[-10:]) and shown.startswith(index.data()[:10])
        assert index.data() in index.data(Qt.ItemDataRole.ToolTipRole)
        option = QStyleOptionViewItem()
        table.itemDelegateForIndex(index).initStyleOption(option, index)
        assert option.textElideMode == Qt.TextElideMode.ElideMiddle
    child_time = model.index(0, COL_WHEN, creation)
    assert metrics.horizontalAdvance(child_time.data()) <= table.visualRect(child_time).width() - 8
    assert table.visualRect(model.index(0, COL_FIELD, QModelIndex())).right() < \
        table.viewport().width()  # the Field column on screen without a sideways scroll


def status_line(window) -> tuple[str, str]:
    bar = window.statusBar()
    return bar.currentMessage(), bar.toolTip()


def test_status_messages_keep_their_key_words_at_1024(qtbot, stored_references, casebook,
                                                     make_window):
    """'Marked complete: ID “a long title” (version …': cut mid-phrase. The id and version
    come first now, the title last; the whole text is the bar's tooltip when it is cut."""
    from tests.gui.conftest import open_from_list
    from tests.gui.test_complete_lock import C1, reopened

    reopened(casebook)
    window = make_window()
    window.resize(1024, 768)
    settle(qtbot)
    open_from_list(qtbot, window, C1)
    window.commands.mark_complete.trigger()
    stored = casebook.cases.open_case(C1)
    assert stored.status == "complete"
    qtbot.waitUntil(lambda: status_line(window)[0].startswith("Marked complete"))
    settle(qtbot)
    window.grab().save("/tmp/shots/status1024.png")
    said_whole(window, f"Marked complete: {C1}, version {stored.version}: ", stored.title)

    window.commands.unlock.trigger()  # a complete case reopens without a reason
    qtbot.waitUntil(lambda: casebook.cases.open_case(C1).status == "draft")
    settle(qtbot)
    said_whole(window, f"{C1} is a draft again: ", stored.title)


def said_whole(window, start: str, title: str) -> None:
    """The status bar's message starts with ``start`` in full, fits the bar, and when it is
    cut (the title, last) the tooltip has it whole."""
    from gui.status_message import message_room

    bar = window.statusBar()
    shown, tip = status_line(window)
    assert shown.startswith(start), shown
    assert bar.fontMetrics().horizontalAdvance(shown) <= message_room(bar)
    assert title in shown or (shown.endswith("…") and tip == f"{start}“{title}”.")
