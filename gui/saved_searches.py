"""Saved searches: a named query text in a side list; click to run, Delete to forget, Ctrl+Z
to bring the deleted one back."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent
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
from core.services.values import QueryError, SavedSearch
from gui.dialogs.prompter import Prompter

QUERY_ROLE = Qt.ItemDataRole.UserRole
TITLE = "Saved searches"
# short enough to be read whole beside [Save search…] in the list at 1024x768 (110 px there;
# "None saved: search, then" was cut to "None saved: se…"); it names what is not saved ("None
# saved yet" did not say it meant searches); the tooltip says how to save one
EMPTY = "No saved search"
SHOWN_ROWS = 4  # the box's height when a search is first saved (drag the splitter for more)
EMPTY_TIP = "Type a search in the box above, then press Save search… to keep it here"
MAX_HEIGHT = 16777215  # QWIDGETSIZE_MAX


class SavedSearchList(QWidget):
    """``run_requested(query_text)`` when a saved search is clicked; ``message(text)`` for the
    status bar."""

    run_requested = Signal(str)
    message = Signal(str)

    def __init__(self, search: SearchService, prompter: Prompter,
                 current_text: Callable[[], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.search = search
        self.prompter = prompter
        self.current_text = current_text
        self.empty = False
        self.saved: dict[str, SavedSearch] = {}  # by name, as listed
        self.deleted: list[SavedSearch] = []  # the last one deleted last: Ctrl+Z puts it back
        self.list = QListWidget()
        self.list.setAccessibleName("Saved searches")
        self.list.setMaximumHeight(self.list.fontMetrics().height() * 9)  # the case list first
        self.list.itemClicked.connect(self._on_item_run)
        self.list.itemActivated.connect(self._on_item_run)
        self.save_button = QPushButton("Save search…")  # Alt+V is the View menu
        self.save_button.clicked.connect(self.save_current)
        self.delete_action = self._make_delete_action()
        self.undo_action = self._make_undo_action()
        for widget in (self.list, self.save_button):  # the focus after a delete
            widget.installEventFilter(self)
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

    def _make_undo_action(self) -> QAction:
        """Undo delete in the list's context menu. Ctrl+Z itself is taken in ``eventFilter``:
        as a shortcut it would be ambiguous with Edit › Undo (the open case's), and neither
        would fire."""
        action = QAction("&Undo delete", self.list)
        action.setEnabled(False)  # until a delete
        action.triggered.connect(self.undo_delete)
        self.list.addAction(action)
        return action

    def _show_undo(self) -> None:
        last = self.deleted[-1].name if self.deleted else ""
        self.undo_action.setText(f'&Undo delete of "{last}"\tCtrl+Z' if last else "&Undo delete")
        self.undo_action.setEnabled(bool(last))

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
        listed = self.search.list_saved()
        self.saved = {s.name: s for s in listed}
        for saved in listed:
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
        # a deleted one of that name cannot come back over this one
        self.deleted = [s for s in self.deleted if s.name != name.strip()]
        self._show_undo()
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
        """Forget the current saved search; the status bar names it, and Ctrl+Z (or Undo
        delete in the list's context menu) brings it back, as a figure removed from a case
        or a case moved to the trash can be (one slip lost the query)."""
        item = self.list.currentItem()
        saved = self.saved.get(item.text()) if item is not None else None
        if saved is None:
            return
        had_focus = self.list.hasFocus()
        try:
            self.search.delete_saved(saved.name)
        except CasebookError as exc:
            self.prompter.error(f'The saved search "{saved.name}" was not deleted: {exc}')
            return
        self.deleted.append(saved)
        self._show_undo()
        self.refresh()
        if had_focus and self.empty:  # the list folded away: Ctrl+Z still reaches this box
            self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.message.emit(f'Deleted saved search "{saved.name}" (Ctrl+Z brings it back).')

    def undo_delete(self) -> None:
        """The last saved search deleted, back under its name and query, in its place in the
        list (by name), current there."""
        if not self.deleted:
            return
        saved = self.deleted[-1]
        try:
            self.search.restore_saved(saved)
        except CasebookError as exc:
            self.prompter.error(str(exc))
            return
        self.deleted.pop()
        self._show_undo()
        self.refresh()
        row = self.names().index(saved.name) if saved.name in self.names() else -1
        if row >= 0:
            self.list.setCurrentRow(row)
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        self.message.emit(f'Saved search "{saved.name}" is back.')

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Ctrl+Z in the list (or on Save search…, where the focus goes when the last one is
        deleted) undoes the last delete while there is one: claimed before the window's
        shortcuts, so Edit › Undo does not undo a change to the open case instead."""
        if not self.deleted or not isinstance(event, QKeyEvent) \
                or not event.matches(QKeySequence.StandardKey.Undo):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress:
            self.undo_delete()
            return True
        return False

    def _on_item_run(self, item: QListWidgetItem) -> None:
        self.run_requested.emit(item.data(QUERY_ROLE))
