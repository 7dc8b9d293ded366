"""`casebook search blinat` printed "0 case(s)" and nothing more while the app, reading the last
typed word as a prefix, found the cases. The command line keeps whole words and says which
prefix form would match; the count is that of the whole query, its filters included."""

from __future__ import annotations

from core.cli import main as cli_main
from tests.core.search.conftest import REF1, REF2


def stderr_of(capsys, *query: str) -> str:
    assert cli_main(["search", *query]) == 0
    return capsys.readouterr().err


def test_a_word_that_matches_as_a_prefix_is_said(filled, capsys):
    expected = filled.search.search("blinat", as_you_type=True).total  # what the app finds
    assert expected >= 2
    assert filled.search.search("blinat").total == 0  # whole words, as before
    err = stderr_of(capsys, "blinat")
    assert "0 case(s)." in err  # before: this line alone
    assert (f'No case matches "blinat"; "blinat*" (as a prefix) matches {expected} cases.'
            in err.splitlines())


def test_the_filters_count_in_the_prefix_form(filled, capsys):
    found = filled.search.search("cns:CNS3 blinat*")
    assert {h.case_id for h in found.hits} >= {REF1, REF2}
    err = stderr_of(capsys, "cns:CNS3", "blinat")
    assert (f'No case matches "cns:CNS3 blinat"; "cns:CNS3 blinat*" (as a prefix) matches '
            f"{found.total} cases." in err.splitlines())
    narrowed = filled.search.search("sex:f blinat*").total
    assert 0 < narrowed < filled.search.search("blinat*").total
    err = stderr_of(capsys, "sex:f", "blinat")  # the filter's count, not the word's alone
    assert f'"sex:f blinat*" (as a prefix) matches {narrowed} case' in err
    err = stderr_of(capsys, "age:>=90", "blinat")  # no such case, whatever the word
    assert filled.search.search("age:>=90 blinat*").total == 0
    assert "prefix" not in err and "0 case(s)." in err


def test_the_last_word_first_then_every_word(filled, capsys):
    last = filled.search.search("blinatumomab relap*").total
    assert last
    err = stderr_of(capsys, "blinatumomab", "relap")
    assert f'"blinatumomab relap*" (as a prefix) matches {last} ' in err
    every = filled.search.search("blinat* relap*").total
    err = stderr_of(capsys, "blinat", "relap")
    assert f'"blinat* relap*" (as prefixes) matches {every} ' in err


def test_nothing_is_said_when_no_prefix_helps(filled, capsys):
    err = stderr_of(capsys, "qqqqxzzzv")
    assert "prefix" not in err and "0 case(s)." in err
    err = stderr_of(capsys, "blinatumomab")  # hits: nothing to add
    assert "prefix" not in err
    err = stderr_of(capsys, "--", "-blinat", "relapse")  # an exclusion is never made a prefix
    assert "blinat*" not in err
