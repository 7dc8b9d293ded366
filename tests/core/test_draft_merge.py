"""A recovered edit merged into the case saved since (core.services.draft_merge): the
clinician's changes go over the stored case where the changes saved since touched other fields;
one field both changed differently is a conflict with both values, picked per conflict; rows
added on either side are kept, a row removed on one side and changed on the other is a conflict
kept unless picked."""

from __future__ import annotations

from core.services.draft_merge import REMOVED, merge_draft


def _with(case, **patient):
    return case.model_copy(update={"patient": case.patient.model_copy(update=patient),
                                   "version": case.version})


def _stored(base, **patient):
    return _with(base, **patient).model_copy(update={"version": base.version + 1})


def test_changes_of_other_fields_merge_without_conflict(reference_cases):
    base = reference_cases[0].model_copy(update={"version": 1})
    mine = _with(base, weight_kg=77.0)
    report = base.case_report.model_copy(update={"introduction": "Changed elsewhere."})
    stored = base.model_copy(update={"version": 2, "case_report": report})

    merge = merge_draft(base, mine, stored)
    assert merge is not None
    assert merge.conflicts == ()
    assert merge.merged.patient.weight_kg == 77.0
    assert merge.merged.case_report.introduction == "Changed elsewhere."
    assert merge.merged.version == 2  # the stored version: the save's check passes
    assert merge.yours == ("Patient › Weight",)
    assert len(merge.theirs) == 1 and merge.theirs[0].endswith(" › Introduction")


def test_one_field_changed_on_both_sides_is_a_conflict_with_both_values(reference_cases):
    base = reference_cases[0].model_copy(update={"version": 1})
    mine = _with(base, weight_kg=77.0, height_cm=150.0)
    stored = _stored(base, weight_kg=80.5)

    merge = merge_draft(base, mine, stored)
    assert merge is not None
    [conflict] = merge.conflicts
    assert (conflict.label, conflict.mine_text, conflict.stored_text) == (
        "Patient › Weight", "77 kg", "80.5 kg")  # with the unit the form shows beside it
    assert merge.yours == ("Patient › Height",)  # the conflict is not listed as merged
    assert merge.merged.patient.weight_kg == 77.0  # not picked: the form shows mine
    assert merge.resolved({conflict.key: "stored"}).patient.weight_kg == 80.5
    assert merge.resolved({conflict.key: "mine"}).patient.weight_kg == 77.0
    assert merge.resolved({conflict.key: "stored"}).patient.height_cm == 150.0


def test_a_code_is_shown_with_its_label_as_the_form_lists_it(reference_cases):
    """A conflict on a coded field shows the code with its vocabulary's label, as the form's
    list shows it ("DE — Germany"), not the bare code."""
    base = reference_cases[0].model_copy(update={"version": 1})
    merge = merge_draft(base, _with(base, country="DE"), _stored(base, country="FR"))
    assert merge is not None
    [conflict] = merge.conflicts
    assert (conflict.label, conflict.mine_text, conflict.stored_text) == (
        "Patient › Country", "DE — Germany", "FR — France")


def test_the_same_change_on_both_sides_is_no_conflict(reference_cases):
    base = reference_cases[0].model_copy(update={"version": 1})
    merge = merge_draft(base, _with(base, weight_kg=77.0), _stored(base, weight_kg=77.0))
    assert merge is not None and merge.conflicts == ()
    assert merge.merged.patient.weight_kg == 77.0


def test_rows_added_on_both_sides_are_kept_and_a_removed_changed_row_conflicts(
        reference_cases):
    base = reference_cases[0].model_copy(update={"version": 1})
    labs = list(base.labs)
    lab = type(labs[0])
    mine_labs = [*labs[1:], lab(analyte="Ferritin", value_entered=9.0, unit_entered="ng/mL")]
    stored_labs = [labs[0].model_copy(update={"specimen": "csf"}), *labs[1:],
                   lab(analyte="LDH", value_entered=300.0, unit_entered="U/L")]
    mine = base.model_copy(update={"labs": mine_labs})
    stored = base.model_copy(update={"labs": stored_labs, "version": 2})

    merge = merge_draft(base, mine, stored)
    assert merge is not None
    analytes = [row.analyte for row in merge.merged.labs]
    assert "Ferritin" in analytes and "LDH" in analytes
    [conflict] = merge.conflicts
    assert conflict.row and conflict.mine_text == REMOVED
    assert conflict.label.startswith("Labs › Laboratory results › row ")
    assert labs[0].model_copy(update={"specimen": "csf"}) in merge.merged.labs  # kept
    gone = merge.resolved({conflict.key: "mine"})
    assert len(gone.labs) == len(merge.merged.labs) - 1
    assert all(row.specimen != "csf" or row != stored_labs[0] for row in gone.labs)


def test_a_draft_keeps_its_base_and_an_older_one_has_none(casebook, reference_cases):
    casebook.cases.import_cases(reference_cases[:1])
    base = casebook.cases.open_case(reference_cases[0].case_id)
    casebook.drafts.save_draft(_with(base, weight_kg=77.0), base=base)
    [draft] = casebook.drafts.list_drafts()
    assert draft.base == base and draft.case.patient.weight_kg == 77.0
    casebook.drafts.save_draft(_with(base, weight_kg=78.0))  # as older versions wrote it
    [older] = casebook.drafts.list_drafts()
    assert older.base is None and older.case.patient.weight_kg == 78.0
    stale = base.model_copy(update={"version": base.version + 1})  # not the edit's version
    casebook.drafts.save_draft(_with(base, weight_kg=79.0), base=stale)
    assert casebook.drafts.list_drafts()[0].base is None


def test_a_save_deletes_the_draft_it_holds_and_keeps_one_it_does_not(casebook, reference_cases):
    """A save elsewhere (another window, a status change) deleted every draft of the case: a
    crashed window's typing went with it, unasked."""
    casebook.cases.import_cases(reference_cases[:1])
    base = casebook.cases.open_case(reference_cases[0].case_id)
    edit = _with(base, weight_kg=77.0)
    casebook.drafts.save_draft(edit, base=base)
    newer = casebook.cases.save_case(_with(base, height_cm=150.0))
    [kept] = casebook.drafts.list_drafts()
    assert kept.base == base and kept.case.patient.weight_kg == 77.0
    casebook.cases.save_case(edit.model_copy(update={"version": newer.version,
                                                     "patient": kept.case.patient}))
    assert casebook.drafts.list_drafts() == []  # that save held all the draft did
