"""Treatment, responses and adverse events."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from core.model.base import RECORD_ID, DerivedValue, F, Facet, Record
from core.model.when import WhenField

Route = Literal["PO", "IV", "CIV", "IT", "IVENT", "SC", "IM"]
DoseUnit = Literal["mg", "ug", "g", "mg/m2", "ug/m2", "g/m2", "mg/kg", "[iU]", "[iU]/m2",
                   "ug/d", "ug/m2/d", "mg/d", "mg/m2/d"]
AbsoluteDoseUnit = Literal["mg", "ug", "g", "[iU]", "mg/d", "ug/d"]


class DoseModification(Record):
    day: WhenField | None = F("When", req="R")
    kind: Literal["interruption", "reduction", "escalation", "discontinuation", "delay"] | None = F(
        "Kind", req="R")
    new_dose: float | None = F("New dose")
    duration_hours: float | None = F("Duration", unit="h")
    reason: Literal["CRS", "neurotoxicity", "infection", "cytopenia", "hepatotoxicity",
                    "line_occlusion", "other"] | None = F("Reason")
    reason_text: str | None = F("Reason details")


class DrugAdministration(Record):
    DERIVED = (DerivedValue("dose_abs_per_admin", "Absolute dose", beside="cycle_no"),)

    line_no: int | None = F("Line")
    drug_inn: str | None = F("Drug", pdf=1, req="R", vocab="drug", col=1, facet=Facet("drug"))
    atc: str | None = F("ATC", req="R", vocab="atc", facet=Facet("atc"))
    role: Literal["antineoplastic", "premedication", "supportive", "cns_prophylaxis",
                  "cns_treatment"] | None = F("Role", pdf=2, req="R")
    route: Route | None = F("Route", pdf=4, req="R", vocab="route", col=4)
    dose: float | None = F("Dose", pdf=3, req="R", col=2)
    dose_unit: DoseUnit | None = F("Dose unit", req="R", col=3)
    dose_given: float | None = F(
        "Dose given", ge=0, help="The absolute dose actually given per administration, when it "
        "differs from the derived one (e.g. vincristine capped at 2 mg)")
    dose_given_unit: AbsoluteDoseUnit | None = F("Dose given unit")
    frequency: Literal["once", "once_daily", "twice_daily", "three_times_daily", "weekly",
                       "twice_weekly", "every_n_days", "continuous_infusion"] | None = F(
        "Frequency", pdf=5, req="R")
    cycle_no: int | None = F("Cycle", pdf=6, col=6)
    cycle_day_start: int | None = F("Cycle day from")
    cycle_day_end: int | None = F("Cycle day to")
    start_day: WhenField | None = F("Start", pdf=7, req="R", col=5)
    end_day: WhenField | None = F("End")
    day_list: list[int] | None = F("Days given", help="Discrete days, e.g. IT on 176, 179, 183")
    planned_vs_actual: Literal["planned", "actual"] | None = F("Planned or actual")
    adherence: Literal["good", "partial", "poor", "unknown"] | None = F("Adherence")
    modifications: list[DoseModification] = Field(default_factory=list)


class TreatmentLine(Record):
    line_no: int | None = F("Line", pdf=1, req="R")
    intent: Literal["induction", "consolidation", "intensification", "maintenance",
                    "salvage_reinduction", "cns_directed", "bridging", "conditioning",
                    "prophylaxis", "tki_monotherapy"] | None = F("Intent", pdf=2, req="R")
    regimen_name: str | None = F("Regimen", pdf=3, req="R", vocab="regimen")
    start_day: WhenField | None = F("Start", pdf=4, req="R")
    end_day: WhenField | None = F("End")
    cycles_planned: int | None = F("Cycles planned")
    cycles_given: int | None = F("Cycles given", pdf=5)
    reason_end: Literal["completed", "progression_relapse", "toxicity", "patient_choice",
                        "proceed_to_hsct", "death", "ongoing"] | None = F("Reason ended", pdf=6)
    best_response_ref: int | None = F("Best response (id)")
    administrations: list[DrugAdministration] = Field(default_factory=list)


class Radiotherapy(Record):
    line_no: int | None = F("Line", pdf=1, help="The treatment line this course belongs to")
    field: Literal["cranial", "craniospinal", "involved_site", "TBI"] | None = F(
        "Field", pdf=2, req="R")
    total_dose_Gy: float | None = F("Total dose", pdf=3, unit="Gy")
    fractions: int | None = F("Fractions", pdf=4)
    start_day: WhenField | None = F("Start", pdf=5, req="R")
    end_day: WhenField | None = F("End")


class Procedure(Record):
    kind: Literal["ommaya_placement", "lumbar_puncture", "bm_aspiration",
                  "central_line"] | None = F("Kind", pdf=2, req="R")
    day: WhenField | None = F("When", pdf=1, req="R")


class Hsct(Record):
    performed: Literal["yes", "no", "planned", "not_reported"] | None = F("Performed", req="R")
    type: Literal["allogeneic", "autologous"] | None = F("Type")
    donor: Literal["MSD", "MUD", "MMUD", "haploidentical", "cord_blood"] | None = F("Donor")
    stem_cell_source: Literal["PBSC", "BM", "CB"] | None = F("Stem-cell source")
    conditioning_intensity: Literal["MAC", "RIC", "NMA"] | None = F("Conditioning intensity")
    conditioning_regimen: str | None = F("Conditioning regimen")
    tbi_Gy: float | None = F("TBI", unit="Gy")
    day: WhenField | None = F("When")
    disease_status_at_hsct: Literal["CR1", "CR2", "CR3+", "active"] | None = F("Status at HSCT")
    agvhd_max_grade: Literal["0", "I", "II", "III", "IV"] | None = F("Acute GVHD max grade")
    cgvhd_severity: Literal["none", "mild", "moderate", "severe"] | None = F("Chronic GVHD")
    post_hsct_maintenance: str | None = F("Post-HSCT maintenance")


class CellularTherapy(Record):
    product: str | None = F("Product", pdf=2, req="R", vocab="drug")
    atc: str | None = F("ATC", facet=Facet("atc"))
    target: Literal["CD19", "CD22", "CD19/CD22"] | None = F("Target", pdf=3)
    dose_cells_per_kg: float | None = F("Dose", pdf=4, unit="cells/kg")
    infusion_day: WhenField | None = F("Infusion", pdf=1, req="R")
    lymphodepletion: str | None = F("Lymphodepletion", pdf=5)


def _by_id(noun: str, section: str) -> str:
    return (f"The Id of each {noun} it rests on: the Id typed in the {noun}'s \"More of the "
            f"row\" under {section} (a row without one has none to name: give it one there "
            "first), not its row number")


def _by_day(noun: str, section: str) -> str:
    return (f"The day number of each {noun} it rests on, as the Day column of {section} "
            "shows it (30 for d30)")


class BasisRefs(BaseModel):
    """Ids of the records a response assessment is based on (labs, MRD and neurological
    exams by their day number)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    bm: list[int] | None = F("Marrow assessment ids",
                             help=_by_id("marrow assessment", "Bone marrow"))
    csf: list[int] | None = F("CSF assessment ids", help=_by_id("CSF assessment", "CSF & CNS"))
    imaging: list[int] | None = F("Neuroimaging ids",
                                  help=_by_id("neuroimaging study", "Neuroimaging"))
    molecular: list[int] | None = F("Molecular test ids",
                                    help=_by_id("molecular test", "Molecular"))
    lab_days: list[int] | None = F("Lab days", help=_by_day("lab result", "Labs"))
    mrd_days: list[int] | None = F("MRD days", help=_by_day("MRD assessment", "MRD"))
    neuro_exam_days: list[int] | None = F("Neurological exam days",
                                          help=_by_day("neurological exam", "Neuro exam"))


