"""A save writes only what changed: index rows equal to the stored ones stay, the old document
is diffed as stored (also when something outside Casebook changed it), and the index after
saves is the one a full rebuild makes."""

from __future__ import annotations

import json

from sqlalchemy import select, text, update

from core.store.tables import audit, case_codes, case_numbers, cases


def _index_state(casebook, case_id):
    """Row ids and contents of the case's index rows and its full-text row."""
    with casebook.ctx.db.read() as conn:
        codes = sorted(conn.execute(text(
            "SELECT rowid, facet, value FROM case_codes WHERE case_id = :c"), {"c": case_id}))
        numbers = sorted(conn.execute(text(
            "SELECT rowid, facet, value, unit FROM case_numbers WHERE case_id = :c"),
            {"c": case_id}))
        doc_id = conn.execute(text("SELECT doc_id FROM search_docs WHERE case_id = :c"),
                              {"c": case_id}).scalar_one()
        fts = conn.execute(text("SELECT rowid, * FROM search_fts WHERE rowid = :d"),
                           {"d": doc_id}).one()
    return {"codes": codes, "numbers": numbers, "doc_id": doc_id, "fts": tuple(fts)}


def _contents(state):
    """The same without the row ids of the code and number rows."""
    return ({r[1:] for r in state["codes"]}, sorted(r[1:] for r in state["numbers"]),
            state["doc_id"], state["fts"])


def _hits(casebook, words):
    return {hit.case_id for hit in casebook.search.search(words).hits}


def test_a_save_that_changes_no_index_row_rewrites_none(casebook, reference_cases):
    stored = casebook.cases.save_case(reference_cases[0].model_copy(update={"version": 0}))
    casebook.cases.save_case(reference_cases[1].model_copy(update={"version": 0}))  # rows after
    before = _index_state(casebook, stored.case_id)
    edited = stored.model_copy(deep=True)
    edited.csf_assessments[2].wbc_per_uL = (edited.csf_assessments[2].wbc_per_uL or 0) + 1
    casebook.cases.save_case(edited)
    assert _index_state(casebook, stored.case_id) == before  # same rows, same row ids


def test_changed_index_rows_are_rewritten_and_match_a_rebuild(casebook, reference_cases):
    stored = casebook.cases.save_case(reference_cases[0].model_copy(update={"version": 0}))
    other = casebook.cases.save_case(reference_cases[1].model_copy(update={"version": 0}))
    before = _index_state(casebook, stored.case_id)
    edited = stored.model_copy(deep=True)
    edited.case_report.title = "Zygomatic quokka presentation"
    edited.patient.sex = "female" if stored.patient.sex != "female" else "male"
    edited.patient.age_at_day0 = (stored.patient.age_at_day0 or 30) + 7
    saved = casebook.cases.save_case(edited)
    after = _index_state(casebook, stored.case_id)
    assert after["doc_id"] == before["doc_id"]  # the case keeps its full-text row id
    assert after["fts"] != before["fts"] and after["codes"] != before["codes"]
    assert after["numbers"] != before["numbers"]
    assert _hits(casebook, "quokka") == {stored.case_id}
    assert _hits(casebook, f"sex:{edited.patient.sex}") >= {stored.case_id}
    casebook.cases.save_case(saved.model_copy(update={"case_report": saved.case_report
                                                       .model_copy(update={"title": "Plain"})}))
    assert _hits(casebook, "quokka") == set()
    saved_state = {cid: _contents(_index_state(casebook, cid))
                   for cid in (stored.case_id, other.case_id)}
    casebook.search.reindex()
    rebuilt = {cid: _contents(_index_state(casebook, cid))
               for cid in (stored.case_id, other.case_id)}
    for cid in rebuilt:  # a rebuild numbers the full-text rows afresh; contents are equal
        assert saved_state[cid][:2] == rebuilt[cid][:2]
        assert saved_state[cid][3][1:] == rebuilt[cid][3][1:]


