"""The editor's sections in CARE order, and which parts of the case each one shows.

A part is a form (a single record, e.g. ``patient``) or a table (a list, e.g. ``labs``).
Everything inside a part (fields, columns, nested tables) comes from the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from core.model import Case
from core.model.case import SECTION_MODELS
from core.model.fieldpath import parse_path
from gui.editor.fields import record_fields


@dataclass(frozen=True)
class Part:
    kind: str  # "form" | "table"
    path: str  # top-level key of the case
    title: str

    @property
    def model(self) -> type[BaseModel]:
        return part_model(self.path)


@dataclass(frozen=True)
class Section:
    name: str
    parts: tuple[Part, ...]
    panel: str = ""  # a hand-built panel shown with the parts ("cns", "timeline")


def _f(path: str, title: str) -> Part:
    return Part("form", path, title)


def _t(path: str, title: str) -> Part:
    return Part("table", path, title)


SECTIONS: tuple[Section, ...] = (
    Section("Title & keywords", (_f("case_report", "Case report"),)),
    Section("Patient", (_f("patient", "Patient"),)),
    Section("History", (_t("history_items", "History"),)),
    Section("Clinical findings", (_t("clinical_findings", "Symptoms and examination findings"),)),
    Section("Timeline", (_t("timeline", "Timeline events entered by hand"),), panel="timeline"),
    Section("Diagnoses & reasoning", (_t("diagnoses", "Diagnoses"),
                                      _t("diagnostic_reasoning", "Diagnostic reasoning"))),
    Section("Bone marrow", (_t("bm_assessments", "Bone-marrow assessments"),)),
    Section("Immunophenotype", (_t("immunophenotype_panels", "Immunophenotype panels"),)),
    Section("Cytogenetics", (_t("cytogenetics", "Cytogenetics"),)),
    Section("Molecular", (_t("molecular_tests", "Molecular tests"),)),
    Section("MRD", (_t("mrd_assessments", "MRD assessments"),)),
    Section("CSF & CNS", (_t("csf_assessments", "CSF assessments"),), panel="cns"),
    Section("Neuro exam", (_t("neuro_exams", "Neurological examinations"),)),
    Section("Neuroimaging", (_t("neuroimaging", "Neuroimaging"),)),
    Section("Labs", (_t("labs", "Laboratory results"),)),
    Section("Treatment", (_t("treatment_lines", "Treatment lines"),)),
    Section("Radiotherapy, procedures, HSCT, cellular therapy", (
        _t("radiotherapy", "Radiotherapy"), _t("procedures", "Procedures"),
        _f("hsct", "Haematopoietic stem-cell transplant"),
        _t("cellular_therapies", "Cellular therapy"))),
    Section("Responses", (_t("response_assessments", "Response assessments"),)),
    Section("Adverse events", (_t("adverse_events", "Adverse events"),)),
    Section("Outcome", (_f("outcome", "Outcome"),)),
    Section("Patient perspective", (_f("patient_perspective", "Patient perspective"),)),
    Section("Consent", (_f("consent", "Consent"), _t("attachments", "Attachments"))),
)


def section_names() -> list[str]:
    return [s.name for s in SECTIONS]


def section_index_for_path(path: str) -> int | None:
    top = str(parse_path(path)[0]) if path else ""
    for i, section in enumerate(SECTIONS):
        if any(p.path == top for p in section.parts):
            return i
    return None


def part_model(path: str) -> type[BaseModel]:
    """The record model of a top-level key (the item model for lists)."""
    annotation = Case.model_fields[path].annotation
    model = SECTION_MODELS.get(path)
    if model is None:
        for arg in getattr(annotation, "__args__", ()):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
        raise KeyError(path)
    return model


def section_completeness(section: Section, doc: dict[str, Any]) -> tuple[int, int]:
    """(required items given, required items) over the section's records; a reason counts."""
    done = total = 0
    for part in section.parts:
        value = doc.get(part.path)
        records = value if isinstance(value, list) else [value or {}]
        for record in records:
            for spec in record_fields(part.model):
                if spec.req != "R" or not spec.is_simple:
                    continue
                total += 1
                given = record.get(spec.name) not in (None, [], "")
                done += given or f"{spec.name}_nf" in record
    return done, total