class ResponseAssessment(Record):
    DERIVED = (DerivedValue("derived_category", "Response (derived)", beside="category"),)

    day: WhenField | None = F("When", pdf=1, req="R", col=1)
    line_no: int | None = F("Line evaluated", pdf=2)
    scope: Literal["marrow_hematologic", "cns", "mrd", "molecular_cml", "cytogenetic_cml",
                   "overall", "relapse_event"] | None = F("Scope", pdf=3, req="R", col=2)
    category: str | None = F("Category", pdf=4, req="R", vocab="response_category", col=3)
    relapse_subtype: Literal["isolated_BM", "isolated_CNS", "combined_BM_CNS",
                             "other_EM"] | None = F("Relapse type")
    criteria_system: Literal["NCCN-ALL", "CIBMTR", "ELN-2020", "app-CNS-v1"] | None = F(
        "Criteria", pdf=5, req="R")
    basis_refs: BasisRefs | None = F("Based on", pdf=6, col=4)  # a summary column, a form below
    override_reason: str | None = F("Override reason",
                                    help="Required when the category differs from the derived one")


class Attribution(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    drug_inn: str | None = F("Drug", vocab="drug")
    level: Literal["unrelated", "unlikely", "possible", "probable", "definite"] | None = F("Level")


class CrsDetail(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    tmax_c: float | None = F("Max temperature", unit="°C")
    fever_masked_by_treatment: bool | None = F("Fever masked by treatment")
    hypotension: Literal["none", "no_vasopressor", "one_vasopressor_with_or_without_vasopressin",
                         "multiple_vasopressors_excluding_vasopressin"] | None = F("Hypotension")
    hypoxia: Literal["none", "low_flow_le_6L_or_blow_by",
                     "high_flow_gt_6L_facemask_nonrebreather_venturi",
                     "positive_pressure"] | None = F("Hypoxia")
    tocilizumab_doses: int | None = F("Tocilizumab doses")
    steroids: bool | None = F("Steroids")


class IcansDetail(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    ice_score: int | None = F("ICE score")
    consciousness: Literal["normal", "awakens_spontaneously", "awakens_to_voice",
                           "awakens_to_tactile_only",
                           "unarousable_or_vigorous_stimuli_stupor_coma"] | None = F("Consciousness")
    seizure: Literal["none", "rapidly_resolving_or_eeg_resolving_with_intervention",
                     "prolonged_gt5min_or_repetitive"] | None = F("Seizure")
    motor: Literal["none", "deep_focal_weakness"] | None = F("Motor")
    icp_edema: Literal["none", "focal_edema",
                       "diffuse_edema_or_posturing_or_CN_VI_palsy_papilledema_Cushing"] | None = F(
        "Raised ICP / edema")


# The grades of CTCAE v5.0 and ASTCT 2019 (rule V45): the form and the ae: filter refuse
# others; the field is not bounded, so a stored case with another grade still opens.
AE_GRADES = (1, 5)


class AdverseEvent(Record):
    DERIVED = (DerivedValue("crs_grade", "CRS grade (ASTCT)", beside="attribution", in_json=False),
               DerivedValue("icans_grade", "ICANS grade (ASTCT)", beside="attribution",
                            in_json=False))

    ae_id: int | None = F("Id", role=RECORD_ID)
    term: str | None = F("Term (CTCAE v5.0)", pdf=2, req="R", vocab="ctcae", col=1)
    meddra_llt: str | None = F("MedDRA LLT")
    grading_system: Literal["CTCAE-5.0", "ASTCT-2019"] | None = F("Grading system", pdf=4, req="R")
    grade: int | None = F("Grade", pdf=3, req="R", col=2)
    onset_day: WhenField | None = F("Onset", pdf=1, req="R", col=3)
    resolution_day: WhenField | None = F("Resolution")
    serious: bool | None = F("Serious", pdf=5)
    attribution: list[Attribution] = F("Attribution", pdf=6, default_factory=list, col=4)
    action_taken: Literal["none", "interrupted", "dose_reduced", "discontinued",
                          "delayed"] | None = F("Action taken", pdf=7)
    treatment: str | None = F("Treatment")
    outcome: Literal["recovered", "recovering", "not_recovered", "recovered_with_sequelae",
                     "fatal", "unknown"] | None = F("Outcome", pdf=8, req="R")
    override_reason: str | None = F("Grade override reason")
    crs_detail: CrsDetail | None = F("CRS detail (ASTCT 2019)")
    icans_detail: IcansDetail | None = F("ICANS detail (ASTCT 2019)")
