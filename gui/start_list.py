"""The window's first paint (issue 20, start-up): the case list's first page, read with plain
sqlite3 (``core.first_page``), and the search box, shown before SQLAlchemy, the case model and
the services have loaded. ``gui.app`` opens the services after that paint and hands the window
over to them (``MainWindow.attach``): the typed text, the selection, the scroll position, the
sort and the column widths carry over.

Until then a request that needs the services (New case, opening a case) is kept, the cursor
shows that the app is busy and the status bar says why; it runs once they are ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMetaObject,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.first_page import FirstPage, ListedCase, first_page
from core.paths import DataPaths
from gui.count_label import CountLabel
from gui.id_column import IdColumnFit
from gui.list_columns import (
    CASE_ID_ROLE,
    COL_UPDATED,
    COLUMNS,
    PAGE_SIZE,
    CaseRowsModel,
    restored_columns,
    set_up_table,
)
from gui.window_state import (
    first_run_size,
    gui_settings,
    list_visible,
    restore_window,
    save_window,
)

if TYPE_CHECKING:
    from gui.case_list import CaseListPanel
    from gui.main_window import MainWindow

Index = QModelIndex | QPersistentModelIndex
OPENING = "Opening the casebook…"
Request = tuple[str, str]  # ("new", "") or ("open", case id)


class FirstPageModel(CaseRowsModel):
    """The first page of the list in the header's sort (a sort clicked now reads it again)."""

    def __init__(self, paths: DataPaths, parent: Any = None):
        super().__init__(parent)
        self.paths = paths
        self.rows: list[ListedCase] = []
        self.total = 0
        self.sort_key, self.descending = COLUMNS[COL_UPDATED][0], True
        self.live = False  # reads once asked to (load), not at each header change before

    def load(self) -> bool:
        """False when the folder is not an ordinary one (the services open it first)."""
        page: FirstPage | None = first_page(self.paths, sort=self.sort_key,
                                            descending=self.descending, limit=PAGE_SIZE)
        if page is None:
            return False
        self.beginResetModel()
        self.rows, self.total = page.rows, page.total
        self.endResetModel()
        self.live = True
        return True

    def shown(self) -> list[ListedCase]:
        return self.rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            self.sort_key = COLUMNS[column][0]
            self.descending = order == Qt.SortOrder.DescendingOrder
            if self.live:
                self.load()


class StartListPanel(QWidget):
    """The search box (typing goes on into the full list) and the first page of the list."""

    open_requested = Signal(str)

    def __init__(self, model: FirstPageModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter by title, case id or diagnosis")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Filter cases")
        self.trash_toggle = QCheckBox("Sho&w trash")
        self.trash_toggle.setEnabled(False)  # the trash is listed once the services are open
        self.table = QTableView()
        self.table.setModel(model)
        set_up_table(self.table)
        self.id_fit = IdColumnFit(self.table)  # as the full list's
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.returned = False  # Enter in the search box, run by the full list at the hand-over
        self.filter_box.returnPressed.connect(lambda: setattr(self, "returned", True))
        self.filter_box.textEdited.connect(lambda _text: setattr(self, "returned", False))
        top = QHBoxLayout()
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.trash_toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def add_table_action(self, action: QAction, *keys: Qt.Key) -> None:
        """As ``CaseListPanel.add_table_action``: keys that act while the table has focus."""
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(action)

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        if index.isValid() and self.table.selectionModel().isRowSelected(index.row()):
            case_id = index.data(CASE_ID_ROLE)
            return case_id if isinstance(case_id, str) else None
        return None

    def focus_filter(self) -> None:
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_box.selectAll()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        case_id = index.data(CASE_ID_ROLE)
        if case_id:
            self.open_requested.emit(case_id)


