"""The case list's Day 0 column shows what is known of Day 0 (stranger finding): a case that
keeps only its anchor year (de-identified: no Day 0 date) showed an empty cell; it now shows
the year, as a year-only Day 0 date shows (2023; 2023-04 for a month). A folder stored before
gets the column derived again on upgrade (migration 0006), and its audit verifies clean."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from core.model import Case
from core.services import open_casebook
from core.store import schema
from gui.list_columns import COL_DAY0
from tests.gui.conftest import open_from_list, press
from tests.gui.test_filters_room import settle

YEAR, MONTH, NONE = "SYN-YEARONLY", "SYN-MONTH", "SYN-NOTHING"


def listed(window) -> dict[str, str]:
    model = window.case_model
    return {model.summary(r).case_id: model.index(r, COL_DAY0).data()
            for r in range(model.rowCount())}


def stored_day0(casebook) -> dict[str, str | None]:
    with sqlite3.connect(casebook.paths.database) as con:
        return dict(con.execute("SELECT id, day0 FROM cases"))


def test_a_year_only_day0_shows_its_year(qtbot, casebook, make_window):
    casebook.cases.import_cases([
        Case(case_id=YEAR, case_report={"title": "Year only", "anchor_year": 2019}),
        Case(case_id=MONTH, case_report={"title": "Month", "day0": "2023-04",
                                         "anchor_year": 2023}),
        Case(case_id=NONE, case_report={"title": "Nothing known"})])
    window = make_window()
    qtbot.waitUntil(lambda: window.case_model.rowCount() == 3)
    assert listed(window) == {YEAR: "2019", MONTH: "2023-04", NONE: ""}  # before: YEAR ""
    assert stored_day0(casebook) == {YEAR: "2019", MONTH: "2023-04", NONE: None}

    # the year typed in the editor: the list shows it once saved
    open_from_list(qtbot, window, NONE)
    window.editor.focus_path("case_report.anchor_year")
    field = window.focusWidget()
    field.selectAll()
    qtbot.keyClicks(field, "2021")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    press(qtbot, window, "Ctrl+S")
    settle(qtbot)
    assert casebook.cases.open_case(NONE).case_report.anchor_year == 2021
    qtbot.waitUntil(lambda: listed(window)[NONE] == "2021")
    assert stored_day0(casebook)[NONE] == "2021"
    assert casebook.audit.verify().case_problems == []


def test_a_folder_stored_before_shows_the_year_after_its_upgrade(data_home):
    cb = open_casebook(data_home, user="dr.test")
    cb.cases.import_cases([
        Case(case_id=YEAR, case_report={"title": "Year only", "anchor_year": 2019}),
        Case(case_id=MONTH, case_report={"title": "Month", "day0": "2023-04",
                                         "anchor_year": 2023})], source="test")
    cb.close()
    db = sqlite3.connect(data_home / "casebook.db")
    with db:  # as revision 0005 left it: no year in the column
        db.execute("UPDATE cases SET day0 = NULL WHERE id = ?", (YEAR,))
        db.execute("UPDATE alembic_version SET version_num = '0005'")
    db.close()
    cb = open_casebook(data_home, user="dr.test")
    try:
        with sqlite3.connect(data_home / "casebook.db") as check:
            assert check.execute("SELECT version_num FROM alembic_version").fetchall() == [
                (schema.HEAD_REVISION,)]
            assert dict(check.execute("SELECT id, day0 FROM cases")) == {
                YEAR: "2019", MONTH: "2023-04"}
        report = cb.audit.verify()
        assert report.ok and report.case_problems == []
    finally:
        cb.close()
