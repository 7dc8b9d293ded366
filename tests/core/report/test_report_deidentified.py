"""De-identified output: no identifiers in fields, narrative text or metadata; day numbers."""

from __future__ import annotations

import pytest

from core.model import Case
from core.report import Hit, ReportOptions, find_identifier_hits
from tests.core.report.pdftext import all_text, page_texts, read

NAME, MRN = "Wanda Quistorp", "MRN-00482913"
NARRATIVE = (f"Ms Quistorp ({MRN}, born 23/07/1961) was admitted on 2023-04-18; the relapse was "
             "confirmed 18/04/2023 (US chart: 04/18/2023) and discussed on April 18, 2023. "
             "Contact 030-555-1234 or wanda.q@example.org; notes at https://chart.example.org/x.")
FORBIDDEN = ["Quistorp", "Wanda", "00482913", "2023-04-18", "18/04/2023", "04/18/2023",
             "April 18, 2023", "23/07/1961", "1961", "030-555-1234", "wanda.q@example.org",
             "chart.example.org", "2023-05", "2023-06-02"]


@pytest.fixture
def identified_case(case_1) -> Case:
    return identify(case_1)


def identify(case: Case) -> Case:
    """``case`` (reference case 1) with a name, a record number and exact dates in fields and
    narrative: the probe of the de-identification tests (PDF, datasets, kit)."""
    doc = case.to_json_dict()
    doc["patient"].update(name=NAME, record_number=MRN, birth_date="1961-07-23")
    doc["case_report"].update(day0="2023-04-18", discussion=NARRATIVE,
                              take_away="Seen again on 2 June 2023 by Quistorp's family.")
    doc["clinical_findings"][0]["day"] = "2023-04-18"
    doc["clinical_findings"][2]["day"] = "2023-06-02"
    doc["timeline"] = [{"day": "2023-05", "event_type": "other", "label": "Outpatient review"}]
    doc["bm_assessments"][1]["note"] = "Aspirate of 2023-05-18, reported by phone"
    return Case.model_validate(doc)


def test_identified_summary_shows_identifiers_and_dates(identified_case, render):
    text = all_text(render(identified_case))
    for expected in [NAME, MRN, "1961-07-23", "2023-04-18", "2023-06-02", NARRATIVE[:40]]:
        assert expected in text, expected


def test_deidentified_text_holds_no_identifier_and_shows_day_numbers(identified_case, render):
    pdf = render(identified_case, deidentified=True)
    text = all_text(pdf)
    for forbidden in FORBIDDEN:
        assert forbidden not in text, forbidden
    assert "[name removed] ([record number removed], born [date removed])" in text
    assert "admitted on [date removed]" in text
    assert "[phone removed] or [e-mail removed]" in text
    clinical = text[text.index("Clinical findings"):text.index("Neurological examination")]
    assert "d0" in clinical and "d45" in clinical          # 2023-06-02 is 45 days after Day 0
    assert "d13–d43 Outpatient review" in text             # the partial date 2023-05 as a range
    assert ("De-identified according to HIPAA Safe Harbor; times are days relative to Day 0 "
            "(diagnosis of CML in lymphoid blast phase (index diagnosis))") in text


def test_deidentified_metadata_limited_to_case_id_and_title(identified_case, render):
    pdf = render(identified_case, deidentified=True)
    info = read(pdf).metadata
    values = " ".join(str(v) for v in info.values())
    for forbidden in FORBIDDEN + [MRN]:
        assert forbidden not in values, forbidden
        assert forbidden.encode() not in pdf
    assert info["/Title"] == identified_case.title
    assert info["/Subject"] == "Case SEED-C1-CAO2023"
    assert info["/Keywords"] == "SEED-C1-CAO2023"
    assert info["/Author"] == ""
    assert info["/CreationDate"] == "D:20240506070809+00'00'"
    xmp = read(pdf).xmp_metadata
    assert xmp is None or not any(f in str(xmp.rdf_root.toxml()) for f in FORBIDDEN)


def test_deidentified_lists_masked_places_without_their_text(identified_case, render):
    text = all_text(render(identified_case, deidentified=True))
    note = text[text.index("De-identification"):]
    assert "case_report.discussion" in note
    assert "bm_assessments[1].note (date)" in note
    assert "Quistorp" not in note


