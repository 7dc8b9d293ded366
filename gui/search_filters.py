"""The filter panel: fields that write filters into the search box's text.

The box stays the single source of truth: a field edited here replaces (or removes) that one
filter in the box's query (``with_filter``), and the fields show what the box's text holds
(``FilterPanel.show_query``). A clause the user negated or joined with OR is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QWidget

from core.model.codes import code_label
from core.model.facets import filter_fields
from core.model.when import WhenError, parse_when
from core.services.values import Clause, Filter, Query, QueryError, coded_values, parse
from gui.no_wheel import no_wheel
from gui.style_flags import restyle

# The rows of the filters that are fields declared with a facet in the model (sex, age, ...)
# are generated from their facets (below); the others are the search's hand filters
# (core.search.filters says why each is hand code), offering the values their facets hold
# (a hand-written list offered "SD" where cases hold SD_NR: choosing it found nothing).
CODED_CHOICES = {name: ("", *coded_values(name)) for name in ("cns", "response", "mrd",
                                                               "status")}
GRADES = ("", ">=1", ">=2", ">=3", ">=4", "5")
TEXT_FIELDS = {"dx": "B-ALL, CML, C91.0", "drug": "blinatumomab, L01FX07",
               "mut": "T315I, ABL1"}
RANGE_FIELDS = {"day0": ("from (2022-06)", "to"), "updated": ("from (2026-01-01)", "to")}
DATE_RANGES = ("day0", "updated")
ISO_DATE = re.compile(r"\d{4}(-\d{1,2}){0,2}")
# Values the search reads that the choice boxes do not list (core.search.filters): the CNS
# sub-categories and the MRD short forms. Any other text is not one of a box's values: it is
# marked and kept out of the query ("nausea" in MRD wrote mrd:nausea, unmarked).
ALSO_ACCEPTED = {"cns": {f"cns{n}{s}" for n in "23" for s in "abc"}, "mrd": {"neg", "pos"}}
NOT_A_CHOICE = "QComboBox[invalid=\"true\"]{background:#ffcdd2;color:#b71c1c}"
# No Alt mnemonics here: with the panel open, the menus, side tabs, case list and the open
# section's form already take nearly every letter (12 more would clash, issue 15). The fields
# are reached by Tab from the search box.
LABELS = {"dx": "Diagnosis", "cns": "CNS status", "drug": "Drug", "response": "Response",
          "mrd": "MRD", "ae": "Adverse event", "mut": "Mutation", "status": "Status",
          "day0": "Day 0", "updated": "Updated"}
MODEL_ORDER: list[str] = []
# A choice's words where they are not its code: the model's code filters show the value a code
# stands for ("f" is shown "female", and filters by sex:f), each value once.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    name: {c: w for c, w in coded_values(name).items() if w != c} for name in CODED_CHOICES}
for _name, _found in filter_fields().items():  # the model's filters, in model order
    _facet = _found.facet
    LABELS[_name] = _found.label
    MODEL_ORDER.append(_name)
    if _facet.kind != "code":
        RANGE_FIELDS[_name] = (_facet.hint or "from", "to")
    elif _facet.choices and _facet.values:
        _firsts = {_value: _code for _code, _value in reversed(_facet.values.items())}
        _codes = dict.fromkeys([*_facet.choices, *(_firsts[v] for v in _facet.values.values())])
        CODED_CHOICES[_name] = ("", *_codes)
        # the value's words as the editor and the PDF give them ("female": it read "Female")
        CHOICE_LABELS[_name] = {c: code_label(_facet.values[c]) for c in _codes}
    elif _facet.choices:
        CODED_CHOICES[_name] = ("", *_facet.choices)
    else:
        TEXT_FIELDS[_name] = _facet.hint or ""
ORDER = ("dx", "cns", "drug", "response", "mrd", "ae", "mut", *MODEL_ORDER, "status", "day0",
         "updated")


# -- query text helpers (pure) -------------------------------------------------------------
def _is_panel_clause(clause: Clause, field: str) -> bool:
    item = clause.items[0]
    return (len(clause.items) == 1 and isinstance(item, Filter) and item.field == field
            and not item.negated)


def with_filter(text: str, field: str, new: Filter | None) -> str:
    """``text`` with its filter on ``field`` replaced by ``new`` (None: removed)."""
    try:
        query = parse(text)
    except QueryError:  # a malformed text: replace the filter's words as typed
        return _replace_words(text, field, new)
    clauses: list[Clause] = []
    for clause in query.clauses:
        if not _is_panel_clause(clause, field):
            clauses.append(clause)
        elif new is not None:
            clauses.append(Clause((new,)))
            new = None
    if new is not None:
        clauses.append(Clause((new,)))
    return Query(tuple(clauses)).to_text()


def _replace_words(text: str, field: str, new: Filter | None) -> str:
    words = re.compile(rf'(?<![^\s]){field}:("[^"]*"?|\S)*')
    kept = words.sub("", text, count=0) if words.search(text) else text
    parts = [*kept.split(), new.to_text()] if new else kept.split()
    return " ".join(parts)


def panel_filters(text: str) -> dict[str, Filter] | None:
    """The filters the panel can show, by field (None: the text does not parse)."""
    try:
        query = parse(text)
    except QueryError:
        return None
    found: dict[str, Filter] = {}
    for clause in query.clauses:
        item = clause.items[0]
        if isinstance(item, Filter) and _is_panel_clause(clause, item.field):
            found.setdefault(item.field, item)
    return found


def join_range(low: str, high: str) -> str:
    low, high = low.strip(), high.strip()
    if low and high:
        return low if low == high else f"{low}..{high}"
    if low:
        return low if low[0] in "<>" else f"{low}.."
    return f"..{high}" if high else ""


def iso_date(text: str, date_format: str | None) -> str:
    """A date typed in the user's own date format (``28/02/2023``, ``28.02.2023``) as the
    query language has it (``2023-02-28``), as the editor's date fields take it; anything
    else as typed, for the search to take or refuse."""
    text = text.strip()
    operator = next((op for op in (">=", "<=", ">", "<") if text.startswith(op)), "")
    rest = text[len(operator):].strip()
    if not date_format or not rest or ISO_DATE.fullmatch(rest):
        return text
    try:
        when = parse_when(rest, date_format=date_format, days=False)
    except WhenError:
        return text
    return operator + when.date if when.date else text


def split_range(value: str) -> tuple[str, str]:
    if ".." in value:
        low, high = value.split("..", 1)
        return low, high
    if value.startswith(">="):
        return value[2:], ""
    if value.startswith("<="):
        return "", value[2:]
    return (value, "") if value[:1] in "<>" else (value, value)


# -- the panel -----------------------------------------------------------------------------
class FilterPanel(QWidget):
    """Emits ``filter_edited(field, Filter | None)`` when the user changes a field."""

    filter_edited = Signal(str, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        self.ranges: dict[str, tuple[QLineEdit, QLineEdit]] = {}
        self._showing = False
        self._editing = ""  # the field whose edit the box is taking: it keeps its typing
        self.date_format: Callable[[], str | None] = lambda: None  # the user's (Preferences)
        self.setStyleSheet(NOT_A_CHOICE)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for name in ORDER:
            form.addRow(LABELS[name], self._make_row(name))
        for name, field in self.fields.items():  # named for a screen reader as labelled
            if not field.accessibleName():
                field.setAccessibleName(f"Filter: {LABELS[name]}")

    def tab_fields(self) -> list[QWidget]:
        """The fields in the order Tab reaches them (read while the panel has no parent): the
        ones that take focus by Tab (a label would stop Qt moving the rest after Filters)."""
        fields: list[QWidget] = []
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self and len(fields) < 500:
            if (self.isAncestorOf(widget) and widget.focusProxy() is None
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
                fields.append(widget)
            widget = widget.nextInFocusChain()
        return fields

    def _make_row(self, name: str) -> QWidget:
        if name in RANGE_FIELDS:
            return self._make_range(name)
        if name == "ae":
            return self._make_ae()
        if name in CODED_CHOICES:
            return self._make_combo(name, CODED_CHOICES[name])
        return self._make_line(name, TEXT_FIELDS[name])

    def _make_line(self, name: str, hint: str) -> QLineEdit:
        line = QLineEdit(placeholderText=hint)
        line.setObjectName(f"filter_{name}")
        line.textEdited.connect(lambda _text: self._emit(name))
        self.fields[name] = line
        return line

    def _make_combo(self, name: str, choices: tuple[str, ...], emits: str = "") -> QComboBox:
        combo = QComboBox(editable=True)
        no_wheel(combo)  # scrolling past never changes the search
        combo.setObjectName(f"filter_{name}")
        labels = CHOICE_LABELS.get(name, {})
        for code in choices:  # the words shown; the code in the query (``value_of``)
            combo.addItem(labels.get(code, code), code)
        combo.currentTextChanged.connect(lambda _text: self._on_choice_typed(name, emits))
        self.fields[name] = combo
        return combo

    def _make_ae(self) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._make_line("ae", "crs, icans, febrile neutropenia"), 1)
        grade = self._make_combo("ae_grade", GRADES, emits="ae")
        grade.setAccessibleName("Adverse event grade")
        layout.addWidget(grade)
        return row

    def _make_range(self, name: str) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        hints = RANGE_FIELDS[name]
        pair = (QLineEdit(placeholderText=hints[0]), QLineEdit(placeholderText=hints[1]))
        for part, line in zip(("from", "to"), pair, strict=True):
            line.setObjectName(f"filter_{name}_{part}")
            line.setAccessibleName(f"{LABELS[name]} {part}")
            line.textEdited.connect(lambda _text: self._emit(name))
            layout.addWidget(line)
        self.ranges[name] = pair
        return row

    # -- reading and showing ---------------------------------------------------------------
    def value_of(self, name: str) -> str:
        if name in self.ranges:
            low, high = (line.text() for line in self.ranges[name])
            if name in DATE_RANGES:
                low, high = (iso_date(text, self.date_format()) for text in (low, high))
            return join_range(low, high)
        widget = self.fields[name]
        return _combo_code(widget) if isinstance(widget, QComboBox) else widget.text().strip()

    def filter_of(self, name: str) -> Filter | None:
        value = self.value_of(name)
        if name == "ae":
            grade = self.value_of("ae_grade")
            return Filter("ae", value, grade or None) if value or grade else None
        if name in CODED_CHOICES and not self.is_choice(name):
            return None  # marked in the field, kept out of the query
        return Filter(name, value) if value else None

    def _emit(self, name: str) -> None:
        if not self._showing:
            self._editing = name
            try:
                self.filter_edited.emit(name, self.filter_of(name))
            finally:
                self._editing = ""

    def _on_choice_typed(self, name: str, emits: str) -> None:
        if name in CODED_CHOICES:
            self._mark_choice(name)
        self._emit(emits or name)

    def is_choice(self, name: str) -> bool:
        """Whether choice box ``name`` shows one of its values (or nothing)."""
        combo = self.fields[name]
        assert isinstance(combo, QComboBox)
        text = combo.currentText().strip()
        return (not text or combo.findText(text, Qt.MatchFlag.MatchFixedString) >= 0
                or text.lower() in {str(combo.itemData(i)).lower() for i in range(combo.count())}
                or text.lower() in ALSO_ACCEPTED.get(name, set()))

    def _mark_choice(self, name: str) -> None:
        combo = self.fields[name]
        assert isinstance(combo, QComboBox)
        bad = not self.is_choice(name)
        restyle(combo, "invalid", bad)
        tip = (f"'{combo.currentText().strip()}' is not one of the {LABELS[name]} values: "
               "choose one from the list (it is not searched)") if bad else ""
        combo.setToolTip(tip)
        combo.setAccessibleDescription(tip)

    def show_query(self, text: str) -> None:
        """Show the box's filters in the fields (a text that does not parse changes nothing)."""
        found = panel_filters(text)
        if found is None:
            return
        self._showing = True
        try:
            for name in ORDER:
                if name != self._editing:  # "n" of "negative" is not cleared while typed
                    self._show(name, found.get(name))
        finally:
            self._showing = False

    def _show(self, name: str, item: Filter | None) -> None:
        value = item.value if item else ""
        if name in self.ranges:
            for line, part in zip(self.ranges[name], split_range(value), strict=True):
                line.setText(part)
            return
        if name == "ae":
            _set_text(self.fields["ae_grade"], (item.range or "") if item else "")
        _set_text(self.fields[name], value)


def _set_text(widget: QLineEdit | QComboBox, text: str) -> None:
    if isinstance(widget, QComboBox):
        if text and _combo_code(widget) == text:  # as typed ("m" while "male" is typed)
            return
        index = widget.findData(text) if text else -1
        text = widget.itemText(index) if index >= 0 else text  # sex:f shows "female"
        if widget.currentText() != text:
            widget.setCurrentText(text)
    elif widget.text() != text:
        widget.setText(text)


def _combo_code(combo: QComboBox) -> str:
    """The code of the choice shown ("female", any case: f), or the text as typed."""
    text = combo.currentText().strip()
    index = combo.findText(text, Qt.MatchFlag.MatchFixedString) if text else -1
    return str(combo.itemData(index)) if index >= 0 else text
