"""A clinician's phrase that finds nothing (stranger run): "cytokine release syndrome grade 2
blinatumomab" got 0 hits and no word more, while "CRS grade 2" offered ae:crs>=2. A CTCAE term
typed in words (or a related word: neutropenia) with a grade gets the ae: filter; a search of
several words with no other hint names the words no case holds and offers the search without
them, in the service's result and on `casebook search`'s stderr."""

from __future__ import annotations

import pytest

from core.cli import main as cli_main
from core.model import Case
from core.search.grade_hint import grade_hint
from core.search.parser import parse


@pytest.fixture
def refs(casebook, reference_cases):
    """The reference cases: one has CRS of grade 1, both hold blinatumomab and relapse."""
    casebook.cases.import_cases(reference_cases, source="test")
    return casebook


@pytest.mark.parametrize(("typed", "fixed", "named"), [
    ("cytokine release syndrome grade 2 blinatumomab", "ae:crs>=2 blinatumomab",
     "Cytokine release syndrome"),
    ("Cytokine Release Syndrome G2", "ae:crs>=2", "Cytokine release syndrome"),
    ("febrile neutropenia grade 3", "ae:fn>=3", "Febrile neutropenia"),
    ("grade 3 immune effector cell-associated neurotoxicity syndrome relapse",
     "ae:icans>=3 relapse", "Immune effector cell-associated neurotoxicity syndrome"),
    ("neutropenia grade 4", 'ae:"neutrophil count decreased">=4', "Neutrophil count decreased"),
    ("AKI grade 2", 'ae:"acute kidney injury">=2', "Acute kidney injury"),
])
def test_a_term_in_words_with_a_grade_gets_the_filter(typed, fixed, named):
    hint, better = grade_hint(parse(typed), typed)
    assert better == fixed
    at_least = fixed.split(" relapse")[0].split(" blinatumomab")[0]
    grade = at_least[-1]
    only = at_least.replace(">=", "=")
    assert hint == (f"Did you mean {at_least} ({named} of grade {grade} or more) or "
                    f"{only} (grade {grade} only)?")


@pytest.mark.parametrize("typed", ["transaminitis grade 3", "relapse grade 2",
                                   "cytokine release syndrome 2", "cytokine syndrome grade 2"])
def test_no_grade_hint_without_one_event_a_grade_word_and_a_grade(typed):
    """transaminitis is ALT or AST increased: no one filter."""
    assert grade_hint(parse(typed), typed) is None


def test_the_search_offers_the_filter_for_the_phrase(refs):
    result = refs.search.search("cytokine release syndrome grade 1")
    assert result.total == 0
    assert result.filter_hints == [
        "Did you mean ae:crs>=1 (Cytokine release syndrome of grade 1 or more) or ae:crs=1 "
        "(grade 1 only)?"]
    assert result.suggestion == "ae:crs>=1"
    assert refs.search.search(result.suggestion).total == 1
    typed = refs.search.search("cytokine release syndrome grade 2 blinatumomab",
                               as_you_type=True)
    assert typed.total == 0 and typed.suggestion == "ae:crs>=2 blinatumomab"


def test_words_no_case_holds_are_named_and_left_out(refs):
    result = refs.search.search("blinatumomab zzzz relapse")
    assert result.total == 0
    assert result.word_hint == ('No case holds all 3 words: none holds "zzzz". Search '
                                   'blinatumomab relapse (2 cases)?')
    assert result.filter_hints == []
    assert result.suggestion == "blinatumomab relapse"
    assert refs.search.search(result.suggestion).total == 2


def test_a_shortened_word_is_kept_as_a_prefix(refs):
    result = refs.search.search("blina relapse")
    assert result.word_hint == ('No case holds both words: "blina" only as the start of a '
                                   'longer word. Search blina* relapse (2 cases)?')
    assert result.suggestion == "blina* relapse"


def test_words_each_held_but_not_together(casebook):
    casebook.cases.save_case(Case(case_report={"title": "Relapse after ponatinib"}))
    casebook.cases.save_case(Case(case_report={"title": "Remission on venetoclax"}))
    result = casebook.search.search("ponatinib venetoclax relapse")
    assert result.total == 0
    assert result.word_hint == ('No case holds all 3 words together; without "venetoclax", '
                                   '1 case matches. Search ponatinib relapse (1 case)?')
    assert casebook.search.search(result.suggestion).total == 1


def test_no_word_hint_for_one_word_hits_or_a_typo(refs):
    assert refs.search.search("zzzz").word_hint is None
    assert refs.search.search("blinatumomab relapse").word_hint is None
    typo = refs.search.search("blinatumumab relapse")
    assert typo.suggestion == "blinatumomab relapse" and typo.word_hint is None
    graded = refs.search.search("CRS grade 2 relapse")  # the grade's hint is the one said
    assert graded.filter_hints and graded.word_hint is None


def test_command_line_prints_the_hints(refs, capsys):
    assert cli_main(["search", "cytokine", "release", "syndrome", "grade", "2",
                     "blinatumomab"]) == 0
    err = capsys.readouterr().err
    assert ("Did you mean ae:crs>=2 (Cytokine release syndrome of grade 2 or more) or "
            "ae:crs=2 (grade 2 only)?") in err.splitlines()
    assert cli_main(["search", "blinatumomab", "zzzz", "relapse"]) == 0
    err = capsys.readouterr().err
    assert ('No case holds all 3 words: none holds "zzzz". Search blinatumomab relapse '
            '(2 cases)?') in err.splitlines()
    assert "Did you mean" not in err and "did you mean" not in err


def test_command_line_prefers_its_prefix_line(refs, capsys):
    """Words read whole: a form with * that finds cases is said as before, not twice."""
    assert cli_main(["search", "blina", "relapse"]) == 0
    err = capsys.readouterr().err
    assert '"blina relapse*" (as a prefix)' not in err  # relapse* alone does not help
    assert '"blina* relapse*" (as prefixes) matches' in err
    assert "No case holds both words" not in err
