"""One clinical engine, no silent fallbacks (issue 16 item 1): when the engine raises, the
editor lists the error as a problem, the draft still saves, Complete is refused naming it,
``casebook validate`` exits 1 naming it, and search and the PDF show the error instead of
derived values. The error is logged once per case, not on every keystroke."""

from __future__ import annotations

import logging

import pytest

from core.cli import main
from core.clinical import findings
from core.clinical.context import CaseIndex
from core.report import ReportOptions, render_case_pdf
from tests.conftest import REFERENCE_CASEBOOK
from tests.core.report.pdftext import all_text
from tests.gui.conftest import open_from_list, press, type_title

C1 = "SEED-C1-CAO2023"
BROKEN = "clinical engine error in evaluation: RuntimeError: engine broke"


@pytest.fixture
def broken_engine(monkeypatch):
    """The engine raises for every case (each failure logged afresh for this test)."""
    monkeypatch.setattr(findings, "_reported", set())

    def broken(self, case):
        raise RuntimeError("engine broke")

    monkeypatch.setattr(CaseIndex, "__init__", broken)


def problem_rows(window) -> list[tuple[str, str]]:
    model = window.editor.problems_panel.model
    return [(model.data(model.index(r, 1)), model.data(model.index(r, 2)))
            for r in range(model.rowCount())]


@pytest.mark.expected_errors("the clinical engine is made to raise")
def test_engine_error_is_listed_blocks_complete_and_replaces_derived_values(
        qtbot, stored_references, casebook, prompter, window, broken_engine, caplog, capsys):
    caplog.set_level(logging.ERROR)
    found = casebook.search.search("cnsdx:CNS1 cns:CNS3")  # indexed while the engine worked
    assert sorted(h.case_id for h in found.hits) == [C1, "SEED-C2-CAO2023"]

    open_from_list(qtbot, window, C1)
    window.editor.feedback_runner.wait()
    rows = problem_rows(window)
    assert any(rule == "ENGINE" and BROKEN in message for rule, message in rows)
    assert "clinical engine error" in window.editor.problems_panel.summary.text()

    type_title(qtbot, window, "Relapsed B-ALL, edited while the engine fails")
    window.editor.feedback_runner.wait()
    press(qtbot, window, "Ctrl+S")  # a draft can always be saved
    stored = casebook.cases.open_case(C1)
    assert stored.title == "Relapsed B-ALL, edited while the engine fails"
    assert stored.status == "draft"  # saved with an error: no longer complete

    window.commands.mark_complete.trigger()
    [(message, reasons)] = prompter.calls("show_reasons")
    assert "cannot be marked complete" in message
    assert any(BROKEN in reason for reason in reasons)
    assert casebook.cases.open_case(C1).status == "draft"

    # search: the saved case is indexed with the error, not with other values
    for query in ("cnsdx:CNS1", "cns:CNS3", "mrd:negative"):
        assert [h.case_id for h in casebook.search.search(query).hits] == ["SEED-C2-CAO2023"]
    assert [h.case_id for h in casebook.search.search('"engine broke"').hits] == [C1]
    summary = casebook.search.cohort_summary("")
    assert summary.by_cns_at_diagnosis == {"engine_error": 1, "CNS1": 1}

    # the PDF prints the error where the derived values would be
    text = all_text(render_case_pdf(stored, ReportOptions()))
    assert BROKEN in " ".join(text.split())
    csf = text[text.index("Cerebrospinal fluid and CNS status"):text.index("Neuroimaging")]
    assert "not derived: clinical engine error" in csf and "CNS3" not in csf

    # the command line names it and exits 1
    capsys.readouterr()
    assert main(["validate", str(REFERENCE_CASEBOOK)]) == 1
    out = capsys.readouterr().out
    assert f"ENGINE {C1}" in out and BROKEN in out

    logged = [r for r in caplog.records if r.name.startswith("core")
              and r.levelno == logging.ERROR and f"evaluation failed for case {C1}" in
              r.getMessage()]
    assert len(logged) == 1  # once for the case, however often it was evaluated
