"""A date in a PDF table cell is never broken across lines: found by a stranger run, an
adverse event's Onset entered as 10/10/2023 printed as "2023-1" over "0-10" in its narrow
column (and a marrow's "2023-04-18" as "2023-" over "04-18"), which reads as two values. A
column whose cells hold a date is made wide enough for it, from the room other columns have to
spare beyond their own longest date and header word."""

from __future__ import annotations

from tests.core.report.pdftext import page_texts


def _with_dated_rows(case):
    events = [e.model_copy(update={"onset_day": None}) for e in case.adverse_events]
    first = type(case.adverse_events[0]).model_validate(
        {**case.adverse_events[0].model_dump(), "onset_day": "2023-10-10"})
    marrow = type(case.bm_assessments[0]).model_validate(
        {**case.bm_assessments[0].model_dump(), "day": "2023-04-18"})
    return case.model_copy(update={"adverse_events": [first, *events[1:]],
                                   "bm_assessments": [marrow, *case.bm_assessments[1:]]})


def _block(lines: list[str], heading: str) -> list[str]:
    """The lines of the table under ``heading`` (and a little after it)."""
    start = lines.index(heading)
    return lines[start:start + 60]  # (the marrow table has a derived response column)


def test_dates_print_whole_in_their_cells(case_2, render):
    lines = [line.strip() for page in page_texts(render(_with_dated_rows(case_2)))
             for line in page.splitlines()]
    events, marrow = _block(lines, "Adverse events"), _block(lines, "Bone marrow")
    assert any(line.startswith("2023-10-10") for line in events), events
    assert any(line.startswith("2023-04-18") for line in marrow), marrow
    assert not any(line.startswith(("2023-1 ", "0-10", "2023- ", "04-18"))
                   or line in ("2023-1", "2023-") for line in events + marrow)


def test_room_comes_from_columns_with_room_to_spare():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from core.report.blocks import CELL_PADDING, unbroken_date_widths
    from core.report.styles import styles

    st = styles()["cell"]
    need = stringWidth("2023-10-10", st.fontName, st.fontSize) + CELL_PADDING
    widths = [40.0, 200.0, 60.0]
    rows = [["2023-10-10", "Cytokine release syndrome", "1"]]
    out = unbroken_date_widths(["Onset", "Term", "Grade"], widths, rows)
    assert out[0] >= need - 1e-6
    assert abs(sum(out) - sum(widths)) < 1e-6  # the table keeps its width
    assert out[2] == 60.0 or out[2] >= stringWidth("Grade", st.fontName, st.fontSize)
    assert unbroken_date_widths(["When"], [200.0], [["d30"]]) == [200.0]  # nothing to do
