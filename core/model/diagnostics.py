"""Diagnoses and diagnostic methods: marrow, immunophenotype, cytogenetics, molecular, MRD,
CSF, neurological examination, neuroimaging, laboratory results."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from core.model.base import (
    BOOKKEEPING,
    CODE,
    RECORD_ID,
    Coded,
    DerivedValue,
    F,
    Facet,
    Provenance,
    Record,
)
from core.model.vocab import resolve_codes
from core.model.when import WhenField

Entity = Literal["B-ALL", "T-ALL", "CML", "MPAL", "other"]
YesNoUncertain = Literal["yes", "no", "uncertain"]


class Diagnosis(Record):
    diagnosis_id: int | None = F("Id", role=RECORD_ID)
    role: Literal["initial", "phase_change", "relapse", "transformation", "secondary"] | None = F(
        "Role", pdf=2, req="R")
    day: WhenField | None = F("When", pdf=1, req="R", col=1)
    entity: Entity | None = F("Entity", pdf=3, req="R", facet=Facet("dx"))
    who_haem5_type: str | None = F("WHO-HAEM5 type", vocab="who_haem5_ball")
    icc_type: str | None = F("ICC type", vocab="icc_ball")
    cml_phase: Literal["chronic", "accelerated", "blast"] | None = F("CML phase")
    cml_bp_lineage: Literal["lymphoid_B", "lymphoid_T", "myeloid", "mixed",
                            "undetermined"] | None = F("Blast-phase lineage")
    cml_bp_criteria_met: list[Literal["bm_or_pb_blasts_ge20", "extramedullary_blast_proliferation",
                                      "increased_lymphoblasts", "other"]] | None = F(
        "Blast-phase criteria met")
    ph_status: Literal["positive", "negative", "unknown"] | None = F("Ph status")
    icd10_who: Coded | None = F("ICD-10 (WHO)", pdf=4, req="R", vocab="icd10", facet=Facet("icd"))
    icd10_cm: Coded | None = F("ICD-10-CM", vocab="icd10cm", facet=Facet("icd"))
    icdo3_morphology: Coded | None = F("ICD-O-3 morphology", req="R", vocab="icdo3",
                                       facet=Facet("icd"))
    icdo3_topography: Coded | None = F("ICD-O-3 topography", req="R", vocab="icdo3_topo")
    disease_status: Literal["active_not_in_remission", "in_remission", "in_relapse"] | None = F(
        "Disease status", pdf=5, req="R")
    relapse_sites: list[Literal["bone_marrow", "peripheral_blood", "cns", "testis",
                                "other_extramedullary"]] | None = F("Relapse sites")
    relapse_timing: Literal["early", "late", "unknown"] | None = F("Relapse timing")
    relapse_timing_definition: str | None = F("Relapse timing definition")
    on_treatment_at_relapse: str | None = F("On treatment at relapse", vocab="drug")
    cns_parenchymal_involvement: bool | None = F("CNS parenchymal involvement")
    risk_group: str | None = F("Risk group")
    lineage_evidence: list[int] | None = F(
        "Lineage evidence", help="Ids of the immunophenotype panels and molecular tests that "
        "support the lineage, e.g. 201, 301: the Id typed in the record's \"More of the row\" "
        "under Immunophenotype or Molecular, not its row number")

    @model_validator(mode="after")
    def _fill_code_labels(self) -> Diagnosis:
        resolve_codes(self)
        return self


class DiagnosticReasoning(Record):
    kind: Literal["differential", "challenge", "prognosis"] | None = F("Kind", req="R")
    text: str | None = F("Text", req="R", narrative=True)
    candidate_entity: str | None = F("Candidate entity")


class BoneMarrowAssessment(Record):
    DERIVED = (DerivedValue("derived_category", "Response (derived)", in_json=False, pdf=9),)

    bm_assessment_id: int | None = F("Id", role=RECORD_ID)
    day: WhenField | None = F("When", pdf=1, req="R", col=1)
    specimen: Literal["bm_aspirate", "bm_biopsy", "peripheral_blood"] | None = F(
        "Specimen", pdf=2, req="R")
    blast_pct_morphology: float | None = F("Blasts (morphology)", pdf=3, unit="%", req="C")
    blast_pct_flow: float | None = F("Blasts (flow)", pdf=4, unit="%")
    blast_lineage: Literal["lymphoid_B", "lymphoid_T", "myeloid", "mixed"] | None = F(
        "Blast lineage", pdf=5)
    cellularity_pct: float | None = F("Cellularity", pdf=6, unit="%")
    trilineage_hematopoiesis: Literal["present", "reduced", "absent"] | None = F(
        "Trilineage hematopoiesis", pdf=7)
    basophils_pct: float | None = F("Basophils", pdf=8, unit="%")
    cells_counted: int | None = F("Cells counted")
    fibrosis_grade: Literal["MF-0", "MF-1", "MF-2", "MF-3"] | None = F("Fibrosis grade")


class ImmunophenotypeMarker(Record):
    marker: str | None = F("Marker", req="R", vocab="marker")
    result: Literal["positive", "negative", "partial", "dim", "bright", "heterogeneous",
                    "not_tested"] | None = F("Result", req="R")
    pct_positive: float | None = F("Positive", unit="%")
    compartment: Literal["surface", "cytoplasmic", "nuclear"] | None = F("Compartment")
    mfi: float | None = F("MFI")
    # A row inside another record takes its provenance from that record unless it says
    # otherwise, so it may be absent here though every top record has one (schema spec).
    src: Provenance | None = F(  # type: ignore[assignment]
        "Provenance", default=None, role=BOOKKEEPING)


class ImmunophenotypePanel(Record):
    panel_id: int | None = F("Id", role=RECORD_ID)
    day: WhenField | None = F("When", pdf=1, req="R", col=1)
    specimen: Literal["bm", "pb", "csf", "tissue"] | None = F("Specimen", pdf=2, req="R")
    method: Literal["flow_cytometry", "ihc"] | None = F("Method")
    blast_gate_pct: float | None = F("Blast gate", pdf=3, unit="%")
    egil_subgroup: str | None = F("EGIL subgroup", pdf=4, vocab="egil")
    markers: list[ImmunophenotypeMarker] = F("Markers", default_factory=list, pdf=5)


class Cytogenetics(Record):
    DERIVED = (DerivedValue("complex_karyotype", "Complex karyotype"),)

    day: WhenField | None = F("When", pdf=1, req="R")
    specimen: Literal["bm", "pb", "csf", "tissue"] | None = F("Specimen", pdf=2)
    method: Literal["g_banding", "fish", "snp_array", "optical_genome_mapping"] | None = F("Method")
    iscn: str | None = F("Karyotype (ISCN)", pdf=3)
    metaphases_analyzed: int | None = F("Metaphases analysed", pdf=4)
    abnormal_metaphases: int | None = F("Abnormal metaphases")
    fish_probe: str | None = F("FISH probe", pdf=5)
    fish_pct_abnormal_nuclei: float | None = F("FISH abnormal nuclei", unit="%")
    nuclei_scored: int | None = F("Nuclei scored")
    additional_abnormalities: list[str] | None = F("Additional abnormalities", pdf=6)


class MolecularVariant(Record):
    DERIVED = (DerivedValue("tki_resistance_flags", "TKI resistance"),)

    gene: str | None = F("Gene", req="R")
    hgvs_p: str | None = F("HGVS protein")
    short: str | None = F("Short form", help="e.g. T315I")
    hgvs_c: str | None = F("HGVS coding")
    vaf_pct: float | None = F("VAF", unit="%")
    significance: str | None = F("Significance")
    # A row inside another record takes its provenance from that record unless it says
    # otherwise, so it may be absent here though every top record has one (schema spec).
    src: Provenance | None = F(  # type: ignore[assignment]
        "Provenance", default=None, role=BOOKKEEPING)


class MolecularTest(Record):
    DERIVED = (DerivedValue("bcr_abl1_protein", "BCR::ABL1 protein"),
               DerivedValue("derived_molecular_response", "Molecular response"))

    molecular_test_id: int | None = F("Id", role=RECORD_ID)
    day: WhenField | None = F("When", pdf=1, req="R", col=1)
    specimen: Literal["bm", "pb", "csf"] | None = F("Specimen", pdf=3, req="R")
    test: Literal["BCR::ABL1_qualitative", "BCR::ABL1_quantitative", "ABL1_KD_mutation",
                  "fusion_panel", "ngs_myeloid_lymphoid_panel", "IKZF1_deletion_MLPA",
                  "other"] | None = F("Test", pdf=2, req="R")
    method: Literal["RT-PCR", "RT-qPCR", "ddPCR", "Sanger", "NGS", "MLPA", "FISH"] | None = F(
        "Method", req="R")
    bcr_abl1_transcript: Literal["e1a2", "e13a2", "e14a2", "e13a2+e14a2", "e19a2", "atypical",
                                 "not_detected"] | None = F("BCR::ABL1 transcript", pdf=4)
    result_value: float | None = F("Result", pdf=5)
    result_scale: Literal["percent_IS", "percent_ratio_ABL1", "percent_ratio_GUSB",
                          "copies_per_1e5_ABL1"] | None = F("Scale")
    control_gene: str | None = F("Control gene")
    control_copies: int | None = F("Control copies")
    detected: Literal["detected", "not_detected", "detected_below_LoQ"] | None = F(
        "Detected", req="R")
    panel_note: str | None = F("Panel note")
    variants: list[MolecularVariant] = F("Variants", default_factory=list, pdf=6)


class MrdAssessment(Record):
    # beside the MRD value they are read from: before Specimen, they pushed the value itself
    # out of the editor's table at 1024x768 (found by a stranger run)
    DERIVED = (DerivedValue("category", "MRD category", beside="value_fraction", pdf=6),
               DerivedValue("mrd_response", "MRD response", beside="value_fraction"))

    day: WhenField | None = F("When", pdf=1, req="R")
    specimen: Literal["bm", "pb"] | None = F("Specimen", pdf=2, req="R")
    method: Literal["MFC", "NGF_EuroFlow", "RQ-PCR_IG_TR", "RT-qPCR_BCR::ABL1", "NGS_IG_TR",
                    "ddPCR"] | None = F("Method", pdf=3, req="R")
    result: Literal["detected", "not_detected", "detected_not_quantifiable"] | None = F(
        "Result", help="Empty value with a limit of detection reads as not detected")
    value_fraction: float | None = F("MRD", pdf=4, unit="fraction",
                                     help="0.0001 = 10⁻⁴ = 0.01%; empty when undetectable")
    lod_fraction: float | None = F("Limit of detection", pdf=5, unit="fraction")
    loq_fraction: float | None = F("Limit of quantification", unit="fraction")


class CsfAssessment(Record):
    DERIVED = (DerivedValue("cns_status", "CNS status", beside="blasts_present_cytospin", pdf=10),
               DerivedValue("cns_subcategories", "CNS subcategories",
                            beside="blasts_present_cytospin"))

    csf_assessment_id: int | None = F("Id", role=RECORD_ID)
    day: WhenField | None = F("When", pdf=1, req="R", col=1)
    sample_route: Literal["lumbar_puncture", "ommaya", "ventricular"] | None = F(
        "Route", pdf=2, req="R")
    wbc_per_uL: float | None = F("CSF WBC", pdf=3, unit="/µL", req="R", col=2)
    rbc_per_uL: float | None = F("CSF RBC", pdf=4, unit="/µL", req="R", col=3)
    blasts_present_cytospin: Literal["yes", "no", "not_evaluable"] | None = F(
        "Blasts on cytospin", pdf=5, req="R", col=4)
    blast_pct_cytospin: float | None = F("Cytospin blasts", unit="%")
    flow_abnormal_pct: float | None = F("Flow abnormal", pdf=6, unit="%")
    protein_g_L: float | None = F("Protein", pdf=7, unit="g/L")
    glucose_mmol_L: float | None = F("Glucose", pdf=8, unit="mmol/L")
    opening_pressure_cmH2O: float | None = F("Opening pressure", unit="cmH₂O")
    pb_wbc_same_day: float | None = F("Blood WBC same day", pdf=9, unit="×10⁹/L", req="C")
    pb_rbc_same_day: float | None = F("Blood RBC same day", unit="×10¹²/L", req="C")
    it_given_same_procedure: bool | None = F("IT given same procedure")
    cns_status_override: Literal["CNS1", "CNS2", "CNS3", "indeterminate_traumatic",
                                 "not_evaluable"] | None = F("CNS status override")
    override_reason: str | None = F("Override reason")


class NeuroExam(Record):
    day: WhenField | None = F("When", pdf=1, req="R")
    cranial_nerve_palsy: list[str] | None = F("Cranial nerve palsy", pdf=2, role=CODE,
                                              help="e.g. CN_VII_left")
    hypothalamic_syndrome: bool | None = F("Hypothalamic syndrome")
    ocular_involvement: Literal["none", "retinal_infiltrate", "optic_nerve", "other"] | None = F(
        "Ocular involvement")
    meningism: bool | None = F("Meningism")
    headache: bool | None = F("Headache", pdf=3)
    seizure: bool | None = F("Seizure")
    focal_deficit: str | None = F("Focal deficit", pdf=4)
    attributed_to_leukemia: YesNoUncertain | None = F("Attributed to leukemia", pdf=5)


class ImagingLesion(Record):
    pattern: Literal["parenchymal_mass", "parenchymal_nodular_enhancement",
                     "leptomeningeal_enhancement", "pachymeningeal_dural_thickening",
                     "cranial_nerve_enhancement", "ependymal_enhancement", "spinal_cord",
                     "orbital", "hemorrhage", "hydrocephalus", "other"] | None = F("Pattern", req="R")
    location: str | None = F("Location", vocab="brain_location")
    laterality: Literal["left", "right", "bilateral", "midline"] | None = F("Laterality")
    max_diameter_mm: float | None = F("Max diameter", unit="mm")
    perpendicular_mm: float | None = F("Perpendicular", unit="mm")
    count: int | None = F("Count")
    enhancing: bool | None = F("Enhancing")
    diffusion_restriction: bool | None = F("Diffusion restriction")
    attributed_to_leukemia: YesNoUncertain | None = F("Attributed to leukemia")
    # A row inside another record takes its provenance from that record unless it says
    # otherwise, so it may be absent here though every top record has one (schema spec).
    src: Provenance | None = F(  # type: ignore[assignment]
        "Provenance", default=None, role=BOOKKEEPING)


class Neuroimaging(Record):
    DERIVED = (DerivedValue("lesion_burden", "SPD, change from baseline",
                            beside="radiologic_response", in_json=False),)

    neuroimaging_id: int | None = F("Id", role=RECORD_ID)
    day: WhenField | None = F("When", pdf=1, req="R", col=1)
    modality: Literal["MRI", "CT", "PET-CT", "PET-MRI"] | None = F("Modality", pdf=2, req="R")
    region: Literal["brain", "spine", "orbits", "craniospinal"] | None = F("Region")
    contrast: bool | None = F("Contrast")
    sequences: list[str] | None = F("Sequences")
    overall_finding: Literal["normal", "leukemic_involvement", "non_leukemic_abnormality",
                             "equivocal"] | None = F("Overall finding", pdf=3, req="R")
    comparison_to: int | None = F("Compared with (imaging id)")
    radiologic_response: Literal["complete_resolution", "partial_response", "stable",
                                 "progression", "new_lesions", "not_evaluable",
                                 "baseline"] | None = F("Radiologic response", pdf=4)
    impression: str | None = F("Impression", pdf=6, narrative=True)
    lesions: list[ImagingLesion] = F("Lesions", default_factory=list, pdf=5)


class LabResult(Record):
    DERIVED = (DerivedValue("flag", "Flag", beside="unit_entered"),
               DerivedValue("value_canonical", "Canonical value", beside="unit_entered"),
               DerivedValue("unit_canonical", "Canonical unit", beside="unit_entered"))

    day: WhenField | None = F("When", pdf=1, req="R", col=1)
    analyte: str | None = F("Analyte", pdf=2, req="R", vocab="analyte", col=2)
    specimen: Literal["blood", "serum", "plasma", "csf", "bm"] | None = F("Specimen", pdf=3)
    value_entered: float | None = F("Value", pdf=4, req="R", col=3)
    unit_entered: str | None = F("Unit", pdf=5, req="R", vocab="unit", col=4)
    ref_low: float | None = F("Reference low", pdf=6)
    ref_high: float | None = F("Reference high")
    loinc: str | None = F("LOINC")
