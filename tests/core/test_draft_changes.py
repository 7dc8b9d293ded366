"""The fields a draft changes, in words (core.services.draft_changes): what the recovery offer
lists. Rows are named by the number their table shows (sorted by when), a removed row by the
stored case's; a missing-value reason is a change of its field; values are never shown."""

from __future__ import annotations

from core.services.draft_changes import draft_changes


def test_fields_rows_added_and_removed_reasons_and_typed_text(reference_cases):
    stored = reference_cases[0]
    labs = list(stored.labs)
    removed = labs.pop(2)
    labs[0] = labs[0].model_copy(update={"specimen": "csf"})
    labs[3] = labs[3].model_copy(update={"value_entered": None, "value_entered_nf": "unknown"})
    labs.append(type(removed)(analyte="Ferritin", value_entered=9.0, unit_entered="ng/mL"))
    patient = stored.patient.model_copy(update={"weight_kg": 77.0})
    draft = stored.model_copy(update={"labs": labs, "patient": patient})

    words = draft_changes(stored, draft, {"patient.age_at_day0": "4O"})
    assert "Patient › Weight" in words
    assert words[-1] == "Patient › Age at Day 0 (typed, not stored)"
    lab_words = [w for w in words if w.startswith("Labs › Laboratory results")]
    assert len(lab_words) == 4, lab_words
    assert any(w.endswith("› Specimen") for w in lab_words)
    assert any(w.endswith("› Value") for w in lab_words)  # not "Value (why missing)"
    assert any(w.endswith(" added") for w in lab_words)
    assert any(w.endswith(" removed") for w in lab_words)
    assert not any("77" in w or "Ferritin" in w or "csf" in w for w in words)


def test_nothing_changed_and_a_new_case(reference_cases):
    stored = reference_cases[0]
    assert draft_changes(stored, stored) == []
    assert draft_changes(stored, stored.model_copy(update={"version": 9})) == []  # bookkeeping
    new = draft_changes(None, stored)
    assert "Title & keywords › Case report › Title" in new and len(new) > 20
