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
from core.io.interchange import read_files, write_export
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
    doc["treatment_lines"][0]["note"] = "Cycle 1:\tday 1\u00a0-\u00a021\nCycle 2 "
    case = Case.model_validate(doc)
    assert case.case_report.title == CLEAN
    assert case.case_report.keywords == ["CNS relapse", "B-ALL"]
    assert case.treatment_lines[0].regimen_name == "HyperCVAD A"
    assert case.case_report.discussion == "First paragraph.\n\nSecond\tone."  # narrative
    assert case.treatment_lines[0].note == "Cycle 1:\tday 1\u00a0-\u00a021\nCycle 2 "  # narrative


def test_a_value_on_one_line_is_kept_exactly():
    doc = reference()
    doc["case_report"]["title"] = "Two  spaces kept, and a trailing one "
    case = Case.model_validate(doc)
    assert case.case_report.title == "Two  spaces kept, and a trailing one "


def test_an_export_round_trips_byte_for_byte_with_narrative_white_space(tmp_path):
    """A narrative field's tabs, line breaks and Unicode spaces, and a one-line field's double
    spaces, are exported, read back and exported again as the same bytes."""
    odd = "  First\tparagraph.\r\n\n\u00a0Second\u2003one\u3000\u2028end.  "
    doc = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))
    doc["cases"][1]["case_report"]["discussion"] = odd
    doc["cases"][1]["case_report"]["title"] = "Two  spaces kept "
    source = tmp_path / "source.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    first, again = tmp_path / "first.json", tmp_path / "again.json"
    write_export(first, read_files([source]).cases)
    write_export(again, read_files([first]).cases)
    assert first.read_bytes() == again.read_bytes()
    exported = json.loads(first.read_bytes())["cases"][1]["case_report"]
    assert exported["discussion"] == odd
    assert exported["title"] == "Two  spaces kept "


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


def _store_older_title(casebook, case_id: str, title: str) -> None:
    """The case's stored document as saved before titles were one line."""
    doc = _stored_doc(casebook, case_id)
    doc["case_report"]["title"] = title
    with sqlite3.connect(casebook.paths.database) as con:
        con.execute("UPDATE cases SET document = ? WHERE id = ?",
                    (json.dumps(doc, ensure_ascii=False, separators=(",", ":")), case_id))


def test_an_older_title_made_one_line_is_in_the_audit_of_its_next_save(casebook,
                                                                       reference_cases):
    """An older case opens with its title on one line; its next save stores that and its audit
    entry shows the change (the history does not hide what the save rewrote)."""
    casebook.interchange.import_files([REFERENCE_CASEBOOK])
    case_id = reference_cases[1].case_id
    _store_older_title(casebook, case_id, "Old\ttitle\non two lines")
    case = casebook.cases.open_case(case_id)
    assert case.case_report.title == "Old title on two lines"
    saved = casebook.cases.save_case(case)  # nothing edited: the title is what changes
    assert saved.version == case.version + 1
    assert _stored_doc(casebook, case_id)["case_report"]["title"] == "Old title on two lines"
    [entry] = casebook.audit.history(case_id, "case_report.title")
    assert entry.action == "save"
    assert (entry.old, entry.new) == ("Old\ttitle\non two lines", "Old title on two lines")


def test_an_older_title_is_in_the_audit_of_a_save_of_a_case_read_elsewhere(
        casebook, reference_cases):
    casebook.interchange.import_files([REFERENCE_CASEBOOK])
    case_id = reference_cases[1].case_id
    _store_older_title(casebook, case_id, "Old\u00a0title")
    with sqlite3.connect(casebook.paths.database) as con:  # read as a script would
        text, version = con.execute("SELECT document, version FROM cases WHERE id = ?",
                                    (case_id,)).fetchone()
    case = Case.model_validate_json(text).model_copy(update={"version": version})
    case.case_report.keywords = ["edited"]
    casebook.cases.save_case(case)
    [entry] = casebook.audit.history(case_id, "case_report.title")
    assert (entry.old, entry.new) == ("Old\u00a0title", "Old title")


def test_the_ideographic_space_of_cjk_text_is_kept_but_at_either_end():
    doc = reference()
    doc["case_report"]["title"] = "\u3000急性リンパ性白血病\u3000中枢神経再発\u3000"
    doc["case_report"]["keywords"] = ["中枢\u3000再発", "B\u3000\tALL"]
    case = Case.model_validate(doc)
    assert case.case_report.title == "急性リンパ性白血病\u3000中枢神経再発"
    assert case.case_report.keywords == ["中枢\u3000再発", "B ALL"]


def test_a_citation_is_labelled_as_one_line():
    from core.model.report import Reference

    extra = Reference.model_fields["citation"].json_schema_extra
    assert isinstance(extra, dict) and "as pasted" not in extra["label"]
    assert "on one line" in extra["help"]
    assert Reference(citation="Smith J.\nBlood. 2020;1:2.").citation == "Smith J. Blood. 2020;1:2."
