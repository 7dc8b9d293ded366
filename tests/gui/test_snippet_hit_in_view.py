"""The Matches column shows the matching word, not only the text before it.

A stranger at 1024x768 searched "blinatumomab CNS": most rows' Matches cell showed
"...practical points in B-ALL. The relapse res" and no highlighted word, the hit lying past
the column's edge, so nothing said why a case was found. The cell now starts shortly before
the first matching word ("…The relapse responded to blinatumomab"), which shows highlighted.
"""

from __future__ import annotations

import json

from PySide6.QtGui import QColor

from core.model import Case
from gui.search_model import COL_SNIPPET
from gui.snippet_delegate import HIT_BACKGROUND
from tests.gui.test_search_panel import search_for

LATE = "SEED-LATE-HIT"
TITLE = ("Lessons from a long and eventful course of chronic lymphocytic leukemia with Richter "
         "transformation in an elderly patient treated with zanubrutinib")


def hit_pixels_in_cell(window, case_id: str) -> int:
    """How many highlight-coloured pixels the Matches cell of the case shows on screen."""
    table = window.case_list.table
    row = window.case_model.row_of(case_id)
    index = window.case_model.index(row, COL_SNIPPET)
    table.scrollTo(index)
    cell = table.visualRect(index).intersected(table.viewport().rect())
    assert cell.width() > 0, "the Matches column is in view"
    image = table.viewport().grab().toImage()
    wanted = QColor(HIT_BACKGROUND).rgb()
    return sum(1 for x in range(cell.left(), cell.right())
               for y in range(cell.top(), cell.bottom())
               if image.pixel(x, y) == wanted)


def test_a_hit_late_in_the_snippet_shows_highlighted_at_1024x768(qtbot, casebook,
                                                                 reference_docs, window):
    doc = json.loads(json.dumps(reference_docs[1]))
    doc.update(case_id=LATE, status="draft")
    doc["case_report"]["title"] = TITLE
    casebook.cases.import_cases([Case.model_validate(doc)])
    window.resize(1024, 768)
    search_for(qtbot, window, "zanubrutinib")
    assert window.case_model.row_of(LATE) is not None
    table = window.case_list.table
    # the column is narrower than the snippet, as at 1024x768
    assert table.columnWidth(COL_SNIPPET) < 400
    assert hit_pixels_in_cell(window, LATE) > 50