def test_a_duplicated_index_row_is_put_right_by_the_next_save(casebook, reference_cases):
    stored = casebook.cases.save_case(reference_cases[0].model_copy(update={"version": 0}))
    with casebook.ctx.db.write() as conn:
        conn.execute(text("INSERT INTO case_codes (case_id, facet, value) SELECT case_id, "
                          "facet, value FROM case_codes WHERE case_id = :c LIMIT 1"),
                     {"c": stored.case_id})
        conn.execute(text("DELETE FROM case_numbers WHERE case_id = :c"), {"c": stored.case_id})
    edited = stored.model_copy(deep=True)
    edited.csf_assessments[2].wbc_per_uL = (edited.csf_assessments[2].wbc_per_uL or 0) + 1
    casebook.cases.save_case(edited)
    with casebook.ctx.db.read() as conn:
        codes = list(conn.execute(select(case_codes.c.facet, case_codes.c.value)
                                  .where(case_codes.c.case_id == stored.case_id)))
        numbers = list(conn.execute(select(case_numbers.c.facet)
                                    .where(case_numbers.c.case_id == stored.case_id)))
    assert len(codes) == len(set(codes)) and numbers


def test_the_old_document_is_diffed_as_stored_after_a_change_outside(casebook, reference_cases):
    """The save keeps the JSON form of what it stored for the next save; a document changed
    in the database since (here: the sex) is diffed as it is stored, not as it was kept."""
    stored = casebook.cases.save_case(reference_cases[0].model_copy(update={"version": 0}))
    edited = stored.model_copy(deep=True)
    edited.csf_assessments[2].wbc_per_uL = 61
    saved = casebook.cases.save_case(edited)
    outside = "female" if saved.patient.sex != "female" else "male"
    with casebook.ctx.db.write() as conn:
        doc = json.loads(conn.execute(select(cases.c.document)
                                      .where(cases.c.id == saved.case_id)).scalar_one())
        doc["patient"]["sex"] = outside
        conn.execute(update(cases).where(cases.c.id == saved.case_id).values(
            document=json.dumps(doc, ensure_ascii=False, separators=(",", ":"))))
    again = saved.model_copy(deep=True)
    again.csf_assessments[2].wbc_per_uL = 62
    casebook.cases.save_case(again)
    with casebook.ctx.db.read() as conn:
        rows = conn.execute(select(audit.c.path, audit.c.old, audit.c.new)
                            .where(audit.c.case_id == saved.case_id, audit.c.action == "save")
                            .order_by(audit.c.seq)).all()
    assert ("patient.sex", outside, saved.patient.sex) in rows
    assert ("csf_assessments[2].wbc_per_uL", "61.0", "62.0") in rows


def test_the_text_of_unchanged_sections_is_reused_and_the_same(reference_cases):
    """case_text with the JSON form reuses the sections equal to its last call's; the text
    is the one a full walk makes, edit after edit (a section changed, added, emptied)."""
    from core.search.derived import clinical_values
    from core.search.documents import case_text

    case = reference_cases[0].model_copy(deep=True)
    steps = [lambda c: None,
             lambda c: setattr(c.case_report, "title", "Quokka 袋鼠 zygomatic"),
             lambda c: setattr(c.patient, "sex", "female"),
             lambda c: c.diagnoses.pop(),
             lambda c: setattr(c.case_report, "title", "Plain again"),
             lambda c: c.csf_assessments.clear()]
    for step in steps:
        case = case.model_copy(deep=True)
        step(case)
        values = clinical_values(case)
        reused = case_text(case, values, case.to_json_dict())
        assert reused == case_text(case, values)
    assert "袋" not in reused.cjk and "Plain again" in reused.title


def test_plain_sql_fails_as_sqlalchemy_does(casebook):
    """The save's plain statements raise SQLAlchemy's errors, which the services turn into
    plain messages (a full disk, a read-only folder...)."""
    import pytest
    from sqlalchemy.exc import OperationalError

    from core.store.engine import plain

    with casebook.ctx.db.read() as conn:
        assert plain(conn, "SELECT count(*) FROM cases").fetchone() == (0,)
        with pytest.raises(OperationalError, match="no such table"):
            plain(conn, "SELECT * FROM no_such_table")


