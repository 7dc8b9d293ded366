"""De-identified outputs treat rule V60's rare combination (reference §9.2: an age at Day 0 of
90 or over, or under one year, with a subdivision) as they treat an identifier the scan finds
in the text (V57, V58): a de-identified dataset export stops at it until it is confirmed, the
de-identified PDF (and so the kit's case summary) leaves the subdivision out and says so. A V60
override in the record confirms it; an identified output is not touched."""

from __future__ import annotations

import csv
from pathlib import Path

from core.cli import main
from core.model import Case
from core.report import ReportOptions, find_identifier_hits
from tests.core.rare_combination import C1, LEFT_OUT, export_stopped, rare_doc
from tests.core.report.pdftext import all_text


def _subdivisions(folder: Path) -> dict[str, str]:
    with open(folder / "patient.csv", encoding="utf-8-sig", newline="") as fh:
        return {r["case_id"]: r["pt_subdivision"] for r in csv.DictReader(fh)}


def test_a_deidentified_dataset_export_stops_until_confirmed(stored_rare, tmp_path, capsys):
    stored_rare()
    out, err = export_stopped(tmp_path, capsys)
    assert f"{C1}, Patient › Subdivision: rare combination with the age “CN-JS”" in err
    assert "Nothing was written" in err and not out.exists()
    assert main(["export", "--format", "csv", "--drop-identifiers", "--confirm-phi",
                 "-o", str(out)]) == 0
    assert _subdivisions(out) == {C1: "CN-JS"}
    assert "1 possible identifier(s) were confirmed" in capsys.readouterr().err
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "plain")]) == 0  # identified


def test_a_v60_override_in_the_record_lets_the_export_through(stored_rare, tmp_path):
    stored_rare(confirmed=True)
    assert main(["export", "--format", "csv", "--drop-identifiers", "-o",
                 str(tmp_path / "deid")]) == 0
    assert _subdivisions(tmp_path / "deid") == {C1: "CN-JS"}


def test_the_deidentified_pdf_leaves_the_subdivision_out(reference_docs, render):
    case = Case.model_validate(rare_doc(reference_docs[0]))
    hits = find_identifier_hits(case, ReportOptions(deidentified=True))
    assert ("patient.subdivision", "CN-JS", "rare_combination") in {
        (h.path, h.text, h.kind) for h in hits}
    text = all_text(render(case, deidentified=True))
    assert LEFT_OUT in text and "CN-JS" not in text and "Jiangsu" not in text
    # the De-identification note: left out, not "masked in free text"
    assert "Left out as a rare combination with the age" in text
    assert "Masked in free text" not in text
    confirmed = Case.model_validate(rare_doc(reference_docs[0], confirmed=True))
    assert LEFT_OUT not in all_text(render(confirmed, deidentified=True))
    assert LEFT_OUT not in all_text(render(case))  # identified: as recorded


def test_an_89_year_old_is_no_rare_combination(reference_docs, render):
    doc = rare_doc(reference_docs[0])
    doc["patient"].update(age_at_day0=89, age_top_coded=False)
    case = Case.model_validate(doc)
    assert not [h for h in find_identifier_hits(case) if h.kind == "rare_combination"]
    assert LEFT_OUT not in all_text(render(case, deidentified=True))
