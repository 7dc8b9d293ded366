"""A single record printed as label/value pairs (patient, outcome, consent) carries the
placeholder mark † and its note, as the record tables do (a stranger test: reference case 1's
patient, a placeholder, read "34 years, male, 68 kg, ECOG 1" with no mark, as if observed)."""

from __future__ import annotations

from tests.core.report.pdftext import all_text

NOTE = "† placeholder values (synthetic, not patient data)."


def _between(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


def test_a_placeholder_patient_and_consent_are_marked_with_the_note(render, case_1):
    assert case_1.patient.src == "placeholder" and case_1.consent.src == "placeholder"
    text = all_text(render(case_1))
    patient = _between(text, "Patient information", "Medical, family and psychosocial history")
    for value in ("34 years †", "male †", "68 kg †", "ECOG 1 †"):
        assert value in patient, patient
    assert NOTE in patient
    reasoning = _between(text, "Diagnostic reasoning", "Bone marrow")  # a paragraph, marked
    assert "basophilia. †" in reasoning and NOTE in reasoning
    consent = text[text.index("Informed consent"):]
    assert "Consent status obtained †" in consent and "Signed by patient †" in consent
    assert NOTE in consent


def test_only_the_placeholder_fields_of_a_record_are_marked(render, case_1):
    outcome = case_1.outcome
    assert outcome.src != "placeholder"
    assert outcome.placeholder_fields == ["last_known_alive_day", "disease_status_at_last_contact"]
    text = all_text(render(case_1))
    section = _between(text, "Adverse events", "Discussion")
    assert "Last known alive d229 †" in section and "CR, MRD negative †" in section
    assert "CNS1 †" not in section and "Vital status unknown †" not in section
    assert NOTE in section


def test_a_patient_entered_by_hand_has_no_mark(render, case_1):
    case = case_1.model_copy(deep=True)
    case.patient.src = "entered"
    text = all_text(render(case))
    patient = _between(text, "Patient information", "Medical, family and psychosocial history")
    assert "†" not in patient and "34 years" in patient and "ECOG 1" in patient
    case.patient.placeholder_fields = ["weight_kg"]  # one field: it alone, and the note
    patient = _between(all_text(render(case)), "Patient information",
                       "Medical, family and psychosocial history")
    assert "68 kg †" in patient and "34 years †" not in patient and NOTE in patient
