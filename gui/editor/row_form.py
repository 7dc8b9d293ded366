"""The "More of the row" box under a record table (issue 15): the current row's fields that have
no column rank, in a form that folds to its title line; and the Tab-order helper that puts a
box right after its table."""

from __future__ import annotations

from pydantic import BaseModel
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QStyle,
    QStyleOptionGroupBox,
    QVBoxLayout,
    QWidget,
)

from gui.editor.context import EditContext
from gui.editor.fields import FieldSpec
from gui.editor.form import RecordForm
from gui.editor.mnemonics import Mnemonics

UNFOLDED_MAX = 16777215  # QWIDGETSIZE_MAX: no height limit once "More of the row" is open


def title_height(group: QGroupBox) -> int:
    """A folded group box's title line: its frame starts below it (taller, an empty box of a
    few pixels showed under the title, more so at 150 % scaling)."""
    option = QStyleOptionGroupBox()
    group.initStyleOption(option)
    frame = group.style().subControlRect(QStyle.ComplexControl.CC_GroupBox, option,
                                         QStyle.SubControl.SC_GroupBoxFrame, group)
    return max(frame.top(), group.fontMetrics().height())


def tab_after(first: QWidget, widget: QWidget) -> None:
    """Put ``widget`` and its focusable children right after ``first`` in the Tab order
    (``QWidget.setTabOrder`` moves only the widget; its children would stay where they were)."""
    inside: list[QWidget] = []
    other = widget.nextInFocusChain()
    while other is not None and other is not widget:
        if widget.isAncestorOf(other):
            inside.append(other)
        other = other.nextInFocusChain()
    chain = [first, widget, *inside]
    for before, after in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(before, after)


def row_form_box(ctx: EditContext, model: type[BaseModel], fields: tuple[FieldSpec, ...],
                 mnemonics: Mnemonics, table_title: str,
                 parent: QWidget | None = None) -> tuple[QGroupBox, RecordForm]:
    """The folded "More of the row" box and its form of ``fields`` (no row shown yet), built
    in ``parent`` (its table's splitter): built on its own, a window of its own, its fields
    were styled again when it was put in the page."""
    group = QGroupBox(mnemonics.label("More of the row"), parent)
    group.setProperty("base_title", group.title())
    group.setCheckable(True)  # folded at first: what follows the table stays in view
    group.setChecked(False)
    group.setToolTip("Tick to show the selected row's other fields")
    group.setAccessibleName(f"More of the row: {table_title}")  # a Tab stop (its tick)
    inner = QVBoxLayout(group)
    form = RecordForm(ctx, model, None, mnemonics, group, fields)
    form.setVisible(False)
    inner.addWidget(form)
    return group, form


def unfold(group: QGroupBox, form: RecordForm, shown: bool) -> None:
    """Show or fold the form; folded, the box is only its title line."""
    form.setVisible(shown)
    group.setFlat(not shown)  # folded: only its title line
    group.setMaximumHeight(UNFOLDED_MAX if shown else title_height(group))
    # the new minimum heights reach the splitter, panel and page only through posted layout
    # requests: until the event loop ran (keys typed straight on, a test's key clicks) the
    # splitter squeezed the unfolded form's editors to 0-9 px; settle them now
    widget: QWidget | None = form
    while widget is not None:  # each level's request is posted as the one below settles
        QCoreApplication.sendPostedEvents(widget, QEvent.Type.LayoutRequest)
        widget = widget.parentWidget()
