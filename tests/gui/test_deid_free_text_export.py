"""File › Export dataset… with every de-identification box ticked, as a stranger run did: the
case report's Day 0 definition (a name, a record number, a date), its keywords and the source
publication's case label went into the CSV, and the identifier scan's question advised leaving
out the free text, which was ticked. Now they are left out, and a date in short text that every
option keeps (a risk group) is asked about without that advice."""

from __future__ import annotations

import csv

from core.model import Case
from core.model.report import SourcePublication
from tests.gui.test_dataset_export import (
    choose_shifted_dates,
    exports,
    open_dialog,
    press_export,
    tick,
)

DAY0_TEXT = "admission of John Smith (MRN 12345678) at St Mary's on 03/03/2023"


def test_every_box_ticked_leaves_the_free_text_out(qtbot, casebook, reference_cases,
                                                   make_window, prompter, tmp_path, data_home):
    case: Case = reference_cases[0].model_copy(deep=True)
    case.case_report.day0_definition = DAY0_TEXT
    case.case_report.keywords = ["Smithkeyword", "CML"]
    case.case_report.source_publication = SourcePublication(case_label_in_source="Case 1")
    case.diagnoses[0].risk_group = "adverse, 14/02/2019"
    casebook.cases.import_cases([case])
    window = make_window()
    prompter.script("confirm", True)
    dialog = open_dialog(qtbot, window)
    for box in (dialog.drop_identifiers, dialog.hash_ids, dialog.drop_text):
        tick(qtbot, box)
    choose_shifted_dates(qtbot, dialog)
    target = tmp_path / "out"
    qtbot.keyClicks(dialog.path_edit, str(target))
    assert press_export(qtbot, window, dialog) == f"Exported 1 case(s) to out in {tmp_path}."
    [(title, question)] = prompter.calls("confirm")
    assert title == "Identifiers in the free text"
    assert "“14/02/2019”" in question and "Day 0 definition" not in question
    assert "leave out the free text" not in question  # it is ticked
    assert "remove them from the cases" in question
    with open(target / "case_report.csv", encoding="utf-8-sig", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert not {"rep_day0_definition", "rep_keywords", "rep_source_publication_cas"} & set(row)
    text = "".join(p.read_text(encoding="utf-8-sig") for p in target.glob("*.csv"))
    for word in ("John Smith", "12345678", "03/03/2023", "St Mary", "Smithkeyword", "Case 1"):
        assert word not in text, word
    assert "confirmed" in exports(data_home)[0][0]
