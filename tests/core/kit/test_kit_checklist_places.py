"""The CARE checklist points each item to where its evidence is printed (a hematologist's
check): 5d Past interventions, found in reference case 1 as its earlier treatment lines,
pointed to 'Patient information, p. 1', where there is none; 9c Changes with rationale, found
as the lines' Reason ended, to the Dose changes page, which says 'Dose changes: Not
reported.'. Both are in the Treatment lines table (page 6)."""

from __future__ import annotations

import io

from docx import Document
from pypdf import PdfReader

from core.clinical import engine
from core.kit.checklist import checklist_rows
from core.kit.manuscript import Manuscript
from core.kit.sections import CARE_SECTIONS
from core.model.report import HistoryItem
from core.model.treatment import DoseModification


def _texts(path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(path.read_bytes())).pages]


def test_past_interventions_and_changes_point_to_the_treatment_lines_page(kit_1):
    rows = {r.cells[0].text: [c.text for c in r.cells]
            for r in Document(str(kit_1.folder / "CARE-checklist.docx")).tables[0].rows[1:]}
    assert rows["5d"][2] == "Therapeutic intervention (treatment lines)"
    assert rows["9c"][2] == "Therapeutic intervention (treatment lines, Reason ended)"
    assert rows["5d"][3] == rows["9c"][3]
    page = int(rows["5d"][3].removeprefix("p. "))
    summary = _texts(kit_1.folder / "case-summary.pdf")
    printed = summary[page - 1]  # the page named: the lines' table with its Reason ended
    assert "Treatment lines" in printed and "Reason ended" in printed
    assert "progression or relapse" in printed  # line 2's reason, line 3 after it
    assert "Dose changes Not reported." not in printed
    checklist = " ".join(_texts(kit_1.folder / "CARE-checklist.pdf"))
    assert f"Past interventions Therapeutic intervention (treatment lines) p. {page}" in checklist
    assert ("Changes with rationale Therapeutic intervention (treatment lines, Reason ended) "
            f"p. {page}") in checklist


def test_each_place_the_case_holds_the_evidence_is_named(reference_cases):
    case = reference_cases[0].model_copy(deep=True)
    case.history_items.append(HistoryItem(kind="prior_therapy", description="imatinib"))
    admin = case.treatment_lines[0].administrations[0]
    admin.modifications.append(DoseModification(day=10, kind="reduction", reason="cytopenia"))
    admin.adherence = "good"
    care = engine.evaluate(case).evaluation.care
    parts = {p.number: p for item in care.items for p in (item.parts or (item,))}
    assert parts["5d"].evidence == ("history_items", "treatment_lines")
    assert parts["9c"].evidence == ("dose_changes", "reason_end")
    assert parts["10c"].evidence == ("adherence", "dose_changes")
    pages = {"Medical, family and psychosocial history": 1, "Therapeutic intervention": 6,
             "Treatment lines": 6, "Dose changes": 8, "Follow-up and outcomes": 8}
    ms = Manuscript(b"", CARE_SECTIONS, ("Treatment lines.",), (), (),
                    written=frozenset(CARE_SECTIONS))
    rows = {r.number: r for r in checklist_rows(care, pages, ms)}
    assert (rows["5d"].section, rows["5d"].page) == (
        "Patient information (medical history); Therapeutic intervention (treatment lines)",
        "pp. 1, 6")
    # the manuscript has no dose changes table (the PDF has): the checklist says so
    assert (rows["9c"].section, rows["9c"].page) == (
        "Dose changes: in the PDF summary only, not in the manuscript; Therapeutic "
        "intervention (treatment lines, Reason ended)", "pp. 6, 8")
    assert (rows["10c"].section, rows["10c"].page) == (
        "Therapeutic intervention (drug tables, Schedule: adherence); Dose changes: in the PDF "
        "summary only, not in the manuscript", "pp. 6, 8")  # was Follow-up and outcomes
    ms = Manuscript(b"", CARE_SECTIONS, ("Treatment lines.", "Dose changes."), (), (),
                    written=frozenset(CARE_SECTIONS))
    rows = {r.number: r for r in checklist_rows(care, pages, ms)}
    assert rows["9c"].section.startswith("Therapeutic intervention (dose changes); ")
    case.treatment_lines = case.treatment_lines[:1]  # one line, its history item: page 1
    case.treatment_lines[0].administrations[0].modifications = []
    care = engine.evaluate(case).evaluation.care
    rows = {r.number: r for r in checklist_rows(care, pages, ms)}
    assert (rows["5d"].section, rows["5d"].page) == ("Patient information (medical history)",
                                                     "p. 1")
