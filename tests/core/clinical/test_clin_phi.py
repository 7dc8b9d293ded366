"""The identifier scan (§9.3) shared by rule V57 and the de-identified PDF."""

from __future__ import annotations

import pytest

from core.clinical import identifier_values, mask_text, scan_text
from core.model import Case


@pytest.mark.parametrize("text, kind, found", [
    ("seen 2023-04-18", "date", "2023-04-18"),
    ("seen 18/04/2023", "date", "18/04/2023"),
    ("seen 04/18/2023 at clinic", "date", "04/18/2023"),
    ("seen 18.04.23", "date", "18.04.23"),
    ("on April 18, 2023 he", "date", "April 18, 2023"),
    ("on 18 April 2023 he", "date", "18 April 2023"),
    ("on April 18 he", "date", "April 18"),
    ("since March 2023", "date", "March 2023"),
    ("入院 2023年4月18日", "date", "2023年4月18日"),
    ("call +86 512 6778 0000", "phone", "+86 512 6778 0000"),
    ("call (555) 123-4567", "phone", "(555) 123-4567"),
    ("call 555-123-4567", "phone", "555-123-4567"),
    ("Fax: 0512 6778 1234", "phone", "Fax: 0512 6778 1234"),
    # found in a real window: a de-identified PDF kept "call 0601 234 567"
    ("call 0601 234 567.", "phone", "0601 234 567"),
    ("her daughter (0601 234 567) came", "phone", "0601 234 567"),
    ("GP on 020 7946 0958", "phone", "020 7946 0958"),
    ("mobile 06 12 34 56 78", "phone", "mobile 06 12 34 56 78"),
    ("mail dr.wang@hospital.cn", "email", "dr.wang@hospital.cn"),
    ("see https://example.org/case?id=3", "url", "https://example.org/case?id=3"),
    ("see www.hospital.com", "url", "www.hospital.com"),
    ("host 192.168.1.10", "ip", "192.168.1.10"),
    ("host 2001:db8::ff00:42:8329", "ip", "2001:db8::ff00:42:8329"),
    ("MRN 12345678", "number", "12345678"),
    ("SSN 123-45-6789", "number", "123-45-6789"),
    ("lives at 12 Main Street", "address", "12 Main Street"),
    ("ZIP 94110", "address", "ZIP 94110"),
])
def test_finds_identifiers(text, kind, found):
    hits = scan_text(text)
    assert [(h.kind, h.text) for h in hits] == [(kind, found)]
    assert text[hits[0].start:hits[0].end] == found


@pytest.mark.parametrize("text", [
    "46,XY,t(9;22)(q34.1;q11.2)[18]/46,XY[2]", "BCR::ABL1 and ETV6::RUNX1 fusions",
    "MTX 10 mg / Ara-C 50 mg / Dex 5 mg", "MRD 0.000032 and 10,000 copies", "version 1.0.0",
    "blinatumomab 9 -> 28 ug/d, d120–d150", "ANC 0.7 x10^9/L on day 186", "in 2023 only",
    "p.Thr315Ile", "at 12:30:45", "MRD 0.01 0.001 0.0001 over 3 samples",
    "doses 0 10 20 40 mg", "ECOG 0 1 1 2 on days 0 14 28 56", "called 3 times in 24 h",
    "contacted on day 12", "cycles 01 02 03 04",
])
def test_clinical_text_is_not_flagged(text):
    assert scan_text(text) == []


def test_denylist_names_are_whole_words_in_any_case():
    hits = scan_text("Mr Wang Lei, seen by Dr WANG. Wangxi is a place.", ["Wang Lei", "Wang"])
    assert [(h.kind, h.text) for h in hits] == [("name", "Wang Lei"), ("name", "WANG")]


def test_identifier_values_and_masking():
    case = Case(patient={"name": "Wang Lei", "record_number": "MRN-0042",
                         "birth_date": "1989-04-18"})
    values = identifier_values(case)
    assert {"Wang Lei", "Wang", "Lei", "MRN-0042", "1989-04-18", "18/04/1989", "04/18/1989",
            "18 April 1989", "April 18, 1989", "19890418"} <= set(values)
    text = "Wang Lei (MRN-0042), born April 18, 1989."
    hits = scan_text(text, values)
    assert mask_text(text, hits) == "[removed] ([removed]), born [removed]."


def test_partial_birth_dates_give_month_forms_and_years_none():
    assert "April 1989" in identifier_values(Case(patient={"birth_date": "1989-04"}))
    assert identifier_values(Case(patient={"birth_date": "1989"})) == []
