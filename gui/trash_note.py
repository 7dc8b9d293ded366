"""With "Show trash" ticked the box filters the trash by title, case id and diagnosis only: a
filter typed there (``age:>=90``) is not applied but left out, the plain words around it still
narrow the trash (``trash_text``). A line under the box says which filters are left out and
what is shown, and the Filters button is disabled, its tooltip saying why (a stranger saw
"0 cases" and nothing else, then a note while the filters were still looked for as text)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QWidget

from gui.case_list import CaseTableModel

FILTERS_TIP = "Show the filter panel"
TRASH_TIP = "Filters do not apply to the trash: untick Show trash to filter the cases"


def note_text(text: str, total: int) -> str:
    """The note for the trash listed with the box's ``text`` ("" when it holds no filter)."""
    from core.services.trash_text import trash_text  # the services load after the first paint

    left = trash_text(text)
    if not left.filters:
        return ""
    cases = f"{total:,} trashed case{'' if total == 1 else 's'}"
    shown = (f"showing the {cases} whose title, case id or diagnosis holds \u201c{left.words}\u201d"
             if left.words else f"showing all {cases}")
    if not total:  # "showing all 0 trashed cases" read as if cases were hidden
        shown = (f"no trashed case's title, case id or diagnosis holds \u201c{left.words}\u201d"
                 if left.words else "the trash is empty")
    return (f"Filters ({', '.join(left.filters)}) do not apply to the trash: {shown}. "
            "Untick Show trash to filter the cases.")


class TrashNote(QLabel):
    """The line under the box while the trash is shown and the box holds a filter. It follows
    the list (what was applied, and its count), not each key typed."""

    def __init__(self, model: CaseTableModel, toggle: QCheckBox,
                 filters_button: QAbstractButton, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model, self.toggle, self.filters_button = model, toggle, filters_button
        self.setWordWrap(True)
        self.setVisible(False)
        self.setAccessibleName("Search note")
        self.setStyleSheet("color:#455a64")  # says what is shown: no error (it was red)
        model.total_changed.connect(lambda _total: self.follow())
        toggle.toggled.connect(self.follow)

    def follow(self) -> None:
        trash = self.toggle.isChecked()
        if trash:
            self.filters_button.setChecked(False)  # the panel's fields would do nothing
        self.filters_button.setEnabled(not trash)
        self.filters_button.setToolTip(TRASH_TIP if trash else FILTERS_TIP)
        query = self.model.query
        text = note_text(query.text, self.model.total) if trash and query.trashed else ""
        self.setVisible(bool(text))
        self.setText(text)
