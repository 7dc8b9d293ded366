"""casebook report: one case or all cases as PDF, progress on stderr, audit, exit codes."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from core.cli import main
from core.cli.progress import ProgressBar
from core.model import Case
from tests.conftest import REFERENCE_CASEBOOK

CASE_1 = "SEED-C1-CAO2023"
NAME, MRN = "Wanda Quistorp", "MRN-00482913"
FORBIDDEN = ["Quistorp", "Wanda", "00482913", "2023-04-18", "18/04/2023"]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out = capsys.readouterr()
    return code, out.out, out.err


def pdf_text(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def pdf_actions(data_home, case_id: str) -> list[str]:
    from core.services import open_casebook

    cb = open_casebook(data_home)
    try:
        return [r.action for r in cb.audit.history(case_id) if r.action.startswith("pdf-")]
    finally:
        cb.close()


@pytest.fixture
def imported(capsys, data_home):
    assert run(capsys, "import", str(REFERENCE_CASEBOOK))[0] == 0


def test_one_case_identified_writes_the_pdf_and_an_audit_entry(capsys, imported, tmp_path,
                                                               data_home):
    target = tmp_path / "case1.pdf"
    code, _, err = run(capsys, "report", CASE_1, "-o", str(target))
    assert code == 0 and f"Wrote {target}." in err
    assert len(PdfReader(target).pages) > 1
    assert pdf_actions(data_home, CASE_1) == ["pdf-save"]


def test_all_cases_into_a_folder_with_a_progress_bar(capsys, imported, tmp_path, data_home):
    out_dir = tmp_path / "pdfs"
    code, _, err = run(capsys, "report", "--all", "-o", str(out_dir))
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == [f"{CASE_1}.pdf", "SEED-C2-CAO2023.pdf"]
    assert all(len(PdfReader(p).pages) > 1 for p in out_dir.iterdir())
    # stderr is no terminal here: a line per tenth, no carriage return
    assert f"[{'#' * 30}] 2/2\n" in err and "\r" not in err and "Wrote 2 PDF(s)" in err
    assert pdf_actions(data_home, "SEED-C2-CAO2023") == ["pdf-save"]


def test_deidentified_masks_and_lists_the_identifiers(capsys, casebook, reference_cases,
                                                      tmp_path, data_home):
    doc = reference_cases[0].to_json_dict()
    doc["patient"].update(name=NAME, record_number=MRN)
    doc["case_report"]["discussion"] = (f"Ms Quistorp ({MRN}) was admitted on 2023-04-18; "
                                        "relapse confirmed 18/04/2023.")
    casebook.cases.import_cases([Case.model_validate(doc)])
    target = tmp_path / "deid.pdf"
    code, _, err = run(capsys, "report", CASE_1, "-o", str(target), "--deidentified")
    assert code == 0
    discussion = "Title & keywords › Case report › Discussion"  # the field in words
    assert "Masked" in err and f"{discussion}: name “Quistorp”" in err
    assert f"{discussion}: record number “{MRN}”" in err  # the kind in words
    text = pdf_text(target)
    assert "[name removed]" in text
    for forbidden in FORBIDDEN:
        assert forbidden not in text, forbidden
    assert pdf_actions(data_home, CASE_1) == []


def test_all_shares_the_apps_batch_and_counts_the_pdfs_saved(capsys, imported, tmp_path,
                                                               data_home, monkeypatch):
    """--all is the app's Save PDFs of selected cases… flow (core.services.pdf_batch): a case
    that cannot be laid out is named, and the audit entries count the PDFs saved."""
    from core.report import document
    from core.services import open_casebook

    real = document.render

    def render(case, options):
        if case.case_id == CASE_1:
            raise ValueError("no room for this table")
        return real(case, options)

    monkeypatch.setattr(document, "render", render)
    out_dir = tmp_path / "pdfs"
    code, _, err = run(capsys, "report", "--all", "-o", str(out_dir))
    assert code == 1
    assert f"{CASE_1}: the PDF could not be made: ValueError: no room for this table" in err
    assert "Wrote 1 PDF(s)" in err and "; 1 failed." in err
    assert [p.name for p in out_dir.iterdir()] == ["SEED-C2-CAO2023.pdf"]
    assert pdf_actions(data_home, CASE_1) == []
    cb = open_casebook(data_home)
    try:
        [entry] = [r for r in cb.audit.history("SEED-C2-CAO2023") if r.action == "pdf-save"]
    finally:
        cb.close()
    assert entry.new is not None
    assert "saved as SEED-C2-CAO2023.pdf (with 0 other case(s), command line, --all)" in entry.new


def test_all_deidentified_names_files_deid(capsys, imported, tmp_path):
    code, _, _ = run(capsys, "report", "--all", "-o", str(tmp_path / "d"), "--deidentified")
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == [
        f"{CASE_1}-deid.pdf", "SEED-C2-CAO2023-deid.pdf"]


def test_exit_codes(capsys, imported, tmp_path):
    code, _, err = run(capsys, "report", "HC-NOPE0000", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "no case" in err.lower()
    code, _, err = run(capsys, "report", CASE_1, "-o", str(tmp_path / "no" / "x.pdf"))
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "report", "--all", "-o", str(tmp_path / "no" / "dir"))
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "report", "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and "CASE_ID or --all" in err
    code, _, err = run(capsys, "report", CASE_1)
    assert code == 2
    assert "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_progress_bar_draws_in_place_once_per_percent():
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10, terminal=True)
    for done in range(1, 1001):
        bar.show(done, 1000)
    bar.end()
    text = stream.getvalue()
    assert bar.text(512, 1000) == "[#####.....] 512/1000"
    assert text.count("\r") == 101 and text.endswith("\r[##########] 1000/1000\n")


def test_progress_to_a_file_or_pipe_is_a_line_per_tenth_without_carriage_returns():
    """A log file or R's system2 reading stderr got 101 carriage-return redraws."""
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    for done in range(1, 1001):
        bar.show(done, 1000)
    bar.end()
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue() and len(lines) == 10
    assert lines[0] == "[#.........] 100/1000" and lines[-1] == "[##########] 1000/1000"
    counted = io.StringIO()
    bar = ProgressBar(counted, unit="cases")
    for done in range(1, 501):
        bar.show(done, None)
    bar.end()
    assert counted.getvalue() == "500 cases\n"  # total unknown: the last count, once
