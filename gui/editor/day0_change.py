"""Day 0 changed in a case that holds dated entries: say what happens to them. An entry typed
as a day number (d35) is stored as that number, so it moves with Day 0 to a new date; one typed
as a date keeps its date and gets a new day number. Nothing said this (a stranger run: the d35
marrow moved a day, the dated CSF did not, silently). The notice comes once per change, when the
field is left (Tab, Enter, a click elsewhere), above the sections; Keep closes it, Undo the
change takes Day 0 back in one undo step (Ctrl+Z does the same)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from core.model import Case
from core.model.when import When, WhenError, parse_when
from gui.editor.commands import SetFieldCommand
from gui.editor.context import EditContext
from gui.editor.derived import DAY0_PATH
from gui.editor.fields import first_when_field, record_fields
from gui.editor.sections import SECTIONS

NAMED = 4  # entries named in each sentence; the rest are counted ("and 3 more")
NOT_ENTRIES = {DAY0_PATH, "patient.birth_date"}  # the anchor, and a date shown as an age


@dataclass(frozen=True)
class Entry:
    path: str
    label: str  # "Bone marrow", "Outcome Last follow-up"
    when: When


def dated_entries(doc: dict[str, Any]) -> list[Entry]:
    """Every date or day number the case holds but Day 0's own (and the birth date), in
    section order."""
    out: list[Entry] = []
    # a record by its section's name ("Bone marrow"), or its part's in a section of several
    names = {part.path: section.name if len(section.parts) == 1 else part.title
             for section in SECTIONS for part in section.parts}
    for key, value in doc.items():
        spec = next((s for s in record_fields(Case) if s.name == key), None)
        if spec is None:
            continue
        section = names.get(key, spec.label)
        if spec.kind == "when":
            _add(out, key, section, value)
        elif spec.model is not None and isinstance(value, dict):  # a form: each date named
            _walk(out, spec.model, key, value, section, named=True)
        elif spec.model is not None and isinstance(value, list):
            for i, record in enumerate(value):
                if isinstance(record, dict):
                    _walk(out, spec.model, f"{key}[{i}]", record, section)
    order = list(names)
    return sorted(out, key=lambda e: order.index(e.path.split("[")[0].split(".")[0])
                  if e.path.split("[")[0].split(".")[0] in order else len(order))


def _walk(out: list[Entry], model: type, path: str, record: dict[str, Any],
          section: str, named: bool = False) -> None:
    first = None if named else first_when_field(model)
    for spec in record_fields(model):
        value = record.get(spec.name)
        at = f"{path}.{spec.name}"
        if spec.kind == "when":  # a record's own date names it by its section alone
            plain = spec.name == first or spec.label == "When"
            _add(out, at, section if plain else f"{section} {spec.label}", value)
        elif spec.model is not None and isinstance(value, dict):
            _walk(out, spec.model, at, value, section)
        elif spec.model is not None and isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    _walk(out, spec.model, f"{at}[{i}]", item, section)


def _add(out: list[Entry], path: str, label: str, value: Any) -> None:
    if value is None or path in NOT_ENTRIES:
        return
    try:
        when = parse_when(value)
    except WhenError:
        return
    out.append(Entry(path, label, when))


def _when(value: Any) -> When | None:
    try:
        return None if value is None else parse_when(value)
    except WhenError:
        return None


def _day_date(day: int, day0: When | None) -> str | None:
    if day0 is None or day0.date is None or len(day0.date) != 10:
        return None
    return (dt.date.fromisoformat(day0.date) + dt.timedelta(days=day)).isoformat()


def _day_of(entry: When, day0: When | None) -> str | None:
    day = entry.exact_day(day0)
    return None if day is None else f"d{day}"


def _listed(items: list[str]) -> str:
    """The entries named, the same one once with its count ("Clinical findings d0, 2 entries
    (…)": two findings typed d0 were named twice, word for word); the rest counted."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    named = list(counts)[:NAMED]
    shown = [item if counts[item] == 1 else _counted(item, counts[item]) for item in named]
    more = len(items) - sum(counts[item] for item in named)
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def _counted(item: str, count: int) -> str:
    head, _, change = item.rpartition(" (")  # "Clinical findings d0", "2025-03-10 → …)"
    return f"{head}, {count} entries ({change}"


# What the entries typed as day numbers (DAY_WORDS) and as dates (DATE_WORDS) do when Day 0
# goes (cleared, or known to the month only), is a full date for the first time, or moves:
# (one entry, several)
DAY_WORDS = {
    "gone": ("1 entry entered as a day number has no date now",
             "{n} entries entered as day numbers have no dates now"),
    "first": ("1 entry entered as a day number gets a date now",
              "{n} entries entered as day numbers get dates now"),
    "moved": ("1 entry entered as a day number moves with Day 0 to a new date",
              "{n} entries entered as day numbers move with Day 0 to new dates"),
}
DATE_WORDS = {
    "gone": ("1 entry entered as a date keeps its date, with no day number now",
             "{n} entries entered as dates keep their dates, with no day numbers now"),
    "first": ("1 entry entered as a date keeps its date and gets a day number now",
              "{n} entries entered as dates keep their dates and get day numbers now"),
    "moved": ("1 entry entered as a date keeps its date and gets a new day number",
              "{n} entries entered as dates keep their dates and get new day numbers"),
}


def _sentence(words: tuple[str, str], items: list[str]) -> str:
    one, several = words
    head = one if len(items) == 1 else several.format(n=len(items))
    return f"{head}: {_listed(items)}."


def _change(was: str | None, now: str | None, none: str) -> str:
    """An entry's date (or day number) before and after the change."""
    return f"{was} → {now}" if was and now else (
        f"now {now}" if now else f"was {was}" if was else none)


def change_text(old: Any, new: Any, doc: dict[str, Any]) -> str | None:
    """What changing Day 0 from ``old`` to ``new`` does to the case's entries, or None when
    it does nothing (no entries, or Day 0 had no date before)."""
    before, after = _when(old), _when(new)
    if before is None or before.date is None or before == after:
        return None
    entries = dated_entries(doc)
    days = [e for e in entries if e.when.is_day]
    dates = [e for e in entries if not e.when.is_day]
    if not entries:
        return None
    lines = [f"Day 0 changed from {before} to {after or '(none)'}."]
    kind = ("gone" if _day_date(0, after) is None  # cleared, or known to the month only
            else "first" if _day_date(0, before) is None  # a month made a full date
            else "moved")
    if days:
        lines.append(_sentence(DAY_WORDS[kind], [
            f"{e.label} {e.when} "
            f"({_change(_day_date(e.when.day or 0, before), _day_date(e.when.day or 0, after), 'no date')})"
            for e in days]))
    if dates:
        lines.append(_sentence(DATE_WORDS[kind], [
            f"{e.label} {e.when} "
            f"({_change(_day_of(e.when, before), _day_of(e.when, after), 'no day number')})"
            for e in dates]))
    return "\n".join(lines)


class Day0Notice(QFrame):
    """The notice above the sections (hidden until Day 0 is changed in a case with entries)."""

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("Day0Notice")
        self.setAccessibleName("Day 0 changed")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # its text
        self.setStyleSheet("#Day0Notice { background: #fff8e1; border: 1px solid #f9a825; }")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.keep = QPushButton("Keep new Day 0", self)
        self.undo = QPushButton("Undo the change", self)
        self.undo.setToolTip("Day 0 back as it was, every entry with it (Ctrl+Z)")
        box = QHBoxLayout(self)
        box.setContentsMargins(8, 4, 8, 4)
        box.addWidget(self.text, 1)
        box.addWidget(self.keep)
        box.addWidget(self.undo)
        self.keep.clicked.connect(self.hide)
        self.undo.clicked.connect(self.undo_change)
        self._changed = False  # Day 0 changed since its field was last left
        self._told: SetFieldCommand | None = None  # the last change looked at (told or not)
        self._shown: SetFieldCommand | None = None  # the change the notice is about
        ctx.doc.value_changed.connect(self._on_value_changed)
        ctx.doc.reset.connect(self._forget)
        ctx.field_committed.connect(self._on_committed)
        self.hide()

    def _top(self) -> SetFieldCommand | None:
        """The last change made, when it set Day 0 and nothing was undone after it."""
        stack = self.ctx.undo_stack
        index = stack.index()
        command = stack.command(index - 1) if index > 0 else None
        if index != stack.count() or not isinstance(command, SetFieldCommand) \
                or command.path != DAY0_PATH:
            return None
        return command

    def _on_value_changed(self, path: str) -> None:
        if path == DAY0_PATH:
            self.hide()  # changed again, or undone: this notice no longer holds
            self._changed = True  # (the stack holds the change only once this returns)

    def _on_committed(self, path: str) -> None:
        if path != DAY0_PATH or not self._changed:
            return
        self._changed = False
        command = self._top()
        if command is None or command is self._told or command.new[0] != self.ctx.doc.get(path):
            return  # an undo, or a redo of a change already told
        self._told = command
        text = change_text(command.old[0], command.new[0], self.ctx.doc.doc)
        if text is None:
            return
        self._shown = command
        self.text.setText(text)
        self.show()

    def _forget(self) -> None:
        self._changed, self._told, self._shown = False, None, None
        self.hide()

    def undo_change(self) -> None:
        """Day 0 as it was before the change, one undo step: the change itself undone when it
        is still the last one; else Day 0's old value set again."""
        command, self._shown = self._shown, None
        self.hide()
        if command is None or self.ctx.read_only:
            return
        if command is self._top():
            self.ctx.undo_stack.undo()
        else:
            old, reason = command.old
            self.ctx.undo_stack.push(SetFieldCommand(self.ctx.doc, DAY0_PATH, old, reason,
                                                     label="Day 0 date"))