class EarlyStart:
    """The list shown first, and what the user asked for before the services were ready."""

    def __init__(self, paths: DataPaths):
        self.paths = paths
        self.store = gui_settings(paths)
        self.model = FirstPageModel(paths)
        self.panel = StartListPanel(self.model)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.request: Request | None = None
        self.kept: KeptState | None = None
        self.connections: list[QMetaObject.Connection] = []
        self._busy = False

    def load(self) -> bool:
        """Read the first page in the saved sort; False when this start cannot be quick (not
        an ordinary folder, or the list hidden): the services are opened first, as before."""
        if not list_visible(self.store):
            return False
        header = self.store.value("window/list_header")
        if header is not None:
            self.panel.table.horizontalHeader().restoreState(header)
            restored_columns(self.panel.table.horizontalHeader())
        return self.model.load()

    def compose(self, window: MainWindow) -> None:
        """The list's first page beside an "Opening…" page, the window placed as it was left.
        New case and opening a case are kept for when the services are ready (``ask``; the
        window runs them: ``run_kept_request``); the other actions wait for them, disabled."""
        placeholder = QLabel(OPENING)
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setEnabled(False)
        self.splitter.addWidget(self.panel)
        self.splitter.addWidget(placeholder)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        window.setCentralWidget(self.splitter)
        if not restore_window(self.store, window, self.splitter,
                              self.panel.table.horizontalHeader()):
            first_run_size(window, self.splitter)
        a = window.commands
        self.panel.add_table_action(a.open, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        for action in set(a.all()) - {a.new, a.open, a.quit, a.find}:
            action.setEnabled(False)
        self.connections = [  # undone at the hand-over: the window connects its own
            a.new.triggered.connect(lambda: self.ask(window, ("new", ""))),
            a.open.triggered.connect(lambda: self._ask_open(window, self.panel.current_id())),
            a.quit.triggered.connect(window.close),
            a.find.triggered.connect(self.panel.focus_filter)]
        self.panel.open_requested.connect(lambda case_id: self._ask_open(window, case_id))
        self.panel.filter_box.returnPressed.connect(self._drop_request)  # Enter, the last
        total = self.model.total
        window.count_label = CountLabel(f"{total:,} case{'s' if total != 1 else ''}")
        window.count_label.setContentsMargins(8, 0, 8, 0)
        window.statusBar().addPermanentWidget(window.count_label)
        window.statusBar().showMessage(OPENING)

    def _ask_open(self, window: QMainWindow, case_id: str | None) -> None:
        if case_id:
            self.ask(window, ("open", case_id))

    def ask(self, window: QMainWindow, request: Request) -> None:
        """Keep ``request`` (the last one wins) for when the services are ready."""
        self.request = request
        self.panel.returned = False  # the last one wins: an Enter typed before gives way
        what = "The new case opens" if request[0] == "new" else f"Case {request[1]} opens"
        window.statusBar().showMessage(f"{OPENING} {what} when it is ready.")
        if not self._busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._busy = True

    def _drop_request(self) -> None:
        self.request = None

    def keep_state(self) -> None:
        """What the user did with the list, kept before the window's centre is replaced."""
        table, box = self.panel.table, self.panel.filter_box
        self.kept = KeptState(box.text(), box.cursorPosition(), box.hasFocus(), table.hasFocus(),
                              self.panel.current_id(), table.verticalScrollBar().value(),
                              self.splitter.saveState(), table.horizontalHeader().saveState(),
                              self.panel.returned)

    def hand_over(self, panel: CaseListPanel, splitter: QSplitter) -> Request | None:
        """Carry what the user did (``keep_state``) to the full list; the request kept."""
        kept = self.kept
        assert kept is not None, "keep_state() first"
        for connection in self.connections:
            QObject.disconnect(connection)
        self.connections = []
        splitter.restoreState(kept.splitter)
        header = panel.table.horizontalHeader()
        kept_columns(header, self.model, kept.header)
        restored_columns(header)
        if kept.text:
            panel.filter_box.setText(kept.text)
            panel.filter_box.setCursorPosition(kept.cursor)
            panel.apply_filter()
        if kept.selected:
            panel.select_case(kept.selected)
        panel.table.verticalScrollBar().setValue(kept.scroll)
        if kept.box_focus:
            panel.filter_box.setFocus(Qt.FocusReason.OtherFocusReason)
        elif kept.table_focus:
            panel.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if kept.returned:  # Enter pressed in the search box: filter and go to the first case
            panel.filter_box.returnPressed.emit()
        self.hand_over_cursor()
        return self.request

    def save_place(self, window: QMainWindow) -> None:
        """The window closed before the hand-over: its place and size, the list's width and
        its columns are kept for the next start, as the full window keeps them."""
        if window.centralWidget() is self.splitter:  # not handed over, even in part
            save_window(self.store, window, self.splitter.saveState(),
                        self.panel.table.horizontalHeader(), True)

    def hand_over_cursor(self) -> None:
        if self._busy:
            QApplication.restoreOverrideCursor()
            self._busy = False


def kept_columns(header: QHeaderView, first_page: QAbstractItemModel, state: QByteArray) -> None:
    """The first page's columns as the user left them (``state``: their widths, order, sort)
    on the full list's ``header``, whose own further columns (Matches) stay where and as wide
    as it set them up. ``restoreState`` of the first page's fewer columns on it put Matches
    last, 100 px wide, past the list's edge, and left the header's length short of its
    sections (the rows were painted 100 px short of the header)."""
    first = QHeaderView(Qt.Orientation.Horizontal)
    first.setModel(first_page)
    first.restoreState(state)
    shown = first.count()
    extra = [(column, header.isSectionHidden(column),
              header.logicalIndex(header.visualIndex(column) - 1))
             for column in range(shown, header.count())]
    order = [first.logicalIndex(visual) for visual in range(shown)]
    for column, _hidden, left in extra:  # after the column it stood beside
        order.insert(order.index(left) + 1 if left in order else len(order), column)
    for visual, column in enumerate(order):
        header.moveSection(header.visualIndex(column), visual)
    for column in range(shown):
        header.resizeSection(column, first.sectionSize(column))
        header.setSectionHidden(column, first.isSectionHidden(column))
    if first.isSortIndicatorShown():
        header.setSortIndicator(first.sortIndicatorSection(), first.sortIndicatorOrder())
    first.deleteLater()


@dataclass
class KeptState:
    text: str
    cursor: int
    box_focus: bool
    table_focus: bool
    selected: str | None
    scroll: int
    splitter: QByteArray
    header: QByteArray
    returned: bool = False  # Enter in the search box, no typing since
