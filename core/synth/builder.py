"""A plain-dict case under construction: sections, ids, day bookkeeping, drug exposures.

Everything is kept as JSON-ready dicts and validated once at the end (``Case.model_validate``),
which is much faster than building pydantic objects record by record.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from core.model.vocab import drug_by_inn

SRC = "synthetic"
_ID_BASE = {
    "diagnosis": 0,
    "bm": 100,
    "panel": 200,
    "molecular": 300,
    "csf": 400,
    "imaging": 500,
    "ae": 600,
}
_ID_FIELD = {
    "diagnoses": ("diagnosis", "diagnosis_id"),
    "bm_assessments": ("bm", "bm_assessment_id"),
    "immunophenotype_panels": ("panel", "panel_id"),
    "molecular_tests": ("molecular", "molecular_test_id"),
    "csf_assessments": ("csf", "csf_assessment_id"),
    "neuroimaging": ("imaging", "neuroimaging_id"),
    "adverse_events": ("ae", "ae_id"),
}
COUNT_UNITS = (("10*9/L", 1.0), ("10*3/uL", 1.0), ("/uL", 1000.0))


@dataclass
class Exposure:
    """Where a drug was given: its line and first/last day (None while ongoing)."""

    inn: str
    line_no: int
    first_day: int
    last_day: int | None
    admin: dict[str, Any]


@dataclass
class Patient:
    age: int
    sex: str
    weight_kg: float
    height_cm: float

    @property
    def bsa(self) -> float:
        root: float = (self.weight_kg * self.height_cm / 3600) ** 0.5  # float ** float: Any
        return round(root, 2)

    @property
    def adult(self) -> bool:
        return self.age >= 18


class CaseBuilder:
    """Collects the sections of one case as dicts and remembers the latest day used."""

    def __init__(self, rng: random.Random, case_id: str, patient: Patient) -> None:
        self.rng = rng
        self.patient = patient
        self.doc: dict[str, Any] = {"case_id": case_id}
        self.last_day = 0
        self.exposures: list[Exposure] = []
        self._ids = dict(_ID_BASE)

    # --- generic -------------------------------------------------------------------------
    def see(self, *days: int | None) -> None:
        for day in days:
            if day is not None and day > self.last_day:
                self.last_day = day

    def section(self, name: str) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = self.doc.setdefault(name, [])
        return records

    def add(self, section: str, record: dict[str, Any], *days: int | None) -> dict[str, Any]:
        """Append a record (marked synthetic, with a fresh id where the section has one)."""
        id_field = _ID_FIELD.get(section)
        if id_field:
            kind, field = id_field
            self._ids[kind] += 1
            record[field] = self._ids[kind]
        record["src"] = SRC
        self.section(section).append(record)
        self.see(record.get("day"), *days)
        return record

    def records(self, section: str) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = self.doc.get(section, [])
        return records

    # --- labs --------------------------------------------------------------------------
    def lab(self, day: int, analyte: str, value: float, unit: str) -> None:
        self.add(
            "labs",
            {
                "day": day,
                "analyte": analyte,
                "specimen": "blood",
                "value_entered": value,
                "unit_entered": unit,
            },
        )

    def counts(
        self,
        day: int,
        *,
        anc: float,
        plt: float,
        hb: float,
        wbc: float | None = None,
        blasts: float | None = None,
    ) -> None:
        """Blood counts in canonical units (10*9/L, g/L), entered in varied accepted units."""
        rng = self.rng
        anc = round(anc, 2)
        if wbc is None:
            wbc = anc + rng.uniform(0.6, 2.5)
        wbc = max(round(wbc, 1), round(anc + 0.1, 1))
        roll = rng.random()
        unit, factor = COUNT_UNITS[0 if roll < 0.6 else 1 if roll < 0.9 else 2]
        self.lab(day, "WBC", _scaled(wbc, factor), unit)
        self.lab(day, "ANC", _scaled(anc, factor), unit)
        self.lab(day, "Platelets", round(plt), COUNT_UNITS[0 if rng.random() < 0.7 else 1][0])
        self.hemoglobin(day, hb)
        if blasts is not None:
            self.lab(day, "PB blasts", round(blasts, 1), "%")

    def hemoglobin(self, day: int, hb_g_l: float) -> None:
        roll = self.rng.random()
        if roll < 0.4:
            self.lab(day, "Hemoglobin", round(hb_g_l), "g/L")
        elif roll < 0.9:
            self.lab(day, "Hemoglobin", round(hb_g_l / 10, 1), "g/dL")
        else:
            self.lab(day, "Hemoglobin", round(hb_g_l / 16.11, 1), "mmol/L")

    def temperature(self, day: int, celsius: float) -> None:
        if self.rng.random() < 0.3:
            self.lab(day, "Temperature", round(celsius * 9 / 5 + 32, 1), "[degF]")
        else:
            self.lab(day, "Temperature", round(celsius, 1), "Cel")

    # --- treatment ---------------------------------------------------------------------
    def add_line(
        self,
        intent: str,
        regimen: str,
        admins: list[dict[str, Any]],
        reason_end: str,
        *,
        end_at: int | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """A treatment line spanning its administrations (and ``end_at``, e.g. a cell infusion);
        ``ongoing`` lines have no end."""
        line_no = len(self.records("treatment_lines")) + 1
        start = min(a["start_day"] for a in admins)
        lasts = [_last_day(a) for a in admins]
        end = None if reason_end == "ongoing" else max(lasts + [end_at or 0])
        for a, last in zip(admins, lasts, strict=True):
            a["line_no"] = line_no
            a["src"] = SRC
            self.exposures.append(
                Exposure(
                    a["drug_inn"],
                    line_no,
                    a["start_day"],
                    None if a["end_day"] is None else last,
                    a,
                )
            )
        self.see(max(lasts))
        line = {
            "line_no": line_no,
            "intent": intent,
            "regimen_name": regimen,
            "start_day": start,
            "end_day": end,
            "reason_end": reason_end,
            **extra,
            "administrations": admins,
        }
        return self.add("treatment_lines", line, start, end)

    def next_line_no(self) -> int:
        return len(self.records("treatment_lines")) + 1

    def document(self) -> dict[str, Any]:
        """The case dict, dated records in day order (stable, so same-day entries keep order)."""
        for records in self.doc.values():
            if isinstance(records, list) and records and "day" in records[0]:
                records.sort(key=_day_key)
        return self.doc


def admin(
    inn: str,
    role: str,
    route: str,
    dose: float,
    unit: str,
    frequency: str,
    start: int,
    end: int | None = None,
    *,
    days: list[int] | None = None,
    cycle: int | None = None,
    cycle_days: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """One drug administration; the ATC code comes from the drug vocabulary."""
    entry = drug_by_inn(inn)
    if entry is None:
        raise KeyError(f"drug {inn!r} is not in the drug vocabulary")
    record: dict[str, Any] = {
        "drug_inn": entry.code,
        "atc": entry["atc"],
        "role": role,
        "route": route,
        "dose": dose,
        "dose_unit": unit,
        "frequency": frequency,
        "start_day": start,
        "end_day": end if end is not None else (days[-1] if days else start),
    }
    if days:
        record["day_list"] = days
    if cycle is not None:
        record["cycle_no"] = cycle
    if cycle_days is not None:
        record["cycle_day_start"], record["cycle_day_end"] = cycle_days
    return record


def ongoing(record: dict[str, Any]) -> dict[str, Any]:
    """Mark an administration as still running (no end day)."""
    record["end_day"] = None
    return record


def _last_day(record: dict[str, Any]) -> int:
    day_list = record.get("day_list")
    last: int = record["end_day"] if record["end_day"] is not None else record["start_day"]
    return max(last, day_list[-1]) if day_list else last


def _day_key(record: dict[str, Any]) -> int:
    day = record.get("day")
    return day if isinstance(day, int) else -(10**6)


def _scaled(value: float, factor: float) -> float:
    return round(value * factor) if factor != 1.0 else value
