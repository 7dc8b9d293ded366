"""Quick fixes: a finding whose "did you mean" proposes one value ('blinatu': did you mean
'blinatumomab'?, V38; 'Cytokine rel', V63) offers to store it, as if typed in its field — a
drug with its ATC code (gui.editor.typed_drug), one undo step. Tab keeps what was typed (a term
typed in full may be the start of a longer one); this is the one step to the value meant, from
the Problems row (its button, right-click menu or Ctrl+.) and from the cell marked (its tooltip
says so, its right-click menu offers it). The value comes with the finding (``proposal``),
never read back out of its message."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView

from core.model.labels import field_at
from gui.editor.feedback import Finding
from gui.editor.fields import record_fields
from gui.editor.path_label import path_label
from gui.editor.values import InputError, format_value

if TYPE_CHECKING:
    from gui.editor.context import EditContext

SHORTCUT = "Ctrl+."


def fix_text(finding: Finding) -> str:
    """'Use "complete MRD response"': the value as its field shows it (a response category in
    words, as the finding's message names it, never its code complete_MRD_response)."""
    assert finding.proposal is not None
    path, value = finding.proposal
    return f'Use "{shown_value(path, value)}"'


def shown_value(path: str, value: str) -> str:
    """``value`` as the field at ``path`` shows it (gui.editor.values.format_value); the
    value itself for a path the model does not have."""
    found = field_at(path)
    if found is None:
        return value
    model, name = found
    spec = next((s for s in record_fields(model) if s.name == name and s.is_simple), None)
    return format_value(spec, value) if spec is not None else value


def fix_at(ctx: EditContext, path: str) -> Finding | None:
    """The first finding with a proposal for the field at ``path``, or listed there (V38 is
    listed at the ATC code and proposes the drug's name: both cells offer it)."""
    for finding in ctx.feedback.findings:
        if finding.proposal is not None and path in (finding.path, finding.proposal[0]):
            return finding
    return None


def apply_fix(ctx: EditContext, finding: Finding) -> bool:
    """Store the value proposed, as if typed in its field (a new undo step, never merged with
    the typing before it). False when nothing was stored (a locked case, a value refused:
    said in the status bar)."""
    if finding.proposal is None or ctx.read_only:
        return False
    path, value = finding.proposal
    label = path_label(path).rsplit(" › ", 1)[-1]
    ctx.seal_edit()
    try:
        ctx.set_field(path, value, label=label)
    except InputError as exc:
        ctx.notice.emit(path, str(exc))
        return False
    ctx.clear_unstored([path])
    return True


class CellFixAction(QAction):
    """The right-click menu's 'Use "blinatumomab"' for the current cell of ``view`` (Ctrl+.
    too); hidden while the current cell has no proposal (the menu lists only the actions
    shown). Its slots are methods, so Qt drops the connections when the view goes."""

    def __init__(self, view: QTableView, ctx: EditContext,
                 path_of: Callable[[QModelIndex], str | None]) -> None:
        super().__init__(view)
        self.view, self.ctx, self.path_of = view, ctx, path_of
        self.setShortcut(QKeySequence(SHORTCUT))
        self.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.triggered.connect(self.apply)
        ctx.feedback_changed.connect(self.update_text)
        view.selectionModel().currentChanged.connect(self.update_text)
        view.addAction(self)
        self.update_text()

    def current(self) -> Finding | None:
        index = self.view.currentIndex()
        path = self.path_of(index) if index.isValid() else None
        return fix_at(self.ctx, path) if path else None

    def update_text(self) -> None:
        finding = self.current()
        self.setVisible(finding is not None and not self.ctx.read_only)
        self.setText(fix_text(finding) if finding else "Use the value proposed")

    def apply(self) -> None:
        finding = self.current()
        if finding is None or self.ctx.read_only:
            return
        self._close_open_cell()
        apply_fix(self.ctx, finding)

    def _close_open_cell(self) -> None:
        """Ctrl+. in a cell open for typing: the cell closes first, its text dropped (the fix
        replaces it). Left open, it kept the text typed over the value the fix stored, and the
        next Tab stored that text back over it (the drug's ATC code cleared)."""
        view, index = self.view, self.view.currentIndex()
        editor = view.indexWidget(index) if index.isValid() else None
        delegate = view.itemDelegateForIndex(index) if editor is not None else None
        if (view.state() == QAbstractItemView.State.EditingState and editor is not None
                and delegate is not None):
            delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
