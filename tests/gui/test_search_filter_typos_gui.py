"""Two filter typos a clinician makes in the search box, refused with a message under it rather
than searched silently: a space after the colon (``dx: CML`` dropped the filter and searched
the word CML as text) and a grade outside 1-5 (``ae:crs>=7`` matched nothing, ``ae:crs>=0``
every CRS case). The list keeps the last results; the corrected query searches again."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from core.model import Case
from tests.gui.fakes import ScriptedPrompter
from tests.gui.test_search_panel import search_for, shown_ids

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


@pytest.fixture
def win(casebook, reference_docs, window):
    casebook.cases.import_cases([Case.model_validate(d) for d in reference_docs])
    return window


def saved_rows(casebook) -> list[tuple]:
    with sqlite3.connect(casebook.paths.database) as con:
        return con.execute("SELECT name, query FROM saved_searches").fetchall()


def refused_at_save(qtbot, win, casebook, prompter: ScriptedPrompter, message: str) -> None:
    """Save search… (Space on the button) says why in words, before a name is asked for, with
    no terminal carets (they do not line up under the query in a dialog); nothing stored."""
    prompter.script("ask_text", "typo").script("error", None)  # the refusal is expected
    button = win.search_panel.saved.save_button
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert prompter.calls("ask_text") == []
    assert prompter.calls("error") == [(
        f"This search cannot be saved: {message}.\n\n"
        "Correct it in the search box, then press Save search… again.",)]
    assert saved_rows(casebook) == []


def test_a_filter_still_being_typed_is_searched_but_not_saved(qtbot, win, casebook, prompter):
    """``cns:CNS3 dx:`` searches cns:CNS3 while the value is typed; saved, it would be a
    search that cannot run again, so Save search… says what it lacks."""
    search_for(qtbot, win, "cns:CNS3 dx:")
    assert not win.search_panel.problem_label.isVisible()
    assert shown_ids(win.case_model) == {C1, C2}
    refused_at_save(qtbot, win, casebook, prompter, "dx: needs a value, e.g. diagnosis: entity, "
                    'WHO/ICC type or ICD code prefix (dx:C91.0, dx:"B-ALL")')


@pytest.mark.parametrize(("typed", "message", "corrected"), [
    ("dx: CML", "dx: the value goes right after the colon, without a space: dx:CML", "dx:CML"),
    ("drug: blinatumomab age:18..40",
     "drug: the value goes right after the colon, without a space: drug:blinatumomab",
     "drug:blinatumomab age:18..40"),
    ("ae:crs >=2", "ae:crs &gt;=2: the grade goes right after the value, without a space: "
     "ae:crs&gt;=2", "ae:crs>=1"),
    ("age:18 ..40", "age:18 ..40: the range goes right after the value, without a space: "
     "age:18..40", "age:18..40"),
    ("ae:crs>=7", "ae: &#x27;7&#x27; is not a grade; grades are whole numbers from 1 to 5",
     "ae:crs>=1"),
    ("ae:crs>=0", "ae: &#x27;0&#x27; is not a grade; grades are whole numbers from 1 to 5",
     "ae:crs>=1"),
])
def test_a_filter_typo_is_named_under_the_box(qtbot, win, casebook, prompter: ScriptedPrompter,
                                              typed, message, corrected):
    named_under_the_box(qtbot, win, typed, message)  # the last results stay
    label = win.search_panel.problem_label
    qtbot.keyClick(win.case_list.filter_box, Qt.Key.Key_Return)  # nothing opens, no error
    assert win.session.case_id() is None
    assert casebook.search.search(typed).error is not None  # the command line refuses it too
    refused_at_save(qtbot, win, casebook, prompter, casebook.search.search(typed).error.message)
    search_for(qtbot, win, corrected)
    assert not label.isVisible()
    assert shown_ids(win.case_model) == set(casebook.search.naive_scan(corrected)) != set()


def test_summary_and_csv_say_the_search_cannot_run_in_words(qtbot, win, casebook, prompter,
                                                            tmp_path):
    """Summary and CSV… on a query the box marks: the message in words, no carets (they did not
    line up under the query in the dialog), no file asked for, no summary window."""
    search_for(qtbot, win, "dx:B-ALL age:abc")
    panel = win.search_panel
    assert panel.problem_label.isVisible()
    target = tmp_path / "hits.csv"
    prompter.script("error", None, None).script("choose_save_file", target)
    for button in (panel.summary_button, panel.export_button):
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.wait(50)
    assert prompter.calls("error") == [
        ("The summary needs a search that can run: age: 'abc' is not a number.\n\n"
         "Correct it in the search box.",),
        ("Exporting the search results needs a search that can run: age: 'abc' is not a "
         "number.\n\nCorrect it in the search box.",)]
    assert prompter.calls("choose_save_file") == []
    assert not target.exists()
    assert panel.cohort_dialog is None
    assert saved_rows(casebook) == []


def named_under_the_box(qtbot, win, typed: str, message: str) -> None:
    """Search dx:B-ALL, then ``typed``: ``message`` is shown under the box and the last
    results stay (nothing half-searched)."""
    search_for(qtbot, win, "dx:B-ALL")
    before = shown_ids(win.case_model)
    assert before == {C2}
    search_for(qtbot, win, typed)
    label = win.search_panel.problem_label
    assert label.isVisible()
    assert message in label.text()
    assert shown_ids(win.case_model) == before
