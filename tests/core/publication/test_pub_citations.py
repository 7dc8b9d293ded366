"""Reading pasted NLM/Vancouver citations and printing them back in Vancouver style."""

from __future__ import annotations

import pytest

from core.model.report import Reference
from core.publication import CitationError, format_vancouver, new_key, parse_citation


def test_brief_example_with_doi_and_pmid() -> None:
    ref = parse_citation(
        "Cao Y, Li X, Wang Z, et al. Blinatumomab for CNS leukemia in adults with relapsed "
        "B-ALL. Front Oncol. 2023;13:1234567. doi:10.3389/fonc.2023.1234567. PMID: 36000000.")
    assert ref.authors == "Cao Y, Li X, Wang Z, et al."
    assert ref.title == "Blinatumomab for CNS leukemia in adults with relapsed B-ALL"
    assert ref.journal == "Front Oncol"
    assert (ref.year, ref.volume, ref.issue, ref.pages) == (2023, "13", None, "1234567")
    assert ref.doi == "10.3389/fonc.2023.1234567"
    assert ref.pmid == "36000000"
    assert ref.key == "cao2023"
    assert ref.citation and ref.citation.startswith("Cao Y, Li X")


def test_pubmed_nlm_with_month_issue_epub_and_pmcid() -> None:
    ref = parse_citation(
        "Topp MS, Gökbuget N, Stein AS, Zugmaier G, O'Brien S, Bargou RC, Dombret H, Fielding "
        "AK, Heffner L, Larson RA. Safety and activity of blinatumomab for adult patients with "
        "relapsed or refractory B-precursor acute lymphoblastic leukaemia: a multicentre, "
        "single-arm, phase 2 study. Lancet Oncol. 2015 Jan;16(1):57-66. doi: "
        "10.1016/S1470-2045(14)71170-2. Epub 2014 Dec 16. PMID: 25524800; PMCID: PMC4321234.")
    assert ref.authors is not None and ref.authors.startswith("Topp MS, Gökbuget N")
    assert ref.title.endswith("a multicentre, single-arm, phase 2 study")  # type: ignore[union-attr]
    assert ref.journal == "Lancet Oncol"
    assert (ref.year, ref.volume, ref.issue, ref.pages) == (2015, "16", "1", "57-66")
    assert ref.doi == "10.1016/S1470-2045(14)71170-2"
    assert ref.pmid == "25524800"
    assert ref.key == "topp2015"


def test_icmje_vancouver_without_period_after_journal_or_doi() -> None:
    ref = parse_citation("Kantarjian H, Stein A, Gökbuget N, et al. Blinatumomab versus "
                         "chemotherapy for advanced acute lymphoblastic leukemia. N Engl J Med "
                         "2017;376:836-47")
    assert ref.journal == "N Engl J Med"
    assert (ref.year, ref.volume, ref.issue, ref.pages) == (2017, "376", None, "836-47")
    assert ref.doi is None and ref.pmid is None
    assert ref.authors == "Kantarjian H, Stein A, Gökbuget N, et al."


def test_e_pages_numbered_list_and_doi_link() -> None:
    ref = parse_citation("12. van der Velden VH, Pui CH. Is CNS-directed therapy still needed? "
                         "Blood Adv. 2021 Mar 9;5(5):e123-e130. https://doi.org/10.1182/"
                         "bloodadvances.2020003333")
    assert ref.authors == "van der Velden VH, Pui CH"
    assert ref.title == "Is CNS-directed therapy still needed?"
    assert ref.journal == "Blood Adv"
    assert (ref.volume, ref.issue, ref.pages) == ("5", "5", "e123-e130")
    assert ref.doi == "10.1182/bloodadvances.2020003333"
    assert ref.key == "vandervelden2021"


def test_ahead_of_print_year_only_and_bracket_number() -> None:
    ref = parse_citation("[3] Lee K. Intrathecal therapy in adults. Leukemia. 2024.")
    assert (ref.authors, ref.title, ref.journal, ref.year) == (
        "Lee K", "Intrathecal therapy in adults", "Leukemia", 2024)
    assert ref.volume is None and ref.pages is None


def test_supplement_and_trailing_period_variants() -> None:
    a = parse_citation("Pui CH, Evans WE. A 50-year journey to cure childhood acute "
                       "lymphoblastic leukemia. Semin Hematol. 2013;50(3):185-96.")
    b = parse_citation("Pui CH, Evans WE. A 50-year journey to cure childhood acute "
                       "lymphoblastic leukemia. Semin Hematol. 2013;50(3):185-96")
    assert a.model_dump(exclude={"citation"}) == b.model_dump(exclude={"citation"})
    s = parse_citation("Smith J. CNS relapse. Blood. 2019;134 Suppl 1:S12.")
    assert (s.volume, s.pages) == ("134 Suppl 1", "S12")


