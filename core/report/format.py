"""Plain-text formatting of record values for the report: codes, units, numbers, dates.

No ReportLab here. Text produced here is plain (not markup); ``fonts.markup`` escapes it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from core import units
from core.clinical.dosing import absolute_number
from core.model import Coded, Record, When, field_meta
from core.model.base import is_code
from core.model.codes import CODE_LABELS, code_label
from core.model.report import Patient
from core.model.vocab import vocabulary
from core.report.walk import is_enum

LABELS = CODE_LABELS  # the codes' words live in core.model.codes (the engine uses them)
DOSE_UNITS = {
    "mg/m2": "mg/m²", "ug/m2": "µg/m²", "g/m2": "g/m²", "mg/kg": "mg/kg", "[iU]": "IU",
    "[iU]/m2": "IU/m²", "ug/m2/d": "µg/m²/day", "mg/d": "mg/day", "mg/m2/d": "mg/m²/day",
    "m2": "m²",
}
"""Labels of the dose units that ``core.units`` (lab and measurement units) does not list."""
MISSING = {"not_reported": "not reported", "unknown": "unknown", "not_done": "not done",
           "not_applicable": "not applicable", "pending": "pending"}
DASH = "—"
DATES_AS_TYPED = frozenset({"birth_date", "day0"})
"""When fields that print as typed in the identified PDF: the other whens print as day
numbers where known (``Formatter.when``), but a birth date is no event of the course."""
NAMED_VOCABULARIES = frozenset({"country"})
"""Vocabularies whose codes print as the vocabulary's label ("CN" -> "China"), as the CSV
export does; a value not in the vocabulary prints as typed."""
NAMED_FIELDS: dict[tuple[type[BaseModel], str], str] = {(Patient, "subdivision"): "subdivision"}
"""Fields holding a vocabulary's codes that print as its label the same way ("DE-BY" ->
"Bavaria", as Country prints "Germany"), though the model names no vocabulary for them: only
the display changes (the field's declaration, which the dataset and the facets read, stays)."""


def humanize(code: str) -> str:
    """A vocabulary code as words: ``bm_aspirate`` -> ``BM aspirate``."""
    return code_label(code)


def unit_label(unit: str | None) -> str:
    if not unit:
        return ""
    return DOSE_UNITS.get(unit) or units.unit_label(unit)


def number(x: float) -> str:
    """A value as entered, every digit kept, without trailing zeros or exponent: 62.5, 0.009,
    101.5 (``units.plain_number``). A derived value is rounded by its caller first."""
    return units.plain_number(x)


def with_unit(x: float, unit: str | None) -> str:
    label = unit_label(unit)
    if not label:
        return number(x)
    return f"{number(x)}{label}" if label in ("%", "°C", "°F") else f"{number(x)} {label}"


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(fraction: float) -> str:
    """0.00032 -> ``3.2 × 10⁻⁴``."""
    exponent = math.floor(math.log10(fraction))
    mantissa = fraction / 10**exponent
    power = f"10{str(exponent).translate(SUPERSCRIPT)}"
    return power if round(mantissa, 1) == 1 else f"{number(round(mantissa, 1))} × {power}"


def mrd(fraction: float | None, lod: float | None, result: str | None = None) -> str:
    """``0.32% (3.2 × 10⁻³)``; without a value: ``undetectable (LoD 10⁻⁴)``, or the result."""
    if fraction is not None:
        return units.format_mrd(fraction)
    if result in ("detected", "detected_not_quantifiable"):
        return humanize(result)
    return f"undetectable (LoD {power_of_ten(lod)})" if lod else "undetectable"


def missing(record: Any, name: str) -> str:
    """The missing-value reason of a field, or an empty string."""
    reason = record.nf.get(name) if isinstance(record, Record) else None
    return MISSING.get(reason, "") if reason else ""


def not_reported(reason: str | None) -> str:
    """Body text of an empty section, with the record's reason when one is given."""
    if not reason or reason == "not_reported":
        return "Not reported."
    return f"Not reported (reason: {MISSING.get(reason, reason)})."


class Formatter:
    """Formats record values for one rendering: identified or de-identified."""

    def __init__(self, day0: When | None, deidentified: bool, mask: Callable[[str], str]):
        self.day0 = day0
        self.deidentified = deidentified
        self.mask = mask
        self._kinds: dict[tuple[type[BaseModel], str], tuple[str | None, bool, str | None]] = {}

    def when(self, w: When | None) -> str:
        """A when in running text and spans: its day number wherever it is known to the day
        (an entry typed as a date too, Day 0 being a full date), else as entered; so one day
        reads alike whichever way it was typed (it read "2025-03-15" in one table and "d0" in
        the next). De-identified: day numbers only, a date's range of days when partial."""
        if w is None:
            return ""
        if not self.deidentified:
            day = w.exact_day(self.day0)
            return w.display() if day is None else f"d{day}"
        if w.is_day:
            return w.display()
        first_last = w.day_range(self.day0)
        if first_last is None:
            return "[date removed]"
        first, last = first_last
        return f"d{first}" if first == last else f"d{first}–d{last}"

    def calendar(self, w: When | None) -> str:
        """The date of a when as the editor's timeline gives it: the date typed, else Day 0's
        date plus the day number; "" when unknown or de-identified."""
        if w is None or self.deidentified:
            return ""
        if w.date is not None:
            return w.date
        anchor = self.day0.date if self.day0 is not None else None
        if w.day is None or anchor is None or len(anchor) != 10:
            return ""
        return (dt.date.fromisoformat(anchor) + dt.timedelta(days=w.day)).isoformat()

    def when_cell(self, w: When | None) -> str:
        """A table's When cell: the day number, its date under it when both are known
        (``d35`` over ``2025-04-19``), as the editor's timeline has a Day and a Date column."""
        day, date = self.when(w), self.calendar(w)
        return f"{day}\n{date}" if date and day != date else day

    def span_cell(self, start: When | None, end: When | None) -> str:
        """A table's Days cell, start to end: each day with its date under it, as a When cell
        (``d175`` over ``2023-09-06``, ``to d202`` over ``2023-10-03``; it gave the day numbers
        alone); on one line, ``d175 to d202``, when neither end has a date (de-identified)."""
        first, last = self.when(start), self.when(end)
        if not (self.calendar(start) or self.calendar(end)):
            if first and last and first != last:
                return f"{first} to {last}"
            return first or (f"to {last}" if last else "")
        if first and last and first != last:
            return f"{self.when_cell(start)}\nto {self.when_cell(end)}"
        return self.when_cell(start) if first else f"to {self.when_cell(end)}"

    def field_cell(self, record: BaseModel, name: str) -> str:
        """A field as a table's value cell: a when as a When cell (``d204`` over its date, as
        the record tables give it: the Outcome's "Last follow-up" gave ``d204`` alone), a
        birth date or Day 0 as typed, any other field as ``field`` gives it."""
        value = getattr(record, name)
        if isinstance(value, When) and name not in DATES_AS_TYPED:
            return self.when_cell(value)
        return self.field(record, name)

    def text(self, value: str | None) -> str:
        return self.mask(value) if value else ""

    def field(self, record: BaseModel, name: str, *, unit: bool = True) -> str:
        """One field of a record as text (with its unit unless ``unit=False``, for a column
        whose header names it), or its missing-value reason."""
        value = getattr(record, name)
        if value is None or value == []:
            return missing(record, name)
        if name in DATES_AS_TYPED and isinstance(value, When) and not self.deidentified:
            return value.display()  # a birth date, Day 0 itself: no event day numbers
        unit_code, coded, vocab = self._kind(type(record), name)
        named = vocab if vocab in NAMED_VOCABULARIES else NAMED_FIELDS.get((type(record), name))
        if named and isinstance(value, str):
            return self.text(vocabulary(named).label(value) or value)
        if coded or (vocab and isinstance(value, str)):
            items = value if isinstance(value, list) else [value]
            return self.text(", ".join(humanize(str(v)) for v in items))
        return self.value(value, unit_code if unit else None)

    def _kind(self, model: type[BaseModel], name: str) -> tuple[str | None, bool, str | None]:
        """(unit, holds codes, its vocabulary's name) of a field, from its metadata; looked up once
        per rendering."""
        kind = self._kinds.get((model, name))
        if kind is None:
            meta = field_meta(model, name)
            kind = (meta.get("unit"), is_enum(model, name) or is_code(model, name),
                    meta.get("vocab") or None)
            self._kinds[(model, name)] = kind
        return kind

    def value(self, value: Any, unit: str | None = None) -> str:
        if isinstance(value, When):
            return self.when(value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, int | float):
            return with_unit(value, unit)
        if isinstance(value, Coded):
            return self.text(str(value))
        if isinstance(value, list):
            return ", ".join(self.value(v, unit) for v in value)
        if isinstance(value, BaseModel):
            return ""
        return self.text(str(value))

    def unit(self, code: str | None) -> str:
        return self.text(unit_label(code)) if code else ""

    def dose(self, dose: float | None, unit: str | None) -> str:
        return with_unit(dose, unit) if dose is not None else ""


def absolute_dose(value: float, unit: str | None) -> str:
    """A derived absolute dose as text, one precision per unit: ``5.1 µg/day``, ``2.6 mg``."""
    label = unit_label(unit)
    text = absolute_number(value, unit)
    return f"{text} {label}" if label else text
