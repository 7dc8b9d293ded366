"""Marrow response (§7.2), MRD (§4.12, §7.3) and BCR::ABL1 molecular response (§5.4), on both
sides of each threshold."""

from __future__ import annotations

import pytest
from clinical_refcases import build_case, setp

from core.clinical import (
    MarrowInputs,
    classify_marrow,
    derive_molecular,
    evaluate,
    mrd_category,
    response_from_copies,
    response_from_pct_is,
)
from core.model.diagnostics import MolecularTest
from core.units import parse_mrd

REMISSION = {"bm_blast_pct": 1.0, "pb_blast_pct": 0.0}


@pytest.mark.parametrize("inputs, expected", [
    ({**REMISSION, "anc": 1.0, "plt": 100}, "CR"),
    ({**REMISSION, "anc": 0.99, "plt": 100}, "CRh"),
    ({**REMISSION, "anc": 1.0, "plt": 99}, "CRh"),
    ({**REMISSION, "anc": 0.51, "plt": 51}, "CRh"),
    ({**REMISSION, "anc": 0.5, "plt": 51}, "CRi"),        # CRh needs ANC > 0.5
    ({**REMISSION, "anc": 0.51, "plt": 50}, "CRi"),       # and platelets > 50
    ({**REMISSION, "anc": 0.4, "plt": 40, "crh_enabled": False}, "CRi"),
    ({**REMISSION, "anc": 0.8, "plt": 80, "crh_enabled": False}, "CRi"),
    ({"bm_blast_pct": 4.9, "anc": 2, "plt": 150}, "CR"),
    ({"bm_blast_pct": 5.0, "anc": 2, "plt": 150, "prior_remission": True}, "relapse"),
    ({**REMISSION, "pb_blast_pct": 1.0, "anc": 2, "plt": 150, "prior_remission": True},
     "relapse"),
    ({**REMISSION, "extramedullary_active": True, "anc": 2, "plt": 150,
      "prior_remission": True}, "relapse"),
    ({"bm_blast_pct": 60, "before_treatment": True}, "baseline"),
    ({"bm_blast_pct": 75, "baseline_blast_pct": 60}, "PD"),           # +25%
    ({"bm_blast_pct": 74, "baseline_blast_pct": 60}, "SD_NR"),
    ({"bm_blast_pct": 20, "baseline_blast_pct": 60, "anc": 1, "plt": 100}, "PR"),
    ({"bm_blast_pct": 20, "baseline_blast_pct": 60, "anc": 1, "plt": 100,
      "end_of_line": False, "prior_remission": False}, "PR"),
    ({"bm_blast_pct": 40, "baseline_blast_pct": 60, "end_of_line": True}, "refractory"),
    ({**REMISSION, "cns_not_clear": True, "anc": 2, "plt": 150}, None),
    ({**REMISSION, "anc": None, "plt": 150}, None),
    ({"bm_blast_pct": None}, None),
])
def test_marrow_classifier(inputs, expected):
    category, _reasons = classify_marrow(MarrowInputs(**inputs))
    assert category == expected


COUNTS_OK = {"anc": 1.0, "plt": 100}


@pytest.mark.parametrize("inputs, expected", [
    # §5.7 PR: marrow blasts 5–25% (both ends in), a ≥50% decrease, counts as for CR
    ({"bm_blast_pct": 5.0, "baseline_blast_pct": 60, **COUNTS_OK}, "PR"),
    ({"bm_blast_pct": 25.0, "baseline_blast_pct": 60, **COUNTS_OK}, "PR"),
    ({"bm_blast_pct": 25.1, "baseline_blast_pct": 60, **COUNTS_OK}, "SD_NR"),
    ({"bm_blast_pct": 20.0, "baseline_blast_pct": 40, **COUNTS_OK}, "PR"),      # 50% decrease
    ({"bm_blast_pct": 20.4, "baseline_blast_pct": 40, **COUNTS_OK}, "SD_NR"),   # 49% decrease
    ({"bm_blast_pct": 20.0, "baseline_blast_pct": 40, "anc": 0.99, "plt": 100}, "SD_NR"),
    ({"bm_blast_pct": 20.0, "baseline_blast_pct": 40, "anc": 1.0, "plt": None}, "SD_NR"),
    # under 5% but not a remission (active CNS disease, circulating blasts): never PR (§7.2)
    ({"bm_blast_pct": 4.9, "baseline_blast_pct": 60, "extramedullary_active": True,
      **COUNTS_OK}, "SD_NR"),
    ({"bm_blast_pct": 4.9, "baseline_blast_pct": 60, "pb_blast_pct": 2.0, **COUNTS_OK},
     "SD_NR"),
    ({"bm_blast_pct": 1.0, "baseline_blast_pct": 60, "extramedullary_active": True,
      "end_of_line": True, **COUNTS_OK}, "refractory"),
    ({"bm_blast_pct": 4.9, "baseline_blast_pct": 60, **COUNTS_OK}, "CR"),
])
def test_partial_response_thresholds(inputs, expected):
    category, _reasons = classify_marrow(MarrowInputs(**inputs))
    assert category == expected


def test_low_blasts_with_active_cns_disease_on_imaging_are_not_a_partial_response():
    """Reference case 1 with a leukaemic lesion on MRI beside the day-30 marrow (1.5% blasts,
    counts recovered, baseline 72%): no remission, and not PR either (blasts under 5%); the
    assessment closes induction (line 1 ends d29), so it is refractory."""
    lesion = {"neuroimaging_id": 502, "day": 30, "modality": "MRI", "region": "brain",
              "overall_finding": "leukemic_involvement", "lesions": [
                  {"pattern": "parenchymal_mass", "attributed_to_leukemia": "yes"}]}

    def add_imaging(d):
        d["neuroimaging"].append(lesion)

    derived = evaluate(build_case(1, add_imaging)).derived
    result = derived.marrow["response_assessments[0]"]
    assert result.category == "refractory"
    assert "active extramedullary (CNS) disease" in result.reasons
    assert derived.marrow["bm_assessments[1]"].category in ("SD_NR", "refractory")


