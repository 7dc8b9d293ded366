"""Vocabularies: files, loader, lookups, picker search and coded-value labels."""

from __future__ import annotations

import json

import pytest

from core.model import Case
from core.model.base import Coded
from core.model.diagnostics import Diagnosis
from core.model.vocab import (
    VocabularyError,
    drug_by_atc,
    drug_by_inn,
    resolve_coded,
    vocabulary,
    vocabulary_names,
)
from resources import resource_path

MODEL_VOCABS = [
    "analyte",
    "atc",
    "brain_location",
    "country",
    "ctcae",
    "drug",
    "egil",
    "ethnicity",
    "finding",
    "icc_ball",
    "icd10",
    "icd10cm",
    "icdo3",
    "icdo3_topo",
    "marker",
    "regimen",
    "response_category",
    "route",
    "who_haem5_ball",
]


def test_resource_path_points_inside_the_package():
    assert resource_path("vocab", "drug.json").is_file()
    assert resource_path().name == "resources"


@pytest.mark.parametrize("name", MODEL_VOCABS)
def test_every_vocabulary_loads_with_unique_codes(name):
    vocab = vocabulary(name)
    assert vocab.system and vocab.version and len(vocab) > 0
    codes = [c.casefold() for c in vocab.codes()]
    assert len(codes) == len(set(codes)) or name == "atc"
    assert all(e.label for e in vocab)


