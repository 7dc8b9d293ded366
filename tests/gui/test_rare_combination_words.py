"""Rule V60's rare combination (an extreme age with a subdivision) at de-identified outputs, in
words: the dataset export's question no longer advises leaving out the free text (it keeps the
subdivision) and names the hit "rare combination with the age" (not ``rare_combination``); the
de-identified PDF's hits dialog no longer speaks of free text and rule V57 for it."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt

from core.report import Hit
from gui.dialogs.identifier_hits import IdentifierHitsDialog
from tests.core.rare_combination import C1
from tests.gui.rare_v60 import export_rare_case
from tests.gui.test_dataset_export import exports


def test_the_export_question_for_a_rare_combination(qtbot, casebook, reference_docs,
                                                    make_window, prompter, tmp_path, data_home):
    message, target = export_rare_case(qtbot, casebook, reference_docs, make_window, prompter,
                                       tmp_path, "as_is")
    assert message == f"Exported 1 case(s) to out in {tmp_path}."
    [(title, question)] = prompter.calls("choose_rare_export")
    assert title == "Rare combination in the export"
    assert f"{C1}, Patient › Subdivision: rare combination with the age “CN-JS”" in question
    assert "free text" not in question and "rare_combination" not in question
    assert "clear the subdivision" in question and "case's Problems" in question
    assert "Leave out the subdivision" in question and "the country stays" in question
    with open(target / "patient.csv", encoding="utf-8-sig", newline="") as fh:
        assert [r["pt_subdivision"] for r in csv.DictReader(fh)] == ["CN-JS"]  # confirmed
    assert "1 possible identifier(s) confirmed" in exports(data_home)[0][0]


def test_the_pdf_hits_dialog_words_what_was_found(qtbot):
    dialog = IdentifierHitsDialog([Hit("patient.subdivision", "CN-JS", "rare_combination")])
    qtbot.addWidget(dialog)
    text = dialog.intro.text()
    assert "free text" not in text and "V57" not in text
    assert "rare combination (rule V60)" in text and "leaves it out" in text
    assert "clear the subdivision" in text
    assert dialog.windowTitle() == "Rare combination in the case"
    assert dialog.table.item(0, 2).text() == "rare combination with the age"

    both = IdentifierHitsDialog([Hit("case_report.discussion", "12 Baker Street", "address"),
                                 Hit("case_report.discussion", "MRN-1", "record_number")])
    qtbot.addWidget(both)
    text = both.intro.text()
    assert "2 possible identifier(s) were found in free text" in text
    assert "rule V57" in text and "rule V58" in text and "V60" not in text
    assert both.table.item(1, 2).text() == "record number"
    both.open()
    qtbot.keyClick(both, Qt.Key.Key_Escape)  # Cancel: no PDF
    assert both.result() == both.DialogCode.Rejected
