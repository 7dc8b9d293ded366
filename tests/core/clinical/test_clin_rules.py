"""Every rule fires on a corrupted copy of a reference case, and stays quiet on the reference
cases and on near misses."""

from __future__ import annotations

import pytest
from clinical_refcases import DELETE, build_case, setp

from core.clinical import evaluate
from core.clinical.rules import RULES

L1, L2, L3 = "treatment_lines[0]", "treatment_lines[1]", "treatment_lines[2]"
KD_VARIANT = [{"gene": "ABL1", "hgvs_p": "p.Thr315Ile"}]
ICANS = {"ae_id": 603, "term": "Immune effector cell-associated neurotoxicity syndrome",
         "grading_system": "ASTCT-2019", "grade": 1, "onset_day": 180, "resolution_day": 182,
         "attribution": [{"drug_inn": "blinatumomab", "level": "probable"}],
         "outcome": "recovered",
         "icans_detail": {"ice_score": 5, "consciousness": "awakens_to_voice"}}


def _cd19(result: str, pct: float):
    def mutate(d):
        for panel in d["immunophenotype_panels"]:
            for m in panel["markers"]:
                if m["marker"] == "CD19":
                    m["result"], m["pct_positive"] = result, pct
    return mutate


def _drop_cd19(d):
    for panel in d["immunophenotype_panels"]:
        panel["markers"] = [m for m in panel["markers"] if m["marker"] != "CD19"]


def _lab(day: int, analyte: str, value: float, unit: str | None = None):
    def mutate(d):
        for lab in d["labs"]:
            if lab["day"] == day and lab["analyte"] == analyte:
                lab["value_entered"] = value
                if unit:
                    lab["unit_entered"] = unit
    return mutate


def _second_blina_cycle(start: int):
    def mutate(d):
        line = d["treatment_lines"][2]
        line["end_day"] = start + 30
        line["administrations"].append({
            "line_no": 3, "drug_inn": "blinatumomab", "atc": "L01FX07", "role": "antineoplastic",
            "route": "CIV", "dose": 28, "dose_unit": "ug/d", "frequency": "continuous_infusion",
            "cycle_no": 2, "cycle_day_start": 1, "cycle_day_end": 28, "start_day": start,
            "end_day": start + 27})
        line["administrations"].append({
            "line_no": 3, "drug_inn": "dexamethasone", "atc": "H02AB02", "role": "premedication",
            "route": "IV", "dose": 20, "dose_unit": "mg", "frequency": "once",
            "start_day": start, "end_day": start})
        d["outcome"]["last_known_alive_day"] = start + 30
    return mutate


def _mild_relapse(d):
    d["bm_assessments"][2].update(blast_pct_morphology=3.0, blast_pct_flow=3.0)
    d["csf_assessments"][2].update(blasts_present_cytospin="no")
    d["diagnoses"][1]["relapse_sites"] = ["bone_marrow"]
    d["response_assessments"][3]["relapse_subtype"] = "isolated_BM"
    _lab(196, "PB blasts", 0.0)(d)


