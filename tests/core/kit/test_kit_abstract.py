"""Every part of the structured abstract is in the manuscript (its writer asked ``any()`` of a
generator, which stopped at the first part written: the case presentation and conclusion of an
abstract with an introduction were left out)."""

from __future__ import annotations

import json

from docx import Document

from core.kit import build_kit
from core.model import Case
from core.services import open_casebook
from tests.conftest import REFERENCE_CASEBOOK


def test_all_three_parts_of_the_abstract_are_written(tmp_path):
    doc = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"][0]
    doc["case_report"].update(abstract_introduction="CNS relapse is rare.",
                              abstract_presentation="A man relapsed in the CNS.",
                              abstract_conclusion="Blinatumomab cleared it.")
    cb = open_casebook(tmp_path / "data", user="dr.kit")
    try:
        case = Case.model_validate(doc).model_copy(update={"version": 0, "status": "draft"})
        case = cb.cases.save_case(case)
        build_kit(cb, case.case_id, tmp_path / "kit", deidentified=False)
    finally:
        cb.close()
    text = [p.text for p in Document(str(tmp_path / "kit" / "manuscript.docx")).paragraphs]
    start = text.index("Abstract")
    assert text[start + 1:start + 4] == ["Introduction: CNS relapse is rare.",
                                         "Case presentation: A man relapsed in the CNS.",
                                         "Conclusion: Blinatumomab cleared it."]
