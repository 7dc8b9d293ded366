"""The full-text row of a re-saved case: a section whose text is not kept from the case's last
save is collected from the JSON form the save dumped (documents._json_part), and must give the
model walk's text exactly (issue 20, the re-save path)."""

from __future__ import annotations

from sqlalchemy import text

from core.model import Case
from core.search import documents
from core.search.derived import ClinicalValues, clinical_values
from core.search.documents import case_text
from core.synth import generate_cases


def fresh_text(case: Case, values: ClinicalValues) -> documents.CaseText:
    """case_text with the JSON form and nothing kept for the case (its first save here)."""
    documents._PARTS.pop(case.case_id, None)
    return case_text(case, values, case.to_json_dict())


def test_a_re_save_without_kept_sections_gives_the_model_text(reference_cases):
    for case in [*reference_cases, *generate_cases(30, seed=5)]:
        values = clinical_values(case)
        assert fresh_text(case, values) == case_text(case, values)


def test_a_key_the_dump_omits_held_none_not_the_default():
    """The JSON path of the rebuild gives an omitted key its default (as validation would);
    a save's dump omits a key because the case held None there: no default's text."""
    bare = Case(case_report={"title": "T", "disease_classification_system": None,
                             "cns_classification_system": None})
    walked = case_text(bare, ClinicalValues())
    assert "WHO-HAEM5" not in walked.body and "COG" not in walked.body
    assert fresh_text(bare, ClinicalValues()) == walked


def test_an_edited_section_after_a_save_gives_the_model_text(reference_cases):
    case = reference_cases[0].model_copy(deep=True)
    values = clinical_values(case)
    fresh_text(case, values)  # its sections kept, as after a save
    case.case_report.title = "Another title"
    case.diagnoses[0].entity = "Entity written anew"
    case.patient.sex = None
    values = clinical_values(case)
    assert case_text(case, values, case.to_json_dict()) == case_text(case, values)


def test_the_stored_row_of_a_re_save_is_the_model_text(casebook, reference_cases):
    """Through the service: the case is saved, its kept sections dropped (as after a restart),
    edited and saved again; its stored FTS row is the model walk's text."""
    from core.search.index import FTS_COLUMNS

    stored = casebook.cases.save_case(reference_cases[0].model_copy(update={"version": 0}))
    documents._PARTS.clear()
    case = casebook.cases.open_case(stored.case_id)
    case.case_report.title = "Re-saved title"
    saved = casebook.cases.save_case(case)
    with casebook.ctx.db.read() as conn:
        row = conn.execute(text(
            f"SELECT {', '.join(FTS_COLUMNS[:-1])} FROM search_fts f JOIN search_docs d "
            "ON d.doc_id = f.rowid WHERE d.case_id = :c"), {"c": saved.case_id}).one()
    expected = case_text(saved, clinical_values(saved))
    assert tuple(row) == tuple(expected.columns().values())
    assert "Re-saved title" in row[0]
