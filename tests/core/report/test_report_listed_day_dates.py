"""The Days cell of a drug given on separate days: each day over its date when Day 0's date is
known, in the PDF and the kit's manuscript (which reuses the cell), as a span's days have
theirs; the days alone without a Day 0 date or de-identified. The GUI test, a PDF saved from
the preview: tests/gui/test_listed_day_dates.py."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from core.model import When
from tests.core.kit.manuscript_text import manuscript_text, reference_case

# reference case 2 with Day 0 2023-03-15: line 3's IT methotrexate on d176, d179, d183, d186,
# d193 and d200, line 1's vincristine weekly on d2, d9, d16 and d23
IT_DAYS = ("d176\n2023-09-07\nd179\n2023-09-10\nd183\n2023-09-14\nd186\n2023-09-17\n"
           "d193\n2023-09-24\nd200\n2023-10-01")
VINCRISTINE = "d2\n2023-03-17\nd9\n2023-03-24\nd16\n2023-03-31\nd23\n2023-04-07"
NO_DATES = "d176, d179,\nd183, d186,\nd193, d200"  # as the PDF's cell wraps it
LINE_3 = "Line 3: blinatumomab monotherapy (cycle 1) + CNS-directed triple IT, drugs."


def pdf_lines(pdf: bytes) -> str:
    """The PDF's text read back with pypdf, its line breaks kept."""
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def dated_case_2():
    case = reference_case(1).model_copy(deep=True)
    case.case_report.day0 = When(date="2023-03-15")
    return case


def test_listed_days_have_their_dates(render):
    text = pdf_lines(render(dated_case_2()))
    assert IT_DAYS in text and VINCRISTINE in text and NO_DATES not in text


def test_without_a_date_the_days_alone(render):
    assert NO_DATES in pdf_lines(render(reference_case(1)))  # no Day 0 date
    deidentified = pdf_lines(render(dated_case_2(), deidentified=True))
    assert NO_DATES in deidentified and "2023-09-07" not in deidentified


def _methotrexate_days(deidentified: bool) -> list[str]:
    rows = manuscript_text(dated_case_2(), deidentified=deidentified).tables[LINE_3]
    return [row[-1] for row in rows if row[0].startswith("methotrexate")]


def test_the_kit_manuscript_has_the_dates_too():
    assert _methotrexate_days(False) == [IT_DAYS]
    assert _methotrexate_days(True) == ["d176, d179, d183, d186, d193, d200"]
