"""CNS status (§7.1) on both sides of every threshold, episodes, and the CNS response."""

from __future__ import annotations

import pytest
from clinical_refcases import build_case, setp

from core.clinical import derive_csf, evaluate, steinherz_bleyer_positive
from core.clinical.cns import ClinicalSign, CnsResult, CsfStatus, episode_status


@pytest.mark.parametrize("wbc, rbc, expected", [
    (4.9, 0, ("CNS2", ("CNS2a",))),      # WBC just below 5/µL
    (5.0, 0, ("CNS3", ("CNS3a",))),      # WBC exactly 5/µL
    (0, 0, ("CNS2", ("CNS2a",))),        # a count of 0 is a count
    (3, 9, ("CNS2", ("CNS2a",))),        # RBC just below 10/µL: not traumatic
    (3, 10, ("CNS2", ("CNS2b",))),       # RBC exactly 10/µL: traumatic tap
    (20, 9, ("CNS3", ("CNS3a",))),
])
def test_blasts_positive_csf(wbc, rbc, expected):
    result = derive_csf("yes", wbc, rbc)
    assert (result.status, result.subcategories) == expected


def test_traumatic_tap_without_blood_counts_is_indeterminate():
    result = derive_csf("yes", 20, 10)
    assert result.status == "indeterminate_traumatic" and result.note


@pytest.mark.parametrize("csf_wbc, csf_rbc, pb_wbc, pb_rbc, expected", [
    # ratio CSF = 20/1000 = 0.02; blood 10e3/1e6 = 0.01: exactly 2x -> not above -> CNS2c
    (20, 1000, 10.0, 1.0, "CNS2c"),
    (21, 1000, 10.0, 1.0, "CNS3b"),      # just above 2x
    (19, 1000, 10.0, 1.0, "CNS2c"),
    (20, 1000, 0.0, 1.0, "CNS3b"),       # blood WBC 0 is a value: any CSF ratio is above
])
def test_steinherz_bleyer_factor_2(csf_wbc, csf_rbc, pb_wbc, pb_rbc, expected):
    result = derive_csf("yes", csf_wbc, csf_rbc, pb_wbc, pb_rbc)
    assert result.subcategories == (expected,)
    assert result.status == expected[:4]


def test_blood_rbc_of_zero_cannot_be_used():
    assert derive_csf("yes", 20, 1000, 10.0, 0.0).status == "indeterminate_traumatic"
    assert not steinherz_bleyer_positive(20, 1000, 10.0, 1.0)


@pytest.mark.parametrize("blasts, wbc, rbc, signs, expected", [
    ("no", 500, 5000, False, ("CNS1", ())),             # no blasts: CNS1 whatever the counts
    ("no", None, None, False, ("CNS1", ())),
    ("no", 1, 0, True, ("CNS3", ("CNS3c",))),           # clinical signs: CNS3c
    ("yes", 2, 0, True, ("CNS3", ("CNS2a", "CNS3c"))),
    ("yes", 20, 10, True, ("CNS3", ("CNS3c",))),        # CNS3c wins over indeterminate
    ("not_evaluable", 2, 0, False, ("not_evaluable", ())),
    ("not_evaluable", 2, 0, True, ("CNS3", ("CNS3c",))),
    (None, 2, 0, False, (None, ())),
    ("yes", None, 0, False, (None, ())),
    ("yes", float("nan"), 0, False, (None, ())),
])
def test_other_inputs(blasts, wbc, rbc, signs, expected):
    result = derive_csf(blasts, wbc, rbc, clinical_signs=signs)
    assert (result.status, result.subcategories) == expected


def _csf(status: str, subcats: tuple[str, ...]) -> CsfStatus:
    return CsfStatus(CnsResult(status, subcats))


def test_episode_is_the_worst_within_7_days():
    csf = [(2, "csf_assessments[0]", _csf("CNS1", ())),
           (7, "csf_assessments[1]", _csf("CNS3", ("CNS3a",))),
           (8, "csf_assessments[2]", _csf("CNS3", ("CNS3b",)))]
    episode = episode_status("diagnoses[1]", 0, csf, [])
    assert (episode.status, episode.subcategories) == ("CNS3", ("CNS3a",))
    assert episode.sources == ("csf_assessments[0]", "csf_assessments[1]")


def test_episode_with_a_sign_is_cns3c():
    signs = [ClinicalSign(5, "neuroimaging[0]", "parenchymal mass", True)]
    episode = episode_status("diagnoses[0]", 0, [(1, "csf_assessments[0]", _csf("CNS1", ()))],
                             signs)
    assert (episode.status, episode.subcategories) == ("CNS3", ("CNS3c",))
    far = episode_status("diagnoses[0]", 0, [], [ClinicalSign(8, "neuroimaging[0]", "x")])
    assert far.status is None


def test_override_keeps_both_values_and_the_reason():
    case = build_case(1, setp("csf_assessments[2].cns_status_override", "CNS2"),
                      setp("csf_assessments[2].override_reason", "cytospin re-read"))
    status = evaluate(case).derived.csf["csf_assessments[2]"]
    assert status.derived.status == "CNS3" and status.override == "CNS2"
    assert status.status == "CNS2" and status.overridden
    assert status.override_reason == "cytospin re-read"


def test_neuro_exam_signs_need_attribution_to_leukemia():
    palsy = setp("neuro_exams[0].cranial_nerve_palsy", ["CN_VII_left"])
    uncertain = evaluate(build_case(1, palsy)).derived.cns_episodes[1]
    assert uncertain.subcategories == ("CNS3a",)
    attributed = evaluate(build_case(1, palsy, setp("neuro_exams[0].attributed_to_leukemia",
                                                    "yes"))).derived.cns_episodes[1]
    assert attributed.subcategories == ("CNS3a", "CNS3c")


def test_flow_positive_csf_is_shown_but_does_not_change_the_class():
    case = build_case(1, setp("csf_assessments[0].flow_abnormal_pct", 0.5))
    status = evaluate(case).derived.csf["csf_assessments[0]"]
    assert status.status == "CNS1" and status.flow_positive


@pytest.mark.parametrize("mutators, expected", [
    ([], "CNS_remission"),
    ([setp("csf_assessments[4].day", 214), setp("csf_assessments[3].day", 210)],
     "not_evaluable"),
    ([setp("csf_assessments[3].blasts_present_cytospin", "yes"),
      setp("csf_assessments[4].blasts_present_cytospin", "yes")], "CNS_persistent"),
    ([setp("csf_assessments[4].blasts_present_cytospin", "yes")], None),  # new CNS2 after CNS1
    ([setp("csf_assessments[4].blasts_present_cytospin", "yes"),
      setp("csf_assessments[4].wbc_per_uL", 12)], "CNS_relapse"),
])
def test_cns_response_case1(mutators, expected):
    derived = evaluate(build_case(1, *mutators)).derived
    assert derived.cns_response["response_assessments[5]"].category == expected


def test_cns_response_without_prior_involvement_is_not_involved():
    def no_cns(d):
        d["csf_assessments"][2].update(blasts_present_cytospin="no")
    derived = evaluate(build_case(1, no_cns)).derived
    assert derived.cns_response["response_assessments[5]"].category == "CNS_not_involved"
