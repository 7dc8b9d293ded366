"""With "Show trash" ticked the box filters the trash by title, case id and diagnosis only: a
filter typed there (``age:>=90``) is not applied. A line under the box says so, and the Filters
button is disabled, its tooltip saying why (a stranger saw "0 cases" and nothing else)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QLineEdit, QWidget

from core.services.values import Filter, QueryError, parse

FILTERS_TIP = "Show the filter panel"
TRASH_TIP = "Filters do not apply to the trash: untick Show trash to filter the cases"
LOOKS_LIKE_A_FILTER = re.compile(r"(?<!\S)-?[A-Za-z]\w*:")


def typed_filters(text: str) -> list[str]:
    """The filters in ``text`` as typed (a text that does not parse: its ``name:`` words)."""
    try:
        query = parse(text)
    except QueryError:
        return [m.group().lstrip("-") for m in LOOKS_LIKE_A_FILTER.finditer(text)]
    return [item.to_text() for clause in query.clauses for item in clause.items
            if isinstance(item, Filter)]


class TrashNote(QLabel):
    """The line under the box while the trash is shown and the box holds a filter."""

    def __init__(self, box: QLineEdit, toggle: QCheckBox, filters_button: QAbstractButton,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box, self.toggle, self.filters_button = box, toggle, filters_button
        self.setWordWrap(True)
        self.setVisible(False)
        self.setAccessibleName("Search note")
        self.setStyleSheet("color:#b71c1c")
        box.textChanged.connect(self.follow)
        toggle.toggled.connect(self.follow)

    def follow(self) -> None:
        trash = self.toggle.isChecked()
        if trash:
            self.filters_button.setChecked(False)  # the panel's fields would do nothing
        self.filters_button.setEnabled(not trash)
        self.filters_button.setToolTip(TRASH_TIP if trash else FILTERS_TIP)
        found = typed_filters(self.box.text()) if trash else []
        self.setVisible(bool(found))
        self.setText(f"Filters do not apply to the trash ({', '.join(found)}): it is searched "
                     "by title, case id and diagnosis only. Untick Show trash to filter the "
                     "cases." if found else "")
