"""The case: one document holding every section of the record."""

from __future__ import annotations

import secrets
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.model import diagnostics as dx
from core.model import report as rp
from core.model import treatment as tx
from core.model.base import BOOKKEEPING, WritesMissing

SCHEMA_VERSION = "1.0.0"
CASE_ID_PATTERN = r"^(HC|SEED|SYN|DEMO)-[A-Za-z0-9-]{2,40}$"
Status = Literal["draft", "complete", "locked"]
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LEGACY_STATUS = {"final": "complete", "exported": "complete"}


def new_case_id() -> str:
    """A random, opaque id (never derived from patient data): HC- + 8 Crockford base32."""
    return "HC-" + "".join(secrets.choice(_CROCKFORD) for _ in range(8))


UNTITLED = "(untitled case)"  # the title of a case whose report has none


class Case(WritesMissing):
    """A whole case record. Sections are always present; lists may be empty."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    # Bookkeeping (is_bookkeeping): the record's identity, format, workflow state and lock.
    case_id: str = Field(default_factory=new_case_id, pattern=CASE_ID_PATTERN,
                         json_schema_extra={"role": BOOKKEEPING})
    schema_version: str = Field(default=SCHEMA_VERSION, json_schema_extra={"role": BOOKKEEPING})
    status: Status = Field(default="draft", json_schema_extra={"role": BOOKKEEPING})
    version: int = Field(default=0, ge=0, json_schema_extra={"role": BOOKKEEPING})
    locked_by: str | None = Field(default=None, json_schema_extra={"role": BOOKKEEPING})
    locked_at: str | None = Field(default=None, json_schema_extra={"role": BOOKKEEPING})
    case_report: rp.CaseReport = Field(default_factory=rp.CaseReport)
    patient: rp.Patient = Field(default_factory=rp.Patient)
    history_items: list[rp.HistoryItem] = Field(default_factory=list)
    clinical_findings: list[rp.ClinicalFinding] = Field(default_factory=list)
    timeline: list[rp.TimelineEvent] = Field(default_factory=list)
    diagnoses: list[dx.Diagnosis] = Field(default_factory=list)
    diagnostic_reasoning: list[dx.DiagnosticReasoning] = Field(default_factory=list)
    bm_assessments: list[dx.BoneMarrowAssessment] = Field(default_factory=list)
    immunophenotype_panels: list[dx.ImmunophenotypePanel] = Field(default_factory=list)
    cytogenetics: list[dx.Cytogenetics] = Field(default_factory=list)
    molecular_tests: list[dx.MolecularTest] = Field(default_factory=list)
    mrd_assessments: list[dx.MrdAssessment] = Field(default_factory=list)
    csf_assessments: list[dx.CsfAssessment] = Field(default_factory=list)
    neuro_exams: list[dx.NeuroExam] = Field(default_factory=list)
    neuroimaging: list[dx.Neuroimaging] = Field(default_factory=list)
    labs: list[dx.LabResult] = Field(default_factory=list)
    treatment_lines: list[tx.TreatmentLine] = Field(default_factory=list)
    radiotherapy: list[tx.Radiotherapy] = Field(default_factory=list)
    procedures: list[tx.Procedure] = Field(default_factory=list)
    hsct: tx.Hsct | None = None
    cellular_therapies: list[tx.CellularTherapy] = Field(default_factory=list)
    response_assessments: list[tx.ResponseAssessment] = Field(default_factory=list)
    adverse_events: list[tx.AdverseEvent] = Field(default_factory=list)
    outcome: rp.Outcome = Field(default_factory=rp.Outcome)
    patient_perspective: rp.PatientPerspective = Field(default_factory=rp.PatientPerspective)
    consent: rp.Consent = Field(default_factory=rp.Consent)
    attachments: list[rp.Attachment] = Field(default_factory=list)
    authors: list[rp.Author] = Field(default_factory=list)
    references: list[rp.Reference] = Field(default_factory=list)
    statements: rp.Statements | None = None
    overrides: list[rp.RuleOverride] | None = Field(
        default=None, description="Overridable rule findings confirmed with a reason")

    @model_validator(mode="before")
    @classmethod
    def _legacy(cls, data: Any) -> Any:
        """Accept the reference format's record_status and drop its automatic timeline."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        report = data.get("case_report")
        if isinstance(report, dict) and "record_status" in report:
            report = dict(report)
            legacy = report.pop("record_status")
            if "status" not in data and isinstance(legacy, str):
                data["status"] = _LEGACY_STATUS.get(legacy, legacy)
            data["case_report"] = report
        timeline = data.get("timeline")
        if isinstance(timeline, list):
            data["timeline"] = [e for e in timeline if not (isinstance(e, dict) and e.get("auto"))]
        return data

    @property
    def title(self) -> str:
        return self.case_report.title or UNTITLED

    def to_json_dict(self) -> dict[str, Any]:
        """The case's interchange form (null values omitted, except where a field's default
        is not None: there null is kept, else it would read back as the default)."""
        return self.model_dump(mode="json", exclude_none=True)

    def main_diagnosis(self) -> dx.Diagnosis | None:
        initial = [d for d in self.diagnoses if d.role == "initial"]
        return initial[0] if initial else self.diagnoses[0] if self.diagnoses else None


SECTION_MODELS: dict[str, type[BaseModel]] = {  # the top-level keys holding one record
    name: info.annotation for name, info in Case.model_fields.items()
    if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)
}
