"""The reason given for a safety action meets the same rules in the service as in the app's
dialog, for every action that takes one (trash, amend, unlock, purge, replace on import, a
figure on a locked case): one line, at most 500 characters, and none of the patient's
identifiers (the reason is kept in clear in the audit trail). A refused reason stores nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.cli import main
from core.cli.common import EXIT_DATA
from core.errors import StatusError
from core.services.cases import CaseService
from core.services.figures import FigureService
from tests.core.test_figures import picture

C1 = "SEED-C1-CAO2023"
NAME, RECORD = "Jane Placeholder", "MRN-0042"
TOO_LONG = "x" * 612
BAD = [(TOO_LONG, r"The reason is 612 characters; at most 500\."),
       ("Entered twice\nby mistake", "more than one line"),
       ("tab\tinside", "more than one line"),
       (f"duplicate of {NAME.upper()}", "patient's identifiers"),
       ("duplicate of Placeholder, Jane", "patient's identifiers"),  # the name's words reversed
       (f"record {RECORD.lower()} entered twice", "patient's identifiers")]


@pytest.fixture
def locked(casebook, reference_cases):
    """Case C1 with a name and record number, locked."""
    casebook.cases.import_cases(reference_cases)
    lenient = CaseService(casebook.ctx, blocking=lambda case: [])  # identifiers: rule V57
    case = lenient.open_case(C1)
    case.patient.name, case.patient.record_number = NAME, RECORD
    return lenient.set_status(C1, "locked", lenient.save_case(case).version)


def stored(casebook) -> tuple[list[tuple], list[tuple]]:
    """Every case row and every audit row, read straight from the database file."""
    with sqlite3.connect(casebook.paths.database) as con:
        rows = con.execute("SELECT id, version, status, trashed_at, document FROM cases "
                           "ORDER BY id").fetchall()
        entries = con.execute("SELECT * FROM audit ORDER BY seq").fetchall()
    return rows, entries


def refused(casebook, action, match: str) -> None:
    before = stored(casebook)
    with pytest.raises(StatusError, match=match):
        action()
    assert stored(casebook) == before


@pytest.mark.parametrize(("reason", "match"), BAD)
def test_trashing_a_locked_case(casebook, locked, reason, match):
    refused(casebook, lambda: casebook.cases.trash_case(C1, reason), match)
    casebook.cases.trash_case(C1, "Entered twice")
    assert casebook.cases.is_trashed(C1)


@pytest.mark.parametrize(("reason", "match"), BAD)
def test_amending_a_locked_case(casebook, locked, reason, match):
    case = casebook.cases.open_case(C1)
    case.case_report.title = "A corrected title"
    refused(casebook, lambda: casebook.cases.save_case(case, reason), match)
    assert casebook.cases.save_case(case, "Title typo").version == locked.version + 1


def test_an_amendment_naming_the_patient_as_edited_is_refused(casebook, locked):
    case = casebook.cases.open_case(C1)
    case.patient.name = "Joan Otherperson"
    refused(casebook, lambda: casebook.cases.save_case(case, "name is Joan Otherperson"),
            "identifiers")
    refused(casebook, lambda: casebook.cases.save_case(case, f"was {NAME}"), "identifiers")


@pytest.mark.parametrize(("reason", "match"), BAD)
def test_unlocking(casebook, locked, reason, match):
    refused(casebook, lambda: casebook.cases.set_status(C1, "draft", locked.version, reason),
            match)
    assert casebook.cases.set_status(C1, "draft", locked.version, "Late result").status \
        == "draft"


@pytest.mark.parametrize(("reason", "match"), BAD)
def test_purging(casebook, locked, reason, match):
    casebook.cases.trash_case(C1, "Entered twice")
    refused(casebook, lambda: casebook.cases.purge_case(C1, reason), match)
    casebook.cases.purge_case(C1, "Entered twice")


@pytest.mark.parametrize(("reason", "match"), BAD)
def test_replacing_on_import(casebook, locked, tmp_path: Path, reason, match):
    case = casebook.cases.open_case(C1)
    case.case_report.title = "A corrected title"
    refused(casebook, lambda: casebook.cases.import_cases([case], replace=True, reason=reason),
            match)
    path = tmp_path / "c1.casebook.json"
    casebook.interchange.export_cases(path, [C1])
    text = path.read_text(encoding="utf-8").replace(locked.title, "A corrected title")
    path.write_text(text, encoding="utf-8")
    refused(casebook, lambda: casebook.interchange.import_files([path], "replace",
                                                                reason=reason), match)
    report = casebook.interchange.import_files([path], "replace", reason="Title typo")
    assert report.replaced == 1


@pytest.mark.parametrize(("reason", "match"), BAD)
def test_a_figure_on_a_locked_case(casebook, locked, tmp_path: Path, reason, match):
    figures = FigureService(casebook.ctx, casebook.cases)
    image = picture(tmp_path / "a.png")
    refused(casebook, lambda: figures.attach(C1, image, figure_number=1, legend="x",
                                             reason=reason), match)


def test_a_reason_of_500_characters_on_one_line_is_kept(casebook, locked):
    casebook.cases.trash_case(C1, "  " + "y" * 500 + "  ")
    with sqlite3.connect(casebook.paths.database) as con:
        [reason] = con.execute("SELECT reason FROM audit WHERE case_id = ? AND action = "
                               "'trash'", (C1,)).fetchone()
    assert reason == "y" * 500


def test_the_command_line_says_what_is_wrong_and_keeps_the_case(casebook, locked, capsys):
    casebook.cases.trash_case(C1, "Entered twice")
    before = stored(casebook)
    assert main(["purge", C1, "--reason", TOO_LONG]) == EXIT_DATA
    assert "The reason is 612 characters; at most 500." in capsys.readouterr().err
    assert main(["purge", C1, "--reason", "two\nlines"]) == EXIT_DATA
    assert "more than one line" in capsys.readouterr().err
    assert main(["purge", C1, "--reason", f"{NAME} twice"]) == EXIT_DATA
    assert "patient's identifiers" in capsys.readouterr().err
    assert stored(casebook) == before


def test_one_word_of_a_name_is_not_the_name():
    """Only a name's every word, in any order, names the patient: a surname alone, as in
    "per Dr Placeholder's note", is left to the reason (as before)."""
    from core.services.reason_rules import names_any

    assert names_any("Signed by Dr Wei Zhang", ["Zhang Wei"])
    assert names_any("zhang, wei: entered twice", ["Zhang Wei"])
    assert not names_any("per Dr Zhang's note", ["Zhang Wei"])
    assert not names_any("Weiss and Zhangjiang", ["Zhang Wei"])  # not as whole words