@pytest.mark.parametrize(
    "path", sorted(resource_path("vocab").glob("*.json")), ids=lambda p: p.stem
)
def test_files_name_their_vocabulary(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    if path.stem == "units":  # owned by the units module; its own format
        return
    assert data["vocabulary"] == path.stem
    assert {"system", "version", "entries"} <= data.keys()


def test_every_vocab_named_in_the_model_exists():
    from core.model import diagnostics, report, treatment
    from core.model.base import field_meta

    named = set()
    for module in (diagnostics, report, treatment):
        for obj in vars(module).values():
            if isinstance(obj, type) and hasattr(obj, "model_fields"):
                named |= {field_meta(obj, f).get("vocab") for f in obj.model_fields}
    named.discard(None)
    named.discard("unit")  # units.json belongs to the units module
    assert named <= set(vocabulary_names())


def test_vocabulary_is_loaded_once():
    assert vocabulary("icd10") is vocabulary("icd10")


def test_unknown_vocabulary_raises():
    with pytest.raises(VocabularyError):
        vocabulary("no-such-vocabulary")


def test_lookup_by_code_and_label():
    icd10 = vocabulary("icd10")
    assert icd10.label("C91.0").startswith("Acute lymphoblastic")
    assert icd10.get("c92.1").code == "C92.1"
    assert icd10.get("X99.9") is None and icd10.label(None) is None
    assert "C92.2" in icd10 and "nonsense" not in icd10


def test_c92_2_is_flagged_atypical():
    assert vocabulary("icd10").get("C92.2").flag("atypical_cml")
    assert not vocabulary("icd10").get("C92.1").flag("atypical_cml")
    assert vocabulary("icd10cm").get("C92.12")["disease_status"] == "in_relapse"


def test_reference_coding_table():
    who = vocabulary("who_haem5_ball")
    assert who.get("B-ALL with BCR::ABL1 fusion")["icdo3"] == "9812/3"
    assert who.get("B-ALL with BCR::ABL1 fusion").flag("ph_positive")
    icdo3 = vocabulary("icdo3")
    for code in ["9811/3", "9819/3", "9837/3", "9875/3", "9876/3", "9806/3", "9807/3"]:
        assert code in icdo3
    assert "C42.1" in vocabulary("icdo3_topo")


def test_drug_lookups_include_former_atc_codes():
    blin = drug_by_inn("Blinatumomab")
    assert blin["atc"] == "L01FX07" and "L01XC19" in blin["former_atc"]
    assert drug_by_atc("L01XC19") is blin
    assert drug_by_atc("L01EA02").code == "dasatinib"
    assert drug_by_atc("Z99ZZ99") is None and drug_by_inn(None) is None
    assert vocabulary("atc").get("L01XC19")["replaced_by"] == "L01FX07"


def test_drug_flags():
    whitelist = {e.code for e in vocabulary("drug") if e.flag("it_allowed")}
    assert whitelist == {"methotrexate", "cytarabine", "hydrocortisone", "dexamethasone"}
    assert drug_by_inn("vincristine").flag("vinca") and drug_by_inn("vincristine").flag(
        "no_it_override"
    )
    assert drug_by_inn("dasatinib").flag("tki") and not drug_by_inn("methotrexate").flag("tki")
    assert drug_by_inn("blinatumomab").flag("cd19_directed")


def test_ctcae_astct_flags():
    ctcae = vocabulary("ctcae")
    gradable = {e.code for e in ctcae if e.flag("astct_gradable")}
    assert gradable == {
        "Cytokine release syndrome",
        "Immune effector cell-associated neurotoxicity syndrome",
    }
    assert "Febrile neutropenia" in ctcae and "Neutrophil count decreased" in ctcae


def test_analytes_carry_units_and_ranges():
    wbc = vocabulary("analyte").get("WBC")
    assert wbc["canonical_unit"] == "10*9/L" and "/uL" in wbc["allowed_units"]
    assert wbc["loinc"] == "6690-2" and wbc["hard_high"] == 1000
    for entry in vocabulary("analyte"):
        assert entry["canonical_unit"] in entry["allowed_units"]


def test_countries_include_common_ones():
    country = vocabulary("country")
    assert len(country) >= 60
    for code in ["CN", "US", "DE", "FR", "GB", "JP", "KR", "IN"]:
        assert code in country


def test_response_categories_by_scope():
    scopes = {e.code: e["scopes"] for e in vocabulary("response_category")}
    assert "cns" in scopes["CNS_remission"] and "mrd" in scopes["MRD_failure"]
    assert "molecular_cml" in scopes["MMR_MR3"]


def test_search_ranks_prefix_before_substring():
    drug = vocabulary("drug")
    assert [e.code for e in drug.search("dasa")] == ["dasatinib"]
    hits = [e.code for e in drug.search("ARA")]
    assert hits[0] == "cytarabine"  # synonym Ara-C
    assert "pegaspargase" in hits
    assert drug.search("ponatinib", limit=1)[0].code == "ponatinib"
    assert len(drug.search("", limit=5)) == 5
    assert drug.search("zzzz") == []


def test_search_icd_by_code_prefix():
    hits = [e.code for e in vocabulary("icd10").search("C92", limit=3)]
    assert hits == ["C92.0", "C92.1", "C92.2"]
    assert vocabulary("icd10").search("acute lympho")[0].code == "C91.0"
    assert "C91.0" in [e.code for e in vocabulary("icd10").search("lymphoblastic")]


def test_diagnosis_codes_get_labels():
    dx = Diagnosis.model_validate(
        {
            "icd10_who": "C91.0",
            "icd10_cm": "C91.02",
            "icdo3_morphology": "9811/3",
            "icdo3_topography": "C42.1",
        }
    )
    assert dx.icd10_who.label == "Acute lymphoblastic leukaemia [ALL]"
    assert dx.icd10_who.system == "ICD-10" and dx.icd10_who.version == "2019"
    assert dx.icd10_cm.label.endswith("in relapse")
    assert dx.icdo3_topography.label == "Bone marrow"


def test_unknown_code_keeps_no_label():
    dx = Diagnosis.model_validate({"icd10_who": "C99.9"})
    assert dx.icd10_who == Coded(code="C99.9")


def test_stored_label_and_version_are_kept():
    stored = {"code": "C91.0", "label": "ALL (as coded)", "system": "ICD-10", "version": "2016"}
    dx = Diagnosis.model_validate({"icd10_who": stored})
    assert dx.icd10_who.model_dump() == stored


def test_resolve_coded_fills_only_missing_parts():
    coded = resolve_coded(Coded(code="c92.1", version="2016"), "icd10")
    assert coded.code == "C92.1" and coded.version == "2016" and coded.system == "ICD-10"


def test_labels_survive_a_round_trip(reference_docs):
    for doc in reference_docs:
        case = Case.model_validate(doc)
        assert case.main_diagnosis().icdo3_morphology.label
        again = Case.model_validate(case.to_json_dict())
        assert again.to_json_dict() == case.to_json_dict()
