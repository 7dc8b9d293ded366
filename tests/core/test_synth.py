"""Synthetic case generator: determinism, validity, distribution and clinical consistency.

``consistency_problems`` re-checks the main error rules of reference §6 independently of the
generator (the rules engine itself lives in core/clinical).
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from functools import lru_cache
from typing import Any

import pytest

from core.model import Case
from core.model.case import CASE_ID_PATTERN
from core.model.vocab import drug_by_inn, vocabulary
from core.synth import GENERATOR_VERSION, generate_case, generate_cases

N = 1000
TO_CANONICAL = {"10*9/L": 1, "10*3/uL": 1, "/uL": 1e-3, "g/L": 1, "g/dL": 10, "mmol/L": 16.11,
                "10*12/L": 1, "%": 1, "U/L": 1, "Cel": 1}
PHI = re.compile(r"\d{6,}|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|@|https?://")


@lru_cache(maxsize=1)
def sample() -> list[dict[str, Any]]:
    return [c.to_json_dict() for c in generate_cases(N, seed=7)]


def test_same_seed_same_json():
    first = [json.dumps(c.to_json_dict(), sort_keys=True) for c in generate_cases(20, seed=3)]
    again = [json.dumps(c.to_json_dict(), sort_keys=True) for c in generate_cases(20, seed=3)]
    assert first == again
    other = [json.dumps(c.to_json_dict(), sort_keys=True) for c in generate_cases(20, seed=4)]
    assert first != other


def test_a_case_does_not_depend_on_its_neighbours():
    alone = generate_case(5, 17).to_json_dict()
    assert alone == list(generate_cases(18, seed=5))[17].to_json_dict()


def test_generate_case_accepts_a_random_generator():
    assert generate_case(random.Random(1), 3).case_id == "SYN-R-3" and GENERATOR_VERSION == "1"


def test_ids_unique_and_valid():
    ids = [c["case_id"] for c in sample()]
    assert len(set(ids)) == N and ids[0] == "SYN-7-0"
    assert all(re.match(CASE_ID_PATTERN, i) for i in ids)


def test_round_trip_validates():
    for doc in sample()[:300]:
        assert Case.model_validate(doc).to_json_dict() == doc


def provenances(node: Any) -> set[str]:
    """The ``src`` of every record inside a JSON node."""
    if isinstance(node, list):
        return set().union(*map(provenances, node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = {node["src"]} if "src" in node else set()
    return found.union(*map(provenances, node.values()))


def test_every_record_is_synthetic():
    for doc in sample()[:200]:
        assert provenances(doc) == {"synthetic"}, doc["case_id"]
        assert all(doc[k]["src"] == "synthetic" for k in ("case_report", "patient", "outcome"))


def test_distribution_is_roughly_right():
    docs = sample()
    initial = [d["diagnoses"][0] for d in docs]
    entities = Counter(d["entity"] for d in initial)
    assert 0.52 < entities["B-ALL"] / N < 0.68
    assert 0.10 < entities["T-ALL"] / N < 0.20
    assert 0.19 < entities["CML"] / N < 0.31
    cml = [d for d in initial if d["entity"] == "CML"]
    chronic = sum(d["cml_phase"] == "chronic" for d in cml) / len(cml)
    lymphoid = sum(d.get("cml_bp_lineage") == "lymphoid_B" for d in cml) / len(cml)
    assert 0.6 < chronic < 0.8 and 0.12 < lymphoid < 0.28
    adults = [dx for dx, doc in zip(initial, docs, strict=True)
              if dx["entity"] == "B-ALL" and doc["patient"]["age_at_day0"] >= 18]
    ph = sum(dx["ph_status"] == "positive" for dx in adults) / len(adults)
    assert 0.17 < ph < 0.33
    relapsed = sum(any(d["role"] == "relapse" for d in doc["diagnoses"]) for doc in docs) / N
    assert 0.22 < relapsed < 0.38
    severe = sum(any(ae["grade"] >= 3 for ae in doc.get("adverse_events", [])) for doc in docs) / N
    assert 0.22 < severe < 0.38
    chinese = sum(bool(re.search("[\u4e00-\u9fff]", d["case_report"]["title"])) for d in docs) / N
    assert 0.06 < chinese < 0.14
    assert {doc["status"] for doc in docs} == {"draft", "complete"}
    for doc in docs:
        patient = doc["patient"]
        assert 1 <= patient["age_at_day0"] <= 90
        assert patient["age_top_coded"] == (patient["age_at_day0"] == 90)


def test_cns_distribution_among_assessed_cases():
    statuses = Counter(cns_status_at_diagnosis(d) for d in sample() if d.get("csf_assessments"))
    total = sum(statuses.values())
    assert 0.72 < statuses["CNS1"] / total < 0.88
    assert 0.05 < statuses["CNS2"] / total < 0.15 and 0.05 < statuses["CNS3"] / total < 0.15


def test_parenchymal_cns_disease_is_imaged_and_resolves():
    parenchymal = [d for d in sample()
                   if any(dx.get("cns_parenchymal_involvement") for dx in d["diagnoses"])]
    assert parenchymal
    for doc in parenchymal:
        images = doc["neuroimaging"]
        assert any(les["attributed_to_leukemia"] == "yes" for i in images for les in i["lesions"])
        assert images[-1]["radiologic_response"] == "complete_resolution"
        assert images[-1]["comparison_to"] == images[0]["neuroimaging_id"]


def test_lab_units_vary():
    units: dict[str, set[str]] = {}
    for doc in sample()[:300]:
        for lab in doc["labs"]:
            units.setdefault(lab["analyte"], set()).add(lab["unit_entered"])
    assert units["WBC"] == {"10*9/L", "10*3/uL", "/uL"}
    assert units["Hemoglobin"] == {"g/L", "g/dL", "mmol/L"}


def test_output_does_not_depend_on_hash_seed():
    script = ("import json; from core.synth import generate_cases; "
              "print(json.dumps([c.to_json_dict() for c in generate_cases(5, seed=9)]))")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")}
    assert len(outputs) == 1
    assert json.loads(outputs.pop()) == [c.to_json_dict() for c in generate_cases(5, seed=9)]


def test_coding_follows_the_reference_table():
    morph = {f"98{n}/3" for n in range(11, 20)}
    for doc in sample():
        for dx in doc["diagnoses"]:
            code, cm, o3 = (
                dx["icd10_who"]["code"],
                dx["icd10_cm"]["code"],
                dx["icdo3_morphology"]["code"],
            )
            assert dx["icdo3_topography"]["code"] == "C42.1"
            assert dx["icd10_who"]["label"] and dx["icd10_cm"]["label"]
            if dx["entity"] == "CML":
                assert (code, o3) == ("C92.1", "9875/3")
            else:
                assert code == "C91.0"
                assert o3 == "9837/3" if dx["entity"] == "T-ALL" else o3 in morph
            digit = {"active_not_in_remission": "0", "in_remission": "1", "in_relapse": "2"}
            assert cm == code + digit[dx["disease_status"]]


def test_narratives_vary_and_pass_the_phi_scan():
    docs = sample()
    titles = {d["case_report"]["title"] for d in docs}
    assert len(titles) > 40
    assert all("case report" in t.lower() for t in titles)
    discussions = [d["case_report"]["discussion"] for d in docs]
    assert any("et al." in t and re.search("[À-ž]", t) for t in discussions)
    for doc in docs:
        assert 2 <= len(doc["case_report"]["keywords"]) <= 5
        for text in narrative_texts(doc):
            assert not PHI.search(text), text


NARRATIVE_KEYS = ("title", "introduction", "discussion", "take_away", "abstract_introduction",
                  "abstract_presentation", "abstract_conclusion")


def narrative_texts(doc: dict[str, Any]) -> list[str]:
    texts = [doc["case_report"].get(k, "") for k in NARRATIVE_KEYS]
    texts += [r["text"] for r in doc.get("diagnostic_reasoning", [])]
    return texts + [doc.get("patient_perspective", {}).get("text", "")]


def test_the_rules_engine_finds_nothing_and_cases_can_complete():
    evaluate = pytest.importorskip("core.clinical.evaluate").evaluate
    for case in generate_cases(200, seed=11):
        evaluation = evaluate(case)
        assert [f.message for f in evaluation.findings] == [], case.case_id
        assert evaluation.can_complete, (case.case_id, evaluation.blocking_reasons)


@pytest.mark.parametrize("chunk", range(4))
def test_cases_are_clinically_consistent(chunk):
    for doc in sample()[chunk * 250:(chunk + 1) * 250]:
        assert consistency_problems(doc) == [], doc["case_id"]


# --- independent checks of the main error rules ------------------------------------------

def canonical(lab: dict[str, Any]) -> float:
    if lab["unit_entered"] == "[degF]":
        return (lab["value_entered"] - 32) * 5 / 9
    return lab["value_entered"] * TO_CANONICAL[lab["unit_entered"]]


def csf_status(csf: dict[str, Any]) -> str:
    """CNS status of one CSF assessment (reference §7.1, without clinical signs)."""
    if csf["blasts_present_cytospin"] != "yes":
        return "CNS1"
    wbc, rbc = csf["wbc_per_uL"], csf["rbc_per_uL"]
    if rbc < 10:
        return "CNS2" if wbc < 5 else "CNS3"
    if wbc < 5:
        return "CNS2"
    pb_wbc, pb_rbc = csf.get("pb_wbc_same_day"), csf.get("pb_rbc_same_day")
    if pb_wbc is None or not pb_rbc:
        return "indeterminate_traumatic"
    return "CNS3" if wbc / rbc > 2 * (pb_wbc * 1e3) / (pb_rbc * 1e6) else "CNS2"


def cns_status_at_diagnosis(doc: dict[str, Any]) -> str:
    statuses = [csf_status(c) for c in doc["csf_assessments"] if c["day"] <= 7]
    return "CNS3" if "CNS3" in statuses else "CNS2" if "CNS2" in statuses else "CNS1"


def all_days(node: Any, key: str = "") -> list[int]:
    if isinstance(node, dict):
        return [d for k, v in node.items() for d in all_days(v, k)]
    if isinstance(node, list):
        return [d for v in node for d in all_days(v, key)]
    is_day = key.endswith("day") or key == "day_list" or key == "infusion_day"
    return [node] if is_day and isinstance(node, int) and not isinstance(node, bool) else []


def consistency_problems(doc: dict[str, Any]) -> list[str]:
    checks = (_treatment_problems, _response_problems, _ae_problems, _lab_and_cns_problems,
              _timeline_problems)
    return [problem for check in checks for problem in check(doc)]


def _treatment_problems(doc: dict[str, Any]) -> list[str]:
    out = []
    lines = doc.get("treatment_lines", [])
    if [ln["line_no"] for ln in lines] != list(range(1, len(lines) + 1)):
        out.append("line numbers not contiguous")
    if doc["patient"].get("weight_kg") is None:
        out.append("weight missing")
    for ln in lines:
        end = ln.get("end_day", 10**9)
        if end < ln["start_day"]:
            out.append(f"line {ln['line_no']} ends before it starts")
        for a in ln["administrations"]:
            days = [a["start_day"], a.get("end_day", a["start_day"])] + a.get("day_list", [])
            if not all(ln["start_day"] <= d <= end for d in days):
                out.append(f"{a['drug_inn']} outside line {ln['line_no']}")
            entry = drug_by_inn(a["drug_inn"])
            if entry is None or entry["atc"] != a["atc"] or a["dose"] <= 0:
                out.append(f"drug/ATC/dose {a['drug_inn']}")
            if a["route"] in ("IT", "IVENT") and not (entry.flag("it_allowed")
                                                      and a["dose_unit"] == "mg"):
                out.append(f"intrathecal {a['drug_inn']}")
            if a["route"] == "CIV" and not a["dose_unit"].endswith("/d"):
                out.append("CIV without per-day unit")
            if a["drug_inn"] == "blinatumomab" and not _cd19_before(doc, a["start_day"]):
                out.append("blinatumomab without CD19 before")
    return out


def _cd19_before(doc: dict[str, Any], day: int) -> bool:
    results = [(p["day"], m["result"]) for p in doc.get("immunophenotype_panels", [])
               for m in p["markers"] if m["marker"] == "CD19" and p["day"] <= day]
    return bool(results) and max(results)[1] == "positive"


def _same_day(doc: dict[str, Any], analyte: str, day: int) -> list[float]:
    labs = doc.get("labs", [])
    return [canonical(x) for x in labs if x["analyte"] == analyte and x["day"] == day]


def _response_problems(doc: dict[str, Any]) -> list[str]:
    out = []
    starts = {ln["line_no"]: ln["start_day"] for ln in doc.get("treatment_lines", [])}
    responses = doc.get("response_assessments", [])
    remissions = [r["day"] for r in responses if r["category"] in ("CR", "CRi", "CRh")]
    for r in responses:
        if "line_no" in r and not r["day"] > starts[r["line_no"]]:
            out.append(f"response on day {r['day']} not after its line start")
        if r["category"] == "relapse" and not any(d < r["day"] for d in remissions):
            out.append("relapse without earlier remission")
        if r["category"] in ("CR", "CRh", "CRi"):
            out += _remission_problems(doc, r)
    for dx in doc["diagnoses"]:
        if dx["role"] == "relapse" and not any(d < dx["day"] for d in remissions):
            out.append("relapse diagnosis without earlier remission")
        if dx["role"] == "initial" and dx["day"] != 0:
            out.append("initial diagnosis not on day 0")
    for mrd in doc.get("mrd_assessments", []):
        if mrd.get("value_fraction") is None and mrd.get("lod_fraction") is None:
            out.append("negative MRD without LoD")
    for test in doc.get("molecular_tests", []):
        if test.get("result_scale") == "percent_IS" and test["bcr_abl1_transcript"] == "e1a2":
            out.append("% IS for p190")
    return out


def _remission_problems(doc: dict[str, Any], r: dict[str, Any]) -> list[str]:
    anc, plt = _same_day(doc, "ANC", r["day"]), _same_day(doc, "Platelets", r["day"])
    blasts = [b["blast_pct_morphology"] for b in doc["bm_assessments"] if b["day"] == r["day"]]
    if not (anc and plt and blasts and blasts[0] < 5):
        return [f"remission on day {r['day']} without same-day marrow and counts"]
    full = anc[0] >= 1.0 and plt[0] >= 100
    if (r["category"] == "CR") != full:
        return [f"{r['category']} disagrees with the counts"]
    return []


HYPOTENSION = {"none": 1, "no_vasopressor": 2, "one_vasopressor_with_or_without_vasopressin": 3,
               "multiple_vasopressors_excluding_vasopressin": 4}
HYPOXIA = {"none": 1, "low_flow_le_6L_or_blow_by": 2,
           "high_flow_gt_6L_facemask_nonrebreather_venturi": 3, "positive_pressure": 4}


def _ae_problems(doc: dict[str, Any]) -> list[str]:
    out = []
    astct = {e.code for e in vocabulary("ctcae") if e.flag("astct_gradable")}
    outcome = doc["outcome"]
    for ae in doc.get("adverse_events", []):
        if ae.get("resolution_day", ae["onset_day"]) < ae["onset_day"]:
            out.append("AE resolves before onset")
        if (ae["grading_system"] == "ASTCT-2019") != (ae["term"] in astct):
            out.append(f"grading system of {ae['term']}")
        if ae["term"] not in vocabulary("ctcae"):
            out.append(f"unknown AE term {ae['term']}")
        crs = ae.get("crs_detail")
        if crs and max(HYPOTENSION[crs["hypotension"]], HYPOXIA[crs["hypoxia"]]) != ae["grade"]:
            out.append("CRS grade disagrees with its detail")
        if crs and crs["tmax_c"] < 38.0:
            out.append("CRS without fever")
        fatal = ae["outcome"] == "fatal" and outcome["vital_status"] == "dead"
        if ae["grade"] == 5 and not (fatal and outcome["death_day"] == ae["resolution_day"]):
            out.append("grade-5 AE without matching death")
    return out


def _lab_and_cns_problems(doc: dict[str, Any]) -> list[str]:
    out = []
    analytes = vocabulary("analyte")
    by_day: dict[tuple[int, str], float] = {}
    for lab in doc.get("labs", []):
        entry = analytes.get(lab["analyte"])
        if lab["unit_entered"] not in entry["allowed_units"]:
            out.append(f"unit {lab['unit_entered']} for {lab['analyte']}")
        value = canonical(lab)
        if not entry["hard_low"] <= value <= entry["hard_high"]:
            out.append(f"{lab['analyte']} {value} outside hard range")
        by_day[(lab["day"], lab["analyte"])] = value
    for (day, analyte), value in by_day.items():
        if analyte == "ANC" and value > by_day[(day, "WBC")]:
            out.append(f"ANC above WBC on day {day}")
    for csf in doc.get("csf_assessments", []):
        if csf_status(csf) == "indeterminate_traumatic":
            out.append("traumatic tap with blasts but without blood counts")
    for r in doc.get("response_assessments", []):
        if r["category"] == "CNS_remission":
            ids = r["basis_refs"]["csf"]
            csfs = {c["csf_assessment_id"]: c for c in doc["csf_assessments"]}
            if csf_status(csfs[ids[0]]) == "CNS1" or csf_status(csfs[ids[-1]]) != "CNS1":
                out.append("CNS remission not documented by CSF")
            if not 0 <= r["day"] - csfs[ids[-1]]["day"] <= 14:
                out.append("CNS remission CSF not within 14 days")
            lesions = any(i["lesions"] for i in doc.get("neuroimaging", []) if i["day"] < r["day"])
            resolved = any(i.get("radiologic_response") == "complete_resolution"
                           for i in doc.get("neuroimaging", []) if i["day"] <= r["day"])
            if lesions and not resolved:
                out.append("parenchymal CNS remission without resolution on MRI")
    return out


def _timeline_problems(doc: dict[str, Any]) -> list[str]:
    outcome = doc["outcome"]
    last = outcome.get("death_day") or outcome.get("last_follow_up_day") or outcome.get(
        "last_known_alive_day")
    sections = {k: v for k, v in doc.items() if k not in ("outcome", "history_items")}
    days = all_days(sections)
    out = [] if last is not None and last >= max(days) else ["an event after the last contact"]
    if min(days) < 0:
        out.append("an event before Day 0")
    if doc.get("hsct") and doc["hsct"].get("day") is not None:
        if doc["hsct"]["day"] <= doc["treatment_lines"][0]["start_day"]:
            out.append("HSCT before the first line")
    if doc["consent"]["status"] != "obtained":
        out.append("consent missing")
    return out
