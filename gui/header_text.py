"""A table's column titles elide at their end ("Limit of detection (fr…") when the column is
narrower than its title; Qt's headers elide nothing by default and centre the title, so a long
one was cut at both ends (".imit of detection (fraction"), its start lost. The whole title is
in the header's tooltip where the model gives one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView


def elide_titles(view: QAbstractItemView) -> None:
    """The column titles of ``view`` (a table or tree view) elide on the right."""
    header: QHeaderView | None = None
    if isinstance(view, QTableView):
        header = view.horizontalHeader()
    elif isinstance(view, QTreeView):
        header = view.header()
    if header is not None:
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
