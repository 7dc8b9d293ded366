"""CaseEditor: the whole case, by CARE section, with live clinical feedback.

Left: the section list (completeness mark per section). Middle: the current section's forms
and tables. Right: problems, CARE completeness and timeline. The shell embeds this widget and
talks to it through the public API below.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.model import Case
from core.model.fieldpath import parse_path
from core.services.audit import under_prefix
from core.settings import Settings
from gui.editor.completeness import CompletenessPanel
from gui.editor.context import EditContext
from gui.editor.day0_change import Day0Notice
from gui.editor.editor_keys import (
    PROBLEMS_KEY,
    HiddenTabKeys,
    ShownWatch,
    add_section_keys,
    leave_section,
)
from gui.editor.editor_style import READ_ONLY_STYLE, STYLE
from gui.editor.editor_typed import TypedText
from gui.editor.feedback import Feedback, distinct
from gui.editor.feedback_runner import FeedbackRunner
from gui.editor.pending import commit_focused
from gui.editor.problems import ProblemsPanel
from gui.editor.quick_fix import CellFixAction
from gui.editor.read_only import ChoiceGuard, set_read_only
from gui.editor.row_numbers import RowNumbers
from gui.editor.section_list import SectionList
from gui.editor.section_page import SectionPage
from gui.editor.sections import SECTIONS, section_index_for_path, section_names
from gui.editor.store import pruned
from gui.editor.timeline import TimelineView
from gui.editor.undo_place import UndoPlace
from gui.editor.window_undo import close_open_cell, redo_with_open_cell, typing_to_take_back

# Section list, form, side panels: the form takes what is left (no horizontal scrollbar for
# any section at a 1440 px window with the case list shown).
SPLITTER_SIZES = (185, 815, 300)


class CaseEditor(TypedText, QWidget):
    """Edits one case. ``load_case`` -> edit -> ``current_case`` -> (shell saves) -> ``mark_saved``."""

    changed = Signal()
    dirty_changed = Signal(bool)
    problems_changed = Signal()  # the checks' findings or the text not stored changed
    problems_shown = Signal()  # the Problems panel shown or hidden (problems_where changed)
    field_history_requested = Signal(str)  # a field path (context menu "Field history…")
    # "sections" or "feedback": a key asked for a panel that the window may have hidden (it
    # hides them at small widths); the shell shows it as its View menu does
    panel_wanted = Signal(str)
    notice = Signal(str)  # what was done to a value typed (an age of 93 stored as ≥90)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CaseEditor")
        text = self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
        self.setStyleSheet(STYLE + READ_ONLY_STYLE % text.name())
        self.ctx = EditContext(settings, self)
        self.undo_stack = self.ctx.undo_stack
        self._pages: dict[int, SectionPage] = {}
        # A new case shows no rule findings until a field near them is touched or Complete is
        # asked for (the fields to fill are still listed, neutrally, in Problems).
        self._quiet = False
        self._touched: set[str] = set()
        self._full_feedback = Feedback()
        self._choice_guard = ChoiceGuard(self)
        self._committing = False  # set_read_only commits what is typed before it turns
        self._build()
        self.feedback_runner = FeedbackRunner(lambda: pruned(self.ctx.doc.doc),
                                              self._apply_feedback, self)
        self.ctx.doc.changed.connect(self._on_document_changed)
        self.ctx.doc.value_changed.connect(self._touched.add)
        self.ctx.doc.rows_inserted.connect(lambda path, *_: self._touched.add(path))
        self.ctx.focus_requested.connect(self.focus_path)
        self.ctx.dirty_changed.connect(self._emit_dirty)
        self.ctx.unstored_changed.connect(self._emit_dirty)
        self.ctx.unstored_changed.connect(self._update_marks)  # '4O' typed: not ✓
        self.ctx.field_history_requested.connect(self.field_history_requested)
        self.ctx.notice.connect(lambda _path, text: self.notice.emit(text))
        self._undo_place = UndoPlace(self.undo_stack, self.stack.currentIndex, self.path_words,
                                     self.notice.emit)
        self.ctx.typing_changed.connect(self.changed)  # a change too: the draft keeps it
        self._add_shortcuts()
        self.section_list.setCurrentRow(0)  # its page is built when the editor is first shown

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.section_list = SectionList(self)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("Sections")  # READ_ONLY_STYLE's
        for _ in SECTIONS:
            self.stack.addWidget(QWidget(self.stack))  # pages are built on first show
        self.problems_panel = ProblemsPanel(self.ctx, self)
        self.completeness_panel = CompletenessPanel(self.ctx, self)
        self.timeline_view = TimelineView(self.ctx, self)
        self.side_tabs = QTabWidget(self)
        self.side_tabs.setAccessibleName("Feedback")
        self.side_tabs.tabBar().setAccessibleName("Feedback panels")
        self.side_tabs.addTab(self.problems_panel, "&Problems")
        self.side_tabs.addTab(self.completeness_panel, "C&ompleteness")
        self.side_tabs.addTab(self.timeline_view, "Time&line")
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.section_list)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.side_tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes(list(SPLITTER_SIZES))
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.day0_notice = Day0Notice(self.ctx, self)  # Day 0 changed: what the entries do
        layout.addWidget(self.day0_notice)
        layout.addWidget(splitter)
        self.section_list.currentRowChanged.connect(self._on_section_selected)
        self.section_list.chosen.connect(self._go_to_section)  # click / Enter: first field
        for panel in (self.problems_panel, self.completeness_panel, self.timeline_view):
            panel.path_activated.connect(self.focus_path)
        self.completeness_panel.section_activated.connect(self.show_section)

    def _add_shortcuts(self) -> None:
        self._problems_key = add_section_keys(self)[PROBLEMS_KEY]
        self._tab_keys = HiddenTabKeys(self)
        self._problems_watch = ShownWatch(self.problems_panel, self.problems_shown.emit)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.warm_up()

    # -- public API ------------------------------------------------------------------------
    def focus_section_list(self) -> None:
        """Ctrl+L: the section list, shown first if the window hid it (setFocus on a hidden
        widget does nothing)."""
        if not self.section_list.isVisible():
            self.panel_wanted.emit("sections")
        self.section_list.setFocus()

    def focus_problems(self) -> None:
        """Ctrl+Shift+P: the Problems list, its panel shown and its tab brought forward."""
        if not self.side_tabs.isVisible():
            self.panel_wanted.emit("feedback")
        self.side_tabs.setCurrentWidget(self.problems_panel)
        self.problems_panel.setFocus()

    def problems_where(self) -> str:
        """Where a message sends the user to read the findings: "Problems", or with the key
        that shows it ("Problems: Ctrl+Shift+P") while the panel is hidden (at 1024x768)."""
        if self.problems_panel.isVisible():
            return "Problems"
        key = self._problems_key.key().toString(QKeySequence.SequenceFormat.NativeText)
        return f"Problems: {key}"

    def path_words(self, path: str) -> str:
        """A field of the open case in words, its rows numbered as the tables show them."""
        return RowNumbers(self.ctx).label(path)

    def warm_up(self) -> None:
        """Build the current section's page and evaluate once (importing the clinical engine).

        Done when the editor is first shown, or earlier by the shell once its window is usable:
        the main window starts with the editor hidden, so start-up does not pay for this."""
        self._show_index(self.stack.currentIndex())
        if self.ctx.feedback.engine == "none":  # never evaluated yet
            self.evaluate_now()

    def load_case(self, case: Case) -> None:
        self._quiet = False
        self._touched.clear()
        self.ctx.clear_unstored()
        self.ctx.doc.load(case)
        if self.ctx.read_only:  # cards built for this case's figures read-only too
            self._apply_read_only()
        self._scroll_home()
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.evaluate_now()
        self.dirty_changed.emit(self.is_dirty())

    def _scroll_home(self) -> None:
        """Another case (or a new one) starts at every table's left edge and top, and each
        page's top: the last case's sideways scroll hid When, Role and Entity of Diagnoses,
        and the page's own scroll (not among its children) hid a new case's Title."""
        for page in self._pages.values():
            for area in (page, *page.findChildren(QAbstractScrollArea)):
                area.horizontalScrollBar().setValue(0)
                area.verticalScrollBar().setValue(0)

    def start_new_case(self) -> None:
        """A new case (after ``load_case``): its first section, the cursor in its first field,
        and no rule findings shown until the user touches a field or asks to Complete."""
        self._quiet = True
        self._touched.clear()
        self._apply_feedback(self._full_feedback)
        self._show_index(0)
        self._pages[0].focus_first()
        self._pages[0].show_focus()  # the cursor's field in view: typing there shows

    def show_all_feedback(self) -> None:
        """Complete was asked for: every finding shows from now on."""
        if self._quiet:
            self._quiet = False
            self._apply_feedback(self._full_feedback)

    def current_case(self) -> Case:
        """The edited state as a validated Case (with the version it was loaded at)."""
        return self.ctx.doc.to_case()

    def undo(self) -> None:
        """Edit › Undo and the toolbar's: a table cell open for typing closes first
        (``gui.editor.window_undo``), then the last stored change is undone."""
        if not close_open_cell(self):
            self.undo_stack.undo()

    def redo(self) -> None:
        """Edit › Redo and the toolbar's: the next undone change; an open table cell's typing
        not held yet stays open over it (``gui.editor.window_undo.redo_from_cell``)."""
        redo_with_open_cell(self, self.undo_stack)

    def undo_takes_back_typing(self) -> str | None:
        """The column of an open table cell whose typing (not held yet) ``undo`` takes back:
        Undo is enabled for it with an empty undo stack too."""
        return typing_to_take_back(self)

    def commit_pending(self, close: bool = False) -> None:
        """Commit the field or table cell being typed in, as leaving it would
        (``gui.editor.pending``); ``close``: an open cell's editor closes too."""
        commit_focused(self, close)

    def finish_storing(self) -> None:
        """Wait for the figure files still being stored and add their figures now, so leaving
        the case (or quitting) finds them in it and asks about them like any change."""
        for page in self._pages.values():
            if page.figures is not None:
                page.figures.storer.finish()

    def set_read_only(self, read_only: bool) -> None:
        """A locked case (or one in the trash): its fields are read, Tab-ed through, selected
        and copied, but take no change (gui.editor.read_only); the side panels still work,
        but confirming an override (a change to the case) waits for Amend… too."""
        if read_only == self.ctx.read_only or self._committing:
            return  # asked at every banner refresh (the commit below causes one): nothing to do
        if read_only:  # first what is typed and not yet committed (a date, an open cell), as
            self._committing = True  # leaving it would: read-only refuses it after
            try:
                self.commit_pending(close=True)
            finally:
                self._committing = False
        self.ctx.read_only = read_only
        self._apply_read_only()
        self.problems_panel.override_box.setEnabled(not read_only)
        self.problems_panel.show_fix()  # its "Use …" button: none on a read-only case
        for page in self._pages.values():  # nor the cells' right-click 'Use "…"'
            for action in page.findChildren(CellFixAction):
                action.update_text()

    def _apply_read_only(self) -> None:
        for page in self._pages.values():
            set_read_only(page, self.ctx.read_only, self._choice_guard)

    def is_read_only(self) -> bool:
        return self.ctx.read_only

    def _emit_dirty(self, *_args: object) -> None:
        self.dirty_changed.emit(self.is_dirty())

    def mark_saved(self, case: Case, keep_edits: bool = False) -> None:
        """After a save: adopt the stored version and status; the editor is clean again.
        ``keep_edits``: a status change stored without the edits (Unlock over an amendment
        refused): they stay, unsaved, and undoing them all is clean again (the stored content)."""
        doc = self.ctx.doc.doc
        for key in ("version", "status", "locked_by", "locked_at", "case_id"):
            doc[key] = getattr(case, key)
        if not keep_edits:
            self.undo_stack.setClean()
        # saved, a new case is a stored one: Problems lists all it holds, as reopening it does
        # (the quiet start hid V54, V56... on fields never touched: 1 error here, 3 reopened)
        self.show_all_feedback()

    def show_section(self, name: str) -> None:
        self._show_index(section_names().index(name))

    def current_section(self) -> str:
        return SECTIONS[self.stack.currentIndex()].name

    def section_page(self, name: str) -> SectionPage:
        index = section_names().index(name)
        self._ensure_page(index)
        return self._pages[index]

    def focus_path(self, path: str) -> None:
        """Show the section holding ``path`` and put the cursor on that field or cell."""
        index = section_index_for_path(path)
        if index is None:
            return
        self._show_index(index)
        self._pages[index].focus_path(parse_path(path))

    def evaluate_now(self) -> None:
        """Recompute clinical feedback now (normally it follows typing after a short delay)."""
        self.feedback_runner.run(force_sync=True)

    def _apply_feedback(self, feedback: Feedback) -> None:
        self._full_feedback = feedback
        if self._quiet:
            shown = tuple(f for f in feedback.findings if self._is_touched(f.path))
            feedback = replace(feedback, findings=shown, hidden=len(distinct(
                feedback.findings)) - len(distinct(shown)))
        self.ctx.set_feedback(feedback)
        self._update_marks()

    # -- internals -------------------------------------------------------------------------
    def _update_marks(self) -> None:
        self.section_list.update_marks(self.ctx)
        self.problems_changed.emit()

    def error_count(self) -> int:
        """Errors of the edited state: the checks' (each once, as Problems lists them) and
        typed text not stored."""
        return sum(f.severity == "error" for f in distinct(self.ctx.feedback.findings)) + len(
            self.ctx.unstored)

    def blocking_count(self) -> int:
        """What stops 'complete' (and Lock) in the edited state, as the last evaluation found
        it (none is run here): its errors, each once, the missing required items and typed
        text not stored; 0 before the first evaluation (Lock's click checks again)."""
        feedback = self._full_feedback  # every finding, even those a new case holds back
        return (sum(f.severity == "error" for f in distinct(feedback.findings))
                + len(feedback.required) + len(self.ctx.unstored))

    def _is_touched(self, path: str) -> bool:
        """A finding at, under or above (its record) a field the user changed."""
        return any(under_prefix(path, t) or (path and under_prefix(t, path))
                   for t in self._touched)

    def _on_document_changed(self) -> None:
        self.feedback_runner.request()
        self.changed.emit()

    def _show_index(self, index: int) -> None:
        if not 0 <= index < len(SECTIONS):
            return
        self._ensure_page(index)
        self.stack.setCurrentIndex(index)
        if self.section_list.currentRow() != index:
            self.section_list.setCurrentRow(index)

    def _on_section_selected(self, index: int) -> None:
        if index >= 0 and index != self.stack.currentIndex():
            self._show_index(index)

    def _step_section(self, step: int) -> None:
        self._go_to_section(self.stack.currentIndex() + step)

    def _go_to_section(self, index: int) -> None:
        """A section key: show that section with the cursor in its first field."""
        if not self.isVisible() or not 0 <= index < len(SECTIONS):
            return
        self._show_index(index)
        self._pages[index].focus_first()

    def _ensure_page(self, index: int) -> None:
        if index in self._pages:
            return
        page = SectionPage(SECTIONS[index], self.ctx, self.stack)
        old = self.stack.widget(index)
        assert old is not None  # the stack has a placeholder for every section
        self.stack.removeWidget(old)
        old.deleteLater()
        self.stack.insertWidget(index, page)
        self._pages[index] = page
        page.leave_section = partial(leave_section, self, index)  # Tab at its end
        self._place_in_tab_order(page)
        if self.ctx.read_only:
            set_read_only(page, True, self._choice_guard)

    def _place_in_tab_order(self, page: SectionPage) -> None:
        """Pages are built on first show; put their fields between the section list and the
        side panels, as on screen."""
        previous: QWidget = self.section_list
        for widget in page.focus_widgets():
            QWidget.setTabOrder(previous, widget)
            previous = widget
