"""Which text fields of a case a de-identified dataset export leaves out, and which it keeps.

Every field that exports as text (not a code of a closed list or a vocabulary, a number, a
yes/no or a date) is in one of three classes, and ``tests/core/test_deid_text_fields.py`` checks
that none is left unclassified, so that a new text field cannot slip into a de-identified export:

- identifying (``--drop-identifiers``): the model's ``identifier`` fields (name, record number,
  birth date, attachment file name) and what the model does not mark but that identifies the
  patient or where the patient was treated (``IDENTIFYING``);
- free text (``--drop-text``): the model's ``narrative`` fields and every other text that a
  user writes in words and that can name a person, a place or a date (``FREE_TEXT``);
- short coded text kept by both options (``SAFE_TEXT``): notations (ISCN, HGVS), codes typed
  as text (LOINC, ATC, MedDRA, ISO 3166-2), regimen names, ids of other records, and the
  bibliographic data of published references. The identifier scan still reads them: a date or a
  name found there stops the export until the user removes or confirms it.
"""

from __future__ import annotations

from pydantic import BaseModel

from core.model.base import field_meta
from core.model.diagnostics import (
    CsfAssessment,
    Cytogenetics,
    Diagnosis,
    DiagnosticReasoning,
    LabResult,
    MolecularTest,
    MolecularVariant,
    NeuroExam,
    Neuroimaging,
)
from core.model.report import (
    Attachment,
    Author,
    CaseReport,
    ClinicalFinding,
    Consent,
    Patient,
    Reference,
    SourcePublication,
    TimelineEvent,
)
from core.model.treatment import (
    AdverseEvent,
    BasisRefs,
    CellularTherapy,
    DoseModification,
    DrugAdministration,
    Hsct,
    ResponseAssessment,
)

Field = tuple[type[BaseModel], str]

# Not the patient's name or number, but identifying the patient or where the patient was
# treated: the manuscript's authors and their institutions, the ethics committee's reference
# (it names the institution), and the case's own publication (its DOI, PMID, citation or the
# case's label in it finds the published case report, and so the patient)
IDENTIFYING: frozenset[Field] = frozenset({
    (Author, "name"), (Author, "email"), (Author, "orcid"), (Author, "affiliations"),
    (Consent, "ethics_reference"),
    *((SourcePublication, name) for name in SourcePublication.model_fields)})

# Text written in words that the model does not mark narrative (it is no CARE prose) but that
# can name the patient, a place or a date ("admission of J. S. at St Mary's on 03/03/2023")
FREE_TEXT: frozenset[Field] = frozenset({
    (CaseReport, "title"), (CaseReport, "keywords"), (CaseReport, "day0_definition"),
    (TimelineEvent, "label"), (Attachment, "shows_event"), (Author, "contribution"),
    (Diagnosis, "relapse_timing_definition"), (MolecularTest, "panel_note"),
    (NeuroExam, "focal_deficit"), (CsfAssessment, "override_reason"),
    (ResponseAssessment, "override_reason"), (AdverseEvent, "override_reason"),
    (AdverseEvent, "treatment"), (DoseModification, "reason_text")})

# Short coded text, kept by every option (see the module's docstring)
SAFE_TEXT: frozenset[Field] = frozenset({
    (Patient, "subdivision"), (Patient, "occupation_category"), (Patient, "bsa_method"),
    (ClinicalFinding, "unit"), (Diagnosis, "risk_group"), (Diagnosis, "lineage_evidence"),
    (DiagnosticReasoning, "candidate_entity"), (Cytogenetics, "iscn"),
    (Cytogenetics, "fish_probe"), (Cytogenetics, "additional_abnormalities"),
    (MolecularTest, "control_gene"), (MolecularVariant, "gene"), (MolecularVariant, "hgvs_p"),
    (MolecularVariant, "short"), (MolecularVariant, "hgvs_c"),
    (MolecularVariant, "significance"), (Neuroimaging, "sequences"), (LabResult, "loinc"),
    (DrugAdministration, "day_list"), (Hsct, "conditioning_regimen"),
    (Hsct, "post_hsct_maintenance"), (CellularTherapy, "atc"),
    (CellularTherapy, "lymphodepletion"), (AdverseEvent, "meddra_llt"), (Author, "degrees"),
    *((BasisRefs, name) for name in BasisRefs.model_fields),
    *((Reference, name) for name in Reference.model_fields if name != "note")})


def is_identifying(model: type[BaseModel], name: str) -> bool:
    """Whether a de-identified export with identifiers dropped leaves the field out."""
    return bool(field_meta(model, name).get("identifier")) or (model, name) in IDENTIFYING


def is_free_text(model: type[BaseModel], name: str) -> bool:
    """Whether a de-identified export with free text dropped leaves the field out."""
    return bool(field_meta(model, name).get("narrative")) or (model, name) in FREE_TEXT
