"""What the FHIR builders share while one case is exported: its options, the urn:uuid of each
resource, the case's dates (calendar dates or the relative-day extension) and small element
helpers (codings, quantities in UCUM, narrative).

Dates: a calendar date stays a date (partial dates keep their precision); a day number becomes
a date when Day 0 is a calendar date (full); otherwise the element carries no value but the
extension ``RELATIVE_DAY`` (``valueInteger``: days from Day 0), which is also put beside every
date whose day number is known. Dates are dropped (only the relative day stays) or shifted back
by the case's offset on request.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from core.io.deident import shift_date
from core.model import Case
from core.model.vocab import vocabulary
from core.model.when import When

JSON = dict[str, Any]
DateOption = Literal["keep", "drop", "shift"]

RELATIVE_DAY = "urn:casebook:fhir:StructureDefinition/relative-day"
CTCAE_GRADE = "urn:casebook:fhir:StructureDefinition/ctcae-grade"
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"
AGE_LOINC = "30525-0"  # Age: the one LOINC code not of an analyte (the age at Day 0)
ATC = "http://www.whocc.no/atc"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
CASE_ID = "urn:casebook:case-id"
RECORD_NUMBER = "urn:casebook:record-number"
_NAMESPACE = uuid.UUID("5d0c7a52-8a5e-4b1a-9a43-3f0e2d6c1b7e")  # Casebook's uuid5 namespace


def casebook_system(name: str) -> str:
    """The code system of one of Casebook's own code lists (no standard one is mapped)."""
    return f"urn:casebook:fhir:CodeSystem/{name}"


@dataclass(frozen=True)
class FhirOptions:
    """De-identification of a FHIR export (the dataset exports' options): ``case_id`` is the id
    written for the case (a keyed hash when ids are hashed); identifiers (name, record number,
    birth date) and free text can be dropped; dates kept, dropped or shifted back
    ``shift_days`` days."""

    drop_identifiers: bool = False
    drop_text: bool = False
    dates: DateOption = "keep"
    shift_days: int = 0


class CaseContext:
    """One case being exported: its exported id, options, resource urns and dates."""

    def __init__(self, case: Case, case_id: str, options: FhirOptions) -> None:
        self.case = case
        self.case_id = case_id
        self.options = options
        self.entries: list[tuple[str, JSON]] = []  # (fullUrl, resource), in order of building
        day0 = case.case_report.day0
        rng = day0.date_range() if day0 is not None and day0.date is not None else None
        full = rng is not None and rng[0] == rng[1]
        self.day0: When | None = day0 if rng is not None else None
        self.day0_date: dt.date | None = rng[0] if rng is not None and full else None

    def urn(self, key: str) -> str:
        """The stable urn:uuid of the resource ``key`` of this (exported) case."""
        return "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, f"{self.case_id}/{key}"))

    def add(self, key: str, resource: JSON) -> str:
        url = self.urn(key)
        self.entries.append((url, resource))
        return url

    @property
    def patient(self) -> JSON:
        return {"reference": self.urn("patient")}

    def text(self, value: str | None) -> str | None:
        """Free text as exported (None when free text is dropped)."""
        return None if self.options.drop_text or not value else value

    # --- dates -------------------------------------------------------------------------

    def relative_day(self, when: When | None) -> int | None:
        return None if when is None else when.exact_day(self.day0)

    def calendar(self, when: When | None) -> str | None:
        """The date written for ``when`` (None: none, or dates dropped)."""
        if when is None or self.options.dates == "drop":
            return None
        if when.date is not None:
            text = when.date
        elif when.day is not None and self.day0_date is not None:
            text = (self.day0_date + dt.timedelta(days=when.day)).isoformat()
        else:
            return None
        return shift_date(text, self.options.shift_days) if self.options.dates == "shift" \
            else text

    def date_into(self, element: JSON, name: str, when: When | None) -> None:
        """Set ``element[name]`` (a date/dateTime) from ``when``, with the relative day as an
        extension on the primitive (``_name``) when it is known."""
        text = self.calendar(when)
        if text is not None:
            element[name] = text
        day = self.relative_day(when)
        if day is not None:
            element["_" + name] = {"extension": [{"url": RELATIVE_DAY, "valueInteger": day}]}

    def has_time(self, when: When | None) -> bool:
        return self.calendar(when) is not None or self.relative_day(when) is not None

    def period(self, start: When | None, end: When | None) -> JSON:
        """A Period; one with neither bound known says so (data-absent-reason)."""
        out: JSON = {}
        self.date_into(out, "start", start)
        self.date_into(out, "end", end)
        return out or {"extension": [{"url": DATA_ABSENT, "valueCode": "unknown"}]}


# --- elements ----------------------------------------------------------------------------


def coding(system: str, code: str, display: str | None = None) -> JSON:
    out: JSON = {"system": system, "code": code}
    if display:
        out["display"] = display
    return out


def concept(text: str | None, *codings: JSON) -> JSON:
    out: JSON = {}
    if codings:
        out["coding"] = list(codings)
    if text:
        out["text"] = text
    return out


def own_concept(system: str, code: str, display: str | None = None) -> JSON:
    """A CodeableConcept in one of Casebook's code lists; the display defaults to the code
    in words."""
    shown = display or code.replace("_", " ")
    return concept(shown, coding(casebook_system(system), code, shown))


def ucum_known(code: str) -> bool:
    return code in _EXTRA_UCUM or vocabulary("unit").get(code) is not None


_EXTRA_UCUM = {  # UCUM codes the export writes that are no entry of the unit vocabulary
    "1": "fraction", "Gy": "Gy", "{copies}/10*5": "copies per 10⁵ control",
    "{cells}/kg": "cells/kg", "mg/m2": "mg/m²", "ug/m2": "µg/m²", "g/m2": "g/m²",
    "mg/kg": "mg/kg", "[iU]": "IU", "[iU]/m2": "IU/m²", "ug/m2/d": "µg/m²/day",
    "mg/d": "mg/day", "mg/m2/d": "mg/m²/day", "cm": "cm", "kg": "kg", "m2": "m²",
    "a": "years", "mo": "months"}


def quantity(value: float, unit: str | None) -> JSON:
    """A Quantity; a UCUM unit gets system and code, any other only its text."""
    out: JSON = {"value": value}
    if unit is None:
        return out
    entry = vocabulary("unit").get(unit)
    if entry is not None and entry.code == unit:
        return {**out, "unit": entry.label, "system": UCUM, "code": entry.code}
    if unit in _EXTRA_UCUM:
        return {**out, "unit": _EXTRA_UCUM[unit], "system": UCUM, "code": unit}
    out["unit"] = unit
    return out


def narrative(text: str) -> JSON:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    return {"status": "additional",
            "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{paras or "<p/>"}</div>'}
