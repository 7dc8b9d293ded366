"""One section of the editor: its forms and tables (from sections.py) in a scroll area."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.model.fieldpath import PathPart
from gui.editor.context import EditContext
from gui.editor.form import RecordForm
from gui.editor.mnemonics import Mnemonics
from gui.editor.read_only import keep_when_read_only
from gui.editor.sections import Part, Section
from gui.editor.table_panel import TablePanel
from gui.focus_follow import follow_focus

if TYPE_CHECKING:
    from gui.editor.figures import FiguresPanel


class SectionPage(QScrollArea):
    def __init__(self, section: Section, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section, self.ctx = section, ctx
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName(f"section:{section.name}")
        body = QWidget(self)
        # in the scroll area before it is filled: set there full, the page was polished and
        # laid out at once (setWidget shows it), then laid out again when first shown
        self.setWidget(body)
        layout = QVBoxLayout(body)
        heading = QLabel(f"<h2>{section.name.replace('&', '&amp;')}</h2>", body)
        layout.addWidget(heading)
        mnemonics = Mnemonics()
        self.forms: dict[str, RecordForm] = {}
        self.tables: dict[str, TablePanel] = {}
        self.figures: FiguresPanel | None = None  # the Figures section's cards
        single_table = [p.kind for p in section.parts] == ["table"]
        for part in section.parts:
            widget = self._build_part(part, body, mnemonics)
            if not single_table:  # several parts: each only as tall as its content (a form's
                # rows wrap when the column is narrow, so its height follows its width)
                height = QSizePolicy.Policy.Preferred if part.kind != "table" \
                    else QSizePolicy.Policy.Maximum
                widget.setSizePolicy(QSizePolicy.Policy.Preferred, height)
            layout.addWidget(widget, 1 if single_table else 0)
        if section.panel == "cns":
            from gui.editor.cns_panel import CnsPanel

            self.cns_panel = CnsPanel(ctx, self.tables["csf_assessments"], body)
            layout.addWidget(self.cns_panel)
        if section.panel == "timeline":
            self._add_timeline(body, layout)
        if not single_table:
            layout.addStretch(1)
        self.last_table: TablePanel | None = None
        # Tab past the last field (Shift+Tab before the first): the editor shows the next
        # (previous) section at its first (last) field; False when there is none
        self.leave_section: Callable[[bool], bool] = lambda _forward: False
        self._add_row_anywhere()

    def _add_row_anywhere(self) -> None:
        """Ctrl+Shift+N works from anywhere in the window while this page shows (the
        keyboard is often still in the section list): the table the cursor is in has its own
        Add row; elsewhere this one adds to the table last used, at first the page's first.
        It is off while a table has the cursor, for the key not to be ambiguous there."""
        if not self.tables:
            return
        self.add_row_action = QAction("Add row", self)
        self.add_row_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.add_row_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.add_row_action.triggered.connect(self._add_row_to_last_table)
        self.addAction(keep_when_read_only(self.add_row_action))  # on by focus, see below
        follow_focus(self, self._on_focus_changed)

    def _table_in(self, widget: QWidget | None) -> TablePanel | None:
        """The innermost of this page's tables (details too) holding ``widget``."""
        found: TablePanel | None = None
        while widget is not None and widget is not self:
            if found is None and isinstance(widget, TablePanel):
                found = widget
            widget = widget.parentWidget()
        return found if widget is self else None

    def _on_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        table = self._table_in(now)
        if table is not None:
            self.last_table = table
        self.add_row_action.setEnabled(table is None)

    def _add_row_to_last_table(self) -> None:
        if not self.ctx.read_only:  # a locked case: nothing to add until Amend…
            self._table_to_add_to().add_row()

    def _table_to_add_to(self) -> TablePanel:
        return self.last_table or next(iter(self.tables.values()))

    def _add_timeline(self, body: QWidget, layout: QVBoxLayout) -> None:
        from gui.editor.timeline import TimelineView

        group = QGroupBox("Whole timeline: every dated entry with its day number", body)
        inner = QVBoxLayout(group)
        self.timeline_view = TimelineView(self.ctx, group)
        self.timeline_view.tree.setAccessibleName("Whole timeline")
        self.timeline_view.path_activated.connect(self.ctx.focus_requested)
        self.timeline_view.setMinimumHeight(360)
        inner.addWidget(self.timeline_view)
        layout.addWidget(group, 2)

    def _build_part(self, part: Part, parent: QWidget, mnemonics: Mnemonics) -> QWidget:
        if part.kind == "table" and self.section.panel == "figures":
            from gui.editor.figures import FiguresPanel

            self.figures = FiguresPanel(self.ctx, part.title, mnemonics, parent)
            return self.figures
        if part.kind == "table":
            panel = TablePanel(self.ctx, part.model, part.path, part.title, mnemonics, parent)
            self.tables[part.path] = panel
            return panel
        group = QGroupBox(part.title, parent)
        inner = QVBoxLayout(group)
        record = "" if part.kind == "field" else part.path  # a field's record is the case
        form = RecordForm(self.ctx, part.model, record, mnemonics, group, part.fields)
        inner.addWidget(form)
        self.forms[part.path] = form
        return group

    # -- focus -----------------------------------------------------------------------------
    def focus_widgets(self) -> list[QWidget]:
        """The page's Tab stops, in focus-chain (creation) order."""
        body = self.widget()
        out: list[QWidget] = []
        if body is None:
            return out
        # the window's chain holds every widget of the window once: the walk ends when it has
        # met all of the page's (it went round the whole window, every page built so far,
        # at each page build and at every Tab in a page)
        window = body.window()
        left = sum(1 for w in body.findChildren(QWidget) if w.window() is window)
        widget = body.nextInFocusChain()
        while widget is not None and widget is not body and len(out) < 5000 and left > 0:
            if body.isAncestorOf(widget):
                left -= 1
                if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
                    out.append(widget)
            widget = widget.nextInFocusChain()
        return out

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt override
        """Tab from the last field goes on to the next section's first field (Shift+Tab from
        the first to the previous section's last), as in one long form: the window's focus
        chain wrapped to this page's first field with its text selected when nothing after
        the page showed (the panels hidden at 1024x768), and typing on overwrote it. At the
        form's very end (start) Tab goes where the window's order leads (the panels beside,
        the section list), but never back into this page: the cursor stays then."""
        focused = QApplication.focusWidget()
        stops = [w for w in self.focus_widgets() if w.isVisible() and w.isEnabled()]
        if focused is None or not stops:
            return super().focusNextPrevChild(next)
        edge = stops[-1] if next else stops[0]
        if not (edge is focused or edge.isAncestorOf(focused)):
            return super().focusNextPrevChild(next)
        if self.leave_section(next):
            return True
        moved = super().focusNextPrevChild(next)  # the form's end: on to what is beside it
        now = QApplication.focusWidget()
        if now is not None and now is not focused and self.isAncestorOf(now):
            focused.setFocus(Qt.FocusReason.OtherFocusReason)  # wrapped: stays, unselected
            self.ensureWidgetVisible(focused)
        return moved

    def focus_edge(self, first: bool) -> None:
        """The cursor on the page's first Tab stop (Tab into it from the section before) or
        its last (Shift+Tab into it from the section after), as Tab would put it."""
        stops = [w for w in self.focus_widgets() if w.isVisible() and w.isEnabled()]
        if stops:
            stop = stops[0] if first else stops[-1]
            stop.setFocus(Qt.FocusReason.TabFocusReason if first
                          else Qt.FocusReason.BacktabFocusReason)
            self.ensureWidgetVisible(stop)

    def focus_first(self) -> None:
        for form in self.forms.values():
            editor = form.first_editor()
            if editor is not None:
                editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
        for table in self.tables.values():
            table.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        if self.figures is not None:
            self.figures.focus_first()

    def focus_path(self, parts: list[PathPart]) -> bool:
        """The cursor on the field or cell of ``parts``, scrolled into view (a programmatic
        focus, unlike Tab, does not scroll the page to it)."""
        found = self._focus_part(parts)
        if found:
            self.show_focus()
            QTimer.singleShot(0, self, self.show_focus)  # again once a new page is laid out
        return found

    def show_focus(self) -> None:
        # the window's focus widget, not the application's: right after a modal dialog (Go to
        # field in the refused completion's list) the window is not active yet, the
        # application has no focus widget, and the page stayed at its top
        focused = self.window().focusWidget() or QApplication.focusWidget()
        body = self.widget()
        if focused is not None and body is not None and body.isAncestorOf(focused):
            self.ensureWidgetVisible(focused, 0, 24)

    def _focus_part(self, parts: list[PathPart]) -> bool:
        top, rest = str(parts[0]), parts[1:]
        if self.figures is not None and top == "attachments":
            if not rest or not isinstance(rest[0], int):
                self.figures.focus_first()
                return True
            return self.figures.focus_card(rest[0], str(rest[1]) if len(rest) > 1 else None)
        if top in self.tables:
            return self.tables[top].focus_path(rest)
        form = self.forms.get(top)
        if form is None:
            return False
        if not rest:
            if not form.focus_field(top):  # a top-level field's form has the field itself
                self.focus_first()
            return True
        if len(rest) > 1 and str(rest[0]) in form.subforms:
            return form.subforms[str(rest[0])].focus_field(str(rest[1]))
        return form.focus_field(str(rest[0]))
