"""A date typed year first with slashes or dots (2023/09/20, 2023.09.20, as lab systems and
Japanese or Chinese records write it) is taken whatever the date format chosen: with the
year first it can be read only one way. Found by a stranger run: Outcome › Last known alive
'2023/09/20' was refused as not a date under the default day/month/year format."""

from __future__ import annotations

import pytest

from tests.gui.conftest import open_from_list, type_in_field

C1 = "SEED-C1-CAO2023"
ALIVE = "outcome.last_known_alive_day"


@pytest.mark.parametrize("typed", ["2023/09/20", "2023.9.20"])
def test_year_first_with_slashes_is_a_date(qtbot, casebook, stored_references, window, typed):
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "draft", case.version)
    open_from_list(qtbot, window, C1)
    type_in_field(qtbot, window, ALIVE, typed)
    assert ALIVE not in window.editor.unstored_by_path()
    assert str(window.editor.current_case().outcome.last_known_alive_day) == "2023-09-20"


def test_an_impossible_one_is_refused_in_calendar_words(qtbot, casebook, stored_references,
                                                        window):
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "draft", case.version)
    open_from_list(qtbot, window, C1)
    type_in_field(qtbot, window, ALIVE, "2023/02/30")
    assert "February 2023 has no day 30" in window.editor.unstored_by_path()[ALIVE]
