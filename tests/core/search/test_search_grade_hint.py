"""Words that read as an adverse event's grade ("CRS grade 2") find nothing as text; the
search names the filter that finds them (ae:crs>=2, ae:crs=2), in the service's result and on
`casebook search`'s stderr, and the spelling suggestion never "corrects" grade to grande."""

from __future__ import annotations

import pytest

from core.cli import main as cli_main
from core.search.grade_hint import grade_hint
from core.search.parser import parse


@pytest.fixture
def refs(casebook, reference_cases):
    """The reference cases (one has CRS of grade 1; none holds the words "CRS grade 1")."""
    casebook.cases.import_cases(reference_cases, source="test")
    return casebook


CRS2 = "Did you mean ae:crs>=2 (CRS of grade 2 or more) or ae:crs=2 (grade 2 only)?"


@pytest.mark.parametrize(("typed", "hint", "fixed"), [
    ("CRS grade 2", CRS2, "ae:crs>=2"),
    ("ICANS grade 3", "Did you mean ae:icans>=3 (ICANS of grade 3 or more) or ae:icans=3 "
     "(grade 3 only)?", "ae:icans>=3"),
    ("grade 3 CRS", "Did you mean ae:crs>=3 (CRS of grade 3 or more) or ae:crs=3 "
     "(grade 3 only)?", "ae:crs>=3"),
    ("CRS G2 blinatumomab", CRS2, "ae:crs>=2 blinatumomab"),
])
def test_grade_words_get_the_filter(typed, hint, fixed):
    assert grade_hint(parse(typed), typed) == (hint, fixed)


@pytest.mark.parametrize("typed", ["CRS 2", "grade 2", "-CRS grade 2", '"CRS grade 2"',
                                   "CRS grade 7", "relapse grade"])
def test_no_grade_hint_without_an_event_a_grade_word_and_a_grade(typed):
    assert grade_hint(parse(typed), typed) is None


def test_the_search_result_holds_the_hint_and_the_filter(refs):
    result = refs.search.search("CRS grade 1")
    assert result.total == 0
    assert result.filter_hints == ["Did you mean ae:crs>=1 (CRS of grade 1 or more) or "
                                   "ae:crs=1 (grade 1 only)?"]
    assert result.suggestion == "ae:crs>=1"
    assert refs.search.search(result.suggestion).total == 1  # the filter finds the case
    assert refs.search.search("ae:crs=1").total == 1


def test_grade_is_never_corrected(refs):
    """Alone (no event named), "grade" is left as it is: no "grande", no "gradec"."""
    result = refs.search.search("grade 2 zzzz")
    assert result.total == 0 and "grande" not in str(result.suggestion)
    assert "gradec" not in str(result.suggestion)


def test_command_line_shows_the_same_hint(refs, capsys):
    assert cli_main(["search", "CRS", "grade", "2"]) == 0
    err = capsys.readouterr().err
    assert CRS2 in err.splitlines()
    assert "gradec" not in err and "grande" not in err
