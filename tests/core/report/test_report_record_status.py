"""The PDF of a complete or locked case states its status, who locked it and when, and lists
its amendments with their reasons (issue 14); read back with pypdf."""

from __future__ import annotations

import re

from core.report import render_case_pdf
from core.services.reports import report_options
from tests.core.report.pdftext import all_text

C1 = "SEED-C1-CAO2023"


def _locked_and_amended(casebook, reference_cases):
    casebook.cases.import_cases(reference_cases[:1])
    case = casebook.cases.open_case(C1)  # stored complete: reopen, complete, lock
    case = casebook.cases.set_status(C1, "draft", case.version)
    case = casebook.cases.set_status(C1, "complete", case.version)
    case = casebook.cases.set_status(C1, "locked", case.version)
    edit = case.model_copy(deep=True)
    edit.patient.weight_kg = 71.5
    case = casebook.cases.save_case(edit, reason="weight from the clinic letter")
    edit = case.model_copy(deep=True)
    edit.case_report.title = "Corrected title"
    return casebook.cases.save_case(edit, reason="title typo")


def test_a_locked_case_states_who_locked_it_and_its_amendments(casebook, reference_cases):
    case = _locked_and_amended(casebook, reference_cases)
    text = all_text(render_case_pdf(case, report_options(False, casebook.audit, case)))
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"
    assert re.search(rf"Record status: Locked, signed by dr\.test on {stamp} \(marked complete "
                     rf"by dr\.test on {stamp}\)", text), text[:600]
    assert "Amendments after locking" in text
    assert "weight from the clinic letter" in text and "title typo" in text
    # the fields named from the editor's section list, as the case history names them
    assert "Patient › Weight" in text and "Title & keywords › Case report › Title" in text
    assert text.index("weight from the clinic letter") < text.index("title typo")


def test_a_de_identified_summary_states_the_status_without_dates(casebook, reference_cases):
    case = _locked_and_amended(casebook, reference_cases)
    text = all_text(render_case_pdf(case, report_options(True, casebook.audit, case)))
    assert "Record status: Locked, signer's name not recorded (marked complete)." in text
    assert "date withheld" in text and "title typo" in text
    assert " on 20" not in text  # the record's own times are withheld (the footer has its own)


def test_a_complete_case_says_so_and_a_draft_says_nothing_more(casebook, reference_cases):
    casebook.cases.import_cases(reference_cases[:1])
    case = casebook.cases.open_case(C1)
    draft = casebook.cases.set_status(C1, "draft", case.version)
    text = all_text(render_case_pdf(draft, report_options(False, casebook.audit, draft)))
    assert "Record status:" not in text
    done = casebook.cases.set_status(C1, "complete", draft.version)
    text = all_text(render_case_pdf(done, report_options(False, casebook.audit, done)))
    assert re.search(r"Record status: Complete, marked complete by dr\.test on .{10} "
                     r"\d\d:\d\d UTC; not locked\.", text)


def test_the_command_line_prints_the_amendments_in_one_pdf_and_in_all(
        casebook, reference_cases, tmp_path, capsys, monkeypatch):
    from core.cli import main

    monkeypatch.setattr("core.report.batch._worker_count", lambda workers, options: 1)
    _locked_and_amended(casebook, reference_cases)
    data = str(casebook.paths.root)
    one, folder = tmp_path / "one.pdf", tmp_path / "all"
    assert main(["--data-dir", data, "report", C1, "--deidentified", "-o", str(one)]) == 0
    assert main(["--data-dir", data, "report", "--all", "--deidentified", "-o",
                 str(folder)]) == 0
    capsys.readouterr()
    for pdf in (one, folder / f"{C1}-deid.pdf"):
        text = all_text(pdf.read_bytes())
        assert "Record status: Locked, signer's name not recorded (marked complete)." in text
        assert "weight from the clinic letter" in text and "title typo" in text


def test_the_de_identified_amendments_table_names_no_os_account(casebook, reference_cases):
    """An amendment records only the OS account that saved it (no signer's name): the
    de-identified PDF drops the By column, as it drops the account from its status line."""
    case = _locked_and_amended(casebook, reference_cases)
    text = all_text(render_case_pdf(case, report_options(True, casebook.audit, case)))
    table = text[text.index("Amendments after locking"):]
    assert "weight from the clinic letter" in table and "Patient › Weight" in table
    assert "dr.test" not in text and not re.search(r"\bBy\b", table)
    text = all_text(render_case_pdf(case, report_options(False, casebook.audit, case)))
    table = text[text.index("Amendments after locking"):]
    assert re.search(r"\bBy\b", table) and table.count("dr.test") >= 2  # one per amendment