# (rule, case, mutators, expected path, expected severity)
FIRES = [
    ("V01", 1, [setp("patient.age_at_day0", 130)], "patient.age_at_day0", "error"),
    ("V01", 1, [setp("patient.age_at_day0", 95)], "patient.age_at_day0", "error"),
    ("V01", 1, [setp("patient.age_at_day0", 1)], "patient.age_at_day0_months", "error"),
    # Age in months is the whole age: 18 months is 1 year, and it is given only under 2
    ("V01", 1, [setp("patient.age_at_day0", 0), setp("patient.age_at_day0_months", 18)],
     "patient.age_at_day0_months", "error"),
    ("V01", 1, [setp("patient.age_at_day0", 5), setp("patient.age_at_day0_months", 6)],
     "patient.age_at_day0_months", "error"),
    ("V02", 1, [setp("patient.sex", DELETE)], "patient.sex", "error"),
    ("V03", 1, [setp("patient.weight_kg", 400)], "patient.weight_kg", "error"),
    ("V03", 1, [setp("patient.bsa_m2", 2.2)], "patient.bsa_m2", "warning"),
    ("V04", 1, [setp("patient.weight_kg", DELETE)], "patient.weight_kg", "error"),
    ("V05", 1, [setp("case_report.title", "Blinatumomab for CNS leukemia")],
     "case_report.title", "warning"),
    ("V05", 1, [setp("case_report.keywords", ["blinatumomab"])], "case_report.keywords",
     "warning"),
    ("V06", 1, [setp("diagnoses[0].day", 5)], "diagnoses[0].day", "error"),
    ("V06", 1, [setp("case_report.day0_definition", DELETE)], "case_report.day0_definition",
     "error"),
    ("V07", 1, [setp("diagnoses[0].icdo3_morphology", "98753")], "diagnoses[0].icdo3_morphology",
     "error"),
    ("V07", 1, [setp("diagnoses[0].icdo3_topography", "C71.9")], "diagnoses[0].icdo3_topography",
     "error"),
    ("V08", 1, [setp("diagnoses[1].icd10_who", "C92.2")], "diagnoses[1].icd10_who", "error"),
    ("V08", 2, [setp("diagnoses[0].icdo3_morphology", "9875/3")], "diagnoses[0].icdo3_morphology",
     "error"),
    ("V09", 1, [setp("diagnoses[1].icd10_cm", "C92.10")], "diagnoses[1].icd10_cm", "warning"),
    ("V10", 1, [setp("diagnoses[0].cml_phase", "accelerated")], "diagnoses[0].cml_phase", "error"),
    ("V11", 1, [setp("diagnoses[0].cml_bp_criteria_met", ["bm_or_pb_blasts_ge20"]),
                setp("bm_assessments[0].blast_pct_morphology", 15.0),
                setp("bm_assessments[0].blast_pct_flow", 14.0), _lab(0, "PB blasts", 10.0)],
     "diagnoses[0].cml_bp_criteria_met", "warning"),
    ("V11", 1, [setp("diagnoses[0].cml_bp_criteria_met", []),
                setp("bm_assessments[0].blast_pct_morphology", 15.0),
                setp("bm_assessments[0].blast_pct_flow", 14.0),
                setp("bm_assessments[0].blast_lineage", "myeloid"), _lab(0, "PB blasts", 10.0)],
     "diagnoses[0].cml_bp_criteria_met", "warning"),
    ("V12", 1, [setp("diagnoses[0].ph_status", "negative")], "diagnoses[0].ph_status", "warning"),
    ("V12", 2, [setp("diagnoses[0].ph_status", "positive")], "diagnoses[0].who_haem5_type",
     "warning"),
    ("V13", 2, [setp("bm_assessments[0].blast_pct_morphology", 15.0),
                setp("bm_assessments[0].blast_pct_flow", 12.0)], "diagnoses[0].entity", "warning"),
    ("V14", 1, [setp("diagnostic_reasoning", [])], "diagnostic_reasoning", "warning"),
    ("V15", 1, [setp("molecular_tests[4].day", 30), setp("molecular_tests[4].variants",
                                                         KD_VARIANT)],
     f"{L2}.administrations[0].drug_inn", "warning"),
    ("V16", 1, [_drop_cd19], f"{L3}.administrations[0].drug_inn", "error"),
    ("V16", 1, [_cd19("negative", 2.0)], f"{L3}.administrations[0].drug_inn", "warning"),
    ("V17", 1, [setp("immunophenotype_panels[0].markers[0].pct_positive", 8.0)],
     "immunophenotype_panels[0].markers[0].result", "warning"),
    ("V18", 1, [setp("bm_assessments[0].blast_pct_morphology", 120.0)],
     "bm_assessments[0].blast_pct_morphology", "error"),
    ("V18", 1, [setp("cytogenetics[0].abnormal_metaphases", 25)],
     "cytogenetics[0].abnormal_metaphases", "error"),
    ("V19", 1, [setp("cytogenetics[0].iscn", "46,XY,t(9;22)(q34.1;q11.2)[15]/46,XY[2]")],
     "cytogenetics[0].iscn", "warning"),
    ("V19", 1, [setp("cytogenetics[0].iscn", "XY,46,t(9;22)")], "cytogenetics[0].iscn",
     "warning"),
    ("V20", 1, [setp("molecular_tests[0].bcr_abl1_transcript", "e1a2")],
     "molecular_tests[0].result_scale", "error"),
    ("V21", 1, [setp("molecular_tests[0].result_value", -1.0)], "molecular_tests[0].result_value",
     "error"),
    ("V21", 1, [setp("molecular_tests[0].result_value", 150.0)],
     "molecular_tests[0].result_value", "warning"),
    ("V21", 1, [setp("molecular_tests[5].detected", "not_detected"),
                setp("molecular_tests[5].result_value", DELETE),
                setp("molecular_tests[5].control_copies", DELETE)],
     "molecular_tests[5].control_copies", "warning"),
    ("V22", 1, [setp("molecular_tests[4].variants", [{"gene": "ABL1", "hgvs_p": "Thr315Ile"}])],
     "molecular_tests[4].variants[0].hgvs_p", "error"),
    ("V23", 1, [setp("csf_assessments[0].protein_g_L", 25.0)], "csf_assessments[0].protein_g_L",
     "error"),
    ("V23", 1, [setp("csf_assessments[0].wbc_per_uL", -1.0)], "csf_assessments[0].wbc_per_uL",
     "error"),
    ("V23", 1, [setp("csf_assessments[0].wbc_per_uL", 1500.0)], "csf_assessments[0].wbc_per_uL",
     "warning"),
    ("V24", 1, [setp("csf_assessments[2].cns_status_override", "CNS1")],
     "csf_assessments[2].cns_status_override", "error"),
    ("V25", 1, [setp("csf_assessments[2].rbc_per_uL", 50.0)],
     "csf_assessments[2].pb_wbc_same_day", "error"),
    ("V26", 2, [setp("csf_assessments[2].cns_status_override", "CNS2"),
                setp("csf_assessments[2].override_reason", "cytospin reviewed")],
     "csf_assessments[2].cns_status_override", "error"),
    ("V26", 2, [setp("diagnoses[1].relapse_sites", ["bone_marrow"])], "diagnoses[1].relapse_sites",
     "error"),
    ("V27", 2, [lambda d: d["neuroimaging"].pop(1)], "response_assessments[4].category", "error"),
    ("V27", 1, [setp("csf_assessments[4].blasts_present_cytospin", "yes"),
                setp("csf_assessments[4].wbc_per_uL", 30)], "response_assessments[5].category",
     "error"),
    ("V28", 1, [lambda d: d["csf_assessments"].pop(2), setp("neuroimaging", [])],
     "diagnoses[1].relapse_sites", "error"),
    ("V29", 2, [setp("neuroimaging[1].comparison_to", DELETE)], "neuroimaging[1].comparison_to",
     "error"),
    ("V29", 2, [setp("neuroimaging[0].lesions[0].max_diameter_mm", 250.0)],
     "neuroimaging[0].lesions[0].max_diameter_mm", "error"),
    ("V30", 1, [setp("mrd_assessments[0].value_fraction", 32.0)],
     "mrd_assessments[0].value_fraction", "error"),
    ("V31", 1, [setp("mrd_assessments[1].result", "not_detected"),
                setp("mrd_assessments[1].lod_fraction", DELETE)],
     "mrd_assessments[1].lod_fraction", "error"),
    ("V31", 1, [setp("mrd_assessments[1].lod_fraction", 0.001)],
     "response_assessments[6].category", "error"),
    ("V32", 1, [_lab(30, "ANC", 0.8)], "response_assessments[0].category", "error"),
    ("V32", 1, [setp("bm_assessments[1].blast_pct_morphology", 7.0)],
     "response_assessments[0].category", "error"),
    ("V32", 1, [lambda d: d["csf_assessments"].pop(1)], "response_assessments[0].category",
     "warning"),
    ("V33", 1, [setp("response_assessments[0].line_no", 2)], "response_assessments[0].day",
     "error"),
    ("V33", 1, [setp("response_assessments[0].line_no", 7)], "response_assessments[0].line_no",
     "error"),
    ("V34", 1, [setp("diagnoses[1].day", 20), setp("response_assessments[3].day", 20)],
     "diagnoses[1].role", "error"),
    ("V35", 1, [_mild_relapse], "diagnoses[1].role", "warning"),
    ("V36", 1, [setp(f"{L1}.end_day", 1)], f"{L1}.end_day", "error"),
    ("V36", 1, [setp(f"{L3}.administrations[3].day_list", [201, 250])],
     f"{L3}.administrations[3].day_list", "error"),
    ("V36", 1, [setp(f"{L3}.line_no", 4), setp(f"{L3}.administrations", [])], "treatment_lines",
     "error"),
    ("V36", 1, [setp(f"{L3}.administrations[1].start_day", 208)],
     f"{L3}.administrations[1].start_day", "error"),
    ("V37", 1, [setp(f"{L3}.administrations[0].dose_unit", "ug")],
     f"{L3}.administrations[0].dose_unit", "error"),
    ("V37", 1, [setp(f"{L1}.administrations[5].dose_unit", "mg/m2")],
     f"{L1}.administrations[5].dose_unit", "error"),
    ("V37", 1, [setp(f"{L1}.administrations[0].dose", 0)], f"{L1}.administrations[0].dose",
     "error"),
    ("V38", 1, [setp(f"{L1}.administrations[4].atc", "L01XE06")], f"{L1}.administrations[4].atc",
     "error"),
    ("V38", 1, [setp(f"{L1}.administrations[4].atc", "L01EA01")], f"{L1}.administrations[4].atc",
     "error"),
    ("V38", 1, [setp(f"{L1}.administrations[4].drug_inn", "dasatinibum-x"),
                setp(f"{L1}.administrations[4].atc", "L01XX99")],
     f"{L1}.administrations[4].atc", "warning"),
    ("V39", 1, [setp(f"{L3}.administrations[1].dose", 30)], f"{L3}.administrations[1].dose",
     "warning"),
    ("V39", 1, [_second_blina_cycle(235)], f"{L3}.administrations[6].start_day", "warning"),
    ("V39", 1, [setp(f"{L3}.administrations[1].end_day", 230), setp(f"{L3}.end_day", 230),
                setp(f"{L3}.administrations[1].cycle_day_end", 31)],
     f"{L3}.administrations[1].end_day", "warning"),
    ("V40", 1, [setp(f"{L3}.administrations[2].day_list", [200]),
                setp(f"{L3}.administrations[2].end_day", 200)],
     f"{L3}.administrations[1].start_day", "warning"),
    ("V41", 1, [setp(f"{L1}.administrations[4].dose", 100)], f"{L1}.administrations[4].dose",
     "warning"),
    ("V41", 1, [setp(f"{L1}.administrations[4].dose", 200)], f"{L1}.administrations[4].dose",
     "warning"),
    ("V42", 1, [setp(f"{L1}.administrations[5].drug_inn", "vincristine"),
                setp(f"{L1}.administrations[5].atc", "L01CA02")],
     f"{L1}.administrations[5].route", "error"),
    ("V43", 1, [setp(f"{L1}.administrations[5].dose", 20)], f"{L1}.administrations[5].dose",
     "warning"),
    ("V44", 1, [setp(f"{L1}.administrations[4].route", "IV")], f"{L1}.administrations[4].route",
     "warning"),
    ("V44", 1, [setp(f"{L3}.administrations[0].route", "IV")], f"{L3}.administrations[0].route",
     "warning"),
    ("V45", 2, [setp("adverse_events[1].grade", 6)], "adverse_events[1].grade", "error"),
    ("V45", 2, [setp("adverse_events[1].grading_system", "ASTCT-2019")],
     "adverse_events[1].grading_system", "error"),
    ("V46", 2, [setp("adverse_events[1].grade", 5)], "adverse_events[1].outcome", "error"),
    ("V63", 2, [setp("adverse_events[1].term", "Neutrophil count decr")],
     "adverse_events[1].term", "warning"),
    ("V47", 2, [setp("adverse_events[0].grade", 2)], "adverse_events[0].grade", "error"),
    ("V47", 2, [setp("adverse_events[0].crs_detail.tmax_c", 37.5)], "adverse_events[0].grade",
     "error"),
    ("V48", 2, [lambda d: d["adverse_events"].append(dict(ICANS))], "adverse_events[2].grade",
     "error"),
    ("V48", 2, [lambda d: d["adverse_events"].append(
        {**ICANS, "icans_detail": {"ice_score": 12}})],
     "adverse_events[2].icans_detail.ice_score", "error"),
    ("V49", 2, [setp("adverse_events[0].resolution_day", 170)], "adverse_events[0].resolution_day",
     "error"),
    ("V49", 2, [setp("adverse_events[1].onset_day", 150), setp("adverse_events[1].resolution_day",
                                                               160)],
     "adverse_events[1].attribution[0].drug_inn", "warning"),
    ("V50", 1, [_lab(0, "Hemoglobin", 8.8, "mg/L")], "labs[3].unit_entered", "error"),
    ("V50", 1, [_lab(0, "Hemoglobin", 300, "g/L")], "labs[3].value_entered", "error"),
    ("V50", 1, [_lab(0, "Hemoglobin", 5.5, "g/dL")], "labs[3].value_entered", "warning"),
    ("V51", 1, [_lab(0, "ANC", 100.0)], "labs[1].value_entered", "error"),
    ("V52", 1, [setp("outcome.last_known_alive_day", 200)], "outcome.last_known_alive_day",
     "error"),
    ("V52", 1, [setp(f"{L1}.start_day", -5), setp(f"{L1}.administrations", [])],
     f"{L1}.start_day", "error"),
    ("V53", 1, [setp("case_report.anchor_year", 2099)], "case_report.anchor_year", "error"),
    ("V53", 1, [setp("case_report.day0", "2023-01-01"),
                setp("history_items[0].day", "1900-01-01")], "history_items[0].day", "error"),
    ("V54", 1, [setp("outcome.vital_status", "dead")], "outcome.death_day", "error"),
    ("V55", 1, [setp("hsct", {"performed": "yes"})], "hsct.type", "error"),
    ("V55", 1, [setp("hsct", {"performed": "no", "agvhd_max_grade": "II"})],
     "hsct.agvhd_max_grade", "error"),
    ("V56", 1, [setp("consent.status", "not_obtained")], "consent.status", "error"),
    ("V56", 1, [setp("consent.status", "waived_by_ethics_committee")], "consent.ethics_reference",
     "error"),
    ("V57", 1, [setp("case_report.discussion", "Admitted on 18/04/2023, call 555-123-4567.")],
     "case_report.discussion", "error"),
    ("V57", 1, [setp("patient.name", "Wang Lei"),
                setp("case_report.take_away", "Mr Wang Lei did well.")],
     "case_report.take_away", "error"),
    ("V58", 1, [setp("patient.subdivision", "Suzhou")], "patient.subdivision", "error"),
    ("V58", 1, [setp("patient.country", "East Asian")], "patient.country", "warning"),
    ("V58", 1, [setp("case_report.discussion", "He lives at 12 Main Street.")],
     "case_report.discussion", "error"),
    ("V59", 1, [setp("attachments", [{"kind": "mri_image", "media_type": "application/dicom"}])],
     "attachments[0].media_type", "error"),
    ("V60", 1, [setp("patient.subdivision", "CN-JS"), setp("patient.age_at_day0", 93),
                setp("patient.age_top_coded", True)], "patient.subdivision", "warning"),
    ("V61", 1, [setp("treatment_lines[0].cycles_planned", 0)],
     "treatment_lines[0].cycles_planned", "warning"),
    ("V62", 1, [setp(f"{L1}.end_day", DELETE)], f"{L1}.end_day", "warning"),
    ("V64", 1, [setp("response_assessments[6].category", "complete MRD")],
     "response_assessments[6].category", "error"),
    ("V65", 2, [setp(f"{L3}.administrations[0].modifications",
                     [{"day": 182, "kind": "escalation", "new_dose": 28}])],
     f"{L3}.administrations[0].modifications[0].day", "warning"),
]


