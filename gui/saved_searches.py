"""Saved searches: a named query text in a side list; click to run, Delete to forget."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import CasebookError
from core.services.search import SearchService
from gui.dialogs.prompter import Prompter

QUERY_ROLE = Qt.ItemDataRole.UserRole


class SavedSearchList(QWidget):
    """``run_requested(query_text)`` when a saved search is clicked."""

    run_requested = Signal(str)

    def __init__(self, search: SearchService, prompter: Prompter,
                 current_text: Callable[[], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.search = search
        self.prompter = prompter
        self.current_text = current_text
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
        top.addWidget(QLabel("Saved searches"), 1)
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

    def names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def save_current(self) -> None:
        text = self.current_text().strip()
        if not text:
            self.prompter.info("Type a search first; an empty search shows every case.")
            return
        name = self.prompter.ask_text("Save search", "Name for this search:", text[:40])
        if not name:
            return
        try:
            self.search.save_search(name, text)
        except CasebookError as exc:
            self.prompter.error(str(exc))
            return
        self.refresh()

    def delete_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.search.delete_saved(item.text())
            self.refresh()

    def _on_item_run(self, item: QListWidgetItem) -> None:
        self.run_requested.emit(item.data(QUERY_ROLE))