def test_key_is_unique_in_the_case() -> None:
    text = "Cao Y. Title one. Blood. 2023;1:1."
    assert parse_citation(text, taken=["cao2023"]).key == "cao2023a"
    assert parse_citation(text, taken=["cao2023", "Cao2023a"]).key == "cao2023b"
    assert new_key(Reference(title="Report of the WHO", year=2022)) == "report2022"
    assert new_key(Reference()) == "ref"


def test_title_with_vs_and_no_authors_and_a_group_author() -> None:
    ref = parse_citation("Blinatumomab vs. chemotherapy in B-ALL: a review. Blood Adv. "
                         "2021;5(3):e123.")
    assert (ref.authors, ref.title) == (None, "Blinatumomab vs. chemotherapy in B-ALL: a review")
    assert ref.key == "blinatumomab2021"
    group = parse_citation("Children's Oncology Group. CNS-directed therapy in ALL. J Clin "
                           "Oncol. 2019 Nov 20;37(33):3107-3118")
    assert group.authors == "Children's Oncology Group" and group.key == "childrens2019"
    assert (group.volume, group.issue, group.pages) == ("37", "33", "3107-3118")


def test_pubmed_with_erratum_after_the_pmid() -> None:
    ref = parse_citation(
        "Gökbuget N, Dombret H, Bonifacio M, et al. Blinatumomab for minimal residual disease "
        "in adults with B-cell precursor acute lymphoblastic leukemia. Blood. 2018 Apr "
        "5;131(14):1522-1531. doi: 10.1182/blood-2017-08-798322. Epub 2018 Jan 22. Erratum in: "
        "Blood. 2019 Jun 13;133(24):2625. PMID: 29358182; PMCID: PMC6027091.")
    assert (ref.journal, ref.year, ref.volume, ref.issue, ref.pages) == (
        "Blood", 2018, "131", "14", "1522-1531")
    assert (ref.doi, ref.pmid, ref.key) == ("10.1182/blood-2017-08-798322", "29358182",
                                            "gokbuget2018")


@pytest.mark.parametrize("text, words", [
    ("WHO Classification of Tumours Editorial Board. Haematolymphoid tumours. Lyon: IARC; 2022.",
     "looks like a book"),
    ("", "Nothing to read"),
    ("   \n ", "Nothing to read"),
    ("The patient improved after blinatumomab.", "does not look like a journal citation"),
    ("PMID: 36000000", "does not look like a journal citation"),
    ("https://doi.org/10.3389/fonc.2023.1234567", "does not look like a journal citation"),
    ("Cao Y. One. Blood. 2023;1:1. PMID: 1\nLee K. Two. Blood. 2022;2:2. PMID: 2",
     "2 citations"),
    ("Blood. 2023;13:1234567.", "authors and title"),
    ("Cao Y. Title. Blood. 2023;1:1. " + "More text. " * 400, "too long for one citation"),
])
def test_text_that_is_not_one_citation(text: str, words: str) -> None:
    with pytest.raises(CitationError, match=words):
        parse_citation(text)


def test_format_vancouver() -> None:
    ref = parse_citation("Cao Y, Li X, Wang Z, et al. Blinatumomab for CNS leukemia. Front "
                         "Oncol. 2023;13(2):1234567. doi:10.3389/fonc.2023.1234567. PMID: 1.")
    assert format_vancouver(ref) == ("Cao Y, Li X, Wang Z, et al. Blinatumomab for CNS "
                                     "leukemia. Front Oncol. 2023;13(2):1234567. "
                                     "doi:10.3389/fonc.2023.1234567")
    many = Reference(authors="A A, B B, C C, D D, E E, F F, G G", title="Why?", journal="Blood",
                     year=2020, volume="1", pages="1-2")
    assert format_vancouver(many) == "A A, B B, C C, D D, E E, F F, et al. Why? Blood. 2020;1:1-2."
    assert format_vancouver(Reference(citation="Only as pasted.")) == "Only as pasted."


def test_round_trip_through_vancouver() -> None:
    original = parse_citation("Topp MS, Gökbuget N. Blinatumomab in CNS relapse. Lancet "
                              "Oncol. 2015 Jan;16(1):57-66. doi: 10.1016/S1470-2045(14)71170-2.")
    again = parse_citation(format_vancouver(original))
    keep = {"authors", "title", "journal", "year", "volume", "issue", "pages", "doi"}
    assert again.model_dump(include=keep) == original.model_dump(include=keep)
