"""A table's notes stay with the table, and a value's marks with the value (a stranger run,
a hematologist's review): the notes under both reference cases' Line 3 drug table began page 8,
the table on page 7; the CSF table's "d197 † ¹" broke as "d197 †" over "¹"."""

from __future__ import annotations

from io import BytesIO

import pytest

from tests.core.report.pdftext import page_texts, read, table_rows

LAST_ROW = {0: "d207 to d227", 1: "d182 to d202"}  # Line 3's last row, blinatumomab 28 µg/day
NOTE = "Label premedication 1 h before cycle start"


@pytest.mark.parametrize("which", [0, 1])
def test_line_3_notes_print_on_the_page_of_its_last_rows(reference_cases, render, which):
    pages = page_texts(render(reference_cases[which]))
    note = [i for i, text in enumerate(pages) if NOTE in text]
    row = [i for i, text in enumerate(pages) if LAST_ROW[which] in text]
    assert len(note) == 1 and note == row, (note, row)
    assert pages[note[0]].index(LAST_ROW[which]) < pages[note[0]].index(NOTE)


def test_a_long_table_leaves_its_last_rows_with_its_notes():
    """A table that fits the page while its note does not: the page ends inside the table and
    its last two rows go over with the note (not the note alone, nor the whole table)."""
    from reportlab.platypus import SimpleDocTemplate, Spacer

    from core.report.blocks import para
    from core.report.document import set_up_reportlab
    from core.report.keep import NotedTable, keep_notes
    from core.report.lines import CellTable

    set_up_reportlab()
    table = CellTable([["Row", "Value"]] + [[f"row {n}", f"value {n}"] for n in range(1, 21)],
                      colWidths=[100, 100], repeatRows=1, hAlign="LEFT")
    note = para("¹ the note of the table", "note")
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, topMargin=40, bottomMargin=40)
    _, height = table.wrap(doc.width, doc.height)
    story = keep_notes([Spacer(10, doc.height - height - 1), table, note])
    assert [type(f) for f in story] == [Spacer, NotedTable]
    doc.build(story)
    pages = [page.extract_text() for page in read(buffer.getvalue()).pages]
    assert len(pages) == 2
    assert "row 18" in pages[0] and "row 19" not in pages[0]
    assert "row 19" in pages[1] and "row 20" in pages[1] and "the note" in pages[1]
    assert "Row" in pages[1]  # the header row repeated over the rows that went over


def test_a_value_keeps_its_marks_on_its_line(case_1, render):
    firsts = [row[0] for row in table_rows(render(case_1), "Cerebrospinal fluid and CNS status")]
    assert firsts == ["d3 †", "d24 †", "d197 † ¹", "d214 †", "d229 † ²"]
