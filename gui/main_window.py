"""The main window: composes the case list, the editor and the actions. Behaviour lives in
the pieces (case_session, status_flow, transfer); gui.window_compose lays them out and
gui.window_wiring connects their signals.

At start-up the window first paints the list's first page without the services
(``gui.start_list``; this module imports them only in ``attach``), then ``attach`` builds the
rest once they are open."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from gui.action_state import update_actions
from gui.actions import build_menus, build_toolbar, dedupe_shortcuts, make_actions
from gui.alt_keys import install_alt_guard
from gui.focus_follow import stop_following_focus
from gui.fonts import ensure_cjk_font
from gui.health_banner import HealthBanner, show_folder_state
from gui.start_list import EarlyStart, Request
from gui.status_message import show_fitted
from gui.window_compose import compose_window
from gui.window_state import (
    ListColumnsKeeper,
    TableColumns,
    editor_sizes,
    first_run_size,
    gui_settings,
    list_visible,
    restore_editor_sizes,
    restore_window,
    save_list_shown,
    save_window,
)

if TYPE_CHECKING:  # the editor is imported when the first window is made, not at start-up
    from core.model import Case
    from core.services import Casebook
    from core.settings import Settings
    from gui.case_list import CaseListPanel
    from gui.dialogs.prompter import Prompter
    from gui.editor import CaseEditor
    from gui.panel_layout import PanelLayout
    from gui.search_model import SearchCaseModel

EditorFactory = Callable[["Settings"], "CaseEditor"]
PrintHandler = Callable[["Case"], None]
PAGE_PLACEHOLDER, PAGE_EDITOR = 0, 1
AFTER_LEAVING_MS = 50  # a quit that came while the case was being left: tried again after
FINISHING = "Finishing the work in progress (import, export, kit…), then Casebook closes…"


def default_editor(settings: Settings) -> CaseEditor:
    from gui.editor import CaseEditor

    return CaseEditor(settings)


class MainWindow(QMainWindow):
    case_list: CaseListPanel  # a StartListPanel and a FirstPageModel until attach
    case_model: SearchCaseModel
    count_label: QLabel
    save_state_label: QLabel  # these and the rest of the centre: gui.window_compose
    editor_stack: QStackedWidget
    placeholder: QLabel
    splitter: QSplitter
    panel_layout: PanelLayout

    def __init__(self, casebook: Casebook | None, prompter: Prompter | None = None,
                 editor_factory: EditorFactory = default_editor, *,
                 early: EarlyStart | None = None):
        """``casebook`` None (with ``early``): the first paint only; ``attach`` does the rest."""
        super().__init__()
        ensure_cjk_font()  # before the first paint: CJK titles are not drawn as boxes
        self.early = early
        self.services_ready = False
        self._force_close = False
        self._splitter_state: QByteArray | None = None  # while the case list is hidden
        self._kept_request: Request | None = None
        self._select_after_search: str | None = None  # the case saved while a search reloads
        self.commands = make_actions(self)
        install_alt_guard(self)  # Alt+<key> no shortcut takes types nothing
        if casebook is None:
            assert early is not None, "the first paint needs the list's first page"
            self.case_list, self.case_model = early.panel, early.model  # type: ignore[assignment]
            self.build_menus()
            self.state_store = early.store
            early.compose(self)
            return
        self.attach(casebook, prompter, editor_factory)

    def attach(self, casebook: Casebook, prompter: Prompter | None = None,
               editor_factory: EditorFactory = default_editor) -> None:
        """Build the window's parts on the open services (imported here: see the top)."""
        from gui import window_parts as parts

        if self.early is not None:
            self.early.keep_state()
        self.casebook = casebook
        parts.keep_dialogs_out_of(casebook.paths.root)
        self.prompter = prompter or parts.QtPrompter(self)
        self.print_handler: PrintHandler = parts.ReportPrinter(self)  # File › Print…
        self.runner = parts.BackgroundRunner(self)
        self.case_model = parts.SearchCaseModel(casebook.cases, casebook.search, self.runner,
                                                self)
        self.case_list = parts.CaseListPanel(self.case_model)
        self.search_panel = parts.SearchPanel(self.case_list, self.case_model, self.runner,
                                              self.prompter)
        self.search_panel.date_format = lambda: self.casebook.settings.date_format
        self.editor = editor_factory(casebook.settings)
        self.session = parts.CaseSession(casebook, self.editor, self.prompter, self)
        self.status_flow = parts.StatusFlow(casebook, self.session, self.prompter)
        self.case_banner = parts.CaseBanner()
        self.case_status = parts.CaseStatusView(self.session, casebook.audit, self.case_banner,
                                                self)
        self.transfers = parts.Transfers(casebook, self.runner, self.prompter, self)
        self.dataset_exports = parts.DatasetExports(casebook, self.runner, self.prompter,
                                                    self.case_list.selected_ids,
                                                    self.search_panel.query_text, self)
        self.banner = HealthBanner()
        self.backup_actions = parts.BackupActions(casebook, self.session, self.runner,
                                                  self.prompter, self.banner, self)
        self.history = parts.CaseHistory(casebook.audit, self.session, self.prompter, self)
        self.kits = parts.SubmissionKits(casebook, self.runner, self.prompter, self.session,
                                         self)
        self.pdf_batches = parts.PdfBatches(
            casebook, self.runner, self.prompter, self.case_list.selected_ids, self,
            lambda: self.session.case_id() if self.session.is_dirty() else None)
        self.demo_offer = parts.DemoOffer(casebook, self.runner, self.prompter)
        compose_window(self)
        self._connect()
        self._restore_state()
        self._update_actions()
        show_folder_state(self.banner, self.casebook, self.backup_actions.checked)
        self.services_ready = True

    def run_kept_request(self) -> None:
        """What the user asked for before the services were ready (New case, open a case)."""
        request = self._kept_request
        self._kept_request = None
        if request is None:
            return
        if request[0] == "new":
            self._on_new_case()
        else:
            self._open_case(request[1])

    # -- composition (gui.window_compose) --------------------------------------------------
    def build_menus(self) -> None:
        dedupe_shortcuts(self.commands)
        build_menus(self, self.commands)
        self.toolbar = build_toolbar(self, self.commands)

    def _connect(self) -> None:
        from gui.window_wiring import connect_window

        connect_window(self)
        self.case_model.search_applied.connect(self._on_search_applied)

    def _say(self, text: str, timeout_ms: int = 8000) -> None:
        """A message in the status bar, asked for afresh each time: a wrapper captured once
        can outlive its C++ object ("Internal C++ object (QStatusBar) already deleted")."""
        show_fitted(self.statusBar(), text, timeout_ms=timeout_ms)

    # -- state shown -----------------------------------------------------------------------
    def _update_actions(self) -> None:
        update_actions(self)

    def _on_total_changed(self, total: int) -> None:
        where = " in the trash" if self.case_model.query.trashed else ""
        more = "More than " if getattr(self.case_model, "over_cap_note", None) else ""  # cap
        self.count_label.setText(f"{more}{total:,} case{'s' if total != 1 else ''}{where}")

    def _on_case_opened(self, case: Case) -> None:
        # the title (its '[*]' for the modified mark) first: showing the editor updates the
        # actions, which mark a recovered draft modified (Qt warned under "Casebook")
        self.setWindowTitle(f"{case.title} [*] — Casebook")
        self.editor_stack.setCurrentIndex(PAGE_EDITOR)
        self.case_list.select_case(case.case_id)
        self._update_actions()

    def _on_case_saved(self, case: Case) -> None:
        self.setWindowTitle(f"{case.title} [*] — Casebook")
        self.case_model.reload()
        self.case_list.select_case(case.case_id)
        if self.case_model.busy:  # a search answers later, and its new rows clear the selection
            self._select_after_search = case.case_id
        self._update_actions()

    def _on_search_applied(self, _result: object) -> None:
        """The saved case's row selected again once the search's rows arrive (Export selected
        and the dataset export's "Selected cases" lost the open case at each save)."""
        case_id, self._select_after_search = self._select_after_search, None
        if case_id is not None and case_id == self.session.case_id():
            self.case_list.select_case(case_id)
            self._update_actions()

    def _on_case_closed(self) -> None:
        self.editor_stack.setCurrentIndex(PAGE_PLACEHOLDER)
        self.setWindowTitle("Casebook")
        self._update_actions()

    # -- actions ---------------------------------------------------------------------------
    def _on_new_case(self) -> None:
        """Ctrl+N: the new case opens at its first section, the cursor in its first field."""
        if self.session.new_case() and hasattr(self.editor, "start_new_case"):
            self.editor.start_new_case()

    def _show_all_feedback(self) -> None:
        if hasattr(self.editor, "show_all_feedback"):
            self.editor.show_all_feedback()

    def _on_open_selected(self) -> None:
        case_id = self.case_list.current_id()
        if case_id:
            self._open_case(case_id)

    def _open_case(self, case_id: str) -> None:
        """Open ``case_id``; when the user keeps the open case (Cancel), the list selects it
        again instead of the row that was not opened."""
        kept = None if self.session.open_case(case_id) else self.session.case_id()
        if kept is not None:  # a case is open (the one kept)
            self.case_list.select_case(kept)

    def current_case(self) -> Case | None:
        return self.editor.current_case() if self.session.is_open() else None

    def _on_find(self) -> None:
        """Ctrl+F: the search box, showing the case list if it gave way to the editor."""
        if not self.commands.show_list.isChecked():
            self.commands.show_list.trigger()
        self.case_list.focus_filter()

    def _on_print(self) -> None:
        case = self.current_case()
        if case is not None:
            self.print_handler(case)

    def _on_preferences(self) -> None:
        from gui.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.casebook.settings, self)
        if dialog.exec():
            self.apply_settings(dialog.chosen_settings())

    def apply_settings(self, settings: Settings) -> None:
        from core.settings import save_settings
        from gui.editor.widgets.when_edit import refresh_date_hints

        save_settings(self.casebook.paths.settings_file, settings)
        self.casebook.settings = settings
        self.casebook.backups.settings = settings
        self.editor.ctx.settings = settings  # dates typed from now on read the date format
        refresh_date_hints(self.editor, settings.date_format)  # and the fields' hints show it
        self.casebook.ctx.user = settings.effective_user()
        self.statusBar().showMessage("Preferences saved.", 5000)

    # -- start and end ---------------------------------------------------------------------
    def _restore_state(self) -> None:
        self.state_store = gui_settings(self.casebook.paths)
        if self.early is not None:  # the window is placed: what the user did carries over
            self._kept_request = self.early.hand_over(self.case_list, self.splitter)
            for action in self.commands.all():
                action.setEnabled(True)  # _update_actions decides
        elif not restore_window(self.state_store, self, self.splitter,
                                self.case_list.table.horizontalHeader()):
            first_run_size(self, self.splitter)
        self.commands.show_list.setChecked(list_visible(self.state_store))
        self.panel_layout.restore(self.state_store)
        self.table_columns = TableColumns(self.state_store, self.editor)
        restore_editor_sizes(self.state_store, self.editor.splitter)
        self.list_columns = ListColumnsKeeper(self.state_store,
                                              self.case_list.table.horizontalHeader(), self)

    def _on_show_list(self, visible: bool) -> None:
        from gui.demo_offer import placeholder_text

        key = self.commands.show_list.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.placeholder.setText(placeholder_text(None if visible else key))
        if not visible:
            self._splitter_state = self.splitter.saveState()
        before = QApplication.focusWidget()
        self.search_panel.setVisible(visible)
        if visible and self._splitter_state is not None:
            self.splitter.restoreState(self._splitter_state)
            self._splitter_state = None
        QTimer.singleShot(0, self, self.keep_panels)  # once the toggle's other slots have run
        if visible and before is not None:
            QTimer.singleShot(0, self, lambda: self._keys_to_the_list(before))

    def _keys_to_the_list(self, before: QWidget) -> None:
        """The keyboard was in a panel that gave way to the list (Problems at 1024x768): Qt
        handed it to the form's first field, its text selected for the next key to replace;
        it goes to the list instead."""
        if not shiboken6.isValid(before) or before.isVisible():
            return
        now = QApplication.focusWidget()
        if now is None or not self.search_panel.isAncestorOf(now):
            self.case_list.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _list_state(self) -> tuple[bool, QByteArray | None]:
        """Shown (a list that gave way to the open case is back at the next start, which opens
        no case) and the splitter's state while the list was shown."""
        checked = self.commands.show_list.isChecked()
        shown = checked or "case_list" in self.panel_layout.auto_hidden
        return shown, self.splitter.saveState() if checked else self._splitter_state

    def keep_panels(self) -> None:
        """What is shown, written as it changes: a kill -9 keeps it (see save_list_shown)."""
        if self.services_ready and hasattr(self, "state_store"):
            self.panel_layout.save(self.state_store)
            save_list_shown(self.state_store, *self._list_state())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if hasattr(self, "panel_layout"):
            self.panel_layout.window_resized()

    def bring_forward(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def shutdown(self) -> None:
        """Close without questions (quit command, SIGTERM): unsaved work stays as a draft."""
        if self._after_leaving(self.shutdown):
            return
        if self.services_ready:
            self.session.shutdown()
        self._force_close = True
        self.close()

    def _after_leaving(self, then: Callable[[], object]) -> bool:
        """A quit (the quit command, SIGTERM, the session's end) arriving while the open case
        is being left, or while a status change is stored (Lock..., which paints its message
        first: a close queued meanwhile ran then, before the lock): ``then`` once it is over
        (True), not in the middle of it, which waits for a figure's file with events
        processed (its question would then come over a closed window)."""
        if not (self.services_ready and (self.session.leaving or self.status_flow.busy)):
            return False
        QTimer.singleShot(AFTER_LEAVING_MS, self, lambda: self.isVisible() and then())
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.services_ready:  # closed before the services were open: only its place
            if self.early is not None:
                self.early.save_place(self)
                self.early.hand_over_cursor()
            event.accept()
            return
        if self._after_leaving(self.close):
            event.ignore()
            return
        # The batch first: once the case is released (Discard drops its draft), keeping the
        # window for the batch would leave edits shown that nothing keeps.
        if not self.pdf_batches.stopped_for_quit(asked=not self._force_close):
            event.ignore()
            return
        if not self._force_close and not self.session.release():
            event.ignore()
            return
        # Released: the case is saved, unchanged or discarded (Discard keeps no draft). A
        # forced close (``shutdown``) kept its unsaved work as a draft before closing.
        shown, splitter_state = self._list_state()
        self.panel_layout.save(self.state_store)
        self.table_columns.save()
        save_window(self.state_store, self, splitter_state,
                    self.case_list.table.horizontalHeader(), shown,
                    editor_sizes(self.editor.splitter))
        if self.runner.busy:  # an import, an export, a kit...: it ends, then the window closes
            self.statusBar().showMessage(FINISHING)
            self.statusBar().repaint()  # the wait below blocks the event loop
        self.runner.wait()
        # Empty the undo stack while the editor is whole: a stack cleared by its destructor
        # emits cleanChanged into a half-destroyed editor (a PySide error at exit).
        self.editor.undo_stack.clear()
        stop_following_focus(self)
        event.accept()