def _ids(row: tuple) -> str:
    return f"{row[0]}-{row[3]}-{row[4]}"


@pytest.mark.parametrize("rule_id, number, mutators, path, severity", FIRES, ids=[_ids(r) for r in FIRES])
def test_rule_fires_on_a_corrupted_reference_case(rule_id, number, mutators, path, severity):
    findings = evaluate(build_case(number, *mutators)).findings
    mine = [(f.path, f.severity) for f in findings if f.rule_id == rule_id]
    assert (path, severity) in mine, [(f.rule_id, f.path, f.message) for f in findings]
    assert not [f for f in findings if f.internal_error]
    assert all(f.message[:1].isupper() or not f.message[:1].isalpha() for f in findings)


def test_every_rule_has_a_firing_test():
    assert {row[0] for row in FIRES} == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(RULES))
@pytest.mark.parametrize("number", [1, 2])
def test_rule_is_quiet_on_the_reference_case(rule_id, number):
    assert [f for f in evaluate(build_case(number)).findings if f.rule_id == rule_id] == []


# Near misses: just inside each rule's limit, nothing fires.
QUIET = [
    ("V01", 1, [setp("patient.age_at_day0", 90), setp("patient.age_top_coded", True)]),
    ("V01", 1, [setp("patient.age_at_day0", 0), setp("patient.age_at_day0_months", 11)]),
    ("V01", 1, [setp("patient.age_at_day0", 1), setp("patient.age_at_day0_months", 12)]),
    ("V01", 1, [setp("patient.age_at_day0", 1), setp("patient.age_at_day0_months", 23)]),
    ("V03", 1, [setp("patient.bsa_m2", 1.89)]),
    ("V05", 1, [setp("case_report.keywords", ["a", "b"])]),
    ("V16", 1, [_cd19("partial", 30.0)]),
    ("V17", 1, [setp("immunophenotype_panels[0].markers[0].pct_positive", 20.0)]),
    ("V21", 1, [setp("molecular_tests[0].result_value", 100.0)]),
    ("V23", 1, [setp("csf_assessments[0].wbc_per_uL", 1000.0)]),
    ("V24", 1, [setp("csf_assessments[2].cns_status_override", "CNS1"),
                setp("csf_assessments[2].override_reason", "cytospin reviewed: lymphocytes")]),
    ("V25", 1, [setp("csf_assessments[2].rbc_per_uL", 50.0),
                setp("csf_assessments[2].pb_wbc_same_day", 23.5),
                setp("csf_assessments[2].pb_rbc_same_day", 3.1)]),
    ("V32", 1, [_lab(30, "ANC", 0.8), setp("response_assessments[0].override_reason",
                                            "ANC recovered on day 33")]),
    ("V32", 1, [_lab(30, "ANC", 1.0), _lab(30, "Platelets", 100)]),
    ("V36", 1, [setp(f"{L3}.administrations[3].day_list", [201, 227])]),
    ("V39", 1, [_second_blina_cycle(242)]),
    ("V40", 1, [_second_blina_cycle(242)]),
    ("V41", 1, [setp(f"{L1}.administrations[4].dose", 180)]),
    ("V41", 1, [setp(f"{L1}.administrations[4].dose", 60), setp("patient.age_at_day0", 8),
                setp(f"{L1}.administrations[4].dose_unit", "mg/m2")]),  # a child, per m²
    ("V43", 1, [setp(f"{L1}.administrations[5].dose", 15)]),
    ("V47", 2, [setp("adverse_events[0].grade", 2),
                setp("adverse_events[0].crs_detail.hypoxia", "low_flow_le_6L_or_blow_by")]),
    ("V47", 2, [setp("adverse_events[0].grade", 2),
                setp("adverse_events[0].override_reason", "graded by the treating team")]),
    ("V48", 2, [lambda d: d["adverse_events"].append({**ICANS, "grade": 2})]),
    ("V50", 1, [_lab(0, "Hemoglobin", 6.0, "g/dL")]),
    ("V51", 1, [_lab(0, "ANC", 86.4 * 1.05)]),
    ("V54", 1, [setp("outcome.vital_status", "dead"), setp("outcome.death_day", 229),
                setp("outcome.cause_of_death", "disease")]),
    ("V60", 1, [setp("patient.subdivision", "CN-JS"), setp("patient.age_at_day0", 89)]),
    ("V60", 1, [setp("patient.subdivision", "CN-JS"), setp("patient.age_at_day0", 1),
                setp("patient.age_at_day0_months", 12)]),
    ("V61", 1, [setp("treatment_lines[0].cycles_planned", 1)]),
    ("V62", 1, [setp(f"{L1}.end_day", DELETE), setp(f"{L1}.reason_end", "ongoing")]),
    ("V65", 2, [setp(f"{L3}.administrations[0].modifications",
                     [{"day": 175, "kind": "interruption"}, {"day": 181, "kind": "reduction"}])]),
]


@pytest.mark.parametrize("rule_id, number, mutators", QUIET,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(QUIET)])
def test_rule_stays_quiet_just_inside_its_limit(rule_id, number, mutators):
    findings = evaluate(build_case(number, *mutators)).findings
    assert [(f.path, f.message) for f in findings if f.rule_id == rule_id] == []
