"""`casebook report --deidentified` and `casebook kit --deidentified` word their headline for
what was found: rule V60's subdivision (a rare combination with the age) is left out, not "a
possible identifier found in the texts". Before, a case whose only hit was the subdivision
read "Masked 1 possible identifier(s) found in the texts"."""

from __future__ import annotations

import json
from pathlib import Path

from core.cli import main
from core.report.options import RARE_COMBINATION, Hit, masked_words
from tests.core.rare_combination import C1, rare_doc

RARE_ONLY = "Left out the subdivision as a rare combination with the age"


def _store(tmp_path: Path, doc: dict) -> None:
    path = tmp_path / "rare.casebook.json"
    path.write_text(json.dumps({"cases": [doc]}), encoding="utf-8")
    assert main(["import", str(path)]) == 0


def test_a_report_whose_only_hit_is_the_subdivision_says_it_left_it_out(
        capsys, data_home, tmp_path: Path, reference_docs: list[dict]):
    _store(tmp_path, rare_doc(reference_docs[0]))
    capsys.readouterr()
    assert main(["report", C1, "-o", str(tmp_path / "c.pdf"), "--deidentified"]) == 0
    err = capsys.readouterr().err
    assert f"{RARE_ONLY} (1 case(s)):" in err, err
    assert "found in the texts" not in err
    assert f"{C1}, Patient › Subdivision: rare combination with the age “CN-JS”" in err


def test_a_report_with_a_text_found_and_the_subdivision_names_both(
        capsys, data_home, tmp_path: Path, reference_docs: list[dict]):
    doc = rare_doc(reference_docs[0])
    doc["case_report"]["discussion"] = "Seen by Dr Smith, Tel +44 20 7946 0958."
    _store(tmp_path, doc)
    capsys.readouterr()
    assert main(["report", C1, "-o", str(tmp_path / "c.pdf"), "--deidentified"]) == 0
    err = capsys.readouterr().err
    head = next(line for line in err.splitlines() if "case(s)):" in line)
    assert head.startswith("Masked ") and "possible identifier(s) found in the texts" in head
    assert head.endswith(" and left out the subdivision as a rare combination with the age "
                         "(1 case(s)):"), head


def test_the_kit_report_says_it_left_the_subdivision_out(
        capsys, data_home, tmp_path: Path, reference_docs: list[dict]):
    _store(tmp_path, rare_doc(reference_docs[0]))
    capsys.readouterr()
    assert main(["kit", C1, "-o", str(tmp_path / "kit"), "--deidentified"]) == 0
    err = capsys.readouterr().err
    assert f"{RARE_ONLY}." in err and "possible identifier" not in err, err


def test_the_words_by_what_was_found():
    text = Hit("case_report.discussion", "12/03/1989", "date")
    rare = Hit("patient.subdivision", "CN-JS", RARE_COMBINATION)
    assert masked_words([text, text]) == "Masked 2 possible identifier(s) found in the texts"
    assert masked_words([rare]) == RARE_ONLY
    assert masked_words([text, rare, rare]) == (
        "Masked 1 possible identifier(s) found in the texts and left out 2 subdivisions as "
        "rare combinations with the age")