def test_find_identifier_hits_lists_paths_texts_and_kinds(identified_case):
    hits = find_identifier_hits(identified_case)
    discussion = {(h.text, h.kind) for h in hits if h.path == "case_report.discussion"}
    assert {("Quistorp", "name"), (MRN, "record_number"), ("2023-04-18", "date"),
            ("18/04/2023", "date"), ("04/18/2023", "date"), ("April 18, 2023", "date"),
            ("23/07/1961", "date"), ("030-555-1234", "phone"),
            ("wanda.q@example.org", "email")} <= discussion
    assert Hit("bm_assessments[1].note", "2023-05-18", "date") in hits
    assert not any(h.path.startswith("patient.name") for h in hits)
    assert not any(h.path.startswith("case_report.source_publication") for h in hits)


def test_confirmed_texts_stay_but_the_patients_own_identifiers_never_do(identified_case, render):
    doc = identified_case.to_json_dict()
    doc["case_report"]["introduction"] = "Enrolled in trial 20190425; Quistorp consented."
    case = Case.model_validate(doc)
    confirmed = frozenset({"20190425", "Quistorp"})
    text = all_text(render(case, deidentified=True, confirmed_not_identifiers=confirmed))
    assert "trial 20190425" in text
    assert "Quistorp" not in text


def test_ages_of_90_and_over_are_top_coded(case_1, render):
    doc = case_1.to_json_dict()
    doc["patient"]["age_at_day0"] = 93
    case = Case.model_validate(doc)
    assert "≥90 years" in all_text(render(case, deidentified=True))
    assert "93 years" not in all_text(render(case, deidentified=True))
    assert "93 years" in all_text(render(case))


def test_an_injected_scanner_decides_what_is_masked(case_1, render):
    from core.report.deid import Found

    def scanner(text, denylist):
        start = text.find("dasatinib")
        return [Found(start, start + len("dasatinib"), "drug")] if start >= 0 else []

    text = all_text(render(case_1, deidentified=True, scanner=scanner))
    assert "[drug removed]" in text
    assert "dasatinib" not in text


def test_missing_consent_gets_a_notice_on_page_one(case_1, render):
    doc = case_1.to_json_dict()
    doc["consent"] = {"status": "not_obtained", "src": "entered"}
    first = " ".join(page_texts(render(Case.model_validate(doc), deidentified=True))[0].split())
    assert "Consent not documented: consent for publication is not obtained" in first


def test_options_default_to_identified():
    assert ReportOptions().deidentified is False


def test_texts_confirmed_in_the_record_stay(identified_case, render):
    doc = identified_case.to_json_dict()
    doc["case_report"]["introduction"] = "Enrolled in trial 20190425."
    doc["overrides"] = [{"rule_id": "V57", "path": "case_report.introduction",
                         "reason": "a trial number, not the patient's", "match": "20190425"}]
    text = all_text(render(Case.model_validate(doc), deidentified=True))
    assert "trial 20190425" in text


def test_the_source_publication_is_left_out_of_the_deidentified_summary(case_1, render):
    """Its DOI and PMID point at the published case: kept as plain text only when identified
    (as --drop-identifiers leaves them out of a dataset)."""
    assert case_1.case_report.source_publication is not None
    plain = " ".join(all_text(render(case_1)).split())
    assert "Source publication" in plain and "37143650" in plain
    text = " ".join(all_text(render(case_1, deidentified=True)).split())
    assert "Source publication" not in text
    assert "37143650" not in text and "10.3389/fimmu.2023.1181620" not in text


def test_a_phone_number_written_with_spaces_is_masked(case_1, render):
    """Found in a real window: the de-identified PDF kept "call 0601 234 567" (a national
    number in groups with spaces; only dashes, dots, brackets, + or a "Tel"/"Fax" before it
    were found)."""
    doc = case_1.to_json_dict()
    doc["case_report"]["discussion"] = ("Her daughter can be reached on 0601 234 567; "
                                        "the GP's surgery on 020 7946 0958.")
    text = all_text(render(Case.model_validate(doc), deidentified=True))
    for forbidden in ("0601 234 567", "234 567", "020 7946 0958", "7946"):
        assert forbidden not in text, forbidden
    assert "reached on [phone removed]; the GP's surgery on [phone removed]." in text
