"""Every place a finding or a reason that stops "Mark complete" names starts with an entry of
the editor's section list, as that list shows it, then the part's title and the field as that
section's page shows them (found after 23a4831: Mark complete said "Case report › Title", and
the section list has no "Case report": the title is in "Title & keywords"). Read from the
editor's own widgets: the SectionList's labels, the Problems panel's rows, the page's titles,
labels and column headers; the reasons as Mark complete and `casebook complete` give them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from core.clinical.evaluate import evaluate
from core.model import Case
from core.services.demo import reference_cases
from tests.core.clinical.clinical_refcases import build_case, setp
from tests.gui.editor.test_kit_paths_in_section_list import _page_texts, _shown_sections

# an error (vincristine given intrathecally, V42) and a warning (a date in the Discussion)
VINCA_IT = (setp("treatment_lines[0].administrations[5].drug_inn", "vincristine"),
            setp("treatment_lines[0].administrations[5].atc", "L01CA02"))
DATE_IN_TEXT = setp("case_report.discussion", "Admitted on 18/04/2023.")


def _headers(page) -> set[str]:
    out = set()
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if model is not None:
            out |= {str(model.headerData(c, Qt.Orientation.Horizontal))
                    for c in range(model.columnCount())}
    return out


def _places(editor, case: Case) -> list[str]:
    editor.load_case(case)
    editor.feedback_runner.wait()
    problems = editor.problems_panel.model
    shown = [problems.index(r, 2).data().split("\n")[-1] for r in range(problems.rowCount())
             if problems.findings[r].path]
    reasons = [b.label for b in evaluate(case).blockers
               if b.path and not b.rule.startswith("CARE")]  # "CARE 2 Keywords" names an item
    return [*shown, *reasons]


def test_every_problem_and_reason_names_a_section_of_the_list(editor):
    shown = _shown_sections(editor)
    empty = Case.model_validate({"case_id": "SYN-EMPTY", "case_report": {"title": "Empty"}})
    # reference case 1 (nothing to find), with an error and a warning in it, and an empty case
    broken = build_case(1, *VINCA_IT, DATE_IN_TEXT)
    places = {p for case in (reference_cases()[0], broken, empty)
              for p in _places(editor, case)}
    assert "Title & keywords › Case report › Keywords" in places, sorted(places)
    assert "Patient › Age at Day 0" in places, sorted(places)
    assert "Treatment › Treatment lines › row 1 › Administrations › row 6 › Route" in places
    assert "Title & keywords › Case report › Discussion" in places, sorted(places)
    assert not any(p.startswith("Case report ›") for p in places), sorted(places)
    for place in sorted(places):
        section, *rest = place.split(" › ")
        assert section in shown, (place, shown)
        if not rest:
            continue
        page = editor.section_page(section)
        texts = {t.replace("&", "") for t in _page_texts(editor, section)} | _headers(page)
        steps = [s.removesuffix(" (why missing)") for s in rest if not s.startswith("row ")]
        assert any(steps[0] in t for t in texts), (place, sorted(texts)[:60])
