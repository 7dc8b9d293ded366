"""The identifier scanner the PDF uses (the clinical engine's, the one rule V57 uses)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clinical.engine import scan_text
from core.report.deid import date_forms


def found(text: str) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.kind) for s in scan_text(text)]


@pytest.mark.parametrize("text", ["2023-04-18", "18/04/2023", "04/18/2023", "18.04.2023",
                                  "April 18, 2023", "18 April 2023", "Apr 18", "18th April",
                                  "April 2023", "2023年4月18日"])
def test_dates_in_numeric_and_month_name_forms(text):
    assert found(f"seen on {text}, then") == [(text, "date")]


@pytest.mark.parametrize(("text", "kind"), [
    ("MRN 00482913", "number"), ("mail me at a.b+c@mail.example.org", "email"),
    ("call +49 30 1234567", "phone"), ("call 030-555-1234", "phone"),
    ("see https://example.org/p?q=1.", "url"), ("from 10.20.30.40", "ip"),
])
def test_numbers_contacts_and_addresses(text, kind):
    hits = found(text)
    assert len(hits) == 1 and hits[0][1] == kind
    assert not hits[0][0].endswith(".")


@pytest.mark.parametrize("text", [
    "46,XY,t(9;22)(q34.1;q11.2)[18]/46,XY[2]", "ICD-10 C92.1, ICD-O-3 9875/3, LOINC 6690-2",
    "methotrexate 10 mg IT on days 3, 24", "dose 100-200 mg", "ANC 0.5-1.0 ×10⁹/L",
    "MRD 0.01% (10⁻⁴)", "BCR::ABL1 e14a2 p210", "blinatumomab 9 µg/day then 28 µg/day",
])
def test_clinical_notation_is_not_an_identifier(text):
    assert found(text) == []


def test_denylist_entries_match_whole_words_in_any_case():
    text = "Seen with LI Wei and Olivia; Liwei was not there."
    assert found_with(text, ["Li", "Wei"]) == [("LI", "name"), ("Wei", "name")]


def found_with(text: str, denylist: list[str]) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.kind) for s in scan_text(text, denylist)]


def test_date_forms_cover_the_usual_ways_of_writing_a_date():
    forms = date_forms(dt.date(2023, 4, 8))
    for form in ["2023-04-08", "08/04/2023", "04/08/2023", "8/4/2023", "April 8, 2023",
                 "8 April 2023", "20230408", "2023年4月8日"]:
        assert form in forms
