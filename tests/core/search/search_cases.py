"""Near-miss cases for the search tests: small cases that differ from each other in exactly
the value a filter looks at (blinatumomab but CNS1 only; CNS3 without blinatumomab; CRS grade
1 vs 2; T315I in ABL1 vs a T315I-like short form in another gene ...)."""

from __future__ import annotations

from typing import Any

from core.model import Case

CNS1_CSF = {"day": 3, "sample_route": "lumbar_puncture", "wbc_per_uL": 1.0, "rbc_per_uL": 0.0,
            "blasts_present_cytospin": "no"}
CNS3_CSF = {"day": 60, "sample_route": "lumbar_puncture", "wbc_per_uL": 30.0, "rbc_per_uL": 0.0,
            "blasts_present_cytospin": "yes"}
CNS3_AT_DX = {**CNS3_CSF, "day": 2}
BLINATUMOMAB = {"drug_inn": "blinatumomab", "atc": "L01FX07", "role": "antineoplastic",
                "route": "CIV", "dose": 28, "dose_unit": "ug/d", "start_day": 70}
VINCRISTINE = {"drug_inn": "vincristine", "atc": "L01CA02", "role": "antineoplastic",
               "route": "IV", "dose": 1.5, "dose_unit": "mg/m2", "start_day": 1}
DASATINIB = {"drug_inn": "dasatinib", "atc": "L01EA02", "role": "antineoplastic",
             "route": "PO", "dose": 140, "dose_unit": "mg", "start_day": 1}
B_ALL = {"role": "initial", "day": 0, "entity": "B-ALL", "icd10_who": {"code": "C91.0"}}
CML = {"role": "initial", "day": 0, "entity": "CML", "cml_phase": "chronic",
       "icd10_who": {"code": "C92.1"}}


def crs(grade: int) -> dict[str, Any]:
    hypotension = {1: "none", 2: "no_vasopressor"}[grade]
    return {"term": "Cytokine release syndrome", "grading_system": "ASTCT-2019", "grade": grade,
            "onset_day": 72, "outcome": "recovered",
            "crs_detail": {"tmax_c": 38.9, "hypotension": hypotension, "hypoxia": "none"}}


def variant(gene: str, short: str) -> dict[str, Any]:
    return {"day": 30, "specimen": "bm", "test": "ngs_myeloid_lymphoid_panel", "method": "NGS",
            "detected": "detected", "variants": [{"gene": gene, "short": short}]}


def make_case(case_id: str, title: str, *, dx: dict | None = None, drugs: tuple = (),
              csf: tuple = (), aes: tuple = (), tests: tuple = (), sex: str = "female",
              age: int = 30, day0: str | None = None, **sections: Any) -> Case:
    report = {"title": title, "keywords": ["case report"]}
    if day0:
        report["day0"] = day0
    doc: dict[str, Any] = {
        "case_id": case_id, "case_report": report,
        "patient": {"sex": sex, "age_at_day0": age, **sections.pop("patient", {})},
        "diagnoses": [dx or B_ALL], "csf_assessments": list(csf),
        "adverse_events": list(aes), "molecular_tests": list(tests),
        "treatment_lines": [{"line_no": 1, "intent": "induction", "start_day": 1,
                             "administrations": list(drugs)}] if drugs else [],
        **sections,
    }
    return Case.model_validate(doc)


def near_misses() -> list[Case]:
    return [
        make_case("HC-BLINCNS1", "Relapsed leukemia treated with bispecific antibody",
                  drugs=(BLINATUMOMAB,), csf=(CNS1_CSF,), aes=(crs(1),), age=45, sex="male"),
        make_case("HC-CNS3NOBL", "Leukemia with meningeal disease on chemotherapy",
                  drugs=(VINCRISTINE,), csf=(CNS1_CSF, CNS3_CSF), age=8),
        make_case("HC-CRSGRADE2", "Relapse treated with blinatumomab, grade 2 CRS",
                  drugs=(BLINATUMOMAB,), csf=(CNS3_CSF,), aes=(crs(2),), age=19, sex="male",
                  day0="2022-05-10"),
        make_case("HC-CNS3ATDX", "CNS involvement at presentation", csf=(CNS3_AT_DX,),
                  age=60, day0="2023-11"),
        make_case("HC-T315IABL1", "Chronic phase CML with a kinase-domain mutation", dx=CML,
                  drugs=(DASATINIB,), tests=(variant("ABL1", "T315I"),), age=52, sex="male"),
        make_case("HC-T315IOTHR", "A T315I-like change in another gene", dx=CML,
                  tests=(variant("ABL2", "T315I"),), age=41),
        make_case("HC-MULLER", "急性淋巴细胞白血病患者中枢神经系统复发",
                  patient={"name": "Jürgen Müller", "record_number": "MRN-48213"},
                  history_items=[{"kind": "comorbidity",
                                  "description": "Referred by Dr. Müller for fatigue"}]),
    ]