def test_reasons_explain_a_partial_recovery():
    category, reasons = classify_marrow(MarrowInputs(1.0, 0.0, anc=0.8, plt=120))
    assert category == "CRh" and reasons == ("ANC 0.8 ×10⁹/L is below 1.0",)


def _later_marrow(day: int, blasts: float):
    def mutate(d):
        d["bm_assessments"].append({"bm_assessment_id": 105, "day": day,
                                    "specimen": "bm_aspirate", "blast_pct_morphology": blasts})
        d["outcome"]["last_known_alive_day"] = day
    return mutate


@pytest.mark.parametrize("day, blasts, confirmed", [
    (256, 1.0, False),   # 27 days later: too early
    (257, 1.0, True),    # 28 days later: confirms
    (257, 6.0, False),   # recurrence: does not confirm
])
def test_remission_is_unconfirmed_until_a_later_marrow_confirms_it(day, blasts, confirmed):
    derived = evaluate(build_case(1, _later_marrow(day, blasts))).derived
    result = derived.marrow["response_assessments[4]"]
    assert result.category == "CR" and result.confirmed is confirmed
    assert result.display == ("CR" if confirmed else "CR (unconfirmed)")


def test_entered_category_is_kept_beside_the_derived_one():
    case = build_case(1, setp("response_assessments[0].category", "CRi"),
                      setp("response_assessments[0].override_reason", "counts pending"))
    result = evaluate(case).derived.marrow["response_assessments[0]"]
    assert (result.category, result.entered, result.override_reason) == ("CR", "CRi",
                                                                         "counts pending")
    assert result.overridden


def test_relapse_marrow_after_a_remission():
    derived = evaluate(build_case(1)).derived
    assert derived.marrow["bm_assessments[0]"].category == "baseline"
    assert derived.marrow["bm_assessments[2]"].category == "relapse"


def test_marrow_response_uses_the_basis_marrow():
    derived = evaluate(build_case(1, setp("response_assessments[0].day", 40))).derived
    result = derived.marrow["response_assessments[0]"]
    assert result.category is None and "ANC and platelets" in result.reasons[0]


# --- MRD ------------------------------------------------------------------------------------

@pytest.mark.parametrize("result, value, lod, loq, expected", [
    ("detected", 1e-4, None, None, ("positive_ge_1e-4", "MRD_failure")),
    ("detected", parse_mrd("0.01%"), None, None, ("positive_ge_1e-4", "MRD_failure")),
    ("detected", 0.99e-4, None, None, ("positive_below_1e-4_quantifiable", "MRD_intermediate")),
    ("detected", 0.5e-4, 1e-5, 1e-4, ("positive_not_quantifiable", "MRD_intermediate")),
    ("detected_not_quantifiable", None, 1e-5, None,
     ("positive_not_quantifiable", "MRD_intermediate")),
    ("not_detected", None, 1e-4, None, ("negative_sufficient", "complete_MRD_response")),
    ("not_detected", None, 1.01e-4, None, ("negative_insufficient", "MRD_intermediate")),
    (None, None, 1e-5, None, ("negative_sufficient", "complete_MRD_response")),
    ("not_detected", None, None, None, (None, None)),
])
def test_mrd_category(result, value, lod, loq, expected):
    derived = mrd_category(result, value, lod, loq)
    assert (derived.category, derived.response) == expected


# --- BCR::ABL1 ------------------------------------------------------------------------------

@pytest.mark.parametrize("pct, expected", [
    (0.001, "MR5"), (0.0011, "MR4.5"), (0.0032, "MR4.5"), (0.0033, "MR4"), (0.01, "MR4"),
    (0.0101, "MMR_MR3"), (0.1, "MMR_MR3"), (0.1001, "no_MMR"), (0.0, "MR5"),
])
def test_molecular_response_from_percent_is(pct, expected):
    assert response_from_pct_is(pct) == expected


@pytest.mark.parametrize("copies, expected", [
    (9_999, None), (10_000, "MR4"), (31_999, "MR4"), (32_000, "MR4.5"), (99_999, "MR4.5"),
    (100_000, "MR5"), (None, None),
])
def test_undetectable_needs_control_copies(copies, expected):
    assert response_from_copies(copies)[0] == expected


def _test(**fields) -> MolecularTest:
    base = {"test": "BCR::ABL1_quantitative", "result_scale": "percent_IS",
            "bcr_abl1_transcript": "e14a2", "detected": "detected"}
    return MolecularTest.model_validate({**base, **fields})


def test_derive_molecular():
    assert derive_molecular(_test(result_value=0.01)).response == "MR4"
    assert derive_molecular(_test(result_value=0.01)).log_reduction == pytest.approx(4)
    undetectable = _test(detected="not_detected", control_copies=10_000)
    assert derive_molecular(undetectable).response == "MR4"
    unknown = derive_molecular(_test(detected="not_detected"))
    assert unknown.response is None and "sensitivity unknown" in unknown.note
    p190 = derive_molecular(_test(bcr_abl1_transcript="e1a2", result_value=0.001))
    assert p190.response is None and p190.protein == "p190"
    ratio = derive_molecular(_test(result_scale="percent_ratio_ABL1", result_value=0.001))
    assert ratio.response is None and ratio.protein == "p210"
