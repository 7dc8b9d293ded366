"""Enter and Down arrow in the search box: the keyboard goes into the results of what the box
holds, never into the rows of an older query.

Down goes into the results list, the first row selected (a QLineEdit has no use for Down, so
the keyboard had no way into the list but Enter). Enter in a search opens the first hit.

The rows shown can be an older query's: typed a moment ago and still being searched in the
background, or a query that cannot run (its problem shown under the box). Enter or Down went
into those rows at once, so the next Enter opened a case that did not match what was typed
(another patient's). Now, while a search is on its way, the key waits for its answer and acts
on that (the keyboard stays in the box meanwhile, nothing blocks); typing on, another key or
the keyboard leaving the box drops it. A query that cannot run leaves the keyboard in the box.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent

from gui.case_list import CaseListPanel
from gui.search_model import SearchCaseModel

MODIFIER_KEYS = (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
                 Qt.Key.Key_AltGr)


class ResultKeys(QObject):
    """Installed on the case list's filter box (``SearchPanel``); ``open_case(case_id)``
    opens the first hit (Enter)."""

    def __init__(self, case_list: CaseListPanel, model: SearchCaseModel,
                 open_case: Callable[[str], None]):
        super().__init__(case_list)
        self.case_list, self.model, self.open_case = case_list, model, open_case
        self.pending: str | None = None  # "open" (Enter) or "down": done when the answer comes
        box = case_list.filter_box
        box.installEventFilter(self)
        box.returnPressed.connect(self._on_return)  # after the list's own (it steps aside)
        box.textChanged.connect(self._drop)
        model.search_applied.connect(self._on_results)
        model.search_failed.connect(self._drop)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (isinstance(event, QFocusEvent) and event.type() == QEvent.Type.FocusOut
                and event.reason() != Qt.FocusReason.ActiveWindowFocusReason):
            self._drop()  # the keyboard went elsewhere (a click in the list, Tab)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if (event.key() == Qt.Key.Key_Down
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            self.case_list.apply_filter()  # what the box holds now, not a moment ago
            self._act("down")
            return True
        if event.key() not in MODIFIER_KEYS:
            self._drop()  # another key: the keyboard stays in the box (Enter sets its own)
        return False

    def _on_return(self) -> None:
        """Enter (the list has filtered by the box's text): in a search, the first hit opens;
        in the plain list the list's own handler went to its first row."""
        if self.model.searching:
            self._act("open")

    def _act(self, action: str) -> None:
        if self.model.busy:
            self.pending = action  # the rows are an older query's: wait for the answer
        elif not self.model.stale:  # stale and not busy: a query that cannot run
            self._do(action)

    def _do(self, action: str) -> None:
        if not self.case_list.enter_list():
            return  # no results: the keyboard stays in the box
        first = self.model.summary(0)
        if action == "open" and first is not None:
            self.open_case(first.case_id)

    def _on_results(self, _result: object) -> None:
        action, self.pending = self.pending, None
        if action is not None and self.case_list.filter_box.hasFocus():
            self._do(action)

    def _drop(self, *_args: object) -> None:
        self.pending = None
