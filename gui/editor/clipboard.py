"""Copy cells as TSV; paste a TSV block (e.g. from a spreadsheet) at the current cell,
filling right and down over the editable columns and adding rows as needed (one undo step)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from gui.editor.table_view import RecordTableView


@dataclass
class PasteResult:
    cells: int = 0
    rows_added: int = 0
    rejected: list[str] = field(default_factory=list)  # "row 2, Dose: 'abc' is not a number"

    @property
    def message(self) -> str:
        text = f"Pasted {self.cells} cells"
        if self.rows_added:
            text += f", added {self.rows_added} rows"
        if self.rejected:
            text += f"; {len(self.rejected)} not accepted (marked red): " + "; ".join(
                self.rejected[:3])
        return text


def parse_tsv(text: str) -> list[list[str]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return [line.split("\t") for line in lines]


def copy_text(view: RecordTableView) -> str:
    indexes = view.selectedIndexes() or ([view.currentIndex()] if view.currentIndex().isValid()
                                         else [])
    if not indexes:
        return ""
    rows = sorted({i.row() for i in indexes})
    cols = sorted({i.column() for i in indexes})
    model = view.model()
    return "\n".join("\t".join(str(model.index(r, c).data() or "") for c in cols)
                     for r in rows) + "\n"


def paste_block(view: RecordTableView, block: list[list[str]],
                add_rows: Callable[[int], object]) -> PasteResult:
    """Fill ``block`` from the current cell; ``add_rows(n)`` appends n rows (storage order)."""
    result = PasteResult()
    current = view.currentIndex()
    if not block:
        return result
    start_row = current.row() if current.isValid() else view.model().rowCount()
    start_col = current.column() if current.isValid() else view.first_editable_column()
    targets = [view.storage_row(r) for r in range(start_row, view.model().rowCount())][:len(block)]
    missing = len(block) - len(targets)
    if missing > 0:
        first_new = view.source.rowCount()
        add_rows(missing)
        targets += list(range(first_new, first_new + missing))
        result.rows_added = missing
    columns = [i for i, c in enumerate(view.source.columns) if c.editable and i >= start_col]
    for storage_row, values in zip(targets, block, strict=True):
        for column, text in zip(columns, values, strict=False):
            _paste_cell(view, storage_row, column, text, result)
    return result


def _paste_cell(view: RecordTableView, row: int, column: int, text: str,
                result: PasteResult) -> None:
    spec = view.source.columns[column].spec
    assert spec is not None
    if view.source.set_cell_text(row, spec, text):
        result.cells += 1
    else:
        result.rejected.append(f"row {view.shown_row(row) + 1}, {spec.label}: {text!r}")
