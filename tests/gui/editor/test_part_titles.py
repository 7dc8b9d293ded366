"""Field labels in words are one wording: the titles core uses for reasons and the history
(core.model.labels) are the editor's part titles."""

from __future__ import annotations

from core.model.labels import PART_TITLES, path_label
from gui.editor.sections import SECTIONS


def test_core_part_titles_are_the_editors():
    shown = {part.path: part.title for section in SECTIONS for part in section.parts}
    assert {k: PART_TITLES.get(k) for k in shown} == shown


def test_a_path_in_words():
    assert path_label("diagnoses[0].icdo3_morphology") == "Diagnoses › row 1 › ICD-O-3 morphology"
    assert path_label("") == "whole case"
    # the Figures section's part reads as the section does (not "Attachments")
    assert path_label("attachments[1].no_full_face_attested").startswith("Figures › row 2 › ")
    # the reason a value is missing, stored beside its field: History showed 'discussion nf'
    assert path_label("case_report.discussion_nf") == "Case report › Discussion (why missing)"
    assert path_label("diagnoses[0].icdo3_morphology_nf") == (
        "Diagnoses › row 1 › ICD-O-3 morphology (why missing)")
