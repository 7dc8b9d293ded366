"""An identified PDF of a case changed outside Casebook (its stored document no longer the one
its audit trail chained) says so on every page instead of carrying the audit anchor, and the
command line warns (a review: `casebook check` reported the change, yet `report` printed the
tampered dose with the anchor in the footer, as if vouched for)."""

from __future__ import annotations

import json

from tests.reliability.conftest import raw
from tests.reliability.tamper import CASE, cli


def _text(path) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_a_case_changed_outside_is_not_printed_as_recorded(filled, capsys, tmp_path):
    from core.report.document import AUDIT_MISMATCH

    before = tmp_path / "before.pdf"
    assert cli(capsys, "report", CASE, "-o", str(before))[0] == 0
    assert "Audit anchor" in _text(before) and "NOT AS RECORDED" not in _text(before)
    assert filled.audit.document_matches(CASE)

    con = raw(filled.paths.database)
    (document,) = con.execute("SELECT document FROM cases WHERE id = ?", (CASE,)).fetchone()
    doc = json.loads(document)
    doc["treatment_lines"][0]["administrations"][0]["dose"] = 99.0  # a dose rewritten
    with con:
        con.execute("UPDATE cases SET document = ? WHERE id = ?", (json.dumps(doc), CASE))
    con.close()

    assert not filled.audit.document_matches(CASE)
    after = tmp_path / "after.pdf"
    status, out = cli(capsys, "report", CASE, "-o", str(after))
    assert status == 0
    assert "differs from its audit trail" in out
    text = _text(after)
    assert "Audit anchor" not in text
    assert text.count("NOT AS RECORDED") == len(__import__("pypdf").PdfReader(after).pages)
    assert AUDIT_MISMATCH.split(":")[0] in text
    deid = tmp_path / "deid.pdf"  # a de-identified PDF has no anchor to withhold
    assert cli(capsys, "report", CASE, "--deidentified", "-o", str(deid))[0] == 0


def test_a_pdf_batch_withholds_the_anchor_of_that_case_only(filled, tmp_path):
    from pypdf import PdfReader

    from core.services.pdf_batch import save_pdfs

    con = raw(filled.paths.database)
    (document,) = con.execute("SELECT document FROM cases WHERE id = ?", (CASE,)).fetchone()
    doc = json.loads(document)
    doc["case_report"]["title"] += " (edited by hand)"
    with con:
        con.execute("UPDATE cases SET document = ? WHERE id = ?", (json.dumps(doc), CASE))
    con.close()
    batch = save_pdfs(filled, None, tmp_path / "pdfs", deidentified=False)
    texts = {p.stem: " ".join(page.extract_text() for page in PdfReader(p).pages)
             for p in batch.written}
    assert len(texts) >= 2
    for case_id, text in texts.items():
        changed = case_id == CASE
        assert ("NOT AS RECORDED" in text) == changed, case_id
        assert ("Audit anchor" in text) != changed, case_id
