"""Put text typed in a field that could not hold it back where it was typed ('4O' in Age at
Day 0), as a recovered draft kept it: the field shows it marked "not stored", Problems lists it
and the case stays changed, exactly as before the crash."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from core.logs import get_logger
from gui.editor.binding import FieldBinding
from gui.editor.table_model import RecordTableModel
from gui.editor.table_view import RecordTableView

log = get_logger("gui.editor")


def put_back_typed(page: QWidget, path: str, text: str) -> bool:
    """``text`` in the field or table cell at ``path`` of ``page`` (the page showing it: its
    row selected, so a record's fields below the table are that row's), committed as leaving
    the field would. A shown table column comes first: a field both in a column and in "More
    of the row" below (a lab's Specimen) was typed in the cell the user sees, and the folded
    box hid the text put back there. False when no field of the page holds that path."""
    shown = [view.source for view in page.findChildren(RecordTableView)
             if (cell := _cell_of(view.source, path)) and not view.isColumnHidden(cell[1])]
    if shown and _put_in_cell(shown[0], path, text):
        return True
    for binding in page.findChildren(FieldBinding):
        if binding.path == path:
            binding.editor.set_value_text(text)
            binding.commit()
            return True
    if any(_put_in_cell(model, path, text) for model in page.findChildren(RecordTableModel)):
        return True
    log.warning("a recovered draft's typed text has no field at %s", path)
    return False


def _put_in_cell(model: RecordTableModel, path: str, text: str) -> bool:
    cell = _cell_of(model, path)
    spec = model.columns[cell[1]].spec if cell is not None else None
    if cell is None or spec is None:
        return False
    model.set_cell_text(cell[0], spec, text)
    return True


def _cell_of(model: RecordTableModel, path: str) -> tuple[int, int] | None:
    prefix = f"{model.list_path}["
    if not model.list_path or not path.startswith(prefix):
        return None
    row_text, _, name = path[len(prefix):].partition("].")
    if not row_text.isdigit() or "." in name or "[" in name:
        return None
    column = model.column_of(name)
    row = int(row_text)
    return (row, column) if column is not None and row < model.rowCount() else None
