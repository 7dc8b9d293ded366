"""A real field added end to end by its model line only (issue 17): the patient's Lansky
play-performance score (the children's counterpart of Karnofsky, 0-100). Typed into the
patient form as a user would, it is in the JSON schema, the PDF, the search index (the
``lansky:`` filter) and the filter panel."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtWidgets import QLineEdit

from core.io.schema import case_schema
from core.report import render_case_pdf
from core.services import open_casebook
from gui.search_filters import FilterPanel
from tests.gui.editor.keyboard import Typist
from tests.gui.editor.test_editor_api import reference_case


def test_the_lansky_score_goes_from_the_form_to_a_filter(editor, qtbot, data_home):
    editor.load_case(reference_case())
    typist = Typist(qtbot, editor)
    page = typist.go_to_section("Patient")
    box = page.forms["patient"].bindings["lansky"].editor
    typist.fill_field(box, "60")
    case = editor.current_case()
    assert case.patient.lansky == 60

    patient = case_schema()["$defs"]["Patient"]["properties"]["lansky"]
    assert patient["anyOf"][0] == {"maximum": 100, "minimum": 0, "type": "integer"}
    assert (patient["label"], patient["facet"]["name"]) == ("Lansky play-performance", "lansky")

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_case_pdf(case))).pages)
    assert "Lansky" in text and "60" in text

    cb = open_casebook(data_home, user="dr.test")
    try:
        cb.cases.import_cases([case], source="test")
        hits = {q: [h.case_id for h in cb.search.search(q).hits]
                for q in ("lansky:<=60", "lansky:50..70", "lansky:>60")}
    finally:
        cb.close()
    assert hits == {"lansky:<=60": [case.case_id], "lansky:50..70": [case.case_id],
                    "lansky:>60": []}

    panel = FilterPanel()
    qtbot.addWidget(panel)
    low = panel.findChild(QLineEdit, "filter_lansky_from")
    assert low is not None and panel.filter_of("lansky") is None
