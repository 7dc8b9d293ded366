"""The editor's section list in CARE order: each section's name as the list shows it and the
top-level parts of the case it shows (``gui.editor.sections`` builds its pages from this). In
core so that a message naming a place in the case (the submission kit's "Still to do") can
start from the section the user picks in that list: "Authors & references › Statements ›
Funding", where "Statements › Funding" named no entry of the list."""

from __future__ import annotations

from core.model.case import Case
from core.model.fieldpath import parse_path
from core.model.labels import RowNumber, part_title, path_label

EDITOR_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Title & keywords", ("case_report",)),
    ("Patient", ("patient",)),
    ("History", ("history_items",)),
    ("Clinical findings", ("clinical_findings",)),
    ("Timeline", ("timeline",)),
    ("Diagnoses & reasoning", ("diagnoses", "diagnostic_reasoning")),
    ("Bone marrow", ("bm_assessments",)),
    ("Immunophenotype", ("immunophenotype_panels",)),
    ("Cytogenetics", ("cytogenetics",)),
    ("Molecular", ("molecular_tests",)),
    ("MRD", ("mrd_assessments",)),
    ("CSF & CNS", ("csf_assessments",)),
    ("Neuro exam", ("neuro_exams",)),
    ("Neuroimaging", ("neuroimaging",)),
    ("Labs", ("labs",)),
    ("Treatment", ("treatment_lines",)),
    ("Radiotherapy, procedures, HSCT, cellular therapy",
     ("radiotherapy", "procedures", "hsct", "cellular_therapies")),
    ("Responses", ("response_assessments",)),
    ("Adverse events", ("adverse_events",)),
    ("Outcome", ("outcome",)),
    ("Patient perspective", ("patient_perspective",)),
    ("Figures", ("attachments",)),
    ("Consent", ("consent",)),
    ("Authors & references", ("authors", "references", "statements")),
)


def editor_section(key: str) -> str:
    """The name of the section showing the top-level part ``key``: a part no section lists
    is in the section of the listed part before it in the model (``with_unlisted``'s rule),
    the first section when none is."""
    listed = {k: name for name, keys in EDITOR_SECTIONS for k in keys}
    current = EDITOR_SECTIONS[0][0]
    for name in Case.model_fields:
        current = listed.get(name, current)
        if name == key:
            return current
    return listed.get(key, current)


def section_path(path: str, row_number: RowNumber | None = None) -> str:
    """``path_label`` from the section list's entry: "Authors & references › Statements ›
    Funding", "Title & keywords › Case report › Title"; a part titled as its section starts it
    alone ("Outcome › Death"). The one wording of a place in the case wherever a message sends
    the user to it (the kit's notes, what stops "Mark complete", Problems, the case history,
    the command line); ``row_number`` as for ``path_label``."""
    label = path_label(path, row_number)
    parts = parse_path(path) if path else []
    if not parts:
        return label
    key = str(parts[0])
    section = editor_section(key)
    return label if part_title(key) == section else f"{section} › {label}"
