"""Field paths in words for people: ``treatment_lines[0].administrations[2].route`` ->
"Treatment lines › row 1 › Administrations › row 3 › Route". One wording for the editor's
Problems panel, the reasons that stop "Mark complete", the history view and the command line
(rows by their stored place, unless ``row_number`` says otherwise: the editor numbers a table's
rows as it shows them, gui.editor.row_numbers)."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from core.model.base import field_meta
from core.model.case import SECTION_MODELS, Case
from core.model.fieldpath import parse_path

# The title of each top-level part of the case, as the editor shows it.
PART_TITLES: dict[str, str] = {
    "case_report": "Case report", "patient": "Patient", "history_items": "History",
    "clinical_findings": "Symptoms and examination findings",
    "timeline": "Timeline events entered by hand", "diagnoses": "Diagnoses",
    "diagnostic_reasoning": "Diagnostic reasoning", "bm_assessments": "Bone-marrow assessments",
    "immunophenotype_panels": "Immunophenotype panels", "cytogenetics": "Cytogenetics",
    "molecular_tests": "Molecular tests", "mrd_assessments": "MRD assessments",
    "csf_assessments": "CSF assessments", "neuro_exams": "Neurological examinations",
    "neuroimaging": "Neuroimaging", "labs": "Laboratory results",
    "treatment_lines": "Treatment lines", "radiotherapy": "Radiotherapy",
    "procedures": "Procedures", "hsct": "Haematopoietic stem-cell transplant",
    "cellular_therapies": "Cellular therapy", "response_assessments": "Response assessments",
    "adverse_events": "Adverse events", "outcome": "Outcome",
    "patient_perspective": "Patient perspective", "consent": "Consent",
    "attachments": "Figures", "authors": "Authors", "references": "References",
    "statements": "Statements",
}


NF = "_nf"  # '<field>_nf': why the field has no value (core.model.base)


def part_title(key: str) -> str:
    return PART_TITLES.get(key) or key.replace("_", " ").capitalize()


def part_model(key: str) -> type[BaseModel]:
    """The record model of a top-level key (the item model for lists); KeyError if none."""
    model = SECTION_MODELS.get(key)
    if model is not None:
        return model
    annotation = Case.model_fields[key].annotation
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    raise KeyError(key)


# The number a row is called by, from (its record model, its list's path, its index): the
# editor numbers a table's rows in the order it shows them (sorted by date), not as stored.
RowNumber = Callable[[type[BaseModel], str, int], int]


def path_label(path: str, row_number: RowNumber | None = None) -> str:
    parts = parse_path(path) if path else []
    if not parts:
        return "whole case"
    words = [part_title(str(parts[0]))]
    try:
        model: type[BaseModel] | None = part_model(str(parts[0]))
    except KeyError:
        model = None
    prefix = str(parts[0])
    for part in parts[1:]:
        if isinstance(part, int):
            shown = row_number(model, prefix, part) if row_number and model else part + 1
            words.append(f"row {shown}")
            prefix += f"[{part}]"
            continue
        prefix += f".{part}"
        if model is not None and part in model.model_fields:
            words.append(field_meta(model, part)["label"])
            model = inner_model(model, part)
        elif model is not None and part.endswith(NF) and part[:-len(NF)] in model.model_fields:
            # the reason a value is missing ('not reported'), kept beside its field
            words.append(f"{field_meta(model, part[:-len(NF)])['label']} (why missing)")
        else:
            words.append(str(part).replace("_", " "))
    return " › ".join(words)


def field_at(path: str) -> tuple[type[BaseModel], str] | None:
    """The record model holding the field at ``path`` and the field's name
    (``treatment_lines[0].intent`` -> (TreatmentLine, "intent")); None for a whole part, a
    row, a missing-value reason or a path the model does not have."""
    parts = parse_path(path) if path else []
    if len(parts) < 2 or not isinstance(parts[-1], str):
        return None
    try:
        model: type[BaseModel] | None = part_model(str(parts[0]))
    except KeyError:
        return None
    for part in parts[1:-1]:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        model = inner_model(model, part)
    name = str(parts[-1])
    return (model, name) if model is not None and name in model.model_fields else None


def inner_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The record model a field holds (itself, in a list or optional), None for a value."""
    annotation = model.model_fields[name].annotation
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        for inner in (arg, *getattr(arg, "__args__", ())):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None
