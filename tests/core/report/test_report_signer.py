"""The PDF prints who signed the lock by name (a stranger's run: "signed by root", the OS
account, in the identified and the de-identified PDF); the de-identified one names no OS
account, nor a time. Read back with pypdf."""

from __future__ import annotations

import re

from core.report import render_case_pdf
from core.services.reports import report_options
from tests.core.report.pdftext import all_text

C1 = "SEED-C1-CAO2023"  # stored complete
NAME = "Dr A. Placeholder"


def _signed(casebook, reference_cases, name: str = NAME):
    casebook.cases.import_cases(reference_cases[:1])
    case = casebook.cases.open_case(C1)
    return casebook.cases.set_status(C1, "locked", case.version, signer=name)


def _status_line(text: str) -> str:
    found = re.search(r"Record status: .*?\)\.", text.replace("\n", " "))
    assert found, text[:600]
    return found.group(0)


def test_the_identified_pdf_prints_the_signer_and_the_date(casebook, reference_cases):
    case = _signed(casebook, reference_cases)
    text = all_text(render_case_pdf(case, report_options(False, casebook.audit, case)))
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"
    assert re.fullmatch(rf"Record status: Locked, signed by Dr A\. Placeholder on {stamp} "
                        r"\(marked complete\)\.", _status_line(text))  # imported complete


def test_the_de_identified_pdf_prints_the_signer_without_the_account(casebook,
                                                                     reference_cases):
    case = _signed(casebook, reference_cases)
    text = all_text(render_case_pdf(case, report_options(True, casebook.audit, case)))
    assert _status_line(text) == f"Record status: Locked, signed by {NAME} (marked complete)."
    assert "dr.test" not in text  # the OS account is nowhere in it


def test_the_de_identified_pdf_masks_contact_details_typed_beside_the_signer(
        casebook, reference_cases):
    """The name is printed as any free text is: an e-mail or a phone number typed beside it
    (the lock takes them: they are not the patient's) is masked in the de-identified PDF
    (a reviewer found it printed as typed), and kept in the identified one."""
    name = f"{NAME}, a.placeholder@example.org, +86 21 6437 0045"
    case = _signed(casebook, reference_cases, name)
    deidentified = all_text(render_case_pdf(case, report_options(True, casebook.audit, case)))
    assert "signed by Dr A. Placeholder" in _status_line(deidentified)
    assert "example.org" not in deidentified and "6437" not in deidentified
    identified = all_text(render_case_pdf(case, report_options(False, casebook.audit, case)))
    assert "a.placeholder@example.org" in identified.replace("\n", "")
