"""Single-line text fields hold one line (a research nurse's stranger run, item 3): a title
pasted as '  Blinatumomab<TAB>for CNS<NL>relapse<NBSP>of B-ALL: a case report  ' was stored with
its tab, line break and non-breaking space, and `casebook list` printed the case on two lines.
Now the model stores each such run as one space (the form, a paste, an import and the command
line alike); narrative fields keep their paragraphs; a value already on one line keeps its
exact text (an import writes back the same bytes)."""

from __future__ import annotations

import json
import sqlite3

from core.cli import main
from core.io.interchange import export_document, read_files
from core.model import Case
from tests.conftest import REFERENCE_CASEBOOK

PASTED = "  Blinatumomab\tfor CNS\nrelapse\xa0of B-ALL: a case report  "
CLEAN = "Blinatumomab for CNS relapse of B-ALL: a case report"


def reference() -> dict:
    return json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"][1]


def test_tabs_line_breaks_and_unicode_spaces_become_one_space():
    doc = reference()
    doc["case_report"]["title"] = PASTED
    doc["case_report"]["keywords"] = ["CNS\u2003relapse", "B-ALL"]
    doc["case_report"]["discussion"] = "First paragraph.\n\nSecond\tone."
    doc["treatment_lines"][0]["regimen_name"] = "HyperCVAD\u00a0A\r\n"
    case = Case.model_validate(doc)
    assert case.case_report.title == CLEAN
    assert case.case_report.keywords == ["CNS relapse", "B-ALL"]
    assert case.treatment_lines[0].regimen_name == "HyperCVAD A"
    assert case.case_report.discussion == "First paragraph.\n\nSecond\tone."  # narrative
    assert case.treatment_lines[0].note is None or "\t" not in case.treatment_lines[0].note


def test_a_value_on_one_line_is_kept_exactly():
    doc = reference()
    doc["case_report"]["title"] = "Two  spaces kept, and a trailing one "
    case = Case.model_validate(doc)
    assert case.case_report.title == "Two  spaces kept, and a trailing one "


def test_the_reference_file_round_trips_byte_for_byte(tmp_path):
    cases = read_files([REFERENCE_CASEBOOK]).cases
    again = tmp_path / "again.json"
    again.write_text(json.dumps(export_document(cases), ensure_ascii=False, indent=1),
                     encoding="utf-8")
    assert [c.model_dump_json() for c in read_files([again]).cases] == [
        c.model_dump_json() for c in cases]


def test_an_import_stores_the_title_on_one_line(casebook, tmp_path, capsys):
    doc = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))
    doc["cases"][1]["case_report"]["title"] = PASTED
    src = tmp_path / "pasted.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    casebook.interchange.import_files([src])
    case_id = doc["cases"][1]["case_id"]
    assert casebook.cases.open_case(case_id).title == CLEAN
    casebook.close()
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert f"\t{CLEAN}\n" in out and out.count("\n") == 2


def test_list_prints_an_older_title_with_control_characters_on_one_line(casebook, capsys):
    casebook.interchange.import_files([REFERENCE_CASEBOOK])
    casebook.close()
    with sqlite3.connect(casebook.paths.database) as con:  # stored before titles were one line
        con.execute("UPDATE cases SET title = ?, main_dx = ? WHERE id = (SELECT min(id) FROM "
                    "cases)", ("Old\ttitle\non two\r\nlines\x1b[2J\x00", "B-ALL\n"))
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert any(line.endswith("\tB-ALL \tOld title on two  lines\\x1b[2J\\x00") for line in lines)
    assert all(line.count("\t") == 4 for line in lines)


def _stored_doc(casebook, case_id: str) -> dict:
    with sqlite3.connect(casebook.paths.database) as con:
        (text,) = con.execute("SELECT document FROM cases WHERE id = ?", (case_id,)).fetchone()
    return json.loads(text)


def test_a_title_assigned_without_validation_is_saved_on_one_line(casebook, reference_cases):
    """Assigning to a record (or ``model_copy(update=...)``) does not validate it: the save
    still stores the text on one line, and the saved case it returns holds the same."""
    casebook.interchange.import_files([REFERENCE_CASEBOOK])
    case_id = reference_cases[1].case_id
    case = casebook.cases.open_case(case_id)
    case.case_report.title = "P\tQ"
    saved = casebook.cases.save_case(case)
    assert saved.case_report.title == "P Q"
    assert _stored_doc(casebook, case_id)["case_report"]["title"] == "P Q"
    line = saved.treatment_lines[0].model_copy(update={"regimen_name": "Hyper\nCVAD"})
    again = casebook.cases.save_case(saved.model_copy(update={"treatment_lines": [line]}))
    assert again.treatment_lines[0].regimen_name == "Hyper CVAD"
    assert _stored_doc(casebook, case_id)["treatment_lines"][0]["regimen_name"] == "Hyper CVAD"
    assert line.regimen_name == "Hyper\nCVAD"  # the caller's record is not changed in place


def test_a_new_case_given_a_tab_is_created_on_one_line(casebook):
    case = Case()
    case.case_report.title = "New\u00a0case\ttitle"
    saved = casebook.cases.save_case(case)
    assert _stored_doc(casebook, saved.case_id)["case_report"]["title"] == "New case title"
    assert casebook.cases.open_case(saved.case_id).case_report.title == "New case title"
