"""The Matches column shows after a quick start too (a hematologist's stranger run): started on
a folder holding cases, the window paints the list's first page before the services are open,
then hands its columns over to the full list; that first page has no Matches column, and the
hand-over put the full list's Matches column last, past the list's edge (100 px wide; in the
real window a search for `parenchymal` showed no Matches column at all, README: "a 'Matches'
column with the matching words highlighted"). A search made after the hand-over shows it
beside Title, at its usual width; and before any search the list's rows reach as far as its
header (they stopped 100 px short, the header's length left short by the hand-over)."""

from __future__ import annotations

from gui.list_columns import COL_TITLE
from gui.search_model import COL_SNIPPET
from tests.gui.test_early_start import filled, run_app  # noqa: F401 - the fixture
from tests.gui.test_search_panel import search_for, shown_ids

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


def test_a_search_after_a_quick_start_shows_the_matches_column(qtbot, filled):  # noqa: F811
    seen: dict = {}

    def early(window):
        pass

    def ready(window):
        window.resize(1024, 768)
        qtbot.wait(20)
        header = window.case_list.table.horizontalHeader()
        seen["length"] = (header.length(), sum(header.sectionSize(c) for c in range(
            header.count()) if not header.isSectionHidden(c)))
        search_for(qtbot, window, "parenchymal")
        table = window.case_list.table
        seen["hits"] = shown_ids(window.case_model)
        seen["hidden"] = table.isColumnHidden(COL_SNIPPET)
        seen["width"] = table.columnWidth(COL_SNIPPET)
        x = table.columnViewportPosition(COL_SNIPPET)
        seen["in view"] = 0 <= x < table.viewport().width()
        title = table.horizontalHeader().visualIndex(COL_TITLE)
        seen["beside title"] = table.horizontalHeader().visualIndex(COL_SNIPPET) == title + 1

    assert run_app(qtbot, filled, early, ready) == 0
    assert seen["hits"] == {C1, C2}
    assert not seen["hidden"]
    assert seen["width"] >= 200, seen  # SNIPPET_WIDTH; it was 100 after the hand-over
    assert seen["in view"] and seen["beside title"]
    length, sections = seen["length"]  # the rows are painted as wide as the header's length:
    assert length == sections  # it was 100 px short of the sections drawn (no search)
