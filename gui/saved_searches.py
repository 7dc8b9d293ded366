"""Saved searches: a named query text in a side list; click to run, Delete to forget."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.errors import CasebookError
from core.services.search import SearchService
from core.services.values import QueryError
from gui.dialogs.prompter import Prompter

QUERY_ROLE = Qt.ItemDataRole.UserRole
TITLE = "Saved searches"
# short enough to be read whole beside [Save search…] in the list at 1024x768 (110 px there;
# "None saved: search, then" was cut to "None saved: se…"); the tooltip says how to save one
EMPTY = "None saved yet"
SHOWN_ROWS = 4  # the box's height when a search is first saved (drag the splitter for more)
EMPTY_TIP = "Type a search in the box above, then press Save search… to keep it here"
MAX_HEIGHT = 16777215  # QWIDGETSIZE_MAX


class SavedSearchList(QWidget):
    """``run_requested(query_text)`` when a saved search is clicked."""

    run_requested = Signal(str)

    def __init__(self, search: SearchService, prompter: Prompter,
                 current_text: Callable[[], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.search = search
        self.prompter = prompter
        self.current_text = current_text
        self.empty = False
        self.list = QListWidget()
        self.list.setAccessibleName("Saved searches")
        self.list.setMaximumHeight(self.list.fontMetrics().height() * 9)  # the case list first
        self.list.itemClicked.connect(self._on_item_run)
        self.list.itemActivated.connect(self._on_item_run)
        self.save_button = QPushButton("Save search…")  # Alt+V is the View menu
        self.save_button.clicked.connect(self.save_current)
        self.delete_action = self._make_delete_action()
        self._lay_out()
        self.refresh()

    def _make_delete_action(self) -> QAction:
        action = QAction("&Delete saved search", self.list)
        action.setShortcuts([QKeySequence(Qt.Key.Key_Delete), QKeySequence(Qt.Key.Key_Backspace)])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(self.delete_current)
        self.list.addAction(action)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        return action

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        self.title = QLabel(TITLE)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(self.title, 1)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list)

    def refresh(self) -> None:
        self.list.clear()
        for saved in self.search.list_saved():
            item = QListWidgetItem(saved.name)
            item.setData(QUERY_ROLE, saved.query)
            item.setToolTip(saved.query)
            self.list.addItem(item)
        self._fold(self.list.count() == 0)

    def _fold(self, empty: bool) -> None:
        """No saved search: one line saying how to save one, the case list keeping the room
        (an empty box took 125 px, and with Filters open the results showed 3 rows)."""
        self.empty = empty
        self._show_title()
        self.title.setToolTip(EMPTY_TIP if empty else "")
        self.list.setVisible(not empty)
        self.setMaximumHeight(self.save_button.sizeHint().height() if empty else MAX_HEIGHT)
        splitter = self.parentWidget()
        if empty and isinstance(splitter, QSplitter):  # the last one deleted: the room its
            sizes, index = splitter.sizes(), splitter.indexOf(self)  # rows had goes back to
            spare = sizes[index] - self.maximumHeight() if index > 0 else 0  # the results
            if spare > 0:  # (it stayed an empty band under the one line)
                sizes[0] += spare
                sizes[index] -= spare
                splitter.setSizes(sizes)
        if not empty and isinstance(splitter, QSplitter):  # back from one line: its rows show
            sizes, index = splitter.sizes(), splitter.indexOf(self)
            rows = min(self.list.count(), SHOWN_ROWS)  # its rows, not 9 empty lines
            want = (self.save_button.sizeHint().height() + 6
                    + rows * self.list.sizeHintForRow(0) + 2 * self.list.frameWidth() + 2)
            if index > 0 and sizes[index] < want and sizes[0] > want:
                sizes[0] -= want - sizes[index]
                sizes[index] = want
                splitter.setSizes(sizes)

    def _show_title(self) -> None:
        """The line's words, cut with "…" where the list is narrow."""
        text = EMPTY if self.empty else TITLE
        self.title.setText(self.title.fontMetrics().elidedText(
            text, Qt.TextElideMode.ElideRight, max(self.title.width(), 40)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._show_title()

    def names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def save_current(self) -> None:
        text = self.current_text().strip()
        if not text:
            self.prompter.info("Type a search first; an empty search shows every case.")
            return
        if not self._can_save(text):  # said before a name is typed for nothing
            return
        name = self.prompter.ask_text("Save search", "Name for this search:", text[:40])
        if not name:
            return
        try:
            self.search.save_search(name, text)
        except QueryError as exc:
            self._say_cannot_save(exc)
            return
        except CasebookError as exc:
            self.prompter.error(str(exc))
            return
        self.refresh()

    def _can_save(self, text: str) -> bool:
        """A query the box forgives while it is typed (``cns:CNS3 dx:``) or marks is refused
        as a saved search: say why now, in words (the carets of a terminal under the query
        do not line up in a dialog's font)."""
        try:
            self.search.parse(text)
        except QueryError as exc:
            self._say_cannot_save(exc)
            return False
        return True

    def _say_cannot_save(self, exc: QueryError) -> None:
        self.prompter.error(f"This search cannot be saved: {exc.message.rstrip('.')}.\n\n"
                            "Correct it in the search box, then press Save search… again.")

    def delete_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.search.delete_saved(item.text())
            self.refresh()

    def _on_item_run(self, item: QListWidgetItem) -> None:
        self.run_requested.emit(item.data(QUERY_ROLE))
