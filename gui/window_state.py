"""Window geometry and splitter state between runs: an INI file in the data folder's config/,
never the user's real QSettings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QRect, QSettings, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QWidget
from shiboken6 import isValid

from core.paths import DataPaths
from gui.list_columns import restored_columns

if TYPE_CHECKING:
    from gui.editor.table_panel import TablePanel


def gui_settings(paths: DataPaths) -> QSettings:
    return QSettings(str(paths.root / "config" / "gui.ini"), QSettings.Format.IniFormat)


def restore_window(store: QSettings, window: QMainWindow, splitter: QSplitter,
                   header: QHeaderView) -> bool:
    """Restore what was saved; False on a first run (the caller picks a default size). The
    case list's columns come back even then: they are saved as they change (ListColumnsKeeper),
    also during a first run that ended in a crash, before any place was saved."""
    columns = store.value("window/list_header")
    if columns is not None:
        header.restoreState(columns)
        restored_columns(header)
    geometry = store.value("window/geometry")
    if geometry is None:
        return False
    window.restoreGeometry(geometry)
    _restore_rect(store, window)
    for key, target in (("window/state", window), ("window/splitter", splitter)):
        value = store.value(key)
        if value is not None:
            target.restoreState(value)
    return True


def save_window(store: QSettings, window: QMainWindow, splitter_state: QByteArray | None,
                header: QHeaderView, list_visible: bool, editor: list[int] | None = None) -> None:
    """``splitter_state`` as it was while the list was shown (hidden, its width would be 0);
    ``editor``: the widths of the editor's section list, form and feedback panels."""
    if editor is not None:
        store.setValue("window/editor_sizes", ",".join(str(n) for n in editor))
    store.setValue("window/geometry", window.saveGeometry())
    store.setValue("window/rect", window.geometry())  # the inside, to the pixel (see below)
    store.setValue("window/state", window.saveState())
    store.setValue("window/splitter", splitter_state)
    store.setValue("window/list_header", header.saveState())
    store.setValue("window/list_visible", list_visible)
    store.sync()


class ListColumnsKeeper(QObject):
    """The case list's columns (widths, order, sort) saved half a second after the user last
    changes them, not only at a clean close: a crash or kill -9 keeps them too."""

    DELAY_MS = 500

    def __init__(self, store: QSettings, header: QHeaderView, parent: QObject) -> None:
        super().__init__(parent)
        self.store, self.header = store, header
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.DELAY_MS)
        self.timer.timeout.connect(self.save)
        header.sectionResized.connect(self._changed)
        header.sectionMoved.connect(self._changed)
        header.sortIndicatorChanged.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        self.timer.start()  # restarted by each change: one write after the last

    def save(self) -> None:
        if not isValid(self.header):  # the list went first (a window closing while its
            return  # events are still processed: a figure's file being stored at a quit)
        self.store.setValue("window/list_header", self.header.saveState())
        self.store.sync()


def save_list_shown(store: QSettings, shown: bool, splitter_state: QByteArray | None) -> None:
    """Whether the case list is shown (and its width), written when it changes, not only at a
    clean close: after a kill -9 the list started as the previous clean close had left it."""
    store.setValue("window/list_visible", shown)
    if splitter_state is not None:
        store.setValue("window/splitter", splitter_state)
    store.sync()


def list_visible(store: QSettings) -> bool:
    return bool(store.value("window/list_visible", True, type=bool))


LIST_WIDTH = 440  # case id, title and status visible; drag the splitter for more
LIST_SHARE = 27  # % of the window at most: the editor's form keeps ~600 px at 1440 px


def first_run_size(window: QMainWindow, splitter: QSplitter) -> None:
    """The first window: within the screen's available area (a 1024x768 screen gets all of
    it), centred; the case list takes LIST_WIDTH at most, LIST_SHARE % of the window."""
    window.setGeometry(first_window_geometry(window.screen().availableGeometry()))
    list_width = min(LIST_WIDTH, window.width() * LIST_SHARE // 100)
    splitter.setSizes([list_width, window.width() - list_width])


def first_window_geometry(screen: QRect) -> QRect:
    """The first window: up to 1600x1000 and never more than the screen's available area (a
    small screen, up to 1366 px wide, gets all of it); centred."""
    width = screen.width() if screen.width() <= 1366 else min(1600, int(screen.width() * 0.92))
    height = screen.height() if screen.height() <= 800 else min(1000, int(screen.height() * 0.9))
    rect = QRect(0, 0, width, height)
    rect.moveCenter(screen.center())
    return rect


def editor_sizes(splitter: QSplitter) -> list[int]:
    """Each pane's width, a hidden one's too (what it gets back when shown again)."""
    panes = (splitter.widget(i) for i in range(splitter.count()))
    return [pane.width() for pane in panes if pane is not None]


def restore_editor_sizes(store: QSettings, splitter: QSplitter) -> None:
    text = str(store.value("window/editor_sizes", "") or "")
    try:
        sizes = [int(n) for n in text.split(",")] if text else []
    except ValueError:
        return
    if len(sizes) == splitter.count() and all(n >= 0 for n in sizes):
        splitter.setSizes(sizes)


def _restore_rect(store: QSettings, window: QMainWindow) -> None:
    """restoreGeometry can land a few pixels off (frame margins as the platform guesses
    them); the window's own rectangle comes back exactly when it lies on one screen now."""
    rect = store.value("window/rect")
    if not isinstance(rect, QRect) or window.isMaximized() or window.isFullScreen():
        return
    screen = QGuiApplication.screenAt(rect.center())
    if screen is not None and screen.availableGeometry().contains(rect):
        window.setGeometry(rect)


class TableColumns:
    """The editor tables' column widths and order between runs ("tables/<name>" in gui.ini).
    Pages are built on first show, so a table's columns come back when its page appears."""

    def __init__(self, store: QSettings, editor: QWidget) -> None:
        self.store, self.editor = store, editor
        self._done: set[int] = set()
        stack = getattr(editor, "stack", None)  # a stand-in editor (tests) has no tables
        if stack is not None:
            stack.currentChanged.connect(lambda _i: self.restore_shown())

    def _tables(self) -> list[TablePanel]:
        from gui.editor.table_panel import TablePanel

        return self.editor.findChildren(TablePanel)

    @staticmethod
    def _key(table: TablePanel) -> str:
        master = f"{table.master.title_text} › " if table.master is not None else ""
        return "tables/" + f"{master}{table.title_text}".replace("/", "-")

    def restore_shown(self) -> None:
        for table in self._tables():
            if id(table) in self._done:
                continue
            self._done.add(id(table))
            state = self.store.value(self._key(table))
            header = table.view.horizontalHeader()
            if isinstance(state, QByteArray) and self.store.value(
                    self._key(table) + "_count", 0, type=int) == header.count():
                header.restoreState(state)
                table.hide_record_ids()  # a header saved before ids were hidden

    def save(self) -> None:
        for table in self._tables():
            header = table.view.horizontalHeader()
            self.store.setValue(self._key(table), header.saveState())
            self.store.setValue(self._key(table) + "_count", header.count())
