"""Down arrow in the search box: the keyboard goes into the results list, first row selected.

The box ignored Down (a QLineEdit has no use for it), so the keyboard had no way into the list
but Enter, which in a search opens the first hit. Down with a search still running (typed a
moment ago, or being searched in the background) goes into the list when its results come,
unless the keyboard has left the box meanwhile; with no results it stays in the box.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

from gui.case_list import CaseListPanel
from gui.search_model import SearchCaseModel


class DownIntoResults(QObject):
    """Installed on the case list's filter box (``SearchPanel``)."""

    def __init__(self, case_list: CaseListPanel, model: SearchCaseModel):
        super().__init__(case_list)
        self.case_list, self.model = case_list, model
        self._pending = False  # Down while the search ran: go in when its results come
        case_list.filter_box.installEventFilter(self)
        model.search_applied.connect(self._on_results)
        model.search_failed.connect(self._on_no_results)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Down
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            self.case_list.apply_filter()  # what the box holds now, not a moment ago
            if self.model.busy:
                self._pending = True
            else:
                self.case_list.enter_list()
            return True
        if event.type() == QEvent.Type.KeyPress:
            self._pending = False  # typing on: the keyboard stays in the box
        return False

    def _on_results(self, _result: object) -> None:
        if self._pending:
            self._pending = False
            if self.case_list.filter_box.hasFocus():
                self.case_list.enter_list()

    def _on_no_results(self, _problem: object) -> None:
        self._pending = False
