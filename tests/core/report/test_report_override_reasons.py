"""A derived value overridden by the clinician: the PDF prints the reason (both values and the
reason are kept: CASE-MODEL), masked as other free text in a de-identified PDF, and the timeline
names no derived sub-category under an overridden CNS status."""

from __future__ import annotations

from core.model import Case
from tests.core.report.pdftext import all_text, table_rows

CRS = {"term": "Cytokine release syndrome", "grading_system": "ASTCT-2019", "grade": 1,
       "onset_day": 203, "outcome": "recovered", "override_reason": "clinical judgement",
       # a vasopressor: ASTCT grade 3
       "crs_detail": {"tmax_c": 39.5, "hypotension": "one_vasopressor_with_or_without_vasopressin",
                      "hypoxia": "none"}}


def _overridden(case: Case, csf_reason: str, crs_reason: str) -> Case:
    doc = case.to_json_dict()
    doc["csf_assessments"][2].update(cns_status_override="CNS2", override_reason=csf_reason)
    doc["adverse_events"] = [{**CRS, "override_reason": crs_reason}]
    doc["case_report"]["adverse_events_status"] = "recorded"
    return Case.model_validate(doc)


def test_override_reasons_are_printed_under_their_tables(case_1, render):
    case = _overridden(case_1, "cytospin reviewed by second pathologist", "clinical judgement")
    text = all_text(render(case))
    assert "CNS2 (override; derived CNS3 (CNS3a))" in text
    assert ("CSF d197: CNS2 entered over derived CNS3 – reason: cytospin reviewed by second "
            "pathologist.") in text
    assert ("Cytokine release syndrome, d203: grade 1 entered over derived grade 3 – reason: "
            "clinical judgement.") in text
    # the reason sits under its own table
    csf = text.index("Cerebrospinal fluid and CNS status")
    assert csf < text.index("CSF d197: CNS2 entered") < text.index("Neuroimaging", csf)
    assert text.index("Adverse events", text.index("Follow-up and outcomes")) \
        < text.index("grade 1 entered over") < text.index("Outcome Vital status")


def test_an_override_without_a_reason_says_so(case_1, render):
    doc = _overridden(case_1, "x", "x").to_json_dict()
    doc["csf_assessments"][2]["override_reason"] = None
    doc["adverse_events"][0]["override_reason"] = None
    text = all_text(render(Case.model_validate(doc)))
    assert "CSF d197: CNS2 entered over derived CNS3 – reason: not recorded." in text
    assert "grade 1 entered over derived grade 3 – reason: not recorded." in text


def test_the_timeline_shows_no_derived_sub_category_under_an_override(case_1, render):
    case = _overridden(case_1, "cytospin reviewed by second pathologist", "clinical judgement")
    rows = table_rows(render(case), "Timeline")
    csf = [row for row in rows if row[0] == "d197 †"]  # a placeholder record: marked
    assert csf == [["d197 †", "CSF: CNS2", "CNS involvement"]]
    assert "CSF: CNS2 (CNS3a)" not in all_text(render(case))


def test_an_agreeing_override_keeps_the_sub_category_and_prints_no_note(case_1, render):
    doc = case_1.to_json_dict()
    doc["csf_assessments"][2].update(cns_status_override="CNS3", override_reason="agreed")
    text = all_text(render(Case.model_validate(doc)))
    assert "CSF: CNS3 (CNS3a)" in text
    assert "entered over derived" not in text


def test_de_identified_reasons_are_masked_as_other_free_text(case_1, render):
    doc = _overridden(case_1, "cytospin of 2023-06-02 reviewed by second pathologist",
                      "clinical judgement of Dr Quistorp").to_json_dict()
    doc["patient"].update(name="Wanda Quistorp")
    case = Case.model_validate(doc)
    text = all_text(render(case, deidentified=True))
    assert ("CSF d197: CNS2 entered over derived CNS3 – reason: cytospin of [date removed] "
            "reviewed by second pathologist.") in text
    assert "reason: clinical judgement of Dr [name removed]." in text
    assert "Quistorp" not in text and "2023-06-02" not in text
    note = text[text.index("De-identification"):]
    assert "csf_assessments[2].override_reason (date)" in note
    assert "adverse_events[0].override_reason (name)" in note
    identified = all_text(render(case))
    assert "reason: cytospin of 2023-06-02 reviewed by second pathologist." in identified
    assert "reason: clinical judgement of Dr Quistorp." in identified
