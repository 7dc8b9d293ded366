"""The CTCAE vocabulary holds the v5.0 terms of hematology/oncology practice, not only those the
reference cases use: a clinician recording Hypomagnesemia, Urinary tract infection or Acute
kidney injury got V63's "is not a CTCAE v5.0 term" for a valid term. A misspelling is still
listed with the term meant, and a new term's maximum grade holds (V45)."""

from __future__ import annotations

import json

import pytest
from clinical_refcases import build_case, setp

from core.clinical import evaluate
from core.model.vocab import vocabulary
from resources import resource_path

AE = "adverse_events[1]"  # reference case 2: Neutrophil count decreased, grade 3
SOCS = {  # the CTCAE v5.0 (MedDRA) system organ classes the file uses
    "Blood and lymphatic system disorders", "Cardiac disorders", "Ear and labyrinth disorders",
    "Endocrine disorders", "Eye disorders", "Gastrointestinal disorders",
    "General disorders and administration site conditions", "Hepatobiliary disorders",
    "Immune system disorders", "Infections and infestations",
    "Injury, poisoning and procedural complications", "Investigations",
    "Metabolism and nutrition disorders", "Musculoskeletal and connective tissue disorders",
    "Neoplasms benign, malignant and unspecified (incl cysts and polyps)",
    "Nervous system disorders", "Psychiatric disorders", "Renal and urinary disorders",
    "Respiratory, thoracic and mediastinal disorders", "Skin and subcutaneous tissue disorders",
    "Vascular disorders"}


def findings(rule: str, *mutators) -> list[tuple[str, str, str]]:
    return [(f.path, f.severity, f.message) for f in evaluate(build_case(2, *mutators)).findings
            if f.rule_id == rule]


@pytest.mark.parametrize("term", [
    "Hypomagnesemia", "Alkaline phosphatase increased", "Urinary tract infection",
    "Acute kidney injury", "Edema limbs", "Palmar-plantar erythrodysesthesia syndrome",
    "Cystitis noninfective", "Dyspnea", "Typhlitis", "Chest pain - cardiac", "dyspnea"])
def test_a_common_ctcae_term_is_quiet(term):
    assert findings("V63", setp(f"{AE}.term", term)) == []


@pytest.mark.parametrize(("typed", "meant"), [
    ("Hypomagnesaemia", "Hypomagnesemia"),  # British spelling, a related word
    ("Alkaline phosphatse increased", "Alkaline phosphatase increased"),
    ("Urinary tract infecton", "Urinary tract infection"),
    ("haemorrhagic cystitis", "Cystitis noninfective"),
])
def test_a_misspelling_is_still_listed_with_the_term_meant(typed, meant):
    [(path, severity, message)] = findings("V63", setp(f"{AE}.term", typed))
    assert (path, severity) == (f"{AE}.term", "warning")
    assert message.startswith(f"'{typed}' is not a CTCAE v5.0 term: did you mean '{meant}'")


def test_a_shared_word_alone_is_no_suggestion():
    # 'decreased' in a term twice as long scored 85.5 (rapidfuzz WRatio's partial token set)
    [(_, _, message)] = findings("V63", setp(f"{AE}.term", "Platelets decreased"))
    assert "Carbon monoxide" not in message and "Forced expiratory" not in message


@pytest.mark.parametrize(("term", "grade", "top"), [
    ("Alopecia", 3, 2), ("Blood lactate dehydrogenase increased", 2, 1),
    ("Alkaline phosphatase increased", 5, 4), ("Pruritus", 4, 3), ("Dysgeusia", 3, 2)])
def test_a_new_terms_maximum_grade_holds(term, grade, top):
    found = findings("V45", setp(f"{AE}.term", term), setp(f"{AE}.grade", grade))
    assert found == [(f"{AE}.grade", "error",
                      f"CTCAE v5.0 grades '{term}' up to grade {top} (entered: {grade})")]


def test_the_file_is_consistent():
    entries = json.loads(resource_path("vocab", "ctcae.json").read_text(encoding="utf-8"))[
        "entries"]
    assert len(entries) > 300
    names = [e["code"].casefold() for e in entries]
    assert len(set(names)) == len(names)  # no term twice
    for e in entries:
        assert e["code"] == e["label"] == " ".join(e["code"].split()), e
        assert e["soc"] in SOCS, e
        assert isinstance(e["astct_gradable"], bool), e
        assert e.get("max_grade", 4) in (1, 2, 3, 4), e
        for word in e.get("related", []):  # a related word is never another term's name
            assert word.casefold() not in names, (e["code"], word)
    ctcae = vocabulary("ctcae")
    assert ctcae.named("Infusion related reaction")["soc"] == (
        "Injury, poisoning and procedural complications")  # moved there in v5.0
