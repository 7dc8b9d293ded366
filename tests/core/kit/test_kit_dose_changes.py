"""The kit's manuscript has the PDF summary's Dose changes table (a hematologist's check: the
PDF listed each line's dose interruptions and reductions, the manuscript none, and its CARE
checklist said 9c was "in the PDF summary only"): the same rows in the same order, in the same
words, a placeholder row marked †, a change's note numbered under it. Changes on the same day
follow the drug table's order (``administration_order``), not the order they were entered."""

from __future__ import annotations

from core.model.treatment import DoseModification
from core.report import ReportOptions, render_case_pdf
from tests.core.kit.manuscript_text import manuscript_text, reference_case
from tests.core.report.pdftext import GENERATED, all_text, table_rows

HEADER = ["When", "Line", "Drug", "Kind", "New dose", "Duration (h)", "Reason"]


def _case():
    case = reference_case(0)
    line = case.treatment_lines[0]
    # dexamethasone (from d3) entered first: the drug table lists vincristine (d2) before it
    dexamethasone = next(a for a in line.administrations if a.drug_inn == "dexamethasone")
    line.administrations.remove(dexamethasone)
    line.administrations.insert(0, dexamethasone)
    by_name = {a.drug_inn: a for a in line.administrations}
    by_name["dexamethasone"].modifications.append(DoseModification(
        day=10, kind="reduction", new_dose=3, reason="other", reason_text="hyperglycemia"))
    by_name["vincristine"].modifications.append(DoseModification(
        day=10, kind="interruption", duration_hours=48, reason="neurotoxicity"))
    by_name["daunorubicin"].modifications.append(DoseModification(
        day=8, kind="delay", reason="cytopenia", src="placeholder",
        note="Delay inferred from the discharge letter"))
    return case


def test_the_manuscript_prints_the_pdf_dose_changes_table() -> None:
    case = _case()
    text = manuscript_text(case)
    assert "Dose changes." in text.manuscript.tables
    table = text.tables["Dose changes."]
    assert table[0] == HEADER
    assert table[1:] == [
        ["d8\u00a0†\u00a0¹", "1", "daunorubicin", "delay", "", "", "cytopenia"],
        ["d10", "1", "vincristine", "interruption", "", "48", "neurotoxicity"],
        ["d10", "1", "dexamethasone", "reduction", "3 mg", "", "other; hyperglycemia"]]
    notes = text.paragraphs
    assert "† placeholder values (synthetic, not patient data)." in notes
    assert "¹ Delay inferred from the discharge letter" in notes
    # the PDF's rows: the same cells in the same order (its empty cells print nothing)
    set_up = ReportOptions(generated_at=GENERATED)
    pdf = render_case_pdf(case, set_up)
    printed = table_rows(pdf, "Dose changes")
    assert printed == [[c.replace("\u00a0", " ") for c in row if c] for row in table[1:]]
    assert "¹ Delay inferred from the discharge letter" in all_text(pdf)


def test_the_checklist_finds_the_dose_changes_in_the_manuscript() -> None:
    from core.clinical import engine
    from core.kit.checklist import checklist_rows

    case = _case()
    care = engine.evaluate(case).evaluation.care
    rows = {r.number: r for r in checklist_rows(care, {}, manuscript_text(case).manuscript)}
    assert rows["9c"].section.startswith("Therapeutic intervention (dose changes)")
    assert "PDF summary only" not in rows["9c"].section + rows["10c"].section