def test_the_first_save_after_opening_does_not_parse_the_stored_document(
        casebook, reference_cases, monkeypatch):
    """open_case keeps the stored case's JSON form: the next save diffs against it; the case
    edited in place after opening does not change what is kept."""
    from core.services.cases import CaseService
    from core.store.repository import StoredRow

    stored = casebook.cases.save_case(reference_cases[0].model_copy(update={"version": 0}))
    fresh = CaseService(casebook.ctx)  # as after starting the app: nothing saved yet
    opened = fresh.open_case(stored.case_id)
    opened.csf_assessments[2].wbc_per_uL = 63  # edited in place, as the editor may
    parsed = []
    real = StoredRow.case
    monkeypatch.setattr(StoredRow, "case", lambda row: parsed.append(row) or real(row))
    fresh.save_case(opened)
    assert parsed == []
    with casebook.ctx.db.read() as conn:
        rows = conn.execute(select(audit.c.path, audit.c.old, audit.c.new)
                            .where(audit.c.case_id == stored.case_id,
                                   audit.c.action == "save")).all()
    old = stored.csf_assessments[2].wbc_per_uL
    assert rows == [("csf_assessments[2].wbc_per_uL",
                     None if old is None else str(float(old)), "63.0")]


def test_a_re_save_after_a_creation_validates_nothing(casebook, reference_cases, monkeypatch):
    """The first save of a new case keeps its JSON form as open_case and a re-save do: the
    next save of it neither parses nor validates the stored document (issue 20: no pydantic
    validation on save), and its audit entries are the change made."""
    from core.model import Case
    from core.store.repository import StoredRow

    stored = casebook.cases.save_case(reference_cases[0].model_copy(update={"version": 0}))
    edited = stored.model_copy(deep=True)
    edited.csf_assessments[2].wbc_per_uL = 64
    parsed, validated = [], []
    real = StoredRow.case
    monkeypatch.setattr(StoredRow, "case", lambda row: parsed.append(row) or real(row))
    real_validate = Case.model_validate_json.__func__
    monkeypatch.setattr(Case, "model_validate_json", classmethod(
        lambda cls, *a, **k: validated.append(cls) or real_validate(cls, *a, **k)))
    saved = casebook.cases.save_case(edited)
    assert parsed == [] and validated == []
    assert saved.version == 2
    with casebook.ctx.db.read() as conn:
        rows = conn.execute(select(audit.c.path, audit.c.new)
                            .where(audit.c.case_id == stored.case_id,
                                   audit.c.action == "save")).all()
    assert rows == [("csf_assessments[2].wbc_per_uL", "64.0")]


def test_a_re_save_serialises_and_hashes_its_document_once(casebook, reference_cases,
                                                          monkeypatch):
    """The row's text, the audit entry's hash and the index rows come from one dump of the
    case (to_json_dict, then json.dumps of it), hashed once (issue 20)."""
    import core.services.cases as service
    import core.store.repository as repository
    from core.model import Case

    stored = casebook.cases.save_case(reference_cases[0].model_copy(update={"version": 0}))
    edited = stored.model_copy(deep=True)
    edited.csf_assessments[2].wbc_per_uL = 65
    dumps, hashes = [], []
    real_dump, real_hash = Case.to_json_dict, repository.document_digest
    monkeypatch.setattr(Case, "to_json_dict", lambda case: dumps.append(1) or real_dump(case))
    for module in (service, repository):
        monkeypatch.setattr(module, "document_digest",
                            lambda text: hashes.append(text) or real_hash(text))
    saved = casebook.cases.save_case(edited)
    assert len(dumps) == 1
    with casebook.ctx.db.read() as conn:
        document = conn.execute(select(cases.c.document)
                                .where(cases.c.id == saved.case_id)).scalar_one()
    assert hashes == [document]
