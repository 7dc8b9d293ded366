"""The main window's composition once the services are open: the editor's stack beside the
case list, the panels' layout, the keys the window's actions own, the status bar's labels.
Called by ``MainWindow.attach`` (the first paint composes without it: see ``gui.start_list``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMenu, QSplitter, QStackedWidget

from gui.count_label import CountLabel
from gui.health_banner import with_banner
from gui.panel_layout import PanelLayout

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def compose_window(w: MainWindow) -> None:
    from gui.demo_offer import placeholder_page
    from gui.window_parts import start_page

    w.setWindowTitle("Casebook")
    w.editor_stack = QStackedWidget()
    w.placeholder = placeholder_page()  # its words follow the case list's toggle
    w.editor_stack.addWidget(start_page(w.placeholder, w.demo_offer))
    w.editor_stack.addWidget(with_banner(w.case_banner, w.editor))
    w.splitter = QSplitter(Qt.Orientation.Horizontal)
    w.splitter.setObjectName("main_splitter")
    w.splitter.addWidget(w.search_panel)
    w.splitter.addWidget(w.editor_stack)
    w.splitter.setStretchFactor(1, 1)
    w.splitter.setChildrenCollapsible(False)
    central = with_banner(w.banner, w.splitter)
    w.setCentralWidget(central)
    if w.isVisible():  # the hand-over: Qt would show the new centre from a queued call;
        central.show()  # until then the focused list is hidden and Enter on it opens nothing
    if w.early is None:
        w.build_menus()
    view_menu = next((m for m in w.menuBar().findChildren(QMenu)
                      if m.title() == "&View"), None)
    w.panel_layout = PanelLayout(w, view_menu, w.session.is_open)
    w.case_list.add_table_action(w.commands.open, Qt.Key.Key_Return, Qt.Key.Key_Enter)
    w.case_list.add_table_action(w.commands.trash, Qt.Key.Key_Delete)
    _take_over_editor_shortcuts(w)
    _compose_status_bar(w)


def _compose_status_bar(w: MainWindow) -> None:
    if w.early is not None:  # the first paint's count gives way
        w.statusBar().removeWidget(w.count_label)
        w.count_label.deleteLater()
        w.statusBar().clearMessage()
    w.save_state_label = QLabel()
    w.count_label = CountLabel()
    for label in (w.save_state_label, w.count_label):
        label.setContentsMargins(8, 0, 8, 0)
        w.statusBar().addPermanentWidget(label)
    w._on_total_changed(w.case_model.total)


def _take_over_editor_shortcuts(w: MainWindow) -> None:
    """The window's actions (Undo/Redo above all) own their keys; a duplicate QShortcut in
    the editor would make a key ambiguous (neither fires), so the editor's is switched off."""
    keys = {k for a in w.commands.all() for k in a.shortcuts()}
    for shortcut in w.editor.findChildren(QShortcut):
        if QKeySequence(shortcut.key()) in keys:
            shortcut.setEnabled(False)
