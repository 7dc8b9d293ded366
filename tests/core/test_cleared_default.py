"""A field that may be None but defaults to a value (the case report's classification systems)
keeps None when the user cleared it: the dump writes it as null (a key left out would read back
as the default), through a save and reopen, an export and import, and the search index (the
save's text and a reindex's agree). A value, or an older document without the key, is as
before."""

from __future__ import annotations

import json

from sqlalchemy import text

from core.model import Case
from core.search.derived import clinical_values
from core.search.documents import case_text
from core.search.rebuild import rebuild_index

CLEARED = ("disease_classification_system", "cns_classification_system",
           "response_criteria_system", "ae_grading_system")


def cleared(case: Case, name: str = "disease_classification_system") -> Case:
    out = case.model_copy(deep=True, update={"version": 0})
    setattr(out.case_report, name, None)
    return out


def fts_row(casebook, case_id: str) -> tuple:
    with casebook.ctx.db.read() as conn:
        return tuple(conn.execute(text(
            "SELECT f.* FROM search_fts f JOIN search_docs d ON d.doc_id = f.rowid "
            "WHERE d.case_id = :c"), {"c": case_id}).one())


def test_each_cleared_field_is_written_as_null_and_reads_back_as_none():
    for name in CLEARED:
        case = Case(case_report={"title": "T", name: None})
        doc = case.to_json_dict()
        assert name in doc["case_report"] and doc["case_report"][name] is None
        assert getattr(Case.model_validate(doc).case_report, name) is None
        assert list(doc["case_report"]) == [k for k in type(case.case_report).model_fields
                                            if k in doc["case_report"]]  # field order


def test_a_value_or_a_missing_key_is_dumped_and_read_as_before(reference_cases):
    case = reference_cases[0]
    assert case.case_report.disease_classification_system is not None
    doc = case.to_json_dict()
    assert None not in doc["case_report"].values()
    old = Case(case_report={"title": "T"}).to_json_dict()
    del old["case_report"]["disease_classification_system"]
    assert Case.model_validate(old).case_report.disease_classification_system == "WHO-HAEM5-2022"


def test_a_cleared_field_survives_a_save_and_reopen(casebook, reference_cases):
    saved = casebook.cases.save_case(cleared(reference_cases[0]))
    reopened = casebook.cases.open_case(saved.case_id)
    assert reopened.case_report.disease_classification_system is None
    assert reopened.case_report.cns_classification_system == \
        reference_cases[0].case_report.cns_classification_system


def test_a_cleared_field_with_its_reason_survives_a_save_and_reopen(casebook, reference_cases):
    case = cleared(reference_cases[0])
    case.case_report.nf["disease_classification_system"] = "not_reported"
    saved = casebook.cases.save_case(case)
    reopened = casebook.cases.open_case(saved.case_id)
    assert reopened.case_report.disease_classification_system is None
    assert reopened.case_report.nf["disease_classification_system"] == "not_reported"


def test_a_cleared_field_survives_an_export_and_import(casebook, reference_cases, tmp_path):
    saved = casebook.cases.save_case(cleared(reference_cases[0]))
    path = tmp_path / "out.json"
    casebook.interchange.export_cases(path, [saved.case_id])
    written = json.loads(path.read_text(encoding="utf-8"))["cases"][0]["case_report"]
    assert written["disease_classification_system"] is None
    casebook.interchange.import_files([path], mode="replace")
    back = casebook.cases.open_case(saved.case_id)
    assert back.case_report.disease_classification_system is None


def test_the_index_text_of_a_save_is_the_text_of_a_reindex(casebook, reference_cases):
    saved = casebook.cases.save_case(cleared(reference_cases[0]))
    after_save = fts_row(casebook, saved.case_id)
    assert not any("HAEM5" in str(v) for v in after_save)
    with casebook.ctx.write() as (conn, _audit):
        assert rebuild_index(conn) == 1
    assert fts_row(casebook, saved.case_id) == after_save
    expected = case_text(saved, clinical_values(saved))
    assert "HAEM5" not in expected.body
